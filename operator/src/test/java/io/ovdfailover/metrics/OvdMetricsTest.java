package io.ovdfailover.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ovdfailover.api.ConditionType;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.FailoverTestResult;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterStatus;
import io.ovdfailover.api.OvdFailoverClusterStatus.NodeSummary;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.testsupport.Samples;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OvdMetricsTest {
  final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final OvdMetrics metrics = new OvdMetrics(prometheus);
  final OvdFailoverCluster cluster = Samples.cluster("ovd-prod", "osm");

  /** The scrape's value of one series, e.g. {@code ovd_cluster_ready{cluster="osm",...}}. */
  double value(String name, String... labels) {
    String scrape = prometheus.scrape();
    for (String line : scrape.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      String series = line.substring(0, line.lastIndexOf(' '));
      if (Arrays.stream(labels).allMatch(l -> series.contains(l))) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError(name + " " + List.of(labels) + " not in the scrape:\n" + scrape);
  }

  /** The distinct series names of the operator's own metrics in the scrape. */
  Set<String> ovdSeries() {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^(ovd_[a-z_]+)[{ ]").matcher(prometheus.scrape());
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  OvdFailoverClusterStatus ready(String active) {
    OvdFailoverClusterStatus s = new OvdFailoverClusterStatus();
    s.phase = "Ready";
    s.activeNode = active;
    Conditions.set(
        s.conditions,
        ConditionType.Ready,
        true,
        "Converged",
        "converged",
        1L,
        Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    s.nodes = new ArrayList<>();
    for (String n : Samples.NODE_NAMES) {
      NodeSummary node = new NodeSummary();
      node.name = n;
      node.reachable = true;
      s.nodes.add(node);
    }
    return s;
  }

  static FailoverTestResult test(String result, String end, Double switchover) {
    FailoverTestResult t = new FailoverTestResult();
    t.requestId = "t-" + end;
    t.result = result;
    t.startTime = end;
    t.endTime = end;
    t.switchoverSeconds = switchover;
    return t;
  }

  @Test
  void everyMetricShowsInTheScrapeWithExactlyTheSeriesItsEnumConstantNames() throws Exception {
    cluster.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
    OvdFailoverClusterStatus status = ready("osm1");
    status.sync = new OvdFailoverClusterStatus.SyncStatus();
    status.sync.lastLagSeconds = 15.6;
    metrics.clusterObserved(cluster, status);
    metrics.unplannedFailover(cluster);
    metrics.failoverTestFinished(cluster, test("Succeeded", "2026-01-02T00:00:00Z", 7.5));
    metrics.metered("ovd-prod", "osm", "osm1", new FakeShell()).run(Command.read("ok", "true"));
    HostShell down =
        metrics.metered(
            "ovd-prod", "osm", "osm2", FakeShell.failingWith(HostException.Kind.TIMEOUT));
    assertThatThrownBy(() -> down.run(Command.read("slow", "sleep 100")))
        .isInstanceOf(HostException.class);
    // as SshConnection counts them (it needs a real sshd)
    prometheus
        .counter(OvdMetric.SSH_COMMANDS.meterName(), "node", "ovd-prod/osm1", "mutating", "false")
        .increment();

    assertThat(ovdSeries()).isEqualTo(OvdMetric.allSeries());
    String scrape = prometheus.scrape();
    for (OvdMetric m : OvdMetric.values()) {
      String type =
          switch (m.type()) {
            case GAUGE -> "gauge";
            case COUNTER -> "counter";
            case HISTOGRAM, TIMER -> "histogram";
          };
      assertThat(scrape).as(m.name()).contains("# TYPE " + m.prometheusName() + " " + type + "\n");
      assertThat(scrape).as(m.name()).contains("# HELP " + m.prometheusName() + " ");
    }
    assertThat(scrape)
        .contains("ovd_sync_lag_seconds{cluster=\"osm\",namespace=\"ovd-prod\"} 15.6");
  }

  @Test
  void phaseIsOneSeriesPerPhaseWithOneForTheCurrentOne() {
    metrics.clusterObserved(cluster, ready("osm1"));
    assertThat(
            value(
                "ovd_cluster_phase",
                "phase=\"Ready\"",
                "cluster=\"osm\"",
                "namespace=\"ovd-prod\""))
        .isEqualTo(1);
    assertThat(value("ovd_cluster_phase", "phase=\"Degraded\"")).isZero();
    assertThat(value("ovd_cluster_phase", "phase=\"Converging\"")).isZero();
    assertThat(value("ovd_cluster_ready", "cluster=\"osm\"")).isEqualTo(1);

    OvdFailoverClusterStatus degraded = ready("osm1");
    degraded.phase = "Degraded";
    Conditions.set(
        degraded.conditions,
        ConditionType.Ready,
        false,
        "NodeOffline",
        "osm2 is offline",
        1L,
        Clock.systemUTC());
    metrics.clusterObserved(cluster, degraded);
    assertThat(value("ovd_cluster_phase", "phase=\"Ready\"")).isZero();
    assertThat(value("ovd_cluster_phase", "phase=\"Degraded\"")).isEqualTo(1);
    assertThat(value("ovd_cluster_ready", "cluster=\"osm\"")).isZero();
  }

  @Test
  void activeNodeIsOneOnTheActiveSessionManagerAndZeroOnTheOther() {
    metrics.clusterObserved(cluster, ready("osm1"));
    assertThat(value("ovd_cluster_active_node", "node=\"osm1\"")).isEqualTo(1);
    assertThat(value("ovd_cluster_active_node", "node=\"osm2\"")).isZero();

    metrics.clusterObserved(cluster, ready("osm2"));
    assertThat(value("ovd_cluster_active_node", "node=\"osm1\"")).isZero();
    assertThat(value("ovd_cluster_active_node", "node=\"osm2\"")).isEqualTo(1);

    metrics.clusterObserved(cluster, ready(null));
    assertThat(value("ovd_cluster_active_node", "node=\"osm1\"")).isZero();
    assertThat(value("ovd_cluster_active_node", "node=\"osm2\"")).isZero();
    // quorum nodes never run the resources: no series for them
    assertThat(prometheus.scrape())
        .doesNotContain(
            "ovd_cluster_active_node{cluster=\"osm\",namespace=\"ovd-prod\",node=\"pcs3\"}");
  }

  @Test
  void aSessionManagerRenamedInTheSpecLeavesNoStaleSeries() {
    metrics.clusterObserved(cluster, ready("osm1"));
    cluster.getSpec().sessionManagers.get(1).name = "osm9";
    metrics.clusterObserved(cluster, ready("osm1"));
    assertThat(prometheus.scrape().lines().filter(l -> l.startsWith("ovd_cluster_active_node{")))
        .hasSize(2)
        .anyMatch(l -> l.contains("node=\"osm9\""))
        .noneMatch(l -> l.contains("node=\"osm2\""));
  }

  @Test
  void nodeReachableFollowsStatusAndAnUnprobedNodeHasNoSeries() {
    OvdFailoverClusterStatus s = ready("osm1");
    s.nodes.get(1).reachable = false;
    s.nodes.get(4).reachable = null;
    metrics.clusterObserved(cluster, s);
    assertThat(value("ovd_node_reachable", "node=\"osm1\"")).isEqualTo(1);
    assertThat(value("ovd_node_reachable", "node=\"osm2\"")).isZero();
    assertThat(prometheus.scrape()).doesNotContain("node=\"dbmy\"");
  }

  @Test
  void unplannedFailoversCountFromZeroOnceTheClusterIsObserved() {
    metrics.clusterObserved(cluster, ready("osm1"));
    assertThat(value("ovd_cluster_unplanned_failovers_total", "cluster=\"osm\"")).isZero();
    metrics.unplannedFailover(cluster);
    metrics.unplannedFailover(cluster);
    assertThat(value("ovd_cluster_unplanned_failovers_total", "cluster=\"osm\"")).isEqualTo(2);
  }

  @Test
  void switchoverAndClientDowntimeAreRecordedPerTestWhenMeasured() {
    metrics.clusterObserved(cluster, ready("osm1"));
    FailoverTestResult first = test("Succeeded", "2026-01-02T00:00:00Z", 7.2);
    first.clientDowntimeSeconds = 2.3;
    metrics.failoverTestFinished(cluster, first);
    // the resources moved in 25 s, a later check failed the test: the switchover still counts
    metrics.failoverTestFinished(cluster, test("Failed", "2026-01-03T00:00:00Z", 25.0));
    // refused: nothing moved
    metrics.failoverTestFinished(cluster, test("Refused", "2026-01-04T00:00:00Z", null));
    assertThat(value("ovd_failover_test_switchover_seconds_count", "cluster=\"osm\"")).isEqualTo(2);
    assertThat(value("ovd_failover_test_switchover_seconds_sum", "cluster=\"osm\""))
        .isEqualTo(32.2);
    assertThat(value("ovd_failover_test_switchover_seconds_bucket", "le=\"10.0\"")).isEqualTo(1);
    assertThat(value("ovd_failover_test_switchover_seconds_bucket", "le=\"30.0\"")).isEqualTo(2);
    assertThat(value("ovd_failover_test_switchover_seconds_bucket", "le=\"+Inf\"")).isEqualTo(2);
    // only the first test's probe measured it
    assertThat(value("ovd_failover_test_client_downtime_seconds_count", "cluster=\"osm\""))
        .isEqualTo(1);
    assertThat(value("ovd_failover_test_client_downtime_seconds_sum", "cluster=\"osm\""))
        .isEqualTo(2.3);
  }

  @Test
  void lastSuccessIsTheLatestSucceededTestInStatusOrZero() {
    OvdFailoverClusterStatus s = ready("osm1");
    metrics.clusterObserved(cluster, s);
    assertThat(value("ovd_failover_test_last_success_timestamp_seconds", "cluster=\"osm\""))
        .isZero();

    s.failoverTestHistory =
        new ArrayList<>(
            List.of(
                test("Failed", "2026-03-01T00:00:00Z", null),
                test("Succeeded", "2026-02-01T10:00:00Z", 6.0),
                test("Succeeded", "2026-01-01T10:00:00Z", 6.0)));
    s.lastFailoverTest = s.failoverTestHistory.get(0);
    metrics.clusterObserved(cluster, s);
    assertThat(value("ovd_failover_test_last_success_timestamp_seconds", "cluster=\"osm\""))
        .isEqualTo(Instant.parse("2026-02-01T10:00:00Z").getEpochSecond());
  }

  @Test
  void createdIsTheResourcesCreationTime() {
    cluster.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
    metrics.clusterObserved(cluster, ready("osm1"));
    assertThat(value("ovd_cluster_created_timestamp_seconds", "cluster=\"osm\""))
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());
  }

  @Test
  void sshCommandsAreTimedAndFailuresToRunCountedByReasonButNotNonZeroExits() throws Exception {
    SimpleMeterRegistry simple = new SimpleMeterRegistry();
    OvdMetrics m = new OvdMetrics(simple);
    FakeShell fake = new FakeShell();
    HostShell shell = m.metered("ovd-prod", "osm", "osm1", fake);
    assertThat(shell.nodeName()).isEqualTo("osm1");
    shell.run(Command.read("ok", "true"));
    fake.exitCode = 1;
    assertThatThrownBy(() -> shell.runChecked(Command.read("fails", "false")))
        .isInstanceOf(HostException.class);
    fake.failing = HostException.Kind.UNREACHABLE;
    assertThatThrownBy(() -> shell.run(Command.read("down", "true")))
        .isInstanceOf(HostException.class);
    assertThatThrownBy(() -> shell.run(Command.read("down", "true")))
        .isInstanceOf(HostException.class);

    var timer =
        simple
            .get(OvdMetric.SSH_COMMAND_DURATION.meterName())
            .tags("namespace", "ovd-prod", "cluster", "osm", "node", "osm1")
            .timer();
    assertThat(timer.count())
        .as("the two commands that ran, whatever their exit code")
        .isEqualTo(2);
    var errors =
        simple
            .get(OvdMetric.SSH_ERRORS.meterName())
            .tags(
                "namespace", "ovd-prod", "cluster", "osm", "node", "osm1", "reason", "Unreachable")
            .counter();
    assertThat(errors.count()).isEqualTo(2);
    assertThat(
            simple.find(OvdMetric.SSH_ERRORS.meterName()).tag("reason", "CommandFailed").counter())
        .isNull();
  }

  @Test
  void forgettingAClusterRemovesEveryOneOfItsSeriesAndNoOtherClustersOnes() throws Exception {
    OvdFailoverCluster other = Samples.cluster("ovd-lab", "osm");
    metrics.clusterObserved(cluster, ready("osm1"));
    metrics.clusterObserved(other, ready("osm2"));
    metrics.metered("ovd-prod", "osm", "osm1", new FakeShell()).run(Command.read("ok", "true"));

    metrics.forget("ovd-prod", "osm");
    assertThat(prometheus.scrape())
        .doesNotContain("namespace=\"ovd-prod\"")
        .contains("namespace=\"ovd-lab\"");
    // observed again (recreated): the series come back
    metrics.clusterObserved(cluster, ready("osm1"));
    assertThat(value("ovd_cluster_ready", "namespace=\"ovd-prod\"")).isEqualTo(1);
  }

  @Test
  void meterNamesGiveThePrometheusNamesThroughMicrometersNaming() {
    assertThat(OvdMetric.UNPLANNED_FAILOVERS.meterName())
        .isEqualTo("ovd.cluster.unplanned.failovers");
    assertThat(OvdMetric.SSH_COMMAND_DURATION.meterName()).isEqualTo("ovd.ssh.command.duration");
    assertThat(OvdMetric.SSH_COMMANDS.meterName()).isEqualTo("ovd.ssh.commands");
    assertThat(OvdMetric.CLUSTER_PHASE.meterName()).isEqualTo("ovd.cluster.phase");
    assertThat(OvdMetric.allSeries())
        .contains(
            "ovd_ssh_command_duration_seconds_bucket",
            "ovd_failover_test_switchover_seconds_count",
            "ovd_cluster_unplanned_failovers_total")
        .allMatch(n -> n.startsWith("ovd_"));
  }

  @Test
  void noneRecordsNothingAndFailsNothing() throws Exception {
    OvdMetrics none = OvdMetrics.none();
    none.clusterObserved(cluster, ready("osm1"));
    none.unplannedFailover(cluster);
    none.failoverTestFinished(cluster, test("Succeeded", "2026-01-01T00:00:00Z", 5.0));
    none.metered("ovd-prod", "osm", "osm1", new FakeShell()).run(Command.read("ok", "true"));
    none.forget("ovd-prod", "osm");
  }

  /** Answers every command with {@link #exitCode}, or fails to run it with {@link #failing}. */
  static final class FakeShell implements HostShell {
    int exitCode;
    HostException.Kind failing;

    static FakeShell failingWith(HostException.Kind kind) {
      FakeShell s = new FakeShell();
      s.failing = kind;
      return s;
    }

    @Override
    public String nodeName() {
      return "osm1";
    }

    @Override
    public CommandResult run(Command command) throws HostException {
      if (failing != null) {
        throw new HostException(failing, "osm1", "cannot run " + command.description());
      }
      return new CommandResult(exitCode, "", "", Duration.ofMillis(3));
    }
  }
}
