package io.ovdfailover.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.ovdfailover.api.ConditionType;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.FailoverTestResult;
import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterStatus;
import io.ovdfailover.api.OvdFailoverClusterStatus.NodeSummary;
import io.ovdfailover.api.Phase;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.metrics.OvdMetric.Label;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The operator's domain metrics ({@link OvdMetric}), per OvdFailoverCluster: what its status says
 * (phase, ready, active node, reachable nodes, last successful failover test), what happened to it
 * (unplanned failovers, failover-test switchover times) and how SSH to its nodes behaves.
 *
 * <p>Gauges follow status, written by {@link #clusterObserved} at the end of every reconcile, so
 * they are right after an operator restart too (the last successful test comes from the history in
 * status, not from this process's memory). Counters and histograms live in this process only: a
 * restart or a new leader starts them at 0, which {@code increase()} and {@code rate()} treat as a
 * counter reset.
 */
public final class OvdMetrics {
  /**
   * Switchover and downtime buckets, in seconds: the guide's bar is 10 s, Pacemaker's usual 5-30 s,
   * and a failover test gives up after a few minutes.
   */
  private static final double[] SWITCHOVER_BUCKETS = {
    1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600
  };

  /**
   * SSH command buckets: crm_mon and probes take milliseconds to a second, package installs and
   * database copies minutes.
   */
  private static final Duration[] SSH_BUCKETS =
      Stream.of(
              "PT0.01S",
              "PT0.025S",
              "PT0.05S",
              "PT0.1S",
              "PT0.25S",
              "PT0.5S",
              "PT1S",
              "PT2.5S",
              "PT5S",
              "PT10S",
              "PT30S",
              "PT60S",
              "PT120S",
              "PT300S",
              "PT600S")
          .map(Duration::parse)
          .toArray(Duration[]::new);

  private final MeterRegistry registry;

  /** The gauges registered, with the values they read at scrape time. */
  private final Map<Series, Registered> gauges = new ConcurrentHashMap<>();

  /**
   * @param registry where the meters go (the Prometheus registry behind /metrics in the operator)
   */
  public OvdMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Metrics that go nowhere: for code paths and tests that do not look at them. */
  public static OvdMetrics none() {
    // a composite with no registries hands out no-op meters
    return new OvdMetrics(new CompositeMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Sets the cluster's gauges from the status its reconcile wrote (or found unchanged), and makes
   * sure its counters and histograms exist.
   */
  public void clusterObserved(OvdFailoverCluster cluster, OvdFailoverClusterStatus status) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    Tags tags = clusterTags(ns, name);

    // kube-state-metrics style: one series per phase, 1 for the current one. An alert on
    // ovd_cluster_phase{phase="Degraded"} == 1 then needs no string matching on a value.
    for (Phase p : Phase.values()) {
      set(
          OvdMetric.CLUSTER_PHASE,
          tags.and(Label.PHASE.key(), p.name()),
          p.name().equals(status.phase));
    }
    set(OvdMetric.CLUSTER_READY, tags, Conditions.isTrue(status.conditions, ConditionType.Ready));

    // One series per session manager of the spec, so a move shows as 1 -> 0 on one node and
    // 0 -> 1 on the other instead of a series appearing and another going stale.
    Set<Tags> sessionManagers = new HashSet<>();
    List<NodeSpec> sms =
        cluster.getSpec() == null || cluster.getSpec().sessionManagers == null
            ? List.of()
            : cluster.getSpec().sessionManagers;
    for (NodeSpec n : sms) {
      Tags t = tags.and(Label.NODE.key(), n.name);
      set(OvdMetric.CLUSTER_ACTIVE_NODE, t, n.name.equals(status.activeNode));
      sessionManagers.add(t);
    }
    retain(OvdMetric.CLUSTER_ACTIVE_NODE, ns, name, sessionManagers);

    // A node not probed yet (reachable unknown) has no series: 0 means it did not answer.
    Set<Tags> probed = new HashSet<>();
    for (NodeSummary n : status.nodes == null ? List.<NodeSummary>of() : status.nodes) {
      if (n.name != null && n.reachable != null) {
        Tags t = tags.and(Label.NODE.key(), n.name);
        set(OvdMetric.NODE_REACHABLE, t, n.reachable);
        probed.add(t);
      }
    }
    retain(OvdMetric.NODE_REACHABLE, ns, name, probed);

    instant(cluster.getMetadata().getCreationTimestamp())
        .ifPresent(created -> set(OvdMetric.CLUSTER_CREATED, tags, created.getEpochSecond()));
    set(
        OvdMetric.FAILOVER_TEST_LAST_SUCCESS,
        tags,
        lastSuccess(status).map(Instant::getEpochSecond).orElse(0L));

    if (status.sync != null && status.sync.lastLagSeconds != null) {
      double lag = status.sync.lastLagSeconds;
      if (status.sync.lateSeconds != null) {
        lag = Math.max(lag, status.sync.lateSeconds);
      }
      set(OvdMetric.SYNC_LAG, tags, lag);
    } else if (status.sync != null && status.sync.lateSeconds != null) {
      set(OvdMetric.SYNC_LAG, tags, status.sync.lateSeconds);
    }

    // Registered at 0 from the first observation: Prometheus's increase() sees the first failover
    // as a change from 0; a series born at 1 would show no increase at all.
    unplannedFailovers(tags);
    switchover(tags);
    clientDowntime(tags);
  }

  /**
   * The active session manager changed without a failover test of the operator: Pacemaker moved the
   * resources (a node or resource failed), or someone did by hand.
   */
  public void unplannedFailover(OvdFailoverCluster cluster) {
    unplannedFailovers(tagsOf(cluster)).increment();
  }

  /**
   * A failover test of the operator ended (once per test). Its switchover is recorded whenever it
   * was measured, also when a later check failed the test: the resources did move in that time.
   * Refused tests moved nothing and have none.
   *
   * <p>The client-observed downtime likewise, whenever the probe through the VIP measured it.
   */
  public void failoverTestFinished(OvdFailoverCluster cluster, FailoverTestResult result) {
    if (result.switchoverSeconds != null) {
      switchover(tagsOf(cluster)).record(result.switchoverSeconds);
    }
    if (result.clientDowntimeSeconds != null) {
      clientDowntime(tagsOf(cluster)).record(result.clientDowntimeSeconds);
    }
  }

  /**
   * The node's shell, timing each command ({@link OvdMetric#SSH_COMMAND_DURATION}) and counting
   * those that could not run ({@link OvdMetric#SSH_ERRORS}).
   *
   * @param node the node's name in the cluster's topology
   */
  public HostShell metered(String namespace, String cluster, String node, HostShell shell) {
    Tags tags = clusterTags(namespace, cluster).and(Label.NODE.key(), node);
    Timer duration =
        Timer.builder(OvdMetric.SSH_COMMAND_DURATION.meterName())
            .description(OvdMetric.SSH_COMMAND_DURATION.help())
            .tags(tags)
            .serviceLevelObjectives(SSH_BUCKETS)
            .register(registry);
    return new MeteredShell(
        shell,
        duration,
        kind ->
            Counter.builder(OvdMetric.SSH_ERRORS.meterName())
                .description(OvdMetric.SSH_ERRORS.help())
                .tags(tags.and(Label.REASON.key(), kind.reason()))
                .register(registry)
                .increment());
  }

  /** A deleted cluster: every series of it goes, so that no stale value stays on a dashboard. */
  public void forget(String namespace, String cluster) {
    gauges.keySet().removeIf(s -> s.of(namespace, cluster));
    List<Meter> theirs = new ArrayList<>();
    for (Meter m : registry.getMeters()) {
      if (isOurs(m.getId())
          && namespace.equals(m.getId().getTag(Label.NAMESPACE.key()))
          && cluster.equals(m.getId().getTag(Label.CLUSTER.key()))) {
        theirs.add(m);
      }
    }
    theirs.forEach(registry::remove);
  }

  private static boolean isOurs(Meter.Id id) {
    for (OvdMetric m : OvdMetric.values()) {
      if (m.meterName().equals(id.getName())) {
        return true;
      }
    }
    return false;
  }

  private Counter unplannedFailovers(Tags tags) {
    return Counter.builder(OvdMetric.UNPLANNED_FAILOVERS.meterName())
        .description(OvdMetric.UNPLANNED_FAILOVERS.help())
        .tags(tags)
        .register(registry);
  }

  private DistributionSummary switchover(Tags tags) {
    return histogram(OvdMetric.FAILOVER_TEST_SWITCHOVER, tags);
  }

  private DistributionSummary clientDowntime(Tags tags) {
    return histogram(OvdMetric.FAILOVER_TEST_CLIENT_DOWNTIME, tags);
  }

  private DistributionSummary histogram(OvdMetric metric, Tags tags) {
    return DistributionSummary.builder(metric.meterName())
        .description(metric.help())
        .tags(tags)
        .serviceLevelObjectives(SWITCHOVER_BUCKETS)
        .register(registry);
  }

  private void set(OvdMetric metric, Tags tags, boolean value) {
    set(metric, tags, value ? 1 : 0);
  }

  private void set(OvdMetric metric, Tags tags, double value) {
    gauges
        .computeIfAbsent(
            new Series(metric, tags),
            s -> {
              Value v = new Value();
              Gauge gauge =
                  Gauge.builder(metric.meterName(), v, Value::get)
                      .description(metric.help())
                      .tags(tags)
                      // the registry would otherwise hold the value weakly and lose it to GC
                      .strongReference(true)
                      .register(registry);
              return new Registered(v, gauge);
            })
        .value()
        .set(value);
  }

  /** Removes the cluster's series of {@code metric} other than {@code keep} (a node renamed). */
  private void retain(OvdMetric metric, String namespace, String cluster, Set<Tags> keep) {
    gauges
        .entrySet()
        .removeIf(
            e -> {
              Series s = e.getKey();
              if (s.metric() == metric && s.of(namespace, cluster) && !keep.contains(s.tags())) {
                registry.remove(e.getValue().gauge());
                return true;
              }
              return false;
            });
  }

  /** The end (else the start) of the latest Succeeded test in status. */
  static Optional<Instant> lastSuccess(OvdFailoverClusterStatus status) {
    List<FailoverTestResult> tests = new ArrayList<>();
    if (status.lastFailoverTest != null) {
      tests.add(status.lastFailoverTest);
    }
    if (status.failoverTestHistory != null) {
      tests.addAll(status.failoverTestHistory);
    }
    return tests.stream()
        .filter(t -> "Succeeded".equals(t.result))
        .map(t -> instant(t.endTime != null ? t.endTime : t.startTime))
        .flatMap(Optional::stream)
        .max(Instant::compareTo);
  }

  private static Optional<Instant> instant(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Tags clusterTags(String namespace, String cluster) {
    return Tags.of(Label.NAMESPACE.key(), namespace, Label.CLUSTER.key(), cluster);
  }

  private static Tags tagsOf(OvdFailoverCluster cluster) {
    return clusterTags(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
  }

  /** One gauge series: the metric and all its tags. */
  private record Series(OvdMetric metric, Tags tags) {
    boolean of(String namespace, String cluster) {
      return tags.stream()
              .anyMatch(
                  t -> t.getKey().equals(Label.NAMESPACE.key()) && t.getValue().equals(namespace))
          && tags.stream()
              .anyMatch(
                  t -> t.getKey().equals(Label.CLUSTER.key()) && t.getValue().equals(cluster));
    }
  }

  private record Registered(Value value, Gauge gauge) {}

  /** A gauge's current value, written by the reconciler and read by the scrape. */
  private static final class Value {
    private volatile double value;

    double get() {
      return value;
    }

    void set(double value) {
      this.value = value;
    }
  }

  /** Times every command and counts the ones that could not run. */
  private static final class MeteredShell implements HostShell {
    private final HostShell shell;
    private final Timer duration;
    private final java.util.function.Consumer<HostException.Kind> errors;

    MeteredShell(
        HostShell shell, Timer duration, java.util.function.Consumer<HostException.Kind> errors) {
      this.shell = shell;
      this.duration = duration;
      this.errors = errors;
    }

    @Override
    public String nodeName() {
      return shell.nodeName();
    }

    @Override
    public boolean answersNow() {
      return shell.answersNow();
    }

    @Override
    public java.util.Optional<io.ovdfailover.hosts.FactsMemory> factsMemory() {
      return shell.factsMemory();
    }

    /**
     * Only commands that ran are timed: a failure to connect returns early (or after the connect
     * timeout) and would skew the latency; it counts as an error instead.
     */
    @Override
    public io.ovdfailover.hosts.CommandResult run(io.ovdfailover.hosts.Command command)
        throws HostException {
      long start = System.nanoTime();
      try {
        io.ovdfailover.hosts.CommandResult result = shell.run(command);
        duration.record(Duration.ofNanos(System.nanoTime() - start));
        return result;
      } catch (HostException e) {
        errors.accept(e.kind());
        throw e;
      }
    }
  }
}
