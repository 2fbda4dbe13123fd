package io.ovdfailover.reconcile;

import java.time.Duration;

/**
 * Timing of the reconcilers. VM changes produce no Kubernetes events, so every reconcile ends with a
 * reschedule after {@code observeInterval}; {@code retryInterval} is the pace of retries once JOSDK's own
 * retry attempts are used up.
 */
public record ReconcileSettings(Duration observeInterval, Duration retryInterval) {
  public static final ReconcileSettings DEFAULTS = new ReconcileSettings(Duration.ofSeconds(60), Duration.ofSeconds(30));

  public ReconcileSettings {
    if (observeInterval.isNegative() || observeInterval.isZero()) {
      throw new IllegalArgumentException("observe interval must be positive");
    }
    if (retryInterval.isNegative() || retryInterval.isZero()) {
      throw new IllegalArgumentException("retry interval must be positive");
    }
  }
}
