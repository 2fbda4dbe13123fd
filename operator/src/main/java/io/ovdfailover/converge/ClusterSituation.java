package io.ovdfailover.converge;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.converge.AdminOverride.Kind;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.PacemakerNodeFiles;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.pacemaker.CibConfig;
import io.ovdfailover.pacemaker.ClusterFormation;
import io.ovdfailover.pacemaker.CorosyncConf;
import io.ovdfailover.pacemaker.OvdResources;
import io.ovdfailover.pacemaker.PacemakerNodeState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a pass must know before it touches a cluster that may be serving, read from one pass's
 * facts. Membership comes from corosync.conf (every Pacemaker node's probe reads it), never from
 * crm_mon alone: crm_mon can fail or time out, and a member taken for a newcomer would get the
 * replica's treatment (Apache stopped). Placement comes from a partition with quorum, and where
 * there is none, every node that could be serving is assumed to be.
 *
 * @param formed some Pacemaker node's corosync.conf names the spec's cluster
 * @param everStarted the cluster ran at some point: a member runs, or the operator's start-up mark
 *     is on a node
 * @param members topology names of the nodes corosync.conf lists (or that list themselves)
 * @param running the members whose corosync and pacemaker both run
 * @param quorateView crm_mon of a partition with quorum, if one answered
 * @param mayHold session managers that hold or may hold the resources (the VIP on a NIC, Pacemaker
 *     or the legacy guide's Heartbeat running, or a quorate view placing a resource there)
 * @param overrides what the admins did through Pacemaker
 * @param rebuilt members the cluster lists whose own corosync.conf does not name it (a VM rebuilt
 *     with the same identity): they rejoin, and are no admin's stopped node
 */
public record ClusterSituation(
    boolean formed,
    boolean everStarted,
    Set<String> members,
    Set<String> running,
    Optional<CrmMonStatus> quorateView,
    Set<String> mayHold,
    List<AdminOverride> overrides,
    Set<String> rebuilt) {

  /** Written on the coordinator by the operator's own first {@code pcs cluster start --all}. */
  public ClusterSituation {
    members = Set.copyOf(members);
    running = Set.copyOf(running);
    mayHold = Set.copyOf(mayHold);
    overrides = List.copyOf(overrides);
    rebuilt = Set.copyOf(rebuilt);
  }

  /**
   * A member in name only: rebuilt, it has to be prepared and added again (see
   * ClusterFormation.rejoin).
   */
  public boolean joined(String node) {
    return members.contains(node) && !rebuilt.contains(node);
  }

  public boolean member(String node) {
    return members.contains(node);
  }

  public boolean mayHoldResources(String node) {
    return mayHold.contains(node);
  }

  public boolean quorate() {
    return quorateView.isPresent();
  }

  public boolean maintenanceMode() {
    return overrides.stream().anyMatch(o -> o.kind() == Kind.MaintenanceMode);
  }

  /**
   * What {@link #read} needs besides the Pacemaker nodes' membership files: their units and the
   * operator's start-up mark.
   */
  public static final FactsRequest PROBES =
      PacemakerNodeState.PROBES
          .plus(FactsRequest.ofPaths(List.of(PacemakerNodeFiles.STARTED_MARK_PATH)))
          .plus(FactsRequest.ofUnits(List.of(LegacyHeartbeat.HEARTBEAT)));

  /**
   * @param facts only the nodes that answered; Pacemaker nodes carry their membership files
   * @param view the cluster view the pass works from (quorate if any asked node had quorum)
   */
  public static ClusterSituation read(
      OvdFailoverClusterSpec spec, Map<String, HostFacts> facts, ClusterView view) {
    // each Pacemaker node's membership files, parsed once
    Map<String, PacemakerNodeState> states = new LinkedHashMap<>();
    boolean marked = false;
    for (NodeSpec n : spec.pacemakerNodes()) {
      HostFacts f = facts.get(n.name);
      if (f == null) continue;
      marked |=
          f.probed(PacemakerNodeFiles.STARTED_MARK_PATH)
              && !(f.path(PacemakerNodeFiles.STARTED_MARK_PATH) instanceof PathState.Absent);
      if (f.pacemakerFiles().isPresent()) states.put(n.name, PacemakerNodeState.of(f));
    }
    Set<String> listed = new LinkedHashSet<>();
    Set<String> selfListed = new LinkedHashSet<>();
    states.forEach(
        (node, state) -> {
          CorosyncConf conf = state.corosync();
          if (ClusterFormation.isOurs(spec, conf)) {
            listed.addAll(conf.nodeNames());
            selfListed.add(node);
          }
        });
    List<String> lost = ClusterFormation.lostMembership(spec, states);
    Set<String> members = new LinkedHashSet<>();
    Set<String> running = new LinkedHashSet<>();
    Set<String> rebuilt = new LinkedHashSet<>();
    for (NodeSpec n : spec.pacemakerNodes()) {
      String pcmName = OvdResources.pacemakerNodeName(spec, n);
      if (!listed.contains(pcmName) && !selfListed.contains(n.name)) continue;
      members.add(n.name);
      if (states.containsKey(n.name) && lost.contains(pcmName)) rebuilt.add(n.name);
      HostFacts f = facts.get(n.name);
      if (f != null && f.unit("corosync").active() && f.unit("pacemaker").active())
        running.add(n.name);
    }
    Optional<CrmMonStatus> quorate = view.crmMon().filter(CrmMonStatus::withQuorum);

    Set<String> mayHold = new LinkedHashSet<>();
    for (NodeSpec sm : spec.sessionManagers) {
      HostFacts f = facts.get(sm.name);
      String pcmName = OvdResources.pacemakerNodeName(spec, sm);
      boolean vipHere = f != null && f.hasAddress(spec.vip.address);
      // Debian's corosync package starts a one-node cluster "debian" with no resources: that one
      // serves nothing
      PacemakerNodeState state = states.get(sm.name);
      boolean distroDefault =
          state != null && state.corosync() != null && state.corosync().isDistroDefault();
      boolean pacemakerHere = f != null && f.unit("pacemaker").active() && !distroDefault;
      boolean placedHere =
          quorate
              .map(c -> c.resources().stream().anyMatch(r -> r.nodes().contains(pcmName)))
              .orElse(false);
      // the legacy guide's Heartbeat takes the VIP on its own when the other node goes quiet
      boolean heartbeatHere = f != null && f.unit(LegacyHeartbeat.HEARTBEAT).active();
      // without facts (unreachable) nothing can be ruled out
      if (f == null || vipHere || pacemakerHere || placedHere || heartbeatHere)
        mayHold.add(sm.name);
    }
    boolean formed = !selfListed.isEmpty();
    boolean everStarted = !running.isEmpty() || marked;
    Set<String> stopped = new LinkedHashSet<>(running);
    stopped.addAll(rebuilt); // not stopped by anyone: rebuilt
    return new ClusterSituation(
        formed,
        everStarted,
        members,
        running,
        quorate,
        mayHold,
        overrides(spec, view, formed && everStarted, members, stopped),
        rebuilt);
  }

  private static List<AdminOverride> overrides(
      OvdFailoverClusterSpec spec,
      ClusterView view,
      boolean started,
      Set<String> members,
      Set<String> running) {
    List<AdminOverride> out = new ArrayList<>();
    Optional<CibConfig> cib = view.cib();
    boolean maintenance =
        cib.map(c -> "true".equalsIgnoreCase(c.properties().get("maintenance-mode"))).orElse(false);
    if (maintenance) {
      out.add(
          new AdminOverride(
              Kind.MaintenanceMode,
              spec.clusterName,
              "the cluster is in maintenance-mode "
                  + "(pcs property set maintenance-mode=true): Pacemaker starts and stops nothing, and the operator changes "
                  + "nothing in the cluster until it is off"));
    }
    Set<String> nodesInMaintenance = new LinkedHashSet<>();
    view.crmMon()
        .ifPresent(
            crm -> {
              for (NodeSpec n : spec.pacemakerNodes()) {
                crm.node(OvdResources.pacemakerNodeName(spec, n))
                    .ifPresent(
                        node -> {
                          if (node.standby()) {
                            out.add(
                                new AdminOverride(
                                    Kind.NodeStandby,
                                    n.name,
                                    n.name
                                        + " is in standby (pcs node unstandby "
                                        + node.name()
                                        + " brings it back)"));
                          }
                          if (node.maintenance()) {
                            nodesInMaintenance.add(node.name());
                            out.add(
                                new AdminOverride(
                                    Kind.NodeMaintenance,
                                    n.name,
                                    n.name
                                        + " is in maintenance (pcs node "
                                        + "unmaintenance "
                                        + node.name()
                                        + ")"));
                          }
                        });
              }
            });
    cib.ifPresent(
        c ->
            OvdResources.ALL.forEach(
                id ->
                    c.primitive(id)
                        .filter(CibConfig.LivePrimitive::disabled)
                        .ifPresent(
                            p ->
                                out.add(
                                    new AdminOverride(
                                        Kind.ResourceDisabled,
                                        id,
                                        id
                                            + " is disabled (target-role="
                                            + p.targetRole()
                                            + "); the operator leaves it so: pcs resource enable "
                                            + id)))));
    if (!maintenance) {
      view.crmMon()
          .ifPresent(
              crm ->
                  crm.resources().stream()
                      .filter(r -> OvdResources.ALL.contains(r.id()) && !r.managed())
                      .filter(r -> r.nodes().stream().noneMatch(nodesInMaintenance::contains))
                      .forEach(
                          r ->
                              out.add(
                                  new AdminOverride(
                                      Kind.ResourceUnmanaged,
                                      r.id(),
                                      r.id()
                                          + " is unmanaged (pcs resource manage "
                                          + r.id()
                                          + ")"))));
    }
    if (started) {
      members.stream()
          .filter(m -> !running.contains(m))
          .sorted()
          .forEach(
              m ->
                  out.add(
                      new AdminOverride(
                          Kind.ClusterStoppedOnNode,
                          m,
                          m
                              + ": corosync/pacemaker are not running (pcs cluster stop, or a reboot with "
                              + "the cluster disabled at boot); the operator starts them only with spec.pacemaker.restartStoppedNodes")));
    }
    return out;
  }
}
