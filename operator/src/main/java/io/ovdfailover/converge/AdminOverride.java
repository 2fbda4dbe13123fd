package io.ovdfailover.converge;

/**
 * Something the site's admins did through Pacemaker, as the guide's appendices tell them to: the
 * operator shows it, refuses failover tests while it holds, and never undoes it.
 *
 * @param subject the node (topology name) or resource it concerns; the cluster name for
 *     cluster-wide ones
 */
public record AdminOverride(Kind kind, String subject, String message) {

  /** Each kind is a reason in status (CamelCase). */
  public enum Kind {
    /** Cluster property maintenance-mode=true: Pacemaker neither starts nor stops anything. */
    MaintenanceMode,
    /** {@code pcs node standby}: the node may hold no resource. */
    NodeStandby,
    /** {@code pcs node maintenance}: Pacemaker leaves the node's resources alone. */
    NodeMaintenance,
    /** {@code pcs resource disable}: target-role=Stopped on one of the guide's resources. */
    ResourceDisabled,
    /** {@code pcs resource unmanage}: Pacemaker does not start or stop the resource. */
    ResourceUnmanaged,
    /**
     * {@code pcs cluster stop} on a member (or a reboot with the cluster services disabled at
     * boot).
     */
    ClusterStoppedOnNode
  }
}
