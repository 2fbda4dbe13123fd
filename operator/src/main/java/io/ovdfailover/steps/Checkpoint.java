package io.ovdfailover.steps;

/**
 * Named points of the operator's work where a test may stop the process dead, to prove that a
 * restarted operator resumes from what the hosts show. Production code only reports reaching them
 * ({@link Checkpoints}); what happens there is the caller's choice, and in production nothing does.
 */
public enum Checkpoint {
  /**
   * Chapter III: the dump is imported and every table's row count verified; the configuration is
   * not switched yet.
   */
  AFTER_DATABASE_IMPORT,
  /** Chapter VI: the cluster is set up and started; no OVD resource exists yet. */
  BEFORE_RESOURCES,
  /** Chapter VI: the resources and constraints are in the CIB; osm2 has not joined yet. */
  AFTER_RESOURCES,
  /** Chapter VII: a requested failover test is recorded Running in status; nothing is moved yet. */
  FAILOVER_TEST_RECORDED;

  /** The point's name in lower-case words, e.g. {@code after-database-import}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
