package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.hosts.CrmMonParser;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.testsupport.HostFactsBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which node's crm_mon and CIB speak for the cluster, on crm_mon output recorded on the lab. */
class ClusterViewTest {
  static final List<String> ASKED = List.of("osm1", "pcs3");

  static HostFacts facts(String node, String crmFixture) {
    HostFacts f = Fixtures.facts("debian-12-cluster");
    Optional<CrmMonStatus> crm =
        crmFixture == null
            ? Optional.empty()
            : Optional.of(CrmMonParser.parse(Fixtures.text("cluster/" + crmFixture)));
    return HostFactsBuilder.from(f)
        .node(node)
        .clusterView(crm, crmFixture == null ? Optional.empty() : f.cibXml())
        .build();
  }

  @Test
  void theCoordinatorsViewWhenItHasQuorum() {
    ClusterView v =
        ClusterView.choose(
            ASKED,
            Map.of(
                "osm1",
                facts("osm1", "crm_mon-started.xml"),
                "pcs3",
                facts("pcs3", "crm_mon-pcs3-osm1-down.xml")));
    assertThat(v.node()).isEqualTo("osm1");
    assertThat(v.crmMon().orElseThrow().resource("httpd").orElseThrow().node())
        .contains("osm1.priv");
    assertThat(v.cib()).isPresent();
  }

  @Test
  void theQuorumNodesViewWhenTheCoordinatorDidNotAnswer() {
    ClusterView v =
        ClusterView.choose(ASKED, Map.of("pcs3", facts("pcs3", "crm_mon-pcs3-osm1-down.xml")));
    assertThat(v.node()).isEqualTo("pcs3");
    assertThat(v.crmMon().orElseThrow().resource("httpd").orElseThrow().node())
        .contains("osm2.priv");
  }

  @Test
  void aPartitionWithoutQuorumDoesNotSpeakForTheCluster() {
    ClusterView v =
        ClusterView.choose(
            ASKED,
            Map.of(
                "osm1",
                facts("osm1", "crm_mon-pcs4-no-quorum.xml"),
                "pcs3",
                facts("pcs3", "crm_mon-pcs3-osm1-down.xml")));
    assertThat(v.node()).isEqualTo("pcs3");
    assertThat(v.crmMon().orElseThrow().withQuorum()).isTrue();
  }

  @Test
  void withoutQuorumAnywhereTheFirstAnswerIsStillShown() {
    ClusterView v =
        ClusterView.choose(
            ASKED,
            Map.of(
                "osm1", facts("osm1", null), "pcs3", facts("pcs3", "crm_mon-pcs4-no-quorum.xml")));
    assertThat(v.node()).isEqualTo("pcs3");
    assertThat(v.crmMon().orElseThrow().withQuorum()).isFalse();
  }

  @Test
  void noViewBeforeTheClusterExists() {
    assertThat(
            ClusterView.choose(
                ASKED, Map.of("osm1", facts("osm1", null), "pcs3", facts("pcs3", null))))
        .isEqualTo(ClusterView.NONE);
    assertThat(ClusterView.choose(ASKED, Map.of())).isEqualTo(ClusterView.NONE);
  }
}
