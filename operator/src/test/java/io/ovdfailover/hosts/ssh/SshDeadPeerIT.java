package io.ovdfailover.hosts.ssh;

import static io.ovdfailover.hosts.ssh.SshTestSupport.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A peer that stops answering while its TCP connection stays up (hung VM, frozen sshd): the kernel
 * still ACKs, so only {@code keepalive@openssh.com} can tell. Frozen here with SIGSTOP on the sshd
 * processes serving the connection.
 */
class SshDeadPeerIT {
  @RegisterExtension static final OpenSshServer SSHD = new OpenSshServer();

  @Test
  void keepaliveDetectsAFrozenPeerWithinTheBoundAndTheNextCommandReconnects() throws Exception {
    OpenSshServer.ClientKey key = SSHD.newClientKey("ed25519");
    SSHD.authorize("root", key);
    SshSettings settings = SshTestSupport.fastSettings().withKeepAlive(Duration.ofSeconds(1), 2);
    try (SshConnectionPool pool = new SshConnectionPool(settings)) {
      SshConnection shell =
          pool.shell("ns/frozen", target(SSHD, "root", key, SSHD.hostFingerprint("ed25519")));
      assertThat(shell.runChecked(Command.read("probe", "echo up")).stdout()).isEqualTo("up\n");
      // A long command is in flight when the peer freezes: it must be released, not hang for its 5
      // minutes.
      CompletableFuture<?> inFlight =
          CompletableFuture.runAsync(
              () -> {
                try {
                  shell.run(Command.read("long", "sleep 300").withTimeout(Duration.ofMinutes(5)));
                } catch (HostException e) {
                  throw new CompletionException(e);
                }
              });
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  SSHD.connectionProcesses().stream()
                      .anyMatch(p -> p.info().command().orElse("").endsWith("sleep")));

      ListAppender<ILoggingEvent> logs = new ListAppender<>();
      logs.start();
      Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.addAppender(logs);
      List<ProcessHandle> serving = SSHD.connectionProcesses();
      long frozenAt = System.nanoTime();
      signal("STOP", serving);
      try {
        Duration bound =
            settings.deadPeerDetectionBound().plusSeconds(2); // + one interval of scheduling slack
        await().atMost(bound).pollInterval(Duration.ofMillis(50)).until(() -> !shell.isConnected());
        Duration detected = Duration.ofNanos(System.nanoTime() - frozenAt);
        System.out.println(
            "dead peer detected after "
                + detected.toMillis()
                + " ms (bound "
                + bound.toMillis()
                + " ms)");
        assertThat(detected).isLessThanOrEqualTo(bound);
        await().atMost(Duration.ofSeconds(5)).until(inFlight::isDone);
        assertThat(inFlight).isCompletedExceptionally();
        assertThat(inFlight.handle((v, e) -> ((HostException) e.getCause()).kind()).join())
            .isEqualTo(Kind.UNREACHABLE);
        // It was the keepalive that gave up, not some other error (the transport logs it).
        assertThat(logs.list)
            .anyMatch(e -> e.getFormattedMessage().contains("no answer to 2 keepalive(s)"));
      } finally {
        root.detachAppender(logs);
        signal("KILL", serving); // the frozen processes are this test's own sshd children
      }
      assertThat(shell.runChecked(Command.read("probe", "echo back")).stdout()).isEqualTo("back\n");
      assertThat(shell.connectionsOpened()).isEqualTo(2);
    }
  }

  /**
   * A node that vanished (here: its whole sshd frozen, so a new dial gets a TCP connection but no
   * banner, like a VM that is not answering): once its connection is lost, commands are told it is
   * unreachable within {@code downNodeWait} rather than after the connect timeout, and the dial
   * that goes on in the background brings the connection back as soon as the node answers.
   */
  @Test
  void aNodeKnownToBeDownIsReportedQuicklyAndTheBackgroundDialReconnects() throws Exception {
    OpenSshServer.ClientKey key = SSHD.newClientKey("ed25519");
    SSHD.authorize("root", key);
    SshSettings settings =
        SshTestSupport.fastSettings()
            .withConnectTimeout(Duration.ofSeconds(20))
            .withKeepAlive(Duration.ofSeconds(1), 2)
            .withDownNodeWait(Duration.ofMillis(300));
    try (SshConnectionPool pool = new SshConnectionPool(settings)) {
      SshConnection shell =
          pool.shell("ns/vanished", target(SSHD, "root", key, SSHD.hostFingerprint("ed25519")));
      assertThat(shell.runChecked(Command.read("probe", "echo up")).stdout()).isEqualTo("up\n");
      Frozen frozen = Frozen.sshd();
      try {
        awaitLost(shell, settings);
        for (int i = 0; i < 2; i++) {
          long start = System.nanoTime();
          HostException e =
              org.assertj.core.api.Assertions.catchThrowableOfType(
                  HostException.class, () -> shell.run(Command.read("probe", "echo up")));
          Duration waited = Duration.ofNanos(System.nanoTime() - start);
          assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
          assertThat(e.getMessage()).contains("reconnecting in the background");
          // 300 ms, far from the 20 s connect timeout; the bound leaves room for a busy machine
          assertThat(waited).isLessThan(Duration.ofSeconds(3));
        }
      } finally {
        frozen.thaw();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(
              () -> shell.runChecked(Command.read("probe", "echo back")).stdout().equals("back\n"));
      assertThat(shell.connectionsOpened()).isEqualTo(2);
    }
  }

  /**
   * The cluster watch asks every few seconds whether each node answers; it must never wait, and a
   * node that comes back must show without any command being run on it.
   */
  @Test
  void answersNowNeverWaitsAndSeesANodeComeBackWithoutACommand() throws Exception {
    OpenSshServer.ClientKey key = SSHD.newClientKey("ed25519");
    SSHD.authorize("root", key);
    SshSettings settings =
        SshTestSupport.fastSettings()
            .withConnectTimeout(Duration.ofSeconds(20))
            .withKeepAlive(Duration.ofSeconds(1), 2);
    try (SshConnectionPool pool = new SshConnectionPool(settings)) {
      SshConnection shell =
          pool.shell("ns/returning", target(SSHD, "root", key, SSHD.hostFingerprint("ed25519")));
      shell.runChecked(Command.read("probe", "true"));
      assertThat(shell.answersNow()).isTrue();
      Frozen frozen = Frozen.sshd();
      try {
        awaitLost(shell, settings);
        long start = System.nanoTime();
        assertThat(shell.answersNow()).isFalse();
        assertThat(shell.answersNow()).isFalse();
        // the dial it started hangs on the frozen listener (20 s connect timeout): not waited for
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
      } finally {
        frozen.thaw();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(shell::answersNow);
      assertThat(shell.connectionsOpened()).isEqualTo(2);
    }
  }

  /** sshd's listener and its connections' processes stopped (SIGSTOP): a peer that vanished. */
  private record Frozen(ProcessHandle listener, List<ProcessHandle> serving) {
    static Frozen sshd() throws Exception {
      Frozen f = new Frozen(ProcessHandle.of(SSHD.pid()).orElseThrow(), SSHD.connectionProcesses());
      signal("STOP", List.of(f.listener));
      signal("STOP", f.serving);
      return f;
    }

    /** The frozen connections are killed (their peer gave up on them), the listener goes on. */
    void thaw() throws Exception {
      signal("KILL", serving);
      signal("CONT", List.of(listener));
    }
  }

  private static void awaitLost(SshConnection shell, SshSettings settings) {
    await()
        .atMost(settings.deadPeerDetectionBound().plusSeconds(2))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !shell.isConnected());
  }

  private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
    for (ProcessHandle p : processes) {
      new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
    }
  }
}
