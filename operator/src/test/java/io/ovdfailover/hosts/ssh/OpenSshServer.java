package io.ovdfailover.hosts.ssh;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real OpenSSH {@code sshd} on 127.0.0.1 and a free port, with its own ed25519 and RSA host keys
 * and its own authorized keys directory, for tests. Needs root (sshd's privilege separation) and
 * /usr/sbin/sshd.
 *
 * <pre>
 *   &#64;RegisterExtension static final OpenSshServer SSHD = new OpenSshServer();
 *   ...
 *   ClientKey key = SSHD.newClientKey("ed25519");
 *   SSHD.authorize("root", key);
 * </pre>
 */
public final class OpenSshServer implements BeforeAllCallback, AfterAllCallback {
  private static final Logger LOG = LoggerFactory.getLogger(OpenSshServer.class);
  private static final String SSHD = "/usr/sbin/sshd";

  /**
   * A client key pair made with ssh-keygen: the private key as a Secret would hold it, the public
   * key line.
   */
  public record ClientKey(byte[] privateKey, String publicKeyLine) {}

  private Path dir;
  private int port;
  private Process process;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  public void start() throws IOException, InterruptedException {
    dir = Files.createTempDirectory("ovd-sshd-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(dir.resolve("authorized_keys"));
    Files.setPosixFilePermissions(
        dir.resolve("authorized_keys"), PosixFilePermissions.fromString("rwxr-xr-x"));
    generateHostKeys();
    Path privsep =
        Path.of("/run/sshd"); // sshd refuses to start without its privilege separation directory
    if (!Files.isDirectory(privsep)) {
      Files.createDirectories(privsep);
      Files.setPosixFilePermissions(privsep, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    launch(0);
  }

  /**
   * Stops sshd and its connections, gives it new host keys (a reinstalled node) and starts it again
   * on the same port.
   */
  public void reinstall() throws IOException, InterruptedException {
    kill();
    Files.delete(hostKey("ed25519"));
    Files.delete(Path.of(hostKey("ed25519") + ".pub"));
    Files.delete(hostKey("rsa"));
    Files.delete(Path.of(hostKey("rsa") + ".pub"));
    generateHostKeys();
    launch(port);
  }

  /**
   * New host keys behind the same address while the open connections stay: the listening sshd is
   * restarted with them, as {@code systemctl restart ssh} does (the per-connection processes live
   * on with the keys they were started with).
   */
  public void rotateHostKeysKeepingConnections() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("sshd listener did not stop");
    }
    for (String type : List.of("ed25519", "rsa")) {
      Files.delete(hostKey(type));
      Files.delete(Path.of(hostKey(type) + ".pub"));
    }
    generateHostKeys();
    launch(port);
  }

  private void generateHostKeys() throws IOException, InterruptedException {
    exec(
        "ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        "test-host",
        "-f",
        hostKey("ed25519").toString());
    exec(
        "ssh-keygen",
        "-q",
        "-t",
        "rsa",
        "-b",
        "3072",
        "-N",
        "",
        "-C",
        "test-host",
        "-f",
        hostKey("rsa").toString());
  }

  private void launch(int fixedPort) throws IOException, InterruptedException {
    Files.deleteIfExists(log());
    for (int attempt = 1; ; attempt++) {
      port = fixedPort != 0 ? fixedPort : freePort();
      Files.writeString(dir.resolve("sshd_config"), config(port));
      exec(SSHD, "-t", "-f", dir.resolve("sshd_config").toString());
      process =
          new ProcessBuilder(SSHD, "-D", "-e", "-f", dir.resolve("sshd_config").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
              .start();
      try {
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(20))
            .until(
                () ->
                    !process.isAlive() || Files.readString(log()).contains("Server listening on"));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new IllegalStateException("sshd did not start: " + Files.readString(log()), e);
      }
      if (process.isAlive()) {
        LOG.info("sshd pid {} listening on 127.0.0.1:{}", process.pid(), port);
        return;
      }
      if (attempt == 3) {
        throw new IllegalStateException("sshd exited: " + Files.readString(log()));
      }
    }
  }

  private String config(int p) {
    return String.join(
        "\n",
        "ListenAddress 127.0.0.1:" + p,
        "HostKey " + hostKey("ed25519"),
        "HostKey " + hostKey("rsa"),
        "PidFile none",
        "AuthorizedKeysFile " + dir.resolve("authorized_keys") + "/%u",
        "StrictModes no",
        "UsePAM no",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PubkeyAuthentication yes",
        "PermitRootLogin prohibit-password",
        "MaxSessions 32",
        "MaxStartups 64",
        "PrintMotd no",
        "LogLevel VERBOSE",
        "");
  }

  /** Stops sshd and every process it started (per-connection children, commands still running). */
  public void stop() throws IOException {
    kill();
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private void kill() {
    if (process != null) {
      List<ProcessHandle> children = process.descendants().toList();
      process.destroy();
      children.forEach(ProcessHandle::destroyForcibly);
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** PID of the listening sshd; its children serve the connections. */
  public long pid() {
    return process.pid();
  }

  /** The per-connection sshd processes and whatever they run. */
  public List<ProcessHandle> connectionProcesses() {
    return process.descendants().toList();
  }

  public Path logFile() {
    return log();
  }

  /** The host's public key line, e.g. {@code ssh-ed25519 AAAA... test-host}. */
  public String hostPublicKey(String type) throws IOException {
    return Files.readString(Path.of(hostKey(type) + ".pub")).strip();
  }

  /** The fingerprint as {@code ssh-keygen -lf} prints it: {@code SHA256:...}. */
  public String hostFingerprint(String type) throws IOException, InterruptedException {
    return exec("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey(type) + ".pub").split("\\s+")[1];
  }

  /**
   * A new client key: {@code ed25519} (OpenSSH format), {@code rsa-pem} (traditional PEM, BEGIN RSA
   * PRIVATE KEY).
   */
  public ClientKey newClientKey(String kind) throws IOException, InterruptedException {
    Path f = Files.createTempFile(dir, "client-", "");
    Files.delete(f);
    List<String> cmd =
        new ArrayList<>(
            List.of("ssh-keygen", "-q", "-N", "", "-C", "test-client", "-f", f.toString()));
    switch (kind) {
      case "ed25519" -> cmd.addAll(List.of("-t", "ed25519"));
      case "rsa-pem" -> cmd.addAll(List.of("-t", "rsa", "-b", "2048", "-m", "PEM"));
      default -> throw new IllegalArgumentException(kind);
    }
    exec(cmd.toArray(String[]::new));
    ClientKey key =
        new ClientKey(Files.readAllBytes(f), Files.readString(Path.of(f + ".pub")).strip());
    Files.delete(f);
    Files.delete(Path.of(f + ".pub"));
    return key;
  }

  /** Lets {@code user} log in with {@code key}. */
  public void authorize(String user, ClientKey key) throws IOException {
    Path file = dir.resolve("authorized_keys").resolve(user);
    Files.writeString(
        file,
        key.publicKeyLine() + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
  }

  /**
   * Creates (idempotently) a local user with passwordless sudo and no tty requirement, as a node's
   * non-root login would be set up. Only as root.
   */
  public static void ensureSudoUser(String user) throws IOException, InterruptedException {
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException("creating a sudo user needs root");
    }
    if (new ProcessBuilder("id", "-u", user).start().waitFor() != 0) {
      exec("useradd", "--create-home", "--shell", "/bin/bash", user);
    }
    // "*" instead of useradd's "!": without PAM, sshd refuses any login to an account whose
    // password is locked.
    exec("usermod", "-p", "*", user);
    Path dropIn = Path.of("/etc/sudoers.d/" + user);
    String rules = user + " ALL=(ALL) NOPASSWD: ALL\nDefaults:" + user + " !requiretty\n";
    if (!Files.exists(dropIn) || !Files.readString(dropIn).equals(rules)) {
      Path tmp = Files.createTempFile("sudoers-", "");
      Files.writeString(tmp, rules);
      exec("visudo", "-c", "-q", "-f", tmp.toString());
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--r-----"));
      Files.move(tmp, dropIn, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private Path hostKey(String type) {
    return dir.resolve("ssh_host_" + type + "_key");
  }

  private Path log() {
    return dir.resolve("sshd.log");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  /** A loopback port nothing listens on. */
  static int closedPort() throws IOException {
    int p = freePort();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", p), 200);
      throw new IllegalStateException("port " + p + " unexpectedly open");
    } catch (IOException expected) {
      return p;
    }
  }

  static String exec(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
