package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The failover test requests already taken up, so that each runs at most once, across operator
 * restarts: a request is marked here in the same status write that records its test as Running (or
 * Refused).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailoverTestRequests {
  @JsonPropertyDescription("The last spec.failoverTest.requestId taken up.")
  public String specRequestId;

  @JsonPropertyDescription(
      "The last value of the ovdfailover.io/failover-test annotation taken up.")
  public String annotationRequestId;

  @JsonPropertyDescription(
      "The last test asked for by an OVD upgrade (spec.failoverTest.afterOvdUpgrade) taken up.")
  public String upgradeRequestId;

  @JsonPropertyDescription("The spec.failoverTest.schedule the drills below were counted for.")
  public String schedule;

  @JsonPropertyDescription(
      "The spec.failoverTest.timeZone the schedule was read in (absent: UTC). A new schedule or time "
          + "zone starts counting anew: drills due before the change are not run.")
  public String timeZone;

  @JsonPropertyDescription(
      "Drills due up to this time (UTC) were taken up; the next one is due after it.")
  public String scheduledUntil;
}
