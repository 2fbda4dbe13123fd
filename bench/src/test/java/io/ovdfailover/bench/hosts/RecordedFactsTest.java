package io.ovdfailover.bench.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.converge.Procedures;
import io.ovdfailover.hosts.FactsParser;
import io.ovdfailover.hosts.FactsProbe;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.HostFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The simulated host's answer to the operator's own probe script: the inputs are read back from the
 * script, and what it prints parses into the facts the lab recorded.
 */
class RecordedFactsTest {
  static final Path REPO = Path.of(System.getProperty("bench.repo", ".."));
  static final Path FACTS = REPO.resolve("operator/src/test/resources/facts");

  static FactsRequest labRequest() throws Exception {
    String yaml = Files.readString(REPO.resolve("deploy/samples/lab/10-cluster.yaml"));
    OvdFailoverCluster lab =
        new KubernetesSerialization().unmarshal(yaml, OvdFailoverCluster.class);
    return Procedures.guideBuildRequest(lab.getSpec());
  }

  static RecordedFacts recording(String node) throws Exception {
    return RecordedFacts.parse(
        node, Files.readString(FACTS.resolve("debian-13-lab/" + node + ".txt")));
  }

  @Test
  void theProbeInputsAreReadBackFromTheOperatorsScript() throws Exception {
    FactsRequest request = labRequest().withClusterState(true).withPacemakerState(true);
    String script = FactsProbe.script(request, "00112233aabbccdd");
    ProbeInputs in = ProbeInputs.of(script).orElseThrow();
    assertThat(in.token()).isEqualTo("00112233aabbccdd");
    assertThat(in.packages()).isEqualTo(request.packages());
    assertThat(in.units()).isEqualTo(request.units());
    assertThat(in.paths()).isEqualTo(request.paths());
    assertThat(in.lines()).hasSize(request.lines().size());
    assertThat(in.publicFiles()).isEqualTo(request.publicFiles());
    assertThat(in.clusterState()).isTrue();
    assertThat(in.pacemakerState()).isTrue();
    assertThat(ProbeInputs.of("crm_mon -1 --output-as=xml")).isEmpty();
  }

  @Test
  void theStampsOfOneAnswerMakeTheNextAnswerSame() throws Exception {
    RecordedCluster cluster = RecordedCluster.load(FACTS, "debian-13");
    FactsRequest request = labRequest().withClusterState(true);
    String first =
        recording("osm1")
            .answer(
                ProbeInputs.of(FactsProbe.script(request, "0123456789abcdef")).orElseThrow(),
                cluster.crmMon(),
                cluster.cib())
            .output();
    java.util.Map<String, String> stamps =
        java.util.Map.of(
            "K_PKG", stampOf(first, "dpkg"),
            "K_CIB", stampOf(first, "cib"));
    assertThat(stampOf(first, "cib")).startsWith("<cib ").contains("num_updates=");

    String second =
        recording("osm1")
            .answer(
                ProbeInputs.of(FactsProbe.script(request, "0123456789abcdef", stamps))
                    .orElseThrow(),
                cluster.crmMon(),
                cluster.cib())
            .output();

    for (String s : java.util.List.of("dpkg", "rpm", "pcs", "crm_mon", "cib")) {
      assertThat(second).contains("@@0123456789abcdef " + s + " same ");
    }
    assertThat(second).doesNotContain("<configuration>");
  }

  /** The stamp on a section's marker: what follows its status. */
  private static String stampOf(String output, String section) {
    String marker = "@@0123456789abcdef " + section + " ";
    String line = output.lines().filter(l -> l.startsWith(marker)).findFirst().orElseThrow();
    return line.substring(marker.length()).split(" ", 2)[1];
  }

  @Test
  void theAnswerParsesIntoTheRecordedFacts() throws Exception {
    RecordedCluster cluster = RecordedCluster.load(FACTS, "debian-13");
    FactsRequest request = labRequest().withClusterState(true).withPacemakerState(true);
    ProbeInputs in = ProbeInputs.of(FactsProbe.script(request, "0123456789abcdef")).orElseThrow();
    RecordedFacts.Answer answer = recording("osm1").answer(in, cluster.crmMon(), cluster.cib());
    HostFacts simulated = FactsParser.parse("osm1", answer.output());
    HostFacts recorded =
        FactsParser.parse("osm1", Files.readString(FACTS.resolve("debian-13-lab/osm1.txt")));
    assertThat(simulated.hostname()).isEqualTo("osm1");
    assertThat(simulated.uid()).isZero();
    for (String p : request.paths()) {
      if (recorded.probed(p)) {
        assertThat(simulated.path(p)).as(p).isEqualTo(recorded.path(p));
      }
    }
    for (String u : request.units()) {
      // a unit the probe asks for since the recording (heartbeat, memcached) is answered as a host
      // without it answers: not-found
      if (recorded.units().containsKey(u)) {
        assertThat(simulated.unit(u)).as(u).isEqualTo(recorded.unit(u));
      } else {
        assertThat(simulated.unit(u).loadState()).as(u).isEqualTo("not-found");
      }
    }
    assertThat(simulated.packages()).isEqualTo(recorded.packages());
    assertThat(simulated.publicFiles()).isEqualTo(recorded.publicFiles());
    assertThat(simulated.crmMon().orElseThrow().withQuorum()).isTrue();
    assertThat(simulated.cibXml()).isPresent();
    assertThat(simulated.pacemakerFiles()).isEqualTo(recorded.pacemakerFiles());
  }

  @Test
  void whatTheRecordingLacksIsAnsweredAsAbsentAndNamed() throws Exception {
    ProbeInputs in =
        ProbeInputs.of(
                FactsProbe.script(
                    FactsRequest.ofPaths(java.util.List.of("/etc/not-recorded.conf")),
                    "0123456789abcdef"))
            .orElseThrow();
    RecordedFacts.Answer answer = recording("pcs3").answer(in, "", "");
    assertThat(answer.unrecorded()).containsExactly("path /etc/not-recorded.conf");
    assertThat(FactsParser.parse("pcs3", answer.output()).path("/etc/not-recorded.conf").exists())
        .isFalse();
  }

  @Test
  void theDatabaseNodeHasNoClusterView() throws Exception {
    RecordedFacts dbmy = recording("dbmy");
    assertThat(dbmy.pacemakerNode()).isFalse();
    ProbeInputs in =
        ProbeInputs.of(
                FactsProbe.script(FactsRequest.NONE.withClusterState(true), "00ff00ff00ff00ff"))
            .orElseThrow();
    HostFacts f = FactsParser.parse("dbmy", dbmy.answer(in, "<x/>", "<y/>").output());
    assertThat(f.crmMon()).isEmpty();
    assertThat(f.cibXml()).isEmpty();
  }
}
