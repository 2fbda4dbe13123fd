package io.ovdfailover.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.reconcile.ConditionTypes;
import io.ovdfailover.testsupport.EmbeddedOperator;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real kubectl against the embedded API server while the operator runs on it: what a newcomer
 * does with {@code --embedded}. Needs kubectl on PATH (or /usr/bin/kubectl, or $KUBECTL); without
 * it the test fails unless OVD_SKIP_KUBECTL=1. The session is written to
 * target/kubectl-transcript.txt.
 */
class KubectlOnEmbeddedServerIT {
  private static final Path SAMPLES =
      Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/samples/lab");
  private static EmbeddedOperator env;
  private static Path kubeconfig;
  private static String kubectl;
  private static final StringBuilder TRANSCRIPT = new StringBuilder();

  @BeforeAll
  static void start() throws IOException {
    Optional<String> found = findKubectl();
    if (found.isEmpty()) {
      Assumptions.assumeFalse(
          "1".equals(System.getenv("OVD_SKIP_KUBECTL")), "kubectl not found; OVD_SKIP_KUBECTL=1");
      fail(
          "kubectl is not installed (looked at $KUBECTL, /usr/bin/kubectl and PATH). Install it (e.g. "
              + "`apt-get install kubernetes-client` or the kubectl binary from dl.k8s.io) or set OVD_SKIP_KUBECTL=1 "
              + "to skip this test.");
    }
    kubectl = found.get();
    env = new EmbeddedOperator();
    kubeconfig = env.server.writeKubeconfig(Path.of("target", "kubectl-test", "kubeconfig.yaml"));
  }

  @AfterAll
  static void stop() throws IOException {
    if (env != null) {
      env.close();
      Files.writeString(Path.of("target", "kubectl-transcript.txt"), TRANSCRIPT);
    }
  }

  private static Optional<String> findKubectl() {
    List<String> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv("KUBECTL")).ifPresent(candidates::add);
    candidates.add("/usr/bin/kubectl");
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      candidates.add(dir + "/kubectl");
    }
    return candidates.stream().filter(c -> Files.isExecutable(Path.of(c))).findFirst();
  }

  /**
   * Runs kubectl, records the command and its output, and returns the output (stdout then stderr).
   */
  private static String kubectl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(kubectl));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(SAMPLES.getParent().getParent().getParent().toFile());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    // every run has a new port: keep kubectl's discovery cache out of ~/.kube
    pb.environment().put("KUBECACHEDIR", kubeconfig.getParent().resolve("cache").toString());
    Path out = Files.createTempFile("kubectl", ".out");
    Path err = Files.createTempFile("kubectl", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("kubectl " + String.join(" ", args) + " did not finish within 60 s");
    }
    String output =
        Files.readString(out, StandardCharsets.UTF_8)
            + Files.readString(err, StandardCharsets.UTF_8);
    Files.delete(out);
    Files.delete(err);
    TRANSCRIPT.append("$ kubectl ").append(String.join(" ", args)).append('\n').append(output);
    if (!output.endsWith("\n")) {
      TRANSCRIPT.append('\n');
    }
    assertThat(p.exitValue())
        .as("exit code of kubectl %s; output:%n%s", String.join(" ", args), output)
        .isZero();
    return output;
  }

  private static OvdFailoverCluster lab() {
    return env.client
        .resources(OvdFailoverCluster.class)
        .inNamespace("default")
        .withName("lab")
        .get();
  }

  @Test
  void kubectlAppliesTheLabSamplesAndShowsWhatTheOperatorReported() throws Exception {
    assertThat(kubectl("version")).contains("Server Version: v1.32.0-ovd-embedded");

    String applied = kubectl("apply", "--validate=false", "-f", "deploy/samples/lab/");
    assertThat(applied)
        .contains(
            "ovdfailovercluster.ovdfailover.io/lab created",
            "secret/ovd-ssh-key created",
            "secret/hacluster-password created",
            "secret/ovd-db created");
    for (String node : List.of("osm1", "osm2", "pcs3", "pcs4", "dbmy")) {
      assertThat(applied).contains("clusternode.ovdfailover.io/" + node + " created");
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(lab().getStatus().nodesReady).isEqualTo("0/5");
              assertThat(
                      Conditions.isTrue(lab().getStatus().conditions, ConditionTypes.NODES_DEFINED))
                  .isTrue();
              assertThat(
                      env.client
                          .resources(ClusterNode.class)
                          .inNamespace("default")
                          .list()
                          .getItems())
                  .allSatisfy(n -> assertThat(n.getStatus().role).isNotNull());
            });

    String clusters = kubectl("get", "ovdclusters");
    assertThat(clusters.lines().findFirst().orElseThrow())
        .contains("NAME", "VIP", "NODES", "PHASE", "AGE")
        .doesNotContain("MESSAGE");
    assertThat(clusters).containsPattern("lab\\s+Pending\\s+198\\.18\\.0\\.100\\s+0/5\\s");

    String wide = kubectl("get", "ovdclusters", "-o", "wide");
    assertThat(wide)
        .contains(
            "REASON",
            "MESSAGE",
            "HostsNotObserved",
            "waiting for the first observation",
            "ovd-sm",
            "3.3.0");

    String nodes = kubectl("get", "ovdnodes");
    assertThat(nodes.lines().skip(1).map(l -> l.split("\\s+")[0]).toList())
        .containsExactly("dbmy", "osm1", "osm2", "pcs3", "pcs4");
    assertThat(nodes)
        .containsPattern("osm1\\s+lab\\s+SessionManager\\s+198\\.18\\.0\\.11\\s")
        .containsPattern("dbmy\\s+.*Database");

    String described = kubectl("describe", "ovdcluster", "lab");
    assertThat(described)
        .containsPattern("Type:\\s+SpecValid")
        .containsPattern("Nodes Ready:\\s+0/5")
        .containsPattern("Phase:\\s+Pending")
        .containsPattern("Observed Generation:\\s+1");

    // the API server would have folded stringData into data; so does the embedded one
    String password = kubectl("get", "secret", "ovd-db", "-o", "jsonpath={.data.password}");
    assertThat(new String(Base64.getDecoder().decode(password.trim()), StandardCharsets.UTF_8))
        .isEqualTo("PLACEHOLDER-change-me");

    assertThat(kubectl("apply", "--validate=false", "-f", "deploy/samples/lab/"))
        .contains("ovdfailovercluster.ovdfailover.io/lab unchanged");

    // an invalid change: SpecValid flips, and describe shows the Warning event
    kubectl(
        "patch",
        "ovdcluster",
        "lab",
        "--type=merge",
        "-p",
        "{\"spec\":{\"sessionManagers\":[{\"name\":\"osm1\",\"serviceAddress\":\"198.18.0.11\","
            + "\"privateAddress\":\"198.19.100.11\"}]}}");
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.isTrue(lab().getStatus().conditions, ConditionTypes.SPEC_VALID))
                    .isFalse());
    assertThat(kubectl("describe", "ovdcluster", "lab"))
        .containsPattern("Warning\\s+InvalidSpec")
        .containsPattern("Observed Generation:\\s+2");
    assertThat(kubectl("get", "events"))
        .containsPattern("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE")
        .containsPattern("Warning\\s+InvalidSpec\\s+lab\\s+spec.sessionManagers");

    assertThat(kubectl("delete", "ovdcluster", "lab"))
        .contains("ovdfailovercluster.ovdfailover.io \"lab\" deleted");
    assertThat(kubectl("get", "ovdclusters")).contains("No resources found in default namespace.");
  }
}
