package io.ovdfailover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.FailoverTestResult;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterStatus;
import io.ovdfailover.converge.EventReason;
import io.ovdfailover.converge.EventRecorder;
import io.ovdfailover.converge.GuideConverger;
import io.ovdfailover.converge.HostDriver;
import io.ovdfailover.hosts.CrmMonParser;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.testsupport.MutableClock;
import io.ovdfailover.testsupport.Reconciling;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * Failover test requests through the reconciler: taken up once, refused with reasons, recorded,
 * resumed.
 */
class ReconcilerFailoverTestsTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T05:00:00Z"));
  final EventRecorder events = mock(EventRecorder.class);
  final HostDriver driver = mock(HostDriver.class);
  final OvdFailoverClusterReconciler reconciler =
      new OvdFailoverClusterReconciler(
          ReconcilerDrivesHostsTest.SETTINGS, events, clock, id -> {}, driver);

  final Context<OvdFailoverCluster> context = Reconciling.clusterContext();

  /** Status as written mid-reconcile (the Running record), copied at the time of the write. */
  final List<FailoverTestResult> interimWrites = new ArrayList<>();

  OvdFailoverCluster cluster;

  @BeforeEach
  void setUp() {
    cluster = Reconciling.labCluster();
    reconciler.overrideInterimStatusWriter(
        (c, s) -> {
          FailoverTestResult copy = new FailoverTestResult();
          copy.requestId = s.lastFailoverTest.requestId;
          copy.result = s.lastFailoverTest.result;
          copy.fromNode = s.lastFailoverTest.fromNode;
          copy.toNode = s.lastFailoverTest.toNode;
          interimWrites.add(copy);
        });
  }

  static Optional<CrmMonStatus> crm(UnaryOperator<String> edit) throws Exception {
    try (var in =
        ReconcilerFailoverTestsTest.class.getResourceAsStream(
            "/facts/cluster/crm_mon-started.xml")) {
      return Optional.of(
          CrmMonParser.parse(edit.apply(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
    }
  }

  /** All six on osm2 instead of osm1. */
  static String onOsm2(String xml) {
    return xml.replace(
        "<node name=\"osm1.priv\" id=\"1\" cached", "<node name=\"osm2.priv\" id=\"2\" cached");
  }

  static String osm1Offline(String xml) {
    return onOsm2(xml)
        .replace(
            "<node name=\"osm1.priv\" id=\"1\" online=\"true\"",
            "<node name=\"osm1.priv\" id=\"1\" online=\"false\"");
  }

  static String osm2Offline(String xml) {
    return xml.replace(
        "<node name=\"osm2.priv\" id=\"2\" online=\"true\"",
        "<node name=\"osm2.priv\" id=\"2\" online=\"false\"");
  }

  void hostsShow(UnaryOperator<String> edit) throws Exception {
    when(driver.pass(any(), any(), any())).thenReturn(Reconciling.converged(crm(edit)));
  }

  UpdateControl<OvdFailoverCluster> reconcile() {
    return Reconciling.reconcile(reconciler, cluster, context);
  }

  static FailoverTestResult outcome(FailoverTestResult rec, String result, double seconds) {
    rec.result = result;
    rec.switchoverSeconds = seconds;
    rec.endTime = "2026-11-22T05:00:07Z";
    rec.message =
        result.equals("Succeeded")
            ? "switched " + rec.fromNode + " -> " + rec.toNode + " in " + seconds + " s"
            : "http: wrong Session Manager ID";
    return rec;
  }

  /** Every test the driver runs ends in {@code result} after {@code seconds}. */
  void testsEnd(String result, double seconds) throws Exception {
    when(driver.failoverTest(any(), any(), any(), any(), any()))
        .thenAnswer(a -> outcome(a.getArgument(3), result, seconds));
  }

  @Test
  void aNewRequestIdIsRecordedRunningBeforeTheMoveThenItsOutcomeOnce() throws Exception {
    hostsShow(x -> x);
    testsEnd("Succeeded", 4.2);
    cluster.getSpec().failoverTest.requestId = "drill-1";

    UpdateControl<OvdFailoverCluster> c = reconcile();

    assertThat(interimWrites)
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.result).isEqualTo("Running");
              assertThat(w.requestId).isEqualTo("drill-1");
              assertThat(w.fromNode + "->" + w.toNode).isEqualTo("osm1->osm2");
            });
    OvdFailoverClusterStatus s = cluster.getStatus();
    assertThat(s.lastFailoverTest.result).isEqualTo("Succeeded");
    assertThat(s.lastFailoverTest.trigger).isEqualTo("Spec");
    assertThat(s.lastFailoverTest.switchoverSeconds).isEqualTo(4.2);
    assertThat(s.failoverTestHistory).hasSize(1);
    assertThat(s.activeNode).isEqualTo("osm2");
    // the Ready message names the new active node at once, not at the next observation
    assertThat(s.message).isEqualTo("converged; active session manager osm2");
    assertThat(s.failoverTestRequests.specRequestId).isEqualTo("drill-1");
    assertThat(Conditions.find(s.conditions, "FailoverTested").orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(c.getScheduleDelay()).as("observe the new active node soon").contains(1000L);
    verify(events)
        .record(
            any(),
            eq(EventRecorder.Type.Normal),
            eq(EventReason.FailoverTestStarted),
            contains("osm1 to osm2"));
    verify(events)
        .record(
            any(),
            eq(EventRecorder.Type.Normal),
            eq(EventReason.FailoverTestSucceeded),
            contains("4.2 s"));

    // the same request id again: nothing more, even after a restart of the operator (the mark is in
    // status)
    hostsShow(ReconcilerFailoverTestsTest::onOsm2);
    OvdFailoverClusterReconciler restarted =
        new OvdFailoverClusterReconciler(
            ReconcilerDrivesHostsTest.SETTINGS, events, clock, id -> {}, driver);
    restarted.reconcile(cluster, context);
    verify(driver, times(1)).failoverTest(any(), any(), any(), any(), any());
    verify(events, never()).record(any(), any(), eq(EventReason.Failover), any());
  }

  @Test
  void theNextRequestMovesBackAndHistoryKeepsBothNewestFirst() throws Exception {
    testsEnd("Succeeded", 3.5);
    hostsShow(x -> x);
    cluster.getSpec().failoverTest.requestId = "drill-1";
    reconcile();
    hostsShow(ReconcilerFailoverTestsTest::onOsm2);
    cluster.getSpec().failoverTest.requestId = "drill-2";
    reconcile();
    assertThat(cluster.getStatus().failoverTestHistory)
        .extracting(h -> h.requestId + ":" + h.fromNode + "->" + h.toNode)
        .containsExactly("drill-2:osm2->osm1", "drill-1:osm1->osm2");
  }

  @Test
  void aRequestWhileOsm2IsOfflineIsRefusedWithTheReasonAndNothingMoves() throws Exception {
    hostsShow(ReconcilerFailoverTestsTest::osm2Offline);
    cluster.getSpec().failoverTest.requestId = "drill-1";
    reconcile();
    OvdFailoverClusterStatus s = cluster.getStatus();
    assertThat(s.phase).isEqualTo("Degraded");
    assertThat(s.lastFailoverTest.result).isEqualTo("Refused");
    assertThat(s.lastFailoverTest.message)
        .contains("nothing was moved")
        .contains("osm2 is not online in the cluster")
        .contains("not Ready");
    var condition = Conditions.find(s.conditions, "FailoverTested").orElseThrow();
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("Refused");
    verify(driver, never()).failoverTest(any(), any(), any(), any(), any());
    assertThat(interimWrites).isEmpty();
    verify(events)
        .record(
            any(),
            eq(EventRecorder.Type.Warning),
            eq(EventReason.FailoverTestRefused),
            contains("osm2 is not online"));
    // refused requests are taken up too: the same id is not retried when osm2 comes back
    hostsShow(x -> x);
    reconcile();
    verify(driver, never()).failoverTest(any(), any(), any(), any(), any());
  }

  @Test
  void aSessionManagerThatStoppedAnsweringIsNamedEvenBeforePacemakerNotices() throws Exception {
    when(driver.pass(any(), any(), any()))
        .thenReturn(
            new GuideConverger.Result(
                GuideConverger.Outcome.UNREACHABLE,
                "observe",
                List.of(),
                List.of(),
                "not reachable: [osm2]",
                Map.of(),
                Map.of(
                    "osm2",
                    new io.ovdfailover.hosts.HostException(
                        io.ovdfailover.hosts.HostException.Kind.UNREACHABLE,
                        "osm2",
                        "no route to host")),
                crm(x -> x)));
    cluster.getSpec().failoverTest.requestId = "drill-1";
    reconcile();
    assertThat(cluster.getStatus().lastFailoverTest.result).isEqualTo("Refused");
    assertThat(cluster.getStatus().lastFailoverTest.message)
        .contains("osm2 does not answer over SSH");
    verify(driver, never()).failoverTest(any(), any(), any(), any(), any());
  }

  @Test
  void aPausedClusterRefuses() throws Exception {
    hostsShow(x -> x);
    cluster.getSpec().paused = true;
    cluster.getMetadata().setAnnotations(Map.of("ovdfailover.io/failover-test", "by-hand"));
    reconcile();
    assertThat(cluster.getStatus().lastFailoverTest.trigger).isEqualTo("Annotation");
    assertThat(cluster.getStatus().lastFailoverTest.message).contains("paused");
  }

  @Test
  void withoutHostDrivingEveryRequestIsRefusedAndSaysWhy() {
    OvdFailoverClusterReconciler notDriving =
        new OvdFailoverClusterReconciler(
            ReconcilerDrivesHostsTest.SETTINGS, events, clock, id -> {}, null);
    cluster.getSpec().failoverTest.requestId = "drill-1";
    UpdateControl<OvdFailoverCluster> c = notDriving.reconcile(cluster, context);
    assertThat(c.getResource().orElseThrow().getStatus().lastFailoverTest.message)
        .contains("--drive-hosts=false");
  }

  /**
   * The status a stopped operator left: drill-1 taken up and Running from osm1 to osm2, as
   * FailoverTestCoordinator writes it.
   */
  static OvdFailoverClusterStatus leftRunning() {
    OvdFailoverClusterStatus s = new OvdFailoverClusterStatus();
    FailoverTestResult running = new FailoverTestResult();
    running.requestId = "drill-1";
    running.result = "Running";
    running.fromNode = "osm1";
    running.toNode = "osm2";
    running.startTime = "2026-11-22T04:59:58Z";
    s.lastFailoverTest = running;
    s.activeNode = "osm1";
    s.failoverTestRequests = new io.ovdfailover.api.FailoverTestRequests();
    s.failoverTestRequests.specRequestId = "drill-1";
    return s;
  }

  /**
   * Found on the lab: two records of one test without any restart. The reconcile after the test
   * read the interim Running record from a cache the final record had not reached, and took the
   * restart path.
   */
  @Test
  void aReconcileThatStillReadsTheRunningRecordOfATestJustFinishedLeavesItAlone() throws Exception {
    hostsShow(x -> x);
    testsEnd("Succeeded", 4.2);
    cluster.getSpec().failoverTest.requestId = "drill-1";
    reconcile();
    FailoverTestResult finalRecord = cluster.getStatus().lastFailoverTest;

    // the informer cache still has the status as the interim write left it
    OvdFailoverClusterStatus stale =
        new io.fabric8.kubernetes.client.utils.KubernetesSerialization().clone(cluster.getStatus());
    stale.lastFailoverTest.result = "Running";
    stale.lastFailoverTest.message = "moving the resources from osm1 to osm2";
    stale.failoverTestHistory = null;
    cluster.setStatus(stale);
    hostsShow(ReconcilerFailoverTestsTest::onOsm2);
    UpdateControl<OvdFailoverCluster> c = reconcile();

    assertThat(c.isNoUpdate()).as("the stale status is not written back").isTrue();
    assertThat(c.getScheduleDelay()).contains(1000L);
    verify(driver, never()).resumeFailoverTest(any(), any(), any(), any(), any());
    verify(events, times(1))
        .record(any(), eq(EventRecorder.Type.Normal), eq(EventReason.FailoverTestSucceeded), any());

    // once the final record is read, reconciles go on as usual
    stale.lastFailoverTest = finalRecord;
    reconcile();
    verify(driver, atLeastOnce()).pass(any(), any(), any());
  }

  @Test
  void aTestLeftRunningByAStoppedOperatorIsFinishedAndRecordedExactlyOnce() throws Exception {
    cluster.setStatus(leftRunning());
    cluster.getSpec().failoverTest.requestId = "drill-1";
    hostsShow(ReconcilerFailoverTestsTest::onOsm2);
    when(driver.resumeFailoverTest(any(), any(), any(), any(), any()))
        .thenAnswer(
            a -> {
              FailoverTestResult r = a.getArgument(3);
              r.result = "Succeeded";
              r.message = "switched osm1 -> osm2; finished after an operator restart";
              return Optional.of(r);
            });
    reconcile();
    reconcile();
    verify(driver, times(1)).resumeFailoverTest(any(), any(), any(), any(), any());
    verify(driver, never()).failoverTest(any(), any(), any(), any(), any());
    assertThat(cluster.getStatus().failoverTestHistory)
        .singleElement()
        .satisfies(h -> assertThat(h.message).contains("after an operator restart"));
    verify(events, times(1))
        .record(any(), eq(EventRecorder.Type.Normal), eq(EventReason.FailoverTestSucceeded), any());
    verify(events, never()).record(any(), any(), eq(EventReason.Failover), any());
  }

  @Test
  void aTestStillMovingAfterARestartIsLookedAtAgainLater() throws Exception {
    cluster.setStatus(leftRunning());
    hostsShow(x -> x);
    when(driver.resumeFailoverTest(any(), any(), any(), any(), any())).thenReturn(Optional.empty());
    reconcile();
    assertThat(cluster.getStatus().lastFailoverTest.result).isEqualTo("Running");
    assertThat(cluster.getStatus().failoverTestHistory).isEmpty();
  }

  @Test
  void returnToPreferredMovesBackAndRecordsBothTimes() throws Exception {
    hostsShow(x -> x);
    cluster.getSpec().failoverTest.requestId = "drill-1";
    cluster.getSpec().failoverTest.returnToPreferred = true;
    testsEnd("Succeeded", 4.0);
    reconcile();
    InOrder order = inOrder(driver);
    order
        .verify(driver)
        .failoverTest(
            any(),
            any(),
            any(),
            org.mockito.ArgumentMatchers.argThat(r -> "osm2".equals(r.toNode)),
            any());
    order
        .verify(driver)
        .failoverTest(
            any(),
            any(),
            any(),
            org.mockito.ArgumentMatchers.argThat(r -> "osm1".equals(r.toNode)),
            any());
    FailoverTestResult last = cluster.getStatus().lastFailoverTest;
    assertThat(last.result).isEqualTo("Succeeded");
    assertThat(last.returnSeconds).isEqualTo(4.0);
    assertThat(cluster.getStatus().activeNode).isEqualTo("osm1");
  }

  @Test
  void pacemakerMovingTheResourcesOnItsOwnIsReportedAndNotUndone() throws Exception {
    hostsShow(x -> x);
    reconcile();
    assertThat(cluster.getStatus().phase).isEqualTo("Ready");
    hostsShow(ReconcilerFailoverTestsTest::osm1Offline);
    reconcile();
    assertThat(cluster.getStatus().phase).isEqualTo("Degraded");
    assertThat(cluster.getStatus().activeNode).isEqualTo("osm2");
    verify(events)
        .record(
            any(),
            eq(EventRecorder.Type.Warning),
            eq(EventReason.Failover),
            contains("Pacemaker moved the resources from osm1 to osm2 (osm1 offline)"));
    hostsShow(ReconcilerFailoverTestsTest::onOsm2);
    reconcile();
    assertThat(cluster.getStatus().phase).isEqualTo("Ready");
    assertThat(cluster.getStatus().activeNode).isEqualTo("osm2");
    verify(driver, never()).failoverTest(any(), any(), any(), any(), any());
  }

  /**
   * Found in a CI run: a status written while Pacemaker was still moving showed no active node, and
   * the move was then never reported as a Failover (the change came from "none" to osm2).
   */
  @Test
  void aMoveSeenInTwoStepsIsStillReportedAsAFailoverFromTheLastActiveNode() throws Exception {
    hostsShow(x -> x);
    reconcile();
    // mid-move: virtual_ip started on osm2, the others still on osm1
    hostsShow(
        xml ->
            osm1Offline(xml)
                .replaceFirst(
                    "<node name=\"osm2.priv\" id=\"2\" cached=\"true\"/>",
                    "<node name=\"osm1.priv\" id=\"1\" cached=\"true\"/>"));
    reconcile();
    assertThat(cluster.getStatus().activeNode).isNull();
    verify(events)
        .record(
            any(),
            eq(EventRecorder.Type.Warning),
            eq(EventReason.ResourcesStopped),
            contains("osm1"));
    hostsShow(ReconcilerFailoverTestsTest::osm1Offline);
    reconcile();
    assertThat(cluster.getStatus().activeNode).isEqualTo("osm2");
    verify(events)
        .record(
            any(),
            eq(EventRecorder.Type.Warning),
            eq(EventReason.Failover),
            contains("Pacemaker moved the resources from osm1 to osm2"));
  }
}
