package io.ovdfailover.hosts.ssh;

import static io.ovdfailover.hosts.ssh.SshTestSupport.fastSettings;
import static io.ovdfailover.hosts.ssh.SshTestSupport.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Secrets travel on stdin: while a command holding one runs, no process on the node (this machine,
 * for a loopback sshd) has it in its argument list, and no log line carries it.
 */
class SshSecretStdinIT {
  @RegisterExtension static final OpenSshServer SSHD = new OpenSshServer();

  static OpenSshServer.ClientKey key;
  static String pin;
  static SshConnectionPool pool;

  @BeforeAll
  static void setUp() throws Exception {
    OpenSshServer.ensureSudoUser(SshSudoIT.USER);
    key = SSHD.newClientKey("ed25519");
    SSHD.authorize("root", key);
    SSHD.authorize(SshSudoIT.USER, key);
    pin = SSHD.hostFingerprint("ed25519");
    pool = new SshConnectionPool(fastSettings());
  }

  @AfterAll
  static void tearDown() {
    pool.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"root", SshSudoIT.USER})
  void secretOnStdinIsSeenByTheScriptAndByNoProcessArgumentOrLog(String user) throws Exception {
    String secret = "S3cr3t-" + UUID.randomUUID();
    Path dir = Files.createTempDirectory("ovd-secret-");
    Path marker = dir.resolve("received");
    Path stop = dir.resolve("stop");
    // printf is a shell builtin: the secret never becomes an argument of a new process.
    String script =
        "IFS= read -r s\n"
            + "printf '%s' \"$s\" | sha256sum | cut -d' ' -f1 > "
            + marker
            + ".tmp && mv "
            + marker
            + ".tmp "
            + marker
            + "\n"
            + "while [ ! -e "
            + stop
            + " ]; do sleep 0.05; done\n"
            + "echo \"uid=$(id -u) length=${#s}\"";
    SshConnection shell = pool.shell("ns/secret-" + user, target(SSHD, user, key, pin));
    ListAppender<ILoggingEvent> logs = captureLogs();
    try {
      CompletableFuture<CommandResult> running =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return shell.runChecked(
                      Command.change("use a secret", script)
                          .withStdin(secret + "\n")
                          .withTimeout(Duration.ofSeconds(30)));
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(marker) || running.isDone());
      assertThat(running).isNotDone();

      List<String> argumentLists = procFiles("cmdline");
      List<String> environments = procFiles("environ");
      // The scan does see the command's own processes (the script text names the marker file) ...
      assertThat(argumentLists).anyMatch(cmd -> cmd.contains(marker.toString()));
      // ... and no process carries the secret.
      assertThat(argumentLists).noneMatch(cmd -> cmd.contains(secret));
      assertThat(argumentLists).noneMatch(cmd -> cmd.contains(secret.substring(7)));
      assertThat(environments).noneMatch(env -> env.contains(secret.substring(7)));

      Files.createFile(stop);
      CommandResult result = running.get();
      assertThat(Files.readString(marker).strip()).isEqualTo(sha256(secret));
      assertThat(result.stdout()).isEqualTo("uid=0 length=" + secret.length() + "\n");
      assertThat(logs.list)
          .isNotEmpty()
          .noneMatch(e -> e.getFormattedMessage().contains(secret))
          .anyMatch(e -> e.getFormattedMessage().contains("use a secret"));
      assertThat(Files.readString(SSHD.logFile())).doesNotContain(secret);
    } finally {
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static ListAppender<ILoggingEvent> captureLogs() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
    return appender;
  }

  /**
   * One /proc/[pid] file (cmdline: argument list, environ: environment) of every process here, NULs
   * as spaces.
   */
  private static List<String> procFiles(String name) throws IOException {
    List<String> result = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          result.add(
              new String(Files.readAllBytes(p.resolve(name)), StandardCharsets.UTF_8)
                  .replace('\0', ' '));
        } catch (IOException vanished) {
          // the process ended during the scan
        }
      }
    }
    return result;
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
