package io.ovdfailover.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The discovery documents kubectl reads before anything else ({@code /api}, {@code /apis}, {@code
 * /api/v1}, {@code /apis/<group>}, {@code /apis/<group>/<version>}). The CRUD store serves any path
 * but announces nothing, so kubectl would answer "the server doesn't have a resource type".
 * Built-in resources come from the small table below (the ones the operator and the samples use);
 * custom resources from the stored CRDs, so a CRD applied at run time shows up at once.
 */
final class Discovery {
  /** A built-in resource the embedded server announces. */
  record BuiltIn(
      String groupVersion,
      String plural,
      String kind,
      boolean namespaced,
      List<String> shortNames) {}

  static final List<BuiltIn> BUILT_INS =
      List.of(
          new BuiltIn("v1", "namespaces", "Namespace", false, List.of("ns")),
          new BuiltIn("v1", "secrets", "Secret", true, List.of()),
          new BuiltIn("v1", "configmaps", "ConfigMap", true, List.of("cm")),
          new BuiltIn("v1", "events", "Event", true, List.of("ev")),
          new BuiltIn("v1", "services", "Service", true, List.of("svc")),
          new BuiltIn("v1", "serviceaccounts", "ServiceAccount", true, List.of("sa")),
          new BuiltIn("v1", "pods", "Pod", true, List.of("po")),
          new BuiltIn(
              "apiextensions.k8s.io/v1",
              "customresourcedefinitions",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds")),
          new BuiltIn("coordination.k8s.io/v1", "leases", "Lease", true, List.of()),
          new BuiltIn("apps/v1", "deployments", "Deployment", true, List.of("deploy")));

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private final ObjectMapper json;
  private final Supplier<List<JsonNode>> crds;

  Discovery(ObjectMapper json, Supplier<List<JsonNode>> crds) {
    this.json = json;
    this.crds = crds;
  }

  /** The discovery document at this path, if it is one. */
  Optional<JsonNode> document(String path) {
    String[] parts = path.replaceAll("^/|/$", "").split("/");
    if (path.equals("/api") || path.equals("/api/")) {
      ObjectNode versions = json.createObjectNode().put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      versions
          .putArray("serverAddressByClientCIDRs")
          .addObject()
          .put("clientCIDR", "0.0.0.0/0")
          .put("serverAddress", "127.0.0.1");
      return Optional.of(versions);
    }
    if (path.equals("/api/v1")) {
      return Optional.of(resourceList("v1"));
    }
    if (path.equals("/apis") || path.equals("/apis/")) {
      ObjectNode list = json.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
      ArrayNode groups = list.putArray("groups");
      groupVersions().forEach((group, versions) -> groups.add(group(group, versions)));
      return Optional.of(list);
    }
    if (parts.length == 2 && parts[0].equals("apis")) {
      List<String> versions = groupVersions().get(parts[1]);
      return versions == null ? Optional.empty() : Optional.of(group(parts[1], versions));
    }
    if (parts.length == 3 && parts[0].equals("apis")) {
      List<String> versions = groupVersions().get(parts[1]);
      if (versions != null && versions.contains(parts[2])) {
        return Optional.of(resourceList(parts[1] + "/" + parts[2]));
      }
    }
    return Optional.empty();
  }

  /**
   * The kind served at {@code groupVersion} under this plural ({@code v1} + {@code events} gives
   * Event).
   */
  Optional<String> kindOf(String groupVersion, String plural) {
    for (BuiltIn b : BUILT_INS) {
      if (b.groupVersion().equals(groupVersion) && b.plural().equals(plural)) {
        return Optional.of(b.kind());
      }
    }
    String group =
        groupVersion.contains("/") ? groupVersion.substring(0, groupVersion.indexOf('/')) : "";
    return crdFor(group, plural).map(crd -> crd.path("spec").path("names").path("kind").asText());
  }

  /** The stored CRD serving this group and plural, if any. */
  Optional<JsonNode> crdFor(String group, String plural) {
    return crds.get().stream()
        .filter(
            c ->
                c.path("spec").path("group").asText().equals(group)
                    && c.path("spec").path("names").path("plural").asText().equals(plural))
        .findFirst();
  }

  private Map<String, List<String>> groupVersions() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (BuiltIn b : BUILT_INS) {
      if (b.groupVersion().contains("/")) {
        String[] gv = b.groupVersion().split("/");
        List<String> versions = groups.computeIfAbsent(gv[0], k -> new ArrayList<>());
        if (!versions.contains(gv[1])) {
          versions.add(gv[1]);
        }
      }
    }
    for (JsonNode crd : crds.get()) {
      List<String> versions =
          groups.computeIfAbsent(crd.path("spec").path("group").asText(), k -> new ArrayList<>());
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (v.path("served").asBoolean(true) && !versions.contains(v.path("name").asText())) {
          versions.add(v.path("name").asText());
        }
      }
    }
    return groups;
  }

  private ObjectNode group(String name, List<String> versions) {
    ObjectNode group = json.createObjectNode().put("name", name);
    ArrayNode vs = group.putArray("versions");
    versions.forEach(v -> vs.addObject().put("groupVersion", name + "/" + v).put("version", v));
    group
        .putObject("preferredVersion")
        .put("groupVersion", name + "/" + versions.get(0))
        .put("version", versions.get(0));
    return group;
  }

  private ObjectNode resourceList(String groupVersion) {
    ObjectNode list =
        json.createObjectNode()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", groupVersion);
    ArrayNode resources = list.putArray("resources");
    for (BuiltIn b : BUILT_INS) {
      if (b.groupVersion().equals(groupVersion)) {
        resource(
            resources,
            b.plural(),
            singular(b.kind()),
            b.kind(),
            b.namespaced(),
            b.shortNames(),
            List.of());
      }
    }
    for (JsonNode crd : crds.get()) {
      JsonNode spec = crd.path("spec");
      for (JsonNode v : spec.path("versions")) {
        if (!(spec.path("group").asText() + "/" + v.path("name").asText()).equals(groupVersion)) {
          continue;
        }
        JsonNode names = spec.path("names");
        boolean namespaced = "Namespaced".equals(spec.path("scope").asText());
        List<String> shortNames = new ArrayList<>();
        names.path("shortNames").forEach(s -> shortNames.add(s.asText()));
        List<String> categories = new ArrayList<>();
        names.path("categories").forEach(s -> categories.add(s.asText()));
        String plural = names.path("plural").asText();
        String kind = names.path("kind").asText();
        resource(
            resources,
            plural,
            names.path("singular").asText(singular(kind)),
            kind,
            namespaced,
            shortNames,
            categories);
        if (v.path("subresources").has("status")) {
          resources
              .addObject()
              .put("name", plural + "/status")
              .put("singularName", "")
              .put("kind", kind)
              .put("namespaced", namespaced)
              .set("verbs", json.valueToTree(List.of("get", "patch", "update")));
        }
      }
    }
    return list;
  }

  private void resource(
      ArrayNode resources,
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories) {
    ObjectNode r =
        resources
            .addObject()
            .put("name", plural)
            .put("singularName", singular)
            .put("kind", kind)
            .put("namespaced", namespaced);
    r.set("verbs", json.valueToTree(VERBS));
    if (!shortNames.isEmpty()) {
      r.set("shortNames", json.valueToTree(shortNames));
    }
    if (!categories.isEmpty()) {
      r.set("categories", json.valueToTree(categories));
    }
  }

  private static String singular(String kind) {
    return kind.toLowerCase(java.util.Locale.ROOT);
  }
}
