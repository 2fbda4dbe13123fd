package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD examples: the argocd-cm patch carries health.lua and the actions verbatim, the
 * Application deploys this chart.
 */
class ArgoManifestsTest {

  private static final JsonNode CM =
      Repo.documents(Repo.deploy().resolve("argocd/argocd-cm-patch.yaml")).get(0);

  @Test
  void argocdCmPatchCarriesTheHealthScriptVerbatim() {
    assertThat(CM.at("/metadata/name").asText()).isEqualTo("argocd-cm");
    String embedded =
        CM.at("/data/resource.customizations.health.ovdfailover.io_OvdFailoverCluster").asText();
    assertThat(embedded).isEqualTo(Repo.read(Repo.deploy().resolve("argocd/health.lua")));
    // The embedded copy works, not just matches: run it.
    JsonNode ready = ArgoHealthTest.cluster("{\"observedGeneration\": 3, \"phase\": \"Ready\"}");
    assertThat(ArgoHealth.evaluate(embedded, ready).status()).isEqualTo("Healthy");
  }

  @Test
  void argocdCmPatchCarriesTheActionsVerbatim() throws IOException {
    // Argo CD reads this key's value as YAML: discovery.lua, then one definition per action
    JsonNode actions =
        Repo.YAML.readTree(
            CM.at("/data/resource.customizations.actions.ovdfailover.io_OvdFailoverCluster")
                .asText());
    String discovery = actions.path("discovery.lua").asText();
    assertThat(discovery).isEqualTo(Repo.read(ArgoActionsTest.DISCOVERY));
    List<String> names = new ArrayList<>();
    for (JsonNode definition : actions.path("definitions")) {
      String name = definition.path("name").asText();
      names.add(name);
      assertThat(definition.path("action.lua").asText())
          .as("%s/action.lua", name)
          .isEqualTo(Repo.read(ArgoActionsTest.script(name)));
    }
    assertThat(names).containsExactlyElementsOf(ArgoActionsTest.NAMES);
    // The embedded discovery works, not just matches: run it.
    JsonNode returned =
        ArgoLua.run(discovery, "discovery.lua", ArgoActionsTest.labReady()).orThrow();
    assertThat(returned.path("pause").path("disabled").asBoolean(true)).isFalse();
  }

  @Test
  void argocdCmPatchIgnoresStatusOnlyUpdates() {
    // off by default before Argo CD 2.14: without it the jsonPointers below do nothing
    assertThat(CM.at("/data/resource.ignoreResourceUpdatesEnabled").asText()).isEqualTo("true");
    for (String kind : List.of("OvdFailoverCluster", "ClusterNode")) {
      JsonNode ignored =
          Repo.documents(
                  CM.at(
                          "/data/resource.customizations.ignoreResourceUpdates.ovdfailover.io_"
                              + kind)
                      .asText())
              .get(0);
      assertThat(ignored.path("jsonPointers"))
          .as(kind)
          .containsExactly(TextNode.valueOf("/status"));
    }
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
