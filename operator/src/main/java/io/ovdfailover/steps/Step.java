package io.ovdfailover.steps;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.Finding;
import java.util.List;

/**
 * Desired state on one node. Given the node's facts and profile, a step returns only the commands
 * needed to get there: none when the node already is in that state, so a converged node yields an
 * empty plan.
 */
public interface Step {
  /** Short name for plans and status ("lsyncd.conf.lua", "hostname", "packages: pacemaker"). */
  String name();

  /** Mutating commands that bring the node to the desired state, in order; empty when converged. */
  List<Command> changes(NodeContext node);

  /**
   * What keeps the step from its desired state that only a person can change (a package from a
   * repository the node does not have): the stage is then blocked with these words, and nothing of
   * it runs. Empty for most steps.
   */
  default List<String> blockers(NodeContext node) {
    return List.of();
  }

  /** Whether the guide says this change needs downtime (Maintenance Mode). */
  default boolean downtime() {
    return false;
  }

  /**
   * Whether this step's changes on {@code node} interrupt service: {@link #downtime()} unless the
   * answer depends on what the node runs.
   */
  default boolean downtime(NodeContext node) {
    return downtime();
  }

  /**
   * What the step reads from the facts beyond what every probe prints (os-release, hostname,
   * addresses): the probe must look at it, or {@code HostFacts.path} refuses to guess.
   */
  default FactsRequest probes() {
    return FactsRequest.NONE;
  }

  /**
   * What the step found on the node that it accepts, keeps or brings to its own form instead of
   * simply writing its desired state (a file an admin wrote from the guide): shown in status and
   * the dry run. Empty for steps that own what they manage outright.
   */
  default List<Finding> findings(NodeContext node) {
    return List.of();
  }
}
