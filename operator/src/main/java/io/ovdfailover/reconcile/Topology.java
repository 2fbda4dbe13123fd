package io.ovdfailover.reconcile;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The roles of the guide's layout: two session managers, quorum-only Pacemaker nodes, a database
 * node.
 */
public final class Topology {
  public static final String SESSION_MANAGER = "SessionManager";
  public static final String QUORUM = "Quorum";
  public static final String DATABASE = "Database";

  private Topology() {}

  /** Node name to role, in the order of the spec: session managers, quorum nodes, database node. */
  public static Map<String, String> roles(OvdFailoverClusterSpec spec) {
    Map<String, String> roles = new LinkedHashMap<>();
    if (spec == null) {
      return roles;
    }
    put(roles, spec.sessionManagers, SESSION_MANAGER);
    put(roles, spec.quorumNodes, QUORUM);
    if (spec.database != null && spec.database.node != null && spec.database.node.name != null) {
      roles.putIfAbsent(spec.database.node.name, DATABASE);
    }
    return roles;
  }

  public static Optional<String> roleOf(OvdFailoverClusterSpec spec, String nodeName) {
    return Optional.ofNullable(roles(spec).get(nodeName));
  }

  private static void put(Map<String, String> roles, Iterable<NodeSpec> nodes, String role) {
    if (nodes == null) {
      return;
    }
    for (NodeSpec n : nodes) {
      if (n != null && n.name != null) {
        roles.putIfAbsent(n.name, role);
      }
    }
  }
}
