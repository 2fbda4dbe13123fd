package io.ovdfailover.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonDiff;

/**
 * JSON merge patch (RFC 7386) done right. The CRUD store "merges" with Jackson's readerForUpdating,
 * which appends to arrays instead of replacing them (a condition list would grow a second entry per
 * type) and stores nulls instead of deleting. So the merge is computed here and handed to the store
 * as the equivalent JSON patch (RFC 6902), which it applies faithfully, with its own
 * status-subresource, generation and resourceVersion handling (a stale resourceVersion in the patch
 * still gives 409 Conflict).
 */
final class MergePatch {
  private static final String STATUS_SUFFIX = "/status";

  private final KubernetesCrudDispatcher store;
  private final ObjectMapper json;

  MergePatch(KubernetesCrudDispatcher store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  /** RFC 7386: objects merge key by key, null deletes, anything else (arrays included) replaces. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!(patch instanceof ObjectNode patchObject)) {
      return patch.deepCopy();
    }
    ObjectNode result = target instanceof ObjectNode t ? t.deepCopy() : patchObject.objectNode();
    patchObject
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                result.remove(e.getKey());
              } else {
                result.set(e.getKey(), merge(result.path(e.getKey()), e.getValue()));
              }
            });
    return result;
  }

  /** Stored object at this object or status path, or null when absent. */
  JsonNode current(String path) throws Exception {
    String objectPath =
        path.endsWith(STATUS_SUFFIX)
            ? path.substring(0, path.length() - STATUS_SUFFIX.length())
            : path;
    MockResponse existing = store.handleGet(objectPath);
    return existing.code() == 404 ? null : json.readTree(existing.getBody().readUtf8());
  }

  /**
   * Applies the merge patch to the stored object (path may end in /status) and returns the store's
   * answer.
   */
  MockResponse apply(RecordedRequest request, String path, JsonNode current, JsonNode patch)
      throws Exception {
    JsonNode operations = JsonDiff.asJson(current, merge(current, patch));
    return store.dispatch(
        ApiServerAdapter.copy(
            request,
            HttpMethod.PATCH,
            path,
            "application/json-patch+json",
            json.writeValueAsString(operations)));
  }
}
