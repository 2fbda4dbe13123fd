package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a failover setup, as read from the hosts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OvdFailoverClusterStatus {
  @JsonPropertyDescription("metadata.generation of the spec this status was computed for.")
  public Long observedGeneration;

  @JsonPropertyDescription("Pending, Converging, WaitingForMaintenance, Ready, Degraded or Failed.")
  public String phase;

  @JsonPropertyDescription("Session manager currently holding the VIP.")
  public String activeNode;

  @JsonPropertyDescription("Nodes ready out of nodes in the topology, e.g. 4/5.")
  public String nodesReady;

  @JsonPropertyDescription("One-line summary of the state for `kubectl get -o wide`.")
  public String message;

  @JsonPropertyDescription("Per-node summary.")
  public List<NodeSummary> nodes = new ArrayList<>();

  @JsonPropertyDescription("Where each of the six Pacemaker resources runs.")
  public List<ResourceSummary> resources = new ArrayList<>();

  @JsonPropertyDescription("Actions still to run when not converged (the plan), per node.")
  public List<PendingAction> pendingActions = new ArrayList<>();

  @JsonPropertyDescription("Outcome of the last failover test.")
  public FailoverTestResult lastFailoverTest;

  @JsonPropertyDescription("The most recent failover tests, newest first (bounded).")
  public List<FailoverTestResult> failoverTestHistory = new ArrayList<>();

  @JsonPropertyDescription(
      "Failover test requests already taken up: each request runs at most once.")
  public FailoverTestRequests failoverTestRequests;

  @JsonPropertyDescription(
      "The state as Kubernetes conditions, one per type: SpecValid, NodesDefined, NodesReachable, "
          + "ClusterFormed, ResourcesHealthy, AdminOverrides, FailoverTested, Ready, and the kstatus pair "
          + "Reconciling and Stalled.")
  public List<Condition> conditions = new ArrayList<>();

  /** Per-node line of the cluster status. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class NodeSummary {
    public String name;
    public String role;

    @JsonPropertyDescription(
        "Name of the ClusterNode giving SSH access to this node; absent while there is none.")
    public String clusterNode;

    public Boolean reachable;
    public String pacemaker;
    public String os;
    public String message;
  }

  /** One Pacemaker resource: where it runs and in which role. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResourceSummary {
    public String name;
    public String agent;
    public String node;
    public String role;
    public Boolean failed;
  }

  /** One action of the plan that has not run yet. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PendingAction {
    public String node;
    public String step;
    public String action;
    public Boolean downtime;
  }
}
