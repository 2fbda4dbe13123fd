package io.ovdfailover.controller;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.ClusterNodeStatus;
import io.ovdfailover.api.ConditionReason;
import io.ovdfailover.api.ConditionType;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.converge.EventReason;
import io.ovdfailover.converge.EventRecorder;
import io.ovdfailover.steps.guide.NodeRole;
import io.ovdfailover.validation.SpecValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reconciles a {@link ClusterNode}: finds its cluster (same namespace, {@code spec.cluster}), takes
 * its role from the cluster's topology and reports whether it is part of it (condition Registered).
 * It opens no connection; probing the host over SSH belongs to the host engine.
 */
@ControllerConfiguration(name = ClusterNodeReconciler.NAME)
public class ClusterNodeReconciler implements Reconciler<ClusterNode> {
  public static final String NAME = "clusternode";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** The host key a node's sshd presented on the operator's open connection, if connected. */
  @FunctionalInterface
  public interface PresentedKeys {
    PresentedKeys NONE = node -> Optional.empty();

    Optional<String> fingerprint(ClusterNode node);
  }

  /**
   * While a key accepted on first use is not in status yet, look again soon: status is where the
   * pin lives.
   */
  static final java.time.Duration PIN_PENDING_RECHECK = java.time.Duration.ofSeconds(5);

  private final ReconcileSettings settings;
  private final Clock clock;
  private final ErrorPolicy errorPolicy;
  private final PresentedKeys presentedKeys;
  private final EventRecorder events;

  public ClusterNodeReconciler(ReconcileSettings settings, Clock clock) {
    this(settings, clock, PresentedKeys.NONE, (involved, type, reason, message) -> {});
  }

  public ClusterNodeReconciler(
      ReconcileSettings settings, Clock clock, PresentedKeys presentedKeys, EventRecorder events) {
    this.settings = settings;
    this.clock = clock;
    this.errorPolicy = new ErrorPolicy(settings);
    this.presentedKeys = presentedKeys;
    this.events = events;
  }

  /** The cluster is a secondary resource: a topology change re-registers its nodes. */
  @Override
  public List<EventSource<?, ClusterNode>> prepareEventSources(
      EventSourceContext<ClusterNode> context) {
    var clusters =
        InformerEventSourceConfiguration.from(OvdFailoverCluster.class, ClusterNode.class)
            .withName("ovdfailoverclusters")
            .withSecondaryToPrimaryMapper(
                (OvdFailoverCluster cluster) ->
                    context
                        .getPrimaryCache()
                        .list(
                            cluster.getMetadata().getNamespace(),
                            node ->
                                node.getSpec() != null
                                    && cluster
                                        .getMetadata()
                                        .getName()
                                        .equals(node.getSpec().cluster))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(
                (ClusterNode node) -> OvdFailoverClusterReconciler.clusterOf(node))
            // the cluster's status changes every observation; only its spec (the topology) and what
            // it says of each
            // node (reachable, OS, Pacemaker state) matter here
            .withOnUpdateFilter(
                (newCluster, oldCluster) ->
                    !Objects.equals(
                            newCluster.getMetadata().getGeneration(),
                            oldCluster.getMetadata().getGeneration())
                        || !Objects.equals(nodeSummaries(newCluster), nodeSummaries(oldCluster)))
            .build();
    return List.of(new InformerEventSource<>(clusters, context));
  }

  @Override
  public UpdateControl<ClusterNode> reconcile(ClusterNode node, Context<ClusterNode> context) {
    ClusterNodeStatus previous = node.getStatus();
    ClusterNodeStatus status =
        previous == null ? new ClusterNodeStatus() : SERIALIZATION.clone(previous);
    if (status.conditions == null) {
      status.conditions = new ArrayList<>();
    }
    Long generation = node.getMetadata().getGeneration();
    status.observedGeneration = generation;

    List<SpecValidator.Problem> problems = new SpecValidator().validate(node.getSpec());
    if (!problems.isEmpty()) {
      String message =
          problems.stream().map(SpecValidator.Problem::toString).collect(Collectors.joining("; "));
      Conditions.set(
          status.conditions,
          ConditionType.SpecValid,
          false,
          ConditionReason.InvalidSpec,
          message,
          generation,
          clock);
      status.role = null;
    } else {
      Conditions.set(
          status.conditions,
          ConditionType.SpecValid,
          true,
          ConditionReason.SpecAccepted,
          "the spec passed validation",
          generation,
          clock);
      register(node, context.getSecondaryResource(OvdFailoverCluster.class), status, generation);
      recordHostKey(node, status);
    }

    ready(status, generation);

    UpdateControl<ClusterNode> control =
        same(previous, status)
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(statusPatch(node, status));
    boolean pinPending = presentedKeys != PresentedKeys.NONE && pinPending(node, status);
    return control.rescheduleAfter(pinPending ? PIN_PENDING_RECHECK : settings.observeInterval());
  }

  /**
   * The key the node presented: with a pinned spec.ssh.hostKey, the one verified; with
   * trustOnFirstUse, the first one accepted, written once and never replaced (HostAccess pins it
   * from then on), with an Event.
   */
  private void recordHostKey(ClusterNode node, ClusterNodeStatus status) {
    Optional<String> presented = presentedKeys.fingerprint(node);
    if (presented.isEmpty()) {
      return;
    }
    boolean pinnedInSpec =
        node.getSpec().ssh.hostKey != null && !node.getSpec().ssh.hostKey.isBlank();
    if (pinnedInSpec) {
      status.hostKeyFingerprint = presented.get();
    } else if (node.getSpec().ssh.trustOnFirstUse && status.hostKeyFingerprint == null) {
      status.hostKeyFingerprint = presented.get();
      events.record(
          node,
          EventRecorder.Type.Normal,
          EventReason.HostKeyAcceptedOnFirstUse,
          node.getMetadata().getName()
              + ": host key "
              + presented.get()
              + " accepted on first use and pinned from now on (status"
              + ".hostKeyFingerprint); a different key will be refused");
    }
  }

  private static boolean pinPending(ClusterNode node, ClusterNodeStatus status) {
    return node.getSpec() != null
        && node.getSpec().ssh != null
        && node.getSpec().ssh.trustOnFirstUse
        && (node.getSpec().ssh.hostKey == null || node.getSpec().ssh.hostKey.isBlank())
        && status.hostKeyFingerprint == null;
  }

  private static Object nodeSummaries(OvdFailoverCluster cluster) {
    if (cluster.getStatus() == null) {
      return List.of();
    }
    // a farm server's Reachable follows status.farmServers
    return List.of(
        cluster.getStatus().nodes == null
            ? List.of()
            : SERIALIZATION.convertValue(cluster.getStatus().nodes, List.class),
        cluster.getStatus().farmServers == null
            ? List.of()
            : SERIALIZATION.convertValue(cluster.getStatus().farmServers, List.class));
  }

  /**
   * What the cluster's last observation said of this node (its facts probe runs in the cluster's
   * pass): reachable, OS profile, Pacemaker state, with a Reachable condition, so that {@code
   * kubectl get ovdnodes} tells the truth.
   */
  private void observed(
      ClusterNode node,
      OvdFailoverCluster cluster,
      String nodeName,
      ClusterNodeStatus status,
      Long generation) {
    if (cluster.getStatus() == null || cluster.getStatus().nodes == null) {
      return;
    }
    cluster.getStatus().nodes.stream()
        .filter(n -> nodeName.equals(n.name) && node.getMetadata().getName().equals(n.clusterNode))
        .filter(n -> n.reachable != null)
        .findFirst()
        .ifPresent(
            n -> {
              status.os = n.os;
              String pacemakerBefore = status.pacemaker;
              status.pacemaker = n.pacemaker;
              status.pacemakerVersion = n.pacemakerVersion;
              status.corosyncVersion = n.corosyncVersion;
              status.lastProbeTime = n.lastProbeTime;
              // an admin's standby or maintenance, or a node leaving, shows on the node too; the
              // first observation and a node that was not a member yet are not news
              if (pacemakerBefore != null
                  && n.pacemaker != null
                  && !"NotMember".equals(pacemakerBefore)
                  && !pacemakerBefore.equals(n.pacemaker)) {
                events.record(
                    node,
                    "Offline".equals(n.pacemaker)
                        ? EventRecorder.Type.Warning
                        : EventRecorder.Type.Normal,
                    EventReason.NodePacemakerState,
                    nodeName
                        + " is "
                        + n.pacemaker
                        + " in Pacemaker (was "
                        + pacemakerBefore
                        + ")");
              }
              // empty at the first observation: no Event for it
              Optional<Boolean> wasReachable =
                  Conditions.find(status.conditions, ConditionType.Reachable)
                      .map(c -> Conditions.TRUE.equals(c.getStatus()));
              Conditions.set(
                  status.conditions,
                  ConditionType.Reachable,
                  n.reachable,
                  n.reachable ? ConditionReason.ProbeAnswered : ConditionReason.ProbeFailed,
                  n.reachable
                      ? "the node answered the facts probe"
                      : n.message == null ? "the node did not answer the facts probe" : n.message,
                  generation,
                  clock);
              // an Event when the node is lost or back, on the ClusterNode itself
              if (wasReachable.isPresent() && wasReachable.get() != n.reachable) {
                events.record(
                    node,
                    n.reachable ? EventRecorder.Type.Normal : EventRecorder.Type.Warning,
                    n.reachable ? EventReason.NodeReachable : EventReason.NodeUnreachable,
                    n.reachable
                        ? nodeName + " answers its cluster's probe again"
                        : nodeName
                            + " does not answer its cluster's probe"
                            + (n.message == null ? "" : ": " + n.message));
              }
            });
  }

  /**
   * Ready sums the other conditions up the way {@code kubectl wait --for=condition=Ready} and
   * kstatus read it: the first one that fails says why.
   */
  private void ready(ClusterNodeStatus status, Long generation) {
    for (ConditionType t :
        List.of(ConditionType.SpecValid, ConditionType.Registered, ConditionType.Reachable)) {
      Optional<Condition> c = Conditions.find(status.conditions, t);
      if (c.isEmpty()) {
        notReady(
            status,
            ConditionReason.HostsNotObserved,
            "the node's cluster has not probed it yet",
            generation);
        return;
      }
      if (!Conditions.TRUE.equals(c.get().getStatus())) {
        notReady(
            status, ConditionReason.valueOf(c.get().getReason()), c.get().getMessage(), generation);
        return;
      }
    }
    if ("Offline".equals(status.pacemaker)) {
      notReady(
          status,
          ConditionReason.NodeOffline,
          "the node answers but is offline in Pacemaker",
          generation);
    } else if ("NotMember".equals(status.pacemaker)) {
      notReady(
          status,
          ConditionReason.NotFormed,
          "the node is not a member of the Pacemaker cluster yet",
          generation);
    } else {
      Conditions.set(
          status.conditions,
          ConditionType.Ready,
          true,
          ConditionReason.NodeReady,
          status.pacemaker == null
              ? "the node answers its cluster's probe"
              : "the node answers its cluster's probe and is " + status.pacemaker + " in Pacemaker",
          generation,
          clock);
    }
  }

  private void notReady(
      ClusterNodeStatus status, ConditionReason reason, String message, Long generation) {
    Conditions.set(
        status.conditions, ConditionType.Ready, false, reason, message, generation, clock);
  }

  static final String FARM_SERVER_ROLE = "FarmServer";

  /**
   * A farm server's Reachable condition, from its cluster's status.farmServers (it has no Pacemaker
   * state).
   */
  private void farmObserved(
      OvdFailoverCluster cluster, String nodeName, ClusterNodeStatus status, Long generation) {
    if (cluster.getStatus() == null || cluster.getStatus().farmServers == null) {
      return;
    }
    cluster.getStatus().farmServers.stream()
        .filter(f -> nodeName.equals(f.name) && f.state != null)
        .findFirst()
        .ifPresent(
            f -> {
              boolean reachable = !"Unreachable".equals(f.state);
              status.pacemaker = null;
              Conditions.set(
                  status.conditions,
                  ConditionType.Reachable,
                  reachable,
                  reachable ? ConditionReason.ProbeAnswered : ConditionReason.ProbeFailed,
                  reachable ? "the farm server answered the facts probe" : f.message,
                  generation,
                  clock);
            });
  }

  private void register(
      ClusterNode node,
      Optional<OvdFailoverCluster> cluster,
      ClusterNodeStatus status,
      Long generation) {
    String nodeName = node.getSpec().effectiveNodeName(node.getMetadata().getName());
    String clusterName = node.getSpec().cluster;
    if (cluster.isEmpty()) {
      status.role = null;
      Conditions.set(
          status.conditions,
          ConditionType.Registered,
          false,
          ConditionReason.ClusterNotFound,
          "no OvdFailoverCluster "
              + clusterName
              + " in namespace "
              + node.getMetadata().getNamespace(),
          generation,
          clock);
      return;
    }
    Optional<String> role =
        Optional.ofNullable(NodeRole.of(cluster.get().getSpec(), nodeName))
            .map(NodeRole::statusName);
    status.role = role.orElse(null);
    if (role.isPresent()) {
      observed(node, cluster.get(), nodeName, status, generation);
      Conditions.set(
          status.conditions,
          ConditionType.Registered,
          true,
          ConditionReason.InTopology,
          nodeName + " is a " + role.get() + " node of " + clusterName,
          generation,
          clock);
    } else if (cluster.get().getSpec().linuxFarmServers().stream()
        .anyMatch(f -> nodeName.equals(f.name))) {
      status.role = FARM_SERVER_ROLE;
      farmObserved(cluster.get(), nodeName, status, generation);
      Conditions.set(
          status.conditions,
          ConditionType.Registered,
          true,
          ConditionReason.InTopology,
          nodeName + " is a farm server of " + clusterName + " (spec.farmServers)",
          generation,
          clock);
    } else {
      Conditions.set(
          status.conditions,
          ConditionType.Registered,
          false,
          ConditionReason.NotInTopology,
          "the topology of " + clusterName + " has no node named " + nodeName,
          generation,
          clock);
    }
  }

  static ClusterNode statusPatch(ClusterNode node, ClusterNodeStatus status) {
    ClusterNode patch = new ClusterNode();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(node.getMetadata().getName())
            .withNamespace(node.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }

  private static boolean same(ClusterNodeStatus a, ClusterNodeStatus b) {
    return a != null
        && SERIALIZATION
            .convertValue(a, Map.class)
            .equals(SERIALIZATION.convertValue(b, Map.class));
  }

  @Override
  public ErrorStatusUpdateControl<ClusterNode> updateErrorStatus(
      ClusterNode node, Context<ClusterNode> context, Exception e) {
    return errorPolicy.onError(node, context, e);
  }
}
