package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's PrometheusRule and Grafana dashboard against the metrics the operator exports: every
 * {@code ovd_*} name in an alert or panel expression is a series of {@code
 * io.ovdfailover.metrics.OvdMetric} (whose own test checks it against a real scrape), with labels
 * that metric has, so a renamed metric or label fails here rather than as an alert that never
 * fires. (Reflection: the tests module does not compile against the operator.)
 */
class ChartMetricsTest {
  private static final Pattern OVD_NAME = Pattern.compile("\\bovd_[a-z0-9_]+\\b");
  private static final Pattern SELECTOR = Pattern.compile("\\b(ovd_[a-z0-9_]+)\\{([^}]*)}");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|on)\\s*\\(([^)]*)\\)");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((ovd_[a-z0-9_]+)(?:\\{[^}]*})?\\s*,\\s*([a-zA-Z_]+)\\)");

  /** Series name -> the labels of its metric, from the operator's OvdMetric enum. */
  private static final Map<String, Set<String>> LABELS_BY_SERIES = new LinkedHashMap<>();

  private static Set<String> phases;
  private static Manifests rendered;

  @BeforeAll
  static void readTheOperatorsMetricsAndRender() throws Exception {
    Class<?> metric = operatorClass("io.ovdfailover.metrics.OvdMetric");
    for (Object m : metric.getEnumConstants()) {
      Set<String> labels = new TreeSet<>();
      for (Object label : (List<?>) metric.getMethod("labels").invoke(m)) {
        labels.add((String) label.getClass().getMethod("key").invoke(label));
      }
      for (Object series : (List<?>) metric.getMethod("series").invoke(m)) {
        Set<String> seriesLabels = new TreeSet<>(labels);
        if (((String) series).endsWith("_bucket")) {
          seriesLabels.add("le");
        }
        LABELS_BY_SERIES.put((String) series, seriesLabels);
      }
    }
    phases = new HashSet<>();
    for (Object p : operatorClass("io.ovdfailover.api.Phase").getEnumConstants()) {
      phases.add(((Enum<?>) p).name());
    }
    rendered =
        Charts.renderObjects(
            Map.of(
                "metrics",
                Map.of(
                    "prometheusRule",
                    Map.of("enabled", true, "labels", Map.of("release", "prometheus")),
                    "dashboard",
                    Map.of("enabled", true))));
  }

  private static Class<?> operatorClass(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(name + " is not on the classpath: the operator is missing", e);
    }
  }

  static JsonNode dashboard() throws Exception {
    JsonNode configMap = rendered.one("ConfigMap");
    return Repo.JSON.readTree(configMap.at("/data/ovd-failover.json").asText());
  }

  /** Every PromQL expression of the alerts, the panels and the dashboard's variables. */
  static Map<String, String> expressions() throws Exception {
    Map<String, String> exprs = new LinkedHashMap<>();
    for (JsonNode rule : rendered.one("PrometheusRule").at("/spec/groups/0/rules")) {
      exprs.put("alert " + rule.path("alert").asText(), rule.path("expr").asText());
    }
    JsonNode dashboard = dashboard();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        exprs.put(
            "panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
            target.path("expr").asText());
      }
    }
    for (JsonNode variable : dashboard.at("/templating/list")) {
      if ("query".equals(variable.path("type").asText())) {
        exprs.put(
            "variable " + variable.path("name").asText(), variable.at("/query/query").asText());
      }
    }
    return exprs;
  }

  @Test
  void theOperatorsMetricsAreThere() {
    assertThat(LABELS_BY_SERIES)
        .containsKeys(
            "ovd_cluster_phase",
            "ovd_cluster_unplanned_failovers_total",
            "ovd_failover_test_switchover_seconds_bucket",
            "ovd_ssh_command_duration_seconds_bucket");
  }

  @Test
  void everyMetricNameInTheRulesAndTheDashboardIsOneTheOperatorExports() throws Exception {
    Map<String, String> exprs = expressions();
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(4 + 10);
    Set<String> used = new TreeSet<>();
    exprs.forEach(
        (where, expr) -> {
          assertThat(expr).as(where).isNotBlank();
          List<String> names = new ArrayList<>();
          Matcher m = OVD_NAME.matcher(expr);
          while (m.find()) {
            names.add(m.group());
          }
          // a misspelt prefix would otherwise hide from the check below
          assertThat(names).as("%s uses an ovd_ metric: %s", where, expr).isNotEmpty();
          assertThat(LABELS_BY_SERIES.keySet()).as("%s: %s", where, expr).containsAll(names);
          used.addAll(names);
        });
    // what the brief promised to show: each of these reaches an alert or a panel
    assertThat(used)
        .contains(
            "ovd_cluster_phase",
            "ovd_cluster_ready",
            "ovd_cluster_active_node",
            "ovd_node_reachable",
            "ovd_cluster_unplanned_failovers_total",
            "ovd_failover_test_last_success_timestamp_seconds",
            "ovd_failover_test_switchover_seconds_bucket",
            "ovd_ssh_command_duration_seconds_bucket",
            "ovd_ssh_errors_total");
  }

  @Test
  void everyLabelTheyMatchOrGroupByIsOneOfTheirMetrics() throws Exception {
    expressions()
        .forEach(
            (where, expr) -> {
              Set<String> available = new TreeSet<>();
              Matcher names = OVD_NAME.matcher(expr);
              while (names.find()) {
                available.addAll(LABELS_BY_SERIES.getOrDefault(names.group(), Set.of()));
              }
              Matcher selector = SELECTOR.matcher(expr);
              while (selector.find()) {
                Set<String> labels = LABELS_BY_SERIES.get(selector.group(1));
                Matcher matcher = MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                  assertThat(labels)
                      .as("%s: %s has no label %s", where, selector.group(1), matcher.group(1))
                      .contains(matcher.group(1));
                  if (matcher.group(1).equals("phase")) {
                    assertThat(phases).as("%s: phase value", where).contains(matcher.group(3));
                  }
                }
              }
              Matcher grouping = GROUPING.matcher(expr);
              while (grouping.find()) {
                for (String label : grouping.group(1).split(",")) {
                  assertThat(available)
                      .as("%s groups by %s: %s", where, label.strip(), expr)
                      .contains(label.strip());
                }
              }
              Matcher labelValues = LABEL_VALUES.matcher(expr);
              while (labelValues.find()) {
                assertThat(LABELS_BY_SERIES.get(labelValues.group(1)))
                    .as(where)
                    .contains(labelValues.group(2));
              }
            });
  }

  @Test
  void theRuleCarriesTheFourAlertsWithTheThresholdsFromValues() {
    assertThat(Charts.renderDefaults().ofKind("PrometheusRule")).isEmpty();
    Manifests m =
        Charts.renderObjects(
            Map.of(
                "metrics",
                Map.of(
                    "prometheusRule",
                    Map.of(
                        "enabled",
                        true,
                        "severity",
                        "critical",
                        "degradedFor",
                        "20m",
                        "failoverTestMaxAgeDays",
                        7,
                        "unplannedFailoverWindow",
                        "1h",
                        "nodeUnreachableFor",
                        "2m"))));
    JsonNode rule = m.one("PrometheusRule");
    Map<String, JsonNode> alerts = new LinkedHashMap<>();
    rule.at("/spec/groups/0/rules").forEach(r -> alerts.put(r.path("alert").asText(), r));
    assertThat(alerts)
        .containsOnlyKeys(
            "OvdFailoverClusterDegraded",
            "OvdFailoverTestOverdue",
            "OvdUnplannedFailover",
            "OvdNodeUnreachable");
    assertThat(alerts.get("OvdFailoverClusterDegraded").path("for").asText()).isEqualTo("20m");
    assertThat(alerts.get("OvdFailoverClusterDegraded").path("expr").asText())
        .contains("phase=\"Degraded\"");
    assertThat(alerts.get("OvdFailoverTestOverdue").path("expr").asText())
        .contains("> 604800")
        .contains("ovd_cluster_created_timestamp_seconds");
    assertThat(alerts.get("OvdUnplannedFailover").path("expr").asText()).contains("[1h]");
    assertThat(alerts.get("OvdNodeUnreachable").path("for").asText()).isEqualTo("2m");
    alerts
        .values()
        .forEach(
            a -> {
              assertThat(a.at("/labels/severity").asText()).isEqualTo("critical");
              // Prometheus's own templating reaches Prometheus untouched by Helm's
              assertThat(a.at("/annotations/summary").asText()).contains("{{ $labels.cluster }}");
            });
    assertThat(rendered.one("PrometheusRule").at("/metadata/labels/release").asText())
        .isEqualTo("prometheus");
  }

  @Test
  void theDashboardIsAConfigMapForGrafanasSidecar() throws Exception {
    assertThat(Charts.renderDefaults().ofKind("ConfigMap")).isEmpty();
    JsonNode configMap = rendered.one("ConfigMap");
    assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(configMap.at("/metadata/namespace").asText()).isEqualTo(Charts.NAMESPACE);
    JsonNode dashboard = dashboard();
    assertThat(dashboard.path("uid").asText()).isEqualTo("ovd-failover");
    assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(9);
    // every panel asks the data source the user picks
    dashboard
        .path("panels")
        .forEach(
            p ->
                assertThat(p.at("/datasource/uid").asText())
                    .as(p.path("title").asText())
                    .isEqualTo("${datasource}"));
    Set<String> gridCells = new HashSet<>();
    dashboard
        .path("panels")
        .forEach(p -> assertThat(gridCells.add(p.path("gridPos").toString())).isTrue());

    Manifests elsewhere =
        Charts.renderObjects(
            Map.of(
                "metrics",
                Map.of(
                    "dashboard",
                    Map.of(
                        "enabled",
                        true,
                        "namespace",
                        "monitoring",
                        "annotations",
                        Map.of("grafana_folder", "OVD")))));
    assertThat(elsewhere.one("ConfigMap").at("/metadata/namespace").asText())
        .isEqualTo("monitoring");
    assertThat(elsewhere.one("ConfigMap").at("/metadata/annotations/grafana_folder").asText())
        .isEqualTo("OVD");
  }

  @Test
  void theServiceMonitorKeepsTheClustersNamespaceLabel() {
    JsonNode sm =
        Charts.renderObjects(Map.of("metrics", Map.of("serviceMonitor", Map.of("enabled", true))))
            .one("ServiceMonitor");
    assertThat(sm.at("/spec/endpoints/0/honorLabels").asBoolean()).isTrue();
  }

  @Test
  void theOperatorsLabelsAreTheOnesTheBriefNamed() {
    assertThat(LABELS_BY_SERIES.get("ovd_cluster_phase"))
        .containsExactlyInAnyOrderElementsOf(Arrays.asList("namespace", "cluster", "phase"));
    assertThat(LABELS_BY_SERIES.get("ovd_ssh_errors_total"))
        .contains("namespace", "cluster", "node");
  }
}
