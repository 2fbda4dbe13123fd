package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** The record of one failover test (chapter VII), kept in status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailoverTestResult {
  @JsonPropertyDescription(
      "The request: spec.failoverTest.requestId, the annotation's value, or schedule-<time>.")
  public String requestId;

  @JsonPropertyDescription("What asked for the test: Spec, Annotation or Schedule.")
  public String trigger;

  @JsonPropertyDescription(
      "Running, Succeeded (every resource started on the other session manager and the checks "
          + "passed), Failed, or Refused (the cluster was not fit for a test; message says why).")
  public String result;

  @JsonPropertyDescription(
      "When the test started (RFC 3339): it is recorded as Running before anything is moved.")
  public String startTime;

  @JsonPropertyDescription(
      "When the test ended (RFC 3339); absent while it runs. A refused test ends when it starts.")
  public String endTime;

  @JsonPropertyDescription("The session manager that was active before the test.")
  public String fromNode;

  @JsonPropertyDescription("The session manager the resources were moved to.")
  public String toNode;

  @JsonPropertyDescription("Seconds from the move until every resource was started on the target.")
  public Double switchoverSeconds;

  @JsonPropertyDescription(
      "Client-observed downtime: the longest time, in seconds, between two answers of the Session"
          + " Manager's page through the VIP, asked for every 100 ms from a quorum node during the"
          + " move. Absent when the probe could not run.")
  public Double clientDowntimeSeconds;

  @JsonPropertyDescription("Seconds from the move until each resource was started on the target.")
  public Map<String, Double> resourceSeconds = new LinkedHashMap<>();

  @JsonPropertyDescription("With spec.failoverTest.returnToPreferred: seconds the move back took.")
  public Double returnSeconds;

  @JsonPropertyDescription(
      "What happened, in words: the checks that failed or why the test was refused.")
  public String message;
}
