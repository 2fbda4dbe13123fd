package io.ovdfailover.hosts;

/**
 * The guide's support statement for a distribution: "Ubuntu 16.04 ... (for OVD version < 3.2)",
 * "Ubuntu 22.04 ... (for OVD version >= 3.2.1)", "RHEL 8 ... (for OVD version >= 3.3.0)". Only
 * words: distro detection appends them to its note; nothing compares them with spec.ovdVersion.
 *
 * @param inGuide whether the guide (Jul 2024) lists the distribution at all
 * @param text the statement in words
 */
public record OvdSupport(boolean inGuide, String text) {
  static OvdSupport any() {
    return new OvdSupport(true, "all OVD versions of the guide");
  }

  static OvdSupport from(String version) {
    return new OvdSupport(true, "OVD >= " + version);
  }

  static OvdSupport before(String version) {
    return new OvdSupport(true, "OVD < " + version);
  }

  /** Not in the guide: assumed to behave like {@code like}, with its OVD range. */
  static OvdSupport notInGuide(String like, String version) {
    return new OvdSupport(
        false,
        "not in the guide (Jul 2024): treated like " + like + ", OVD >= " + version + " assumed");
  }
}
