package io.ovdfailover.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A watch as kubectl and client-go read it: one HTTP response that stays open, one JSON watch event
 * ({@code {"type":"MODIFIED","object":{...}}}) per line. fabric8's CRUD store watches over
 * WebSocket only (its clients' way); this plugs a stand-in WebSocket into the store's watch
 * listener and turns what the listener sends into lines of that response.
 *
 * <p>As on an API server, a watch that starts from a resourceVersion (kubectl get -w starts from
 * its list's) does not get again, as ADDED, the objects that version already held: the store
 * replays everything that matches when a watch opens. A client that asks for a Table gets each
 * event's object as a one-row Table.
 */
final class StreamingWatch {
  /** Where the event lines go: the open HTTP response. */
  interface Sink {
    /** One event, a line of JSON (without the newline). */
    void event(String line);

    /** The watch ended on the server's side: end the response. */
    void end();
  }

  /** An open watch; closing it (the client went away) removes it from the store. */
  interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  private StreamingWatch() {}

  /**
   * Opens the watch the store answered with.
   *
   * @param answer the store's answer to the watch request: a WebSocket upgrade with its listener
   * @param since the resourceVersion the client starts from; 0 when it asked for none (or "0"):
   *     then the current objects come as ADDED, as on an API server
   * @param transform what the client sees of each event's object (the object itself, or a Table)
   * @return null when the answer is not a watch (an error: the caller sends it as it is)
   */
  static Handle open(
      RecordedRequest request,
      MockResponse answer,
      long since,
      UnaryOperator<JsonNode> transform,
      ObjectMapper json,
      Sink sink) {
    WebSocketListener listener = answer.getWebSocketListener();
    if (listener == null) {
      return null;
    }
    AtomicBoolean ended = new AtomicBoolean();
    WebSocket socket =
        new WebSocket() {
          @Override
          public RecordedRequest request() {
            return request;
          }

          @Override
          public boolean send(String text) {
            if (ended.get()) {
              return false;
            }
            try {
              ObjectNode event = (ObjectNode) json.readTree(text);
              JsonNode object = event.path("object");
              if (since > 0
                  && "ADDED".equals(event.path("type").asText())
                  && resourceVersion(object) <= since) {
                return true; // the client listed it already
              }
              // type first, as the API server writes it
              ObjectNode line = json.createObjectNode().put("type", event.path("type").asText());
              line.set("object", transform.apply(object));
              sink.event(json.writeValueAsString(line));
              return true;
            } catch (Exception e) {
              return false;
            }
          }

          @Override
          public boolean send(byte[] bytes) {
            return false;
          }

          @Override
          public boolean close(int code, String reason) {
            if (ended.compareAndSet(false, true)) {
              sink.end();
            }
            return true;
          }
        };
    listener.onOpen(socket, answer);
    AtomicBoolean closed = new AtomicBoolean();
    // the listener leaves the store's watchers and closes the socket, which ends the response
    return () -> {
      if (closed.compareAndSet(false, true)) {
        listener.onClosed(socket, 1000, "watch closed");
      }
    };
  }

  /** The store's resourceVersions are numbers that grow with every write. */
  static long resourceVersion(JsonNode object) {
    try {
      return Long.parseLong(object.path("metadata").path("resourceVersion").asText("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
