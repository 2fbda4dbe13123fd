package io.ovdfailover.converge;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.pacemaker.CibConfig;
import io.ovdfailover.pacemaker.CorosyncConf;
import io.ovdfailover.pacemaker.PacemakerNodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The legacy guide's EL7 variant of the pair: a Pacemaker cluster of the two session managers alone
 * ({@code pcs cluster setup --name osmha osm01 osm02}), with {@code no-quorum-policy=ignore} and
 * its resources {@code virtual_ip}, {@code WebServer} (Apache) and {@code OSM} ({@code
 * osm-failover.service}). Recognised by its corosync.conf: another cluster than the spec's, whose
 * members are the two session managers and nobody else.
 *
 * @param name its cluster name ("osmha")
 * @param members its corosync.conf's node names
 * @param runningOn the session managers where its corosync and pacemaker run
 * @param activeNode the session manager that holds the VIP, if one does
 * @param resources its primitives, when its CIB was read
 * @param noQuorumPolicy its no-quorum-policy, when set
 */
public record LegacyCluster(
    String name,
    List<String> members,
    List<String> runningOn,
    Optional<String> activeNode,
    List<String> resources,
    Optional<String> noQuorumPolicy) {

  /** The legacy guide's service that runs osm-failover.sh (its resource {@code OSM}). */
  static final String OSM_FAILOVER_UNIT = "osm-failover";

  static Optional<LegacyCluster> read(Pass pass) {
    Map<String, PacemakerNodeState> states = pass.pacemakerStates();
    Set<String> sessionManagers = new TreeSet<>();
    pass.spec().sessionManagers.forEach(n -> sessionManagers.add(n.name));
    Optional<CorosyncConf> conf = Optional.empty();
    List<String> running = new ArrayList<>();
    Optional<String> active = Optional.empty();
    for (NodeSpec sm : pass.spec().sessionManagers) {
      PacemakerNodeState s = states.get(sm.name);
      CorosyncConf c = s == null ? null : s.corosync();
      if (c == null || !isLegacyPair(pass, c, sessionManagers)) continue;
      if (conf.isEmpty()) conf = Optional.of(c);
      if (s.corosyncActive() && s.pacemakerActive()) running.add(sm.name);
      if (active.isEmpty() && pass.facts().get(sm.name).hasAddress(pass.spec().vip.address)) {
        active = Optional.of(sm.name);
      }
    }
    if (conf.isEmpty()) {
      return Optional.empty();
    }
    // its CIB, when the view comes from one of its members
    String viewNode = pass.view().node();
    Optional<CibConfig> cib =
        viewNode != null && sessionManagers.contains(viewNode)
            ? pass.view().cib()
            : Optional.empty();
    return Optional.of(
        new LegacyCluster(
            conf.get().clusterName(),
            conf.get().nodeNames(),
            running,
            active,
            cib.map(c -> List.copyOf(c.primitives().keySet())).orElse(List.of()),
            cib.flatMap(c -> Optional.ofNullable(c.properties().get("no-quorum-policy")))));
  }

  /** Two members, the session managers by their names (with or without a domain), not ours. */
  private static boolean isLegacyPair(Pass pass, CorosyncConf c, Set<String> sessionManagers) {
    // a cluster the operator adopts (its name, or its members under their private names) and the
    // current two-node layout (a quorum device) are not the legacy pair
    if (c.isDistroDefault()
        || io.ovdfailover.pacemaker.ClusterFormation.isOurs(pass.spec(), c)
        || c.quorumDeviceHost() != null) {
      return false;
    }
    Set<String> short_ = new TreeSet<>();
    c.nodeNames().forEach(n -> short_.add(n.split("\\.")[0]));
    return c.nodeNames().size() == 2 && short_.equals(sessionManagers);
  }

  String summary() {
    return "Pacemaker cluster '"
        + name
        + "' of "
        + members
        + (runningOn.isEmpty() ? " (stopped)" : " (running on " + runningOn + ")")
        + ", VIP "
        + activeNode.map(n -> "on " + n).orElse("on neither session manager")
        + (resources.isEmpty() ? "" : ", resources " + resources)
        + noQuorumPolicy.map(p -> ", no-quorum-policy=" + p).orElse("");
  }
}
