package io.ovdfailover.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (the operator has started; with leader
 * election a standby replica is ready too, it just does not reconcile) and {@code /metrics}
 * (Prometheus text format): on one port, or health and metrics each on its own ({@code
 * --health-port}) so that a Service or NetworkPolicy can expose the one and not the other.
 */
public final class HealthServer implements AutoCloseable {
  /** What a server answers; a path it does not serve is a 404. */
  public enum Endpoint {
    HEALTH("/healthz, /readyz", "--health-port"),
    METRICS("/metrics", "--metrics-port");

    private final String paths;
    private final String flag;

    Endpoint(String paths, String flag) {
      this.paths = paths;
      this.flag = flag;
    }
  }

  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  /** Health and metrics on one port. */
  public static HealthServer start(
      InetAddress bind, int port, BooleanSupplier ready, PrometheusMeterRegistry registry)
      throws IOException {
    return start(bind, port, EnumSet.allOf(Endpoint.class), ready, registry);
  }

  /**
   * @param serve what this server answers
   * @param ready read by /readyz (unused without {@link Endpoint#HEALTH})
   * @param registry scraped by /metrics (unused without {@link Endpoint#METRICS})
   */
  public static HealthServer start(
      InetAddress bind,
      int port,
      Set<Endpoint> serve,
      BooleanSupplier ready,
      PrometheusMeterRegistry registry)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bind, port), 0);
    } catch (java.net.BindException e) {
      // name the flag that moves what could not start: the metrics port unless health is alone
      Endpoint moved = serve.contains(Endpoint.METRICS) ? Endpoint.METRICS : Endpoint.HEALTH;
      throw new IOException(
          "port "
              + port
              + " for "
              + String.join(", ", serve.stream().map(x -> x.paths).toList())
              + " is in use: choose another with "
              + moved.flag
              + " (0 picks a free one)",
          e);
    }
    if (serve.contains(Endpoint.HEALTH)) {
      server.createContext("/healthz", exchange -> reply(exchange, 200, "text/plain", "ok\n"));
      server.createContext(
          "/readyz",
          exchange -> {
            boolean isReady = ready.getAsBoolean();
            reply(exchange, isReady ? 200 : 503, "text/plain", isReady ? "ready\n" : "starting\n");
          });
    }
    if (serve.contains(Endpoint.METRICS)) {
      server.createContext(
          "/metrics",
          exchange ->
              reply(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    }
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "health-http");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new HealthServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange exchange, int code, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
