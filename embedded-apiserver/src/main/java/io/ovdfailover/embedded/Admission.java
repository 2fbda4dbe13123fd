package io.ovdfailover.embedded;

/**
 * Whether the embedded API server admits custom resources as a real one does (see {@link
 * CrdAdmission}): defaults applied, unknown fields pruned, the structural schema and the CEL rules
 * of the installed CRD enforced, an invalid object refused with 422 and nothing stored.
 */
public enum Admission {
  /** What a cluster does; the default. */
  ON,
  /**
   * Everything is stored as sent: for tests of what a real operator still meets, such as objects
   * stored before the CRD's schema changed, or written through an API server of another version.
   */
  OFF
}
