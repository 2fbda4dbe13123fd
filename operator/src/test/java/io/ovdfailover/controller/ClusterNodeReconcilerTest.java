package io.ovdfailover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.converge.EventRecorder;
import io.ovdfailover.converge.HostAccess;
import io.ovdfailover.testsupport.MutableClock;
import io.ovdfailover.testsupport.Reconciling;
import io.ovdfailover.testsupport.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterNodeReconcilerTest {
  private static final ReconcileSettings SETTINGS =
      new ReconcileSettings(Duration.ofSeconds(30), Duration.ofSeconds(5));
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final ClusterNodeReconciler reconciler = new ClusterNodeReconciler(SETTINGS, clock);

  @SuppressWarnings("unchecked")
  private final Context<ClusterNode> context = mock(Context.class);

  private ClusterNode reconcile(ClusterNode node, Optional<OvdFailoverCluster> cluster) {
    when(context.getSecondaryResource(OvdFailoverCluster.class)).thenReturn(cluster);
    UpdateControl<ClusterNode> control = reconciler.reconcile(node, context);
    assertThat(control.getScheduleDelay()).contains(30_000L);
    control
        .getResource()
        .ifPresent(
            patch -> {
              assertThat(patch.getSpec()).isNull();
              node.setStatus(patch.getStatus());
            });
    return node;
  }

  /** The reconciler with its events going to {@code events}. */
  private ClusterNodeReconciler withEvents(EventRecorder events) {
    return new ClusterNodeReconciler(
        SETTINGS, clock, ClusterNodeReconciler.PresentedKeys.NONE, events);
  }

  private static Condition registered(ClusterNode node) {
    return Conditions.find(node.getStatus().conditions, "Registered").orElseThrow();
  }

  @Test
  void nodeOfTheTopologyGetsItsRole() {
    ClusterNode node = Samples.node("ns", "lab", "pcs4", 14);
    node.getMetadata().setGeneration(3L);
    reconcile(node, Optional.of(Samples.cluster("ns", "lab")));

    assertThat(node.getStatus().role).isEqualTo("Quorum");
    assertThat(node.getStatus().observedGeneration).isEqualTo(3L);
    assertThat(registered(node).getStatus()).isEqualTo("True");
    assertThat(registered(node).getMessage()).isEqualTo("pcs4 is a Quorum node of lab");
  }

  @Test
  void nodeOutsideTheTopologyIsNotRegistered() {
    ClusterNode node = Samples.node("ns", "lab", "osm3", 15);
    reconcile(node, Optional.of(Samples.cluster("ns", "lab")));

    assertThat(node.getStatus().role).isNull();
    assertThat(registered(node).getReason()).isEqualTo("NotInTopology");
  }

  @Test
  void aLinuxFarmServerIsRegisteredAndReachableFromItsClustersFarmStatus() {
    ClusterNode node = Samples.node("ns", "lab", "farm1", 31);
    OvdFailoverCluster cluster = Samples.cluster("ns", "lab");
    cluster.getSpec().farmServers =
        java.util.List.of(
            new io.ovdfailover.api.FarmServerSpec(
                "farm1",
                io.ovdfailover.api.FarmServerSpec.Role.OAS,
                io.ovdfailover.api.FarmServerSpec.Os.Linux));
    cluster.setStatus(new io.ovdfailover.api.OvdFailoverClusterStatus());
    var farm = new io.ovdfailover.api.OvdFailoverClusterStatus.FarmServerStatus();
    farm.name = "farm1";
    farm.state = "PointsToVip";
    cluster.getStatus().farmServers = java.util.List.of(farm);
    reconcile(node, Optional.of(cluster));

    assertThat(node.getStatus().role).isEqualTo("FarmServer");
    assertThat(registered(node).getStatus()).isEqualTo("True");
    assertThat(registered(node).getMessage())
        .isEqualTo("farm1 is a farm server of lab (spec.farmServers)");
    assertThat(Conditions.find(node.getStatus().conditions, "Ready").orElseThrow().getStatus())
        .isEqualTo("True");
  }

  @Test
  void nodeWithoutItsClusterSaysSo() {
    ClusterNode node = Samples.node("ns", "gone", "osm1", 11);
    reconcile(node, Optional.empty());

    assertThat(registered(node).getStatus()).isEqualTo("False");
    assertThat(registered(node).getReason()).isEqualTo("ClusterNotFound");
    assertThat(registered(node).getMessage())
        .isEqualTo("no OvdFailoverCluster gone in namespace ns");
  }

  @Test
  void registrationFlipKeepsNoStaleTransitionTime() {
    ClusterNode node = Samples.node("ns", "lab", "dbmy", 21);
    reconcile(node, Optional.empty());
    clock.advance(Duration.ofMinutes(10));
    when(context.getSecondaryResource(OvdFailoverCluster.class)).thenReturn(Optional.empty());
    assertThat(reconciler.reconcile(node, context).isNoUpdate()).isTrue();

    reconcile(node, Optional.of(Samples.cluster("ns", "lab")));
    assertThat(node.getStatus().role).isEqualTo("Database");
    assertThat(registered(node).getLastTransitionTime()).isEqualTo("2026-03-01T10:10:00Z");
    assertThat(
            Conditions.find(node.getStatus().conditions, "SpecValid")
                .orElseThrow()
                .getLastTransitionTime())
        .isEqualTo("2026-03-01T10:00:00Z");
  }

  @Test
  void nodeWithoutSpecIsInvalid() {
    ClusterNode node = Samples.node("ns", "lab", "osm1", 11);
    node.setSpec(null);
    reconcile(node, Optional.empty());
    Condition valid = Conditions.find(node.getStatus().conditions, "SpecValid").orElseThrow();
    assertThat(valid.getStatus()).isEqualTo("False");
    assertThat(valid.getMessage()).isEqualTo("spec: is required");
  }

  @Test
  void aKeyAcceptedOnFirstUseIsWrittenOnceWithAnEventAndNeverReplaced() {
    java.util.concurrent.atomic.AtomicReference<String> presented =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.List<String> recorded = new java.util.ArrayList<>();
    ClusterNodeReconciler driving =
        new ClusterNodeReconciler(
            SETTINGS,
            clock,
            n -> Optional.ofNullable(presented.get()),
            (involved, type, reason, message) -> recorded.add(reason + ": " + message));
    when(context.getSecondaryResource(OvdFailoverCluster.class))
        .thenReturn(Optional.of(Samples.cluster("ns", "lab")));
    ClusterNode node = Samples.node("ns", "lab", "pcs3", 13);

    UpdateControl<ClusterNode> c = Reconciling.reconcile(driving, node, context);
    assertThat(c.getScheduleDelay()).as("not connected yet: look again soon").contains(5_000L);

    presented.set("SHA256:first");
    c = Reconciling.reconcile(driving, node, context);
    assertThat(node.getStatus().hostKeyFingerprint).isEqualTo("SHA256:first");
    assertThat(c.getScheduleDelay()).contains(30_000L);
    assertThat(recorded)
        .singleElement()
        .asString()
        .startsWith("HostKeyAcceptedOnFirstUse")
        .contains("SHA256:first");

    presented.set("SHA256:other");
    c = Reconciling.reconcile(driving, node, context);
    assertThat(node.getStatus().hostKeyFingerprint)
        .as("the first key stays the pin")
        .isEqualTo("SHA256:first");
    assertThat(recorded).hasSize(1);

    // and the host pass dials with it as the pin
    var ssh = HostAccess.pinnedOnFirstUse(node);
    assertThat(ssh.hostKey).isEqualTo("SHA256:first");
    assertThat(ssh.trustOnFirstUse).isFalse();
    assertThat(node.getSpec().ssh.hostKey).as("the spec itself is untouched").isNull();
  }

  @Test
  void whatTheClusterLastObservedOfTheNodeIsShownOnIt() {
    OvdFailoverCluster cluster = Samples.cluster("ns", "lab");
    var summary = Samples.observedNode(cluster, "pcs3");
    summary.os = "debian-12";
    summary.pacemaker = "Online";
    ClusterNode node = reconcile(Samples.node("ns", "lab", "pcs3", 13), Optional.of(cluster));
    assertThat(node.getStatus().os).isEqualTo("debian-12");
    assertThat(node.getStatus().pacemaker).isEqualTo("Online");
    assertThat(Conditions.find(node.getStatus().conditions, "Reachable").orElseThrow().getStatus())
        .isEqualTo("True");

    summary.reachable = false;
    summary.message = "pcs3: connection refused by 198.18.0.13:22";
    reconcile(node, Optional.of(cluster));
    assertThat(Conditions.find(node.getStatus().conditions, "Reachable").orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getMessage()).contains("connection refused");
            });
  }

  @Test
  void aNodeLostOrBackGetsAnEventOnItsClusterNode() {
    java.util.List<String> recorded = new java.util.ArrayList<>();
    ClusterNodeReconciler withEvents =
        withEvents(
            (involved, type, reason, message) ->
                recorded.add(involved.getMetadata().getName() + " " + type + " " + reason));
    OvdFailoverCluster cluster = Samples.cluster("ns", "lab");
    var summary = Samples.observedNode(cluster, "pcs3");
    ClusterNode node = Samples.node("ns", "lab", "pcs3", 13);
    when(context.getSecondaryResource(OvdFailoverCluster.class)).thenReturn(Optional.of(cluster));
    for (boolean reachable : new boolean[] {true, true, false, false, true}) {
      summary.reachable = reachable;
      Reconciling.reconcile(withEvents, node, context);
    }
    assertThat(recorded)
        .as("none for the first observation, one per flip")
        .containsExactly("pcs3 Warning NodeUnreachable", "pcs3 Normal NodeReachable");
  }

  private static String ready(ClusterNode node) {
    Condition c = Conditions.find(node.getStatus().conditions, "Ready").orElseThrow();
    return c.getStatus() + "/" + c.getReason() + ": " + c.getMessage();
  }

  @Test
  void readySumsTheOtherConditionsUpAndAPacemakerNodeMustBeAMember() {
    OvdFailoverCluster cluster = Samples.cluster("ns", "lab");
    cluster.setStatus(new io.ovdfailover.api.OvdFailoverClusterStatus());
    ClusterNode node = Samples.node("ns", "lab", "pcs3", 13);
    reconcile(node, Optional.of(cluster));
    assertThat(ready(node)).startsWith("False/HostsNotObserved");

    var summary = Samples.observedNode(cluster, "pcs3");
    summary.pacemaker = "NotMember";
    summary.pacemakerVersion = "2.1.5-1+deb12u1";
    summary.corosyncVersion = "3.1.7-1";
    summary.lastProbeTime = "2026-03-01T10:00:00Z";
    reconcile(node, Optional.of(cluster));
    assertThat(ready(node)).startsWith("False/NotFormed");
    assertThat(node.getStatus().pacemakerVersion).isEqualTo("2.1.5-1+deb12u1");
    assertThat(node.getStatus().corosyncVersion).isEqualTo("3.1.7-1");
    assertThat(node.getStatus().lastProbeTime).isEqualTo("2026-03-01T10:00:00Z");

    summary.pacemaker = "Standby";
    reconcile(node, Optional.of(cluster));
    assertThat(ready(node))
        .isEqualTo(
            "True/NodeReady: the node answers its cluster's probe and is Standby in Pacemaker");

    summary.reachable = false;
    summary.pacemaker = "Offline";
    summary.message = "pcs3: connection timed out";
    reconcile(node, Optional.of(cluster));
    assertThat(ready(node)).isEqualTo("False/ProbeFailed: pcs3: connection timed out");

    ClusterNode orphan = reconcile(Samples.node("ns", "gone", "pcs3", 13), Optional.empty());
    assertThat(ready(orphan)).startsWith("False/ClusterNotFound");
  }

  @Test
  void anAdminsStandbyOrANodeLeavingShowsAsAnEventOnTheNode() {
    java.util.List<String> recorded = new java.util.ArrayList<>();
    ClusterNodeReconciler withEvents =
        withEvents(
            (involved, type, reason, message) -> recorded.add(type + " " + reason + " " + message));
    OvdFailoverCluster cluster = Samples.cluster("ns", "lab");
    var summary = Samples.observedNode(cluster, "osm2");
    ClusterNode node = Samples.node("ns", "lab", "osm2", 12);
    when(context.getSecondaryResource(OvdFailoverCluster.class)).thenReturn(Optional.of(cluster));
    for (String state : new String[] {"NotMember", "Online", "Online", "Standby", "Offline"}) {
      summary.pacemaker = state;
      Reconciling.reconcile(withEvents, node, context);
    }
    assertThat(recorded)
        .as("joining is not news; an admin's standby and a node going offline are")
        .containsExactly(
            "Normal NodePacemakerState osm2 is Standby in Pacemaker (was Online)",
            "Warning NodePacemakerState osm2 is Offline in Pacemaker (was Standby)");
  }
}
