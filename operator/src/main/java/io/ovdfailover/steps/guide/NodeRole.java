package io.ovdfailover.steps.guide;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A node's part in the guide's five-node layout: the one role model of the operator. */
public enum NodeRole {
  /**
   * osm1: the existing farm's Session Manager, preferred active node, source of the database
   * migration.
   */
  PREFERRED_SESSION_MANAGER("SessionManager"),
  /** osm2: the replica, joins the cluster last. */
  SECOND_SESSION_MANAGER("SessionManager"),
  /** pcs3, pcs4: quorum and monitoring only; OVD resources never run there. */
  QUORUM("Quorum"),
  /** dbmy: the shared MySQL/MariaDB server. */
  DATABASE("Database");

  private final String statusName;

  NodeRole(String statusName) {
    this.statusName = statusName;
  }

  /**
   * The role as the CRDs show it in status ({@code SessionManager}, {@code Quorum}, {@code
   * Database}): both session managers are {@code SessionManager} there.
   */
  public String statusName() {
    return statusName;
  }

  public boolean sessionManager() {
    return this == PREFERRED_SESSION_MANAGER || this == SECOND_SESSION_MANAGER;
  }

  public boolean pacemakerNode() {
    return sessionManager() || this == QUORUM;
  }

  /** The role of a node in the spec's topology, or null when the topology does not name it. */
  public static NodeRole of(OvdFailoverClusterSpec spec, String node) {
    return roles(spec).get(node);
  }

  /**
   * Node name to role, in the order of the spec: session managers, quorum nodes, database node. A
   * name listed twice keeps its first role; nameless entries of a spec still being written are
   * skipped (status reports the topology before validation has passed).
   */
  public static Map<String, NodeRole> roles(OvdFailoverClusterSpec spec) {
    Map<String, NodeRole> roles = new LinkedHashMap<>();
    if (spec == null) {
      return roles;
    }
    List<NodeSpec> managers = spec.sessionManagers == null ? List.of() : spec.sessionManagers;
    for (int i = 0; i < managers.size(); i++) {
      put(roles, managers.get(i), i == 0 ? PREFERRED_SESSION_MANAGER : SECOND_SESSION_MANAGER);
    }
    if (spec.quorumNodes != null) {
      spec.quorumNodes.forEach(n -> put(roles, n, QUORUM));
    }
    if (spec.database != null) {
      put(roles, spec.database.node, DATABASE);
    }
    return roles;
  }

  private static void put(Map<String, NodeRole> roles, NodeSpec node, NodeRole role) {
    if (node != null && node.name != null) {
      roles.putIfAbsent(node.name, role);
    }
  }
}
