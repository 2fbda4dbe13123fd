package io.ovdfailover.steps.database;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where chapter III stands after one pass, with the figures for status and events.
 *
 * @param state Externalized or WaitingForMaintenance (failures are exceptions)
 * @param sourceCounts row counts of the source tables when this pass compared them, else null
 * @param targetCounts row counts of the target tables
 * @param pendingActions what a pass with downtime allowed would do (WaitingForMaintenance), in
 *     guide words
 * @param commands the commands this pass ran
 */
public record MigrationOutcome(
    State state,
    TableCounts sourceCounts,
    TableCounts targetCounts,
    List<String> pendingActions,
    List<ExecutedCommand> commands) {

  public enum State {
    /** The Session Manager uses the target database, the local service is disabled. */
    Externalized,
    /**
     * The migration needs the downtime the user has not allowed yet
     * (spec.maintenance.allowDowntime).
     */
    WaitingForMaintenance,
    /**
     * spec.database.abortMove: the Session Manager runs on its local database with its original
     * configuration.
     */
    Aborted
  }

  public long mutatingCommands() {
    return commands.stream().filter(ExecutedCommand::mutating).count();
  }

  /** "PREPARE_TARGET 1/0, CHECK_CONNECTIVITY 1/0, ..." as reads/changes per phase. */
  public String commandsPerPhase() {
    return CommandLog.perPhase(commands).entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1])
        .collect(Collectors.joining(", "));
  }

  /** One line for a Kubernetes event or a status message. */
  public String summary() {
    return switch (state) {
      case Externalized ->
          "Session Manager uses the shared database"
              + (targetCounts == null ? "" : " (" + targetCounts.summary() + ")")
              + (sourceCounts == null ? "" : ", row counts verified against the source");
      case WaitingForMaintenance -> "waiting for maintenance: " + String.join("; ", pendingActions);
      case Aborted ->
          "the database move is aborted (spec.database.abortMove): the Session Manager runs on its local "
              + "database with its original configuration; set abortMove to false to move again";
    };
  }

  public Map<String, Long> targetRowsPerTable() {
    return targetCounts == null ? Map.of() : targetCounts.asMap();
  }
}
