package io.ovdfailover.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  @Test
  void readyOnlyOnceTheOperatorHasStartedAndMetricsInPrometheusText() throws Exception {
    AtomicBoolean started = new AtomicBoolean(false);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("ovd_test_events").increment();
    HttpClient http = HttpClient.newHttpClient();
    try (HealthServer server =
        HealthServer.start(InetAddress.getLoopbackAddress(), 0, started::get, registry)) {
      String base = "http://127.0.0.1:" + server.port();
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(503);
      started.set(true);
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .contains("# TYPE ovd_test_events_total counter", "ovd_test_events_total 1.0");
    }
  }

  @Test
  void healthAndMetricsOnPortsOfTheirOwnAnswerOnlyTheirPaths() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("ovd_test_events").increment();
    HttpClient http = HttpClient.newHttpClient();
    try (HealthServer health =
            HealthServer.start(
                InetAddress.getLoopbackAddress(),
                0,
                EnumSet.of(HealthServer.Endpoint.HEALTH),
                () -> true,
                registry);
        HealthServer metrics =
            HealthServer.start(
                InetAddress.getLoopbackAddress(),
                0,
                EnumSet.of(HealthServer.Endpoint.METRICS),
                () -> true,
                registry)) {
      assertThat(health.port()).isNotEqualTo(metrics.port());
      assertThat(status(http, health.port(), "/healthz")).isEqualTo(200);
      assertThat(status(http, health.port(), "/readyz")).isEqualTo(200);
      assertThat(status(http, health.port(), "/metrics")).isEqualTo(404);
      assertThat(status(http, metrics.port(), "/metrics")).isEqualTo(200);
      assertThat(status(http, metrics.port(), "/healthz")).isEqualTo(404);
      assertThat(status(http, metrics.port(), "/readyz")).isEqualTo(404);
    }
  }

  @Test
  void aPortInUseNamesTheFlagThatMovesIt() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (HealthServer taken =
        HealthServer.start(InetAddress.getLoopbackAddress(), 0, () -> true, registry)) {
      assertThatThrownBy(
              () ->
                  HealthServer.start(
                      InetAddress.getLoopbackAddress(),
                      taken.port(),
                      EnumSet.of(HealthServer.Endpoint.HEALTH),
                      () -> true,
                      registry))
          .hasMessageContaining("for /healthz, /readyz is in use")
          .hasMessageContaining("--health-port");
      assertThatThrownBy(
              () ->
                  HealthServer.start(
                      InetAddress.getLoopbackAddress(), taken.port(), () -> true, registry))
          .hasMessageContaining("for /healthz, /readyz, /metrics is in use")
          .hasMessageContaining("--metrics-port");
    }
  }

  private static int status(HttpClient http, int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }
}
