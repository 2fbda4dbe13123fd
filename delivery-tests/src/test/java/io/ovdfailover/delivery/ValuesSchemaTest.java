package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json: Helm refuses to render bad values, and says which value is wrong. */
class ValuesSchemaTest {

  static List<Arguments> badValues() {
    return List.of(
        Arguments.of(
            "log level not in the list",
            Map.of("logLevel", "LOUD"),
            "at '/logLevel': value must be one of 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'"),
        Arguments.of(
            "log level of the wrong case",
            Map.of("logLevel", "info"),
            "at '/logLevel': value must be one of"),
        Arguments.of(
            "unknown log format",
            Map.of("logFormat", "xml"),
            "at '/logFormat': value must be one of"),
        Arguments.of(
            "negative observe interval",
            Map.of("observeIntervalSeconds", -5),
            "at '/observeIntervalSeconds': minimum: got -5, want 5"),
        Arguments.of(
            "observe interval as text",
            Map.of("observeIntervalSeconds", "30s"),
            "at '/observeIntervalSeconds': got string, want integer"),
        Arguments.of(
            "zero retry interval",
            Map.of("retryIntervalSeconds", 0),
            "at '/retryIntervalSeconds': minimum"),
        Arguments.of(
            "fractional interval",
            Map.of("observeIntervalSeconds", 2.5),
            "at '/observeIntervalSeconds': got number, want integer"),
        Arguments.of(
            "watchNamespaces as a string",
            Map.of("watchNamespaces", "ovd-prod"),
            "at '/watchNamespaces': got string, want array"),
        Arguments.of(
            "namespace name not a DNS label",
            Map.of("watchNamespaces", List.of("OVD_Prod")),
            "at '/watchNamespaces/0'"),
        Arguments.of(
            "replicas as text",
            Map.of("replicaCount", "two"),
            "at '/replicaCount': got string, want integer"),
        Arguments.of(
            "negative replicas", Map.of("replicaCount", -1), "at '/replicaCount': minimum"),
        Arguments.of(
            "leader election as text",
            Map.of("leaderElection", Map.of("enabled", "yes")),
            "at '/leaderElection/enabled': got string, want boolean"),
        Arguments.of(
            "bad pull policy",
            Map.of("image", Map.of("repository", "r", "pullPolicy", "Sometimes")),
            "at '/image/pullPolicy': value must be one of"),
        Arguments.of(
            "privileged metrics port",
            Map.of("metrics", Map.of("port", 80)),
            "at '/metrics/port': minimum"),
        Arguments.of(
            "privileged health port",
            Map.of("health", Map.of("port", 443)),
            "at '/health/port': minimum"),
        Arguments.of(
            "health port as text",
            Map.of("health", Map.of("port", "8081")),
            "at '/health/port': got string, want null or integer"),
        Arguments.of(
            "startup probe with a misspelt timing",
            Map.of("startupProbe", Map.of("enabled", true, "failureTreshold", 10)),
            "additional properties 'failureTreshold' not allowed"),
        Arguments.of(
            "volume mount without a path",
            Map.of("extraVolumeMounts", List.of(Map.of("name", "x"))),
            "at '/extraVolumeMounts/0': missing property 'mountPath'"),
        Arguments.of(
            "spread constraint with an unknown policy",
            Map.of(
                "topologySpreadConstraints",
                List.of(
                    Map.of("maxSkew", 1, "topologyKey", "zone", "whenUnsatisfiable", "Sometimes"))),
            "at '/topologySpreadConstraints/0/whenUnsatisfiable'"),
        Arguments.of(
            "network policy SSH target as a host name",
            Map.of("networkPolicy", Map.of("ssh", Map.of("cidrs", List.of("osm1.example.com")))),
            "at '/networkPolicy/ssh/cidrs/0'"),
        Arguments.of(
            "network policy SSH target without a prefix length",
            Map.of("networkPolicy", Map.of("ssh", Map.of("cidrs", List.of("10.0.0.1")))),
            "at '/networkPolicy/ssh/cidrs/0'"),
        Arguments.of(
            "network policy API server port out of range",
            Map.of("networkPolicy", Map.of("apiServer", Map.of("ports", List.of(70000)))),
            "at '/networkPolicy/apiServer/ports/0': maximum"),
        Arguments.of(
            "misspelt top-level key",
            Map.of("watchNamespace", List.of("ovd-prod")),
            "additional properties 'watchNamespace' not allowed"),
        Arguments.of(
            "running as root",
            Map.of("podSecurityContext", Map.of("runAsNonRoot", false)),
            "at '/podSecurityContext/runAsNonRoot'"),
        Arguments.of(
            "zero watch interval",
            Map.of("watchIntervalSeconds", 0),
            "at '/watchIntervalSeconds': minimum: got 0, want 1"),
        Arguments.of(
            "watch interval over five minutes",
            Map.of("watchIntervalSeconds", 301),
            "at '/watchIntervalSeconds': maximum: got 301, want 300"),
        Arguments.of(
            "watch interval as text",
            Map.of("watchIntervalSeconds", "5s"),
            "at '/watchIntervalSeconds': got string, want integer"),
        Arguments.of(
            "driveHosts as text",
            Map.of("driveHosts", "false"),
            "at '/driveHosts': got string, want boolean"),
        Arguments.of(
            "sshEgress as a list",
            Map.of("sshEgress", List.of("10.0.0.0/8")),
            "at '/sshEgress': got array, want string"),
        Arguments.of(
            "sshEgress with a host name",
            Map.of("sshEgress", "osm1.example.com"),
            "at '/sshEgress': 'osm1.example.com' does not match pattern"),
        Arguments.of(
            "sshEgress with an interface per CIDR",
            Map.of("sshEgress", "10.0.0.0/8@eth1,10.1.0.0/16"),
            "at '/sshEgress'"),
        Arguments.of(
            "sshEgress with an empty interface",
            Map.of("sshEgress", "10.0.0.0/8@"),
            "at '/sshEgress'"),
        Arguments.of(
            "privilege escalation",
            Map.of("securityContext", Map.of("allowPrivilegeEscalation", true)),
            "at '/securityContext/allowPrivilegeEscalation'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void rejects(String why, Map<String, Object> values, String message) {
    assertThatThrownBy(() -> Charts.render(values))
        .as(why)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "accepts {0}")
  @MethodSource("goodValues")
  void accepts(String why, Map<String, Object> values) {
    assertThat(Charts.renderObjects(values).ofKind("Deployment")).as(why).hasSize(1);
  }

  static List<Arguments> goodValues() {
    return List.of(
        Arguments.of("every log level", Map.of("logLevel", "TRACE")),
        Arguments.of("two namespaces", Map.of("watchNamespaces", List.of("a", "b-2"))),
        Arguments.of("the smallest observe interval", Map.of("observeIntervalSeconds", 5)),
        Arguments.of("the smallest watch interval", Map.of("watchIntervalSeconds", 1)),
        Arguments.of("the largest watch interval", Map.of("watchIntervalSeconds", 300)),
        Arguments.of("hosts not driven", Map.of("driveHosts", false)),
        Arguments.of(
            "SSH to a management network through one interface",
            Map.of("sshEgress", "10.20.0.0/24,10.20.1.0/24@eth1")),
        Arguments.of(
            "extra env", Map.of("extraEnv", List.of(Map.of("name", "HTTPS_PROXY", "value", "")))));
  }
}
