package io.ovdfailover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.ConditionType;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.converge.EventReason;
import io.ovdfailover.converge.EventRecorder;
import io.ovdfailover.converge.GuideConverger;
import io.ovdfailover.converge.HostDriver;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.testsupport.MutableClock;
import io.ovdfailover.testsupport.Reconciling;
import io.ovdfailover.testsupport.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler with a host driver: what each pass outcome does to status, events and the next
 * reconcile.
 */
class ReconcilerDrivesHostsTest {
  static final ReconcileSettings SETTINGS =
      new ReconcileSettings(Duration.ofSeconds(45), Duration.ofSeconds(7));
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  final EventRecorder events = mock(EventRecorder.class);
  final HostDriver driver = mock(HostDriver.class);
  final OvdFailoverClusterReconciler reconciler =
      new OvdFailoverClusterReconciler(SETTINGS, events, clock, id -> {}, driver);

  final Context<OvdFailoverCluster> context = Reconciling.clusterContext();

  OvdFailoverCluster cluster;

  @BeforeEach
  void setUp() {
    cluster = Reconciling.labCluster();
  }

  static GuideConverger.Result result(
      GuideConverger.Outcome o,
      List<String> done,
      List<Plan.Row> pending,
      Map<String, HostException> down) {
    return new GuideConverger.Result(
        o, "packages", done, pending, "3 actions", Map.of(), down, Optional.empty());
  }

  /** Each pass changes something: pcs3 gets its packages. */
  void passesInstallOnPcs3() throws Exception {
    when(driver.pass(any(), any(), any()))
        .thenReturn(
            result(
                GuideConverger.Outcome.PROGRESSED,
                List.of("pcs3: install Pacemaker, Corosync and pcs"),
                List.of(),
                Map.of()));
  }

  UpdateControl<OvdFailoverCluster> reconcile() {
    return Reconciling.reconcile(reconciler, cluster, context);
  }

  @Test
  void aPassThatChangedSomethingIsFollowedByAnotherOneSecondLater() throws Exception {
    passesInstallOnPcs3();
    UpdateControl<OvdFailoverCluster> c = reconcile();
    assertThat(c.getScheduleDelay()).contains(1000L);
    assertThat(cluster.getStatus().phase).isEqualTo("Converging");
    assertThat(cluster.getStatus().message).isEqualTo("packages: 3 actions");
    verify(events)
        .record(
            any(),
            eq(EventRecorder.Type.Normal),
            eq(EventReason.Converging),
            contains("pcs3: install Pacemaker"));
  }

  /**
   * Found on the lab: during a long package install status still named the stage of the pass
   * before. The stage at work is written before it runs.
   */
  @Test
  @SuppressWarnings("unchecked")
  void whileAStageRunsStatusNamesIt() throws Exception {
    List<String> written = new java.util.ArrayList<>();
    reconciler.overrideInterimStatusWriter((c, s) -> written.add(s.phase + " | " + s.message));
    when(driver.pass(any(), any(), any()))
        .thenAnswer(
            call -> {
              java.util.function.Consumer<String> running = call.getArgument(2);
              running.accept("packages: osm2: install pcs (+3 more)");
              assertThat(written)
                  .as("written before the stage's commands run")
                  .containsExactly("Converging | packages: osm2: install pcs (+3 more) (running)");
              return result(
                  GuideConverger.Outcome.PROGRESSED,
                  List.of("osm2: install pcs"),
                  List.of(),
                  Map.of());
            });
    reconcile();
    assertThat(written).hasSize(1);
    assertThat(cluster.getStatus().message).isEqualTo("packages: 3 actions");
  }

  @Test
  void aStepThatChangesSomethingEveryPassWithoutConvergingBacksOffToTheCap() throws Exception {
    when(driver.pass(any(), any(), any()))
        .thenReturn(
            result(
                GuideConverger.Outcome.PROGRESSED,
                List.of("osm1: write the lsyncd configuration"),
                List.of(),
                Map.of()));
    List<Long> delays = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      delays.add(reconcile().getScheduleDelay().orElseThrow());
    }
    assertThat(delays).startsWith(1000L, 2000L, 4000L, 8000L).endsWith(300_000L, 300_000L);
    // anything else resets it
    passesInstallOnPcs3();
    assertThat(reconcile().getScheduleDelay()).contains(1000L);
  }

  @Test
  void anUnreachableNodeIsRetriedAtTheRetryPaceWithTheNodeNamed() throws Exception {
    when(driver.pass(any(), any(), any()))
        .thenReturn(
            result(
                GuideConverger.Outcome.UNREACHABLE,
                List.of(),
                List.of(),
                Map.of(
                    "osm2",
                    new HostException(
                        HostException.Kind.UNREACHABLE,
                        "osm2",
                        "connection refused by 198.18.0.12:22"))));
    UpdateControl<OvdFailoverCluster> c = reconcile();
    assertThat(c.getScheduleDelay()).contains(7000L);
    assertThat(cluster.getStatus().nodes)
        .filteredOn(n -> n.name.equals("osm2"))
        .singleElement()
        .satisfies(n -> assertThat(n.message).contains("connection refused"));
  }

  @Test
  void waitingForMaintenanceListsThePlanAndWaitsTheObserveInterval() throws Exception {
    when(driver.pass(any(), any(), any()))
        .thenReturn(
            result(
                GuideConverger.Outcome.WAITING_FOR_MAINTENANCE,
                List.of(),
                List.of(
                    new Plan.Row("osm1", "database", "disable the Session Manager config", true)),
                Map.of()));
    UpdateControl<OvdFailoverCluster> c = reconcile();
    assertThat(c.getScheduleDelay()).contains(45_000L);
    assertThat(cluster.getStatus().phase).isEqualTo("WaitingForMaintenance");
    assertThat(cluster.getStatus().pendingActions)
        .singleElement()
        .satisfies(a -> assertThat(a.downtime).isTrue());
  }

  @Test
  void anInvalidSpecNeverReachesTheHosts() throws Exception {
    cluster.getSpec().sessionManagers = List.of(cluster.getSpec().sessionManagers.get(0));
    reconcile();
    verify(driver, never()).pass(any(), any(), any());
  }

  @Test
  void anInvalidClusterNodeIsNeverDialledAndTheClusterNamesIt() throws Exception {
    Set<ClusterNode> nodes = Reconciling.labNodes(Samples.NODE_NAMES);
    nodes.stream()
        .filter(n -> n.getMetadata().getName().equals("pcs4"))
        .forEach(
            n -> {
              n.getSpec().ssh.host = "$(id).example.com";
              n.getSpec().ssh.port = 0;
            });
    Reconciling.handNodes(context, nodes);
    reconcile();
    verify(driver, never()).pass(any(), any(), any());
    assertThat(
            io.ovdfailover.api.Conditions.find(
                cluster.getStatus().conditions, ConditionType.NodesDefined.name()))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("ClusterNodeInvalid");
              assertThat(c.getMessage())
                  .contains("ClusterNode pcs4 is invalid")
                  .contains("spec.ssh.host")
                  .contains("spec.ssh.port");
            });
  }

  @Test
  void twoClusterNodesReachingTheSameHostAndPortAreFlaggedAndNotDialled() throws Exception {
    Set<ClusterNode> nodes = new HashSet<>();
    for (String n : Samples.NODE_NAMES) {
      nodes.add(
          Samples.node(
              "ns", "lab", n, n.equals("pcs4") ? Samples.octet("pcs3") : Samples.octet(n)));
    }
    Reconciling.handNodes(context, nodes);
    reconcile();
    verify(driver, never()).pass(any(), any(), any());
    assertThat(cluster.getStatus().message)
        .contains("ClusterNodes pcs3 and pcs4 both reach 198.18.0.13:22");
  }

  @Test
  void deletingTheClusterClosesItsSshConnectionsAndLeavesTheHostsAlone() throws Exception {
    Set<ClusterNode> nodes = context.getSecondaryResources(ClusterNode.class);
    reconciler.cleanup(cluster, context);
    verify(driver).release(any(), eq(nodes));
    verify(driver, never()).pass(any(), any(), any());
  }
}
