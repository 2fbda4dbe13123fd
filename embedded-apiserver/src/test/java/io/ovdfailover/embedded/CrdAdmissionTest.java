package io.ovdfailover.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admission must fail where the API server would, with its messages. */
class CrdAdmissionTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  static JsonNode crd(String rule) throws IOException {
    return crd(rule, "");
  }

  /**
   * @param more further keys of the rule (fieldPath, reason), one per line, as YAML
   */
  static JsonNode crd(String rule, String more) throws IOException {
    return YAML.readTree(
        """
        spec:
          group: example.io
          names: {kind: Widget, plural: widgets}
          versions:
          - name: v1
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [host]
                    properties:
                      host: {type: string, maxLength: 20, pattern: '^[a-z]+$'}
                      port: {type: integer, default: 22, minimum: 1}
                      mode: {type: string, enum: [fast, slow]}
                      tags: {type: array, maxItems: 2, items: {type: string, maxLength: 5}}
                      free: {type: object, x-kubernetes-preserve-unknown-fields: true}
                      labels: {type: object, additionalProperties: {type: string}}
                      nodes:
                        type: array
                        x-kubernetes-list-type: map
                        x-kubernetes-list-map-keys: [name]
                        items: {type: object, properties: {name: {type: string}}}
                    x-kubernetes-validations:
                    - rule: "%s"
                      message: the rule failed
        %s"""
            .formatted(
                rule,
                more.lines().map(l -> "              " + l + "\n").reduce("", String::concat)));
  }

  private static CrdAdmission admission(String rule) throws IOException {
    return new CrdAdmission(crd(rule));
  }

  private static JsonNode resource(String spec) throws IOException {
    return YAML.readTree(
        "{apiVersion: example.io/v1, kind: Widget, metadata: {name: w, labels: {a: b}}, spec: "
            + spec
            + "}");
  }

  private static List<String> errors(CrdAdmission admission, String spec) throws IOException {
    return admission.validate(resource(spec)).stream().map(Object::toString).toList();
  }

  @Test
  void evaluatesRulesWithDefaultsApplied() throws IOException {
    CrdAdmission admission = admission("self.port == 22 && self.host.startsWith('osm')");
    assertThat(errors(admission, "{host: osm}")).isEmpty();
    assertThat(errors(admission, "{host: osm, port: 2222}"))
        .containsExactly("spec: Invalid value: \"object\": the rule failed");
    assertThat(errors(admission, "{host: pcs}"))
        .containsExactly("spec: Invalid value: \"object\": the rule failed");
  }

  @Test
  void prunesUnknownFieldsAndAppliesDefaults() throws IOException {
    CrdAdmission.Result result =
        admission("true").admit(resource("{host: osm, extra: 1, free: {any: 1}, tags: [a]}"));
    assertThat(result.accepted()).isTrue();
    assertThat(result.pruned()).containsExactly("spec.extra");
    assertThat(result.object().path("spec").has("extra")).isFalse();
    assertThat(result.object().at("/spec/free/any").asInt())
        .as("x-kubernetes-preserve-unknown-fields")
        .isEqualTo(1);
    assertThat(result.object().at("/spec/port").asInt()).isEqualTo(22);
    assertThat(result.object().at("/metadata/labels/a").asText())
        .as("metadata is not the schema's")
        .isEqualTo("b");
  }

  @Test
  void nullsOfNonNullableFieldsAreDroppedThenDefaulted() throws IOException {
    CrdAdmission.Result result = admission("true").admit(resource("{host: osm, port: null}"));
    assertThat(result.causes()).isEmpty();
    assertThat(result.object().at("/spec/port").asInt()).isEqualTo(22);
  }

  @Test
  void schemaErrorsReadAsTheApiServerWritesThem() throws IOException {
    CrdAdmission admission = admission("true");
    assertThat(errors(admission, "{host: OSM}"))
        .containsExactly(
            "spec.host: Invalid value: \"OSM\": spec.host in body should match '^[a-z]+$'");
    assertThat(errors(admission, "{host: osm, port: '22'}"))
        .contains(
            "spec.port: Invalid value: \"22\": spec.port in body must be of type integer:"
                + " \"string\"");
    assertThat(errors(admission, "{host: osm, port: 0}"))
        .containsExactly(
            "spec.port: Invalid value: 0: spec.port in body should be greater than or equal to 1");
    assertThat(errors(admission, "{host: osm, mode: quick}"))
        .contains("spec.mode: Unsupported value: \"quick\": supported values: \"fast\", \"slow\"");
    assertThat(errors(admission, "{host: osm, tags: [a, b, c]}"))
        .contains("spec.tags: Too many: 3: must have at most 2 items");
    assertThat(errors(admission, "{host: osm, tags: [abcdef]}"))
        .contains("spec.tags[0]: Too long: may not be more than 5 bytes");
    assertThat(errors(admission, "{host: osm, nodes: [{name: a}, {name: a}]}"))
        .containsExactly("spec.nodes[1]: Duplicate value: {\"name\":\"a\"}");
    assertThat(errors(admission, "{port: 1}")).contains("spec.host: Required value");
  }

  @Test
  void refusesRulesThatDoNotTypeCheckAgainstTheSchema() {
    assertThatThrownBy(() -> admission("self.hots == 'osm'"))
        .hasMessageContaining("does not type-check");
    assertThatThrownBy(() -> admission("self.port == 'osm'"))
        .hasMessageContaining("does not type-check");
    assertThatThrownBy(() -> admission("size(self.tags) + 'x'"))
        .hasMessageContaining("does not type-check");
    assertThatThrownBy(() -> admission("self.host"))
        .as("not a bool")
        .hasMessageContaining("does not type-check");
    assertThatThrownBy(() -> admission("self.host == oldSelf.host"))
        .hasMessageContaining("transition rule");
  }

  @Test
  void blockingSchemaErrorsSkipTheRulesAsTheApiServerDoes() throws IOException {
    CrdAdmission admission = admission("self.host == 'never'");
    assertThat(errors(admission, "{port: 1}"))
        .contains("spec.host: Required value")
        .anyMatch(e -> e.contains(CrdAdmission.NOT_CHECKED))
        .noneMatch(e -> e.contains("the rule failed"));
    assertThat(errors(admission, "{host: osm, tags: [a, b, c]}"))
        .anyMatch(e -> e.contains(CrdAdmission.NOT_CHECKED));
    // a pattern error does not block: the rule runs too
    assertThat(errors(admission, "{host: OSM}"))
        .anyMatch(e -> e.contains("should match"))
        .contains("spec: Invalid value: \"object\": the rule failed");
  }

  /**
   * A rule's fieldPath and reason place and word its error as the API server does
   * (apiextensions-apiserver's fieldErrorForReason; Kubernetes 1.28+): the kubectl user sees the
   * field to change, and the cause's reason is the rule's.
   */
  @Test
  void fieldPathAndReasonPlaceAndWordTheError() throws IOException {
    String rule = "self.port != 23";
    assertThat(
            new CrdAdmission(crd(rule, "fieldPath: .port"))
                .validate(resource("{host: a, port: 23}")))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.field()).isEqualTo("spec.port");
              assertThat(c.reason()).isEqualTo("FieldValueInvalid");
              assertThat(c).hasToString("spec.port: Invalid value: \"object\": the rule failed");
            });
    assertThat(
            errors(
                new CrdAdmission(crd(rule, "fieldPath: .port\nreason: FieldValueForbidden")),
                "{host: a, port: 23}"))
        .containsExactly("spec.port: Forbidden: the rule failed");
    assertThat(
            errors(
                new CrdAdmission(
                    crd("has(self.mode)", "fieldPath: \"['mode']\"\nreason: FieldValueRequired")),
                "{host: a}"))
        .containsExactly("spec.mode: Required value: the rule failed");
    assertThat(
            errors(
                new CrdAdmission(crd(rule, "fieldPath: .tags\nreason: FieldValueDuplicate")),
                "{host: a, port: 23}"))
        .as("a Duplicate error quotes the type and drops the message, as the API server's does")
        .containsExactly("spec.tags: Duplicate value: \"object\"");
    assertThat(
            errors(
                new CrdAdmission(crd(rule, "fieldPath: .labels['app.kubernetes.io/name']")),
                "{host: a, port: 23}"))
        .as("a map key")
        .containsExactly(
            "spec.labels[app.kubernetes.io/name]: Invalid value: \"object\": the rule failed");
    assertThat(
            new CrdAdmission(crd(rule, "reason: FieldValueRequired"))
                .validate(resource("{host: a, port: 23}")))
        .as("no fieldPath: at the rule's place")
        .singleElement()
        .hasToString("spec: Required value: the rule failed");
  }

  /** What the API server refuses when the CRD is applied. */
  @Test
  void refusesAFieldPathOutsideTheSchemaAndUnknownReasons() {
    assertThatThrownBy(() -> new CrdAdmission(crd("true", "fieldPath: .hots")))
        .hasMessageContaining(
            "fieldPath .hots must be a valid path: does not refer to a valid field");
    assertThatThrownBy(() -> new CrdAdmission(crd("true", "fieldPath: .host.length")))
        .hasMessageContaining("does not refer to a valid field");
    assertThatThrownBy(() -> new CrdAdmission(crd("true", "fieldPath: .tags[0]")))
        .as("no list index")
        .hasMessageContaining("must be a valid path");
    assertThatThrownBy(() -> new CrdAdmission(crd("true", "fieldPath: host")))
        .hasMessageContaining("expected [ or . but got: h");
    assertThatThrownBy(() -> new CrdAdmission(crd("true", "reason: FieldValueWrong")))
        .hasMessageContaining("reason FieldValueWrong is not one of");
    assertThat(CrdAdmission.fieldPath(YAML.createObjectNode(), "", "spec")).isEmpty();
  }

  /** The 422 kubectl prints: the causes carry the field path and the rule's reason. */
  @Test
  void theEmbeddedServerAnswersWithTheFieldAndReason() throws IOException {
    ObjectNode crd =
        (ObjectNode) crd("self.port != 23", "fieldPath: .port\nreason: FieldValueForbidden");
    crd.put("apiVersion", "apiextensions.k8s.io/v1").put("kind", "CustomResourceDefinition");
    crd.putObject("metadata").put("name", "widgets.example.io");
    ((ObjectNode) crd.path("spec")).put("scope", "Namespaced");
    ((ObjectNode) crd.path("spec").path("versions").get(0))
        .put("served", true)
        .put("storage", true);
    try (EmbeddedApiServer server = EmbeddedApiServer.start(0);
        KubernetesClient client = server.newClient()) {
      client.resource(YAML.treeToValue(crd, CustomResourceDefinition.class)).create();
      GenericKubernetesResource widget =
          YAML.treeToValue(resource("{host: a, port: 23}"), GenericKubernetesResource.class);
      assertThatThrownBy(() -> client.resource(widget).inNamespace("default").create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(422);
                assertThat(e.getStatus().getMessage())
                    .isEqualTo(
                        "Widget.example.io \"w\" is invalid: spec.port: Forbidden: the rule failed");
                assertThat(e.getStatus().getDetails().getCauses())
                    .singleElement()
                    .satisfies(
                        c -> {
                          assertThat(c.getField()).isEqualTo("spec.port");
                          assertThat(c.getReason()).isEqualTo("FieldValueForbidden");
                          assertThat(c.getMessage()).isEqualTo("Forbidden: the rule failed");
                        });
              });
    }
  }

  @Test
  void runtimeErrorsRejectTheObject() throws IOException {
    CrdAdmission admission = admission("self.tags[1] == 'a'");
    assertThat(errors(admission, "{host: osm, tags: [a]}"))
        .singleElement()
        .asString()
        .startsWith("spec: Invalid value: \"object\": rule evaluation error");
  }
}
