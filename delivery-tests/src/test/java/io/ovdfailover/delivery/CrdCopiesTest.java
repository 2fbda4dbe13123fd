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
}
