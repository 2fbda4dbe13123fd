package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/ (plain manifests for kubectl/kustomize) must install what the chart installs with default
 * values: the chart is rendered by Helm and compared, object by object, on every field that changes
 * behaviour. Labels Helm adds for itself (helm.sh/chart, managed-by) are the only accepted
 * difference.
 */
class DeployMatchesChartTest {
  private static Manifests chart;
  private static Manifests deploy;

  @BeforeAll
  static void render() {
    chart = Charts.renderDefaults();
    deploy =
        new Manifests(
            kustomizationResources().stream().flatMap(p -> Repo.documents(p).stream()).toList());
  }

  /** The files deploy/kustomization.yaml lists, resolved. */
  static List<Path> kustomizationResources() {
    JsonNode kustomization = Repo.documents(Repo.deploy().resolve("kustomization.yaml")).get(0);
    List<Path> files = new ArrayList<>();
    kustomization
        .path("resources")
        .forEach(r -> files.add(Repo.deploy().resolve(r.asText()).normalize()));
    return files;
  }

  @Test
  void kustomizationListsEveryManifestAndOnlyExistingFiles() throws IOException {
    List<Path> listed = kustomizationResources();
    assertThat(listed).allSatisfy(p -> assertThat(p).isRegularFile());
    assertThat(listed).allSatisfy(p -> assertThat(p).startsWith(Repo.deploy()));
    try (Stream<Path> files = Files.walk(Repo.deploy())) {
      List<Path> manifests =
          files
              .filter(p -> p.toString().matches(".*\\.ya?ml"))
              .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
              .filter(p -> !Repo.deploy().relativize(p).toString().startsWith("argocd"))
              .filter(p -> !Repo.deploy().relativize(p).toString().startsWith("samples"))
              .toList();
      assertThat(listed).containsExactlyInAnyOrderElementsOf(manifests);
    }
    assertThat(deploy.ofKind("CustomResourceDefinition"))
        .extracting(c -> c.at("/metadata/name").asText())
        .containsExactlyInAnyOrder(
            "ovdfailoverclusters.ovdfailover.io", "clusternodes.ovdfailover.io");
  }

  @Test
  void sameObjectsAsTheChartPlusNamespaceAndCrds() {
    List<String> deployKeys =
        deploy.keys().stream()
            .filter(k -> !k.startsWith("Namespace/") && !k.startsWith("CustomResourceDefinition/"))
            .toList();
    assertThat(deployKeys).containsExactlyInAnyOrderElementsOf(chart.keys());
    assertThat(deploy.one("Namespace").at("/metadata/name").asText()).isEqualTo(Charts.NAMESPACE);
  }

  @Test
  void sameRbac() {
    for (String kind : List.of("ClusterRole", "Role")) {
      for (JsonNode rendered : chart.ofKind(kind)) {
        JsonNode plain = counterpart(rendered);
        assertThat(Rbac.grants(plain)).as(Manifests.key(rendered)).isEqualTo(Rbac.grants(rendered));
        assertThat(plain.path("rules"))
            .as("%s rules, rule by rule", Manifests.key(rendered))
            .isEqualTo(rendered.path("rules"));
      }
    }
    for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
      for (JsonNode rendered : chart.ofKind(kind)) {
        JsonNode plain = counterpart(rendered);
        assertThat(plain.path("roleRef"))
            .as(Manifests.key(rendered))
            .isEqualTo(rendered.path("roleRef"));
        assertThat(plain.path("subjects"))
            .as(Manifests.key(rendered))
            .isEqualTo(rendered.path("subjects"));
      }
    }
  }

  @Test
  void sameDeploymentSpec() {
    JsonNode rendered = chart.one("Deployment");
    JsonNode plain = counterpart(rendered);
    // The whole pod template and rollout settings: image, env (args), ports, probes, security
    // contexts,
    // resources, volumes, service account.
    assertThat(plain.path("spec")).isEqualTo(rendered.path("spec"));
    assertThat(plain.at("/metadata/labels/app.kubernetes.io~1version"))
        .isEqualTo(rendered.at("/metadata/labels/app.kubernetes.io~1version"));
  }

  @Test
  void sameServiceAndServiceAccount() {
    JsonNode rendered = chart.one("Service");
    assertThat(counterpart(rendered).path("spec")).isEqualTo(rendered.path("spec"));
    JsonNode account = chart.one("ServiceAccount");
    assertThat(counterpart(account).path("automountServiceAccountToken"))
        .isEqualTo(account.path("automountServiceAccountToken"));
  }

  @Test
  void plainLabelsAreTheChartLabelsWithoutHelmBookkeeping() {
    for (JsonNode rendered : chart.objects()) {
      JsonNode labels = rendered.at("/metadata/labels").deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) labels)
          .remove(
              List.of(
                  "helm.sh/chart", "app.kubernetes.io/managed-by", "app.kubernetes.io/version"));
      JsonNode plainLabels = counterpart(rendered).at("/metadata/labels").deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) plainLabels)
          .remove("app.kubernetes.io/version");
      assertThat(plainLabels).as(Manifests.key(rendered)).isEqualTo(labels);
    }
  }

  private static JsonNode counterpart(JsonNode rendered) {
    String kind = rendered.path("kind").asText();
    String name = rendered.at("/metadata/name").asText();
    String namespace = rendered.at("/metadata/namespace").asText(null);
    return deploy
        .find(kind, name, namespace)
        .orElseThrow(
            () ->
                new AssertionError(
                    "deploy/ has no " + Manifests.key(rendered) + ": " + deploy.keys()));
  }
}
