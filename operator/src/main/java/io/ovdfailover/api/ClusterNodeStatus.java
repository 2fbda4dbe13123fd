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
      "The node's role in its cluster: SessionManager, Quorum or Database; absent while it is not "
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

  @JsonPropertyDescription("When the node was last probed (RFC 3339).")
  public String lastProbeTime;

  @JsonPropertyDescription(
      "The node's state as Kubernetes conditions, one per type: SpecValid, Registered (the node is "
          + "part of its cluster's topology) and Reachable (it answered the cluster's last probe).")
  public List<Condition> conditions = new ArrayList<>();
}
