package io.ovdfailover.bench;

import io.ovdfailover.bench.measure.Histograms;
import io.ovdfailover.bench.measure.Sample;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The figures of one run, over its measured window (from the moment every cluster was Ready).
 * "First" and "last" are the window's first and last minute (its first and last third when it is
 * shorter than three minutes): growth is last minus first.
 */
record Summary(
    String name,
    int clusters,
    int nodes,
    double measuredSeconds,
    double secondsToReady,
    double rssFirstMb,
    double rssLastMb,
    double rssMaxMb,
    double rssAnonLastMb,
    double heapUsedAvgMb,
    double heapUsedMaxMb,
    double heapCommittedLastMb,
    double heapCommittedMaxMb,
    double liveDataFirstMb,
    double liveDataLastMb,
    double nonHeapLastMb,
    int threadsMin,
    int threadsMax,
    double cpuSeconds,
    double cpuCoresAvg,
    double cpuCoresFirst,
    double cpuCoresLast,
    double clusterReconciles,
    double clusterReconcilesPerMinute,
    double cpuMsPerClusterReconcile,
    double nodeReconciles,
    double clusterReconcileP50Ms,
    double clusterReconcileP99Ms,
    double nodeReconcileP50Ms,
    double nodeReconcileP99Ms,
    int sshConnectionsOpen,
    long sshLoginsDuringWindow,
    long sshHandshakesOnlyDuringWindow,
    double factsProbesPerMinute,
    double glancesPerMinute,
    long databaseReads,
    double mutatingCommands,
    long unknownCommands,
    Set<String> unrecordedFacts,
    Map<String, String> unknownScripts,
    Map<String, String> notReady,
    boolean operatorDied) {

  static Summary of(Scenario.Run run) {
    List<Sample> s = run.measured();
    Sample a = s.get(0);
    Sample z = s.get(s.size() - 1);
    double window = z.t() - a.t();
    double edge = window >= 180 ? 60 : window / 3;
    List<Sample> first = s.stream().filter(x -> x.t() <= a.t() + edge).toList();
    List<Sample> last = s.stream().filter(x -> x.t() >= z.t() - edge).toList();
    double cpu = z.cpuSeconds() - a.cpuSeconds();
    double reconciles = z.clusterReconciles() - a.clusterReconciles();
    var hosts = z.hosts().minus(a.hosts());
    double minutes = window / 60;
    return new Summary(
        run.name(),
        run.clusters(),
        run.nodes(),
        window,
        run.secondsToReady(),
        mb(avg(first, x -> x.rss())),
        mb(avg(last, x -> x.rss())),
        mb(max(s, x -> x.rss())),
        mb(avg(last, x -> x.rssAnon())),
        mb(avg(s, Sample::heapUsed)),
        mb(max(s, Sample::heapUsed)),
        mb(avg(last, Sample::heapCommitted)),
        mb(max(s, Sample::heapCommitted)),
        mb(avg(first, Sample::liveData)),
        mb(avg(last, Sample::liveData)),
        mb(avg(last, Sample::nonHeapUsed)),
        (int) s.stream().mapToInt(Sample::threads).min().orElse(0),
        (int) s.stream().mapToInt(Sample::threads).max().orElse(0),
        cpu,
        window > 0 ? cpu / window : Double.NaN,
        cores(first),
        cores(last),
        reconciles,
        minutes > 0 ? reconciles / minutes : Double.NaN,
        reconciles > 0 ? cpu * 1000 / reconciles : Double.NaN,
        z.nodeReconciles() - a.nodeReconciles(),
        Histograms.quantile(run.clusterLatency(), 0.50) * 1000,
        Histograms.quantile(run.clusterLatency(), 0.99) * 1000,
        Histograms.quantile(run.nodeLatency(), 0.50) * 1000,
        Histograms.quantile(run.nodeLatency(), 0.99) * 1000,
        z.openConnections(),
        hosts.authenticated(),
        hosts.connections() - hosts.authenticated(),
        minutes > 0 ? hosts.factsProbes() / minutes : Double.NaN,
        minutes > 0 ? hosts.glances() / minutes : Double.NaN,
        hosts.databaseReads(),
        z.mutatingCommands(),
        run.traffic().counts().unknown(),
        run.traffic().unrecorded(),
        run.traffic().unknownScripts(),
        run.notReady(),
        run.operatorDied());
  }

  /**
   * Whether the run's hosts saw only what a converged cluster costs: every cluster Ready, no
   * change, nothing the simulation does not know. Items missing from the recordings are reported,
   * not counted against it: dpkg prints nothing for a package it does not know, so a package absent
   * from a recording is most likely what the node would answer.
   */
  boolean clean() {
    return !operatorDied && notReady.isEmpty() && mutatingCommands == 0 && unknownCommands == 0;
  }

  private static double cores(List<Sample> part) {
    if (part.size() < 2) {
      return Double.NaN;
    }
    Sample a = part.get(0);
    Sample z = part.get(part.size() - 1);
    return (z.cpuSeconds() - a.cpuSeconds()) / (z.t() - a.t());
  }

  private static double avg(List<Sample> s, ToDoubleFunction<Sample> f) {
    return s.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  private static double max(List<Sample> s, ToDoubleFunction<Sample> f) {
    return s.stream().mapToDouble(f).max().orElse(Double.NaN);
  }

  private static double mb(double bytes) {
    return bytes / (1024 * 1024);
  }
}
