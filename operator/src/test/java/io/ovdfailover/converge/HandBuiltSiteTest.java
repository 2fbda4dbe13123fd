package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.hosts.Finding;
import io.ovdfailover.steps.Checkpoints;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #16 at the level of a pass: the lab's five nodes as an admin leaves them after the guide's
 * chapter VI (members running, the six resources on osm1, the guide's CIB, no mark of the
 * operator's own start-up). The safety rules hold from the first pass and the resources stage finds
 * nothing to change, only what it accepts.
 */
class HandBuiltSiteTest {
  static final String GUIDE_CIB = SiteFacts.CIB_STARTED.replace("10.20.1.10", "198.18.0.100");

  static SiteFacts handBuilt(String cib) {
    SiteFacts s = SiteFacts.bare();
    for (String n : List.of("osm1", "osm2", "pcs3", "pcs4")) s.member(n, SiteFacts.ALL, true);
    return s.vipOn("osm1").view("osm1", SiteFacts.CRM_STARTED, cib);
  }

  @Test
  void aRunningClusterWithoutTheOperatorsMarkCountsAsStartedSoTheSafetyRulesHold() {
    ClusterSituation situation = handBuilt(GUIDE_CIB).situation();
    assertThat(situation.formed()).isTrue();
    assertThat(situation.everStarted()).isTrue();
    assertThat(situation.mayHoldResources("osm1")).isTrue();
  }

  @Test
  void theGuidesResourcesNeedNothingAndVirtualIpWithoutNicIsAccepted() {
    Pass pass = handBuilt(GUIDE_CIB).pass();
    ResourcesStage stage = new ResourcesStage(Checkpoints.NONE);
    assertThat(stage.plan(pass)).isInstanceOf(StagePlan.Converged.class);
    assertThat(stage.findings(pass))
        .extracting(f -> f.subject() + " " + f.disposition())
        .containsExactly("virtual_ip Equivalent", "virtual_ip_src Kept", "lsyncd Kept");
    assertThat(stage.findings(pass).get(2).message())
        .startsWith("start/stop timeouts start Pacemaker's default, stop Pacemaker's default kept");
  }

  @Test
  void timeoutsTheSpecNamesAreSetWithoutDowntime() {
    io.ovdfailover.api.OvdFailoverClusterSpec spec =
        io.ovdfailover.testsupport.Samples.cluster("ns", "lab").getSpec();
    spec.pacemaker.systemdStartStopTimeoutSeconds = 10;
    Pass pass = handBuilt(GUIDE_CIB).pass(spec);

    StagePlan plan = new ResourcesStage(Checkpoints.NONE).plan(pass);

    assertThat(plan).isInstanceOf(StagePlan.Changes.class);
    StagePlan.Changes changes = (StagePlan.Changes) plan;
    assertThat(changes.downtime()).isEmpty();
    assertThat(changes.rows())
        .extracting(r -> r.action() + (r.downtime() ? " (downtime)" : ""))
        .containsExactly(
            "set the operation timeouts of virtual_ip_src (start 10 s, stop 10 s)",
            "set the operation timeouts of lsyncd (start 10 s, stop 10 s)");
  }

  @Test
  void aMoveConstraintLeftBehindIsReportedAndTheStageStillChangesNothing() {
    String cib =
        GUIDE_CIB.replace(
            "    </constraints>",
            "      <rsc_location id=\"cli-prefer-virtual_ip\" rsc=\"virtual_ip\" role=\"Started\""
                + " node=\"osm1.priv\" score=\"INFINITY\"/>\n    </constraints>");
    Pass pass = handBuilt(cib).pass();
    ResourcesStage stage = new ResourcesStage(Checkpoints.NONE);
    assertThat(stage.plan(pass)).isInstanceOf(StagePlan.Converged.class);
    assertThat(stage.findings(pass))
        .extracting(f -> f.subject() + " " + f.disposition())
        .contains("cli-prefer-virtual_ip Kept");
  }

  @Test
  void aParameterThatDiffersOnARunningResourceIsADowntimeRowAndAFinding() {
    String cib = GUIDE_CIB.replace("value=\"24\"", "value=\"16\"");
    Pass pass = handBuilt(cib).pass();
    ResourcesStage stage = new ResourcesStage(Checkpoints.NONE);
    StagePlan plan = stage.plan(pass);
    assertThat(plan).isInstanceOf(StagePlan.Changes.class);
    assertThat(((StagePlan.Changes) plan).downtime()).isPresent();
    assertThat(stage.findings(pass))
        .filteredOn(f -> f.disposition() == Finding.Disposition.NeedsDowntime)
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("cidr_netmask=24"));
  }
}
