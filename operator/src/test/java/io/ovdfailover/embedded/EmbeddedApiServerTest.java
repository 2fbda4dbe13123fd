package io.ovdfailover.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterStatus;
import io.ovdfailover.api.crd.CrdManifests;
import io.ovdfailover.testsupport.EmbeddedServer;
import io.ovdfailover.testsupport.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The adapter's answers, seen through the fabric8 client and plain HTTP (what kubectl sends). */
class EmbeddedApiServerTest {
  @RegisterExtension static final EmbeddedServer API = new EmbeddedServer();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> send(
      String method, String path, String contentType, String body, String accept) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(API.server().url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void installedCrdsAreFoundAndAbsentOnesNamed() {
    assertThat(CrdManifests.missing(API.client())).isEmpty();
    try (EmbeddedApiServer empty = EmbeddedApiServer.start(0);
        KubernetesClient emptyClient = empty.newClient()) {
      assertThat(CrdManifests.missing(emptyClient))
          .containsExactly("ovdfailoverclusters.ovdfailover.io", "clusternodes.ovdfailover.io");
    }
  }

  @Test
  void applyAcceptsYamlAndMissingObjectsAreNotFound() throws Exception {
    HttpResponse<String> created =
        send(
            "PATCH",
            "/api/v1/namespaces/y/configmaps/from-yaml?fieldManager=me",
            "application/apply-patch+yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\n  namespace: y\ndata:\n  k: v\n",
            null);
    assertThat(created.statusCode()).isBetween(200, 201);
    assertThat(API.client().configMaps().inNamespace("y").withName("from-yaml").get().getData())
        .containsEntry("k", "v");

    assertThat(
            send(
                    "PATCH",
                    "/apis/ovdfailover.io/v1alpha1/namespaces/y/ovdfailoverclusters/none/status",
                    "application/apply-patch+yaml",
                    "{\"status\":{\"phase\":\"Pending\"}}",
                    null)
                .statusCode())
        .isEqualTo(404);
    assertThat(
            send(
                    "PATCH",
                    "/api/v1/namespaces/y/configmaps/none",
                    "application/merge-patch+json",
                    "{\"data\":{\"k\":\"v\"}}",
                    null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void tableRowsCarryMetadataOrTheWholeObjectOnRequest() throws Exception {
    API.client().resource(Samples.cluster("tbl", "lab")).create();
    String accept = "application/json;as=Table;v=v1;g=meta.k8s.io";
    String partial =
        send(
                "GET",
                "/apis/ovdfailover.io/v1alpha1/namespaces/tbl/ovdfailoverclusters/lab",
                null,
                null,
                accept)
            .body();
    assertThat(partial)
        .contains("\"kind\":\"PartialObjectMetadata\"", "\"198.18.0.100\"")
        .doesNotContain("\"privateNetwork\"");
    String whole =
        send(
                "GET",
                "/apis/ovdfailover.io/v1alpha1/namespaces/tbl/ovdfailoverclusters/lab?includeObject=Object",
                null,
                null,
                accept)
            .body();
    assertThat(whole).contains("\"privateNetwork\"");
    String none =
        send(
                "GET",
                "/apis/ovdfailover.io/v1alpha1/namespaces/tbl/ovdfailoverclusters?includeObject=None",
                null,
                null,
                accept)
            .body();
    assertThat(none).contains("\"rows\"").doesNotContain("\"object\"");
  }

  @Test
  void listensOnLoopbackOnly() {
    assertThat(API.server().url()).startsWith("http://127.0.0.1:");
  }

  @Test
  void versionAndDiscoveryAnnounceTheCrds() throws Exception {
    HttpResponse<String> version = send("GET", "/version?timeout=32s", null, null, null);
    assertThat(version.statusCode()).isEqualTo(200);
    assertThat(version.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(version.body()).contains("\"gitVersion\":\"v1.32.0-ovd-embedded\"");

    assertThat(send("GET", "/apis", null, null, null).body())
        .contains("\"kind\":\"APIGroupList\"")
        .contains("\"name\":\"ovdfailover.io\"");
    String resources = send("GET", "/apis/ovdfailover.io/v1alpha1", null, null, null).body();
    assertThat(resources)
        .contains(
            "\"name\":\"ovdfailoverclusters\"",
            "\"name\":\"ovdfailoverclusters/status\"",
            "\"name\":\"clusternodes\"",
            "\"ovdnodes\"",
            "\"ovdc\"");
    assertThat(send("GET", "/api/v1", null, null, null).body()).contains("\"name\":\"secrets\"");
    // the OpenAPI documents of the custom resources (kubectl explain); none for built-in groups
    assertThat(send("GET", "/openapi/v2", null, null, null).body())
        .contains("\"swagger\":\"2.0\"", "io.ovdfailover.v1alpha1.OvdFailoverCluster");
    assertThat(send("GET", "/openapi/v3", null, null, null).body())
        .contains("\"apis/ovdfailover.io/v1alpha1\"");
    assertThat(send("GET", "/openapi/v3/api/v1", null, null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void protobufBodiesAreRefusedWith415() throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/v1/namespaces/p/configmaps",
            "application/vnd.kubernetes.protobuf",
            "k8s\0garbage",
            null);
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.body()).contains("UnsupportedMediaType");
  }

  @Test
  void serverSideApplyCreatesThenMergesAndKeepsOtherFinalizers() {
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("ssa")
            .withNamespace("s")
            .addToFinalizers("a/x")
            .endMetadata()
            .addToData("one", "1")
            .build();
    API.client().resource(cm).fieldManager("first").serverSideApply();
    ConfigMap second =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("ssa")
            .withNamespace("s")
            .addToFinalizers("b/y")
            .endMetadata()
            .addToData("two", "2")
            .build();
    API.client().resource(second).fieldManager("second").serverSideApply();

    ConfigMap stored = API.client().configMaps().inNamespace("s").withName("ssa").get();
    assertThat(stored.getData()).containsEntry("one", "1").containsEntry("two", "2");
    assertThat(stored.getMetadata().getFinalizers()).containsExactly("a/x", "b/y");
  }

  /**
   * As on a real API server: what the same manager applied before and leaves out now is removed.
   */
  @Test
  void aFieldTheSameManagerNoLongerAppliesIsRemoved() {
    API.client().resource(Samples.cluster("gone", "lab")).create();
    var resource =
        API.client().resources(OvdFailoverCluster.class).inNamespace("gone").withName("lab");
    PatchContext ssa =
        new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager("op")
            .withForce(true)
            .build();
    OvdFailoverCluster patch = new OvdFailoverCluster();
    patch.setMetadata(new ObjectMetaBuilder().withName("lab").withNamespace("gone").build());
    patch.setStatus(new OvdFailoverClusterStatus());
    patch.getStatus().phase = "Ready";
    patch.getStatus().lastFailoverTest = new io.ovdfailover.api.FailoverTestResult();
    patch.getStatus().lastFailoverTest.result = "Succeeded";
    patch.getStatus().lastFailoverTest.switchoverSeconds = 6.2;
    resource.subresource("status").patch(ssa, patch);
    // the next test was refused: no figures
    patch.getStatus().lastFailoverTest = new io.ovdfailover.api.FailoverTestResult();
    patch.getStatus().lastFailoverTest.result = "Refused";
    resource.subresource("status").patch(ssa, patch);

    OvdFailoverCluster stored = resource.get();
    assertThat(stored.getStatus().lastFailoverTest.result).isEqualTo("Refused");
    assertThat(stored.getStatus().lastFailoverTest.switchoverSeconds)
        .as("the previous test's figure")
        .isNull();
    assertThat(stored.getStatus().phase).isEqualTo("Ready");
  }

  @Test
  void statusApplyWithQueryStringWritesStatusOnlyAndReplacesLists() {
    API.client().resource(Samples.cluster("st", "lab")).create();
    OvdFailoverCluster patch = new OvdFailoverCluster();
    patch.setMetadata(new ObjectMetaBuilder().withName("lab").withNamespace("st").build());
    patch.setStatus(new OvdFailoverClusterStatus());
    patch.getStatus().phase = "Pending";
    patch.getStatus().conditions = List.of(condition("SpecValid", "True"));
    PatchContext ssa =
        new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager("t")
            .withForce(true)
            .build();
    var resource =
        API.client().resources(OvdFailoverCluster.class).inNamespace("st").withName("lab");
    resource.subresource("status").patch(ssa, patch);
    patch.getStatus().conditions = List.of(condition("SpecValid", "False"));
    resource.subresource("status").patch(ssa, patch);

    OvdFailoverCluster stored = resource.get();
    assertThat(stored.getStatus().phase).isEqualTo("Pending");
    assertThat(stored.getStatus().conditions)
        .extracting(Condition::getStatus)
        .containsExactly("False");
    assertThat(stored.getSpec().vip.address).as("spec untouched").isEqualTo("198.18.0.100");
    assertThat(stored.getMetadata().getGeneration())
        .as("status does not bump generation")
        .isEqualTo(1L);
  }

  @Test
  void staleResourceVersionInAMergePatchIsAConflict() throws Exception {
    API.client()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("rv")
                .withNamespace("c")
                .endMetadata()
                .build())
        .create();
    HttpResponse<String> r =
        send(
            "PATCH",
            "/api/v1/namespaces/c/configmaps/rv",
            "application/merge-patch+json",
            "{\"metadata\":{\"resourceVersion\":\"1\"},\"data\":{\"k\":\"v\"}}",
            null);
    assertThat(r.statusCode()).isEqualTo(409);
  }

  @Test
  void strategicMergePatchIsAMergeWithoutDirectives() throws Exception {
    API.client()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("smp")
                .withNamespace("m")
                .endMetadata()
                .addToData("keep", "1")
                .addToData("drop", "2")
                .build())
        .create();
    HttpResponse<String> r =
        send(
            "PATCH",
            "/api/v1/namespaces/m/configmaps/smp?fieldManager=kubectl",
            "application/strategic-merge-patch+json",
            "{\"$setElementOrder/x\":[],\"data\":{\"drop\":null,\"new\":\"3\"}}",
            null);
    assertThat(r.statusCode()).isBetween(200, 202);
    assertThat(API.client().configMaps().inNamespace("m").withName("smp").get().getData())
        .isEqualTo(Map.of("keep", "1", "new", "3"));
  }

  @Test
  void tablesUseTheCrdPrinterColumnsAndListsAreSortedAndTyped() throws Exception {
    API.client().resource(Samples.node("t", "lab", "pcs3", 13)).create();
    API.client().resource(Samples.node("t", "lab", "osm1", 11)).create();
    HttpResponse<String> table =
        send(
            "GET",
            "/apis/ovdfailover.io/v1alpha1/namespaces/t/clusternodes",
            null,
            null,
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    assertThat(table.body())
        .contains("\"kind\":\"Table\"", "\"name\":\"Host\"", "\"name\":\"Role\"")
        .containsPattern("\"cells\":\\[\"osm1\",[^]]*\"198\\.18\\.0\\.11\"");
    assertThat(table.body().indexOf("\"osm1\"")).isLessThan(table.body().indexOf("\"pcs3\""));

    String list =
        send("GET", "/apis/ovdfailover.io/v1alpha1/namespaces/t/clusternodes", null, null, null)
            .body();
    assertThat(list).contains("\"kind\":\"ClusterNodeList\"");
  }

  @Test
  void secretStringDataIsStoredAsData() throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/v1/namespaces/sec/secrets",
            "application/json",
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"},\"stringData\":{\"password\":\"pw\"}}",
            null);
    assertThat(r.statusCode()).isBetween(200, 201);
    var secret = API.client().secrets().inNamespace("sec").withName("s").get();
    assertThat(secret.getData()).containsEntry("password", "cHc=");
    assertThat(secret.getStringData()).isNullOrEmpty();
  }

  @Test
  void eventsAreFilteredByInvolvedObject() throws Exception {
    for (String name : List.of("a", "b")) {
      API.client()
          .v1()
          .events()
          .inNamespace("ev")
          .resource(
              new io.fabric8.kubernetes.api.model.EventBuilder()
                  .withNewMetadata()
                  .withName(name + ".1")
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withKind("OvdFailoverCluster")
                  .withName(name)
                  .withNamespace("ev")
                  .endInvolvedObject()
                  .withReason("R")
                  .build())
          .create();
    }
    String body =
        send(
                "GET",
                "/api/v1/namespaces/ev/events?fieldSelector=involvedObject.name%3Da%2C"
                    + "involvedObject.kind%3DOvdFailoverCluster&limit=500",
                null,
                null,
                null)
            .body();
    assertThat(body)
        .contains("\"kind\":\"EventList\"", "\"name\":\"a.1\"")
        .doesNotContain("\"name\":\"b.1\"");
  }

  private static Condition condition(String type, String status) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason("Test")
        .withMessage("")
        .withLastTransitionTime("2026-01-01T00:00:00Z")
        .build();
  }

  /** What the client sends, read off a bare socket: HTTP/1.1 and no request to upgrade to h2c. */
  @Test
  void clientsSpeakHttp11WithoutAnH2cUpgrade() throws Exception {
    try (java.net.ServerSocket socket =
            new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        KubernetesClient bare =
            EmbeddedApiServer.clientFor("http://127.0.0.1:" + socket.getLocalPort())) {
      var answered =
          java.util.concurrent.CompletableFuture.runAsync(
              () -> {
                try {
                  bare.configMaps().inNamespace("default").withName("x").get();
                } catch (RuntimeException expected) {
                  // the socket below answers with a bare 404 or nothing at all: only the request
                  // matters here
                }
              });
      StringBuilder head = new StringBuilder();
      try (java.net.Socket conn = socket.accept()) {
        var in =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(
                    conn.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          head.append(line).append('\n');
        }
        conn.getOutputStream()
            .write(
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
      answered.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(head.toString())
          .startsWith("GET /api/v1/namespaces/default/configmaps/x HTTP/1.1\n");
      assertThat(head.toString().toLowerCase()).doesNotContain("upgrade", "http2-settings");
    }
  }
}
