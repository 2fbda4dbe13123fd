package io.ovdfailover.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.ClusterNodeSpec;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.crd.CrdPostProcessor;
import io.ovdfailover.embedded.CrdAdmission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every spec of the corpus against both validation layers: the generated CRD (its structural schema
 * and its CEL rules, through the embedded API server's {@link CrdAdmission}, with the API server's
 * messages) and {@link SpecValidator}.
 *
 * <p>Each file under {@code invalid-specs/} holds one custom resource and header comments saying
 * what each layer must report: {@code # expected-schema: text} and {@code # expected-operator:
 * text} lines (each text must occur in one of the layer's messages), or {@code #
 * schema-cannot-catch: reason} / {@code # operator-cannot-catch: reason} when a layer cannot see
 * the problem (the layer must then accept the spec, so the claim stays true). Files under {@code
 * valid-specs/} must pass both layers.
 */
class SpecCorpusTest {

  static final Path INVALID = Path.of("src/test/resources/invalid-specs");
  static final Path VALID = Path.of("src/test/resources/valid-specs");

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final CrdAdmission CLUSTER_CRD =
      CrdAdmission.fromClasspath(CrdPostProcessor.fileName(OvdFailoverCluster.class));
  private static final CrdAdmission NODE_CRD =
      CrdAdmission.fromClasspath(CrdPostProcessor.fileName(ClusterNode.class));

  /** A corpus file: the resource and what each layer must say. */
  record Case(
      Path file,
      JsonNode resource,
      List<String> expectedSchema,
      List<String> expectedOperator,
      String schemaCannotCatch,
      String operatorCannotCatch) {

    static Case read(Path file) {
      try {
        List<String> schema = new ArrayList<>();
        List<String> operator = new ArrayList<>();
        String schemaCannot = null;
        String operatorCannot = null;
        for (String line : Files.readAllLines(file)) {
          if (!line.startsWith("#")) {
            continue;
          }
          String text = line.substring(1).trim();
          if (text.startsWith("expected-schema:")) {
            schema.add(value(text));
          } else if (text.startsWith("expected-operator:")) {
            operator.add(value(text));
          } else if (text.startsWith("schema-cannot-catch:")) {
            schemaCannot = value(text);
          } else if (text.startsWith("operator-cannot-catch:")) {
            operatorCannot = value(text);
          }
        }
        return new Case(
            file, YAML.readTree(file.toFile()), schema, operator, schemaCannot, operatorCannot);
      } catch (IOException e) {
        throw new IllegalStateException(file + ": " + e.getMessage(), e);
      }
    }

    private static String value(String text) {
      return text.substring(text.indexOf(':') + 1).trim();
    }

    String kind() {
      return resource.path("kind").asText();
    }
  }

  /** What the API server (and the embedded one, which uses the same CrdAdmission) would say. */
  static List<String> schemaErrors(JsonNode resource) {
    CrdAdmission crd =
        switch (resource.path("kind").asText()) {
          case "OvdFailoverCluster" -> CLUSTER_CRD;
          case "ClusterNode" -> NODE_CRD;
          default -> throw new IllegalArgumentException("unknown kind " + resource.path("kind"));
        };
    return crd.validate(resource).stream().map(CrdAdmission.Cause::toString).toList();
  }

  static List<String> operatorErrors(JsonNode resource) throws IOException {
    SpecValidator validator = new SpecValidator();
    JsonNode spec = resource.get("spec");
    List<SpecValidator.Problem> problems =
        switch (resource.path("kind").asText()) {
          case "OvdFailoverCluster" ->
              validator.validate(
                  spec == null ? null : JSON.treeToValue(spec, OvdFailoverClusterSpec.class));
          case "ClusterNode" ->
              validator.validate(
                  spec == null ? null : JSON.treeToValue(spec, ClusterNodeSpec.class));
          default -> throw new IllegalArgumentException("unknown kind " + resource.path("kind"));
        };
    return problems.stream().map(SpecValidator.Problem::toString).toList();
  }

  static Stream<Path> files(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @TestFactory
  Stream<DynamicTest> invalidSpecsAreRejectedByBothLayers() throws IOException {
    return files(INVALID)
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      Case c = Case.read(file);
                      assertThat(c.expectedSchema().isEmpty())
                          .as(file + ": give expected-schema lines or schema-cannot-catch")
                          .isEqualTo(c.schemaCannotCatch() != null);
                      assertThat(c.expectedOperator().isEmpty())
                          .as(file + ": give expected-operator lines or operator-cannot-catch")
                          .isEqualTo(c.operatorCannotCatch() != null);

                      List<String> schema = schemaErrors(c.resource());
                      if (c.schemaCannotCatch() != null) {
                        assertThat(schema)
                            .as(
                                file
                                    + " says the schema cannot catch it ("
                                    + c.schemaCannotCatch()
                                    + ")")
                            .isEmpty();
                      } else {
                        assertThat(schema).as(file + ": schema and CEL errors").isNotEmpty();
                        for (String expected : c.expectedSchema()) {
                          assertThat(schema)
                              .as(file + ": schema and CEL errors")
                              .anyMatch(e -> e.contains(expected));
                        }
                      }

                      List<String> operator = operatorErrors(c.resource());
                      if (c.operatorCannotCatch() != null) {
                        assertThat(operator)
                            .as(
                                file
                                    + " says the operator cannot catch it ("
                                    + c.operatorCannotCatch()
                                    + ")")
                            .isEmpty();
                      } else {
                        assertThat(operator).as(file + ": SpecValidator problems").isNotEmpty();
                        for (String expected : c.expectedOperator()) {
                          assertThat(operator)
                              .as(file + ": SpecValidator problems")
                              .anyMatch(e -> e.contains(expected));
                        }
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> validSpecsPassBothLayers() throws IOException {
    return files(VALID)
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> {
                      JsonNode resource = YAML.readTree(file.toFile());
                      assertThat(schemaErrors(resource))
                          .as(file + ": schema and CEL errors")
                          .isEmpty();
                      assertThat(operatorErrors(resource))
                          .as(file + ": SpecValidator problems")
                          .isEmpty();
                    }));
  }

  /**
   * Writes what each layer says about each corpus file to target/invalid-specs-report.txt, for
   * review.
   */
  @Test
  void writeReport() throws IOException {
    StringBuilder report = new StringBuilder();
    for (Path file : files(INVALID).toList()) {
      JsonNode resource = YAML.readTree(file.toFile());
      report.append("== ").append(file.getFileName()).append('\n');
      schemaErrors(resource).forEach(e -> report.append("  schema   ").append(e).append('\n'));
      operatorErrors(resource).forEach(e -> report.append("  operator ").append(e).append('\n'));
    }
    Files.writeString(Path.of("target/invalid-specs-report.txt"), report);
  }

  @Test
  void corpusIsLargeEnoughAndCoversEveryCelRule() throws IOException {
    List<Case> cases = files(INVALID).map(Case::read).toList();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
    assertThat(files(VALID).count()).isGreaterThanOrEqualTo(3);
    List<String> expectedSchema = cases.stream().flatMap(c -> c.expectedSchema().stream()).toList();
    for (CrdAdmission.Rule rule :
        Stream.concat(CLUSTER_CRD.rules().stream(), NODE_CRD.rules().stream()).toList()) {
      assertThat(expectedSchema)
          .as(
              "no invalid spec expects the CEL rule at "
                  + rule.schemaPath()
                  + ": "
                  + rule.message())
          .anyMatch(e -> rule.message().contains(e) && e.length() > 20);
    }
  }
}
