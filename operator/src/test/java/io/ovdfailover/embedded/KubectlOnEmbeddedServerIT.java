package io.ovdfailover.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.ConditionType;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.OvdFailoverCluster;
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
    return run(true, args);
  }

  /** Runs kubectl, which must fail; returns its output. */
  private static String kubectlRefused(String... args) throws Exception {
    return run(false, args);
  }

  private static String run(boolean succeeds, String... args) throws Exception {
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
    if (succeeds) {
      assertThat(p.exitValue())
          .as("exit code of kubectl %s; output:%n%s", String.join(" ", args), output)
          .isZero();
    } else {
      assertThat(p.exitValue())
          .as("exit code of kubectl %s; output:%n%s", String.join(" ", args), output)
          .isNotZero();
    }
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
                      Conditions.isTrue(
                          lab().getStatus().conditions, ConditionType.NodesDefined.name()))
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
        // not Ready before its cluster has probed it (the lab's hosts are not there)
        .containsPattern("osm1\\s+lab\\s+SessionManager\\s+False\\s+198\\.18\\.0\\.11\\s")
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

    // a change the CRD's rules refuse never reaches the operator
    assertThat(
            kubectlRefused(
                "patch",
                "ovdcluster",
                "lab",
                "--type=merge",
                "-p",
                "{\"spec\":{\"sessionManagers\":[{\"name\":\"osm1\",\"serviceAddress\":"
                    + "\"198.18.0.11\",\"privateAddress\":\"198.19.100.11\"}]}}"))
        .contains(
            "The OvdFailoverCluster \"lab\" is invalid",
            "sessionManagers must list exactly two session-manager nodes");

    // an invalid change only the operator sees (the CEL rule checks the cron shape, not the
    // ranges): SpecValid flips, and describe shows the Warning event
    kubectl(
        "patch",
        "ovdcluster",
        "lab",
        "--type=merge",
        "-p",
        "{\"spec\":{\"failoverTest\":{\"schedule\":\"60 3 * * 0\"}}}");
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.isTrue(
                            lab().getStatus().conditions, ConditionType.SpecValid.name()))
                    .isFalse());
    assertThat(kubectl("describe", "ovdcluster", "lab"))
        .containsPattern("Warning\\s+InvalidSpec")
        .containsPattern("Observed Generation:\\s+2");
    assertThat(kubectl("get", "events"))
        .containsPattern("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE")
        .containsPattern("Warning\\s+InvalidSpec\\s+lab\\s+spec.failoverTest.schedule");

    assertThat(kubectl("delete", "ovdcluster", "lab"))
        .contains("ovdfailovercluster.ovdfailover.io \"lab\" deleted");
    assertThat(kubectl("get", "ovdclusters")).contains("No resources found in default namespace.");
  }

  /** What `kubectl apply` meets on a real cluster when a spec is wrong: the schema's own words. */
  @Test
  void kubectlApplyOfABadSpecFailsWithTheSchemasMessage() throws Exception {
    Path dir = Files.createDirectories(kubeconfig.getParent().resolve("admission"));
    String lab = Files.readString(SAMPLES.resolve("10-cluster.yaml"));

    // a CEL rule: the corpus's cluster with one session manager
    assertThat(
            kubectlRefused(
                "apply",
                "--validate=false",
                "-n",
                "admission",
                "-f",
                "operator/src/test/resources/invalid-specs/sm-only-one.yaml"))
        .contains("is invalid", "sessionManagers must list exactly two session-manager nodes");
    assertThat(kubectl("get", "ovdclusters", "-n", "admission"))
        .as("nothing stored")
        .contains("No resources found in admission namespace.");

    // a wrong type, named with its field
    Path quoted = dir.resolve("quoted-netmask.yaml");
    Files.writeString(quoted, lab.replaceFirst("cidrNetmask: (\\d+)", "cidrNetmask: \"$1\""));
    assertThat(
            kubectlRefused("apply", "--validate=false", "-n", "admission", "-f", quoted.toString()))
        .contains("spec.vip.cidrNetmask: Invalid value: \"24\"", "must be of type integer");

    // an unknown field: pruned, with the API server's warning; a default filled in
    Path extra = dir.resolve("unknown-field.yaml");
    Files.writeString(
        extra,
        lab.replace("spec:\n", "spec:\n  colour: blue\n").replaceFirst("\n  clusterName: .*", ""));
    assertThat(kubectl("apply", "--validate=false", "-n", "admission", "-f", extra.toString()))
        .contains(
            "Warning: unknown field \"spec.colour\"",
            "ovdfailovercluster.ovdfailover.io/lab created");
    String spec = kubectl("get", "ovdcluster", "lab", "-n", "admission", "-o", "jsonpath={.spec}");
    assertThat(spec).doesNotContain("colour").contains("\"clusterName\":\"ovd-sm\"");
    kubectl("delete", "ovdcluster", "lab", "-n", "admission", "--wait=false");
  }
}
