package io.ovdfailover.pacemaker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pacemaker configuration the cluster should have: cluster properties, primitives, colocations,
 * "avoids" location constraints and the alert of Appendix 2. Only what is listed here is compared
 * with the live CIB; anything else in the CIB (operation defaults pcs adds, constraints of a
 * running failover test) is left alone.
 */
public record DesiredCib(
    Map<String, String> properties,
    List<Primitive> primitives,
    List<Colocation> colocations,
    List<Avoidance> avoidances,
    java.util.Optional<Alert> alert) {

  public DesiredCib {
    properties = Map.copyOf(properties);
    primitives = List.copyOf(primitives);
    colocations = List.copyOf(colocations);
    avoidances = List.copyOf(avoidances);
  }

  /**
   * The operator's alert ({@link OvdResources#OVD_ALERT}): the agent Pacemaker runs, once per
   * recipient. When absent, an alert of that id found in the CIB is removed (the spec dropped
   * spec.alerts); alerts of other ids are the site's.
   */
  public record Alert(String path, List<String> recipients) {
    public Alert {
      recipients = List.copyOf(recipients);
    }
  }

  /**
   * A primitive resource.
   *
   * @param agent standard:provider:type or standard:type, e.g. {@code ocf:heartbeat:IPaddr2},
   *     {@code systemd:lsyncd}
   * @param attributes instance attributes (order kept, as pcs writes them)
   * @param timeoutSeconds the timeout of the operations named (start, stop) when the resource is
   *     created; the others keep what pcs gives them
   * @param timeoutsManaged whether an existing resource is brought to {@code timeoutSeconds} too
   *     (the spec names them), or keeps its own, reported
   */
  public record Primitive(
      String id,
      String agent,
      Map<String, String> attributes,
      Map<String, String> derived,
      Map<String, Integer> timeoutSeconds,
      boolean timeoutsManaged) {
    public Primitive {
      attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
      derived = Map.copyOf(derived);
      timeoutSeconds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timeoutSeconds));
    }

    public Primitive(String id, String agent, Map<String, String> attributes) {
      this(id, agent, attributes, Map.of(), Map.of(), false);
    }

    /** The same primitive with these operations' timeouts (action to seconds). */
    public Primitive withTimeouts(Map<String, Integer> seconds, boolean managed) {
      return new Primitive(id, agent, attributes, derived, seconds, managed);
    }

    /**
     * The same primitive where the agent itself arrives at {@code attribute}'s desired value when
     * the live resource does not set it ({@code why} says how): a resource created by hand without
     * it is equivalent, and is not updated (an update restarts a running resource).
     */
    public Primitive derivedWhenAbsent(String attribute, String why) {
      Map<String, String> d = new LinkedHashMap<>(derived);
      d.put(attribute, why);
      return new Primitive(id, agent, attributes, d, timeoutSeconds, timeoutsManaged);
    }

    public boolean isSystemd() {
      return agent.startsWith("systemd:");
    }
  }

  /** {@code rsc} runs where {@code withRsc} runs (score INFINITY, the pcs default). */
  public record Colocation(String rsc, String withRsc) {}

  /** Resources whose id matches {@code rscPattern} never run on {@code node} (score -INFINITY). */
  public record Avoidance(String rscPattern, String node) {}
}
