package io.ovdfailover.steps;

import static io.ovdfailover.hosts.ShellQuote.quote;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.UnitState;
import java.util.List;
import java.util.function.Predicate;

/**
 * A systemd unit enabled or disabled at boot, or started or stopped now ("Enable the pcsd service",
 * "Stop and disable the MySQL service", "Stop the Apache service" on osm2). A unit that does not
 * exist counts as disabled and stopped. When systemd did not answer the probe the state is unknown
 * and the command is planned: systemctl itself is idempotent. Units Pacemaker owns (apache, lsyncd,
 * cluster-vip-src on the session managers) must not be started or stopped by this step once the
 * cluster runs them.
 */
public record UnitStep(String unit, Goal goal, String description) implements Step {

  /** What the unit must be, and the systemctl verb that makes it so. */
  public enum Goal {
    ENABLED("enable", UnitState::enabled),
    DISABLED("disable", s -> !s.exists() || !s.enabled()),
    STARTED("start", UnitState::active),
    STOPPED("stop", s -> !s.active());

    private final String verb;
    private final Predicate<UnitState> reached;

    Goal(String verb, Predicate<UnitState> reached) {
      this.verb = verb;
      this.reached = reached;
    }
  }

  @Override
  public String name() {
    return unit + " " + goal.name().toLowerCase();
  }

  @Override
  public FactsRequest probes() {
    return FactsRequest.ofUnits(List.of(unit));
  }

  @Override
  public List<Command> changes(NodeContext node) {
    UnitState s = node.facts().unit(unit);
    if (s.known() && goal.reached.test(s)) {
      return List.of();
    }
    return List.of(Command.change(description, "systemctl " + goal.verb + " " + quote(unit)));
  }
}
