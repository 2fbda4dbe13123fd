package io.ovdfailover.failover;

import io.ovdfailover.hosts.CrmMonStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows successive crm_mon snapshots during a move and notes when each resource was first seen
 * Started on the target. Pure, so its timing rules are unit-tested without a cluster.
 */
public final class SwitchoverWatch {
  private final List<String> resources;
  private final String target;
  private final Map<String, Double> startedAfter = new LinkedHashMap<>();

  public SwitchoverWatch(List<String> resources, String target) {
    this.resources = List.copyOf(resources);
    this.target = target;
  }

  /** Records one snapshot taken {@code seconds} after the move was ordered. */
  public void observe(CrmMonStatus status, double seconds) {
    for (String id : resources) {
      if (startedAfter.containsKey(id)) continue;
      status
          .resource(id)
          .ifPresent(
              r -> {
                if ("Started".equals(r.role())
                    && !r.failed()
                    && r.nodes().equals(List.of(target))) {
                  startedAfter.put(id, seconds);
                }
              });
    }
  }

  /** Every resource was seen Started on the target (and only there). */
  public boolean complete() {
    return startedAfter.keySet().containsAll(resources);
  }

  /** Seconds until the last resource was started, once complete. */
  public double switchoverSeconds() {
    return startedAfter.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  public Map<String, Double> perResource() {
    Map<String, Double> ordered = new LinkedHashMap<>();
    for (String id : resources) {
      if (startedAfter.containsKey(id)) ordered.put(id, startedAfter.get(id));
    }
    return ordered;
  }

  public List<String> missing() {
    return resources.stream().filter(r -> !startedAfter.containsKey(r)).toList();
  }
}
