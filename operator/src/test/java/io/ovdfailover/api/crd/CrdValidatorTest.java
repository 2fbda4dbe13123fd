package io.ovdfailover.api.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The test harness itself: it must fail where the API server would. */
class CrdValidatorTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  private static CrdValidator crd(String rule) throws IOException {
    return new CrdValidator(
        (ObjectNode)
            YAML.readTree(
                """
        spec:
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
                      port: {type: integer, default: 22}
                      tags: {type: array, maxItems: 2, items: {type: string, maxLength: 5}}
                    x-kubernetes-validations:
                    - rule: "%s"
                      message: the rule failed
        """
                    .formatted(rule)));
  }

  private static ObjectNode resource(String spec) throws IOException {
    return (ObjectNode) YAML.readTree("{apiVersion: x/v1, kind: X, spec: " + spec + "}");
  }

  @Test
  void evaluatesRulesWithDefaultsApplied() throws IOException {
    CrdValidator validator = crd("self.port == 22 && self.host.startsWith('osm')");
    assertThat(validator.validate(resource("{host: osm}"))).isEmpty();
    assertThat(validator.validate(resource("{host: osm, port: 2222}")))
        .containsExactly("cel spec: the rule failed");
    assertThat(validator.validate(resource("{host: pcs}")))
        .containsExactly("cel spec: the rule failed");
  }

  @Test
  void refusesRulesThatDoNotTypeCheckAgainstTheSchema() {
    assertThatThrownBy(() -> crd("self.hots == 'osm'")).hasMessageContaining("does not type-check");
    assertThatThrownBy(() -> crd("self.port == 'osm'")).hasMessageContaining("does not type-check");
    assertThatThrownBy(() -> crd("size(self.tags) + 'x'"))
        .hasMessageContaining("does not type-check");
    assertThatThrownBy(() -> crd("self.host"))
        .as("not a bool")
        .hasMessageContaining("does not type-check");
  }

  @Test
  void blockingSchemaErrorsSkipTheRulesAsTheApiServerDoes() throws IOException {
    CrdValidator validator = crd("self.host == 'never'");
    assertThat(validator.validate(resource("{port: 1}")))
        .anyMatch(e -> e.contains("required property 'host' not found"))
        .contains(CrdValidator.NOT_CHECKED)
        .noneMatch(e -> e.startsWith("cel "));
    assertThat(validator.validate(resource("{host: osm, tags: [a, b, c]}")))
        .contains(CrdValidator.NOT_CHECKED);
    // a pattern error does not block: the rule runs too
    assertThat(validator.validate(resource("{host: OSM}")))
        .anyMatch(e -> e.startsWith("schema pattern"))
        .contains("cel spec: the rule failed");
  }

  @Test
  void runtimeErrorsRejectTheObject() throws IOException {
    CrdValidator validator = crd("self.tags[1] == 'a'");
    assertThat(validator.validate(resource("{host: osm, tags: [a]}")))
        .singleElement()
        .asString()
        .startsWith("cel spec: rule evaluation error");
  }
}
