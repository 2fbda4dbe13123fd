package io.ovdfailover.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.crd.CrdManifests;
import io.ovdfailover.embedded.EmbeddedApiServer;
import io.ovdfailover.testsupport.Samples;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The process minus the JVM, on the embedded API server: health, metrics, leases. The launcher's
 * own test (module embedded) runs the whole {@code java -jar ovd-failover-embedded.jar} way.
 */
class OperatorMainTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void startsHealthMetricsAndTheOperatorOnAGivenClient() throws Exception {
    try (EmbeddedApiServer server = EmbeddedApiServer.start(0);
        KubernetesClient client = server.newClient()) {
      CrdManifests.install(client);
      OperatorSettings settings =
          OperatorSettings.parse(
              new String[] {"--drive-hosts=false", "--metrics-port=0"}, Map.of());
      try (OperatorMain.Running running =
          OperatorMain.start(client, settings, InetAddress.getLoopbackAddress())) {
        int port = running.health().port();
        assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
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
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
            .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(metrics.body())
            .contains(
                "operator_sdk_reconciliations_started_total",
                "jvm_memory_used_bytes",
                "controller=\"ovdfailovercluster\"");
        // the operator's own, from the status its reconcile wrote (not driving hosts: Pending)
        assertThat(metrics.body())
            .contains(
                "ovd_cluster_phase{cluster=\"lab\",namespace=\"default\",phase=\"Pending\"} 1.0",
                "ovd_cluster_ready{cluster=\"lab\",namespace=\"default\"} 0.0");
      }
      assertThat(client.namespaces().list()).as("the caller's client stays open").isNotNull();
    }
  }

  @Test
  void aHealthPortOfItsOwnLeavesTheMetricsPortToMetrics() throws Exception {
    try (EmbeddedApiServer server = EmbeddedApiServer.start(0);
        KubernetesClient client = server.newClient()) {
      CrdManifests.install(client);
      OperatorSettings settings =
          OperatorSettings.parse(
              new String[] {"--drive-hosts=false", "--metrics-port=0", "--health-port=0"},
              Map.of());
      try (OperatorMain.Running running =
          OperatorMain.start(client, settings, InetAddress.getLoopbackAddress())) {
        int health = running.health().port();
        int metrics = running.metrics().port();
        assertThat(health).isNotEqualTo(metrics);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> get(health, "/readyz").statusCode() == 200);
        assertThat(get(health, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(health, "/metrics").statusCode()).isEqualTo(404);
        assertThat(get(metrics, "/metrics").body()).contains("operator_sdk_");
        assertThat(get(metrics, "/healthz").statusCode()).isEqualTo(404);
      }
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
