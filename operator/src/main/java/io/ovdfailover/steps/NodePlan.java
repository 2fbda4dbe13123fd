package io.ovdfailover.steps;

import java.util.List;

/** The actions a plan would run on one node, in order. */
public record NodePlan(String node, List<Action> actions) {
  public NodePlan {
    actions = List.copyOf(actions);
  }
}
