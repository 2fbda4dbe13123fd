package io.ovdfailover.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A set of Kubernetes objects (rendered chart or deploy/) with look-ups by kind, name and
 * namespace.
 */
record Manifests(List<JsonNode> objects) {

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  JsonNode one(String kind) {
    List<JsonNode> found = ofKind(kind);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected exactly one " + kind + ", found " + found.size() + ": " + keys());
    }
    return found.get(0);
  }

  Optional<JsonNode> find(String kind, String name, String namespace) {
    return ofKind(kind).stream()
        .filter(o -> name.equals(o.path("metadata").path("name").asText()))
        .filter(
            o ->
                namespace == null
                    || namespace.equals(o.path("metadata").path("namespace").asText()))
        .findFirst();
  }

  /** "Kind/namespace/name" of every object, for assertions and messages. */
  List<String> keys() {
    return objects.stream().map(Manifests::key).sorted().toList();
  }

  static String key(JsonNode o) {
    JsonNode meta = o.path("metadata");
    return o.path("kind").asText()
        + "/"
        + meta.path("namespace").asText("")
        + "/"
        + meta.path("name").asText();
  }

  /** The operator's container in the one Deployment. */
  JsonNode operatorContainer() {
    return one("Deployment").path("spec").path("template").path("spec").path("containers").get(0);
  }
}
