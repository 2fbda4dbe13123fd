package io.ovdfailover.api;

/** status.phase of an OvdFailoverCluster; a constant's name is the value in status. */
public enum Phase {
  /** Nothing has been done on the hosts yet (or the spec is invalid). */
  Pending,
  /** Stages are changing the hosts toward the guide's end state. */
  Converging,
  /** The next stage interrupts service and waits for spec.maintenance.allowDowntime. */
  WaitingForMaintenance,
  /** Converged, every node online, the resources together, nothing held by an admin. */
  Ready,
  /** Serving, but a node is lost or offline, or an admin's action holds. */
  Degraded,
  /** A stage failed or is blocked and needs a person. */
  Failed,
  /** spec.dryRun: the whole plan is in status.pendingActions and nothing was changed. */
  DryRun
}
