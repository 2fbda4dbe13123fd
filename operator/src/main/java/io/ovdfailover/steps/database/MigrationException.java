package io.ovdfailover.steps.database;

import java.util.List;

/**
 * The migration cannot go on without a person: data mismatch, an unexpected file layout. Not
 * transient; messages name tables, paths and hosts, never a password.
 */
public class MigrationException extends Exception {
  /** Why, each with the condition reason it maps to. */
  public enum Reason {
    ROW_COUNT_MISMATCH("RowCountMismatch"),
    BACKUP_CONFLICT("BackupConflict"),
    CONFIG_MISSING("SessionManagerConfigMissing"),
    CONFIG_INVALID("SessionManagerConfigInvalid"),
    TARGET_REFUSED("TargetDatabaseRefused"),
    TARGET_EMPTY("TargetDatabaseEmpty"),
    TARGET_NOT_EMPTY("TargetDatabaseNotEmpty"),
    ABORT_REFUSED("DatabaseMoveAbortRefused"),
    NEW_GO_NEEDED("DatabaseMoveNeedsNewGo"),
    SOURCE_EMPTY("SourceDatabaseEmpty");

    private final String reason;

    Reason(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  private final Reason reason;
  private final List<TableCounts.Difference> differences;

  public MigrationException(Reason reason, String message) {
    this(reason, message, List.of());
  }

  public MigrationException(
      Reason reason, String message, List<TableCounts.Difference> differences) {
    super(message);
    this.reason = reason;
    this.differences = List.copyOf(differences);
  }

  public Reason reason() {
    return reason;
  }

  /** The tables whose row counts differ or that exist on one side only (ROW_COUNT_MISMATCH). */
  public List<TableCounts.Difference> differences() {
    return differences;
  }
}
