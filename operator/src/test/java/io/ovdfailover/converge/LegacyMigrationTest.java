package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec.LegacyHeartbeatAction;
import io.ovdfailover.hosts.UnitState;
import io.ovdfailover.steps.Checkpoints;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.testsupport.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * spec.legacyHeartbeat Migrate: where the legacy pair's Heartbeat is taken out, and that nothing
 * before the switch touches it.
 */
class LegacyMigrationTest {
  static OvdFailoverClusterSpec migrate() {
    OvdFailoverClusterSpec spec = Samples.cluster("ns", "lab").getSpec();
    spec.legacyHeartbeat = LegacyHeartbeatAction.Migrate;
    return spec;
  }

  /** The lab's cluster formed around a Heartbeat pair that still serves from osm1. */
  static SiteFacts formedBesideHeartbeat() {
    SiteFacts site = SiteFacts.converged();
    for (String sm : List.of("osm1", "osm2")) {
      site.installed(sm, "heartbeat", "1:3.0.6-13")
          .publicFile(sm, LegacyHeartbeat.HARESOURCES, LegacySetupStageTest.HARESOURCES)
          .unitState(sm, "heartbeat", new UnitState("loaded", "enabled", "active", "running"))
          .unitState(sm, "memcached", new UnitState("loaded", "enabled", "active", "running"));
    }
    return site;
  }

  @Test
  void theMigrationFormsTheClusterBeforeTheReplicaAndSwitchesRightBeforeTheResources() {
    List<String> names =
        Procedures.forSpec(migrate(), null, Checkpoints.NONE).stream().map(Stage::name).toList();
    assertThat(names)
        .containsSubsequence(
            "legacy setup",
            "packages",
            "database",
            "cluster formation",
            "legacy standby",
            "replica",
            "legacy switch",
            "cluster handover",
            "resources",
            "join second session manager");
    // the build keeps its order, and has no legacy stages but the first
    List<String> build =
        Procedures.forSpec(Samples.cluster("ns", "lab").getSpec(), null, Checkpoints.NONE).stream()
            .map(Stage::name)
            .toList();
    assertThat(build).containsSubsequence("replica", "database", "cluster formation");
    assertThat(build).doesNotContain("legacy standby", "legacy switch");
  }

  @Test
  void withMigrateTheFirstStageLetsTheBuildGoOnUnlessThePairServesFromOsm2() {
    Pass onOsm1 = formedBesideHeartbeat().pass(migrate());
    assertThat(new LegacySetupStage().plan(onOsm1)).isInstanceOf(StagePlan.Converged.class);
    assertThat(new LegacySetupStage().findings(onOsm1))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).startsWith("migrating, serving until the switch"));

    SiteFacts onOsm2 = LegacySetupStageTest.legacyPair().vipOn("osm2");
    assertThat(new LegacySetupStage().plan(onOsm2.pass(migrate())))
        .isInstanceOfSatisfying(
            StagePlan.Blocked.class,
            b -> assertThat(b.why()).contains("serves from osm2", "hb_takeover"));
  }

  @Test
  void theStandbysHeartbeatStopsWithoutDowntimeWhileOsm1Serves() {
    Pass pass = formedBesideHeartbeat().pass(migrate());
    assertThat(pass.situation().mayHoldResources("osm2"))
        .as("a node running Heartbeat may take the VIP")
        .isTrue();
    assertThat(new LegacyMigration.Standby().plan(pass))
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c -> {
              assertThat(c.downtime()).isEmpty();
              assertThat(c.rows())
                  .singleElement()
                  .satisfies(
                      r -> {
                        assertThat(r.node()).isEqualTo("osm2");
                        assertThat(r.action()).contains("standby", "disable Heartbeat at boot");
                      });
            });
    // with Keep, nothing
    assertThat(new LegacyMigration.Standby().plan(formedBesideHeartbeat().pass()))
        .isInstanceOf(StagePlan.Converged.class);
  }

  @Test
  void theSwitchWaitsForDowntimeAndRetiresHeartbeatAndMemcache() {
    SiteFacts site =
        formedBesideHeartbeat()
            .unitState("osm2", "heartbeat", LegacySetupStageTest.stopped("disabled"));
    StagePlan plan = new LegacyMigration.Switch().plan(site.pass(migrate()));
    assertThat(plan)
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c -> {
              assertThat(c.downtime())
                  .hasValueSatisfying(
                      d -> assertThat(d).contains("from Heartbeat to Pacemaker", "log in again"));
              assertThat(c.rows())
                  .extracting(Plan.Row::node, Plan.Row::downtime)
                  .contains(
                      org.assertj.core.groups.Tuple.tuple("osm1", true),
                      org.assertj.core.groups.Tuple.tuple("osm2", false));
              assertThat(c.rows().get(0).action()).contains("releases the VIP");
              assertThat(c.rows())
                  .anyMatch(r -> r.node().equals("osm2") && r.action().contains("memcached"));
            });
  }

  @Test
  void theSwitchIsHeldWithoutAQuorateClusterOnOsm1() {
    SiteFacts site = LegacySetupStageTest.legacyPair().vipOn("osm1");
    assertThat(new LegacyMigration.Switch().plan(site.pass(migrate())))
        .isInstanceOfSatisfying(
            StagePlan.Held.class, h -> assertThat(h.why()).contains("Heartbeat keeps serving"));
  }

  @Test
  void afterTheSwitchNothingIsLeft() {
    SiteFacts site = formedBesideHeartbeat();
    for (String sm : List.of("osm1", "osm2")) {
      site.unitState(sm, "heartbeat", LegacySetupStageTest.stopped("disabled"))
          .unitState(sm, "memcached", LegacySetupStageTest.stopped("disabled"));
    }
    Pass pass = site.pass(migrate());
    assertThat(new LegacyMigration.Standby().plan(pass)).isInstanceOf(StagePlan.Converged.class);
    assertThat(new LegacyMigration.Switch().plan(pass)).isInstanceOf(StagePlan.Converged.class);
    assertThat(new LegacySetupStage().plan(pass)).isInstanceOf(StagePlan.Converged.class);
  }
}
