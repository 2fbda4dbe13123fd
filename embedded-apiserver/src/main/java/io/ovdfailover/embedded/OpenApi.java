package io.ovdfailover.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The OpenAPI documents of the custom resources, built from the stored CRDs as kube-apiserver
 * publishes them, so that {@code kubectl explain} works: {@code /openapi/v3} (the index of group
 * versions), {@code /openapi/v3/apis/<group>/<version>} (OpenAPI 3.0) and {@code /openapi/v2}
 * (Swagger 2.0, JSON only).
 *
 * <p>What kubectl explain reads (kubectl 1.27+, its {@code plaintext} template): a path of the
 * resource ({@code /apis/<group>/<version>/namespaces/{namespace}/<plural>}) whose operation
 * carries {@code x-kubernetes-group-version-kind}, then the component schema whose {@code
 * x-kubernetes-group-version-kind} list holds the same group, version and kind; {@code $ref}s are
 * resolved inside the document. So each served version gets its list and get paths, the CRD's
 * schema with {@code apiVersion}, {@code kind} and {@code metadata} added (as the API server adds
 * them), its list type, and the ObjectMeta and ListMeta they refer to.
 *
 * <p>{@code /openapi/v2} is also served in protobuf ({@link OpenApiV2Proto}), the only form kubectl
 * asks it in ({@code kubectl explain --output=plaintext-openapiv2}).
 *
 * <p>Not published: the built-in kinds (kubectl explain of a Pod says it cannot find it), and write
 * operations, so that kubectl computes no strategic merge patch from these documents and does not
 * take the server for one that validates fields (keep {@code --validate=false}, as before).
 */
final class OpenApi {
  static final String V3 = "/openapi/v3";
  static final String V2 = "/openapi/v2";
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  private final ObjectMapper json;
  private final Supplier<List<JsonNode>> crds;

  OpenApi(ObjectMapper json, Supplier<List<JsonNode>> crds) {
    this.json = json;
    this.crds = crds;
  }

  /** Whether this path is the Swagger 2.0 document (which also exists in protobuf). */
  static boolean isV2(String path) {
    return path.equals(V2) || path.equals(V2 + "/");
  }

  /** The document at this path (query string removed), if it is one. */
  Optional<JsonNode> document(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (p.equals(V3)) {
      return Optional.of(index());
    }
    if (p.equals(V2)) {
      return Optional.of(swagger());
    }
    String prefix = V3 + "/apis/";
    if (p.startsWith(prefix)) {
      String[] gv = p.substring(prefix.length()).split("/");
      if (gv.length == 2) {
        return groupVersion(gv[0], gv[1]);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code /openapi/v3}: one entry per group version, whose URL carries a hash of the document, as
   * the API server's does: clients cache a document by URL, so a changed CRD must change the URL.
   */
  private ObjectNode index() {
    ObjectNode index = json.createObjectNode();
    ObjectNode paths = index.putObject("paths");
    for (String gv : groupVersions().keySet()) {
      String[] parts = gv.split("/");
      JsonNode doc = groupVersion(parts[0], parts[1]).orElseThrow();
      paths
          .putObject("apis/" + gv)
          .put("serverRelativeURL", V3 + "/apis/" + gv + "?hash=" + hash(doc));
    }
    return index;
  }

  /** Served group versions and the CRDs serving them, in CRD order. */
  private Map<String, List<JsonNode>> groupVersions() {
    Map<String, List<JsonNode>> byGv = new LinkedHashMap<>();
    for (JsonNode crd : crds.get()) {
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (v.path("served").asBoolean(true) && v.path("schema").has("openAPIV3Schema")) {
          byGv.computeIfAbsent(
                  crd.path("spec").path("group").asText() + "/" + v.path("name").asText(),
                  k -> new java.util.ArrayList<>())
              .add(crd);
        }
      }
    }
    return byGv;
  }

  /** {@code /openapi/v3/apis/<group>/<version>}: OpenAPI 3.0 of the kinds served there. */
  private Optional<JsonNode> groupVersion(String group, String version) {
    List<JsonNode> serving = groupVersions().get(group + "/" + version);
    if (serving == null) {
      return Optional.empty();
    }
    ObjectNode doc = json.createObjectNode().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes CRD Swagger").put("version", "v0.1.0");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    for (JsonNode crd : serving) {
      Kind kind = Kind.of(crd, version);
      String ref = "#/components/schemas/";
      paths(paths, kind, ref, true);
      schemas.set(kind.schemaName(), resource(kind, ref));
      schemas.set(kind.schemaName() + "List", list(kind, ref));
    }
    schemas.set(META + "ObjectMeta", objectMeta());
    schemas.set(META + "ListMeta", listMeta());
    return Optional.of(doc);
  }

  /** {@code /openapi/v2}: Swagger 2.0 of every served custom resource. */
  private ObjectNode swagger() {
    ObjectNode doc = json.createObjectNode().put("swagger", "2.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0-ovd-embedded");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode definitions = doc.putObject("definitions");
    String ref = "#/definitions/";
    groupVersions()
        .forEach(
            (gv, serving) -> {
              for (JsonNode crd : serving) {
                Kind kind = Kind.of(crd, gv.substring(gv.indexOf('/') + 1));
                paths(paths, kind, ref, false);
                definitions.set(kind.schemaName(), toV2(resource(kind, ref)));
                definitions.set(kind.schemaName() + "List", toV2(list(kind, ref)));
              }
            });
    definitions.set(META + "ObjectMeta", objectMeta());
    definitions.set(META + "ListMeta", listMeta());
    return doc;
  }

  /** One kind as one version of a CRD serves it. */
  record Kind(
      String group, String version, String kind, String plural, boolean namespaced, JsonNode crd) {
    static Kind of(JsonNode crd, String version) {
      JsonNode spec = crd.path("spec");
      return new Kind(
          spec.path("group").asText(),
          version,
          spec.path("names").path("kind").asText(),
          spec.path("names").path("plural").asText(),
          "Namespaced".equals(spec.path("scope").asText()),
          crd);
    }

    /** The API server's name: the group reversed, the version, the kind (io.ovdfailover...). */
    String schemaName() {
      List<String> labels = new java.util.ArrayList<>(List.of(group.split("\\.")));
      java.util.Collections.reverse(labels);
      return String.join(".", labels) + "." + version + "." + kind;
    }

    JsonNode schema() {
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (v.path("name").asText().equals(version)) {
          return v.path("schema").path("openAPIV3Schema");
        }
      }
      throw new IllegalStateException("no schema for " + version);
    }
  }

  private ObjectNode gvk(Kind kind, String suffix) {
    return json.createObjectNode()
        .put("group", kind.group())
        .put("kind", kind.kind() + suffix)
        .put("version", kind.version());
  }

  /** The list and get paths, each operation naming the kind, where kubectl explain looks it up. */
  private void paths(ObjectNode paths, Kind kind, String ref, boolean v3) {
    String base = "/apis/" + kind.group() + "/" + kind.version() + "/";
    String collection = base + (kind.namespaced() ? "namespaces/{namespace}/" : "") + kind.plural();
    paths.set(collection, get(kind, "list", ref + kind.schemaName() + "List", v3));
    paths.set(collection + "/{name}", get(kind, "get", ref + kind.schemaName(), v3));
    if (kind.namespaced()) {
      paths.set(base + kind.plural(), get(kind, "list", ref + kind.schemaName() + "List", v3));
    }
  }

  private ObjectNode get(Kind kind, String action, String ref, boolean v3) {
    ObjectNode path = json.createObjectNode();
    ObjectNode get = path.putObject("get");
    get.put(
        "description",
        ("list".equals(action) ? "list or watch objects of kind " : "read the specified ")
            + kind.kind());
    get.put("operationId", action + kind.kind());
    ObjectNode ok = get.putObject("responses").putObject("200").put("description", "OK");
    if (v3) {
      ok.putObject("content").putObject("application/json").putObject("schema").put("$ref", ref);
    } else {
      ok.putObject("schema").put("$ref", ref);
    }
    get.put("x-kubernetes-action", action);
    get.set("x-kubernetes-group-version-kind", gvk(kind, ""));
    return path;
  }

  /**
   * The CRD's schema with apiVersion, kind and metadata, which the API server adds to every custom
   * resource's published schema (the CRD may not declare them).
   */
  private ObjectNode resource(Kind kind, String ref) {
    ObjectNode schema = kind.schema().deepCopy();
    ObjectNode properties =
        schema.has("properties")
            ? (ObjectNode) schema.get("properties")
            : schema.putObject("properties");
    ObjectNode ordered = json.createObjectNode();
    ordered.set("apiVersion", apiVersion(kind));
    ordered.set("kind", kindProperty(kind.kind()));
    ObjectNode metadata = ordered.putObject("metadata");
    metadata
        .put(
            "description",
            "Standard object metadata: name, namespace, labels, annotations, and what the API server "
                + "keeps about the object.")
        .putArray("allOf")
        .addObject()
        .put("$ref", ref + META + "ObjectMeta");
    properties
        .fields()
        .forEachRemaining(
            f -> {
              if (!ordered.has(f.getKey())) {
                ordered.set(f.getKey(), f.getValue());
              }
            });
    schema.set("properties", ordered);
    if (!schema.has("type")) {
      schema.put("type", "object");
    }
    schema.putArray("x-kubernetes-group-version-kind").add(gvk(kind, ""));
    return schema;
  }

  private ObjectNode list(Kind kind, String ref) {
    ObjectNode list =
        json.createObjectNode()
            .put("description", kind.kind() + "List is a list of " + kind.kind());
    ObjectNode properties = list.putObject("properties");
    properties.set("apiVersion", apiVersion(kind));
    ObjectNode items =
        properties
            .putObject("items")
            .put("description", "The " + kind.plural() + ".")
            .put("type", "array");
    items.putObject("items").put("$ref", ref + kind.schemaName());
    properties.set("kind", kindProperty(kind.kind() + "List"));
    properties
        .putObject("metadata")
        .put(
            "description", "Standard list metadata: the list's resourceVersion and continue token.")
        .putArray("allOf")
        .addObject()
        .put("$ref", ref + META + "ListMeta");
    list.putArray("required").add("items");
    list.put("type", "object");
    list.putArray("x-kubernetes-group-version-kind").add(gvk(kind, "List"));
    return list;
  }

  private ObjectNode apiVersion(Kind kind) {
    return json.createObjectNode()
        .put(
            "description",
            "The API group and version of this object's schema: "
                + kind.group()
                + "/"
                + kind.version()
                + ".")
        .put("type", "string");
  }

  private ObjectNode kindProperty(String kind) {
    return json.createObjectNode()
        .put("description", "The type of this object: " + kind + ".")
        .put("type", "string");
  }

  /** The fields of metav1.ObjectMeta a user of these resources meets. */
  private ObjectNode objectMeta() {
    ObjectNode meta =
        json.createObjectNode()
            .put(
                "description",
                "Metadata every persisted object has: its name and namespace, labels and "
                    + "annotations, and what the API server keeps (uid, resourceVersion, generation, "
                    + "timestamps, owners, finalizers, field managers).");
    ObjectNode p = meta.putObject("properties");
    p.set("annotations", stringMap("Free-form key/value pairs tools and people attach."));
    p.set("creationTimestamp", time("When the object was created (RFC 3339)."));
    p.set(
        "deletionTimestamp",
        time("When deletion was requested; the object stays until its finalizers are removed."));
    p.set(
        "finalizers",
        stringArray("Keys that hold deletion until the controller that owns each removes it."));
    p.set(
        "generateName",
        string("A prefix the API server completes into a unique name when name is empty."));
    p.set(
        "generation",
        json.createObjectNode()
            .put(
                "description",
                "Sequence number of the desired state: the API server raises it when spec changes.")
            .put("format", "int64")
            .put("type", "integer"));
    p.set("labels", stringMap("Key/value pairs to select and group objects by."));
    p.set(
        "managedFields",
        objectArray("Which field manager set which fields (server-side apply bookkeeping)."));
    p.set("name", string("Name, unique among objects of this kind in the namespace."));
    p.set("namespace", string("The namespace the object lives in."));
    p.set("ownerReferences", objectArray("Objects this one belongs to (garbage collection)."));
    p.set(
        "resourceVersion",
        string(
            "Opaque version of the object, changed by every write: used for optimistic "
                + "concurrency and to start watches."));
    p.set("uid", string("Unique id of the object, never reused."));
    meta.put("type", "object");
    return meta;
  }

  private ObjectNode listMeta() {
    ObjectNode meta = json.createObjectNode().put("description", "Metadata of a list of objects.");
    ObjectNode p = meta.putObject("properties");
    p.set("continue", string("Token to fetch the next page of a chunked list."));
    p.set(
        "resourceVersion",
        string("Version of the collection when listed: a watch from it sees what changed since."));
    meta.put("type", "object");
    return meta;
  }

  private ObjectNode string(String description) {
    return json.createObjectNode().put("description", description).put("type", "string");
  }

  private ObjectNode time(String description) {
    return string(description).put("format", "date-time");
  }

  private ObjectNode stringMap(String description) {
    ObjectNode map = json.createObjectNode().put("description", description);
    map.putObject("additionalProperties").put("type", "string");
    return map.put("type", "object");
  }

  private ObjectNode stringArray(String description) {
    ObjectNode array = json.createObjectNode().put("description", description);
    array.putObject("items").put("type", "string");
    return array.put("type", "array");
  }

  private ObjectNode objectArray(String description) {
    ObjectNode array = json.createObjectNode().put("description", description);
    array.putObject("items").put("type", "object");
    return array.put("type", "array");
  }

  /**
   * OpenAPI 3 schema to Swagger 2.0, as the API server converts a CRD's: {@code nullable} does not
   * exist there (the API server drops it, a client then reads the field as not nullable); a {@code
   * $ref} wrapped in a one-element allOf (to carry a description in OpenAPI 3) becomes the bare
   * ref, since Swagger 2.0 readers ignore whatever stands beside a ref; refs point into definitions
   * (already done by the caller); everything else carries over.
   */
  private static JsonNode toV2(JsonNode schema) {
    if (schema instanceof ObjectNode object) {
      JsonNode allOf = object.path("allOf");
      if (allOf.size() == 1 && allOf.get(0).has("$ref") && !object.has("properties")) {
        String ref = allOf.get(0).get("$ref").asText();
        object.remove("allOf");
        object.put("$ref", ref); // kubectl's v2 reader keeps the description beside a ref
        return object;
      }
      if (object.path("nullable").isBoolean()) {
        object.remove("nullable"); // a property called nullable stays: it is an object
      }
      object.forEach(OpenApi::toV2);
    } else if (schema instanceof ArrayNode array) {
      array.forEach(OpenApi::toV2);
    }
    return schema;
  }

  /** SHA-512 of the document, upper-case hex, as the API server's hashes look. */
  private String hash(JsonNode doc) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-512")
              .digest(json.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
