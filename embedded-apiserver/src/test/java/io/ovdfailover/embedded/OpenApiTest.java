package io.ovdfailover.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the OpenAPI documents that kubectl explain relies on (KubectlExplainAndWatchTest
 * runs the real kubectl on them).
 */
class OpenApiTest {
  private static final Path CRDS = Path.of("").toAbsolutePath().getParent().resolve("deploy/crds");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<JsonNode> crds = new ArrayList<>();
  private final OpenApi openApi = new OpenApi(JSON, () -> crds);

  OpenApiTest() throws IOException {
    try (Stream<Path> files = Files.list(CRDS)) {
      for (Path file : files.sorted().toList()) {
        crds.add(new YAMLMapper().readTree(file.toFile()));
      }
    }
  }

  private JsonNode doc(String path) {
    return openApi.document(path).orElseThrow(() -> new AssertionError("no document at " + path));
  }

  @Test
  void theIndexListsEachGroupVersionUnderAUrlThatChangesWithTheCrd() {
    String url =
        doc("/openapi/v3").at("/paths/apis~1ovdfailover.io~1v1alpha1/serverRelativeURL").asText();
    assertThat(url).matches("/openapi/v3/apis/ovdfailover.io/v1alpha1\\?hash=[0-9A-F]{128}");
    ((ObjectNode) crds.get(0).at("/spec/versions/0/schema/openAPIV3Schema"))
        .put("description", "changed");
    assertThat(
            doc("/openapi/v3")
                .at("/paths/apis~1ovdfailover.io~1v1alpha1/serverRelativeURL")
                .asText())
        .as("a client caches documents by URL")
        .isNotEqualTo(url);
    assertThat(openApi.document("/openapi/v3/apis/ovdfailover.io/v2")).isEmpty();
    assertThat(openApi.document("/openapi/v3/api/v1")).isEmpty();
  }

  @Test
  void eachKindHasPathsNamingItAndASchemaCarryingTheSameGroupVersionKind() {
    JsonNode doc = doc("/openapi/v3/apis/ovdfailover.io/v1alpha1/");
    assertThat(doc.path("openapi").asText()).isEqualTo("3.0.0");
    JsonNode get =
        doc.path("paths")
            .path("/apis/ovdfailover.io/v1alpha1/namespaces/{namespace}/ovdfailoverclusters")
            .path("get");
    JsonNode gvk = get.path("x-kubernetes-group-version-kind");
    assertThat(gvk.toString())
        .isEqualTo(
            "{\"group\":\"ovdfailover.io\",\"kind\":\"OvdFailoverCluster\",\"version\":\"v1alpha1\"}");
    JsonNode schema =
        doc.at("/components/schemas").path("io.ovdfailover.v1alpha1.OvdFailoverCluster");
    assertThat(schema.path("x-kubernetes-group-version-kind")).containsExactly(gvk);
    assertThat(schema.path("properties").fieldNames())
        .toIterable()
        .startsWith("apiVersion", "kind", "metadata")
        .contains("spec", "status");
    String ref = schema.at("/properties/metadata/allOf/0/$ref").asText();
    assertThat(ref)
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(
            doc.at(
                    "/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta/properties/labels/additionalProperties/type")
                .asText())
        .isEqualTo("string");
    assertThat(
            doc.at(
                    "/components/schemas/io.ovdfailover.v1alpha1.OvdFailoverClusterList/properties/items/items/$ref")
                .asText())
        .isEqualTo("#/components/schemas/io.ovdfailover.v1alpha1.OvdFailoverCluster");
    assertThat(
            doc.path("paths")
                .path("/apis/ovdfailover.io/v1alpha1/namespaces/{namespace}/clusternodes/{name}")
                .at("/get/x-kubernetes-group-version-kind/kind")
                .asText())
        .isEqualTo("ClusterNode");
    assertThat(doc.path("paths").fieldNames())
        .toIterable()
        .allSatisfy(
            p ->
                assertThat(doc.path("paths").path(p).fieldNames())
                    .toIterable()
                    .containsOnly("get"));
    assertThat(
            crds.get(1).at("/spec/versions/0/schema/openAPIV3Schema/properties").has("apiVersion"))
        .as("the stored CRD is not changed")
        .isFalse();
  }

  @Test
  void swaggerTwoUsesDefinitionsAndPlainRefs() {
    JsonNode doc = doc("/openapi/v2");
    assertThat(doc.path("swagger").asText()).isEqualTo("2.0");
    JsonNode metadata =
        doc.at("/definitions/io.ovdfailover.v1alpha1.ClusterNode/properties/metadata");
    assertThat(metadata.path("$ref").asText())
        .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(metadata.has("allOf")).isFalse();
    assertThat(metadata.path("description").asText()).startsWith("Standard object metadata");
    assertThat(doc.toString()).doesNotContain("#/components/", "\"nullable\"");
    assertThat(OpenApi.isV2("/openapi/v2")).isTrue();
  }

  /**
   * The protobuf form decodes as gnostic's openapi.v2.Document: swagger, info, paths, definitions.
   */
  @Test
  void theProtobufFormCarriesTheDefinitionsAndTheirGroupVersionKinds() throws IOException {
    UnknownFieldSet document = UnknownFieldSet.parseFrom(OpenApiV2Proto.encode(doc("/openapi/v2")));
    assertThat(document.getField(1).getLengthDelimitedList())
        .containsExactly(ByteString.copyFromUtf8("2.0"));
    UnknownFieldSet definitions =
        UnknownFieldSet.parseFrom(document.getField(9).getLengthDelimitedList().get(0));
    List<String> names = new ArrayList<>();
    String clusterSchema = null;
    for (ByteString named : definitions.getField(1).getLengthDelimitedList()) {
      UnknownFieldSet namedSchema = UnknownFieldSet.parseFrom(named);
      String name = namedSchema.getField(1).getLengthDelimitedList().get(0).toStringUtf8();
      names.add(name);
      if (name.equals("io.ovdfailover.v1alpha1.OvdFailoverCluster")) {
        clusterSchema = namedSchema.getField(2).getLengthDelimitedList().get(0).toStringUtf8();
      }
    }
    assertThat(names)
        .contains(
            "io.ovdfailover.v1alpha1.OvdFailoverCluster",
            "io.ovdfailover.v1alpha1.ClusterNodeList",
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    // the vendor extension kubectl maps kinds with, its value as JSON (YAML) text
    assertThat(clusterSchema)
        .contains(
            "x-kubernetes-group-version-kind",
            "[{\"group\":\"ovdfailover.io\",\"kind\":\"OvdFailoverCluster\",\"version\":\"v1alpha1\"}]",
            "One Inuvika OVD Session Manager failover setup");
  }
}
