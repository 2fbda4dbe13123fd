package io.ovdfailover.steps.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.HostException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failure messages mask the pass's passwords even if a command's stderr echoes one. */
class CommandLogTest {
  @Test
  void masksRegisteredPasswordsInFailureMessages() throws Exception {
    CommandLog log = new CommandLog();
    log.redact("Sup3r'Secret");
    LocalShell shell = new LocalShell("osm1", Map.of("PATH", System.getenv("PATH")));
    Command echo =
        Command.read("echo the statement", "head -n 1 >&2; exit 1")
            .withStdin("near 'Sup3r'Secret' at line 1\n");

    assertThatThrownBy(() -> log.runChecked(Phase.PREPARE_TARGET, shell, echo))
        .isInstanceOf(HostException.class)
        .hasMessageContaining("near '***' at line 1")
        .hasMessageNotContaining("Sup3r");
    assertThat(log.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.exitCode()).isEqualTo(1);
              assertThat(e.mutating()).isFalse();
            });
  }
}
