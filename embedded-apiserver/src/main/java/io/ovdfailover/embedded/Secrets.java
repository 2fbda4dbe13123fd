package io.ovdfailover.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The API server stores a Secret's {@code stringData} base64-encoded in {@code data} and never
 * returns {@code stringData}; the CRUD store keeps whatever it is sent. Fold it here so clients
 * (and the operator, which reads {@code data}) see what a cluster would show.
 */
final class Secrets {
  private Secrets() {}

  static String foldStringData(String path, String body, ObjectMapper json) throws Exception {
    if (!path.matches("^/api/v1/namespaces/[^/]+/secrets(/[^/]+)?$")
        || body == null
        || body.isBlank()
        || !body.trim().startsWith("{")) {
      return body;
    }
    JsonNode secret = json.readTree(body);
    if (!(secret instanceof ObjectNode object) || !object.path("stringData").isObject()) {
      return body;
    }
    ObjectNode data =
        object.path("data").isObject() ? (ObjectNode) object.get("data") : object.putObject("data");
    object
        .get("stringData")
        .fields()
        .forEachRemaining(
            e ->
                data.put(
                    e.getKey(),
                    Base64.getEncoder()
                        .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
    object.remove("stringData");
    return json.writeValueAsString(object);
  }
}
