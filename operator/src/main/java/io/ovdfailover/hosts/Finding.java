package io.ovdfailover.hosts;

/**
 * Something found on the hosts that the operator did not build itself and that differs, in form or
 * in meaning, from what it would have built: an admin's cluster built by hand from the guide,
 * another tool's, an earlier operator version's. Adopting a cluster means deciding, for each such
 * difference, one of the {@link Disposition}s, and saying so (status, the dry run's plan) instead
 * of overwriting silently. See docs/migration.md.
 *
 * @param node the topology name of the node it is on, or {@code -} for the cluster (Pacemaker's
 *     configuration)
 * @param subject what it is about: a file path, a resource or constraint id, "cluster name"
 */
public record Finding(String node, String subject, Disposition disposition, String message) {

  /** What the operator does about a difference. Each constant's name is shown in status. */
  public enum Disposition {
    /** Means the same as the operator's form: accepted as it is, nothing changes. */
    Equivalent,
    /**
     * The operator brings it to its own form without interrupting anything (a file nothing reads
     * until its next start); the plan lists the change with this reason.
     */
    Updated,
    /** Differs and is the site's: kept as it is, reported; the operator does not change it. */
    Kept,
    /**
     * Differs, and changing it interrupts service: it waits for spec.maintenance.allowDowntime and
     * shows as a downtime row.
     */
    NeedsDowntime
  }

  /** For cluster-wide findings (Pacemaker's configuration). */
  public static final String CLUSTER = "-";

  @Override
  public String toString() {
    return disposition + " " + node + " " + subject + ": " + message;
  }
}
