package io.ovdfailover.hosts;

import java.util.List;
import java.util.Optional;

/**
 * Typed view of {@code crm_mon -1 --output-as=xml} (Pacemaker 2.x) or {@code crm_mon -1 -X}
 * (Pacemaker 1.1): the nodes and resources the reconciler reasons about. Parsed by {@link
 * CrmMonParser}.
 *
 * @param pacemakerVersion version of the crm_mon that answered
 * @param dc name of the designated controller, if any
 * @param withQuorum whether the partition this node is in has quorum
 */
public record CrmMonStatus(
    String pacemakerVersion,
    Optional<String> dc,
    boolean withQuorum,
    List<Node> nodes,
    List<Resource> resources,
    List<FailedAction> failures) {
  public CrmMonStatus {
    nodes = List.copyOf(nodes);
    resources = List.copyOf(resources);
    failures = List.copyOf(failures);
  }

  public CrmMonStatus(
      String pacemakerVersion,
      Optional<String> dc,
      boolean withQuorum,
      List<Node> nodes,
      List<Resource> resources) {
    this(pacemakerVersion, dc, withQuorum, nodes, resources, List.of());
  }

  /**
   * One line of {@code pcs status}' "Failed Resource Actions" (crm_mon's failures): an operation
   * that did not end as expected, kept with the resource's fail count until it is cleaned up.
   *
   * @param resource the resource's id ({@code op_key} without {@code _task_interval})
   * @param exitStatus in words ("not running", "error")
   * @param lastRcChange when it happened, as crm_mon prints it
   */
  public record FailedAction(
      String resource,
      String node,
      String task,
      String exitStatus,
      String exitReason,
      String lastRcChange) {
    /** The words of pcs status: {@code lsyncd_monitor on osm1.priv 'not running'}. */
    public String describe() {
      return resource
          + " "
          + task
          + " on "
          + node
          + ": "
          + exitStatus
          + (exitReason.isEmpty() ? "" : " (" + exitReason + ")");
    }
  }

  /** A cluster node ({@code pcs status} "Online: [ ... ]" and friends). */
  public record Node(
      String name,
      boolean online,
      boolean standby,
      boolean maintenance,
      boolean unclean,
      boolean isDc) {}

  /**
   * A primitive resource ({@code virtual_ip}, {@code httpd}, ...) wherever it sits (top level,
   * group, clone).
   *
   * @param agent {@code ocf:heartbeat:IPaddr2}, {@code systemd:lsyncd}
   * @param role {@code Started}, {@code Stopped}, ...
   * @param nodes the nodes it runs on (one for a healthy primitive)
   */
  public record Resource(
      String id,
      String agent,
      String role,
      boolean active,
      boolean failed,
      boolean managed,
      List<String> nodes) {
    public Resource {
      nodes = List.copyOf(nodes);
    }

    /** The single node it runs on, if it runs on exactly one. */
    public Optional<String> node() {
      return nodes.size() == 1 ? Optional.of(nodes.get(0)) : Optional.empty();
    }
  }

  public Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  public Optional<Resource> resource(String id) {
    return resources.stream().filter(r -> r.id().equals(id)).findFirst();
  }
}
