package io.ovdfailover.embedded.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedSettingsTest {
  @Test
  void defaults() {
    EmbeddedSettings s = EmbeddedSettings.parse(new String[0], Map.of());
    assertThat(s.port()).isEqualTo(18443);
    assertThat(s.kubeconfigOut()).isEqualTo(Path.of("target/embedded/kubeconfig.yaml"));
    assertThat(s.operator().leaderElection()).isFalse();
    assertThat(s.operator().driveHosts()).isTrue();
    assertThat(s.operator().sshEgress())
        .as("SSH confined to loopback and the lab's veth")
        .isEqualTo("127.0.0.0/8,198.18.0.0/24@ovdlab0");
    assertThat(s.operator().egressGuard().restricts()).isTrue();
  }

  @Test
  void ownOptionsAndTheOperatorsMixed() {
    EmbeddedSettings s =
        EmbeddedSettings.parse(
            new String[] {
              "--embedded-port", "0", "--retry-interval", "250ms", "--kubeconfig-out=k.yaml"
            },
            Map.of("OVD_EMBEDDED_PORT", "9999", "SSH_EGRESS", "10.0.0.0/8"));
    assertThat(s.port()).isZero();
    assertThat(s.kubeconfigOut()).isEqualTo(Path.of("k.yaml"));
    assertThat(s.operator().reconcile().retryInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.operator().sshEgress()).as("the user's egress wins").isEqualTo("10.0.0.0/8");
    assertThat(EmbeddedSettings.parse(new String[0], Map.of("OVD_EMBEDDED_PORT", "9999")).port())
        .isEqualTo(9999);
  }

  @Test
  void mistakesAreExplained() {
    assertThatThrownBy(
            () -> EmbeddedSettings.parse(new String[] {"--leader-election=true"}, Map.of()))
        .hasMessageContaining("not available on the embedded API server");
    assertThatThrownBy(() -> EmbeddedSettings.parse(new String[] {"--embedded-port=x"}, Map.of()))
        .hasMessageContaining("--embedded-port must be a port number");
    assertThatThrownBy(() -> EmbeddedSettings.parse(new String[] {"--nope"}, Map.of()))
        .hasMessageContaining("Unknown option: '--nope'");
    assertThat(EmbeddedSettings.usage())
        .contains("ovd-failover-embedded.jar", "--embedded-port", "--kubeconfig-out")
        .contains("--watch-namespaces", "--ssh-egress", "--help", "--version")
        .contains("--ssh-egress " + EmbeddedSettings.SSH_EGRESS);
  }
}
