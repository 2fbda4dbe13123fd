package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Chapter VII's failover switch, run by the operator on request (GitOps-friendly) or on a schedule.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = CelRules.CRON,
    message = CelRules.CRON_MSG,
    fieldPath = ".schedule",
    reason = CelRules.INVALID)
public class FailoverTestSpec {
  @JsonPropertyDescription(
      "Any new value requests one failover test (chapter VII: the resources are moved to the other "
          + "session manager); each value runs at most once.")
  @Pattern("^[A-Za-z0-9][-A-Za-z0-9_.:]{0,62}$")
  @Size(max = 63)
  public String requestId;

  @JsonPropertyDescription(
      "Cron expression for regular failover drills: 5 fields (minute hour day-of-month month "
          + "day-of-week), read in timeZone, e.g. '0 3 * * SUN'. A drill whose time the daylight saving "
          + "change skips runs right after the change; one in the repeated hour runs once.")
  @Size(max = 100)
  public String schedule;

  @JsonPropertyDescription(
      "IANA time zone name the schedule is read in, as a CronJob's spec.timeZone, e.g. "
          + "Europe/Paris or America/New_York. Default UTC.")
  @Pattern(Patterns.TIME_ZONE)
  @Size(max = 64)
  public String timeZone;

  @JsonPropertyDescription(
      "Move the resources back to the preferred session manager after a successful test.")
  @Default("false")
  public boolean returnToPreferred;

  @JsonPropertyDescription(
      "Run a failover test once an OVD upgrade (appendix 3, raising spec.ovdVersion) has put both "
          + "session managers at the new version, as the appendix recommends (request id "
          + "ovd-upgrade-<version>).")
  @Default("false")
  public boolean afterOvdUpgrade;

  @JsonPropertyDescription(
      "How the test asks the Session Manager through the VIP: path, expected status and, "
          + "optionally, a pattern for its ID.")
  public FailoverHttpCheckSpec http = new FailoverHttpCheckSpec();

  /** The HTTP check, defaulted. */
  public FailoverHttpCheckSpec effectiveHttp() {
    return http == null ? new FailoverHttpCheckSpec() : http;
  }
}
