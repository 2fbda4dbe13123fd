package io.ovdfailover.steps;

import java.util.List;

/**
 * The actions a plan would run on one node, in order, and what blocks it (see {@link
 * Step#blockers}).
 */
public record NodePlan(String node, List<Action> actions, List<String> blockers) {
  public NodePlan {
    actions = List.copyOf(actions);
    blockers = List.copyOf(blockers);
  }
}
