package io.ovdfailover.steps;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.LineQuery;
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

  /** Whether the guide says this change needs downtime (Maintenance Mode). */
  default boolean downtime() {
    return false;
  }

  /** Paths the step reads from the facts: the probe must look at them. */
  default List<String> probedPaths() {
    return List.of();
  }

  /** Line queries the step reads from the facts. */
  default List<LineQuery> probedLines() {
    return List.of();
  }

  /** Units the step reads from the facts. */
  default List<String> probedUnits() {
    return List.of();
  }
}
