package io.ovdfailover.controller;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.ovdfailover.api.AlertsSpec;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.converge.AlertEventsTest;
import io.ovdfailover.converge.EventReason;
import io.ovdfailover.converge.EventRecorder;
import io.ovdfailover.converge.GuideConverger;
import io.ovdfailover.converge.HostDriver;
import io.ovdfailover.testsupport.MutableClock;
import io.ovdfailover.testsupport.Reconciling;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Appendix 2's alert lines become Events across reconciles, each once. */
class ReconcilerAlertEventsTest {
  final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1000));
  final EventRecorder events = mock(EventRecorder.class);
  final HostDriver driver = mock(HostDriver.class);
  final OvdFailoverClusterReconciler reconciler =
      new OvdFailoverClusterReconciler(
          new ReconcileSettings(Duration.ofSeconds(45), Duration.ofSeconds(7)),
          events,
          clock,
          id -> {},
          driver);
  final Context<OvdFailoverCluster> context = Reconciling.clusterContext();

  GuideConverger.Result convergedWith(String log) {
    return Reconciling.converged(
        Map.of("osm2", AlertEventsTest.withLog("osm2", log)), Optional.empty());
  }

  @Test
  void linesAfterTheFirstLookBecomeEventsOnce() throws Exception {
    OvdFailoverCluster cluster = Reconciling.labCluster();
    cluster.getSpec().alerts = new AlertsSpec();
    String before =
        AlertEventsTest.line("900.0", "osm2", "resource", "osm2.priv", "httpd", "stop", "0", "ok");
    when(driver.pass(any(), any(), any())).thenReturn(convergedWith(before));
    Reconciling.reconcile(reconciler, cluster, context);
    verify(events, never()).record(any(), any(), eq(EventReason.PacemakerAlert), any());

    clock.advance(Duration.ofSeconds(100));
    String after =
        before
            + AlertEventsTest.line(
                "1050.0", "osm2", "resource", "osm2.priv", "virtual_ip", "start", "0", "ok");
    when(driver.pass(any(), any(), any())).thenReturn(convergedWith(after));
    Reconciling.reconcile(reconciler, cluster, context);
    verify(events)
        .record(
            any(),
            eq(EventRecorder.Type.Normal),
            eq(EventReason.PacemakerAlert),
            contains("virtual_ip start on osm2.priv: ok"));
  }
}
