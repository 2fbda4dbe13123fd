package io.ovdfailover.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.crd.CrdManifests;
import io.ovdfailover.testsupport.EmbeddedServer;
import io.ovdfailover.testsupport.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded server admits the project's custom resources as an API server does with the CRDs the
 * build generated: what the schema or a CEL rule refuses is never stored, unknown fields are
 * pruned, defaults applied. Through every verb the adapter handles.
 */
class AdmissionOnEmbeddedServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final String CLUSTERS =
      "/apis/ovdfailover.io/v1alpha1/namespaces/%s/ovdfailoverclusters";

  @RegisterExtension static final EmbeddedServer API = new EmbeddedServer();

  /** A valid lab cluster as JSON, to spoil. */
  private static ObjectNode lab(String namespace, String name) {
    return JSON.valueToTree(Samples.cluster(namespace, name));
  }

  private static HttpResponse<String> post(String namespace, JsonNode object) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(API.server().url() + CLUSTERS.formatted(namespace)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(object.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static GenericKubernetesResource stored(String namespace, String name) {
    return API.client()
        .genericKubernetesResources("ovdfailover.io/v1alpha1", "OvdFailoverCluster")
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  @Test
  void aCelViolationIsRefusedWithTheRulesMessageAndNothingIsStored() throws Exception {
    ObjectNode cluster = lab("cel", "lab");
    ((com.fasterxml.jackson.databind.node.ArrayNode) cluster.at("/spec/sessionManagers")).remove(1);

    HttpResponse<String> r = post("cel", cluster);

    assertThat(r.statusCode()).isEqualTo(422);
    JsonNode status = JSON.readTree(r.body());
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("reason").asText()).isEqualTo("Invalid");
    assertThat(status.path("message").asText())
        .startsWith("OvdFailoverCluster.ovdfailover.io \"lab\" is invalid: ")
        .contains("sessionManagers must list exactly two session-manager nodes");
    assertThat(status.at("/details/kind").asText()).isEqualTo("OvdFailoverCluster");
    assertThat(status.at("/details/causes"))
        .anySatisfy(
            c -> {
              assertThat(c.path("field").asText()).startsWith("spec");
              assertThat(c.path("reason").asText()).isEqualTo("FieldValueInvalid");
            });
    assertThat(stored("cel", "lab")).isNull();
  }

  @Test
  void aWrongTypeIsRefusedNamingTheField() throws Exception {
    ObjectNode cluster = lab("types", "lab");
    ((ObjectNode) cluster.at("/spec/vip")).put("cidrNetmask", "24");

    HttpResponse<String> r = post("types", cluster);

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(r.body()).path("message").asText())
        .contains(
            "spec.vip.cidrNetmask: Invalid value: \"24\": spec.vip.cidrNetmask in body must be of"
                + " type integer: \"string\"");
    assertThat(stored("types", "lab")).isNull();
  }

  @Test
  void unknownFieldsArePrunedWithAWarningAndDefaultsApplied() throws Exception {
    ObjectNode cluster = lab("prune", "lab");
    ((ObjectNode) cluster.get("spec")).put("colour", "blue").remove("clusterName");

    HttpResponse<String> r = post("prune", cluster);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(r.headers().allValues("Warning"))
        .contains("299 - \"unknown field \\\"spec.colour\\\"\"");
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> spec =
        (java.util.Map<String, Object>)
            stored("prune", "lab").getAdditionalProperties().get("spec");
    assertThat(spec).doesNotContainKey("colour").containsEntry("clusterName", "ovd-sm");
  }

  @Test
  void aValidObjectIsAcceptedThroughTheClient() {
    OvdFailoverCluster created = API.client().resource(Samples.cluster("valid", "lab")).create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(stored("valid", "lab")).isNotNull();
  }

  @Test
  void updatesPatchesAndServerSideApplyAreAdmittedToo() {
    API.client().resource(Samples.cluster("verbs", "lab")).create();
    var clusters =
        API.client().resources(OvdFailoverCluster.class).inNamespace("verbs").withName("lab");
    String oneSessionManager =
        "{\"spec\":{\"sessionManagers\":[{\"name\":\"osm1\",\"serviceAddress\":\"198.18.0.11\","
            + "\"privateAddress\":\"198.19.100.11\"}]}}";

    assertThatThrownBy(
            () -> clusters.patch(PatchContext.of(PatchType.JSON_MERGE), oneSessionManager))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("sessionManagers must list exactly two session-manager nodes");
    assertThatThrownBy(
            () ->
                clusters.edit(
                    c -> {
                      c.getSpec().ovdVersion = "v3";
                      return c;
                    }))
        .hasMessageContaining("spec.ovdVersion: Invalid value: \"v3\"");
    OvdFailoverCluster applied = Samples.cluster("verbs", "lab");
    applied.getSpec().ovdVersion = "three";
    assertThatThrownBy(
            () ->
                API.client()
                    .resource(applied)
                    .fieldManager("test")
                    .forceConflicts()
                    .serverSideApply())
        .hasMessageContaining("spec.ovdVersion in body should match");

    assertThat(clusters.get().getSpec().ovdVersion).as("nothing stored").isEqualTo("3.3.0");
    assertThat(clusters.get().getSpec().sessionManagers).hasSize(2);
  }

  @Test
  void withAdmissionOffEverythingIsStoredAsSent() throws Exception {
    try (EmbeddedApiServer off = EmbeddedApiServer.start(0, Admission.OFF);
        KubernetesClient offClient = off.newClient()) {
      CrdManifests.install(offClient);
      ObjectNode cluster = lab("off", "lab");
      ((ObjectNode) cluster.get("spec")).put("colour", "blue");
      ((ObjectNode) cluster.at("/spec/vip")).put("cidrNetmask", "24");
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(off.url() + CLUSTERS.formatted("off")))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(cluster.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      assertThat(JSON.readTree(r.body()).at("/spec/colour").asText()).isEqualTo("blue");
    }
  }
}
