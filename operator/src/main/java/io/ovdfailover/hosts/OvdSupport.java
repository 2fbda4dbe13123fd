package io.ovdfailover.hosts;

import java.util.Optional;

/**
 * The guide's support statement for a distribution, as data: "Ubuntu 16.04 ... (for OVD version <
 * 3.2)", "Ubuntu 22.04 ... (for OVD version >= 3.2.1)", "RHEL 8 ... (for OVD version >= 3.3.0)".
 *
 * @param from lowest supported OVD version (inclusive), if any
 * @param before first unsupported OVD version (exclusive), if any
 * @param inGuide whether the guide (Jul 2024) lists the distribution at all
 * @param text the statement in words
 */
public record OvdSupport(
    Optional<String> from, Optional<String> before, boolean inGuide, String text) {
  static OvdSupport any() {
    return new OvdSupport(
        Optional.empty(), Optional.empty(), true, "all OVD versions of the guide");
  }

  static OvdSupport from(String version) {
    return new OvdSupport(Optional.of(version), Optional.empty(), true, "OVD >= " + version);
  }

  static OvdSupport before(String version) {
    return new OvdSupport(Optional.empty(), Optional.of(version), true, "OVD < " + version);
  }

  /** Not in the guide: assumed to behave like {@code like}, with its OVD range. */
  static OvdSupport notInGuide(String like, String version) {
    return new OvdSupport(
        Optional.of(version),
        Optional.empty(),
        false,
        "not in the guide (Jul 2024): treated like " + like + ", OVD >= " + version + " assumed");
  }

  /**
   * Whether the guide supports this OVD version on the distribution (lenient for distributions not
   * in it).
   */
  public boolean allows(String ovdVersion) {
    SoftwareVersion v = SoftwareVersion.parse(ovdVersion);
    return from.map(f -> v.atLeast(f)).orElse(true) && before.map(b -> !v.atLeast(b)).orElse(true);
  }

  /** A sentence for a condition when {@code ovdVersion} is outside the range, else empty. */
  public Optional<String> problem(String distribution, String ovdVersion) {
    if (allows(ovdVersion)) {
      return Optional.empty();
    }
    return Optional.of(
        distribution + " is supported for " + text + " only; the cluster runs OVD " + ovdVersion);
  }
}
