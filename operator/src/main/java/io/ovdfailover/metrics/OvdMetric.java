package io.ovdfailover.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every metric the operator exports under its own name, as Prometheus shows it. The one place these
 * names are written: the code registers meters from here, and the chart's delivery tests read
 * {@link #allSeries()} (by reflection) to check that every name in the PrometheusRule and the
 * Grafana dashboard is one the operator exports. JOSDK's {@code operator_sdk_*} and the JVM metrics
 * come on top of these.
 */
public enum OvdMetric {
  CLUSTER_PHASE(
      "ovd_cluster_phase",
      Type.GAUGE,
      "1 for the cluster's current status.phase, 0 for every other phase (kube-state-metrics"
          + " style)",
      Label.NAMESPACE,
      Label.CLUSTER,
      Label.PHASE),
  CLUSTER_READY(
      "ovd_cluster_ready",
      Type.GAUGE,
      "1 while the cluster's Ready condition is True, else 0",
      Label.NAMESPACE,
      Label.CLUSTER),
  CLUSTER_ACTIVE_NODE(
      "ovd_cluster_active_node",
      Type.GAUGE,
      "1 for the session manager running the six resources, 0 for the other (both 0 when they"
          + " do not run together anywhere)",
      Label.NAMESPACE,
      Label.CLUSTER,
      Label.NODE),
  CLUSTER_CREATED(
      "ovd_cluster_created_timestamp_seconds",
      Type.GAUGE,
      "creation time of the OvdFailoverCluster (Unix seconds): how long a cluster has existed,"
          + " e.g. before alerting that it was never tested",
      Label.NAMESPACE,
      Label.CLUSTER),
  NODE_REACHABLE(
      "ovd_node_reachable",
      Type.GAUGE,
      "1 when the node answered the last probe over SSH, 0 when it did not (status.nodes[]."
          + "reachable); absent before the first probe",
      Label.NAMESPACE,
      Label.CLUSTER,
      Label.NODE),
  UNPLANNED_FAILOVERS(
      "ovd_cluster_unplanned_failovers_total",
      Type.COUNTER,
      "times the active session manager changed without a failover test of the operator"
          + " (Pacemaker moved the resources, or someone did by hand)",
      Label.NAMESPACE,
      Label.CLUSTER),
  FAILOVER_TEST_SWITCHOVER(
      "ovd_failover_test_switchover_seconds",
      Type.HISTOGRAM,
      "seconds from the move until every resource was started on the target, per failover test"
          + " of the operator",
      Label.NAMESPACE,
      Label.CLUSTER),
  FAILOVER_TEST_CLIENT_DOWNTIME(
      "ovd_failover_test_client_downtime_seconds",
      Type.HISTOGRAM,
      "seconds a client of the Session Manager saw no answer during a failover test",
      Label.NAMESPACE,
      Label.CLUSTER),
  FAILOVER_TEST_LAST_SUCCESS(
      "ovd_failover_test_last_success_timestamp_seconds",
      Type.GAUGE,
      "end of the last successful failover test in status (Unix seconds); 0: none recorded",
      Label.NAMESPACE,
      Label.CLUSTER),
  SYNC_LAG(
      "ovd_sync_lag_seconds",
      Type.GAUGE,
      "seconds the last lsyncd canary took from the active to the passive session manager, or"
          + " how long the pending one has been on its way once later than maxLagSeconds"
          + " (spec.lsyncd.canary)",
      Label.NAMESPACE,
      Label.CLUSTER),
  SSH_COMMAND_DURATION(
      "ovd_ssh_command_duration_seconds",
      Type.TIMER,
      "time a command took over SSH, from asking for it to its exit (connecting and waiting for"
          + " a channel included); commands that failed to run count in ovd_ssh_errors_total",
      Label.NAMESPACE,
      Label.CLUSTER,
      Label.NODE),
  SSH_ERRORS(
      "ovd_ssh_errors_total",
      Type.COUNTER,
      "commands that could not be run or did not finish over SSH, by reason (Unreachable,"
          + " AuthenticationFailed, HostKeyMismatch, Timeout...); a non-zero exit code is not"
          + " one",
      Label.NAMESPACE,
      Label.CLUSTER,
      Label.NODE,
      Label.REASON),
  SSH_COMMANDS(
      "ovd_ssh_commands_total",
      Type.COUNTER,
      "commands sent over SSH; node is namespace/ClusterNode name",
      Label.NODE,
      Label.MUTATING);

  /** How a metric shows in Prometheus, which decides the series it exports. */
  public enum Type {
    GAUGE,
    COUNTER,
    /** A Micrometer DistributionSummary with buckets: _bucket, _count, _sum and _max. */
    HISTOGRAM,
    /** A Micrometer Timer with buckets: the same series as a histogram, in seconds. */
    TIMER
  }

  /** The label names the operator's metrics use. */
  public enum Label {
    /** The namespace of the OvdFailoverCluster (not the operator's). */
    NAMESPACE("namespace"),
    /** The OvdFailoverCluster's name. */
    CLUSTER("cluster"),
    /** A node's name in the cluster's topology (osm1, pcs3...). */
    NODE("node"),
    /** A value of status.phase. */
    PHASE("phase"),
    /** A HostException kind's condition reason. */
    REASON("reason"),
    MUTATING("mutating");

    private final String key;

    Label(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  private final String prometheusName;
  private final Type type;
  private final String help;
  private final List<Label> labels;

  OvdMetric(String prometheusName, Type type, String help, Label... labels) {
    this.prometheusName = prometheusName;
    this.type = type;
    this.help = help;
    this.labels = List.of(labels);
  }

  /** The name in Prometheus ({@code # TYPE} line), with its unit and {@code _total} suffix. */
  public String prometheusName() {
    return prometheusName;
  }

  public Type type() {
    return type;
  }

  public String help() {
    return help;
  }

  public List<Label> labels() {
    return labels;
  }

  /**
   * The name to register with Micrometer: dotted, without the suffix Micrometer's Prometheus naming
   * adds back ({@code _total} for counters, {@code _seconds} for timers).
   */
  public String meterName() {
    String base = prometheusName;
    if (type == Type.COUNTER) {
      base = strip(base, "_total");
    } else if (type == Type.TIMER) {
      base = strip(base, "_seconds");
    }
    return base.replace('_', '.');
  }

  /** The series names a scrape shows for this metric. */
  public List<String> series() {
    return switch (type) {
      case GAUGE, COUNTER -> List.of(prometheusName);
      case HISTOGRAM, TIMER ->
          List.of(
              prometheusName + "_bucket",
              prometheusName + "_count",
              prometheusName + "_sum",
              prometheusName + "_max");
    };
  }

  /** Every series name of every metric here. */
  public static Set<String> allSeries() {
    Set<String> all = new TreeSet<>();
    Arrays.stream(values()).forEach(m -> all.addAll(m.series()));
    return all;
  }

  private static String strip(String name, String suffix) {
    if (!name.endsWith(suffix)) {
      throw new IllegalStateException(name + " should end with " + suffix);
    }
    return name.substring(0, name.length() - suffix.length());
  }
}
