package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Appendix 1, troubleshooting: "Failed Resource Actions" stay in {@code pcs status}, with the
 * resource's fail count, until someone runs {@code pcs resource cleanup}. The operator can do that
 * for the guide's resources, a limited number of times, never during a failover test.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailedActionCleanupSpec {
  public static final int DEFAULT_MAX_PER_HOUR = 3;
  public static final int DEFAULT_AFTER_SECONDS = 60;

  @JsonPropertyDescription(
      "Clean up the failed actions of the six resources (crm_resource --cleanup, which pcs resource"
          + " cleanup runs). Off: they are reported in status.failedActions and left to the admin.")
  @Default("false")
  public boolean enabled;

  @JsonPropertyDescription(
      "At most this many cleanups per resource and node in any hour; past it the failure stays, "
          + "reported, for a person to look at (a resource that keeps failing is not fixed by cleanups).")
  @Default("3")
  @Min(1)
  @Max(60)
  public int maxPerHour = DEFAULT_MAX_PER_HOUR;

  @JsonPropertyDescription(
      "Seconds a failure is left as it is before its cleanup, doubled for each cleanup of the same "
          + "resource and node in the last hour (backoff).")
  @Default("60")
  @Min(0)
  @Max(86400)
  public int afterSeconds = DEFAULT_AFTER_SECONDS;
}
