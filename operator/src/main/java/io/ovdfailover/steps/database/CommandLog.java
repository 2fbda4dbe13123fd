package io.ovdfailover.steps.database;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the migration's commands and remembers which ran, per phase (for status, events and tests).
 * Failure messages quote the command's stderr; the passwords of the pass are masked there too, in
 * case a server error ever echoes a statement.
 */
final class CommandLog {
  private final List<ExecutedCommand> entries = new ArrayList<>();
  private final List<String> secrets = new ArrayList<>();

  /** Registers a password to mask in failure messages. */
  void redact(String secret) {
    if (secret != null && secret.length() >= 3) {
      secrets.add(secret);
    }
  }

  CommandResult run(Phase phase, HostShell shell, Command command) throws HostException {
    CommandResult r = shell.run(command);
    entries.add(
        new ExecutedCommand(
            phase,
            shell.nodeName(),
            command.description(),
            command.mutating(),
            r.exitCode(),
            r.elapsed()));
    return r;
  }

  CommandResult runChecked(Phase phase, HostShell shell, Command command) throws HostException {
    CommandResult r = run(phase, shell, command);
    if (!r.ok()) {
      throw failed(shell, command, r);
    }
    return r;
  }

  HostException failed(HostShell shell, Command command, CommandResult r) {
    String stderr = r.stderr() == null ? "" : r.stderr();
    for (String s : secrets) {
      stderr = stderr.replace(s, "***");
    }
    return HostException.commandFailed(
        shell.nodeName(), command, new CommandResult(r.exitCode(), "", stderr, r.elapsed()));
  }

  List<ExecutedCommand> entries() {
    return List.copyOf(entries);
  }

  static Map<Phase, int[]> perPhase(List<ExecutedCommand> entries) {
    Map<Phase, int[]> m = new EnumMap<>(Phase.class);
    for (ExecutedCommand e : entries) {
      int[] c = m.computeIfAbsent(e.phase(), p -> new int[2]);
      c[e.mutating() ? 1 : 0]++;
    }
    return m;
  }
}
