package io.ovdfailover.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
}
