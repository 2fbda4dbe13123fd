package io.ovdfailover.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The Swagger 2.0 document in the protobuf form kubectl asks {@code /openapi/v2} in ({@code
 * application/com.github.proto-openapi.spec.v2@v1.0+protobuf}, the messages of gnostic's
 * openapiv2/OpenAPIv2.proto, package openapi.v2): client-go accepts nothing else there, and {@code
 * kubectl explain --output=plaintext-openapiv2} reads it. Written by hand with protobuf-java's
 * CodedOutputStream (already on the class path, through cel-java) for the subset {@link OpenApi}
 * produces: info, paths with get operations and their vendor extensions, and definitions whose
 * schemas use ref, description, format, type, properties, required, items, additionalProperties,
 * allOf, enum, default, bounds, lengths, pattern and vendor extensions. Other keys are left out.
 */
final class OpenApiV2Proto {
  /**
   * The answer's type. Clients ask for {@code ...spec.v2@v1.0+protobuf}, but Go's media type parser
   * refuses the {@code @} in a Content-Type (client-go then reports an internal error), so the API
   * server answers with the dotted form, and so does this.
   */
  static final String CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

  private OpenApiV2Proto() {}

  /** A message being written: fields are appended, then the bytes are nested in the parent. */
  private static final class Message {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    Message string(int field, String value) {
      try {
        out.writeString(field, value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message int64(int field, long value) {
      try {
        out.writeInt64(field, value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message float64(int field, double value) {
      try {
        out.writeDouble(field, value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message bool(int field, boolean value) {
      try {
        out.writeBool(field, value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    Message message(int field, Message value) {
      try {
        out.writeByteArray(field, value.bytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    byte[] bytes() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }
  }

  /** openapi.v2.Document of a Swagger 2.0 document in JSON. */
  static byte[] encode(JsonNode swagger) {
    Message doc = new Message().string(1, swagger.path("swagger").asText("2.0"));
    JsonNode info = swagger.path("info");
    doc.message(
        2,
        new Message()
            .string(1, info.path("title").asText())
            .string(2, info.path("version").asText()));
    Message paths = new Message();
    for (Map.Entry<String, JsonNode> path : fields(swagger.path("paths"))) {
      Message item = new Message();
      JsonNode get = path.getValue().path("get");
      if (get.isObject()) {
        item.message(2, operation(get));
      }
      paths.message(2, new Message().string(1, path.getKey()).message(2, item));
    }
    doc.message(8, paths);
    Message definitions = new Message();
    for (Map.Entry<String, JsonNode> definition : fields(swagger.path("definitions"))) {
      definitions.message(
          1,
          new Message().string(1, definition.getKey()).message(2, schema(definition.getValue())));
    }
    doc.message(9, definitions);
    return doc.bytes();
  }

  /** openapi.v2.Operation: description, operationId, responses, vendor extensions. */
  private static Message operation(JsonNode get) {
    Message op = new Message();
    if (get.has("description")) {
      op.string(3, get.get("description").asText());
    }
    if (get.has("operationId")) {
      op.string(5, get.get("operationId").asText());
    }
    Message responses = new Message();
    for (Map.Entry<String, JsonNode> r : fields(get.path("responses"))) {
      Message response = new Message().string(1, r.getValue().path("description").asText());
      if (r.getValue().has("schema")) {
        response.message(2, new Message().message(1, schema(r.getValue().get("schema"))));
      }
      responses.message(
          1, new Message().string(1, r.getKey()).message(2, new Message().message(1, response)));
    }
    op.message(9, responses);
    extensions(get, 13, op);
    return op;
  }

  /** openapi.v2.Schema. */
  private static Message schema(JsonNode s) {
    Message m = new Message();
    if (s.has("$ref")) {
      m.string(1, s.get("$ref").asText());
    }
    if (s.has("format")) {
      m.string(2, s.get("format").asText());
    }
    if (s.has("description")) {
      m.string(4, s.get("description").asText());
    }
    if (s.has("default")) {
      m.message(5, any(s.get("default")));
    }
    if (s.has("maximum")) {
      m.float64(7, s.get("maximum").asDouble());
    }
    if (s.has("minimum")) {
      m.float64(9, s.get("minimum").asDouble());
    }
    if (s.has("maxLength")) {
      m.int64(11, s.get("maxLength").asLong());
    }
    if (s.has("minLength")) {
      m.int64(12, s.get("minLength").asLong());
    }
    if (s.has("pattern")) {
      m.string(13, s.get("pattern").asText());
    }
    if (s.has("maxItems")) {
      m.int64(14, s.get("maxItems").asLong());
    }
    if (s.has("minItems")) {
      m.int64(15, s.get("minItems").asLong());
    }
    for (JsonNode required : s.path("required")) {
      m.string(19, required.asText());
    }
    for (JsonNode value : s.path("enum")) {
      m.message(20, any(value));
    }
    JsonNode additional = s.path("additionalProperties");
    if (additional.isObject()) {
      m.message(21, new Message().message(1, schema(additional)));
    } else if (additional.isBoolean()) {
      m.message(21, new Message().bool(2, additional.asBoolean()));
    }
    if (s.has("type")) {
      m.message(22, new Message().string(1, s.get("type").asText()));
    }
    if (s.path("items").isObject()) {
      m.message(23, new Message().message(1, schema(s.get("items"))));
    }
    for (JsonNode part : s.path("allOf")) {
      m.message(24, schema(part));
    }
    if (s.path("properties").isObject()) {
      Message properties = new Message();
      for (Map.Entry<String, JsonNode> p : fields(s.get("properties"))) {
        properties.message(1, new Message().string(1, p.getKey()).message(2, schema(p.getValue())));
      }
      m.message(25, properties);
    }
    extensions(s, 31, m);
    return m;
  }

  /** The x- keys as NamedAny, each value as its YAML text (JSON is YAML), as gnostic keeps them. */
  private static void extensions(JsonNode node, int field, Message into) {
    for (Map.Entry<String, JsonNode> e : fields(node)) {
      if (e.getKey().startsWith("x-")) {
        into.message(field, new Message().string(1, e.getKey()).message(2, any(e.getValue())));
      }
    }
  }

  /**
   * openapi.v2.Any with the value in its yaml field. Written as JSON so that a string stays a
   * string: YAML would read an unquoted True (the condition status enum) as a boolean.
   */
  private static Message any(JsonNode value) {
    return new Message().string(2, value.toString());
  }

  private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    return () -> {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      return it;
    };
  }
}
