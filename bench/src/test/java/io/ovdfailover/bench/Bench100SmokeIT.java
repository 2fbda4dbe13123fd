package io.ovdfailover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark, small: three labs for a few seconds, to keep the harness working in the normal
 * build (an IT: it starts the operator jar the operator module packages, so it runs in {@code
 * verify}; about 25 s on a quiet 2-core machine). It checks what the run did, never how fast: every
 * cluster Ready on the recorded facts, nothing changed on a host, nothing the simulation does not
 * know, and the results written.
 */
class Bench100SmokeIT {
  @Test
  void threeClustersConvergeOnTheRecordedHostsAndTheFiguresAreWritten() throws Exception {
    Path repo = Path.of(System.getProperty("bench.repo", "..")).toAbsolutePath().normalize();
    Path out = Path.of(System.getProperty("bench.out", "target/bench-smoke")).toAbsolutePath();
    Options options =
        Options.parse(
            new String[] {
              "--repo=" + repo,
              "--clusters=3",
              "--duration=10s",
              "--idle=0",
              "--sample=2s",
              "--ready-timeout=120s",
              "--diagnostics=false",
              "--out=" + out
            });
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    List<Summary> summaries =
        Bench100.run(options, new PrintStream(console, true, StandardCharsets.UTF_8));
    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(summaries).hasSize(1);
    Summary s = summaries.get(0);
    assertThat(s.clean()).as(printed).isTrue();
    assertThat(s.sshConnectionsOpen()).as("one connection per node").isEqualTo(15);
    assertThat(s.rssLastMb()).isPositive();
    assertThat(s.heapUsedMaxMb()).isPositive();
    assertThat(printed).contains("RSS first / last min");
    assertThat(out.resolve("summary.json")).exists();
    assertThat(Files.readString(out.resolve("load-3.json"))).contains("\"samples\"");
  }
}
