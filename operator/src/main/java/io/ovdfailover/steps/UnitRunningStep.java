package io.ovdfailover.steps;

import static io.ovdfailover.hosts.ShellQuote.quote;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.UnitState;
import java.util.List;

/**
 * A systemd unit started or stopped now ("Start the pcsd service", "Stop the Apache service" on
 * osm2). Units Pacemaker owns (apache, lsyncd, cluster-vip-src on the OSM nodes) must not get this
 * step once the cluster runs them: Pacemaker starts and stops them.
 */
public record UnitRunningStep(String unit, boolean running, String description, boolean downtime)
    implements Step {
  public static UnitRunningStep started(String unit, String description) {
    return new UnitRunningStep(unit, true, description, false);
  }

  public static UnitRunningStep stopped(String unit, String description) {
    return new UnitRunningStep(unit, false, description, false);
  }

  @Override
  public String name() {
    return unit + (running ? " started" : " stopped");
  }

  @Override
  public List<String> probedUnits() {
    return List.of(unit);
  }

  @Override
  public List<Command> changes(NodeContext node) {
    UnitState s = node.facts().unit(unit);
    boolean converged = s.known() && (running ? s.active() : !s.active());
    if (converged) {
      return List.of();
    }
    return List.of(
        Command.change(description, "systemctl " + (running ? "start " : "stop ") + quote(unit)));
  }
}
