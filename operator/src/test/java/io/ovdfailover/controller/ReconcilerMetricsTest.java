package io.ovdfailover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.converge.EventRecorder;
import io.ovdfailover.converge.HostDriver;
import io.ovdfailover.metrics.OvdMetric;
import io.ovdfailover.metrics.OvdMetrics;
import io.ovdfailover.testsupport.MutableClock;
import io.ovdfailover.testsupport.Reconciling;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster metrics as the reconciler keeps them: gauges from the status of each reconcile, an
 * unplanned failover counted only for a move the operator did not make, a test's switchover
 * recorded once, and nothing left of a deleted cluster.
 */
class ReconcilerMetricsTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T05:00:00Z"));
  final HostDriver driver = mock(HostDriver.class);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final OvdFailoverClusterReconciler reconciler =
      new OvdFailoverClusterReconciler(
          ReconcilerDrivesHostsTest.SETTINGS,
          mock(EventRecorder.class),
          clock,
          id -> {},
          driver,
          new OvdMetrics(registry));

  final Context<OvdFailoverCluster> context = Reconciling.clusterContext();

  OvdFailoverCluster cluster;

  @BeforeEach
  void setUp() {
    cluster = Reconciling.labCluster();
    reconciler.overrideInterimStatusWriter((c, s) -> {});
  }

  void hostsShow(UnaryOperator<String> edit) throws Exception {
    when(driver.pass(any(), any(), any()))
        .thenReturn(Reconciling.converged(ReconcilerFailoverTestsTest.crm(edit)));
  }

  void reconcile() {
    Reconciling.reconcile(reconciler, cluster, context);
  }

  double gauge(OvdMetric metric, String... tags) {
    return registry
        .get(metric.meterName())
        .tags("namespace", "ns", "cluster", "lab")
        .tags(tags)
        .gauge()
        .value();
  }

  double unplanned() {
    return registry
        .get(OvdMetric.UNPLANNED_FAILOVERS.meterName())
        .tags("namespace", "ns", "cluster", "lab")
        .counter()
        .count();
  }

  long switchovers() {
    return registry
        .get(OvdMetric.FAILOVER_TEST_SWITCHOVER.meterName())
        .tags("namespace", "ns", "cluster", "lab")
        .summary()
        .count();
  }

  @Test
  void gaugesFollowTheStatusOfEachReconcile() throws Exception {
    hostsShow(x -> x);
    reconcile();
    assertThat(gauge(OvdMetric.CLUSTER_PHASE, "phase", "Ready")).isEqualTo(1);
    assertThat(gauge(OvdMetric.CLUSTER_READY)).isEqualTo(1);
    assertThat(gauge(OvdMetric.CLUSTER_ACTIVE_NODE, "node", "osm1")).isEqualTo(1);
    // the mocked pass carries no host facts: status, and so the gauge, shows the node unreached
    assertThat(cluster.getStatus().nodes.get(0).reachable).isFalse();
    assertThat(gauge(OvdMetric.NODE_REACHABLE, "node", "pcs3")).isZero();

    hostsShow(ReconcilerFailoverTestsTest::osm1Offline);
    reconcile();
    assertThat(gauge(OvdMetric.CLUSTER_PHASE, "phase", "Ready")).isZero();
    assertThat(gauge(OvdMetric.CLUSTER_PHASE, "phase", "Degraded")).isEqualTo(1);
    assertThat(gauge(OvdMetric.CLUSTER_READY)).isZero();
    assertThat(gauge(OvdMetric.CLUSTER_ACTIVE_NODE, "node", "osm1")).isZero();
    assertThat(gauge(OvdMetric.CLUSTER_ACTIVE_NODE, "node", "osm2")).isEqualTo(1);
  }

  @Test
  void aMovePacemakerMadeCountsOnceAndTheOperatorsOwnTestNot() throws Exception {
    hostsShow(x -> x);
    reconcile();
    assertThat(unplanned()).isZero();

    // the operator's test: osm1 -> osm2, timed
    when(driver.failoverTest(any(), any(), any(), any(), any()))
        .thenAnswer(a -> ReconcilerFailoverTestsTest.outcome(a.getArgument(3), "Succeeded", 4.2));
    cluster.getSpec().failoverTest.requestId = "drill-1";
    reconcile();
    hostsShow(ReconcilerFailoverTestsTest::onOsm2);
    reconcile();
    reconcile();
    assertThat(switchovers()).isEqualTo(1);
    assertThat(unplanned()).isZero();
    assertThat(gauge(OvdMetric.FAILOVER_TEST_LAST_SUCCESS))
        .isEqualTo(Instant.parse("2026-11-22T05:00:07Z").getEpochSecond());

    // then Pacemaker moves them back on its own, seen in two steps (no active node in between)
    hostsShow(ReconcilerFailoverTestsTest::osm2Offline);
    reconcile();
    reconcile();
    assertThat(unplanned()).isEqualTo(1);
    assertThat(switchovers()).isEqualTo(1);
  }

  @Test
  void aDeletedClusterLeavesNoSeries() throws Exception {
    hostsShow(x -> x);
    reconcile();
    assertThat(registry.getMeters()).isNotEmpty();
    reconciler.cleanup(cluster, context);
    assertThat(registry.getMeters()).noneMatch(m -> "lab".equals(m.getId().getTag("cluster")));
  }
}
