package io.ovdfailover.converge;

/**
 * What a stage can do to a serving farm. A pass on a formed cluster runs only {@link #NONE} stages
 * while no partition with quorum speaks for the cluster, or while an admin holds it in
 * maintenance-mode: anything else could stop the node that serves, or change Pacemaker behind the
 * back of the people operating it.
 */
public enum Disruption {
  /** Files, packages, keys: nothing that serves stops or restarts. */
  NONE,
  /**
   * Stops services on one node (Apache, the OSM cron, MySQL): safe only on a node that cannot hold
   * the resources.
   */
  NODE_SERVICES,
  /** Changes what Pacemaker runs: membership, cluster start-up, the CIB. */
  CLUSTER
}
