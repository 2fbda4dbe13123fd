package io.ovdfailover.steps;

import static io.ovdfailover.hosts.ShellQuote.quote;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.UnitState;
import java.util.List;

/**
 * A systemd unit enabled or disabled at boot ("Enable the pcsd service"; "Stop and disable the
 * MySQL service" with {@link UnitRunningStep}). A unit that does not exist counts as disabled. When
 * systemd did not answer the probe the state is unknown and the command is planned: systemctl
 * itself is idempotent.
 */
public record UnitEnabledStep(String unit, boolean enabled, String description, boolean downtime)
    implements Step {
  public static UnitEnabledStep enabled(String unit, String description) {
    return new UnitEnabledStep(unit, true, description, false);
  }

  public static UnitEnabledStep disabled(String unit, String description) {
    return new UnitEnabledStep(unit, false, description, false);
  }

  @Override
  public String name() {
    return unit + (enabled ? " enabled" : " disabled");
  }

  @Override
  public List<String> probedUnits() {
    return List.of(unit);
  }

  @Override
  public List<Command> changes(NodeContext node) {
    UnitState s = node.facts().unit(unit);
    boolean converged = s.known() && (enabled ? s.enabled() : !s.exists() || !s.enabled());
    if (converged) {
      return List.of();
    }
    return List.of(
        Command.change(
            description, "systemctl " + (enabled ? "enable " : "disable ") + quote(unit)));
  }
}
