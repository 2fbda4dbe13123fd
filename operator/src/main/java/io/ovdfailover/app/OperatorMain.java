package io.ovdfailover.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ovdfailover.api.crd.CrdManifests;
import io.ovdfailover.steps.Checkpoints;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The operator process, against a cluster: the usual client configuration (in-cluster service
 * account, KUBECONFIG or ~/.kube/config). The embedded launcher (module {@code embedded}) starts it
 * the same way on its in-memory API server, through {@link #start(KubernetesClient,
 * OperatorSettings, InetAddress)} and the process helpers here.
 */
public final class OperatorMain {
  private static final String PROGRAM = "ovd-failover-operator";

  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    Optional<OperatorSettings> settings =
        parseOrExit(
            PROGRAM,
            OperatorSettings.commandLine(),
            args,
            parsed -> OperatorSettings.of(parsed, System.getenv()));
    if (settings.isPresent()) {
      useLogFormat(settings.get().logFormat());
      runUntilStopped(PROGRAM, () -> start(settings.get()));
    }
  }

  /** Call before the first logger exists: logback reads its configuration once. */
  public static void useLogFormat(String logFormat) {
    if ("json".equals(logFormat) && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
  }

  /**
   * The settings of the command line (picocli's parse, then {@code settings}), or empty when {@code
   * --help} or {@code --version} was asked for and printed; on a mistake, the message and exit code
   * 2, nothing started. Logs nothing (the log format is not known yet).
   */
  public static <T> Optional<T> parseOrExit(
      String program,
      CommandLine commandLine,
      String[] args,
      Function<CommandLine.ParseResult, T> settings) {
    try {
      CommandLine.ParseResult parsed = OperatorSettings.parse(commandLine, args);
      if (CommandLine.printHelpIfRequested(parsed)) {
        return Optional.empty();
      }
      return Optional.of(settings.apply(parsed));
    } catch (IllegalArgumentException e) {
      System.err.println(program + ": " + e.getMessage());
      System.exit(2);
      return Optional.empty();
    }
  }

  /**
   * Starts, then waits until the JVM is asked to stop (Ctrl-C, SIGTERM) and closes what started;
   * exit code 1 when it cannot start.
   */
  public static void runUntilStopped(String program, Callable<? extends AutoCloseable> start)
      throws InterruptedException {
    AutoCloseable running;
    try {
      running = start.call();
    } catch (Exception e) {
      LoggerFactory.getLogger(OperatorMain.class).error("could not start: {}", e.toString(), e);
      System.err.println(program + ": could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    running.close();
                  } catch (Exception e) {
                    LoggerFactory.getLogger(OperatorMain.class)
                        .warn("error while stopping: {}", e.toString());
                  }
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }

  /** Everything the process runs; closing stops it in reverse order of start. */
  public static final class Running implements AutoCloseable {
    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private volatile OperatorRuntime operator;
    private HealthServer health;
    private HealthServer metrics;

    public OperatorRuntime operator() {
      return operator;
    }

    /** The server of /healthz and /readyz. */
    public HealthServer health() {
      return health;
    }

    /** The server of /metrics: {@link #health()} itself unless --health-port set another. */
    public HealthServer metrics() {
      return metrics;
    }

    private <T extends AutoCloseable> T add(T part) {
      parts.push(part);
      return part;
    }

    /**
     * Closes this after everything already here and everything started later: for what the operator
     * runs on (its client, the API server under it), started before the operator.
     */
    public <T extends AutoCloseable> T closeLast(T part) {
      parts.addLast(part);
      return part;
    }

    @Override
    public synchronized void close() {
      while (!parts.isEmpty()) {
        try {
          parts.pop().close();
        } catch (Exception e) {
          LoggerFactory.getLogger(OperatorMain.class)
              .warn("error while stopping: {}", e.toString());
        }
      }
    }
  }

  /**
   * The kubeconfig, service account or environment, as fabric8 finds them; HTTP/1.1 only for a
   * plain-http API server (such as the embedded one of another process): over plain http the JDK
   * client asks to upgrade to HTTP/2 (h2c), and a request can then wait for ever on the upgraded
   * connection (fabric8 PR 7662).
   */
  static io.fabric8.kubernetes.client.Config kubeConfig() {
    io.fabric8.kubernetes.client.Config found =
        io.fabric8.kubernetes.client.Config.autoConfigure(null);
    if (found.getMasterUrl() != null && found.getMasterUrl().startsWith("http://")) {
      return new io.fabric8.kubernetes.client.ConfigBuilder(found).withHttp2Disable(true).build();
    }
    return found;
  }

  /** Against the cluster the kubeconfig, service account or environment names. */
  public static Running start(OperatorSettings settings) throws Exception {
    return start(settings, Checkpoints.NONE);
  }

  /** As above, with the operator's work telling {@code checkpoints} where it is (tests). */
  public static Running start(OperatorSettings settings, Checkpoints checkpoints) throws Exception {
    KubernetesClient client = new KubernetesClientBuilder().withConfig(kubeConfig()).build();
    try {
      LoggerFactory.getLogger(OperatorMain.class).info("API server {}", client.getMasterUrl());
      List<String> missing = CrdManifests.missing(client);
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "the cluster has no CRD "
                + String.join(", ", missing)
                + ": install them first (kubectl apply -f operator/target/classes/META-INF/fabric8/),"
                + " or try the operator without a cluster: java -jar"
                + " embedded/target/ovd-failover-embedded.jar");
      }
      Running running = start(client, settings, null, checkpoints);
      running.closeLast(client);
      return running;
    } catch (Exception | Error e) {
      client.close();
      throw e;
    }
  }

  /**
   * Health, metrics and the operator on this client, which the caller keeps (and closes).
   *
   * @param healthBind address of /healthz, /readyz and /metrics (one port or two: see
   *     --health-port); null: every interface (in a cluster, for the kubelet's probes and
   *     Prometheus)
   */
  public static Running start(
      KubernetesClient client, OperatorSettings settings, InetAddress healthBind) throws Exception {
    return start(client, settings, healthBind, Checkpoints.NONE);
  }

  private static Running start(
      KubernetesClient client,
      OperatorSettings settings,
      InetAddress healthBind,
      Checkpoints checkpoints)
      throws Exception {
    Logger log = LoggerFactory.getLogger(OperatorMain.class);
    Running running = new Running();
    try {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      running.add(registry::close);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new JvmGcMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      // up before the operator, so that /healthz answers (and /readyz says 503) while informers
      // sync
      BooleanSupplier ready = () -> running.operator != null && running.operator.started();
      if (settings.healthPort().isEmpty()) {
        running.health =
            running.add(HealthServer.start(healthBind, settings.metricsPort(), ready, registry));
        running.metrics = running.health;
        log.info("health and metrics on port {}: /healthz /readyz /metrics", running.health.port());
      } else {
        running.metrics =
            running.add(
                HealthServer.start(
                    healthBind,
                    settings.metricsPort(),
                    EnumSet.of(HealthServer.Endpoint.METRICS),
                    ready,
                    registry));
        running.health =
            running.add(
                HealthServer.start(
                    healthBind,
                    settings.healthPort().getAsInt(),
                    EnumSet.of(HealthServer.Endpoint.HEALTH),
                    ready,
                    registry));
        log.info(
            "health on port {} (/healthz /readyz), metrics on port {} (/metrics)",
            running.health.port(),
            running.metrics.port());
      }
      running.operator =
          running.add(
              OperatorRuntime.start(
                  client, settings, registry, java.time.Clock.systemUTC(), checkpoints));
      return running;
    } catch (Exception | Error e) {
      running.close();
      throw e;
    }
  }
}
