package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator last saw on one node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterNodeStatus {
  public Long observedGeneration;

  @JsonPropertyDescription("Role in the cluster: SessionManager, Quorum or Database.")
  public String role;

  @JsonPropertyDescription("Operating system and the distro profile used, e.g. `debian-12`.")
  public String os;

  @JsonPropertyDescription(
      "Fingerprint of the host key that was verified (or accepted on first use).")
  public String hostKeyFingerprint;

  @JsonPropertyDescription("Pacemaker state of the node: Online, Standby, Offline, or NotMember.")
  public String pacemaker;

  @JsonPropertyDescription("When the node was last probed (RFC 3339).")
  public String lastProbeTime;

  @JsonPropertyDescription(
      "The node's state as Kubernetes conditions, one per type: SpecValid, Registered (the node is "
          + "part of its cluster's topology) and Reachable (it answered the cluster's last probe).")
  public List<Condition> conditions = new ArrayList<>();
}
