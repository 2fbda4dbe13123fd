package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.converge.AdminOverride.Kind;
import io.ovdfailover.hosts.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Membership from corosync.conf, placement from a quorate view, and what the admins did, on
 * recorded facts.
 */
class ClusterSituationTest {

  @Test
  void bareHostsAreNoClusterAndNoSessionManagerMayServeTheVip() {
    ClusterSituation s = SiteFacts.bare().situation();
    assertThat(s.formed()).isFalse();
    assertThat(s.everStarted()).isFalse();
    assertThat(s.members()).isEmpty();
    assertThat(s.mayHold()).isEmpty();
    assertThat(s.overrides()).isEmpty();
  }

  @Test
  void theConvergedLabHasFourMembersAQuorateViewAndNothingByHand() {
    ClusterSituation s = SiteFacts.converged().situation();
    assertThat(s.formed()).isTrue();
    assertThat(s.everStarted()).isTrue();
    assertThat(s.members()).containsExactlyInAnyOrder("osm1", "osm2", "pcs3", "pcs4");
    assertThat(s.quorate()).isTrue();
    assertThat(s.mayHold()).containsExactlyInAnyOrder("osm1", "osm2");
    assertThat(s.overrides()).isEmpty();
  }

  @Test
  void membershipComesFromCorosyncConfWhenCrmMonFailsEverywhere() {
    ClusterSituation s =
        SiteFacts.converged().view("osm1", null, SiteFacts.CIB_STARTED).situation();
    assertThat(s.quorate()).isFalse();
    assertThat(s.member("osm2")).isTrue();
    assertThat(s.mayHoldResources("osm2")).isTrue();
  }

  @Test
  void aNodeThatListsOnlyItselfIsStillAMember() {
    SiteFacts site =
        SiteFacts.bare().member("osm1", SiteFacts.CORE, true).member("osm2", SiteFacts.ALL, false);
    assertThat(site.situation().members())
        .containsExactlyInAnyOrder("osm1", "osm2", "pcs3", "pcs4");
  }

  @Test
  void aSessionManagerWithTheVipMayServeWhateverCrmMonSays() {
    ClusterSituation s = SiteFacts.bare().vipOn("osm2").situation();
    assertThat(s.mayHoldResources("osm2")).isTrue();
    assertThat(s.mayHoldResources("osm1")).isFalse();
  }

  @Test
  void aFormedClusterThatNeverRanIsNotAdminStopped() {
    SiteFacts site = SiteFacts.bare();
    for (String n : List.of("osm1", "pcs3", "pcs4")) site.member(n, SiteFacts.CORE, false);
    ClusterSituation s = site.situation();
    assertThat(s.formed()).isTrue();
    assertThat(s.everStarted()).isFalse();
    assertThat(s.overrides()).isEmpty();
    // the operator's mark says it ran: a member down now is somebody's pcs cluster stop
    assertThat(site.mark("osm1").situation().overrides())
        .extracting(AdminOverride::kind)
        .containsOnly(Kind.ClusterStoppedOnNode)
        .hasSize(3);
  }

  @Test
  void aStoppedMemberIsReported() {
    ClusterSituation s = SiteFacts.converged().member("pcs4", SiteFacts.ALL, false).situation();
    assertThat(s.overrides())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo(Kind.ClusterStoppedOnNode);
              assertThat(o.subject()).isEqualTo("pcs4");
              assertThat(o.message()).contains("restartStoppedNodes");
            });
  }

  @Test
  void maintenanceModeStandbyAndADisabledResourceAreEachReported() {
    String cib =
        SiteFacts.CIB_STARTED.replace(
            "<nvpair id=\"cib-bootstrap-options-stonith-enabled\" name=\"stonith-enabled\" value=\"false\"/>",
            "<nvpair id=\"cib-bootstrap-options-stonith-enabled\" name=\"stonith-enabled\" value=\"false\"/>"
                + "<nvpair id=\"cib-bootstrap-options-maintenance-mode\" name=\"maintenance-mode\" value=\"true\"/>");
    ClusterSituation s =
        SiteFacts.converged()
            .view("osm1", Fixtures.text("cluster/crm_mon-osm2-standby.xml"), cib)
            .situation();
    assertThat(s.maintenanceMode()).isTrue();
    assertThat(s.overrides())
        .extracting(AdminOverride::kind)
        .contains(Kind.MaintenanceMode, Kind.NodeStandby);
    assertThat(s.overrides())
        .filteredOn(o -> o.kind() == Kind.NodeStandby)
        .singleElement()
        .satisfies(o -> assertThat(o.subject()).isEqualTo("osm2"));

    String disabled =
        SiteFacts.CIB_STARTED.replaceFirst(
            "(<primitive id=\"lsyncd\"[^>]*>)",
            "$1<meta_attributes id=\"lsyncd-meta_attributes\"><nvpair id=\"lsyncd-meta_attributes-target-role\""
                + " name=\"target-role\" value=\"Stopped\"/></meta_attributes>");
    assertThat(disabled).isNotEqualTo(SiteFacts.CIB_STARTED);
    assertThat(
            SiteFacts.converged()
                .view("osm1", SiteFacts.CRM_STARTED, disabled)
                .situation()
                .overrides())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo(Kind.ResourceDisabled);
              assertThat(o.message()).contains("pcs resource enable lsyncd");
            });
  }
}
