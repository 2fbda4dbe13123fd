package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/** The record of one failover test (chapter VII), kept in status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailoverTestResult {
  public String requestId;
  /** Running, Succeeded, Failed or Refused. */
  public String result;
  public String startTime;
  public String endTime;
  public String fromNode;
  public String toNode;
  /** Seconds from the move until every resource was started on the target. */
  public Double switchoverSeconds;
  /** Seconds from the move until each resource was started on the target. */
  public Map<String, Double> resourceSeconds = new LinkedHashMap<>();
  public String message;
}
