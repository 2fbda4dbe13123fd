package io.ovdfailover.steps;

import io.ovdfailover.hosts.Command;

/**
 * One change a plan would make: a mutating {@link Command} on one node, the step it belongs to, and
 * whether the guide says it needs downtime (the OVD farm in Maintenance Mode).
 */
public record Action(String node, String step, Command command, boolean downtime) {
  public Action {
    if (!command.mutating()) {
      throw new IllegalArgumentException("an action must be a mutating command: " + command);
    }
  }

  /** The guide's words for what the action does. */
  public String description() {
    return command.description();
  }
}
