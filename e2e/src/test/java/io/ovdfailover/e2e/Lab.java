package io.ovdfailover.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The lab of five nspawn hosts (osm1, osm2, pcs3, pcs4, dbmy), driven through the {@code e2e/lab}
 * command. Obtain it from {@link LabExtension}; see docs/lab.md.
 */
public final class Lab {

  public static final List<String> NODES = List.of("osm1", "osm2", "pcs3", "pcs4", "dbmy");
  public static final String ROOT = "root";

  /** Outcome of one command; stdout and stderr as text. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + ", stdout: " + stdout.strip() + ", stderr: " + stderr.strip();
    }
  }

  /** Network of a node link. */
  public enum Net {
    SVC,
    PRIV;

    String arg() {
      return name().toLowerCase();
    }
  }

  /**
   * The Debian suite to bring up ({@code bullseye}, {@code bookworm}, {@code trixie}): system
   * property {@code lab.suite}, passed to the lab command as OVD_LAB_SUITE; unset, the lab's own
   * default (or an OVD_LAB_SUITE already in the environment).
   */
  static final String SUITE_PROPERTY = "lab.suite";

  private final Path script;
  private volatile Properties env = new Properties();
  private volatile List<String> upReport = List.of();

  Lab(Path script) {
    this.script = script;
  }

  /** Builds what is missing and boots every node; returns the {@code phase ...} timing lines. */
  public List<String> up() {
    List<String> phases = new ArrayList<>();
    Result r =
        run(
            Duration.ofMinutes(20),
            line -> {
              System.out.println("[lab up] " + line);
              if (line.startsWith("phase ")) {
                phases.add(line);
              }
            },
            "up");
    if (!r.ok()) {
      throw new IllegalStateException(
          "e2e/lab up failed (" + r.exitCode() + "): " + tail(r.stderr()));
    }
    upReport = List.copyOf(phases);
    refreshEnv();
    return upReport;
  }

  /**
   * Starts building other suites' caches in the background, at the lowest CPU priority, while this
   * lab's tests run: {@code e2e/lab build} takes each suite's own build lock, so a later {@code up}
   * of that suite waits for it and then finds its caches ready. CI's later runs on Debian 11 and 13
   * then cost their tests only, not their downloads. The output goes to {@code log}.
   */
  public void prebuild(List<String> suites, Path log) {
    if (suites.isEmpty()) return;
    List<String> cmd = new ArrayList<>(List.of("nice", "-n", "19", "bash", "-c"));
    cmd.add("for s in \"${@:1}\"; do \"$0\" build --suite \"$s\" || exit; done");
    cmd.add(script.toString());
    cmd.addAll(suites);
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      System.out.println("building " + suites + " in the background, log " + log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Boots the sixth host, farm1, a stand-in Linux OVD farm server (on demand: only the tests of
   * chapter IV step 4 need it); its facts and pinned host key are then in {@link #fact}.
   */
  public void farmUp() {
    check(run(Duration.ofMinutes(5), null, "farm-up"), "farm-up");
    refreshEnv();
  }

  public void down() {
    check(run(Duration.ofMinutes(5), null, "down"), "down");
  }

  /** The Debian suite the lab runs ({@code lab.suite} from {@code e2e/lab env}). */
  public String suite() {
    return fact("lab.suite");
  }

  /** Timing lines of the last {@link #up()}. */
  public List<String> upReport() {
    return upReport;
  }

  private void refreshEnv() {
    Result r = check(run(Duration.ofSeconds(30), null, "env"), "env");
    Properties p = new Properties();
    try {
      p.load(new StringReader(r.stdout()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    env = p;
  }

  /** A fact from {@code e2e/lab env}, e.g. {@code node.osm1.svc}. */
  public String fact(String key) {
    String v = env.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("no lab fact " + key);
    }
    return v;
  }

  public String svcAddress(String node) {
    return fact("node." + node + ".svc");
  }

  public String privAddress(String node) {
    return fact("node." + node + ".priv");
  }

  /** Pinned ed25519 host key line ("ssh-ed25519 AAAA...") exported at build time. */
  public String hostKey(String node) {
    return fact("node." + node + ".hostkey");
  }

  /** SHA256 fingerprint of the pinned ed25519 host key ("SHA256:..."). */
  public String hostKeyFingerprint(String node) {
    return fact("node." + node + ".fingerprint");
  }

  public Path knownHosts() {
    return Path.of(fact("lab.known_hosts"));
  }

  public Path rootKey() {
    return Path.of(fact("lab.key.root"));
  }

  public String adminUser() {
    return fact("lab.admin.user");
  }

  public Path adminKey() {
    return Path.of(fact("lab.key.admin"));
  }

  /** The stand-in Session Manager ID of osm1/osm2. */
  public String sessionManagerId(String node) {
    return fact("node." + node + ".osm.smid");
  }

  /** Runs a shell command on a node as root (OpenSSH, pinned host key). */
  public Result exec(String node, String command) {
    return run(Duration.ofMinutes(10), null, "ssh", node, command);
  }

  /**
   * Runs a shell command on a node as root with {@code stdin} as its standard input: how secrets
   * reach a command (never in its arguments).
   */
  public Result exec(String node, String command, String stdin) {
    return run(Duration.ofMinutes(10), stdin, null, "ssh", node, command);
  }

  /** Runs a shell command on a node as the lab's sudo user. */
  public Result execAsAdmin(String node, String command) {
    return run(Duration.ofMinutes(10), null, "ssh", "-u", adminUser(), node, command);
  }

  /** Back to the node's starting state (its overlay upper dir is dropped). */
  public void reset(String node) {
    check(run(Duration.ofMinutes(5), null, "reset", node), "reset " + node);
  }

  /** Power cut: init killed, both links unplugged. */
  public void stop(String node) {
    check(run(Duration.ofMinutes(1), null, "stop", node), "stop " + node);
  }

  /** Boot (addresses reset like a fresh boot); returns when sshd answers and boot finished. */
  public void start(String node) {
    check(run(Duration.ofMinutes(5), null, "start", node), "start " + node);
  }

  public void cut(String node, Net net) {
    check(run(Duration.ofSeconds(30), null, "cut", node, net.arg()), "cut " + node);
  }

  public void heal(String node, Net net) {
    check(run(Duration.ofSeconds(30), null, "heal", node, net.arg()), "heal " + node);
  }

  public void sshdStop(String node) {
    check(run(Duration.ofMinutes(1), null, "sshd-stop", node), "sshd-stop " + node);
  }

  /** New host keys in the node (pins unchanged); returns the new SHA256 fingerprint. */
  public String rekey(String node) {
    Result r = check(run(Duration.ofMinutes(1), null, "rekey", node), "rekey " + node);
    return Arrays.stream(r.stdout().split("\\s+"))
        .filter(w -> w.startsWith("SHA256:"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no fingerprint in: " + r.stdout()));
  }

  public String status() {
    return run(Duration.ofSeconds(30), null, "status").stdout();
  }

  private static Result check(Result r, String what) {
    if (!r.ok()) {
      throw new IllegalStateException("e2e/lab " + what + " failed: " + r);
    }
    return r;
  }

  private Result run(Duration timeout, Consumer<String> lineListener, String... args) {
    return run(timeout, null, lineListener, args);
  }

  private Result run(
      Duration timeout, String stdin, Consumer<String> lineListener, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(script.toString());
    cmd.addAll(List.of(args));
    String suite = System.getProperty(SUITE_PROPERTY, "");
    Map<String, String> env = suite.isBlank() ? Map.of() : Map.of("OVD_LAB_SUITE", suite.strip());
    return Processes.run(cmd, env, stdin, timeout, lineListener);
  }

  private static String tail(String s) {
    String[] lines = s.strip().split("\n");
    return String.join(
        "\n", Arrays.asList(lines).subList(Math.max(0, lines.length - 15), lines.length));
  }

  /**
   * Where the lab command lives: system property ovd.lab.script, else ./lab (the e2e module dir).
   */
  static Path locateScript() {
    String p = System.getProperty("ovd.lab.script");
    Path script = p != null ? Path.of(p) : Path.of("lab").toAbsolutePath();
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException("lab command not found or not executable: " + script);
    }
    return script;
  }

  /** Small process runner: reads both streams fully, kills the process at the deadline. */
  static final class Processes {
    private Processes() {}

    static Result run(List<String> cmd, Duration timeout, Consumer<String> lineListener) {
      return run(cmd, Map.of(), timeout, lineListener);
    }

    static Result run(
        List<String> cmd,
        Map<String, String> env,
        Duration timeout,
        Consumer<String> lineListener) {
      return run(cmd, env, null, timeout, lineListener);
    }

    /** With {@code stdin} (null: /dev/null) written to the process and closed. */
    static Result run(
        List<String> cmd,
        Map<String, String> env,
        String stdin,
        Duration timeout,
        Consumer<String> lineListener) {
      try {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (stdin == null) {
          pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
          try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
          }
        }
        CompletableFuture<String> out = drain(p.getInputStream(), lineListener);
        CompletableFuture<String> err = drain(p.getErrorStream(), null);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(
              "timed out after " + timeout + ": " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), out.join(), err.join());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    // one plain thread per stream (the common pool has a single thread on a 2-core machine)
    private static CompletableFuture<String> drain(InputStream in, Consumer<String> lineListener) {
      CompletableFuture<String> f = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  f.complete(read(in, lineListener));
                } catch (RuntimeException e) {
                  f.completeExceptionally(e);
                }
              },
              "lab-process-reader");
      t.setDaemon(true);
      t.start();
      return f;
    }

    private static String read(InputStream in, Consumer<String> lineListener) {
      StringBuilder sb = new StringBuilder();
      try (var reader =
          new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          sb.append(line).append('\n');
          if (lineListener != null) {
            lineListener.accept(line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return sb.toString();
    }
  }
}
