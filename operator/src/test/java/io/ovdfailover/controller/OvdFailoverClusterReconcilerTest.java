package io.ovdfailover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterStatus;
import io.ovdfailover.converge.EventReason;
import io.ovdfailover.converge.EventRecorder;
import io.ovdfailover.testsupport.MutableClock;
import io.ovdfailover.testsupport.Reconciling;
import io.ovdfailover.testsupport.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster reconciler on its own: JOSDK's Context mocked, the secondary ClusterNodes handed in.
 */
class OvdFailoverClusterReconcilerTest {
  private static final ReconcileSettings SETTINGS =
      new ReconcileSettings(Duration.ofSeconds(45), Duration.ofSeconds(7));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final EventRecorder events = mock(EventRecorder.class);
  private final AtomicReference<ResourceID> released = new AtomicReference<>();
  private final OvdFailoverClusterReconciler reconciler =
      new OvdFailoverClusterReconciler(SETTINGS, events, clock, released::set);

  private final Context<OvdFailoverCluster> context = Reconciling.clusterContext();

  private OvdFailoverCluster cluster;

  @BeforeEach
  void setUp() {
    cluster = Reconciling.labCluster();
    cluster.getMetadata().setUid("uid-1");
  }

  private void nodes(List<String> names) {
    Reconciling.handNodes(context, Reconciling.labNodes(names));
  }

  private UpdateControl<OvdFailoverCluster> reconcile() {
    return Reconciling.reconcile(reconciler, cluster, context);
  }

  private Condition condition(String type) {
    return Conditions.find(cluster.getStatus().conditions, type).orElseThrow();
  }

  @Test
  void completeClusterPatchesStatusOnlyAndReschedules() {
    UpdateControl<OvdFailoverCluster> control = reconcile();

    assertThat(control.isPatchStatus()).isTrue();
    assertThat(control.getScheduleDelay()).contains(45_000L);
    OvdFailoverCluster patch = control.getResource().orElseThrow();
    assertThat(patch.getSpec()).as("never writes spec").isNull();
    assertThat(patch.getMetadata().getName()).isEqualTo("lab");
    assertThat(patch.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(patch.getMetadata().getFinalizers()).isEmpty();
    assertThat(patch.getMetadata().getResourceVersion()).isNull();

    OvdFailoverClusterStatus status = patch.getStatus();
    assertThat(status.observedGeneration).isEqualTo(1L);
    assertThat(status.phase).isEqualTo("Pending");
    assertThat(status.nodesReady).isEqualTo("0/5");
    assertThat(status.nodes)
        .extracting(n -> n.name + "/" + n.role)
        .containsExactly(
            "osm1/SessionManager",
            "osm2/SessionManager",
            "pcs3/Quorum",
            "pcs4/Quorum",
            "dbmy/Database");
    assertThat(condition("SpecValid").getStatus()).isEqualTo("True");
    assertThat(condition("SpecValid").getLastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(condition("NodesDefined").getReason()).isEqualTo("AllNodesDefined");
    assertThat(condition("Ready").getStatus()).isEqualTo("False");
    assertThat(condition("Ready").getReason()).isEqualTo("HostsNotObserved");
    verify(events, never()).record(any(), any(), any(), anyString());
  }

  @Test
  void missingNodesAreListedInTopologyOrder() {
    nodes(List.of("osm2", "pcs3"));
    reconcile();

    assertThat(condition("NodesDefined").getStatus()).isEqualTo("False");
    assertThat(condition("NodesDefined").getReason()).isEqualTo("ClusterNodeMissing");
    assertThat(condition("NodesDefined").getMessage())
        .isEqualTo("missing ClusterNode for osm1, pcs4, dbmy");
    assertThat(condition("Ready").getReason()).isEqualTo("ClusterNodeMissing");
    assertThat(cluster.getStatus().nodes)
        .extracting(n -> n.clusterNode)
        .containsExactly(null, "osm2", "pcs3", null, null);
  }

  @Test
  void nodeIsMatchedByNodeNameAndADeletedNodeDoesNotCount() {
    ClusterNode renamed = Samples.node("ns", "lab", "osm1", 11);
    renamed.getMetadata().setName("first-session-manager");
    ClusterNode leaving = Samples.node("ns", "lab", "osm2", 12);
    leaving.getMetadata().setDeletionTimestamp("2026-03-01T09:00:00Z");
    Reconciling.handNodes(context, Set.of(renamed, leaving));
    reconcile();

    assertThat(cluster.getStatus().nodes.get(0).clusterNode).isEqualTo("first-session-manager");
    assertThat(cluster.getStatus().nodes.get(1).clusterNode).isNull();
    assertThat(condition("NodesDefined").getMessage()).startsWith("missing ClusterNode for osm2, ");
  }

  @Test
  void invalidSpecSetsSpecValidFalseRecordsAWarningAndStopsThere() {
    cluster.getSpec().sessionManagers.remove(1);
    UpdateControl<OvdFailoverCluster> control = reconcile();

    assertThat(control.isPatchStatus()).isTrue();
    assertThat(control.getScheduleDelay()).contains(45_000L);
    assertThat(condition("SpecValid").getStatus()).isEqualTo("False");
    assertThat(condition("SpecValid").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition("SpecValid").getMessage()).contains("spec.sessionManagers");
    assertThat(condition("Ready").getReason()).isEqualTo("InvalidSpec");
    assertThat(cluster.getStatus().conditions)
        .extracting(Condition::getType)
        .doesNotContain("NodesDefined");
    assertThat(cluster.getStatus().nodes).isEmpty();
    assertThat(cluster.getStatus().message).startsWith("invalid spec: spec.sessionManagers");
    verify(events)
        .record(
            eq(cluster),
            eq(EventRecorder.Type.Warning),
            eq(EventReason.InvalidSpec),
            contains("spec.sessionManagers"));
  }

  @Test
  void nothingChangedMeansNoPatchButStillAReschedule() {
    reconcile();
    clock.advance(Duration.ofMinutes(5));
    UpdateControl<OvdFailoverCluster> second = reconcile();

    assertThat(second.isNoUpdate()).isTrue();
    assertThat(second.getScheduleDelay()).contains(45_000L);
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenTheStatusFlips() {
    reconcile();
    String created = condition("SpecValid").getLastTransitionTime();

    clock.advance(Duration.ofHours(1));
    cluster.getMetadata().setGeneration(2L);
    cluster.getSpec().ovdVersion = "3.3.1";
    assertThat(reconcile().isPatchStatus()).as("observedGeneration changed").isTrue();
    assertThat(condition("SpecValid").getLastTransitionTime()).isEqualTo(created);
    assertThat(condition("SpecValid").getObservedGeneration()).isEqualTo(2L);
    assertThat(cluster.getStatus().observedGeneration).isEqualTo(2L);

    clock.advance(Duration.ofHours(1));
    cluster.getMetadata().setGeneration(3L);
    cluster.getSpec().sessionManagers.remove(1);
    reconcile();
    assertThat(condition("SpecValid").getLastTransitionTime()).isEqualTo("2026-03-01T12:00:00Z");

    clock.advance(Duration.ofHours(1));
    cluster.getMetadata().setGeneration(4L);
    cluster.getSpec().sessionManagers = Samples.cluster("ns", "lab").getSpec().sessionManagers;
    reconcile();
    assertThat(condition("SpecValid").getStatus()).isEqualTo("True");
    assertThat(condition("SpecValid").getLastTransitionTime()).isEqualTo("2026-03-01T13:00:00Z");
    verify(events)
        .record(
            eq(cluster), eq(EventRecorder.Type.Normal), eq(EventReason.SpecAccepted), anyString());
  }

  @Test
  void cleanupReleasesTheClusterAndLetsTheObjectGo() {
    DeleteControl control = reconciler.cleanup(cluster, context);

    assertThat(control.isRemoveFinalizer()).isTrue();
    assertThat(released.get()).isEqualTo(new ResourceID("lab", "ns"));
    verify(events)
        .record(
            eq(cluster),
            eq(EventRecorder.Type.Normal),
            eq(EventReason.Released),
            contains("not touched"));
  }

  @Test
  void afterTheLastRetryTransientErrorsAreRetriedAtTheRetryInterval() {
    when(context.getRetryInfo()).thenReturn(Optional.of(retry(5, true)));
    var control =
        reconciler.updateErrorStatus(
            cluster,
            context,
            new io.fabric8.kubernetes.client.KubernetesClientException(
                "apiserver hiccup", 503, null));
    assertThat(control.isNoRetry()).isTrue();
    assertThat(control.getScheduleDelay()).contains(7_000L);
    assertThat(control.getResource()).isEmpty();

    var other = reconciler.updateErrorStatus(cluster, context, new IllegalStateException("bug"));
    assertThat(other.isNoRetry()).isTrue();
    assertThat(other.getScheduleDelay())
        .as("non-transient: the observe interval")
        .contains(45_000L);

    when(context.getRetryInfo()).thenReturn(Optional.of(retry(2, false)));
    assertThat(
            reconciler
                .updateErrorStatus(cluster, context, new IllegalStateException("x"))
                .isDefaultErrorProcessing())
        .isTrue();
  }

  private static io.javaoperatorsdk.operator.api.reconciler.RetryInfo retry(
      int attempt, boolean last) {
    return new io.javaoperatorsdk.operator.api.reconciler.RetryInfo() {
      @Override
      public int getAttemptCount() {
        return attempt;
      }

      @Override
      public boolean isLastAttempt() {
        return last;
      }
    };
  }
}
