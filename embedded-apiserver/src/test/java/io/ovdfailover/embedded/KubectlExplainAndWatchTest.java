package io.ovdfailover.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
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
    kubectl = KubectlBinary.require("");
    Files.createDirectories(WORK);
    server = EmbeddedApiServer.start(0);
    client = server.newClient();
    KubectlBinary.installCrds(client, ROOT);
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

  // ---------------------------------------------------------------------------------------------
  // kubectl get -w: a watch over one streamed HTTP response

  /** kubectl running in the background, its output collected in a file. */
  private record Background(Process process, Path out, String[] args) implements AutoCloseable {
    static Background start(String... args) throws IOException {
      Path out = Files.createTempFile(WORK, "watch", ".txt");
      Process p =
          KubectlExplainAndWatchTest.process(args)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      p.getOutputStream().close();
      return new Background(p, out, args);
    }

    String output() throws IOException {
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Waits until the output matches, failing with what kubectl printed. */
    String await(String regex) throws Exception {
      java.util.regex.Pattern pattern =
          java.util.regex.Pattern.compile(regex, java.util.regex.Pattern.MULTILINE);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        String output = output();
        if (pattern.matcher(output).find()) {
          return output;
        }
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
      return fail(
          "kubectl %s: no output matching %s within 30 s (alive: %s); output:%n%s",
          String.join(" ", args), regex, process.isAlive(), output());
    }

    @Override
    public void close() throws IOException {
      process.destroy();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process.destroyForcibly();
      record(args, output(), "stopped by the test");
      Files.deleteIfExists(out);
    }
  }

  private static io.fabric8.kubernetes.client.dsl.Resource<
          io.fabric8.kubernetes.api.model.GenericKubernetesResource>
      cluster(String namespace, String name) {
    return client
        .genericKubernetesResources("ovdfailover.io/v1alpha1", "OvdFailoverCluster")
        .inNamespace(namespace)
        .withName(name);
  }

  /** What the operator does: a status write through the status subresource. */
  private static void writeStatus(String namespace, String name, Map<String, Object> status) {
    io.fabric8.kubernetes.api.model.GenericKubernetesResource r = cluster(namespace, name).get();
    r.setAdditionalProperty("status", status);
    cluster(namespace, name).updateStatus(r);
  }

  private static void applySamples(String namespace) throws IOException {
    try (InputStream in =
        Files.newInputStream(ROOT.resolve("deploy/samples/lab/10-cluster.yaml"))) {
      for (HasMetadata item : client.load(in).items()) {
        client.resource(item).inNamespace(namespace).serverSideApply();
      }
    }
  }

  @Test
  void getWatchPrintsTheListThenEachChangeOnce() throws Exception {
    applySamples("watch");
    try (Background watch = Background.start("get", "ovdclusters", "-n", "watch", "-w")) {
      String first = watch.await("^lab\\s");
      assertThat(first.lines().findFirst().orElseThrow())
          .contains("NAME", "PHASE", "LAST-TEST", "TESTED", "AGE");
      assertThat(first.lines().filter(l -> l.startsWith("lab ")).count())
          .as("the object listed is not sent again as ADDED")
          .isEqualTo(1);
      writeStatus(
          "watch",
          "lab",
          Map.of(
              "phase",
              "Ready",
              "activeNode",
              "osm1",
              "nodesReady",
              "5/5",
              "lastFailoverTest",
              Map.of(
                  "result",
                  "Succeeded",
                  "switchoverSeconds",
                  6.2,
                  "startTime",
                  java.time.Instant.now().minusSeconds(7300).toString(),
                  "endTime",
                  java.time.Instant.now().minusSeconds(7200).toString())));
      String changed =
          watch.await(
              "^lab\\s+Ready\\s+osm1\\s+198\\.18\\.0\\.100\\s+5/5\\s+Succeeded\\s+6\\.2\\s+(120m|119m|2h)\\s");
      assertThat(changed.lines().filter(l -> l.startsWith("NAME")).count())
          .as("one header: the column definitions do not change")
          .isEqualTo(1);
    }
  }

  @Test
  void getWatchOnlyWithEventsShowsAddedModifiedDeleted() throws Exception {
    try (Background watch =
        Background.start(
            "get", "ovdclusters", "-n", "events", "--watch-only", "--output-watch-events")) {
      Thread.sleep(1500); // kubectl opens its watch
      applySamples("events");
      watch.await("^ADDED\\s+lab\\s");
      cluster("events", "lab")
          .edit(
              r -> {
                r.getMetadata().setLabels(Map.of("drill", "spring"));
                return r;
              });
      watch.await("^MODIFIED\\s+lab\\s");
      cluster("events", "lab").delete();
      watch.await("^DELETED\\s+lab\\s");
    }
  }

  @Test
  void watchOfPlainObjectsAndWait() throws Exception {
    applySamples("wait");
    try (Background json =
            Background.start(
                "get",
                "ovdcluster",
                "lab",
                "-n",
                "wait",
                "-w",
                "-o",
                "jsonpath={.status.phase}{\"\\n\"}");
        Background wait =
            Background.start(
                "wait",
                "ovdcluster/lab",
                "-n",
                "wait",
                "--for=jsonpath={.status.phase}=Ready",
                "--timeout=30s")) {
      Thread.sleep(1500);
      writeStatus("wait", "lab", Map.of("phase", "Converging"));
      json.await("^Converging$");
      writeStatus("wait", "lab", Map.of("phase", "Ready"));
      json.await("^Ready$");
      assertThat(wait.process().waitFor(30, TimeUnit.SECONDS)).as("kubectl wait returns").isTrue();
      assertThat(wait.output()).contains("ovdfailovercluster.ovdfailover.io/lab condition met");
      assertThat(wait.process().exitValue()).isZero();
    }
    // kubectl delete waits for the object to go through a watch: no "Failed to watch" any more
    Run deleted = run("delete", "ovdcluster", "lab", "-n", "wait");
    assertThat(deleted.exit()).isZero();
    assertThat(deleted.out())
        .contains("ovdfailovercluster.ovdfailover.io \"lab\" deleted")
        .doesNotContain("Failed to watch");
  }

  /** client-go's reflectors ask for a timeout: the server ends the response then. */
  @Test
  void aWatchEndsAfterItsTimeout() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    long start = System.nanoTime();
    java.net.http.HttpResponse<String> response =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        server.url()
                            + "/apis/ovdfailover.io/v1alpha1/namespaces/default/ovdfailoverclusters"
                            + "?watch=true&timeoutSeconds=2"))
                .timeout(java.time.Duration.ofSeconds(20))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isBetween(1L, 10L);
    assertThat(response.body().lines())
        .as("no resourceVersion: the current objects come as ADDED, one JSON event per line")
        .singleElement()
        .asString()
        .startsWith("{\"type\":\"ADDED\",\"object\":{")
        .contains("\"name\":\"lab\"");
  }
}
