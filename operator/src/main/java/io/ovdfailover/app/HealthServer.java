package io.ovdfailover.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (the operator has started; with leader
 * election a standby replica is ready too, it just does not reconcile) and {@code /metrics}
 * (Prometheus text format).
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  public static HealthServer start(
      InetAddress bind, int port, BooleanSupplier ready, PrometheusMeterRegistry registry)
      throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bind, port), 0);
    } catch (java.net.BindException e) {
      throw new IOException(
          "port "
              + port
              + " for /healthz, /readyz and /metrics is in use: choose another with "
              + "--metrics-port (0 picks a free one)",
          e);
    }
    server.createContext("/healthz", exchange -> reply(exchange, 200, "text/plain", "ok\n"));
    server.createContext(
        "/readyz",
        exchange -> {
          boolean isReady = ready.getAsBoolean();
          reply(exchange, isReady ? 200 : 503, "text/plain", isReady ? "ready\n" : "starting\n");
        });
    server.createContext(
        "/metrics",
        exchange ->
            reply(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
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
