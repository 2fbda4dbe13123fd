package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec.LegacyPairAction;
import io.ovdfailover.hosts.UnitState;
import io.ovdfailover.steps.Checkpoints;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.testsupport.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * spec.legacyPair Migrate: where the legacy pair's Heartbeat is taken out, and that nothing before
 * the switch touches it.
 */
class LegacyMigrationTest {
  static OvdFailoverClusterSpec migrate() {
    OvdFailoverClusterSpec spec = Samples.cluster("ns", "lab").getSpec();
    spec.legacyPair = LegacyPairAction.Migrate;
    return spec;
  }

  /** The lab's cluster formed around a Heartbeat pair that still serves from osm1. */
  static SiteFacts formedBesideHeartbeat() {
    SiteFacts site = SiteFacts.converged();
    for (String sm : List.of("osm1", "osm2")) {
      site.installed(sm, "heartbeat", "1:3.0.6-13")
          .installed(sm, "php-memcache", "8.2+4.0.5.2")
          .path(
              sm,
              LegacyHeartbeat.OSM_INOTIFY,
              new io.ovdfailover.hosts.PathState.RegularFile("ab12", "0755", "root", "root"))
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
            "cluster handover",
            "resources",
            "legacy retirement",
            "join second session manager");
    // the build keeps its order, and has no legacy stages but the first
    List<String> build =
        Procedures.forSpec(Samples.cluster("ns", "lab").getSpec(), null, Checkpoints.NONE).stream()
            .map(Stage::name)
            .toList();
    assertThat(build).containsSubsequence("replica", "database", "cluster formation");
    assertThat(build).doesNotContain("legacy standby", "legacy retirement");
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
  void theSwitchIsPartOfTheResourcesPushWaitsForDowntimeAndUndoesAFailedPush() {
    SiteFacts site =
        formedBesideHeartbeat()
            .unitState("osm2", "heartbeat", LegacySetupStageTest.stopped("disabled"));
    Pass pass = site.pass(migrate());
    ResourcesStage resources = new ResourcesStage(Checkpoints.NONE, LegacyMigration::takeover);
    assertThat(resources.plan(pass))
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c -> {
              assertThat(c.downtime())
                  .hasValueSatisfying(d -> assertThat(d).contains("from Heartbeat to Pacemaker"));
              assertThat(c.rows().get(0))
                  .satisfies(
                      r -> {
                        assertThat(r.node()).isEqualTo("osm1");
                        assertThat(r.downtime()).isTrue();
                        assertThat(r.action()).contains("releases the VIP", "a failed push");
                      });
            });
    ResourcesStage.Takeover t = LegacyMigration.takeover(pass).orElseThrow();
    String script =
        io.ovdfailover.pacemaker.CibPush.command(
                List.of(
                    new io.ovdfailover.pacemaker.CibChange.SetProperty("stonith-enabled", "false")),
                null,
                t.around())
            .script();
    // the slow pcs -f edits first, Heartbeat's stop right before the push, its disable after it
    assertThat(script)
        .containsSubsequence(
            "pcs -f",
            "if ! { systemctl stop heartbeat",
            "systemctl start cron",
            "|| ! pcs cluster cib-push",
            "systemctl start heartbeat",
            "exit 1",
            "fi",
            "systemctl disable heartbeat");
    // with Keep, or once Heartbeat is stopped, nothing to take over
    assertThat(LegacyMigration.takeover(site.pass())).isEmpty();
    // stopped but still enabled (a switch whose undo failed): taken over again, its undo with it
    SiteFacts enabled =
        site.unitState("osm1", "heartbeat", LegacySetupStageTest.stopped("enabled"));
    assertThat(LegacyMigration.takeover(enabled.pass(migrate()))).isPresent();
    SiteFacts retired =
        site.unitState("osm1", "heartbeat", LegacySetupStageTest.stopped("disabled"));
    assertThat(LegacyMigration.takeover(retired.pass(migrate()))).isEmpty();
  }

  @Test
  void afterTheSwitchMemcacheAndAnEnabledHeartbeatRetire() {
    SiteFacts site = formedBesideHeartbeat();
    site.unitState("osm2", "heartbeat", LegacySetupStageTest.stopped("disabled"))
        .unitState("osm1", "heartbeat", LegacySetupStageTest.stopped("enabled"));
    assertThat(new LegacyMigration.Retirement().plan(site.pass(migrate())))
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c -> {
              assertThat(c.downtime()).isEmpty();
              assertThat(c.rows())
                  .extracting(Plan.Row::node)
                  .containsExactly("osm1", "osm1", "osm1", "osm2", "osm2");
              assertThat(c.rows())
                  .anyMatch(r -> r.action().contains("log in again"))
                  .anyMatch(r -> r.action().contains("stop memcached"));
            });
  }

  @Test
  void theStandbyWaitsForTheClusterOnOsm1() {
    SiteFacts site = LegacySetupStageTest.legacyPair().vipOn("osm1");
    assertThat(new LegacyMigration.Standby().plan(site.pass(migrate())))
        .isInstanceOfSatisfying(
            StagePlan.Held.class, h -> assertThat(h.why()).contains("cluster formation"));
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
    assertThat(new LegacyMigration.Retirement().plan(pass)).isInstanceOf(StagePlan.Converged.class);
    assertThat(LegacyMigration.takeover(pass)).isEmpty();
    assertThat(new LegacySetupStage().plan(pass)).isInstanceOf(StagePlan.Converged.class);
  }

  /** The legacy guide's EL7 variant: the cluster "osmha" of osm1 and osm2, serving from osm2. */
  static SiteFacts osmha() {
    SiteFacts site = SiteFacts.bare();
    for (String sm : List.of("osm1", "osm2")) {
      site.member(sm, List.of("osm1", "osm2"), true, "osmha");
    }
    return site.vipOn("osm2");
  }

  @Test
  void theEl7TwoNodeClusterIsReportedWithKeepAndDissolvedStandbyFirstWithMigrate() {
    StagePlan keep = new LegacySetupStage().plan(osmha().pass());
    assertThat(keep)
        .isInstanceOfSatisfying(
            StagePlan.Blocked.class,
            b ->
                assertThat(b.why())
                    .contains(
                        "two-node Pacemaker cluster",
                        "Pacemaker cluster 'osmha' of [osm1, osm2] (running on [osm1, osm2])",
                        "VIP on osm2",
                        "spec.legacyPair: Migrate"));
    assertThat(new LegacySetupStage().findings(osmha().pass()))
        .singleElement()
        .satisfies(f -> assertThat(f.subject()).isEqualTo("legacy Pacemaker pair"));
    assertThat(new LegacyMigration.Dissolve().plan(osmha().pass()))
        .isInstanceOf(StagePlan.Converged.class);

    Pass migrating = osmha().pass(migrate());
    assertThat(new LegacySetupStage().plan(migrating)).isInstanceOf(StagePlan.Converged.class);
    assertThat(new LegacyMigration.Dissolve().plan(migrating))
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c -> {
              assertThat(c.downtime())
                  .hasValueSatisfying(
                      d -> assertThat(d).contains("'osmha' is dissolved", "from its stop on osm2"));
              // the node that serves goes last
              assertThat(c.rows())
                  .extracting(Plan.Row::node, Plan.Row::downtime)
                  .containsExactly(
                      org.assertj.core.groups.Tuple.tuple("osm1", false),
                      org.assertj.core.groups.Tuple.tuple("osm2", true));
            });
  }

  @Test
  void aForeignClusterWithMoreThanTheTwoSessionManagersIsNotTheLegacyPair() {
    SiteFacts site = SiteFacts.bare();
    for (String n : List.of("osm1", "osm2", "pcs3")) {
      site.member(n, List.of("osm1", "osm2", "pcs3"), true, "other");
    }
    assertThat(new LegacySetupStage().plan(site.pass(migrate())))
        .isInstanceOf(StagePlan.Converged.class);
    assertThat(new LegacyMigration.Dissolve().plan(site.pass(migrate())))
        .isInstanceOf(StagePlan.Converged.class);
  }

  @Test
  void aCurrentDesignClusterUnderAnotherNameOrWithAQuorumDeviceIsNotTheLegacyPair() {
    SiteFacts adopted = SiteFacts.bare();
    for (String sm : List.of("osm1", "osm2")) {
      adopted.member(sm, List.of("osm1.priv", "osm2.priv"), true, "site-name");
    }
    assertThat(LegacyCluster.read(adopted.pass(migrate()))).isEmpty();
    assertThat(new LegacyMigration.Dissolve().plan(adopted.pass(migrate())))
        .isInstanceOf(StagePlan.Converged.class);
  }

  @Test
  void withMigrateASitesOwnMemcachedIsLeftAloneWhereTheLegacyGuideNeverWas() {
    SiteFacts site = SiteFacts.converged();
    for (String sm : List.of("osm1", "osm2")) {
      site.installed(sm, "php-memcache", "8.2+4.0.5.2")
          .unitState(sm, "memcached", new UnitState("loaded", "enabled", "active", "running"));
    }
    assertThat(new LegacyMigration.Retirement().plan(site.pass(migrate())))
        .isInstanceOf(StagePlan.Converged.class);
  }
}
