package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD examples: the argocd-cm patch carries health.lua verbatim, the Application deploys
 * this chart.
 */
class ArgoManifestsTest {

  @Test
  void argocdCmPatchCarriesTheHealthScriptVerbatim() {
    JsonNode cm = Repo.documents(Repo.deploy().resolve("argocd/argocd-cm-patch.yaml")).get(0);
    assertThat(cm.at("/metadata/name").asText()).isEqualTo("argocd-cm");
    String embedded =
        cm.at("/data/resource.customizations.health.ovdfailover.io_OvdFailoverCluster").asText();
    assertThat(embedded).isEqualTo(Repo.read(Repo.deploy().resolve("argocd/health.lua")));
    // The embedded copy works, not just matches: run it.
    JsonNode ready = ArgoHealthTest.cluster("{\"observedGeneration\": 3, \"phase\": \"Ready\"}");
    assertThat(ArgoHealth.evaluate(embedded, ready).status()).isEqualTo("Healthy");
    assertThat(
            cm.at(
                    "/data/resource.customizations.ignoreResourceUpdates.ovdfailover.io_OvdFailoverCluster")
                .asText())
        .contains("/status");
  }

  @Test
  void applicationDeploysThisChartWithValuesTheSchemaAccepts() {
    List<JsonNode> apps = Repo.documents(Repo.deploy().resolve("argocd/application.yaml"));
    JsonNode operator =
        apps.stream()
            .filter(a -> a.at("/spec/source/path").asText().equals("charts/ovd-failover-operator"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no Application for charts/ovd-failover-operator"));
    assertThat(operator.path("kind").asText()).isEqualTo("Application");
    assertThat(operator.path("apiVersion").asText()).isEqualTo("argoproj.io/v1alpha1");
    assertThat(Repo.root().resolve(operator.at("/spec/source/path").asText())).isDirectory();
    assertThat(operator.at("/spec/destination/namespace").asText()).isEqualTo(Charts.NAMESPACE);
    assertThat(operator.at("/spec/syncPolicy/syncOptions").toString())
        .contains("ServerSideApply=true");
    // Render the chart with exactly the Application's values: the example must pass
    // values.schema.json.
    @SuppressWarnings("unchecked")
    Map<String, Object> values =
        Repo.JSON.convertValue(operator.at("/spec/source/helm/valuesObject"), Map.class);
    Manifests rendered = Charts.renderObjects(values);
    JsonNode watched = operator.at("/spec/source/helm/valuesObject/watchNamespaces/0");
    assertThat(rendered.find("Role", "ovd-failover-operator", watched.asText())).isPresent();
    // The Application for the clusters must not prune them.
    assertThat(apps)
        .filteredOn(a -> a != operator)
        .allSatisfy(
            a -> assertThat(a.at("/spec/syncPolicy/automated/prune").asBoolean(true)).isFalse());
  }
}
