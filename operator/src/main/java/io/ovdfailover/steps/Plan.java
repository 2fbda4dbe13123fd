package io.ovdfailover.steps;

import java.util.ArrayList;
import java.util.List;

/**
 * What a reconcile would change, per node, computed from facts alone: making a plan changes nothing
 * (dry run). Empty when every node is converged.
 */
public record Plan(List<NodePlan> nodes) {
  public Plan {
    nodes = List.copyOf(nodes);
  }

  /** One row for status and logs. */
  public record Row(String node, String step, String action, boolean downtime) {}

  /** No action (blockers aside: see {@link #blockers()}). */
  public boolean isEmpty() {
    return nodes.stream().allMatch(n -> n.actions().isEmpty());
  }

  /**
   * What only a person can solve, node by node ({@link Step#blockers}): a plan with blockers must
   * not run.
   */
  public List<String> blockers() {
    return nodes.stream().flatMap(n -> n.blockers().stream()).toList();
  }

  public List<Action> actions() {
    return nodes.stream().flatMap(n -> n.actions().stream()).toList();
  }

  /** The number of mutating commands the plan would run (0 on a converged cluster). */
  public int mutatingCommands() {
    return actions().size();
  }

  public boolean needsDowntime() {
    return actions().stream().anyMatch(Action::downtime);
  }

  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (Action a : actions()) {
      rows.add(new Row(a.node(), a.step(), a.description(), a.downtime()));
    }
    return rows;
  }

  /**
   * A plain-text table: node, step, action, and "downtime" where the guide wants Maintenance Mode.
   */
  public String render() {
    if (isEmpty()) {
      return "no changes";
    }
    StringBuilder b = new StringBuilder();
    for (Row r : rows()) {
      b.append(r.node())
          .append(" | ")
          .append(r.step())
          .append(" | ")
          .append(r.action())
          .append(r.downtime() ? " | downtime" : "")
          .append('\n');
    }
    return b.toString();
  }
}
