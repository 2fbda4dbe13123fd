package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRDs ship three times: top-level crds/ (of record), the chart's crds/ (Helm installs them)
 * and deploy/crds/ (kustomize reads no file outside its directory). The copies must be
 * byte-identical to the record. To refresh them after an API change: cp crds/*.yml
 * charts/ovd-failover-operator/crds/ && cp crds/*.yml deploy/crds/
 */
class CrdCopiesTest {

  @ParameterizedTest(name = "{0} is a byte-identical copy")
  @ValueSource(strings = {"charts/ovd-failover-operator/crds", "deploy/crds"})
  void copyIsByteIdentical(String copyDir) throws IOException {
    Path source = Repo.crdSource();
    System.out.println("CRDs of record: " + source);
    Path copy = Repo.root().resolve(copyDir);
    List<Path> expected = Repo.crdFiles(source);
    assertThat(expected)
        .as("CRDs in %s (run `mvn -pl operator process-classes`)", source)
        .hasSize(2);
    assertThat(Repo.crdFiles(copy))
        .extracting(p -> p.getFileName().toString())
        .as(
            "files in %s; refresh with: cp %s/*.yml %s/",
            copyDir, Repo.root().relativize(source), copyDir)
        .containsExactlyElementsOf(expected.stream().map(p -> p.getFileName().toString()).toList());
    for (Path file : expected) {
      assertThat(Files.readAllBytes(copy.resolve(file.getFileName())))
          .as(
              "%s differs from %s; refresh with: cp %s/*.yml %s/",
              copy.resolve(file.getFileName()), file, Repo.root().relativize(source), copyDir)
          .isEqualTo(Files.readAllBytes(file));
    }
  }

  @Test
  void theChartsCrdsAreTheOperatorsTwoKindsWithAStatusSubresource() {
    for (Path file : Repo.crdFiles(Repo.chart().resolve("crds"))) {
      JsonNode crd = Repo.documents(file).get(0);
      assertThat(crd.path("kind").asText()).isEqualTo("CustomResourceDefinition");
      assertThat(crd.at("/spec/group").asText()).isEqualTo("ovdfailover.io");
      JsonNode version = crd.at("/spec/versions/0");
      assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
      // Status is a subresource: the operator's status writes never touch spec (see
      // docs/install.md, Argo CD).
      assertThat(version.at("/subresources/status").isObject()).as(file.toString()).isTrue();
    }
  }

  /**
   * crds.templated renders the same files as templates of the release: the same objects as crds/,
   * with only Helm's keep policy and the chart's labels added.
   */
  @Test
  void templatedCrdsAreTheChartsCrdsFilesKeptOnUninstall() {
    assertThat(Charts.renderDefaults().ofKind("CustomResourceDefinition"))
        .as("by default Helm installs crds/ itself")
        .isEmpty();
    Manifests m =
        Charts.renderObjects(java.util.Map.of("crds", java.util.Map.of("templated", true)));
    List<JsonNode> rendered = m.ofKind("CustomResourceDefinition");
    List<Path> files = Repo.crdFiles(Repo.chart().resolve("crds"));
    assertThat(rendered).hasSize(files.size());
    for (Path file : files) {
      JsonNode expected = Repo.documents(file).get(0);
      String name = expected.at("/metadata/name").asText();
      JsonNode crd =
          m.find("CustomResourceDefinition", name, null)
              .orElseThrow(() -> new AssertionError(name + " not rendered: " + m.keys()));
      // Helm's YAML round trip writes 65535.0 (as fabric8 generates it) as 65535: the same JSON
      // number
      java.util.Comparator<JsonNode> numbersByValue =
          (a, b) ->
              a.equals(b)
                      || (a.isNumber()
                          && b.isNumber()
                          && a.decimalValue().compareTo(b.decimalValue()) == 0)
                  ? 0
                  : 1;
      assertThat(crd.path("spec").equals(numbersByValue, expected.path("spec")))
          .as("%s: rendered spec %s, crds/ has %s", name, crd.path("spec"), expected.path("spec"))
          .isTrue();
      assertThat(crd.path("apiVersion")).isEqualTo(expected.path("apiVersion"));
      assertThat(crd.at("/metadata/annotations/helm.sh~1resource-policy").asText())
          .isEqualTo("keep");
      assertThat(crd.at("/metadata/labels/app.kubernetes.io~1part-of").asText())
          .isEqualTo("ovd-failover-operator");
      assertThat(crd.at("/metadata/namespace").isMissingNode()).as("cluster-scoped").isTrue();
    }
  }
}
