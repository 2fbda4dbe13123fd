package io.ovdfailover.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovdfailover.api.crd.CrdManifests;
import io.ovdfailover.bench.hosts.SimulatedHosts;
import io.ovdfailover.bench.hosts.Traffic;
import io.ovdfailover.bench.measure.MetricsText;
import io.ovdfailover.bench.measure.ProcStats;
import io.ovdfailover.bench.measure.Sample;
import io.ovdfailover.embedded.EmbeddedApiServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * One measured run: a fresh embedded API server, N labs on simulated hosts, the operator started on
 * them; wait until every cluster is Ready, then sample for the given time and summarise. Every run
 * has its own API server, hosts and operator process, so runs do not see each other.
 */
final class Scenario {
  /** JOSDK's reconcile timer (a percentile histogram), per controller. */
  private static final double MIB = 1024 * 1024;

  static final String RECONCILE_TIMER = "operator_sdk_controllers_execution_reconcile_seconds";

  record Run(
      String name,
      int clusters,
      int nodes,
      String operatorCommand,
      String jvmFlags,
      double secondsToReady,
      List<Sample> warmUp,
      List<Sample> measured,
      TreeMap<Double, Double> clusterLatency,
      TreeMap<Double, Double> nodeLatency,
      Traffic traffic,
      Map<String, String> notReady,
      boolean operatorDied) {}

  private final Options options;
  private final ChartSettings chart;

  Scenario(Options options, ChartSettings chart) {
    this.options = options;
    this.chart = chart;
  }

  Run run(String name, int clusters, Duration duration, PrintStream console) throws Exception {
    Path out = options.out();
    Files.createDirectories(out);
    KeyPair operatorKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    try (EmbeddedApiServer server = EmbeddedApiServer.start(0);
        KubernetesClient client = server.newClient();
        SimulatedHosts hosts = SimulatedHosts.start(operatorKey.getPublic())) {
      CrdManifests.install(client);
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(Bench100.OPERATOR_NAMESPACE)
                  .endMetadata()
                  .build())
          .create();
      Fleet fleet =
          new Fleet(client, hosts, options.repo(), options.suite(), openSshPrivateKey(operatorKey));
      fleet.create(clusters);
      Path kubeconfig = server.writeKubeconfig(out.resolve(name + "-kubeconfig.yaml"));
      console.printf(
          "[%s] %d clusters, %d simulated hosts; starting the operator%n",
          name, clusters, clusters * 5);
      List<Sample> warmUp = new ArrayList<>();
      List<Sample> measured = new ArrayList<>();
      long started = System.nanoTime();
      try (OperatorProcess operator =
          OperatorProcess.start(
              options.repo(),
              chart,
              kubeconfig,
              out.resolve(name + "-operator.log"),
              options.operatorJvm(),
              options.operatorEnv())) {
        String flags = operator.jcmd("VM.flags");
        // until every cluster is Ready (or the time allowed for it is up)
        double toReady = Double.NaN;
        long deadline = started + options.readyTimeout().toNanos();
        while (System.nanoTime() < deadline && operator.alive()) {
          Thread.sleep(2000);
          long ready = fleet.ready();
          if (ready == clusters) {
            toReady = (System.nanoTime() - started) / 1e9;
            break;
          }
        }
        Map<String, String> notReady = Double.isNaN(toReady) ? fleet.notReady() : Map.of();
        console.printf(
            "[%s] %s; measuring for %s%n",
            name,
            Double.isNaN(toReady)
                ? "NOT all Ready after "
                    + options.readyTimeout()
                    + ": "
                    + notReady.size()
                    + " not Ready"
                : "all Ready after " + Math.round(toReady) + " s",
            duration);
        // with -XX:NativeMemoryTracking, what the JVM's own areas did over the measurement
        boolean nmt = flags.contains("NativeMemoryTracking=summary");
        if (nmt) {
          operator.jcmd("VM.native_memory", "baseline");
        }
        Sample first = sample(operator, hosts, fleet, started, true);
        MetricsText firstScrape = lastScrape;
        measured.add(first);
        long end = System.nanoTime() + duration.toNanos();
        long every = options.sample().toNanos();
        long next = System.nanoTime() + every;
        while (System.nanoTime() < end && operator.alive()) {
          Thread.sleep(Math.max(1, (next - System.nanoTime()) / 1_000_000));
          next += every;
          boolean last = System.nanoTime() + every >= end;
          Sample s = sample(operator, hosts, fleet, started, last);
          measured.add(s);
          if (measured.size() % Math.max(1, (int) (60_000_000_000L / every)) == 0) {
            console.printf(
                "[%s] t=%4.0fs rss=%5.1f MiB heap=%5.1f/%5.1f MiB threads=%d ready=%d/%d%n",
                name,
                s.t(),
                s.rss() / MIB,
                s.heapUsed() / MIB,
                s.heapCommitted() / MIB,
                s.threads(),
                s.ready(),
                clusters);
          }
        }
        MetricsText lastMetrics = lastScrape;
        boolean died = !operator.alive();
        if (!died && nmt) {
          Files.writeString(
              out.resolve(name + "-native-memory.txt"),
              operator.jcmd("VM.native_memory", "summary.diff", "scale=KB"));
        }
        if (!died && options.diagnostics()) {
          // forces a full collection: taken after the last sample, so it does not disturb them
          Files.writeString(
              out.resolve(name + "-class-histogram.txt"), operator.jcmd("GC.class_histogram"));
          Files.writeString(out.resolve(name + "-threads.txt"), operator.jcmd("Thread.print"));
        }
        Files.writeString(out.resolve(name + "-vm-flags.txt"), flags);
        Files.writeString(out.resolve(name + "-metrics.txt"), lastScrapeText);
        return new Run(
            name,
            clusters,
            clusters * 5,
            operator.command(),
            flags,
            toReady,
            warmUp,
            measured,
            latency(firstScrape, lastMetrics, "ovdfailovercluster"),
            latency(firstScrape, lastMetrics, "clusternode"),
            hosts.traffic(),
            notReady,
            died);
      }
    }
  }

  /** The metrics of the latest sample (the first and last frame the latency window). */
  private MetricsText lastScrape = MetricsText.parse("");

  /** Its text, kept for the results (NAME-metrics.txt). */
  private String lastScrapeText = "";

  /** When /metrics was last read (System.nanoTime()), or 0. */
  private long scrapedAt;

  /**
   * /proc at every sample; /metrics as often as the chart's ServiceMonitor would scrape it (each
   * scrape costs the operator CPU), and at the window's first and last sample, which frame the
   * latency figures.
   */
  private Sample sample(
      OperatorProcess operator, SimulatedHosts hosts, Fleet fleet, long started, boolean scrape)
      throws IOException {
    double t = (System.nanoTime() - started) / 1e9;
    ProcStats proc = ProcStats.of(operator.pid());
    if (scrape
        || System.nanoTime() - scrapedAt
            >= java.util.concurrent.TimeUnit.SECONDS.toNanos(chart.scrapeIntervalSeconds())) {
      String text = operator.scrape();
      if (text != null) {
        lastScrape = MetricsText.parse(text);
        lastScrapeText = text;
        scrapedAt = System.nanoTime();
      }
    }
    MetricsText m = lastScrape;
    Predicate<Map<String, String>> heap = l -> "heap".equals(l.get("area"));
    Predicate<Map<String, String>> nonHeap = l -> "nonheap".equals(l.get("area"));
    return new Sample(
        t,
        proc.rssBytes(),
        proc.rssAnonBytes(),
        proc.threads(),
        proc.cpuSeconds(),
        m.sum("jvm_memory_used_bytes", heap),
        m.sum("jvm_memory_committed_bytes", heap),
        m.sum("jvm_memory_used_bytes", nonHeap),
        m.sum("jvm_gc_live_data_size_bytes"),
        m.sum(RECONCILE_TIMER + "_count", controller("ovdfailovercluster")),
        m.sum(RECONCILE_TIMER + "_count", controller("clusternode")),
        m.sum("ovd_ssh_commands_total", l -> "true".equals(l.get("mutating"))),
        m.sum("ovd_ssh_commands_total", l -> "false".equals(l.get("mutating"))),
        hosts.openConnections(),
        hosts.traffic().counts(),
        fleet.ready());
  }

  private static Predicate<Map<String, String>> controller(String name) {
    return l -> name.equals(l.get("controller"));
  }

  private static TreeMap<Double, Double> latency(
      MetricsText before, MetricsText after, String controller) {
    return io.ovdfailover.bench.measure.Histograms.delta(
        before.buckets(RECONCILE_TIMER, controller(controller)),
        after.buckets(RECONCILE_TIMER, controller(controller)));
  }

  /** The key as the operator's Secret holds it: OpenSSH's private key format, unencrypted. */
  static String openSshPrivateKey(KeyPair key) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "bench", null, b);
    return b.toString(StandardCharsets.UTF_8);
  }
}
