package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.testsupport.Samples;
import org.junit.jupiter.api.Test;

/** Appendix 3's four stages, planned from the converged lab's facts (nothing runs). */
class OvdUpgradeTest {
  static final String PKG = OvdFailoverClusterSpec.DEFAULT_SESSION_MANAGER_PACKAGE;
  static final PathState FILE = new PathState.RegularFile("e3b0", "0644", "root", "root");

  static OvdFailoverClusterSpec spec(String version) {
    OvdFailoverClusterSpec s = Samples.cluster("ns", "lab").getSpec();
    s.ovdVersion = version;
    return s;
  }

  static SiteFacts site(String osm1, String osm2) {
    return SiteFacts.converged().installed("osm1", PKG, osm1).installed("osm2", PKG, osm2);
  }

  /** osm2 in standby in crm_mon, as pcs node standby leaves it. */
  static SiteFacts osm2InStandby(SiteFacts s) {
    String crm =
        SiteFacts.CRM_STARTED.replaceFirst(
            "(<node name=\"osm2.priv\"[^>]*?)standby=\"false\"", "$1standby=\"true\"");
    return s.view("osm1", crm, SiteFacts.CIB_STARTED);
  }

  static StagePlan plan(Stage stage, SiteFacts site, String version) {
    return stage.plan(site.pass(spec(version)));
  }

  @Test
  void aHigherOvdVersionFirstPutsThePassiveNodeInStandbyShowingTheWholeProcedureAsDowntime() {
    StagePlan p = plan(new OvdUpgrade.Standby(), site("3.3.0-1", "3.3.0-1"), "3.3.1");
    assertThat(p).isInstanceOf(StagePlan.Changes.class);
    StagePlan.Changes c = (StagePlan.Changes) p;
    assertThat(c.downtime()).hasValueSatisfying(d -> assertThat(d).contains("osm1"));
    assertThat(c.rows())
        .extracting(Plan.Row::node, Plan.Row::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("osm2", "pcs node standby osm2.priv"),
            org.assertj.core.groups.Tuple.tuple(
                "osm1", "update OVD to 3.3.1, then pcs resource restart httpd"),
            org.assertj.core.groups.Tuple.tuple(
                "osm2",
                "mv /var/spool/ovd/session-manager/config ~/session-manager.conf; update OVD to"
                    + " 3.3.1; unlink /etc/cron.d/ovd-session-manager; mv ~/session-manager.conf"
                    + " /var/spool/ovd/session-manager/config"),
            org.assertj.core.groups.Tuple.tuple("osm2", "pcs node unstandby osm2.priv"));
    for (Stage later :
        new Stage[] {
          new OvdUpgrade.ActiveNode(),
          new OvdUpgrade.PassiveNode(),
          new OvdUpgrade.BackInProduction()
        }) {
      assertThat(plan(later, site("3.3.0-1", "3.3.0-1"), "3.3.1"))
          .isInstanceOf(StagePlan.Converged.class);
    }
  }

  @Test
  void nothingRunsAtTheVersionAboveItOrWithoutThePackage() {
    for (String v : new String[] {"3.3.0", "3.2.9"}) {
      assertThat(plan(new OvdUpgrade.Standby(), site("3.3.0-1", "3.3.0-1"), v))
          .as(v)
          .isInstanceOf(StagePlan.Converged.class);
    }
    // one newer than the target: never a downgrade
    assertThat(plan(new OvdUpgrade.Standby(), site("3.3.0-1", "3.3.2-1"), "3.3.1"))
        .isInstanceOf(StagePlan.Converged.class);
    assertThat(plan(new OvdUpgrade.Standby(), SiteFacts.converged(), "3.3.1"))
        .isInstanceOf(StagePlan.Converged.class);
  }

  @Test
  void anAdminsStandbyIsWaitedForNotUsed() {
    StagePlan p =
        plan(new OvdUpgrade.Standby(), osm2InStandby(site("3.3.0-1", "3.3.0-1")), "3.3.1");
    assertThat(p)
        .isInstanceOfSatisfying(
            StagePlan.Held.class, h -> assertThat(h.why()).contains("not by the operator"));
  }

  @Test
  void anUnstandbyDuringTheUpgradeIsReportedNotUndoneAndACrashBeforeTheStandbyResumesIt() {
    // both marks, osm2 out of standby: a person ran pcs node unstandby mid-upgrade
    SiteFacts unstandbyed =
        site("3.3.0-1", "3.3.0-1")
            .path("osm2", OvdUpgrade.STANDBY_MARK, FILE)
            .path("osm2", OvdUpgrade.IN_STANDBY_MARK, FILE);
    assertThat(plan(new OvdUpgrade.Standby(), unstandbyed, "3.3.1"))
        .isInstanceOfSatisfying(
            StagePlan.Held.class,
            h ->
                assertThat(h.why())
                    .contains("osm2 was taken out of standby")
                    .contains("not by the operator")
                    .contains("pcs node standby osm2.priv"));
    assertThat(plan(new OvdUpgrade.ActiveNode(), unstandbyed, "3.3.1"))
        .isInstanceOf(StagePlan.After.class);
    assertThat(plan(new OvdUpgrade.PassiveNode(), unstandbyed, "3.3.0"))
        .isInstanceOf(StagePlan.Converged.class);

    // the first mark only: the operator crashed before its pcs node standby, which runs now
    SiteFacts beforeStandby =
        site("3.3.0-1", "3.3.0-1").path("osm2", OvdUpgrade.STANDBY_MARK, FILE);
    assertThat(plan(new OvdUpgrade.Standby(), beforeStandby, "3.3.1"))
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c ->
                assertThat(c.rows())
                    .extracting(Plan.Row::action)
                    .containsExactly("pcs node standby osm2.priv"));

    // in standby with the first mark only: a crash after the standby, only its mark is written
    SiteFacts afterStandby =
        osm2InStandby(site("3.3.0-1", "3.3.0-1")).path("osm2", OvdUpgrade.STANDBY_MARK, FILE);
    assertThat(plan(new OvdUpgrade.Standby(), afterStandby, "3.3.1"))
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c -> {
              assertThat(c.downtime()).isEmpty();
              assertThat(c.rows())
                  .extracting(Plan.Row::action)
                  .containsExactly("mark the standby as done");
            });

    // the upgrade given up in the spec: the marks go, nothing is put in or out of standby
    assertThat(plan(new OvdUpgrade.BackInProduction(), unstandbyed, "3.3.0"))
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c ->
                assertThat(c.rows())
                    .extracting(Plan.Row::action)
                    .containsExactly("remove the OVD upgrade's marks"));
  }

  @Test
  void withOsm2InTheOperatorsStandbyTheActiveNodeIsUpdatedThenApacheRestartedAsDowntime() {
    SiteFacts s =
        osm2InStandby(site("3.3.0-1", "3.3.0-1"))
            .path("osm2", OvdUpgrade.STANDBY_MARK, FILE)
            .path("osm2", OvdUpgrade.IN_STANDBY_MARK, FILE);
    assertThat(plan(new OvdUpgrade.Standby(), s, "3.3.1")).isInstanceOf(StagePlan.Converged.class);
    StagePlan p = plan(new OvdUpgrade.ActiveNode(), s, "3.3.1");
    assertThat(p).isInstanceOf(StagePlan.Changes.class);
    StagePlan.Changes c = (StagePlan.Changes) p;
    assertThat(c.downtime()).isPresent();
    assertThat(c.rows()).allMatch(r -> r.node().equals("osm1") && r.downtime());
    assertThat(plan(new OvdUpgrade.PassiveNode(), s, "3.3.1")).isInstanceOf(StagePlan.After.class);
    // osm1 updated but Apache not restarted yet (a crash between): the stage is not done
    SiteFacts half =
        osm2InStandby(site("3.3.1-1", "3.3.0-1"))
            .path("osm2", OvdUpgrade.STANDBY_MARK, FILE)
            .path("osm2", OvdUpgrade.IN_STANDBY_MARK, FILE)
            .path("osm1", OvdUpgrade.RESTART_MARK, FILE);
    assertThat(plan(new OvdUpgrade.ActiveNode(), half, "3.3.1"))
        .isInstanceOf(StagePlan.Changes.class);
  }

  @Test
  void thenThePassiveNodeWithItsConfigurationAwayThenBackInProduction() {
    SiteFacts s =
        osm2InStandby(site("3.3.1-1", "3.3.0-1"))
            .path("osm2", OvdUpgrade.STANDBY_MARK, FILE)
            .path("osm2", OvdUpgrade.IN_STANDBY_MARK, FILE);
    assertThat(plan(new OvdUpgrade.ActiveNode(), s, "3.3.1"))
        .isInstanceOf(StagePlan.Converged.class);
    StagePlan p = plan(new OvdUpgrade.PassiveNode(), s, "3.3.1");
    assertThat(p)
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c -> {
              assertThat(c.downtime()).isEmpty();
              assertThat(c.rows())
                  .extracting(Plan.Row::action)
                  .containsExactly(
                      "mv /var/spool/ovd/session-manager/config ~/session-manager.conf",
                      "update " + PKG + " to 3.3.1",
                      "unlink /etc/cron.d/ovd-session-manager",
                      "mv ~/session-manager.conf /var/spool/ovd/session-manager/config");
            });
    assertThat(plan(new OvdUpgrade.BackInProduction(), s, "3.3.1"))
        .isInstanceOf(StagePlan.After.class);

    // updated, but its configuration still away (a crash before the last mv): not done
    SiteFacts away =
        osm2InStandby(site("3.3.1-1", "3.3.1-1"))
            .path("osm2", OvdUpgrade.STANDBY_MARK, FILE)
            .path("osm2", OvdUpgrade.IN_STANDBY_MARK, FILE)
            .path("osm2", OvdUpgrade.CONFIG_AWAY, FILE);
    assertThat(plan(new OvdUpgrade.PassiveNode(), away, "3.3.1"))
        .isInstanceOf(StagePlan.Changes.class);

    SiteFacts done =
        osm2InStandby(site("3.3.1-1", "3.3.1-1"))
            .path("osm2", OvdUpgrade.STANDBY_MARK, FILE)
            .path("osm2", OvdUpgrade.IN_STANDBY_MARK, FILE);
    assertThat(plan(new OvdUpgrade.PassiveNode(), done, "3.3.1"))
        .isInstanceOf(StagePlan.Converged.class);
    assertThat(plan(new OvdUpgrade.BackInProduction(), done, "3.3.1"))
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c ->
                assertThat(c.rows())
                    .extracting(Plan.Row::action)
                    .containsExactly("pcs node unstandby osm2.priv"));
  }

  @Test
  void aFailedUpgradeUndoneInTheSpecPutsThePassiveNodeBackInProduction() {
    // osm1's update to 3.3.2 failed; spec.ovdVersion back at 3.3.1, which both still run
    SiteFacts s =
        osm2InStandby(site("3.3.1-1", "3.3.1-1"))
            .path("osm2", OvdUpgrade.STANDBY_MARK, FILE)
            .path("osm2", OvdUpgrade.IN_STANDBY_MARK, FILE);
    assertThat(plan(new OvdUpgrade.Standby(), s, "3.3.1")).isInstanceOf(StagePlan.Converged.class);
    assertThat(plan(new OvdUpgrade.BackInProduction(), s, "3.3.1"))
        .isInstanceOf(StagePlan.Changes.class);
  }

  @Test
  void versionsCompareByTheirUpstreamPartNumerically() {
    assertThat(OvdVersions.upstream("1:3.3.1-2")).isEqualTo("3.3.1");
    assertThat(OvdVersions.upstream("3.3.1")).isEqualTo("3.3.1");
    assertThat(OvdVersions.compare("3.10.0", "3.9.9")).isPositive();
    assertThat(OvdVersions.compare("3.3", "3.3.0")).isZero();
  }
}
