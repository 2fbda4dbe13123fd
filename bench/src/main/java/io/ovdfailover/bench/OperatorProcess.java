package io.ovdfailover.bench;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The production operator jar in a JVM of its own, started as the chart's Deployment starts it: the
 * chart's JAVA_TOOL_OPTIONS and settings, and its memory and CPU limits as the JVM would read them
 * from the container (-XX:MaxRAM, -XX:ActiveProcessorCount: the JVM's heap and GC ergonomics follow
 * them). SSH may go to loopback only.
 */
final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final int metricsPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String command;

  private OperatorProcess(Process process, int metricsPort, String command) {
    this.process = process;
    this.metricsPort = metricsPort;
    this.command = command;
  }

  /**
   * @param extraJvmOptions appended after the chart's limits (to try other settings)
   */
  static OperatorProcess start(
      Path repo,
      ChartSettings chart,
      Path kubeconfig,
      Path log,
      List<String> extraJvmOptions,
      Map<String, String> extraEnv)
      throws IOException {
    Path jar = repo.resolve("operator/target/ovd-failover-operator.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build it first (mvn -B -o -pl operator -am package -DskipTests)");
    }
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:MaxRAM=" + chart.memoryLimitBytes());
    cmd.add("-XX:ActiveProcessorCount=" + chart.cpuLimit());
    cmd.addAll(extraJvmOptions);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.add("--metrics-port=" + port);
    // the benchmark's hosts are all on loopback: the guard makes sure nothing else is ever dialled
    cmd.add("--ssh-egress=127.0.0.0/8");
    cmd.add("--lease-namespace=" + Bench100.OPERATOR_NAMESPACE);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("KUBERNETES_") || k.startsWith("JAVA_TOOL_OPTIONS"));
    env.putAll(chart.env());
    env.put("JAVA_TOOL_OPTIONS", chart.javaToolOptions());
    env.put("KUBECONFIG", kubeconfig.toString());
    env.putAll(extraEnv);
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    StringBuilder shown = new StringBuilder();
    extraEnv.forEach((k, v) -> shown.append(k).append('=').append(v).append(' '));
    shown.append("JAVA_TOOL_OPTIONS='").append(chart.javaToolOptions()).append("' ");
    return new OperatorProcess(p, port, shown + String.join(" ", cmd));
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String command() {
    return command;
  }

  /** The /metrics text, or null while the operator does not answer yet. */
  String scrape() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** What {@code jcmd PID <command>} prints (GC.class_histogram, VM.flags, Thread.print). */
  String jcmd(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(Long.toString(pid()));
    cmd.addAll(List.of(args));
    Process j = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(j.getInputStream().readAllBytes());
    j.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** SIGTERM, as Kubernetes stops a pod, then SIGKILL after 20 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
