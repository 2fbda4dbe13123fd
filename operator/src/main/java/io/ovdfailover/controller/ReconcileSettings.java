package io.ovdfailover.controller;

import java.time.Duration;

/**
 * Timing of the reconcilers. VM changes produce no Kubernetes events, so every reconcile ends with
 * a reschedule after {@code observeInterval}; {@code retryInterval} is the pace of retries once
 * JOSDK's own retry attempts are used up. Between those full observations, {@code watchInterval}
 * paces the cheap look at a formed cluster ({@link ClusterWatch}) that reconciles it at once when
 * Pacemaker moved something.
 */
public record ReconcileSettings(
    Duration observeInterval, Duration retryInterval, Duration watchInterval) {
  public static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofSeconds(5);

  /**
   * A full observation a minute (one probe per node, ~0.3 s for five nodes: cheap) catches drift on
   * the VMs, which sends no event; a retry every 30 s once JOSDK gave up.
   */
  public static final ReconcileSettings DEFAULTS =
      new ReconcileSettings(Duration.ofSeconds(60), Duration.ofSeconds(30));

  public ReconcileSettings(Duration observeInterval, Duration retryInterval) {
    this(observeInterval, retryInterval, DEFAULT_WATCH_INTERVAL);
  }

  public ReconcileSettings {
    if (watchInterval.isNegative() || watchInterval.isZero()) {
      throw new IllegalArgumentException("watch interval must be positive");
    }
    if (observeInterval.isNegative() || observeInterval.isZero()) {
      throw new IllegalArgumentException("observe interval must be positive");
    }
    if (retryInterval.isNegative() || retryInterval.isZero()) {
      throw new IllegalArgumentException("retry interval must be positive");
    }
  }
}
