package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart configures the operator through environment variables; the operator reads them in
 * {@code io.ovdfailover.app.OperatorSettings}. This test hands the rendered Deployment's
 * environment to the operator's own parser, so a renamed variable or a changed value format fails
 * here rather than in a cluster. (Reflection: the tests module must not compile against the
 * operator's internals.)
 */
class ChartEnvMatchesOperatorTest {
  private static final String SETTINGS = "io.ovdfailover.app.OperatorSettings";

  /**
   * The variables the operator process reads: OperatorSettings.OPTIONS plus those read outside it.
   */
  static Set<String> variablesTheOperatorReads() throws Exception {
    Set<String> names = new TreeSet<>();
    for (Object option : (List<?>) settingsClass().getField("OPTIONS").get(null)) {
      names.add((String) option.getClass().getMethod("env").invoke(option));
    }
    String settingsSource =
        Repo.read(
            Repo.root().resolve("operator/src/main/java/io/ovdfailover/app/OperatorSettings.java"));
    if (settingsSource.contains("\"POD_NAMESPACE\"")) {
      names.add("POD_NAMESPACE");
    }
    for (String config : List.of("logback.xml", "logback-json.xml")) {
      if (resource(config).contains("${LOG_LEVEL")) {
        names.add("LOG_LEVEL");
      }
    }
    names.add("JAVA_TOOL_OPTIONS"); // read by the JVM itself
    names.add("MALLOC_ARENA_MAX"); // read by glibc's malloc
    return names;
  }

  @Test
  void everyVariableTheChartSetsIsOneTheOperatorReads() throws Exception {
    Map<String, String> env = env(Charts.renderDefaults());
    assertThat(variablesTheOperatorReads()).containsAll(env.keySet());
  }

  @Test
  void theOperatorParsesTheChartsDefaults() throws Exception {
    Object settings = parse(env(Charts.renderDefaults()));
    assertThat(get(settings, "watchNamespaces")).isEqualTo(Set.of());
    assertThat(get(settings, "metricsPort")).isEqualTo(8080);
    assertThat(get(settings, "healthPort")).isEqualTo(java.util.OptionalInt.empty());
    assertThat(get(settings, "leaderElection")).isEqualTo(true);
    assertThat(get(settings, "leaseName")).isEqualTo("ovd-failover-operator");
    assertThat(get(settings, "leaseNamespace")).isEqualTo(Charts.NAMESPACE);
    assertThat(get(settings, "logFormat")).isEqualTo("json");
    Object reconcile = get(settings, "reconcile");
    assertThat(get(reconcile, "observeInterval")).isEqualTo(Duration.ofSeconds(60));
    assertThat(get(reconcile, "retryInterval")).isEqualTo(Duration.ofSeconds(30));
    assertThat(get(reconcile, "watchInterval")).isEqualTo(Duration.ofSeconds(5));
    assertThat(get(settings, "driveHosts")).isEqualTo(true);
    assertThat(get(settings, "sshEgress")).isEqualTo("");
    assertThat(get(get(settings, "egressGuard"), "restricts")).isEqualTo(false);
  }

  @Test
  void theOperatorParsesChangedValues() throws Exception {
    Object settings =
        parse(
            env(
                Charts.renderObjects(
                    Map.of(
                        "watchNamespaces",
                        List.of("ovd-prod", "ovd-lab"),
                        "metrics",
                        Map.of("port", 9090),
                        "health",
                        Map.of("port", 9091),
                        "leaderElection",
                        Map.of("enabled", false, "leaseName", "ovd-lease"),
                        "logFormat",
                        "text",
                        "observeIntervalSeconds",
                        15,
                        "retryIntervalSeconds",
                        120,
                        "watchIntervalSeconds",
                        2,
                        "driveHosts",
                        false,
                        "sshEgress",
                        "10.20.0.0/24, 10.20.1.7@eth1"))));
    assertThat(get(settings, "watchNamespaces")).isEqualTo(Set.of("ovd-prod", "ovd-lab"));
    assertThat(get(settings, "metricsPort")).isEqualTo(9090);
    assertThat(get(settings, "healthPort")).isEqualTo(java.util.OptionalInt.of(9091));
    assertThat(get(settings, "leaderElection")).isEqualTo(false);
    assertThat(get(settings, "leaseName")).isEqualTo("ovd-lease");
    assertThat(get(settings, "logFormat")).isEqualTo("text");
    Object reconcile = get(settings, "reconcile");
    assertThat(get(reconcile, "observeInterval")).isEqualTo(Duration.ofSeconds(15));
    assertThat(get(reconcile, "retryInterval")).isEqualTo(Duration.ofSeconds(120));
    assertThat(get(reconcile, "watchInterval")).isEqualTo(Duration.ofSeconds(2));
    assertThat(get(settings, "driveHosts")).isEqualTo(false);
    assertThat(get(settings, "sshEgress")).isEqualTo("10.20.0.0/24, 10.20.1.7@eth1");
    // The guard the operator builds from it: the CIDRs and the route interface both restrict.
    assertThat(get(get(settings, "egressGuard"), "restricts")).isEqualTo(true);
  }

  /**
   * Every SSH_EGRESS the schema lets through is one the operator can turn into its egress guard.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "10.0.0.0/8@eth1",
        "192.168.5.0/24,192.168.6.0/24",
        "10.20.1.7",
        "fd00:0:0:5::/64",
        "@eth1",
        " 10.0.0.0/8 , 172.16.0.0/12 @bond0.12"
      })
  void theOperatorBuildsItsEgressGuardFromEveryAcceptedSshEgress(String sshEgress)
      throws Exception {
    Object settings = parse(env(Charts.renderObjects(Map.of("sshEgress", sshEgress))));
    assertThat(get(get(settings, "egressGuard"), "restricts")).isEqualTo(true);
  }

  /** The container's environment as the pod would see it (downward-API namespace resolved). */
  static Map<String, String> env(Manifests manifests) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode e : manifests.operatorContainer().path("env")) {
      String fieldPath = e.at("/valueFrom/fieldRef/fieldPath").asText("");
      if (fieldPath.equals("metadata.namespace")) {
        env.put(e.path("name").asText(), Charts.NAMESPACE);
      } else if (e.has("value")) {
        env.put(e.path("name").asText(), e.path("value").asText());
      } else {
        throw new AssertionError("unexpected env source " + e);
      }
    }
    return env;
  }

  private static Object parse(Map<String, String> env) throws Exception {
    Method parse = settingsClass().getMethod("parse", String[].class, Map.class);
    try {
      return parse.invoke(null, new String[0], env);
    } catch (InvocationTargetException e) {
      throw new AssertionError(
          "the operator refuses the chart's environment " + env + ": " + e.getCause(), e);
    }
  }

  private static Object get(Object record, String component) throws Exception {
    return record.getClass().getMethod(component).invoke(record);
  }

  private static Class<?> settingsClass() {
    try {
      return Class.forName(SETTINGS);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(
          SETTINGS + " is not on the classpath: the operator process (app package) is missing", e);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        ChartEnvMatchesOperatorTest.class.getClassLoader().getResourceAsStream(name)) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
