package io.ovdfailover.converge;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.pacemaker.PacemakerNodeState;
import io.ovdfailover.steps.NodeContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What every stage of one pass sees: the spec, each node's facts and distro profile, the cluster
 * view and the safety picture read from them, and the shells to act through (used only by a plan's
 * execution).
 */
public record Pass(
    OvdFailoverClusterSpec spec,
    Map<String, HostFacts> facts,
    Map<String, NodeContext> contexts,
    ClusterView view,
    ClusterSituation situation,
    Function<String, HostShell> shells,
    GuideConverger.Secrets secrets,
    boolean allowDowntime) {

  /** The first session manager: where the guide runs its cluster-wide pcs commands. */
  public String coordinator() {
    return spec.sessionManagers.get(0).name;
  }

  /** The second session manager: the replica that joins last. */
  public String secondSessionManager() {
    return spec.sessionManagers.get(1).name;
  }

  /**
   * The quorum device host's pcs, pcsd and hacluster mark (the two-node layout), when the spec has
   * one and its facts are in.
   */
  public java.util.Optional<PacemakerNodeState> quorumDeviceHostState() {
    return quorumDeviceHostFacts()
        .filter(f -> f.pacemakerFiles().isPresent())
        .map(PacemakerNodeState::of);
  }

  /** corosync-qnetd on the quorum device host; unknown without one or before its facts. */
  public io.ovdfailover.hosts.UnitState qnetd() {
    return quorumDeviceHostFacts()
        .map(f -> f.unit(io.ovdfailover.pacemaker.ClusterFormation.QNETD_UNIT))
        .orElse(io.ovdfailover.hosts.UnitState.UNKNOWN);
  }

  /**
   * Votequorum as each session manager sees it, for those whose corosync.conf names a quorum device
   * and whose corosync answered.
   */
  public Map<String, io.ovdfailover.hosts.Votequorum> votequorum() {
    Map<String, io.ovdfailover.hosts.Votequorum> views = new LinkedHashMap<>();
    spec.sessionManagers.forEach(
        n ->
            java.util.Optional.ofNullable(facts.get(n.name))
                .flatMap(HostFacts::votequorum)
                .ifPresent(v -> views.put(n.name, v)));
    return views;
  }

  private java.util.Optional<HostFacts> quorumDeviceHostFacts() {
    return spec.quorumDeviceHost().map(n -> facts.get(n.name));
  }

  /** Formation's view of each Pacemaker node, from the membership files in its facts. */
  public Map<String, PacemakerNodeState> pacemakerStates() {
    Map<String, PacemakerNodeState> states = new LinkedHashMap<>();
    spec.pacemakerNodes()
        .forEach(n -> states.put(n.name, PacemakerNodeState.of(facts.get(n.name))));
    return states;
  }
}
