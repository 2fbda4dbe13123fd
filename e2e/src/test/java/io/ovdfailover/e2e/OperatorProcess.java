package io.ovdfailover.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's own jar run as a separate process, as a Deployment would run it: its own JVM,
 * KUBECONFIG pointing at the test's API server, hosts driven over SSH confined to the lab's veth.
 * It can be killed with SIGKILL, or told to halt itself at a crash point, and started again.
 */
final class OperatorProcess implements AutoCloseable {
  static final Path JAR = Path.of("../operator/target/ovd-failover-operator.jar");
  private static final Pattern COMMANDS =
      Pattern.compile(
          "^ovd_ssh_commands_total\\{[^}]*mutating=\"(true|false)\"[^}]*} ([0-9.eE+]+)$",
          Pattern.MULTILINE);

  private final Process process;
  private final int metricsPort;
  final Path log;

  private OperatorProcess(Process process, int metricsPort, Path log) {
    this.process = process;
    this.metricsPort = metricsPort;
    this.log = log;
  }

  /**
   * @param crashAt crash point names (comma-separated) for {@code OVD_CRASH_AT}, or null
   */
  static OperatorProcess start(Path kubeconfig, Path log, String crashAt) throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(
          JAR + " is missing: the operator module's package phase builds it");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    // as a Deployment runs it; to crash at a checkpoint, the same jar and lib through the e2e's
    // CrashingOperator (the production jar cannot halt itself)
    List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx256m"));
    if (crashAt == null) {
      cmd.addAll(List.of("-jar", JAR.toString()));
    } else {
      String classpath =
          String.join(
              java.io.File.pathSeparator,
              JAR.toString(),
              JAR.resolveSibling("lib").resolve("*").toString(),
              Path.of("target/test-classes").toString());
      cmd.addAll(List.of("-cp", classpath, CrashingOperator.class.getName()));
    }
    cmd.addAll(List.of("--metrics-port", String.valueOf(port)));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = pb.environment();
    env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
    env.put("DRIVE_HOSTS", "true");
    env.put("SSH_EGRESS", "198.18.0.0/24@ovdlab0");
    env.put("OBSERVE_INTERVAL", "5s");
    env.put("RETRY_INTERVAL", "5s");
    env.put("LEADER_ELECTION", "false");
    env.remove(CrashingOperator.ENV);
    if (crashAt != null) {
      env.put(CrashingOperator.ENV, crashAt);
    }
    Files.writeString(
        log,
        "=== operator started" + (crashAt == null ? "" : " with OVD_CRASH_AT=" + crashAt) + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    return new OperatorProcess(pb.start(), port, log);
  }

  boolean alive() {
    return process.isAlive();
  }

  /**
   * SIGKILL, as the kubelet does after the grace period or the OOM killer does: nothing gets to
   * tidy up.
   */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  int waitForExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "the operator did not exit within " + timeout.toSeconds() + " s");
    }
    return process.exitValue();
  }

  /**
   * SSH commands the process ran so far, from its /metrics: mutating (true) and read-only (false).
   */
  Map<Boolean, Long> commands() throws IOException, InterruptedException {
    Map<Boolean, Long> out = new LinkedHashMap<>(Map.of(true, 0L, false, 0L));
    Matcher m = COMMANDS.matcher(scrape());
    while (m.find()) {
      out.merge(Boolean.parseBoolean(m.group(1)), (long) Double.parseDouble(m.group(2)), Long::sum);
    }
    return out;
  }

  /** The process's /metrics as Prometheus scrapes it. */
  String scrape() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
