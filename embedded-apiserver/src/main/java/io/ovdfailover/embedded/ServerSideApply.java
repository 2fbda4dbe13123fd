package io.ovdfailover.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Server-side apply, approximated: create the object if it is absent, otherwise JSON-merge the
 * applied configuration into it. Like a real API server, a field a manager applied before and
 * leaves out now is removed (so a refused failover test does not keep the previous test's figures);
 * the server remembers, per object and field manager, the leaf fields of the last configuration
 * applied (lists count as one field, as the guide's atomic lists do). What a real API server does
 * and this does not: no managedFields in the object, no conflicts between managers (a field another
 * manager also set is removed all the same), and metadata is never removed. Finalizers are a set
 * ({@code x-kubernetes-list-type: set}), so they are merged, not replaced. Nulls in an applied
 * configuration are dropped.
 */
final class ServerSideApply {
  private static final String STATUS_SUFFIX = "/status";

  /** Per object path, per field manager: the leaf fields of the last configuration it applied. */
  private final Map<String, Map<String, Set<String>>> applied =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final KubernetesCrudDispatcher store;
  private final ObjectMapper json;
  private final MergePatch mergePatch;

  ServerSideApply(KubernetesCrudDispatcher store, ObjectMapper json, MergePatch mergePatch) {
    this.store = store;
    this.json = json;
    this.mergePatch = mergePatch;
  }

  MockResponse apply(RecordedRequest request, String path, String body) throws Exception {
    JsonNode applied = parse(body);
    if (applied.path("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields");
      metadata.remove("resourceVersion");
    }
    dropNulls(applied);
    JsonNode current = mergePatch.current(path);
    Set<String> before = remember(applied, path, fieldManager(request));
    if (current == null) {
      if (path.endsWith(STATUS_SUFFIX)) {
        return new MockResponse()
            .setResponseCode(404)
            .setBody(
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                    + "\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
      }
      String collection = path.substring(0, path.lastIndexOf('/'));
      return store.dispatch(
          ApiServerAdapter.copy(
              request,
              HttpMethod.POST,
              collection,
              "application/json",
              json.writeValueAsString(applied)));
    }
    unionFinalizers(applied, current);
    removeFieldsNoLongerApplied(applied, before);
    return mergePatch.apply(request, path, current, applied);
  }

  private static String fieldManager(RecordedRequest request) {
    String full = request.getPath() == null ? "" : request.getPath();
    int q = full.indexOf('?');
    if (q >= 0) {
      for (String param : full.substring(q + 1).split("&")) {
        if (param.startsWith("fieldManager=")) {
          return java.net.URLDecoder.decode(
              param.substring("fieldManager=".length()), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    }
    return "";
  }

  /**
   * Records the leaves this manager applies now; returns those of its previous apply (null if
   * none).
   */
  private Set<String> remember(JsonNode config, String path, String manager) {
    Set<String> now = new LinkedHashSet<>();
    leaves(config, "", now);
    return applied
        .computeIfAbsent(path, k -> new java.util.concurrent.ConcurrentHashMap<>())
        .put(manager, now);
  }

  /**
   * Adds a null (a merge patch's delete) for each leaf this manager applied last time and leaves
   * out now.
   */
  private static void removeFieldsNoLongerApplied(JsonNode config, Set<String> before) {
    if (before == null || !(config instanceof ObjectNode root)) {
      return;
    }
    Set<String> now = new LinkedHashSet<>();
    leaves(config, "", now);
    for (String gone : before) {
      if (now.contains(gone)
          || gone.startsWith("/metadata")
          || now.stream().anyMatch(n -> gone.startsWith(n + "/"))) {
        continue;
      }
      String[] parts = gone.substring(1).split("/");
      for (int i = 0; i < parts.length; i++) {
        parts[i] = parts[i].replace("~1", "/").replace("~0", "~");
      }
      ObjectNode at = root;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonNode next = at.get(parts[i]);
        if (next != null && !(next instanceof ObjectNode)) {
          at = null; // now a scalar or a list: the merge replaces it whole
          break;
        }
        at = next == null ? at.putObject(parts[i]) : (ObjectNode) next;
      }
      if (at != null && !at.has(parts[parts.length - 1])) {
        at.putNull(parts[parts.length - 1]);
      }
    }
  }

  private static void leaves(JsonNode node, String prefix, Set<String> out) {
    if (node instanceof ObjectNode object && object.size() > 0) {
      object
          .fields()
          .forEachRemaining(
              e ->
                  leaves(
                      e.getValue(),
                      prefix + "/" + e.getKey().replace("~", "~0").replace("/", "~1"),
                      out));
    } else if (!prefix.isEmpty()) {
      out.add(prefix);
    }
  }

  /** kubectl sends JSON; the content type says YAML, so accept both. */
  private JsonNode parse(String body) throws Exception {
    String trimmed = body.trim();
    if (trimmed.startsWith("{")) {
      return json.readTree(trimmed);
    }
    Object yaml = new Load(LoadSettings.builder().build()).loadFromString(body);
    return json.valueToTree(yaml instanceof Map<?, ?> ? yaml : Map.of());
  }

  private void unionFinalizers(JsonNode applied, JsonNode current) {
    JsonNode appliedFinalizers = applied.path("metadata").path("finalizers");
    JsonNode currentFinalizers = current.path("metadata").path("finalizers");
    if (!appliedFinalizers.isArray() || !currentFinalizers.isArray()) {
      return;
    }
    Set<String> union = new LinkedHashSet<>();
    currentFinalizers.forEach(f -> union.add(f.asText()));
    appliedFinalizers.forEach(f -> union.add(f.asText()));
    ArrayNode merged = ((ObjectNode) applied.path("metadata")).putArray("finalizers");
    union.forEach(merged::add);
  }

  static void dropNulls(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> nulls = new ArrayList<>();
      object
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().isNull()) {
                  nulls.add(e.getKey());
                } else {
                  dropNulls(e.getValue());
                }
              });
      object.remove(nulls);
    } else if (node instanceof ArrayNode array) {
      array.forEach(ServerSideApply::dropNulls);
    }
  }

  /**
   * Strategic-merge-patch directives ({@code $patch}, {@code $setElementOrder/...}) mean nothing to
   * a merge patch.
   */
  static void dropDirectives(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
        if (it.next().startsWith("$")) {
          it.remove();
        }
      }
      object.forEach(ServerSideApply::dropDirectives);
    } else if (node instanceof ArrayNode array) {
      array.forEach(ServerSideApply::dropDirectives);
    }
  }
}
