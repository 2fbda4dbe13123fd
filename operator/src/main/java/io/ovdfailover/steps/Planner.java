package io.ovdfailover.steps;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Diffs each node's steps against its facts. Pure: no command runs while planning. */
public final class Planner {
  private Planner() {}

  /**
   * @param nodes each node's context (facts and profile) and its steps, in the order they must run
   */
  public static Plan plan(Map<NodeContext, List<Step>> nodes) {
    List<NodePlan> plans = new ArrayList<>();
    for (Map.Entry<NodeContext, List<Step>> e : nodes.entrySet()) {
      plans.add(planNode(e.getKey(), e.getValue()));
    }
    return new Plan(plans);
  }

  private static NodePlan planNode(NodeContext node, List<Step> steps) {
    List<Action> actions = new ArrayList<>();
    List<String> blockers = new ArrayList<>();
    for (Step step : steps) {
      blockers.addAll(step.blockers(node));
      for (Command c : step.changes(node)) {
        actions.add(new Action(node.node(), step.name(), c, step.downtime(node)));
      }
    }
    return new NodePlan(node.node(), actions, blockers);
  }

  /** Convenience for one node. */
  public static Plan plan(NodeContext node, List<Step> steps) {
    Map<NodeContext, List<Step>> m = new LinkedHashMap<>();
    m.put(node, steps);
    return plan(m);
  }

  /** Everything the steps read from the facts, for the facts request. */
  public static FactsRequest probes(Collection<? extends Step> steps) {
    return steps.stream().map(Step::probes).reduce(FactsRequest.NONE, FactsRequest::plus);
  }
}
