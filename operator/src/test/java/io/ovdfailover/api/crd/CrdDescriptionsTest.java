package io.ovdfailover.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.OvdFailoverCluster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kubectl explain <kind> --recursive} reads well end to end: the kind, spec, status and
 * every property under them, however deep (list items and map values included), has a description
 * in the generated CRD. A field added without {@code @JsonPropertyDescription} fails here, named by
 * its path.
 */
class CrdDescriptionsTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  @ParameterizedTest
  @ValueSource(classes = {OvdFailoverCluster.class, ClusterNode.class})
  void everyPropertyHasADescription(Class<? extends HasMetadata> resource) throws IOException {
    JsonNode crd = YAML.readTree(CrdFilesTest.generated(CrdPostProcessor.fileName(resource)));
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode root = version.path("schema").path("openAPIV3Schema");
      List<String> missing = new ArrayList<>();
      if (root.path("description").asText().isBlank()) {
        missing.add("<the kind>");
      }
      collect(root, "", missing);
      assertThat(missing)
          .as(
              "%s %s: properties without a description (add @JsonPropertyDescription)",
              HasMetadata.getKind(resource), version.path("name").asText())
          .isEmpty();
    }
  }

  /** Descriptions say something: not the field's name again, not a placeholder. */
  @ParameterizedTest
  @ValueSource(classes = {OvdFailoverCluster.class, ClusterNode.class})
  void descriptionsAreSentences(Class<? extends HasMetadata> resource) throws IOException {
    JsonNode crd = YAML.readTree(CrdFilesTest.generated(CrdPostProcessor.fileName(resource)));
    List<String> poor = new ArrayList<>();
    crd.findValues("description")
        .forEach(
            d -> {
              String text = d.asText().strip();
              if (text.length() < 8 || !text.matches("(?s).*[.)]$")) {
                poor.add(text);
              }
            });
    assertThat(poor).as("descriptions shorter than a phrase or not ending a sentence").isEmpty();
  }

  private static void collect(JsonNode schema, String path, List<String> missing) {
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            p -> {
              String child = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
              if (p.getValue().path("description").asText().isBlank()) {
                missing.add(child);
              }
              collect(p.getValue(), child, missing);
            });
    if (schema.path("items").isObject()) {
      collect(schema.get("items"), path + "[]", missing);
    }
    if (schema.path("additionalProperties").isObject()) {
      collect(schema.get("additionalProperties"), path + "[*]", missing);
    }
  }
}
