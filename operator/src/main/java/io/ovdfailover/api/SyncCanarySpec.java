package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Appendix 1's lsyncd checks tell whether lsyncd runs; only a file written on the active session
 * manager and timed until it reaches the passive one tells whether the files actually follow. The
 * canary is such a file. It is opt-in because it is a write: with it on, a converged cluster costs
 * one small mutating command per interval.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SyncCanarySpec {
  public static final int DEFAULT_INTERVAL_SECONDS = 300;
  public static final int DEFAULT_MAX_LAG_SECONDS = 60;

  @JsonPropertyDescription(
      "Write a small file (ovd-failover-canary) into the first synchronized folder of the active "
          + "session manager every intervalSeconds and time its arrival on the passive one: the "
          + "FilesSynced condition and the ovd_sync_lag_seconds metric. Off: only lsyncd's state and "
          + "log are watched, and no command writes anything on a converged cluster.")
  @Default("false")
  public boolean enabled;

  @JsonPropertyDescription("Seconds between two canaries once the previous one has arrived.")
  @Default("300")
  @Min(10)
  @Max(86400)
  public int intervalSeconds = DEFAULT_INTERVAL_SECONDS;

  @JsonPropertyDescription(
      "A canary that has not reached the passive session manager after this many seconds makes "
          + "FilesSynced False, and failover tests are refused (a switchover then would lose the files "
          + "not yet copied). lsyncd batches changes for 15 s (its default delay), hence the minimum.")
  @Default("60")
  @Min(20)
  @Max(3600)
  public int maxLagSeconds = DEFAULT_MAX_LAG_SECONDS;
}
