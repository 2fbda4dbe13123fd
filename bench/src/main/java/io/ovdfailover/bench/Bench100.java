package io.ovdfailover.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ovdfailover.app.OperatorMain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * "One operator, a hundred clusters" (issue #18): the production operator jar, in its own JVM with
 * the chart's memory settings, against the embedded API server and one simulated host per
 * ClusterNode. First one cluster idle, then N clusters under their steady load; prints a table and
 * writes target/bench100/*.json. See docs/performance.md for the method and the figures.
 *
 * <p>{@code mvn -B -o -pl bench -am verify -Pbench100 -DskipTests [-Dbench.duration=2m]
 * [-Dbench.clusters=100] [-Dbench.idle=2m]}
 */
public final class Bench100 {
  /** Where the operator's leader-election Lease lives, as the chart's release namespace would. */
  static final String OPERATOR_NAMESPACE = "ovd-failover-operator";

  private Bench100() {}

  public static void main(String[] args) throws Exception {
    // before the first logger: the operator jar on the classpath brings its own logback.xml
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-bench.xml");
    }
    CommandLine commandLine = Options.commandLine();
    Optional<Options> parsed =
        OperatorMain.parseOrExit("Bench100", commandLine, args, p -> Options.of(commandLine));
    if (parsed.isEmpty()) {
      return; // --help, printed
    }
    List<Summary> summaries = run(parsed.get(), System.out);
    boolean clean = summaries.stream().allMatch(Summary::clean);
    System.exit(clean ? 0 : 1);
  }

  /** Runs the idle and the loaded scenario; prints and writes their results. */
  static List<Summary> run(Options options, PrintStream console) throws Exception {
    ChartSettings chart = ChartSettings.read(options.repo());
    Files.createDirectories(options.out());
    Map<String, Object> machine = machine(options.repo());
    console.println("machine: " + machine);
    List<Summary> summaries = new ArrayList<>();
    ObjectMapper json =
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    List<Scenario.Run> runs = new ArrayList<>();
    if (!options.idle().isZero()) {
      runs.add(new Scenario(options, chart).run("idle-1", 1, options.idle(), console));
      summaries.add(Summary.of(runs.get(runs.size() - 1)));
    }
    if (options.clusters() > 0 && !options.duration().isZero()) {
      String name = "load-" + options.clusters();
      runs.add(
          new Scenario(options, chart).run(name, options.clusters(), options.duration(), console));
      summaries.add(Summary.of(runs.get(runs.size() - 1)));
    }
    machine.put("loadAverageAtEnd", loadAverage());
    for (int i = 0; i < runs.size(); i++) {
      Scenario.Run r = runs.get(i);
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("summary", summaries.get(i));
      one.put("operatorCommand", r.operatorCommand());
      one.put("samples", r.measured());
      json.writeValue(options.out().resolve(r.name() + ".json").toFile(), one);
    }
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("machine", machine);
    all.put("chart", chart);
    all.put("summaries", summaries);
    json.writeValue(options.out().resolve("summary.json").toFile(), all);
    console.println();
    console.print(table(summaries));
    for (Summary s : summaries) {
      if (!s.clean()) {
        console.println(
            "NOT CLEAN "
                + s.name()
                + ": notReady="
                + s.notReady()
                + " mutating="
                + s.mutatingCommands()
                + " unknown="
                + s.unknownCommands()
                + " "
                + s.unknownScripts().keySet()
                + " unrecorded="
                + s.unrecordedFacts()
                + (s.operatorDied() ? " OPERATOR DIED" : ""));
      }
    }
    console.println("results: " + options.out());
    return summaries;
  }

  /** The figures side by side, one column per run. */
  static String table(List<Summary> summaries) {
    StringBuilder t = new StringBuilder();
    row(t, "", summaries, s -> s.name() + " (" + s.clusters() + " cl, " + s.nodes() + " nodes)");
    row(
        t,
        "measured / to Ready (s)",
        summaries,
        s -> f0(s.measuredSeconds()) + " / " + f0(s.secondsToReady()));
    row(
        t,
        "RSS first / last min (MiB)",
        summaries,
        s -> f1(s.rssFirstMb()) + " / " + f1(s.rssLastMb()));
    row(t, "RSS max (MiB)", summaries, s -> f1(s.rssMaxMb()));
    row(
        t,
        "heap used avg / max (MiB)",
        summaries,
        s -> f1(s.heapUsedAvgMb()) + " / " + f1(s.heapUsedMaxMb()));
    row(
        t,
        "heap committed last / max (MiB)",
        summaries,
        s -> f1(s.heapCommittedLastMb()) + " / " + f1(s.heapCommittedMaxMb()));
    row(
        t,
        "old gen live first / last (MiB)",
        summaries,
        s -> f1(s.liveDataFirstMb()) + " / " + f1(s.liveDataLastMb()));
    row(t, "non-heap (MiB)", summaries, s -> f1(s.nonHeapLastMb()));
    row(t, "threads min / max", summaries, s -> s.threadsMin() + " / " + s.threadsMax());
    row(
        t,
        "CPU avg / first / last (cores)",
        summaries,
        s -> f3(s.cpuCoresAvg()) + " / " + f3(s.cpuCoresFirst()) + " / " + f3(s.cpuCoresLast()));
    row(t, "cluster reconciles / min", summaries, s -> f1(s.clusterReconcilesPerMinute()));
    row(t, "CPU per cluster reconcile (ms)", summaries, s -> f1(s.cpuMsPerClusterReconcile()));
    row(
        t,
        "cluster reconcile p50 / p99 (ms)",
        summaries,
        s -> f1(s.clusterReconcileP50Ms()) + " / " + f1(s.clusterReconcileP99Ms()));
    row(
        t,
        "node reconcile p50 / p99 (ms)",
        summaries,
        s -> f1(s.nodeReconcileP50Ms()) + " / " + f1(s.nodeReconcileP99Ms()));
    row(t, "SSH connections open", summaries, s -> Integer.toString(s.sshConnectionsOpen()));
    row(
        t,
        "SSH logins / key checks in window",
        summaries,
        s -> s.sshLoginsDuringWindow() + " / " + s.sshHandshakesOnlyDuringWindow());
    row(
        t,
        "facts probes / glances per min",
        summaries,
        s -> f1(s.factsProbesPerMinute()) + " / " + f1(s.glancesPerMinute()));
    row(
        t,
        "mutating / unknown commands",
        summaries,
        s -> f0(s.mutatingCommands()) + " / " + s.unknownCommands());
    return t.toString();
  }

  private static void row(
      StringBuilder t, String label, List<Summary> s, Function<Summary, String> f) {
    t.append(String.format("%-36s", label));
    for (Summary x : s) {
      t.append(String.format(" | %-30s", f.apply(x)));
    }
    t.append('\n');
  }

  private static String f0(double v) {
    return Double.isNaN(v) ? "-" : String.format("%.0f", v);
  }

  private static String f1(double v) {
    return Double.isNaN(v) ? "-" : String.format("%.1f", v);
  }

  private static String f3(double v) {
    return Double.isNaN(v) ? "-" : String.format("%.3f", v);
  }

  /** nproc, free -g, load, date, commit: where the figures come from. */
  static Map<String, Object> machine(Path repo) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("date", Instant.now().toString());
    m.put("nproc", Runtime.getRuntime().availableProcessors());
    m.put("freeG", command(repo, "free", "-g"));
    m.put("loadAverageAtStart", loadAverage());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("commit", command(repo, "git", "rev-parse", "--short", "HEAD").strip());
    return m;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "?";
    }
  }

  private static String command(Path dir, String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }
}
