package io.ovdfailover.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {
  @Test
  void defaultsOutsideACluster() {
    OperatorSettings s = OperatorSettings.parse(new String[0], Map.of());
    assertThat(s.metricsPort()).isEqualTo(8080);
    assertThat(s.healthPort()).as("health on the metrics port").isEmpty();
    assertThat(s.watchNamespaces()).isEmpty();
    assertThat(s.leaderElection()).as("auto: off outside a cluster").isFalse();
    assertThat(s.leaseName()).isEqualTo("ovd-failover-operator");
    assertThat(s.reconcile().observeInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.reconcile().retryInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.logFormat()).isEqualTo("text");
    assertThat(s.driveHosts()).as("driving the hosts is the operator's job").isTrue();
    assertThat(s.sshEgress()).as("production: the nodes are wherever the spec says").isEmpty();
    assertThat(s.egressGuard().restricts()).isFalse();
  }

  @Test
  void sshEgressIsConfigurable() {
    OperatorSettings custom =
        OperatorSettings.parse(
            new String[] {"--ssh-egress", "10.0.0.0/8@eth1", "--drive-hosts=false"},
            Map.of("SSH_EGRESS", "192.168.0.0/16"));
    assertThat(custom.sshEgress()).isEqualTo("10.0.0.0/8@eth1");
    assertThat(custom.driveHosts()).isFalse();
    assertThat(
            OperatorSettings.parse(new String[0], Map.of("SSH_EGRESS", "192.168.0.0/16"))
                .egressGuard()
                .restricts())
        .isTrue();
  }

  @Test
  void environmentAndFlagsWithFlagsWinning() {
    Map<String, String> env =
        Map.of(
            "WATCH_NAMESPACES",
            "a, b",
            "METRICS_PORT",
            "9000",
            "OBSERVE_INTERVAL",
            "5m",
            "LEADER_ELECTION",
            "true",
            "LEASE_NAMESPACE",
            "ops",
            "LOG_FORMAT",
            "json",
            "POD_NAMESPACE",
            "ignored");
    OperatorSettings s =
        OperatorSettings.parse(
            new String[] {"--metrics-port", "9100", "--observe-interval=PT90S", "--lease-name=ovd"},
            env);
    assertThat(s.watchNamespaces()).containsExactly("a", "b");
    assertThat(s.metricsPort()).isEqualTo(9100);
    assertThat(s.reconcile().observeInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.leaderElection()).isTrue();
    assertThat(s.leaseName()).isEqualTo("ovd");
    assertThat(s.leaseNamespace()).isEqualTo("ops");
    assertThat(s.logFormat()).isEqualTo("json");
  }

  @Test
  void bareFlags() {
    OperatorSettings s =
        OperatorSettings.parse(
            new String[] {"--retry-interval", "250ms"}, Map.of("POD_NAMESPACE", "me"));
    assertThat(s.leaderElection()).isFalse();
    assertThat(s.leaseNamespace()).isEqualTo("me");
    assertThat(s.reconcile().retryInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(
            OperatorSettings.parse(new String[] {"--leader-election"}, Map.of()).leaderElection())
        .isTrue();
    assertThat(
            OperatorSettings.parse(new String[] {"--leader-election", "--drive-hosts"}, Map.of())
                .leaderElection())
        .as("bare before another flag")
        .isTrue();
    assertThat(
            OperatorSettings.parse(new String[] {"--leader-election", "false"}, Map.of())
                .leaderElection())
        .isFalse();
    assertThat(
            OperatorSettings.parse(new String[] {"--drive-hosts"}, Map.of("DRIVE_HOSTS", "false"))
                .driveHosts())
        .as("bare: true, over the variable")
        .isTrue();
    assertThat(OperatorSettings.parse(new String[] {"--log-format", "json"}, Map.of()).logFormat())
        .isEqualTo("json");
    assertThat(
            OperatorSettings.parse(
                    new String[] {"--lease-name=a", "--lease-name", "b", "--ssh-egress", "@eth1"},
                    Map.of())
                .leaseName())
        .as("the last of a repeated flag wins; @ is not an argument file")
        .isEqualTo("b");
  }

  @Test
  void mistakesAreExplained() {
    assertThatThrownBy(() -> OperatorSettings.parse(new String[] {"--nope"}, Map.of()))
        .hasMessageContaining("Unknown option: '--nope'")
        .hasMessageEndingWith("(see --help)");
    assertThatThrownBy(
            () -> OperatorSettings.parse(new String[] {"--watch-intervl", "5s"}, Map.of()))
        .hasMessageContaining("did you mean")
        .hasMessageContaining("--watch-interval?");
    assertThatThrownBy(() -> OperatorSettings.parse(new String[] {"--metrics-port"}, Map.of()))
        .hasMessageContaining("Missing required parameter for option '--metrics-port'");
    assertThatThrownBy(() -> OperatorSettings.parse(new String[] {"--drive-hosts=maybe"}, Map.of()))
        .hasMessageContaining("--drive-hosts must be true or false, not maybe");
    assertThatThrownBy(
            () -> OperatorSettings.parse(new String[0], Map.of("METRICS_PORT", "eighty")))
        .as("a variable is read as its flag")
        .hasMessageContaining("--metrics-port must be a port number, not eighty");
    assertThatThrownBy(
            () -> OperatorSettings.parse(new String[] {"--metrics-port", "http"}, Map.of()))
        .hasMessageContaining("--metrics-port must be a port number");
    assertThatThrownBy(
            () -> OperatorSettings.parse(new String[] {"--observe-interval", "soon"}, Map.of()))
        .hasMessageContaining("like 30s");
    assertThatThrownBy(
            () -> OperatorSettings.parse(new String[] {"--observe-interval", "0s"}, Map.of()))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> OperatorSettings.parse(new String[] {"--embedded"}, Map.of()))
        .as("the production jar has no embedded API server: say where it went")
        .hasMessageContaining("java -jar embedded/target/ovd-failover-embedded.jar");
    assertThatThrownBy(() -> OperatorSettings.parse(new String[] {"--log-format", "xml"}, Map.of()))
        .hasMessageContaining("text or json");
    assertThat(OperatorSettings.usage())
        .contains("--watch-namespaces", "WATCH_NAMESPACES", "LOG_FORMAT")
        .contains("--help", "--version", "default: 8080", "default: none")
        .doesNotContain("--embedded");
  }

  @Test
  void helpAndVersionAreAskedFor() {
    picocli.CommandLine cli = OperatorSettings.commandLine();
    assertThat(OperatorSettings.parse(cli, new String[] {"--help"}).isUsageHelpRequested())
        .isTrue();
    assertThat(OperatorSettings.parse(cli, new String[] {"-h"}).isUsageHelpRequested()).isTrue();
    assertThat(OperatorSettings.parse(cli, new String[] {"--version"}).isVersionHelpRequested())
        .isTrue();
    assertThat(cli.getCommandSpec().version())
        .singleElement()
        .asString()
        .startsWith("ovd-failover-operator ");
  }

  @Test
  void healthMovesToItsOwnPortOnlyWhenAskedForADifferentOne() {
    assertThat(OperatorSettings.parse(new String[0], Map.of("HEALTH_PORT", "8081")).healthPort())
        .hasValue(8081);
    assertThat(
            OperatorSettings.parse(
                    new String[] {"--health-port=9000", "--metrics-port=9100"}, Map.of())
                .healthPort())
        .hasValue(9000);
    // the metrics port itself: one server, as without the setting (two cannot listen there)
    assertThat(OperatorSettings.parse(new String[0], Map.of("HEALTH_PORT", "8080")).healthPort())
        .isEmpty();
    // 0 is any free port, for each server its own
    assertThat(
            OperatorSettings.parse(
                    new String[] {"--health-port", "0", "--metrics-port", "0"}, Map.of())
                .healthPort())
        .hasValue(0);
    assertThatThrownBy(() -> OperatorSettings.parse(new String[] {"--health-port=70000"}, Map.of()))
        .hasMessageContaining("--health-port must be a port number");
  }
}
