package io.ovdfailover.hosts.ssh;

import static io.ovdfailover.hosts.ssh.SshTestSupport.fastSettings;
import static io.ovdfailover.hosts.ssh.SshTestSupport.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostException.Kind;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transport against a real OpenSSH sshd on loopback, logged in as root. */
class SshConnectionIT {
  @RegisterExtension static final OpenSshServer SSHD = new OpenSshServer();

  static OpenSshServer.ClientKey ed25519;
  static OpenSshServer.ClientKey rsaPem;
  static String pin;
  static SimpleMeterRegistry meters = new SimpleMeterRegistry();
  static SshConnectionPool pool;

  @BeforeAll
  static void keys() throws Exception {
    ed25519 = SSHD.newClientKey("ed25519");
    rsaPem = SSHD.newClientKey("rsa-pem");
    assertThat(new String(rsaPem.privateKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(new String(ed25519.privateKey())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    SSHD.authorize("root", ed25519);
    SSHD.authorize("root", rsaPem);
    pin = SSHD.hostFingerprint("ed25519");
    pool = new SshConnectionPool(fastSettings(), new CommandCounter(), meters);
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @Test
  void rootWithEd25519KeyRunsManyCommandsOnOneConnection() throws Exception {
    SshConnection shell = pool.shell("ns/ed", target(SSHD, "root", ed25519, pin));
    // 20, not more: root's ~/.bashrc on this machine runs `pyenv init`, ~150 ms per command
    for (int i = 0; i < 20; i++) {
      CommandResult r = shell.runChecked(Command.read("echo", "echo hello " + i + "; id -u"));
      assertThat(r.stdout()).isEqualTo("hello " + i + "\n0\n");
    }
    assertThat(shell.connectionsOpened()).isEqualTo(1);
    assertThat(shell.presentedHostKeyFingerprint()).isEqualTo(pin);
  }

  @Test
  void rootWithRsaPemKey() throws Exception {
    SshConnection shell = pool.shell("ns/rsa", target(SSHD, "root", rsaPem, pin));
    assertThat(shell.runChecked(Command.read("whoami", "whoami")).stdout()).isEqualTo("root\n");
  }

  @Test
  void eightConcurrentChannelsOnOneConnection() throws Exception {
    SshConnection shell = pool.shell("ns/concurrent", target(SSHD, "root", ed25519, pin));
    shell.connect();
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      // Each command waits until all 8 are running at once, which only works if they share the
      // connection
      // concurrently (a serialised transport would time out).
      String barrier =
          "/tmp/ovd-ssh-barrier-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
      List<Future<CommandResult>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        Callable<CommandResult> call =
            () ->
                shell.runChecked(
                    Command.read(
                            "barrier " + n,
                            "mkdir -p "
                                + barrier
                                + " && touch "
                                + barrier
                                + "/"
                                + n
                                + " && while [ $(ls "
                                + barrier
                                + " | wc -l) -lt 8 ]; do sleep 0.05; done; echo "
                                + n)
                        .withTimeout(Duration.ofSeconds(20)));
        results.add(callers.submit(call));
      }
      for (int i = 0; i < 8; i++) {
        assertThat(results.get(i).get().stdout()).isEqualTo(i + "\n");
      }
      shell.run(Command.change("clean barrier", "rm -rf " + barrier));
    } finally {
      callers.shutdownNow();
    }
    assertThat(shell.connectionsOpened()).isEqualTo(1);
  }

  @Test
  void commandsBeyondTheChannelLimitWaitTheirTurn() throws Exception {
    try (SshConnectionPool narrow =
        new SshConnectionPool(fastSettings().withMaxChannelsPerConnection(2))) {
      SshConnection shell = narrow.shell("ns/narrow", target(SSHD, "root", ed25519, pin));
      shell.connect();
      String dir = "/tmp/ovd-ssh-slots-" + System.nanoTime();
      ExecutorService callers = Executors.newFixedThreadPool(4);
      try {
        List<Future<CommandResult>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          int n = i;
          // Each command watches for ~1.5 s how many commands run beside it (itself included) and
          // prints the
          // most it saw; with more than 2 channels the 4 commands would see 3 or 4.
          results.add(
              callers.submit(
                  () ->
                      shell.runChecked(
                          Command.read(
                                  "slot " + n,
                                  "mkdir -p "
                                      + dir
                                      + " && touch "
                                      + dir
                                      + "/"
                                      + n
                                      + "\nmax=0; i=0\n"
                                      + "while [ $i -lt 30 ]; do c=$(ls "
                                      + dir
                                      + " | wc -l); [ $c -gt $max ] && max=$c; "
                                      + "[ $c -ge 3 ] && break; sleep 0.05; i=$((i+1)); done\n"
                                      + "rm "
                                      + dir
                                      + "/"
                                      + n
                                      + "; echo $max")
                              .withTimeout(Duration.ofSeconds(60)))));
        }
        for (Future<CommandResult> r : results) {
          assertThat(Integer.parseInt(r.get().stdout().strip())).isBetween(1, 2);
        }
        assertThat(narrow.keys()).containsExactly("ns/narrow");
      } finally {
        callers.shutdownNow();
        shell.run(Command.change("clean slots", "rm -rf " + dir));
      }
    }
  }

  @Test
  void scriptQuotingSurvivesTheLoginShellAndSh() throws Exception {
    SshConnection shell = pool.shell("ns/quoting", target(SSHD, "root", ed25519, pin));
    String script =
        "x='it'\"'\"'s'; printf '%s|%s|%s\\n' \"$x\" \"a\\\\b\" '$HOME `id` $(id)'\n"
            + "printf 'line2 \"quoted\" * ; & | > <\\n'";
    CommandResult r = shell.runChecked(Command.read("quoting", script));
    assertThat(r.stdout()).isEqualTo("it's|a\\b|$HOME `id` $(id)\nline2 \"quoted\" * ; & | > <\n");
  }

  @Test
  void exitCodeAndStderrAreReturnedAndRunCheckedClassifies() throws Exception {
    SshConnection shell = pool.shell("ns/exit", target(SSHD, "root", ed25519, pin));
    CommandResult r = shell.run(Command.read("fail", "echo out; echo oops >&2; exit 3"));
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("oops\n");
    assertThatThrownBy(
            () -> shell.runChecked(Command.change("apply something", "echo boom >&2; exit 7")))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.COMMAND_FAILED);
              assertThat(e.getMessage()).contains("'apply something' exited with 7", "boom");
            });
  }

  @Test
  void killedCommandReportsShellStyleExitCode() throws Exception {
    SshConnection shell = pool.shell("ns/exit", target(SSHD, "root", ed25519, pin));
    assertThat(shell.run(Command.read("suicide", "kill -KILL $$")).exitCode()).isEqualTo(137);
  }

  @Test
  void stdinWithoutContentIsClosedSoReadersSeeEof() throws Exception {
    SshConnection shell = pool.shell("ns/stdin", target(SSHD, "root", ed25519, pin));
    CommandResult r =
        shell.runChecked(Command.read("cat", "cat; echo end").withTimeout(Duration.ofSeconds(5)));
    assertThat(r.stdout()).isEqualTo("end\n");
    r = shell.runChecked(Command.read("wc", "wc -c").withStdin("12345"));
    assertThat(r.stdout().strip()).isEqualTo("5");
  }

  @Test
  void largeOutputIsReadCompletely() throws Exception {
    SshConnection shell = pool.shell("ns/large", target(SSHD, "root", ed25519, pin));
    CommandResult r =
        shell.runChecked(
            Command.read(
                "large",
                "head -c 3000000 /dev/zero | tr '\\0' x; "
                    + "head -c 3000000 /dev/zero | tr '\\0' y >&2"));
    assertThat(r.stdout()).hasSize(3_000_000);
    assertThat(r.stderr()).hasSize(3_000_000);
  }

  @Test
  void commandTimeoutStopsTheCommandAndKeepsTheConnection() throws Exception {
    SshConnection shell = pool.shell("ns/timeout", target(SSHD, "root", ed25519, pin));
    shell.connect();
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                shell.run(Command.read("sleep", "sleep 30.25").withTimeout(Duration.ofSeconds(1))))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
              assertThat(e.getMessage()).contains("'sleep' did not finish within 1 s");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(shell.runChecked(Command.read("after", "echo still here")).stdout())
        .isEqualTo("still here\n");
    assertThat(shell.connectionsOpened()).isEqualTo(1);
    // The remote process got SIGTERM and is gone, not left running for 30 s.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                SSHD.connectionProcesses().stream()
                    .noneMatch(
                        p ->
                            p.info()
                                .arguments()
                                .map(a -> String.join(" ", a))
                                .orElse("")
                                .contains("30.25")));
  }

  @Test
  void closedPortIsUnreachableQuickly() throws Exception {
    SshTarget t =
        new SshTarget(
            "node1",
            "127.0.0.1",
            OpenSshServer.closedPort(),
            "root",
            false,
            SshIdentity.fromSecret("node1", ed25519.privateKey()),
            HostKeyPin.parse(pin),
            false);
    long start = System.nanoTime();
    assertThatThrownBy(() -> pool.shell("ns/closed", t).run(Command.read("probe", "true")))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
              assertThat(e.getMessage())
                  .contains(
                      "connection refused by 127.0.0.1:" + t.port(),
                      "is sshd running and the port right?");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void serverThatNeverSpeaksSshIsUnreachableAfterTheConnectTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket()) {
      silent.bind(new InetSocketAddress("127.0.0.1", 0));
      SshTarget t =
          new SshTarget(
              "node1",
              "127.0.0.1",
              silent.getLocalPort(),
              "root",
              false,
              SshIdentity.fromSecret("node1", ed25519.privateKey()),
              HostKeyPin.parse(pin),
              false);
      SshConnectionPool quick =
          new SshConnectionPool(fastSettings().withConnectTimeout(Duration.ofSeconds(1)));
      long start = System.nanoTime();
      assertThatThrownBy(() -> quick.shell("ns/silent", t).connect())
          .isInstanceOfSatisfying(
              HostException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                assertThat(e.getMessage())
                    .contains("accepted the TCP connection but completed no SSH handshake");
              });
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
      quick.close();
    }
  }

  @Test
  void unknownClientKeyFailsAuthentication() throws Exception {
    OpenSshServer.ClientKey stranger = SSHD.newClientKey("ed25519");
    assertThatThrownBy(
            () -> pool.shell("ns/stranger", target(SSHD, "root", stranger, pin)).connect())
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.AUTH_FAILED);
              assertThat(e.getMessage()).contains("refused the ssh-ed25519 key for user 'root'");
            });
  }

  @Test
  void garbageInTheKeySecretIsAnAuthFailureWithoutEchoingIt() {
    byte[] garbage =
        "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LXNlY3JldA==\n-----END OPENSSH PRIVATE KEY-----\n"
            .getBytes();
    assertThatThrownBy(() -> SshIdentity.fromSecret("node1", garbage))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.AUTH_FAILED);
              assertThat(e.getMessage())
                  .doesNotContain("c2VjcmV0")
                  .contains("cannot read the private key");
              assertThat(e.getCause()).isNull();
            });
  }

  @Test
  void commandsAreCountedPerNodeAndKind() throws Exception {
    SshConnection shell = pool.shell("ns/counted", target(SSHD, "root", ed25519, pin));
    pool.counter().reset("ns/counted");
    shell.run(Command.read("r1", "true"));
    shell.run(Command.read("r2", "false"));
    shell.run(Command.change("c1", "true"));
    assertThat(pool.counter().snapshotAndReset("ns/counted"))
        .isEqualTo(new CommandCounter.Counts(1, 2));
    assertThat(pool.counter().get("ns/counted")).isEqualTo(CommandCounter.Counts.ZERO);
    assertThat(
            meters
                .get("ovd.ssh.commands")
                .tag("node", "ns/counted")
                .tag("mutating", "true")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            meters
                .get("ovd.ssh.commands")
                .tag("node", "ns/counted")
                .tag("mutating", "false")
                .counter()
                .count())
        .isEqualTo(2.0);
  }

  @Test
  void poolReusesTheConnectionForAnUnchangedTargetAndReplacesItOnChange() throws Exception {
    SshConnection first = pool.shell("ns/reuse", target(SSHD, "root", ed25519, pin));
    first.connect();
    assertThat(pool.shell("ns/reuse", target(SSHD, "root", ed25519, pin))).isSameAs(first);
    SshConnection rotated = pool.shell("ns/reuse", target(SSHD, "root", rsaPem, pin));
    assertThat(rotated).isNotSameAs(first);
    assertThat(first.isConnected()).isFalse();
    assertThat(rotated.runChecked(Command.read("id", "id -u")).stdout()).isEqualTo("0\n");
  }

  @Test
  void reconnectsAfterTheServerDroppedTheConnection() throws Exception {
    SshConnection shell = pool.shell("ns/reconnect", target(SSHD, "root", ed25519, pin));
    shell.connect();
    int before = SSHD.connectionProcesses().size();
    // Kill the sshd processes serving this connection only: the newest per-connection monitor and
    // its children.
    ProcessHandle newest =
        ProcessHandle.of(SSHD.pid())
            .orElseThrow()
            .children()
            .max(java.util.Comparator.comparing(p -> p.info().startInstant().orElseThrow()))
            .orElseThrow();
    assertThat(before).isPositive();
    newest.descendants().forEach(ProcessHandle::destroyForcibly);
    newest.destroyForcibly();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !shell.isConnected());
    assertThat(shell.runChecked(Command.read("again", "echo back")).stdout()).isEqualTo("back\n");
    assertThat(shell.connectionsOpened()).isEqualTo(2);
  }
}
