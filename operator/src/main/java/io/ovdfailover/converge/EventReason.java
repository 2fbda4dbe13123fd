package io.ovdfailover.converge;

import io.ovdfailover.api.Phase;

/**
 * Every reason of the Events the operator records (what {@code kubectl describe} and {@code kubectl
 * get events} show); a constant's name is the value. CamelCase, as Kubernetes' own reasons.
 */
public enum EventReason {
  /** A stage changed the hosts. */
  Converging,
  StepFailed,
  /** A disruptive stage waits: no quorate view, or maintenance-mode. */
  Held,
  Blocked,
  /** The phase became Pending, WaitingForMaintenance, Ready, Degraded, Failed or DryRun. */
  Pending,
  WaitingForMaintenance,
  Ready,
  Degraded,
  Failed,
  DryRun,
  /** The six resources stopped running together on the active session manager. */
  ResourcesStopped,
  /** Pacemaker moved the resources to the other session manager (not a test). */
  Failover,
  InvalidSpec,
  SpecAccepted,
  /** The cluster was deleted; the VMs were left as they are. */
  Released,
  HostKeyAcceptedOnFirstUse,
  /** On a ClusterNode: it answers its cluster's probe again. */
  NodeReachable,
  /** On a ClusterNode: it no longer answers its cluster's probe. */
  NodeUnreachable,
  /** On a ClusterNode: its state in Pacemaker changed (Online, Standby, Maintenance, Offline). */
  NodePacemakerState,
  /** A failed resource action was cleaned up (Appendix 1), or its cleanup failed. */
  FailedActionCleanup,
  /** Pacemaker ran the alert agent (Appendix 2): a node, resource or fencing event. */
  PacemakerAlert,
  /**
   * FilesSynced turned False or back to True (appendix 1's lsyncd checks, the canary), or the
   * canary could not be written.
   */
  FilesSynced,
  FailoverTestStarted,
  FailoverTestStep,
  FailoverTestSkipped,
  FailoverTestSucceeded,
  FailoverTestFailed,
  FailoverTestRefused;

  /** The Event of a phase change. */
  public static EventReason of(Phase phase) {
    return valueOf(phase.name());
  }
}
