package io.ovdfailover.reconcile;

/**
 * Condition types and reasons this package writes (metav1.Condition: reasons are CamelCase, never
 * empty).
 */
public final class ConditionTypes {
  private ConditionTypes() {}

  /** The spec passed {@link SpecValidator}. Nothing touches a host while this is False. */
  public static final String SPEC_VALID = "SpecValid";

  /** Every node of the topology has a ClusterNode (SSH access) in the namespace. */
  public static final String NODES_DEFINED = "NodesDefined";

  /** The failover setup is up and healthy. Only the host engine can make it True. */
  public static final String READY = "Ready";

  /** On a ClusterNode: its nodeName is part of its cluster's topology. */
  public static final String REGISTERED = "Registered";

  public static final String REASON_SPEC_ACCEPTED = "SpecAccepted";
  public static final String REASON_INVALID_SPEC = "InvalidSpec";
  public static final String REASON_ALL_NODES_DEFINED = "AllNodesDefined";
  public static final String REASON_CLUSTER_NODE_MISSING = "ClusterNodeMissing";

  /**
   * A ClusterNode of the topology is invalid or reaches the same host and port as another: never
   * dialled.
   */
  public static final String REASON_CLUSTER_NODE_INVALID = "ClusterNodeInvalid";

  public static final String REASON_HOSTS_NOT_OBSERVED = "HostsNotObserved";
  public static final String REASON_IN_TOPOLOGY = "InTopology";
  public static final String REASON_NOT_IN_TOPOLOGY = "NotInTopology";
  public static final String REASON_CLUSTER_NOT_FOUND = "ClusterNotFound";

  /** Phase while nothing has been done on the hosts yet. */
  public static final String PHASE_PENDING = "Pending";
}
