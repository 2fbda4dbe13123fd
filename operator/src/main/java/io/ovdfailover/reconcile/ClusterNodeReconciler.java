package io.ovdfailover.reconcile;

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
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.OvdFailoverCluster;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reconciles a {@link ClusterNode}: finds its cluster (same namespace, {@code spec.cluster}), takes its role
 * from the cluster's topology and reports whether it is part of it (condition Registered). It opens no
 * connection; probing the host over SSH belongs to the host engine.
 */
@ControllerConfiguration(name = ClusterNodeReconciler.NAME)
public class ClusterNodeReconciler implements Reconciler<ClusterNode> {
  public static final String NAME = "clusternode";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final ReconcileSettings settings;
  private final Clock clock;
  private final ErrorPolicy errorPolicy;

  public ClusterNodeReconciler(ReconcileSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.errorPolicy = new ErrorPolicy(settings);
  }

  /** The cluster is a secondary resource: a topology change re-registers its nodes. */
  @Override
  public List<EventSource<?, ClusterNode>> prepareEventSources(EventSourceContext<ClusterNode> context) {
    var clusters = InformerEventSourceConfiguration.from(OvdFailoverCluster.class, ClusterNode.class)
        .withName("ovdfailoverclusters")
        .withSecondaryToPrimaryMapper((OvdFailoverCluster cluster) -> context.getPrimaryCache()
            .list(cluster.getMetadata().getNamespace(),
                node -> node.getSpec() != null && cluster.getMetadata().getName().equals(node.getSpec().cluster))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((ClusterNode node) -> OvdFailoverClusterReconciler.clusterOf(node))
        // the cluster's status changes every observation; only its spec (the topology) matters here
        .withOnUpdateFilter((newCluster, oldCluster) -> !Objects.equals(newCluster.getMetadata().getGeneration(),
            oldCluster.getMetadata().getGeneration()))
        .build();
    return List.of(new InformerEventSource<>(clusters, context));
  }

  @Override
  public UpdateControl<ClusterNode> reconcile(ClusterNode node, Context<ClusterNode> context) {
    ClusterNodeStatus previous = node.getStatus();
    ClusterNodeStatus status = previous == null ? new ClusterNodeStatus() : SERIALIZATION.clone(previous);
    if (status.conditions == null) {
      status.conditions = new ArrayList<>();
    }
    Long generation = node.getMetadata().getGeneration();
    status.observedGeneration = generation;

    List<SpecValidator.Problem> problems = new SpecValidator().validate(node.getSpec());
    if (!problems.isEmpty()) {
      String message = problems.stream().map(SpecValidator.Problem::toString).collect(Collectors.joining("; "));
      Conditions.set(status.conditions, ConditionTypes.SPEC_VALID, Conditions.FALSE,
          ConditionTypes.REASON_INVALID_SPEC, message, generation, clock);
      status.role = null;
    } else {
      Conditions.set(status.conditions, ConditionTypes.SPEC_VALID, Conditions.TRUE,
          ConditionTypes.REASON_SPEC_ACCEPTED, "the spec passed validation", generation, clock);
      register(node, context.getSecondaryResource(OvdFailoverCluster.class), status, generation);
    }

    UpdateControl<ClusterNode> control = same(previous, status)
        ? UpdateControl.noUpdate() : UpdateControl.patchStatus(statusPatch(node, status));
    return control.rescheduleAfter(settings.observeInterval());
  }

  private void register(ClusterNode node, Optional<OvdFailoverCluster> cluster, ClusterNodeStatus status,
      Long generation) {
    String nodeName = node.getSpec().effectiveNodeName(node.getMetadata().getName());
    String clusterName = node.getSpec().cluster;
    if (cluster.isEmpty()) {
      status.role = null;
      Conditions.set(status.conditions, ConditionTypes.REGISTERED, Conditions.FALSE,
          ConditionTypes.REASON_CLUSTER_NOT_FOUND,
          "no OvdFailoverCluster " + clusterName + " in namespace " + node.getMetadata().getNamespace(), generation,
          clock);
      return;
    }
    Optional<String> role = Topology.roleOf(cluster.get().getSpec(), nodeName);
    status.role = role.orElse(null);
    if (role.isPresent()) {
      Conditions.set(status.conditions, ConditionTypes.REGISTERED, Conditions.TRUE, ConditionTypes.REASON_IN_TOPOLOGY,
          nodeName + " is a " + role.get() + " node of " + clusterName, generation, clock);
    } else {
      Conditions.set(status.conditions, ConditionTypes.REGISTERED, Conditions.FALSE,
          ConditionTypes.REASON_NOT_IN_TOPOLOGY, "the topology of " + clusterName + " has no node named " + nodeName,
          generation, clock);
    }
  }

  static ClusterNode statusPatch(ClusterNode node, ClusterNodeStatus status) {
    ClusterNode patch = new ClusterNode();
    patch.setMetadata(new ObjectMetaBuilder().withName(node.getMetadata().getName())
        .withNamespace(node.getMetadata().getNamespace()).build());
    patch.setStatus(status);
    return patch;
  }

  private static boolean same(ClusterNodeStatus a, ClusterNodeStatus b) {
    return a != null && SERIALIZATION.convertValue(a, Map.class).equals(SERIALIZATION.convertValue(b, Map.class));
  }

  @Override
  public ErrorStatusUpdateControl<ClusterNode> updateErrorStatus(ClusterNode node, Context<ClusterNode> context,
      Exception e) {
    return errorPolicy.onError(node, context, e);
  }
}
