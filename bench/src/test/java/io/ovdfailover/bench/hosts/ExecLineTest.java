package io.ovdfailover.bench.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExecLineTest {
  @Test
  void unwrapsTheOperatorsTimeoutAndShC() {
    assertThat(ExecLine.script("timeout -k 5 12 sh -c 'crm_mon -1 --output-as=xml'"))
        .isEqualTo("crm_mon -1 --output-as=xml");
    assertThat(ExecLine.script("sudo -n -- timeout -k 5 32 sh -c 'echo ok'")).isEqualTo("echo ok");
  }

  @Test
  void anEmbeddedQuoteComesBackAndNewlinesStay() {
    assertThat(ExecLine.script("timeout -k 5 32 sh -c 'printf '\\''%s\\n'\\'' x\necho y'"))
        .isEqualTo("printf '%s\\n' x\necho y");
  }

  @Test
  void aLineThatIsNotWrappedIsTheScriptItself() {
    assertThat(ExecLine.script("uptime")).isEqualTo("uptime");
  }

  @Test
  void anUnterminatedQuoteIsRefused() {
    assertThatThrownBy(() -> ExecLine.unquote("'abc")).isInstanceOf(IllegalArgumentException.class);
  }
}
