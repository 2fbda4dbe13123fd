package io.ovdfailover.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OptionsTest {
  @Test
  void defaults() {
    Options o = Options.parse(new String[0]);
    Path repo = Path.of(".").toAbsolutePath().normalize();
    assertThat(o)
        .isEqualTo(
            new Options(
                repo,
                100,
                Duration.ofMinutes(2),
                Duration.ofMinutes(1),
                Duration.ofSeconds(10),
                "debian-13-lab",
                repo.resolve("bench/target/bench100"),
                Duration.ofMinutes(10),
                List.of(),
                Map.of(),
                true));
  }

  @Test
  void everyOptionInTheEqualsForm() {
    Options o =
        Options.parse(
            new String[] {
              "--repo=/tmp/r/../repo",
              "--clusters=3",
              "--duration=10s",
              "--idle=0",
              "--sample=500ms",
              "--suite=rocky-9-lab",
              "--out=/tmp/out",
              "--ready-timeout=1h",
              "--operator-jvm=-Xmx256m  -XX:+UseSerialGC",
              "--operator-env=A=1,B=x=y",
              "--diagnostics=false"
            });
    assertThat(o.repo()).isEqualTo(Path.of("/tmp/repo"));
    assertThat(o.clusters()).isEqualTo(3);
    assertThat(o.duration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.idle()).isZero();
    assertThat(o.sample()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.suite()).isEqualTo("rocky-9-lab");
    assertThat(o.out()).isEqualTo(Path.of("/tmp/out"));
    assertThat(o.readyTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(o.operatorJvm()).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
    assertThat(o.operatorEnv()).containsExactly(Map.entry("A", "1"), Map.entry("B", "x=y"));
    assertThat(o.diagnostics()).isFalse();
  }

  @Test
  void theSpaceFormAndABareSwitch() {
    Options o =
        Options.parse(
            new String[] {"--clusters", "7", "--duration", "3m", "--diagnostics", "--idle", "5"});
    assertThat(o.clusters()).isEqualTo(7);
    assertThat(o.duration()).isEqualTo(Duration.ofMinutes(3));
    assertThat(o.diagnostics()).isTrue();
    assertThat(o.idle()).isEqualTo(Duration.ofSeconds(5));
    // what the pom passes when its properties are left empty
    Options blank = Options.parse(new String[] {"--operator-jvm=", "--operator-env="});
    assertThat(blank.operatorJvm()).isEmpty();
    assertThat(blank.operatorEnv()).isEmpty();
  }

  @Test
  void aBadValueNamesItsOption() {
    assertThatThrownBy(() -> Options.parse(new String[] {"--clusters=many"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--clusters")
        .hasMessageContaining("many");
    assertThatThrownBy(() -> Options.parse(new String[] {"--duration=soon"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--duration")
        .hasMessageContaining("'soon' is not a duration");
    assertThatThrownBy(() -> Options.parse(new String[] {"--diagnostics=maybe"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--diagnostics");
  }

  @Test
  void anUnknownOptionIsRefused() {
    assertThatThrownBy(() -> Options.parse(new String[] {"--cluster=3"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cluster=3")
        .hasMessageContaining("--clusters");
  }

  @Test
  void helpPrintsTheUsageOfEveryOption() {
    CommandLine commandLine = Options.commandLine();
    commandLine.parseArgs("--help");
    assertThat(commandLine.isUsageHelpRequested()).isTrue();
    assertThat(commandLine.getUsageMessage())
        .contains(
            "--repo=DIR",
            "--clusters=N",
            "--duration=DURATION",
            "--idle=DURATION",
            "--sample=DURATION",
            "--suite=SUITE",
            "--out=DIR",
            "--ready-timeout=DURATION",
            "--operator-jvm=OPTIONS",
            "--operator-env=K=V",
            "--diagnostics[=true|false]",
            "default: 100",
            "default: debian-13-lab");
  }
}
