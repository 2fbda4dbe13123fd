package io.ovdfailover.embedded.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `java -jar embedded/target/ovd-failover-embedded.jar` runs, in this JVM and in another. */
class EmbeddedMainTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path LAB_CLUSTER = Path.of("../deploy/samples/lab/10-cluster.yaml");

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheOperatorHealthMetricsAndAKubeconfig() throws Exception {
    Path kubeconfig = Path.of("target", "main-test", "kubeconfig.yaml");
    EmbeddedSettings settings =
        EmbeddedSettings.parse(
            new String[] {
              "--embedded-port=0",
              "--drive-hosts=false",
              "--metrics-port=0",
              "--kubeconfig-out",
              kubeconfig.toString()
            },
            Map.of());
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (EmbeddedMain.Running running =
        EmbeddedMain.start(settings, new PrintStream(console, true, StandardCharsets.UTF_8))) {
      int port = running.operator().health().port();
      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);

      assertThat(Files.readString(kubeconfig))
          .contains("server: " + running.server().url(), "current-context: ovd-embedded");
      assertThat(console.toString(StandardCharsets.UTF_8))
          .contains(
              "export KUBECONFIG=" + kubeconfig.toAbsolutePath(),
              "kubectl apply --validate=false -f deploy/samples/lab/",
              "kubectl get ovdclusters",
              "kubectl describe ovdcluster lab");

      try (KubernetesClient client = running.server().newClient()) {
        client.load(Files.newInputStream(LAB_CLUSTER)).inNamespace("default").create();
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () ->
                    client
                        .genericKubernetesResources("ovdfailover.io/v1alpha1", "OvdFailoverCluster")
                        .inNamespace("default")
                        .withName("lab")
                        .get()
                        .getAdditionalProperties()
                        .containsKey("status"));
      }
      assertThat(get(port, "/metrics").body())
          .contains("operator_sdk_reconciliations_started_total", "jvm_memory_used_bytes");
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
                EmbeddedMain.class.getName(),
                "--embedded-port=0",
                "--metrics-port=0",
                "--drive-hosts=false",
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
    ObjectMapper mapper = new ObjectMapper();
    List<String> logLines =
        Files.readAllLines(out).stream().filter(l -> l.startsWith("{")).toList();
    assertThat(logLines).isNotEmpty();
    for (String line : logLines) {
      var entry = mapper.readTree(line);
      assertThat(entry.path("level").asText()).isNotEmpty();
      assertThat(entry.has("formattedMessage")).isTrue();
    }
    assertThat(logLines).anySatisfy(l -> assertThat(l).contains("operator started"));
  }
}
