package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/ built by real kustomize (the one inside kubectl, offline), alone and as the base of an
 * overlay.
 */
class KustomizeBuildTest {

  @Test
  void deployBuildsToTheSameObjectsAsItsFiles() {
    Manifests built =
        new Manifests(Repo.documents(Tools.runOk(Repo.root(), "kubectl", "kustomize", "deploy")));
    Manifests files =
        new Manifests(
            DeployMatchesChartTest.kustomizationResources().stream()
                .flatMap(p -> Repo.documents(p).stream())
                .toList());
    assertThat(built.keys()).isEqualTo(files.keys());
    assertThat(built.one("Deployment")).isEqualTo(files.one("Deployment"));
    // the operator's and the two aggregated ones for people; kustomize sorts them its own way
    assertThat(built.ofKind("ClusterRole"))
        .containsExactlyInAnyOrderElementsOf(files.ofKind("ClusterRole"));
  }

  @Test
  void anOverlayCanRetargetTheImage(@TempDir Path overlay) throws IOException {
    // kustomize accepts bases by relative path only
    Files.writeString(
        overlay.resolve("kustomization.yaml"),
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
          - %s
        images:
          - name: %s
            newName: registry.example.com/ovd/ovd-failover-operator
            newTag: 9.9.9
        """
            .formatted(overlay.relativize(Repo.deploy()), DockerfileIT.IMAGE));
    Manifests built =
        new Manifests(Repo.documents(Tools.runOk(overlay, "kubectl", "kustomize", ".")));
    JsonNode container = built.operatorContainer();
    assertThat(container.path("image").asText())
        .isEqualTo("registry.example.com/ovd/ovd-failover-operator:9.9.9");
    assertThat(built.ofKind("CustomResourceDefinition")).hasSize(2);
  }
}
