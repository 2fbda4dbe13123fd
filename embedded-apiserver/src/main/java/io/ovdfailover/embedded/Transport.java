package io.ovdfailover.embedded;

import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded server's HTTP side: a Vert.x server on one address that hands every request to the
 * adapter the way fabric8's mock web server does (its request handler, so WebSocket upgrades, which
 * fabric8 clients watch over, work as before), except a watch asked over plain HTTP, which it
 * streams itself ({@link StreamingWatch}). fabric8's MockWebServer writes every answer whole, so
 * kubectl's watches (kubectl get -w, kubectl wait, the informers of kubectl delete) were refused.
 *
 * <p>Unlike MockWebServer it keeps no copy of the requests it served (MockWebServer queues every
 * one for its tests to inspect, which a long-running embedded server does not want).
 */
final class Transport implements AutoCloseable {
  /** The WebSocket subprotocols fabric8's mock server offers (exec and attach channels). */
  private static final List<String> SUBPROTOCOLS =
      List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io");

  private final Vertx vertx;
  private final HttpServer http;

  private Transport(Vertx vertx, HttpServer http) {
    this.vertx = vertx;
    this.http = http;
  }

  static Transport start(InetAddress address, int port, ApiServerAdapter adapter) {
    Vertx vertx = Vertx.vertx();
    HttpServerRequestHandler dispatch =
        new HttpServerRequestHandler(vertx) {
          @Override
          protected MockResponse onHttpRequest(RecordedRequest request) {
            return adapter.dispatch(request);
          }
        };
    HttpServer http =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(address.getHostAddress())
                .setPort(port)
                .setWebSocketSubProtocols(SUBPROTOCOLS)
                .setHandle100ContinueAutomatically(true));
    http.requestHandler(
        request -> {
          if (isStreamingWatch(request)) {
            stream(request, adapter, dispatch);
          } else {
            dispatch.handle(request);
          }
        });
    try {
      http.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      vertx.close();
      throw new IllegalStateException(
          "cannot listen on " + address.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      vertx.close();
      throw new IllegalStateException(e);
    }
    return new Transport(vertx, http);
  }

  int port() {
    return http.actualPort();
  }

  /** A GET with watch=true (or 1) that does not ask to upgrade to WebSocket. */
  static boolean isStreamingWatch(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET) {
      return false;
    }
    String upgrade = request.getHeader("Upgrade");
    if (upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
      return false;
    }
    String watch = request.getParam("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  /**
   * Opens the watch and keeps the response open, one event per chunk, until the client goes away,
   * the watch's timeoutSeconds pass (client-go's reflectors ask for one), or the store ends it.
   */
  private static void stream(
      HttpServerRequest request, ApiServerAdapter adapter, HttpServerRequestHandler dispatch) {
    Context context = Vertx.currentContext();
    HttpServerResponse response = request.response();
    RecordedRequest recorded =
        new RecordedRequest(
            request.version().alpnName().toUpperCase(Locale.ROOT),
            io.fabric8.mockwebserver.dsl.HttpMethod.GET,
            request.uri(),
            Headers.builder().addAll(request.headers()).build(),
            new Buffer());
    StreamingWatch.Sink sink =
        new StreamingWatch.Sink() {
          @Override
          public void event(String line) {
            // events come from the store's watcher thread: write on the connection's own thread
            context.runOnContext(
                v -> {
                  if (!response.ended() && !response.closed()) {
                    response.write(line + "\n");
                  }
                });
          }

          @Override
          public void end() {
            context.runOnContext(
                v -> {
                  if (!response.ended() && !response.closed()) {
                    response.end();
                  }
                });
          }
        };
    StreamingWatch.Handle watch = adapter.watch(recorded, sink);
    if (watch == null) {
      // not a watch after all (an unknown resource, say): answered as any request, with its error
      dispatch.handle(request);
      return;
    }
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache, private");
    // the client learns the watch is open before the first event, as from an API server
    response.writeHead();
    response.closeHandler(v -> watch.close());
    String timeout = request.getParam("timeoutSeconds");
    if (timeout != null && timeout.matches("[0-9]{1,9}") && Long.parseLong(timeout) > 0) {
      context
          .owner()
          .setTimer(TimeUnit.SECONDS.toMillis(Long.parseLong(timeout)), t -> watch.close());
    }
  }

  @Override
  public void close() {
    try {
      http.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway: the Vert.x instance below takes the sockets with it
    } finally {
      vertx.close();
    }
  }
}
