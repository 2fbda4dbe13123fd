package io.ovdfailover.testsupport;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.converge.GuideConverger;
import io.ovdfailover.hosts.CrmMonStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The setup the reconciler tests share: JOSDK's Context mocked with the lab's ClusterNodes, a
 * reconcile whose status patch is applied, a host pass that converged.
 */
public final class Reconciling {
  private Reconciling() {}

  /** The lab's sample cluster {@code ns/lab} at generation 1. */
  public static OvdFailoverCluster labCluster() {
    OvdFailoverCluster cluster = Samples.cluster("ns", "lab");
    cluster.getMetadata().setGeneration(1L);
    return cluster;
  }

  /** A ClusterNode of {@code ns/lab} for each of {@code names}, each on its own address. */
  public static Set<ClusterNode> labNodes(List<String> names) {
    Set<ClusterNode> nodes = new HashSet<>();
    for (String n : names) {
      nodes.add(Samples.node("ns", "lab", n, Samples.octet(n)));
    }
    return nodes;
  }

  /** A cluster's Context whose secondary ClusterNodes are the lab's five. */
  public static Context<OvdFailoverCluster> clusterContext() {
    @SuppressWarnings("unchecked")
    Context<OvdFailoverCluster> context = mock(Context.class);
    handNodes(context, labNodes(Samples.NODE_NAMES));
    return context;
  }

  /** {@code nodes} as the secondary ClusterNodes of {@code context} from now on. */
  public static void handNodes(Context<OvdFailoverCluster> context, Set<ClusterNode> nodes) {
    when(context.getSecondaryResources(ClusterNode.class)).thenReturn(nodes);
  }

  /** One reconcile of {@code resource}; the status it patches is set on {@code resource}. */
  public static <S, R extends CustomResource<?, S>> UpdateControl<R> reconcile(
      Reconciler<R> reconciler, R resource, Context<R> context) {
    UpdateControl<R> control;
    try {
      control = reconciler.reconcile(resource, context);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    control.getResource().ifPresent(patch -> resource.setStatus(patch.getStatus()));
    return control;
  }

  /** A host pass that converged and saw {@code crmMon}. */
  public static GuideConverger.Result converged(Optional<CrmMonStatus> crmMon) {
    return converged(Map.of(), crmMon);
  }

  /** A host pass that converged with these nodes' facts. */
  public static GuideConverger.Result converged(
      Map<String, io.ovdfailover.hosts.HostFacts> facts, Optional<CrmMonStatus> crmMon) {
    return new GuideConverger.Result(
        GuideConverger.Outcome.CONVERGED,
        "done",
        List.of(),
        List.of(),
        "converged",
        facts,
        Map.of(),
        crmMon);
  }
}
