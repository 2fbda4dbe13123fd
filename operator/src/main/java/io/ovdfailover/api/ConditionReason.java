package io.ovdfailover.api;

/**
 * The fixed reasons of the operator's conditions (metav1.Condition.reason, CamelCase: a constant's
 * name is the value in status). Reasons that name a kind of failure or of admin action come from
 * their own enums (HostException.Kind, AdminOverride.Kind, the failover test's result).
 */
public enum ConditionReason {
  SpecAccepted,
  InvalidSpec,
  AllNodesDefined,
  ClusterNodeMissing,
  /** A ClusterNode of the topology is invalid or reaches the same host and port as another. */
  ClusterNodeInvalid,
  HostsNotObserved,
  InTopology,
  NotInTopology,
  ClusterNotFound,
  AllReachable,
  Unreachable,
  AllMembers,
  NotFormed,
  AllStartedTogether,
  NotAllStarted,
  /** AdminOverrides False: nothing done by hand in Pacemaker holds. */
  None,
  Converged,
  NodeOffline,
  ResourcesNotStarted,
  Held,
  DryRun,
  Converging,
  WaitingForMaintenance,
  Blocked,
  StepFailed,
  ProbeAnswered,
  ProbeFailed,
  /**
   * A ClusterNode's Ready: valid, in its topology, answering, and a Pacemaker member not Offline.
   */
  NodeReady,
  /** SiteDifferences: a difference is kept as the site's. */
  Kept,
  /** SiteDifferences: a difference waits for spec.maintenance.allowDowntime. */
  NeedsDowntime,
  /** FilesSynced: lsyncd runs on the active session manager only (no canary asked for). */
  LsyncdOnActiveOnly,
  /** FilesSynced: the last canary reached the passive session manager in time. */
  CanaryArrived,
  /** FilesSynced: the canary has not reached the passive session manager in maxLagSeconds. */
  CanaryLate,
  /** FilesSynced: lsyncd is not active on the active session manager. */
  LsyncdStopped,
  /** FilesSynced: lsyncd is active on the passive session manager too (it would copy backwards). */
  LsyncdOnPassive,
  /**
   * FilesSynced: the passive session manager's copy of the Session Manager configuration differs
   * from the active one's, unchanged for longer than lsyncd takes (a rebuilt or restored node that
   * lsyncd has not fully synced since).
   */
  ReplicaBehind,
  /** FilesSynced: no active session manager, or the canary not measured yet. */
  NotMeasured
}
