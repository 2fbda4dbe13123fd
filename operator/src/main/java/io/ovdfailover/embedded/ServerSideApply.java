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
 * Server-side apply, approximated: create the object if it is absent, otherwise JSON-merge the applied
 * configuration into it. What a real API server does and this does not: no managedFields, no field ownership,
 * no conflicts, and a field left out of the applied configuration is never removed. Finalizers are a set
 * ({@code x-kubernetes-list-type: set}), so they are merged, not replaced. Nulls are dropped, as an applied
 * configuration cannot delete anything here.
 */
final class ServerSideApply {
  private static final String STATUS_SUFFIX = "/status";

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
    if (current == null) {
      if (path.endsWith(STATUS_SUFFIX)) {
        return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
            + "\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
      }
      String collection = path.substring(0, path.lastIndexOf('/'));
      return store.dispatch(ApiServerAdapter.copy(request, HttpMethod.POST, collection, "application/json",
          json.writeValueAsString(applied)));
    }
    unionFinalizers(applied, current);
    return mergePatch.apply(request, path, current, applied);
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
      object.fields().forEachRemaining(e -> {
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

  /** Strategic-merge-patch directives ({@code $patch}, {@code $setElementOrder/...}) mean nothing to a merge patch. */
  static void dropDirectives(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
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
