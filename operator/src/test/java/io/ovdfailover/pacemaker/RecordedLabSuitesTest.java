package io.ovdfailover.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.CrmMonParser;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.DistroDetection;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.FactsParser;
import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.PcsInfo;
import io.ovdfailover.testsupport.Samples;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the lab's other Debian suites really answered (facts/debian-11-lab, facts/debian-13-lab,
 * cluster/debian-1{1,3}-*): the facts probe on each node of a converged cluster, and its CIB and
 * crm_mon XML. The generation differences (pcs 0.10 and 0.12, Pacemaker 2.0 and 3.0, MariaDB 10.5
 * and 11.8) are read from these facts.
 */
class RecordedLabSuitesTest {
  private static final List<String> NODES = List.of("osm1", "osm2", "pcs3", "pcs4", "dbmy");

  private static HostFacts trixie(String node) {
    return FactsParser.parse(node, Fixtures.text("debian-13-lab/" + node + ".txt"));
  }

  private static HostFacts bullseye(String node) {
    return FactsParser.parse(node, Fixtures.text("debian-11-lab/" + node + ".txt"));
  }

  private static DistroProfile profile(HostFacts f) {
    return ((DistroDetection.Supported) DistroProfiles.detect(f)).profile();
  }

  @Test
  void everyTrixieNodeSelectsTheDebian13RowAndItsFactsDecideTheRest() {
    for (String n : NODES) {
      HostFacts f = trixie(n);
      assertThat(profile(f).key()).as(n).isEqualTo("debian-13");
    }
    for (String n : List.of("osm1", "osm2", "pcs3", "pcs4")) {
      assertThat(trixie(n).problems()).as(n).isEmpty();
    }
    // dbmy is no cluster node: the facts say why there is no cluster state
    assertThat(trixie("dbmy").problems()).contains("crm_mon is not installed");
    HostFacts osm1 = trixie("osm1");
    assertThat(java.util.Optional.ofNullable(osm1.packages().get("pacemaker"))).contains("3.0.0-2");
    assertThat(osm1.pacemaker().orElseThrow().atLeast("3.0.0")).isTrue();
    assertThat(osm1.pcs().orElseThrow().version().numbers()).startsWith(0, 12, 0);
    assertThat(PacemakerNodeState.of(osm1).pcs()).isEqualTo(new PcsVersion(0, 12, 0));
    // the row's left-out recommendations stayed out, and the guide's agents came with
    // resource-agents
    for (String n : List.of("osm1", "osm2", "pcs3", "pcs4")) {
      assertThat(trixie(n).installed("fence-agents")).as(n).isFalse();
      assertThat(trixie(n).installed("python3-googleapi")).as(n).isFalse();
      assertThat(trixie(n).installed("resource-agents")).as(n).isTrue();
    }
    HostFacts dbmy = trixie("dbmy");
    assertThat(java.util.Optional.ofNullable(dbmy.packages().get("mariadb-server")))
        .hasValueSatisfying(v -> v.startsWith("1:11.8"));
    assertThat(dbmy.installed("pacemaker")).isFalse();
    assertThat(dbmy.crmMon()).isEmpty();
  }

  @Test
  void everyBullseyeNodeSelectsTheDebian11RowAndPcs010LeavesItsMoveConstraint() {
    for (String n : NODES) {
      HostFacts f = bullseye(n);
      assertThat(profile(f).key()).as(n).isEqualTo("debian-11");
    }
    HostFacts pcs3 = bullseye("pcs3");
    assertThat(pcs3.problems()).isEmpty();
    assertThat(pcs3.pacemaker().orElseThrow().atLeast("2.0.5")).isTrue();
    assertThat(pcs3.pacemaker().orElseThrow().atLeast("2.1")).isFalse();
    assertThat(PacemakerNodeState.of(pcs3).pcs()).isEqualTo(new PcsVersion(0, 10, 8));
    // pcs 0.10 lists no capabilities with --version --full
    assertThat(pcs3.pcs().orElseThrow().has(PcsInfo.CAP_MOVE_AUTOCLEAN_DEFAULT)).isFalse();
    assertThat(java.util.Optional.ofNullable(bullseye("dbmy").packages().get("mariadb-server")))
        .hasValueSatisfying(v -> assertThat(v).startsWith("1:10.5"));
    // recorded right after the e2e test had reset pcs4: no cluster stack, and the facts say so
    assertThat(bullseye("pcs4").crmMon()).isEmpty();
    assertThat(bullseye("pcs4").problems()).isNotEmpty();
  }

  @Test
  void pacemaker20sCrmMonSpellsAgentsWithTwoColonsAndTheParserAsTheCibDoes() {
    String xml = Fixtures.text("cluster/debian-11-crm_mon.xml");
    assertThat(xml).contains("resource_agent=\"ocf::heartbeat:IPaddr2\"");
    CrmMonStatus s = CrmMonParser.parse(xml);
    assertThat(s.resource("virtual_ip").orElseThrow().agent()).isEqualTo("ocf:heartbeat:IPaddr2");
    assertThat(s.resource("lsyncd").orElseThrow().agent()).isEqualTo("systemd:lsyncd");
    assertThat(s.withQuorum()).isTrue();
    // recorded as the e2e test had just reset pcs4 (a rebuilt quorum node)
    assertThat(s.nodes())
        .filteredOn(CrmMonStatus.Node::online)
        .extracting(CrmMonStatus.Node::name)
        .containsExactly("osm1.priv", "osm2.priv", "pcs3.priv");
    for (String r : OvdResources.ALL) {
      assertThat(s.resource(r).orElseThrow().node()).as(r).contains("osm1.priv");
    }
    // the same agents, whatever the generation
    CrmMonStatus pcmk3 = CrmMonParser.parse(Fixtures.text("cluster/debian-13-crm_mon.xml"));
    for (String r : OvdResources.ALL) {
      assertThat(s.resource(r).orElseThrow().agent())
          .as(r)
          .isEqualTo(pcmk3.resource(r).orElseThrow().agent());
    }
  }

  @Test
  void pacemaker3sCrmMonOfTheConvergedCluster() {
    CrmMonStatus s = CrmMonParser.parse(Fixtures.text("cluster/debian-13-crm_mon.xml"));
    // crm_mon -1 --output-as=xml names no <pacemaker-version>: the version is pacemakerd's, a fact
    assertThat(s.pacemakerVersion()).isEmpty();
    assertThat(s.withQuorum()).isTrue();
    assertThat(s.nodes())
        .extracting(CrmMonStatus.Node::name)
        .containsExactly("osm1.priv", "osm2.priv", "pcs3.priv", "pcs4.priv");
    assertThat(s.nodes()).allMatch(CrmMonStatus.Node::online);
    for (String r : OvdResources.ALL) {
      assertThat(s.resource(r).orElseThrow().node()).as(r).contains("osm1.priv");
      assertThat(s.resource(r).orElseThrow().failed()).as(r).isFalse();
    }
    // the probe on the same cluster gave the same view
    assertThat(trixie("osm1").crmMon().orElseThrow().resource("httpd").orElseThrow().node())
        .contains("osm1.priv");
  }

  @Test
  void theRecordedCibsAreTheDesiredOneSoAPassWouldPushNothing() {
    OvdFailoverClusterSpec spec = Samples.cluster("ns", "lab").getSpec();
    // deploy/samples/lab/10-cluster.yaml, which the e2e test converged
    spec.pacemaker.loadThreshold = "400%";
    for (String cib : List.of("cluster/debian-11-cib.xml", "cluster/debian-13-cib.xml")) {
      CibConfig live = CibConfig.parse(Fixtures.text(cib));
      assertThat(live.primitives().keySet()).as(cib).containsExactlyElementsOf(OvdResources.ALL);
      assertThat(CibDiff.compute(OvdResources.desired(spec, Optional.empty()), live))
          .as(cib)
          .isEmpty();
    }
  }
}
