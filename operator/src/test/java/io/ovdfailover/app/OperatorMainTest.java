package io.ovdfailover.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.embedded.CrdManifests;
import io.ovdfailover.embedded.EmbeddedApiServer;
import io.ovdfailover.testsupport.Samples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The process as `java -jar ... --embedded` runs it, minus the JVM: health, metrics, kubeconfig,
 * leases.
 */
class OperatorMainTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void embeddedProcessServesHealthMetricsAndAKubeconfig() throws Exception {
    Path kubeconfig = Path.of("target", "main-test", "kubeconfig.yaml");
    OperatorSettings settings =
        OperatorSettings.parse(
            new String[] {
              "--embedded",
              "--embedded-port=0",
              "--drive-hosts=false",
              "--metrics-port=0",
              "--kubeconfig-out",
              kubeconfig.toString()
            },
            Map.of());
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (OperatorMain.Running running =
        OperatorMain.start(settings, new PrintStream(console, true, StandardCharsets.UTF_8))) {
      int port = running.health().port();
      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);

      String config = Files.readString(kubeconfig);
      assertThat(config)
          .contains("server: " + running.embedded().url(), "current-context: ovd-embedded");
      assertThat(console.toString(StandardCharsets.UTF_8))
          .contains(
              "export KUBECONFIG=" + kubeconfig.toAbsolutePath(),
              "kubectl apply --validate=false -f deploy/samples/lab/",
              "kubectl get ovdclusters",
              "kubectl describe ovdcluster lab");

      try (KubernetesClient client = running.embedded().newClient()) {
        client.resource(Samples.cluster("default", "lab")).create();
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () ->
                    client
                            .resources(OvdFailoverCluster.class)
                            .inNamespace("default")
                            .withName("lab")
                            .get()
                            .getStatus()
                        != null);
      }
      HttpResponse<String> metrics = get(port, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
      assertThat(metrics.body())
          .contains(
              "operator_sdk_reconciliations_started_total",
              "jvm_memory_used_bytes",
              "controller=\"ovdfailovercluster\"");
    }
  }

  @Test
  void logFormatJsonWritesOneJsonObjectPerLine() throws Exception {
    Path out = Path.of("target", "json-log-test", "stdout.txt");
    Files.createDirectories(out.getParent());
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                OperatorMain.class.getName(),
                "--embedded",
                "--embedded-port=0",
                "--metrics-port=0",
                "--log-format=json",
                "--kubeconfig-out=" + out.getParent().resolve("kubeconfig.yaml"))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(out).contains("Stop with Ctrl-C."));
    } finally {
      process.destroy();
      process.waitFor();
    }
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var logLines = Files.readAllLines(out).stream().filter(l -> l.startsWith("{")).toList();
    assertThat(logLines).isNotEmpty();
    for (String line : logLines) {
      var entry = mapper.readTree(line);
      assertThat(entry.path("level").asText()).isNotEmpty();
      assertThat(entry.has("formattedMessage")).isTrue();
    }
    assertThat(logLines).anySatisfy(l -> assertThat(l).contains("operator started"));
  }

  @Test
  void embeddedClientTalksToLoopbackOnly() {
    try (EmbeddedApiServer server = EmbeddedApiServer.start(0);
        KubernetesClient client = server.newClient()) {
      var config = client.getConfiguration();
      assertThat(config.getMasterUrl()).startsWith("http://127.0.0.1:");
      assertThat(config.getHttpProxy()).isNull();
      assertThat(config.getHttpsProxy()).isNull();
    }
  }

  @Test
  void leaderElectionTakesTheLeaseAndReconciles() {
    try (EmbeddedApiServer server = EmbeddedApiServer.start(0);
        KubernetesClient client = server.newClient()) {
      CrdManifests.install(client);
      OperatorSettings settings =
          OperatorSettings.parse(
              new String[] {
                "--leader-election=true",
                "--drive-hosts=false",
                "--lease-namespace=ops",
                "--lease-name=ovd-test"
              },
              Map.of());
      try (OperatorRuntime operator =
          OperatorRuntime.start(client, settings, new SimpleMeterRegistry())) {
        assertThat(operator.started()).isTrue();
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .untilAsserted(
                () -> {
                  Lease lease = client.leases().inNamespace("ops").withName("ovd-test").get();
                  assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
                });
        client.resource(Samples.cluster("default", "lab")).create();
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () ->
                    client
                        .resources(OvdFailoverCluster.class)
                        .inNamespace("default")
                        .withName("lab")
                        .get()
                        .getStatus()
                        .nodesReady
                        .equals("0/5"));
      }
    }
  }
}
