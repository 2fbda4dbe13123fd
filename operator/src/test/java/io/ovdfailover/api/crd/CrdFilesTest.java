package io.ovdfailover.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.OvdFailoverCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed crds/ match the build's output, and the post-processor did its job on that output.
 */
class CrdFilesTest {

  private static final Path COMMITTED = Path.of("..", "crds");
  private static final YAMLMapper YAML = new YAMLMapper();

  static String generated(String fileName) throws IOException {
    try (InputStream in = CrdFilesTest.class.getResourceAsStream("/META-INF/fabric8/" + fileName)) {
      assertThat(in).as(fileName + " on the class path (mvn process-classes)").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(classes = {OvdFailoverCluster.class, ClusterNode.class})
  void committedCrdMatchesTheBuild(
      Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> resource) throws IOException {
    String fileName = CrdPostProcessor.fileName(resource);
    Path committed = COMMITTED.resolve(fileName);
    assertThat(committed)
        .as(
            "crds/"
                + fileName
                + " is missing; refresh with: "
                + "cp operator/target/classes/META-INF/fabric8/*.yml crds/")
        .exists();
    assertThat(Files.readString(committed))
        .as(
            "crds/"
                + fileName
                + " differs from the CRD the build generates; after changing the api classes refresh it "
                + "from the repository root with: mvn -pl operator process-classes && cp operator/target/classes/META-INF/fabric8/*.yml crds/")
        .isEqualTo(generated(fileName));
  }

  @ParameterizedTest
  @ValueSource(classes = {OvdFailoverCluster.class, ClusterNode.class})
  void printerColumnsInAnnotationOrder(
      Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> resource) throws IOException {
    JsonNode crd = YAML.readTree(generated(CrdPostProcessor.fileName(resource)));
    List<String> columns = new ArrayList<>();
    crd.path("spec")
        .path("versions")
        .get(0)
        .path("additionalPrinterColumns")
        .forEach(c -> columns.add(c.path("name").asText()));
    List<String> annotated =
        Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    assertThat(columns).containsExactlyElementsOf(annotated);
    if (resource == OvdFailoverCluster.class) {
      assertThat(columns)
          .startsWith("Phase", "Active", "VIP", "Nodes", "Last-Test", "Test-Secs", "Tested", "Age");
    }
  }

  @ParameterizedTest
  @ValueSource(classes = {OvdFailoverCluster.class, ClusterNode.class})
  void conditionsAreMapListsKeyedByType(
      Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> resource) throws IOException {
    JsonNode status =
        YAML.readTree(generated(CrdPostProcessor.fileName(resource)))
            .path("spec")
            .path("versions")
            .get(0)
            .path("schema")
            .path("openAPIV3Schema")
            .path("properties")
            .path("status");
    JsonNode conditions = status.path("properties").path("conditions");
    assertThat(conditions.path("x-kubernetes-list-type").asText()).isEqualTo("map");
    assertThat(conditions.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"type\"]");
    // metav1.Condition as Kubernetes declares it, not the bare strings of fabric8's model class
    JsonNode item = conditions.path("items");
    assertThat(item.path("required").toString())
        .isEqualTo("[\"type\",\"status\",\"lastTransitionTime\",\"reason\",\"message\"]");
    JsonNode fields = item.path("properties");
    assertThat(fields.path("status").path("enum").toString())
        .isEqualTo("[\"True\",\"False\",\"Unknown\"]");
    assertThat(fields.path("observedGeneration").path("format").asText()).isEqualTo("int64");
    assertThat(fields.path("observedGeneration").path("type").asText()).isEqualTo("integer");
    assertThat(fields.path("lastTransitionTime").path("format").asText()).isEqualTo("date-time");
    assertThat(fields.path("reason").path("pattern").asText())
        .isEqualTo("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");
    assertThat(fields.path("reason").path("maxLength").asInt()).isEqualTo(1024);
    assertThat(fields.path("reason").path("minLength").asInt()).isEqualTo(1);
    assertThat(fields.path("message").path("maxLength").asInt()).isEqualTo(32768);
    assertThat(fields.path("type").path("maxLength").asInt()).isEqualTo(316);
    assertThat(fields.path("type").path("pattern").asText())
        .isEqualTo(ConditionSchema.TYPE_PATTERN);
    assertThat(fields.path("type").path("description").asText())
        .contains(
            resource == OvdFailoverCluster.class ? "FailoverTested" : "Registered", "SpecValid");
    if (resource == OvdFailoverCluster.class) {
      for (String list : List.of("nodes", "resources")) {
        JsonNode node = status.path("properties").path(list);
        assertThat(node.path("x-kubernetes-list-type").asText()).as(list).isEqualTo("map");
        assertThat(node.path("x-kubernetes-list-map-keys").toString())
            .as(list)
            .isEqualTo("[\"name\"]");
        assertThat(node.path("items").path("required").toString()).as(list).contains("\"name\"");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(classes = {OvdFailoverCluster.class, ClusterNode.class})
  void everySpecListAndStringIsBoundedForCelCost(
      Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> resource) throws IOException {
    JsonNode spec =
        YAML.readTree(generated(CrdPostProcessor.fileName(resource)))
            .path("spec")
            .path("versions")
            .get(0)
            .path("schema")
            .path("openAPIV3Schema")
            .path("properties")
            .path("spec");
    List<String> unbounded = new ArrayList<>();
    collectUnbounded(spec, "spec", unbounded);
    assertThat(unbounded).as("strings without maxLength / arrays without maxItems").isEmpty();
  }

  private static void collectUnbounded(JsonNode schema, String path, List<String> unbounded) {
    switch (schema.path("type").asText()) {
      case "string" -> {
        if (!schema.has("maxLength")) {
          unbounded.add(path);
        }
      }
      case "array" -> {
        if (!schema.has("maxItems")) {
          unbounded.add(path);
        }
        collectUnbounded(schema.path("items"), path + "[*]", unbounded);
      }
      case "object" ->
          schema
              .path("properties")
              .fields()
              .forEachRemaining(
                  p -> collectUnbounded(p.getValue(), path + "." + p.getKey(), unbounded));
      default -> {}
    }
  }

  /**
   * Every CEL rule says how its error reads (reason) and, unless it spans several lists, which
   * field it is about (fieldPath): kubectl then names the field to change. CrdAdmission
   * (SpecCorpusTest) checks that each fieldPath exists in the schema, as the API server does.
   */
  @ParameterizedTest
  @ValueSource(classes = {OvdFailoverCluster.class, ClusterNode.class})
  void everyRuleHasAReasonAndAFieldPathWhereItConcernsOneField(
      Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> resource) throws IOException {
    JsonNode crd = YAML.readTree(generated(CrdPostProcessor.fileName(resource)));
    List<JsonNode> rules = crd.findValues("x-kubernetes-validations");
    assertThat(rules).isNotEmpty();
    List<String> atTheObject = new ArrayList<>();
    for (JsonNode list : rules) {
      for (JsonNode rule : list) {
        assertThat(rule.path("reason").asText())
            .as(rule.path("rule").asText())
            .isIn("FieldValueInvalid", "FieldValueRequired", "FieldValueForbidden");
        if (!rule.has("fieldPath")) {
          atTheObject.add(rule.path("rule").asText());
        }
      }
    }
    List<String> expected =
        resource == OvdFailoverCluster.class
            ? List.of(
                io.ovdfailover.api.CelRules.UNIQUE_NAMES,
                io.ovdfailover.api.CelRules.UNIQUE_ADDRESSES,
                io.ovdfailover.api.CelRules.PRIVATE_NOT_NET_OR_BROADCAST,
                io.ovdfailover.api.CelRules.DB_NODE_OR_EXTERNAL)
            : List.of();
    assertThat(atTheObject)
        .as("rules without fieldPath: only those about several fields at once")
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * The build may run the post-processor on files it already processed (the generator skipped):
   * same result.
   */
  @org.junit.jupiter.api.Test
  void postProcessingTwiceChangesNothing(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    for (String fileName : CrdPostProcessor.fileNames()) {
      Files.writeString(dir.resolve(fileName), generated(fileName));
    }
    CrdPostProcessor.main(new String[] {dir.toString()});
    for (String fileName : CrdPostProcessor.fileNames()) {
      assertThat(Files.readString(dir.resolve(fileName)))
          .as(fileName)
          .isEqualTo(generated(fileName));
    }
  }

  @org.junit.jupiter.api.Test
  void sshPrivateKeyDefaultsToTheSshAuthSecretKey() throws IOException {
    JsonNode key =
        YAML.readTree(generated(CrdPostProcessor.fileName(ClusterNode.class)))
            .path("spec")
            .path("versions")
            .get(0)
            .path("schema")
            .path("openAPIV3Schema")
            .path("properties")
            .path("spec")
            .path("properties")
            .path("ssh")
            .path("properties")
            .path("privateKeySecret")
            .path("properties")
            .path("key");
    assertThat(key.path("default").asText()).isEqualTo("ssh-privatekey");
  }
}
