package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator last saw on one node. */
@JsonClassDescription("What the operator last saw on this node (written by the operator only).")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterNodeStatus {
  @JsonPropertyDescription("metadata.generation of the spec this status was computed for.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "The node's role in its cluster: SessionManager, Quorum, Database or FarmServer (spec.farmServers); absent while it is not "
          + "part of the topology.")
  public String role;

  @JsonPropertyDescription("Operating system and the distro profile used, e.g. `debian-12`.")
  public String os;

  @JsonPropertyDescription(
      "Fingerprint of the host key that was verified (or accepted on first use).")
  public String hostKeyFingerprint;

  @JsonPropertyDescription(
      "The node in Pacemaker, as pcs status shows it: Online, Standby, Maintenance, Offline, or "
          + "NotMember (not in the cluster yet).")
  public String pacemaker;

  @JsonPropertyDescription(
      "Installed pacemaker package version on a Pacemaker node, as its cluster's probe read it.")
  public String pacemakerVersion;

  @JsonPropertyDescription(
      "Installed corosync package version on a Pacemaker node, as its cluster's probe read it.")
  public String corosyncVersion;

  @JsonPropertyDescription(
      "When the node was last probed (RFC 3339): refreshed when what the probe saw changes, and "
          + "otherwise at most every few minutes (the cluster's status.nodes[].lastProbeTime).")
  public String lastProbeTime;

  @JsonPropertyDescription(
      "The node's state as Kubernetes conditions, one per type: SpecValid, Registered (the node is "
          + "part of its cluster's topology), Reachable (it answered the cluster's last probe) and "
          + "Ready (all three, and a Pacemaker node is a member of its cluster and not Offline).")
  public List<Condition> conditions = new ArrayList<>();
}
