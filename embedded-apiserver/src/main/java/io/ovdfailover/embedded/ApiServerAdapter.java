package io.ovdfailover.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The front of the embedded API server: it answers what fabric8's CRUD store does not, and rewrites
 * requests the store would mishandle, so that JOSDK runs with its defaults (server-side apply on)
 * and the real kubectl works. Everything else goes to the store unchanged.
 *
 * <ul>
 *   <li>{@code /version} (with any query string) and the discovery documents, see {@link
 *       Discovery}; the OpenAPI documents of the custom resources ({@code kubectl explain}), see
 *       {@link OpenApi};
 *   <li>{@code Accept: ...;as=Table}: server-side printing with the CRD's printer columns, see
 *       {@link TableView};
 *   <li>server-side apply ({@code application/apply-patch+yaml}) approximated, see {@link
 *       ServerSideApply};
 *   <li>strategic merge patch treated as JSON merge patch (its {@code $directives} dropped);
 *   <li>query strings dropped on PATCH, PUT and POST: the store recognises {@code .../status} only
 *       at the very end of the path, so {@code .../status?fieldManager=x} would otherwise overwrite
 *       status with null;
 *   <li>Secret {@code stringData} folded into {@code data}, as the API server does;
 *   <li>Event lists filtered by {@code involvedObject.*} field selectors (for {@code kubectl
 *       describe});
 *   <li>access reviews answered "allowed" (there is no authorization to ask);
 *   <li>custom resources admitted against their CRD (defaults, pruning, structural schema, CEL
 *       rules) unless the server was started with {@link Admission#OFF}, see {@link
 *       AdmittingStore};
 *   <li>415 for protobuf and CBOR bodies; {@code Content-Type: application/json} on every JSON
 *       answer.
 * </ul>
 */
final class ApiServerAdapter extends Dispatcher {
  private static final String JSON_TYPE = "application/json";
  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private final KubernetesCrudDispatcher store;
  private final ObjectMapper json;
  private final VersionInfo version;
  private final Discovery discovery;
  private final OpenApi openApi;
  private final TableView tables;
  private final ServerSideApply apply;
  private final MergePatch mergePatch;

  ApiServerAdapter(
      KubernetesCrudDispatcher store, ObjectMapper json, VersionInfo version, Clock clock) {
    this.store = store;
    this.json = json;
    this.version = version;
    this.discovery = new Discovery(json, this::storedCrds);
    this.openApi = new OpenApi(json, this::storedCrds);
    this.tables = new TableView(json, clock);
    this.mergePatch = new MergePatch(store, json);
    this.apply = new ServerSideApply(store, json, mergePatch);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      return withContentType(route(request));
    } catch (Exception e) {
      return status(500, "InternalError", "embedded API server: " + e);
    }
  }

  private MockResponse route(RecordedRequest request) throws Exception {
    String fullPath = request.getPath();
    int q = fullPath.indexOf('?');
    String path = q < 0 ? fullPath : fullPath.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : parseQuery(fullPath.substring(q + 1));
    String contentType = String.valueOf(request.getHeader("Content-Type"));
    HttpMethod method = request.method();

    if (method != HttpMethod.GET
        && method != HttpMethod.DELETE
        && (contentType.startsWith("application/vnd.kubernetes.protobuf")
            || contentType.startsWith("application/cbor"))) {
      return status(
          415, "UnsupportedMediaType", "the embedded API server accepts JSON bodies only");
    }
    switch (method) {
      case GET:
        return get(request, path, query);
      case POST:
        if (path.startsWith("/apis/authorization.k8s.io/v1/")) {
          return allowEverything(path, request.getBody().readUtf8());
        }
        return store.dispatch(
            copy(
                request,
                method,
                path,
                JSON_TYPE,
                Secrets.foldStringData(path, request.getBody().readUtf8(), json)));
      case PUT:
        return store.dispatch(
            copy(
                request,
                method,
                path,
                JSON_TYPE,
                Secrets.foldStringData(path, request.getBody().readUtf8(), json)));
      case PATCH:
        return patch(request, path, contentType);
      default:
        return store.dispatch(request);
    }
  }

  /**
   * No authentication, no authorization: access reviews (JOSDK's leader election asks whether it
   * may use Leases) are answered "allowed", as a cluster with RBAC off would.
   */
  private MockResponse allowEverything(String path, String body) throws Exception {
    ObjectNode review = (ObjectNode) json.readTree(body);
    ObjectNode status = review.putObject("status");
    if (path.endsWith("/selfsubjectrulesreviews")) {
      ObjectNode rule = status.putArray("resourceRules").addObject();
      rule.putArray("verbs").add("*");
      rule.putArray("apiGroups").add("*");
      rule.putArray("resources").add("*");
      status.putArray("nonResourceRules").addObject().putArray("verbs").add("*");
      status.put("incomplete", false);
    } else {
      status.put("allowed", true).put("reason", "the embedded API server has no authorization");
    }
    return new MockResponse().setResponseCode(201).setBody(json.writeValueAsString(review));
  }

  private MockResponse get(RecordedRequest request, String path, Map<String, String> query)
      throws Exception {
    if (path.equals("/version")) {
      return ok(json.valueToTree(version));
    }
    if (path.startsWith("/openapi/")) {
      return openApi(request, path);
    }
    Optional<JsonNode> doc = discovery.document(path);
    if (doc.isPresent()) {
      return ok(doc.get());
    }
    if ("true".equals(query.get("watch")) || "1".equals(query.get("watch"))) {
      return store.dispatch(request);
    }
    MockResponse response =
        EventFilter.applies(path, query)
            ? ok(
                EventFilter.filter(
                    json.readTree(
                        store
                            .handleGet(EventFilter.unfilteredPath(path, query))
                            .getBody()
                            .readUtf8()),
                    query))
            : store.dispatch(request);
    String text = response.code() == 200 ? response.getBody().readUtf8() : "";
    if (text.isBlank()) {
      return response;
    }
    JsonNode body = typedList(path, listVersion(sortedByName(json.readTree(text))));
    String accept = String.valueOf(request.getHeader("Accept"));
    if (accept.contains("as=Table")) {
      return ok(
          tables.render(
              body,
              columnsFor(path),
              query.getOrDefault("includeObject", "PartialObjectMetadata")));
    }
    return ok(body);
  }

  /**
   * The custom resources' OpenAPI documents ({@link OpenApi}): JSON, and /openapi/v2 in protobuf to
   * a client that asks for nothing else (kubectl does).
   */
  private MockResponse openApi(RecordedRequest request, String path) throws Exception {
    Optional<JsonNode> doc = openApi.document(path);
    if (doc.isEmpty()) {
      return status(404, "NotFound", "the embedded API server has no OpenAPI document at " + path);
    }
    String accept = String.valueOf(request.getHeader("Accept"));
    if (accept.contains("protobuf") && !accept.contains("json") && !accept.contains("*/*")) {
      if (!OpenApi.isV2(path)) {
        return status(406, "NotAcceptable", "OpenAPI v3 documents are served as JSON only");
      }
      return new MockResponse()
          .setResponseCode(200)
          .setHeader("Content-Type", OpenApiV2Proto.CONTENT_TYPE)
          .setBody(OpenApiV2Proto.encode(doc.get()));
    }
    return ok(doc.get());
  }

  /**
   * The store answers every list with {@code kind: List}; typed clients (kubectl describe's event
   * search) expect {@code EventList} and friends and show nothing otherwise.
   */
  private JsonNode typedList(String path, JsonNode body) {
    if (!(body instanceof ObjectNode list) || !"List".equals(list.path("kind").asText())) {
      return body;
    }
    String[] parts = path.replaceAll("^/|/$", "").split("/");
    int prefix = parts.length > 0 && parts[0].equals("api") ? 2 : 3;
    if (parts.length <= prefix) {
      return body;
    }
    String groupVersion = prefix == 2 ? parts[1] : parts[1] + "/" + parts[2];
    String plural =
        parts[prefix].equals("namespaces") && parts.length > prefix + 2
            ? parts[prefix + 2]
            : parts[prefix];
    discovery
        .kindOf(groupVersion, plural)
        .ifPresent(
            kind -> {
              list.put("kind", kind + "List");
              list.put("apiVersion", groupVersion);
            });
    return list;
  }

  /**
   * A list's resourceVersion, which the store leaves empty: the newest of its items'. A client that
   * lists, then watches from there (kubectl get -w), is then not sent again what it listed.
   */
  private static JsonNode listVersion(JsonNode body) {
    if (body instanceof ObjectNode list
        && list.path("items").isArray()
        && list.path("metadata").path("resourceVersion").asText("").isEmpty()) {
      long newest = 0;
      for (JsonNode item : list.path("items")) {
        newest = Math.max(newest, StreamingWatch.resourceVersion(item));
      }
      if (newest > 0) {
        JsonNode metadata = list.path("metadata");
        (metadata instanceof ObjectNode m ? m : list.putObject("metadata"))
            .put("resourceVersion", String.valueOf(newest));
      }
    }
    return body;
  }

  /**
   * A watch asked over plain HTTP (kubectl get -w, kubectl wait, client-go's reflectors), which the
   * transport streams ({@link StreamingWatch}): the store opens it, and each event's object is
   * rendered as a Table when the client asks for one, as for a list.
   *
   * @return null when the store does not answer with a watch (the transport dispatches the request
   *     as any other, and the client gets the error)
   */
  StreamingWatch.Handle watch(RecordedRequest request, StreamingWatch.Sink sink) {
    String fullPath = request.getPath();
    int q = fullPath.indexOf('?');
    String path = q < 0 ? fullPath : fullPath.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : parseQuery(fullPath.substring(q + 1));
    MockResponse answer = store.dispatch(request);
    long since;
    try {
      since = Long.parseLong(query.getOrDefault("resourceVersion", "0"));
    } catch (NumberFormatException e) {
      since = 0;
    }
    java.util.function.UnaryOperator<JsonNode> transform;
    if (String.valueOf(request.getHeader("Accept")).contains("as=Table")) {
      List<TableView.Column> columns = columnsFor(path);
      String includeObject = query.getOrDefault("includeObject", "PartialObjectMetadata");
      transform = object -> tables.render(object, columns, includeObject);
    } else {
      transform = object -> object;
    }
    return StreamingWatch.open(request, answer, since, transform, json, sink);
  }

  /** The store lists in hash order; an API server lists by namespace, then name. */
  private static JsonNode sortedByName(JsonNode body) {
    if (body.path("items") instanceof ArrayNode items) {
      List<JsonNode> sorted = new ArrayList<>();
      items.forEach(sorted::add);
      sorted.sort(
          java.util.Comparator.comparing(
                  (JsonNode i) -> i.path("metadata").path("namespace").asText())
              .thenComparing(i -> i.path("metadata").path("name").asText()));
      items.removeAll();
      items.addAll(sorted);
    }
    return body;
  }

  private MockResponse patch(RecordedRequest request, String path, String contentType)
      throws Exception {
    String body = Secrets.foldStringData(path, request.getBody().readUtf8(), json);
    if (contentType.startsWith("application/apply-patch")) {
      return apply.apply(request, path, body);
    }
    if (contentType.startsWith("application/json-patch")) {
      return store.dispatch(copy(request, HttpMethod.PATCH, path, contentType, body));
    }
    // merge patch, and strategic merge patch approximated as one (its $directives dropped)
    JsonNode patch = json.readTree(body);
    if (contentType.startsWith("application/strategic-merge-patch")) {
      ServerSideApply.dropDirectives(patch);
    }
    JsonNode current = mergePatch.current(path);
    if (current == null) {
      return status(404, "NotFound", "not found: " + path);
    }
    return mergePatch.apply(request, path, current, patch);
  }

  private List<TableView.Column> columnsFor(String path) {
    if (path.matches("^/api/v1/(namespaces/[^/]+/)?events(/[^/]+)?$")) {
      return TableView.EVENT_COLUMNS;
    }
    String[] parts = path.replaceAll("^/|/$", "").split("/");
    if (parts.length < 4 || !parts[0].equals("apis")) {
      return TableView.DEFAULT_COLUMNS;
    }
    String plural = parts[3].equals("namespaces") && parts.length >= 6 ? parts[5] : parts[3];
    return discovery
        .crdFor(parts[1], plural)
        .map(crd -> TableView.columnsOf(crd, parts[2]))
        .orElse(TableView.DEFAULT_COLUMNS);
  }

  private List<JsonNode> storedCrds() {
    try {
      MockResponse r = store.handleGet(CRDS);
      List<JsonNode> items = new ArrayList<>();
      json.readTree(r.getBody().readUtf8()).path("items").forEach(items::add);
      return items;
    } catch (Exception e) {
      return List.of();
    }
  }

  static RecordedRequest copy(
      RecordedRequest r, HttpMethod method, String path, String contentType, String body) {
    Headers headers = r.getHeaders().newBuilder().set("Content-Type", contentType).build();
    return new RecordedRequest(
        r.getHttpVersion(),
        method,
        path,
        headers,
        new Buffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  private MockResponse ok(JsonNode body) throws Exception {
    return new MockResponse().setResponseCode(200).setBody(json.writeValueAsString(body));
  }

  MockResponse status(int code, String reason, String message) {
    ObjectNode s =
        json.createObjectNode()
            .put("kind", "Status")
            .put("apiVersion", "v1")
            .put("status", "Failure")
            .put("message", message)
            .put("reason", reason)
            .put("code", code);
    s.putObject("metadata");
    return new MockResponse().setResponseCode(code).setBody(s.toString());
  }

  private static MockResponse withContentType(MockResponse r) {
    if (r.getWebSocketListener() == null
        && (r.header("Content-Type") == null || r.header("Content-Type").isEmpty())) {
      r.setHeader("Content-Type", JSON_TYPE);
    }
    return r;
  }

  static Map<String, String> parseQuery(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }
}
