package io.ovdfailover.api;

import java.util.List;

/**
 * The condition types the operator writes (metav1.Condition.type). A constant's name is the value
 * in status, so they are CamelCase like the reasons Kubernetes users read.
 */
public enum ConditionType {
  /** The spec passed validation. Nothing touches a host while this is False. */
  SpecValid,
  /** Every node of the topology has a valid ClusterNode (SSH access) in the namespace. */
  NodesDefined,
  /** Every node answered the last probe. */
  NodesReachable,
  /** Every Pacemaker node is a member of the cluster. */
  ClusterFormed,
  /** The six resources run together on one session manager. */
  ResourcesHealthy,
  /** Something an admin did through Pacemaker holds (maintenance-mode, standby, ...). */
  AdminOverrides,
  /**
   * The hosts differ from what the operator would build and it keeps them so (a cluster built by
   * hand: a constraint left behind, an lsyncd configuration of the site's) or leaves the change for
   * downtime. Reason: the first such finding's disposition ({@code Kept}, {@code NeedsDowntime});
   * {@code None} when what differs is only equivalent or brought to the operator's form.
   */
  SiteDifferences,
  /**
   * lsyncd runs on the active session manager only and, with spec.lsyncd.canary, the canary reached
   * the passive one within maxLagSeconds. False refuses failover tests: a switchover would lose the
   * files not yet copied.
   */
  FilesSynced,
  /** The outcome of the last failover test. */
  FailoverTested,
  /** The failover setup is up and healthy. Only a pass over the hosts can make it True. */
  Ready,
  /** kstatus: the operator is changing the hosts (phase Pending or Converging). */
  Reconciling,
  /** kstatus: progress needs a person (phase Failed, or WaitingForMaintenance). */
  Stalled,
  /** On a ClusterNode: its nodeName is part of its cluster's topology. */
  Registered,
  /** On a ClusterNode: it answered its cluster's last probe. */
  Reachable;

  /** The types an OvdFailoverCluster carries (the CRD's description lists them). */
  public static final List<ConditionType> ON_CLUSTER =
      List.of(
          SpecValid,
          NodesDefined,
          NodesReachable,
          ClusterFormed,
          ResourcesHealthy,
          AdminOverrides,
          SiteDifferences,
          FilesSynced,
          FailoverTested,
          Ready,
          Reconciling,
          Stalled);

  /** The types a ClusterNode carries. */
  public static final List<ConditionType> ON_NODE =
      List.of(SpecValid, Registered, Reachable, Ready);
}
