package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a failover setup, as read from the hosts. */
@JsonClassDescription(
    "What the operator last observed on the hosts (written by the operator only): the phase, the "
        + "session manager holding the VIP, each node and each of the six Pacemaker resources, the plan "
        + "still to run, the failover tests and the conditions.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OvdFailoverClusterStatus {
  @JsonPropertyDescription("metadata.generation of the spec this status was computed for.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Where the setup stands: Pending (nothing done on the hosts yet, or the spec is invalid), "
          + "Converging (the operator is changing the hosts), WaitingForMaintenance (the next step "
          + "interrupts the Session Manager and waits for spec.maintenance.allowDowntime), Ready "
          + "(converged, every node online, the six resources together), Degraded (serving, but a node "
          + "is lost or an admin's action in Pacemaker holds), Failed (a step failed and needs a person) "
          + "or DryRun (spec.dryRun: the plan is in pendingActions).")
  public String phase;

  @JsonPropertyDescription(
      "The session manager holding the VIP with all six resources started on it; absent while they "
          + "are not together on one session manager.")
  public String activeNode;

  @JsonPropertyDescription("Nodes ready out of nodes in the topology, e.g. 4/5.")
  public String nodesReady;

  @JsonPropertyDescription("One-line summary of the state for `kubectl get -o wide`.")
  public String message;

  @JsonPropertyDescription("One entry per node of the topology: what the last probe found.")
  public List<NodeSummary> nodes = new ArrayList<>();

  @JsonPropertyDescription(
      "The six Pacemaker resources of the guide (virtual_ip, virtual_ip_src, osm_cron, httpd, lsyncd, "
          + "lsyncd_cron): where each runs and in which role, as pcs status shows them.")
  public List<ResourceSummary> resources = new ArrayList<>();

  @JsonPropertyDescription(
      "The plan: the actions still to run on the hosts, in order, while the setup is not converged "
          + "(with spec.dryRun, every action the operator would run).")
  public List<PendingAction> pendingActions = new ArrayList<>();

  @JsonPropertyDescription(
      "The last failover test (the guide's chapter VII switch from one session manager to the "
          + "other): the one running now, or the last one that ended.")
  public FailoverTestResult lastFailoverTest;

  @JsonPropertyDescription("The most recent failover tests, newest first: at most 10.")
  public List<FailoverTestResult> failoverTestHistory = new ArrayList<>();

  @JsonPropertyDescription(
      "Failover test requests already taken up: each request runs at most once.")
  public FailoverTestRequests failoverTestRequests;

  @JsonPropertyDescription(
      "Pacemaker's failed resource actions (pcs status' \"Failed Resource Actions\") on the six "
          + "resources, with when the operator first saw each.")
  public List<FailedActionRecord> failedActions = new ArrayList<>();

  @JsonPropertyDescription(
      "The cleanups of failed actions the operator ran in the last hour "
          + "(spec.pacemaker.failedActionCleanup), which its limit and backoff count.")
  public List<FailedActionRecord> failedActionCleanups = new ArrayList<>();

  /** A failed action, or a cleanup of one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FailedActionRecord {
    @JsonPropertyDescription("The resource (virtual_ip, httpd, lsyncd...).")
    public String resource;

    @JsonPropertyDescription("The Pacemaker node it failed on (osm1.priv).")
    public String node;

    @JsonPropertyDescription("The operation and how it ended, as pcs status words it.")
    public String message;

    @JsonPropertyDescription(
        "For a failed action, when the operator first saw it; for a cleanup, when it ran (RFC 3339).")
    public String time;

    @JsonPropertyDescription(
        "On a failed action: true once the hour's cleanups of it are used up "
            + "(spec.pacemaker.failedActionCleanup.maxPerHour), so it is left for a person; a "
            + "FailedActionCleanup Warning Event said so.")
    public Boolean leftForAPerson;

    public FailedActionRecord() {}

    public FailedActionRecord(String resource, String node, String message, String time) {
      this.resource = resource;
      this.node = node;
      this.message = message;
      this.time = time;
    }
  }

  @JsonPropertyDescription(
      "The OVD upgrade (appendix 3) that raising spec.ovdVersion started: the last one, with a line "
          + "per step.")
  public OvdUpgradeStatus ovdUpgrade;

  /** Appendix 3's procedure as it went. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class OvdUpgradeStatus {
    public static final String RUNNING = "Running";
    public static final String WAITING = "WaitingForMaintenance";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    /** Waiting for something a person did or must do (an admin's standby or unstandby). */
    public static final String HELD = "Held";

    @JsonPropertyDescription("The oldest Session Manager package version installed at its start.")
    public String fromVersion;

    @JsonPropertyDescription("spec.ovdVersion it brings both session managers to.")
    public String toVersion;

    @JsonPropertyDescription(
        "Running, WaitingForMaintenance, Held (waiting for what a person did or must do, said in"
            + " message), Succeeded or Failed.")
    public String result;

    @JsonPropertyDescription("When the operator first planned it (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("When both session managers were back in production (RFC 3339).")
    public String endTime;

    @JsonPropertyDescription("The last stage's message: on a failure, what to do next.")
    public String message;

    @JsonPropertyDescription("What was done, a line per step: time, node and action.")
    public List<String> steps = new ArrayList<>();
  }

  @JsonPropertyDescription(
      "lsyncd between the session managers (appendix 1): where it runs, its log's last error, and "
          + "the canary's last measured lag (spec.lsyncd.canary).")
  public SyncStatus sync;

  /** What the operator knows of the file synchronisation from the active session manager. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SyncStatus {
    @JsonPropertyDescription("The session manager the files are copied from (the active one).")
    public String source;

    @JsonPropertyDescription("The session manager they are copied to.")
    public String target;

    @JsonPropertyDescription(
        "The session managers whose lsyncd unit is active: the source alone when all is well.")
    public List<String> lsyncdActiveOn = new ArrayList<>();

    @JsonPropertyDescription(
        "The last line with \"Error\" among the last lines of /var/log/lsyncd.log on the source.")
    public String lsyncdLastError;

    @JsonPropertyDescription("When the pending or last canary was written (RFC 3339).")
    public String canaryWrittenAt;

    @JsonPropertyDescription("The session manager it was written on.")
    public String canaryWrittenOn;

    @JsonPropertyDescription(
        "Seconds the last canary took to reach the target: its change time there minus its "
            + "modification time, which rsync keeps from the source (both nodes' clocks).")
    public Double lastLagSeconds;

    @JsonPropertyDescription("When the last canary reached the target (RFC 3339).")
    public String lastArrivedAt;

    @JsonPropertyDescription(
        "While the pending canary is later than maxLagSeconds: how many seconds it has been on its"
            + " way so far.")
    public Double lateSeconds;
  }

  @JsonPropertyDescription(
      "spec.farmServers as the last pass saw them (chapter IV step 4): which file holds each one's"
          + " Session Manager host and whether it is the VIP.")
  public List<FarmServerStatus> farmServers;

  /** One farm server's Session Manager setting. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FarmServerStatus {
    @JsonPropertyDescription("spec.farmServers[].name.")
    public String name;

    @JsonPropertyDescription("OAS, OFS, ESG, OWA or AC.")
    public String role;

    @JsonPropertyDescription("Linux or Windows.")
    public String os;

    @JsonPropertyDescription(
        "PointsToVip, NotPointingToVip, RestartPending (the file names the VIP, the OVD service"
            + " has not restarted since), NoConfiguration, Unreachable or ManualStep (Windows).")
    public String state;

    @JsonPropertyDescription("The file that holds its Session Manager host.")
    public String file;

    @JsonPropertyDescription("What the state means here; for a Windows OAS, the manual step.")
    public String message;
  }

  @JsonPropertyDescription(
      "The time (seconds since the epoch) of the newest Pacemaker alert recorded as an Event "
          + "(spec.alerts.kubernetesEvents): older lines of the nodes' alert logs are not recorded again.")
  public String alertsRecordedUntil;

  @JsonPropertyDescription(
      "The state as Kubernetes conditions, one per type: SpecValid, NodesDefined, NodesReachable, "
          + "ClusterFormed, ResourcesHealthy, AdminOverrides, SiteDifferences, FilesSynced, FailoverTested, "
          + "Ready, and the kstatus pair "
          + "Reconciling and Stalled.")
  public List<Condition> conditions = new ArrayList<>();

  /** Per-node line of the cluster status. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class NodeSummary {
    @JsonPropertyDescription(
        "The node's hostname in the topology (a name of sessionManagers, quorumNodes or database.node).")
    public String name;

    @JsonPropertyDescription("Its role: SessionManager, Quorum or Database.")
    public String role;

    @JsonPropertyDescription(
        "Name of the ClusterNode giving SSH access to this node; absent while there is none.")
    public String clusterNode;

    @JsonPropertyDescription("Whether the node answered the last probe over SSH.")
    public Boolean reachable;

    @JsonPropertyDescription(
        "The node in Pacemaker, as pcs status shows it: Online, Standby, Maintenance, Offline, or "
            + "NotMember (not in the cluster yet). Absent on the database node, which runs no Pacemaker.")
    public String pacemaker;

    @JsonPropertyDescription(
        "The distro profile the operator uses on the node, e.g. debian-12 or rhel-8, once detected.")
    public String os;

    @JsonPropertyDescription(
        "Installed pacemaker package version on a Pacemaker node (dpkg or rpm), once probed.")
    public String pacemakerVersion;

    @JsonPropertyDescription(
        "Installed corosync package version on a Pacemaker node (dpkg or rpm), once probed.")
    public String corosyncVersion;

    @JsonPropertyDescription(
        "Installed OVD Session Manager version on a session manager (spec.sessionManagerPackage), "
            + "or why there is none, once probed. Both must be the same (chapter II).")
    public String ovdVersion;

    @JsonPropertyDescription(
        "When the operator last probed the node (RFC 3339). Refreshed when what the probe saw "
            + "changes, and otherwise at most every "
            + PROBE_TIME_REFRESH_MINUTES
            + " minutes: a write per pass per node would cost the API server more than the "
            + "timestamp is worth.")
    public String lastProbeTime;

    @JsonPropertyDescription("Why the node could not be probed or driven, when it could not.")
    public String message;
  }

  /** How stale {@link NodeSummary#lastProbeTime} may get while nothing else about a node moves. */
  public static final int PROBE_TIME_REFRESH_MINUTES = 5;

  /** One Pacemaker resource: where it runs and in which role. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResourceSummary {
    @JsonPropertyDescription(
        "The Pacemaker resource: virtual_ip, virtual_ip_src, osm_cron, httpd, lsyncd or lsyncd_cron.")
    public String name;

    @JsonPropertyDescription(
        "Its resource agent, e.g. ocf:heartbeat:IPaddr2, systemd:cluster-vip-src or "
            + "ocf:heartbeat:symlink.")
    public String agent;

    @JsonPropertyDescription(
        "The Pacemaker node it runs on (e.g. osm1.priv); several, comma-separated, if Pacemaker "
            + "reports more than one.")
    public String node;

    @JsonPropertyDescription(
        "Its role in Pacemaker (Started, Stopped, ...), or NotConfigured while the cluster does not "
            + "have it.")
    public String role;

    @JsonPropertyDescription(
        "Whether Pacemaker reports a failed action on it (cleared with pcs resource cleanup).")
    public Boolean failed;
  }

  /** One action of the plan that has not run yet. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PendingAction {
    @JsonPropertyDescription("The node the action runs on.")
    public String node;

    @JsonPropertyDescription(
        "The stage of the guide it belongs to, and its step, e.g. resources or vip-src.")
    public String step;

    @JsonPropertyDescription(
        "What it changes, in words, e.g. rewrite /etc/default/cluster-vip-src (ADDRESS).")
    public String action;

    @JsonPropertyDescription(
        "Whether it interrupts the Session Manager: such actions wait for "
            + "spec.maintenance.allowDowntime, as the guide runs them in Maintenance Mode.")
    public Boolean downtime;
  }
}
