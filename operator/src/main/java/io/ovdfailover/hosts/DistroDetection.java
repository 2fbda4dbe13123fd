package io.ovdfailover.hosts;

/**
 * Which profile a node's os-release selects, or why none does (a condition the reconciler can
 * show).
 */
public sealed interface DistroDetection {
  record Supported(DistroProfile profile, String note) implements DistroDetection {}

  /** {@code message} names the os-release values found and lists the supported distributions. */
  record Unsupported(String message) implements DistroDetection {}
}
