package io.ovdfailover.steps.guide;

import io.ovdfailover.api.OvdFailoverClusterSpec;

/** A node's part in the guide's five-node layout. */
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

  /** The role as shown in status ({@code SessionManager}, {@code Quorum}, {@code Database}). */
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
    if (spec.sessionManagers.size() > 0 && spec.sessionManagers.get(0).name.equals(node))
      return PREFERRED_SESSION_MANAGER;
    if (spec.sessionManagers.size() > 1 && spec.sessionManagers.get(1).name.equals(node))
      return SECOND_SESSION_MANAGER;
    if (spec.quorumNodes.stream().anyMatch(n -> n.name.equals(node))) return QUORUM;
    if (spec.database != null && spec.database.node != null && spec.database.node.name.equals(node))
      return DATABASE;
    return null;
  }
}
