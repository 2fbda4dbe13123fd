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
import io.ovdfailover.embedded.CrdManifests;
import io.ovdfailover.embedded.EmbeddedApiServer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process. Against a cluster it uses the usual client configuration (in-cluster
 * service account, KUBECONFIG or ~/.kube/config). With {@code --embedded} it first starts the
 * in-memory API server on 127.0.0.1, installs the CRDs, writes a kubeconfig for kubectl and
 * operates on that: nothing leaves the loopback interface.
 */
public final class OperatorMain {
  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(OperatorSettings.usage());
      return;
    }
    // before the first logger exists: logback reads its configuration once
    if ("json".equalsIgnoreCase(OperatorSettings.logFormat(args, System.getenv()))
        && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    OperatorSettings settings;
    try {
      settings = OperatorSettings.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("ovd-failover-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    Running running;
    try {
      running = start(settings, System.out);
    } catch (Exception e) {
      LoggerFactory.getLogger(OperatorMain.class).error("could not start: {}", e.toString(), e);
      System.err.println("ovd-failover-operator: could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.close();
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
    private EmbeddedApiServer embedded;
    private Path kubeconfig;

    public OperatorRuntime operator() {
      return operator;
    }

    public HealthServer health() {
      return health;
    }

    public EmbeddedApiServer embedded() {
      return embedded;
    }

    public Path kubeconfig() {
      return kubeconfig;
    }

    private <T extends AutoCloseable> T add(T part) {
      parts.push(part);
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
   * plain-http API server (such as another process's embedded one): see {@link
   * EmbeddedApiServer#newClient()}.
   */
  static io.fabric8.kubernetes.client.Config kubeConfig() {
    io.fabric8.kubernetes.client.Config found =
        io.fabric8.kubernetes.client.Config.autoConfigure(null);
    if (found.getMasterUrl() != null && found.getMasterUrl().startsWith("http://")) {
      return new io.fabric8.kubernetes.client.ConfigBuilder(found).withHttp2Disable(true).build();
    }
    return found;
  }

  public static Running start(OperatorSettings settings, PrintStream console) throws Exception {
    Logger log = LoggerFactory.getLogger(OperatorMain.class);
    Running running = new Running();
    try {
      KubernetesClient client;
      if (settings.embedded()) {
        running.embedded = running.add(EmbeddedApiServer.start(settings.embeddedPort()));
        client = running.add(running.embedded.newClient());
        CrdManifests.install(client);
        running.kubeconfig = running.embedded.writeKubeconfig(settings.kubeconfigOut());
        log.info(
            "embedded API server on {} (in memory, no authentication), CRDs installed, kubeconfig {}",
            running.embedded.url(),
            running.kubeconfig);
      } else {
        client = running.add(new KubernetesClientBuilder().withConfig(kubeConfig()).build());
        log.info("API server {}", client.getMasterUrl());
        List<String> missing = CrdManifests.missing(client);
        if (!missing.isEmpty()) {
          throw new IllegalStateException(
              "the cluster has no CRD "
                  + String.join(", ", missing)
                  + ": install them "
                  + "first (kubectl apply -f operator/target/classes/META-INF/fabric8/), or try --embedded");
        }
      }
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      running.add(registry::close);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new JvmGcMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      // up before the operator, so that /healthz answers (and /readyz says 503) while informers
      // sync;
      // embedded: loopback only; in a cluster: every interface, for the kubelet's probes and
      // Prometheus
      InetAddress bind = settings.embedded() ? InetAddress.getLoopbackAddress() : null;
      running.health =
          running.add(
              HealthServer.start(
                  bind,
                  settings.metricsPort(),
                  () -> running.operator != null && running.operator.started(),
                  registry));
      log.info("health and metrics on port {}: /healthz /readyz /metrics", running.health.port());
      running.operator = running.add(OperatorRuntime.start(client, settings, registry));
      if (settings.embedded()) {
        printTryIt(console, running);
      }
      return running;
    } catch (Exception | Error e) {
      running.close();
      throw e;
    }
  }

  private static void printTryIt(PrintStream console, Running running) {
    console.println();
    console.println(
        "The operator runs against an embedded API server at "
            + running.embedded.url()
            + " (in memory, no authentication, lost on exit).");
    console.println("Try it from the project directory in another shell:");
    console.println();
    console.println("  export KUBECONFIG=" + running.kubeconfig);
    console.println("  kubectl apply --validate=false -f deploy/samples/lab/");
    console.println("  kubectl get ovdclusters -o wide");
    console.println("  kubectl get ovdnodes");
    console.println("  kubectl describe ovdcluster lab");
    console.println(
        "  curl -s http://127.0.0.1:" + running.health.port() + "/metrics | grep operator_sdk");
    console.println();
    console.println("Stop with Ctrl-C.");
    console.flush();
  }
}
