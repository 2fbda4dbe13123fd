package io.ovdfailover.steps.database;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Runs the migration's commands and remembers which ran, per phase (for status, events and tests). */
final class CommandLog {
  /** One command that ran: where, what (the description, never the script or stdin), and whether it mutated. */
  record Entry(Phase phase, String node, String description, boolean mutating, int exitCode, Duration elapsed) {}

  private final List<Entry> entries = new ArrayList<>();

  CommandResult run(Phase phase, HostShell shell, Command command) throws HostException {
    CommandResult r = shell.run(command);
    entries.add(new Entry(phase, shell.nodeName(), command.description(), command.mutating(), r.exitCode(),
        r.elapsed()));
    return r;
  }

  CommandResult runChecked(Phase phase, HostShell shell, Command command) throws HostException {
    CommandResult r = run(phase, shell, command);
    if (!r.ok()) {
      throw HostException.commandFailed(shell.nodeName(), command, r);
    }
    return r;
  }

  List<Entry> entries() {
    return List.copyOf(entries);
  }

  static Map<Phase, int[]> perPhase(List<Entry> entries) {
    Map<Phase, int[]> m = new EnumMap<>(Phase.class);
    for (Entry e : entries) {
      int[] c = m.computeIfAbsent(e.phase(), p -> new int[2]);
      c[e.mutating() ? 1 : 0]++;
    }
    return m;
  }
}
