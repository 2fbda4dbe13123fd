package io.ovdfailover.hosts.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteCommandLineTest {
  @Test
  void rootRunsShAndSudoUsersRunSudoNonInteractively() {
    assertThat(RemoteCommandLine.of("id -u", false, Duration.ofSeconds(60)))
        .isEqualTo("timeout -k 5 62 sh -c 'id -u'");
    assertThat(RemoteCommandLine.of("id -u", true, Duration.ofMillis(1500)))
        .isEqualTo("sudo -n -- timeout -k 5 4 sh -c 'id -u'");
  }

  @Test
  void singleQuotesAreClosedEscapedAndReopened() {
    assertThat(RemoteCommandLine.singleQuoted("it's")).isEqualTo("'it'\\''s'");
  }

  /**
   * The quoted form, parsed by a real local sh the way the login shell parses it, yields the script
   * unchanged.
   */
  @Test
  void aRealShellGetsBackTheExactScript() throws Exception {
    for (String script :
        List.of("echo 'a' \"b\" $HOME `x` \\ ;|&<>*?", "''''", "line1\nline2\n", "")) {
      String echoed =
          OpenSshServer.exec("sh", "-c", "printf '%s' " + RemoteCommandLine.singleQuoted(script));
      assertThat(echoed).isEqualTo(script);
    }
  }

  @Test
  void lengthLimitOfOneArgument() {
    assertThat(RemoteCommandLine.tooLong("x".repeat(100_000))).isFalse();
    assertThat(RemoteCommandLine.tooLong("x".repeat(131_072))).isTrue();
  }
}
