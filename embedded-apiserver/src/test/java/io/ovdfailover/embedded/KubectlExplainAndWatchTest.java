package io.ovdfailover.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real kubectl against the embedded API server holding the project's CRDs (deploy/crds) and the
 * lab samples: {@code kubectl explain}, which reads the OpenAPI v3 documents ({@link OpenApi}), and
 * {@code kubectl get -w}, which watches over a streamed HTTP response. Needs kubectl ($KUBECTL,
 * /usr/bin/kubectl or PATH); without it the test fails, unless OVD_SKIP_KUBECTL=1. The session is
 * written to target/kubectl-explain-watch/transcript.txt.
 */
class KubectlExplainAndWatchTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path WORK = Path.of("target", "kubectl-explain-watch").toAbsolutePath();
  private static final StringBuilder TRANSCRIPT = new StringBuilder();

  private static String kubectl;
  private static EmbeddedApiServer server;
  private static KubernetesClient client;
  private static Path kubeconfig;

  @BeforeAll
  static void start() throws IOException {
    Optional<String> found = findKubectl();
    if (found.isEmpty()) {
      Assumptions.assumeFalse(
          "1".equals(System.getenv("OVD_SKIP_KUBECTL")), "kubectl not found; OVD_SKIP_KUBECTL=1");
      fail(
          "kubectl is not installed (looked at $KUBECTL, /usr/bin/kubectl and PATH). Install it "
              + "(e.g. `apt-get install kubernetes-client`, as .ci/run does) or set OVD_SKIP_KUBECTL=1 "
              + "to skip this test.");
    }
    kubectl = found.get();
    Files.createDirectories(WORK);
    server = EmbeddedApiServer.start(0);
    client = server.newClient();
    try (Stream<Path> files = Files.list(ROOT.resolve("deploy/crds"))) {
      for (Path crd : files.sorted().toList()) {
        try (InputStream in = Files.newInputStream(crd)) {
          client.load(in).serverSideApply();
        }
      }
    }
    for (String sample : List.of("00-secrets.yaml", "10-cluster.yaml", "20-nodes.yaml")) {
      try (InputStream in = Files.newInputStream(ROOT.resolve("deploy/samples/lab/" + sample))) {
        for (HasMetadata item : client.load(in).items()) {
          client.resource(item).inNamespace("default").serverSideApply();
        }
      }
    }
    kubeconfig = server.writeKubeconfig(WORK.resolve("kubeconfig.yaml"));
  }

  @AfterAll
  static void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    Files.createDirectories(WORK);
    Files.writeString(WORK.resolve("transcript.txt"), TRANSCRIPT);
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

  private static ProcessBuilder process(String... args) {
    List<String> command = new ArrayList<>(List.of(kubectl));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
    Map<String, String> env = pb.environment();
    env.put("KUBECONFIG", kubeconfig.toString());
    // every run has a new port: keep kubectl's discovery and OpenAPI caches out of ~/.kube
    env.put("KUBECACHEDIR", WORK.resolve("cache").toString());
    return pb;
  }

  record Run(int exit, String out) {}

  /** Runs kubectl to its end; stdout then stderr. */
  private static Run run(String... args) throws Exception {
    Path out = Files.createTempFile(WORK, "out", ".txt");
    try {
      Process p = process(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("kubectl " + String.join(" ", args) + " did not finish within 60 s");
      }
      Run run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      record(args, run.out(), "exit " + run.exit());
      return run;
    } finally {
      Files.delete(out);
    }
  }

  private static String ok(String... args) throws Exception {
    Run run = run(args);
    assertThat(run.exit())
        .as("exit code of kubectl %s; output:%n%s", String.join(" ", args), run.out())
        .isZero();
    return run.out();
  }

  private static synchronized void record(String[] args, String output, String end) {
    TRANSCRIPT.append("$ kubectl ").append(String.join(" ", args)).append('\n').append(output);
    if (!output.endsWith("\n")) {
      TRANSCRIPT.append('\n');
    }
    TRANSCRIPT.append('(').append(end).append(")\n\n");
  }

  // ---------------------------------------------------------------------------------------------
  // kubectl explain

  @Test
  void explainShowsTheKindWithItsDescriptionAndFields() throws Exception {
    String kind = ok("explain", "ovdfailoverclusters");
    assertThat(kind)
        .contains(
            "GROUP:      ovdfailover.io",
            "KIND:       OvdFailoverCluster",
            "VERSION:    v1alpha1",
            "DESCRIPTION:",
            "One Inuvika OVD Session Manager failover setup",
            "FIELDS:")
        .containsPattern("apiVersion\\t<string>")
        .containsPattern("metadata\\t<ObjectMeta>")
        .containsPattern("spec\\t<Object>")
        .containsPattern("status\\t<Object>")
        .doesNotContain("<no description>", "<empty>");
    // the short name and a ClusterNode field deep down
    String hostKey = ok("explain", "ovdnode.spec.ssh.hostKey");
    assertThat(hostKey)
        .contains("KIND:       ClusterNode", "FIELD: hostKey <string>", "known_hosts line");
  }

  @Test
  void explainOfAFieldShowsItsTypeDescriptionAndEnum() throws Exception {
    assertThat(ok("explain", "ovdfailoverclusters.spec.failoverTest.timeZone"))
        .contains("FIELD: timeZone <string>", "IANA time zone name");
    assertThat(ok("explain", "ovdfailoverclusters.spec.sessionManagers"))
        .contains("FIELD: sessionManagers <[]Object>", "Exactly two session-manager nodes")
        .containsPattern("name\\t<string> -required-")
        .containsPattern("privateAddress\\t<string> -required-");
    assertThat(ok("explain", "ovdfailoverclusters.status.conditions.status"))
        .contains("FIELD: status <string>", "ENUM:", "True", "False", "Unknown");
    assertThat(ok("explain", "ovdfailoverclusters.status.conditions"))
        .containsPattern("lastTransitionTime\\t<string> -required-")
        .containsPattern("observedGeneration\\t<integer>");
    assertThat(ok("explain", "ovdfailoverclusters.metadata.labels"))
        .as("ObjectMeta is resolved through its $ref")
        .contains("FIELD: labels <map[string]string>");
  }

  @Test
  void explainRecursiveWalksTheWholeSpec() throws Exception {
    String spec = ok("explain", "ovdfailoverclusters.spec", "--recursive");
    for (String field :
        List.of(
            "clusterName",
            "privateNetwork",
            "cidr",
            "vip",
            "snatDestinations",
            "sessionManagers",
            "quorumNodes",
            "database",
            "credentialsSecret",
            "failoverTest",
            "schedule",
            "timeZone",
            "maintenance",
            "allowDowntime")) {
      assertThat(spec).as(field).containsPattern("(?m)^\\s+" + field + "\\t<");
    }
    assertThat(ok("explain", "ovdfailoverclusters.status", "--recursive"))
        .containsPattern("(?m)^\\s+lastFailoverTest\\t<Object>")
        .containsPattern("(?m)^\\s+endTime\\t<string>");
  }

  /** kubectl's older explain, which reads /openapi/v2 in protobuf. */
  @Test
  void explainFromTheOpenApiV2Document() throws Exception {
    assertThat(ok("explain", "ovdfailoverclusters", "--output=plaintext-openapiv2"))
        .contains(
            "KIND:     OvdFailoverCluster",
            "VERSION:  ovdfailover.io/v1alpha1",
            "One Inuvika OVD Session Manager failover setup",
            "Standard object metadata")
        .containsPattern("spec\\t<Object>");
    assertThat(
            ok(
                "explain",
                "ovdfailoverclusters.spec.failoverTest.timeZone",
                "--output=plaintext-openapiv2"))
        .contains("FIELD:    timeZone <string>", "IANA time zone name");
    assertThat(ok("explain", "ovdnodes.spec.ssh", "--recursive", "--output=plaintext-openapiv2"))
        .containsPattern("hostKey\\t<string>");
  }

  /**
   * With the OpenAPI documents served, kubectl no longer needs {@code --validate=false}: it finds
   * no server-side field validation in them and validates against the v2 schema itself, as it does
   * with an API server before 1.25, so an unknown field is refused before anything is sent.
   */
  @Test
  void applyWorksWithoutValidateFalseAndRefusesAnUnknownField() throws Exception {
    assertThat(ok("apply", "-n", "validation", "-f", "deploy/samples/lab/"))
        .contains(
            "ovdfailovercluster.ovdfailover.io/lab created",
            "clusternode.ovdfailover.io/osm1 created",
            "secret/ovd-db created");
    Path colour = Files.createDirectories(WORK.resolve("validation")).resolve("colour.yaml");
    Files.writeString(
        colour,
        Files.readString(ROOT.resolve("deploy/samples/lab/10-cluster.yaml"))
            .replace("spec:\n", "spec:\n  colour: blue\n")
            .replace("name: lab", "name: lab2"));
    Run refused = run("apply", "-n", "validation", "-f", colour.toString());
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.out())
        .contains(
            "unknown field \"colour\" in io.ovdfailover.v1alpha1.OvdFailoverCluster.spec",
            "--validate=false");
    assertThat(ok("get", "ovdclusters", "-n", "validation", "-o", "name"))
        .isEqualTo("ovdfailovercluster.ovdfailover.io/lab\n");
    // --validate=false: the server prunes the field and warns, as before
    assertThat(ok("apply", "-n", "validation", "--validate=false", "-f", colour.toString()))
        .contains(
            "Warning: unknown field \"spec.colour\"",
            "ovdfailovercluster.ovdfailover.io/lab2 created");
  }

  @Test
  void explainOfAnUnknownFieldOrABuiltInKindSaysSo() throws Exception {
    Run field = run("explain", "ovdfailoverclusters.spec.colour");
    assertThat(field.exit()).isNotZero();
    assertThat(field.out()).contains("field \"colour\" does not exist");
    Run pods = run("explain", "pods");
    assertThat(pods.exit()).as("built-in kinds have no OpenAPI document here").isNotZero();
  }
}
