package io.ovdfailover.hosts.ssh;

import static io.ovdfailover.hosts.ssh.SshTestSupport.target;

import io.ovdfailover.hosts.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-command latency on an open connection with and without TCP_NODELAY, on loopback. A benchmark,
 * not a test: it asserts nothing and runs only with {@code -Dbenchmark=true}:
 *
 * <pre>mvn -B -q -o -pl operator test -Dtest=TcpNoDelayBenchmarkTest -Dbenchmark=true</pre>
 *
 * The figures are printed to the test's output
 * (target/surefire-reports/*TcpNoDelayBenchmarkTest-output.txt). It logs in as an unprivileged user
 * with a plain shell: the login shell runs for every command, and a heavy root {@code ~/.bashrc}
 * would measure the shell, not the transport.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class TcpNoDelayBenchmarkTest {
  @RegisterExtension static final OpenSshServer SSHD = new OpenSshServer();

  static final int COMMANDS = Integer.getInteger("benchmark.commands", 300);

  @Test
  void medianPerCommandLatency() throws Exception {
    // Without a logback configuration everything logs at DEBUG; the SSH client's per-packet lines
    // would be
    // measured too.
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    OpenSshServer.ensureSudoUser(SshSudoIT.USER);
    OpenSshServer.ClientKey key = SSHD.newClientKey("ed25519");
    SSHD.authorize(SshSudoIT.USER, key);
    String pin = SSHD.hostFingerprint("ed25519");
    StringBuilder report =
        new StringBuilder(
            "\nSSH per-command latency on loopback, "
                + COMMANDS
                + " sequential `true` commands after 30 warm-up ones\n");
    for (int round = 0; round < 2; round++) {
      for (boolean noDelay : new boolean[] {true, false}) {
        SshSettings settings = SshSettings.defaults().withTcpNoDelay(noDelay);
        try (SshConnectionPool pool = new SshConnectionPool(settings)) {
          List<Long> connects = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            SshConnection c =
                pool.shell(
                    "bench/connect" + i, target(SSHD, SshSudoIT.USER, key, pin).withSudo(false));
            long t0 = System.nanoTime();
            c.connect();
            connects.add(System.nanoTime() - t0);
          }
          SshConnection shell =
              pool.shell("bench", target(SSHD, SshSudoIT.USER, key, pin).withSudo(false));
          Command cmd = Command.read("true", "true");
          for (int i = 0; i < 30; i++) {
            shell.runChecked(cmd);
          }
          List<Long> samples = new ArrayList<>();
          for (int i = 0; i < COMMANDS; i++) {
            long t0 = System.nanoTime();
            shell.runChecked(cmd);
            samples.add(System.nanoTime() - t0);
          }
          long parallel = parallelPerCommand(shell, cmd);
          report.append(
              String.format(
                  "  round %d TCP_NODELAY %-5s median %7.2f ms  p90 %7.2f ms  | 8 parallel "
                      + "channels: %6.2f ms/command | connect+kex+auth median %6.1f ms%n",
                  round + 1,
                  noDelay,
                  ms(percentile(samples, 50)),
                  ms(percentile(samples, 90)),
                  ms(parallel),
                  ms(percentile(connects, 50))));
        }
      }
    }
    System.out.println(report);
  }

  /**
   * Wall time of COMMANDS commands spread over 8 threads on one connection, divided by COMMANDS.
   */
  private static long parallelPerCommand(SshConnection shell, Command cmd) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      long t0 = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < COMMANDS; i++) {
        done.add(threads.submit(() -> shell.runChecked(cmd.withTimeout(Duration.ofSeconds(30)))));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return (System.nanoTime() - t0) / COMMANDS;
    } finally {
      threads.shutdownNow();
    }
  }

  private static long percentile(List<Long> samples, int p) {
    List<Long> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
