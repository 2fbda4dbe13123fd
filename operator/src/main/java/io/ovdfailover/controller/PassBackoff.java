package io.ovdfailover.controller;

import io.ovdfailover.converge.GuideConverger;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How soon the next pass comes when passes keep ending the same way: a step that "changes"
 * something every pass without ever converging, or an action that fails every time, backs off
 * exponentially from its base delay up to {@link #CAP}, instead of running every second (or every
 * retry interval) for ever. Any different ending resets it.
 */
final class PassBackoff {
  static final Duration CAP = Duration.ofMinutes(5);

  /** The last ending of a cluster's passes and how many times in a row it came. */
  private record Ending(String signature, int times) {}

  private final Map<String, Ending> endings = new ConcurrentHashMap<>();

  /**
   * @param cluster namespace/name
   * @param base the delay after a first such ending (1 s after progress, the retry interval after a
   *     failure)
   */
  Duration next(String cluster, GuideConverger.Result pass, Duration base) {
    String signature =
        pass.outcome() + "|" + pass.stage() + "|" + pass.message() + "|" + pass.done();
    Ending e =
        endings.merge(
            cluster,
            new Ending(signature, 1),
            (old, now) ->
                old.signature().equals(signature) ? new Ending(signature, old.times() + 1) : now);
    int doublings = Math.min(e.times() - 1, 20);
    Duration delay = base.multipliedBy(1L << doublings);
    return delay.compareTo(CAP) > 0 ? CAP : delay;
  }

  /** A converged or waiting pass ends any series. */
  void reset(String cluster) {
    endings.remove(cluster);
  }
}
