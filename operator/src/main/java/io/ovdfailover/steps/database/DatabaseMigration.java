package io.ovdfailover.steps.database;

import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.steps.Checkpoint;
import io.ovdfailover.steps.Checkpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Chapter III of the guide: move the Session Manager's database from osm1 to the database node (or
 * an external server), as a pass that looks at the hosts first and does only what is missing. A
 * pass can be killed between any two commands; the next pass reads the files on osm1 (configuration
 * present or moved away, backup, complete dump, import marker) and the target's tables and
 * continues from there. A finished migration costs read-only commands only. The source database is
 * never dropped: after the switch its service is only stopped and disabled.
 *
 * <p>Order of a first migration: prepare target, check connectivity, read osm1, [downtime starts]
 * back the configuration up and remove it, dump, import, verify every table's row count, install
 * the edited configuration [downtime ends], stop and disable the local database.
 */
public final class DatabaseMigration {
  private final TargetDatabase target;
  private final SessionManagerLayout smLayout;
  private final HostShell osm;
  private final DatabaseNodeLayout dbLayout;
  private final HostShell dbNode;
  private final Checkpoints checkpoints;

  private DatabaseMigration(
      TargetDatabase target,
      SessionManagerLayout smLayout,
      HostShell osm,
      DatabaseNodeLayout dbLayout,
      HostShell dbNode,
      Checkpoints checkpoints) {
    this.checkpoints = checkpoints;
    this.target = Objects.requireNonNull(target, "target");
    this.smLayout = Objects.requireNonNull(smLayout, "smLayout");
    this.osm = Objects.requireNonNull(osm, "osm");
    this.dbLayout = dbLayout;
    this.dbNode = dbNode;
  }

  /** The guide's dbmy: the operator prepares the node (bind address, database, user, grant) too. */
  public static DatabaseMigration toDatabaseNode(
      TargetDatabase target,
      SessionManagerLayout smLayout,
      HostShell osm,
      DatabaseNodeLayout dbLayout,
      HostShell dbNode) {
    return toDatabaseNode(target, smLayout, osm, dbLayout, dbNode, Checkpoints.NONE);
  }

  /** As above, telling {@code checkpoints} when the import is verified. */
  public static DatabaseMigration toDatabaseNode(
      TargetDatabase target,
      SessionManagerLayout smLayout,
      HostShell osm,
      DatabaseNodeLayout dbLayout,
      HostShell dbNode,
      Checkpoints checkpoints) {
    return new DatabaseMigration(
        target,
        smLayout,
        osm,
        Objects.requireNonNull(dbLayout, "dbLayout"),
        Objects.requireNonNull(dbNode, "dbNode"),
        checkpoints);
  }

  /**
   * An existing server: its database, user and grant must exist; the operator only moves the data.
   */
  public static DatabaseMigration toExternal(
      TargetDatabase target, SessionManagerLayout smLayout, HostShell osm) {
    return toExternal(target, smLayout, osm, Checkpoints.NONE);
  }

  /** As above, telling {@code checkpoints} when the import is verified. */
  public static DatabaseMigration toExternal(
      TargetDatabase target,
      SessionManagerLayout smLayout,
      HostShell osm,
      Checkpoints checkpoints) {
    return new DatabaseMigration(target, smLayout, osm, null, null, checkpoints);
  }

  /**
   * One pass.
   *
   * @param allowDowntime whether the Session Manager may be disabled now
   *     (spec.maintenance.allowDowntime). Once a pass has disabled it, later passes finish the
   *     migration whatever this says: stopping half-way would only make the outage longer.
   * @param attempt the go for the move (spec.database.moveAttempt). When the configuration was put
   *     back (by {@link #abort()} or by hand) after an attempt had disabled the Session Manager,
   *     that is the admin's decision: the move starts again only for a higher attempt.
   */
  public MigrationOutcome run(boolean allowDowntime, int attempt)
      throws HostException, MigrationException {
    CommandLog log = new CommandLog();
    log.redact(target.credentials().password());
    if (dbLayout != null) {
      log.redact(dbLayout.admin().password());
    }
    TargetAccess access = new TargetAccess(osm, target, log);
    SessionManagerHost sm = new SessionManagerHost(osm, smLayout, log);

    SessionManagerHost.State state = sm.observe();
    // A database the Session Manager already uses (a move done by hand, the guide's chapter III)
    // serves: restarting its server to change what it listens on interrupts the farm, so that
    // waits for spec.maintenance.allowDowntime like any other downtime.
    boolean serving =
        state.configPresent()
            && SessionManagerConfig.parse(state.config(), smLayout.configPath())
                .sql()
                .usesTarget(target);
    Optional<String> restart = prepareAndConnect(log, access, allowDowntime || !serving);
    if (restart.isPresent()) {
      return new MigrationOutcome(
          MigrationOutcome.State.WaitingForMaintenance,
          null,
          null,
          List.of(restart.get()),
          log.entries());
    }

    SessionManagerConfig original;
    boolean dumpNeeded;
    boolean imported;
    if (state.configPresent()) {
      SessionManagerConfig current =
          SessionManagerConfig.parse(state.config(), smLayout.configPath());
      log.redact(current.sql().password());
      if (current.sql().usesTarget(target)) {
        return alreadyExternalized(current, state, access, sm, log);
      }
      // The record of an attempt is written only after the configuration was removed: finding the
      // configuration beside it means it was put back, and that is not undone without a new go.
      int putBack = state.attempt();
      if (putBack >= attempt) {
        throw new MigrationException(
            MigrationException.Reason.NEW_GO_NEEDED,
            osm.nodeName()
                + ": "
                + smLayout.configPath()
                + " was put back (by spec.database.abortMove or by hand) after move attempt "
                + putBack
                + " had disabled the Session Manager; it is not disabled again without a new go: "
                + "set spec.database.moveAttempt to "
                + (putBack + 1)
                + " to move again");
      }
      // The target must hold nothing the import would overwrite but an earlier import of these same
      // tables;
      // checked before the user is asked for downtime, so a refusal shows while the farm still
      // serves.
      requireEmptyOrSameTables(access.counts(Phase.CHECK_CONNECTIVITY), current.sql(), sm);
      if (!allowDowntime) {
        return new MigrationOutcome(
            MigrationOutcome.State.WaitingForMaintenance,
            null,
            null,
            pendingActions(current.sql()),
            log.entries());
      }
      // Before any downtime: the source answers with the configuration's credentials and has
      // tables.
      requireTables(sm.sourceCounts(requireComplete(current.sql())), current.sql());
      sm.disableSessionManager(attempt, putBack); // the downtime starts; any older dump goes too
      original = current;
      dumpNeeded = true;
      imported = false;
    } else {
      if (state.backup() == null) {
        throw configMissing("");
      }
      original = SessionManagerConfig.parse(state.backup(), smLayout.backupPath());
      log.redact(original.sql().password());
      if (original.sql().usesTarget(target)) {
        throw new MigrationException(
            MigrationException.Reason.CONFIG_INVALID,
            osm.nodeName()
                + ": "
                + smLayout.configPath()
                + " is missing and its backup already points at "
                + target.label()
                + "; restore the configuration by hand");
      }
      if (state.attempt() < attempt) {
        sm.recordAttempt(attempt);
      }
      dumpNeeded = !state.dumpComplete();
      imported = state.imported() && !dumpNeeded;
    }

    SqlSettings source = requireComplete(original.sql());
    if (dumpNeeded) {
      sm.dump(source);
    }
    TableCounts sourceCounts = requireTables(sm.sourceCounts(source), source);
    TableCounts targetCounts = null;
    if (imported) {
      targetCounts = access.counts(Phase.VERIFY);
      imported = sourceCounts.differencesTo(targetCounts).isEmpty();
    }
    if (!imported) {
      // Safe to repeat: the dump drops and re-creates each table it holds.
      sm.importDump(target);
      targetCounts = access.counts(Phase.VERIFY);
      List<TableCounts.Difference> diffs = sourceCounts.differencesTo(targetCounts);
      if (!diffs.isEmpty()) {
        throw new MigrationException(
            MigrationException.Reason.ROW_COUNT_MISMATCH,
            "row counts differ between "
                + source.host()
                + "/"
                + source.database()
                + " and "
                + target.label()
                + " after the import, "
                + "configuration not switched: "
                + diffs,
            diffs);
      }
    }

    checkpoints.reached(Checkpoint.AFTER_DATABASE_IMPORT);
    sm.installConfig(
        original.pointedAt(target),
        Phase.SWITCH_CONFIG,
        "Enable the Session Manager on "
            + target.label()
            + ": install "
            + smLayout.configPath()
            + " with general.sql.host = "
            + target.host());
    if (state.serviceActive() || state.serviceEnabled()) {
      sm.disableLocalDatabase();
    }
    return new MigrationOutcome(
        MigrationOutcome.State.Externalized, sourceCounts, targetCounts, List.of(), log.entries());
  }

  /**
   * spec.database.abortMove: puts the Session Manager back on its local database, as it was before
   * the move. The original configuration comes back from the backup the move made (the backup
   * stays), the local service is enabled and started; the target's tables and the dump are kept.
   * Nothing is done when there is nothing to undo; a move that finished is not undone (the Session
   * Manager has written to the target since).
   */
  public MigrationOutcome abort() throws HostException, MigrationException {
    CommandLog log = new CommandLog();
    log.redact(target.credentials().password());
    SessionManagerHost sm = new SessionManagerHost(osm, smLayout, log);
    SessionManagerHost.State state = sm.observe();
    if (state.configPresent()) {
      SessionManagerConfig current =
          SessionManagerConfig.parse(state.config(), smLayout.configPath());
      log.redact(current.sql().password());
      if (current.sql().usesTarget(target)) {
        throw new MigrationException(
            MigrationException.Reason.ABORT_REFUSED,
            osm.nodeName()
                + ": the move finished: "
                + smLayout.configPath()
                + " uses "
                + target.label()
                + " and the Session Manager has written there since; "
                + "it is not undone. Set spec.database.abortMove back to false");
      }
    } else {
      if (state.backup() == null) {
        throw configMissing(": nothing to put back");
      }
      SessionManagerConfig original =
          SessionManagerConfig.parse(state.backup(), smLayout.backupPath());
      log.redact(original.sql().password());
      sm.installConfig(
          state.backup(),
          Phase.SWITCH_CONFIG,
          "Put the original "
              + smLayout.configPath()
              + " back from "
              + smLayout.backupPath()
              + " (the move is aborted)");
    }
    if (!state.serviceActive() || !state.serviceEnabled()) {
      sm.enableLocalDatabase();
    }
    return new MigrationOutcome(
        MigrationOutcome.State.Aborted, null, null, List.of(), log.entries());
  }

  /** Neither the Session Manager's configuration nor the backup the move makes of it is there. */
  private MigrationException configMissing(String consequence) {
    return new MigrationException(
        MigrationException.Reason.CONFIG_MISSING,
        osm.nodeName()
            + ": neither "
            + smLayout.configPath()
            + " nor its backup "
            + smLayout.backupPath()
            + " exists"
            + consequence);
  }

  /**
   * Prepares the database node and checks that the target answers; returns the restart of the
   * database server that is needed but not allowed now (nothing was changed then).
   */
  private Optional<String> prepareAndConnect(
      CommandLog log, TargetAccess access, boolean restartAllowed)
      throws HostException, MigrationException {
    TargetPreparation prep =
        dbNode == null ? null : new TargetPreparation(dbNode, dbLayout, target, log);
    if (prep != null) {
      Optional<String> waiting = prep.ensure(restartAllowed);
      if (waiting.isPresent()) {
        return waiting;
      }
    }
    TargetAccess.Connectivity c = access.check();
    if (c == TargetAccess.Connectivity.ACCESS_DENIED && prep != null) {
      prep.resetPassword(); // the Secret's password changed since the user was created
      c = access.check();
    }
    if (c != TargetAccess.Connectivity.OK) {
      throw new MigrationException(
          MigrationException.Reason.TARGET_REFUSED,
          osm.nodeName()
              + ": "
              + target.label()
              + (c == TargetAccess.Connectivity.ACCESS_DENIED
                  ? " refuses user " + target.credentials().user() + " with the Secret's password"
                  : " does not show database "
                      + target.name()
                      + " to user "
                      + target.credentials().user()));
    }
    return Optional.empty();
  }

  /**
   * The configuration already uses the target: keep its account current and the local service off.
   */
  private MigrationOutcome alreadyExternalized(
      SessionManagerConfig current,
      SessionManagerHost.State state,
      TargetAccess access,
      SessionManagerHost sm,
      CommandLog log)
      throws HostException, MigrationException {
    TableCounts targetCounts = access.counts(Phase.VERIFY);
    if (targetCounts.isEmpty()) {
      throw new MigrationException(
          MigrationException.Reason.TARGET_EMPTY,
          osm.nodeName()
              + ": "
              + smLayout.configPath()
              + " points at "
              + target.label()
              + " but that database has no tables");
    }
    if (!current.sql().sameAccount(target.credentials())) {
      sm.installConfig(
          current.pointedAt(target),
          Phase.SWITCH_CONFIG,
          "Update general.sql.user and "
              + "general.sql.password in "
              + smLayout.configPath()
              + " from the Secret");
    }
    if (state.serviceActive() || state.serviceEnabled()) {
      sm.disableLocalDatabase();
    }
    return new MigrationOutcome(
        MigrationOutcome.State.Externalized, null, targetCounts, List.of(), log.entries());
  }

  /**
   * The import drops and re-creates each table it holds: a target with other tables is somebody
   * else's data (or another farm's), so the move is refused, naming them, before the Session
   * Manager is disabled.
   */
  private void requireEmptyOrSameTables(
      TableCounts targetCounts, SqlSettings source, SessionManagerHost sm)
      throws MigrationException, HostException {
    if (targetCounts.isEmpty()) {
      return;
    }
    TableCounts sourceCounts = requireTables(sm.sourceCounts(requireComplete(source)), source);
    if (targetCounts.rows().keySet().equals(sourceCounts.rows().keySet())) {
      return;
    }
    java.util.SortedSet<String> others = new java.util.TreeSet<>(targetCounts.rows().keySet());
    others.removeAll(sourceCounts.rows().keySet());
    java.util.SortedSet<String> lacking = new java.util.TreeSet<>(sourceCounts.rows().keySet());
    lacking.removeAll(targetCounts.rows().keySet());
    throw new MigrationException(
        MigrationException.Reason.TARGET_NOT_EMPTY,
        target.label()
            + " already holds "
            + targetCounts.summary()
            + (others.isEmpty() ? "" : "; tables the source does not have: " + others)
            + (lacking.isEmpty() ? "" : "; source tables it lacks: " + lacking)
            + ". The import would overwrite them: "
            + "empty that database (or name another one) and the move goes on; the Session Manager was not disabled");
  }

  private TableCounts requireTables(TableCounts counts, SqlSettings source)
      throws MigrationException {
    if (counts.isEmpty()) {
      throw new MigrationException(
          MigrationException.Reason.SOURCE_EMPTY,
          osm.nodeName()
              + ": database "
              + source.database()
              + " on "
              + source.host()
              + " has no tables; nothing to migrate");
    }
    return counts;
  }

  private SqlSettings requireComplete(SqlSettings s) throws MigrationException {
    List<String> missing = new ArrayList<>();
    if (s.host() == null) missing.add("general.sql.host");
    if (s.user() == null) missing.add("general.sql.user");
    if (s.password() == null) missing.add("general.sql.password");
    if (s.database() == null) missing.add("general.sql.database");
    if (!missing.isEmpty()) {
      throw new MigrationException(
          MigrationException.Reason.CONFIG_INVALID,
          osm.nodeName() + ": the Session Manager configuration lacks " + missing);
    }
    return s;
  }

  /** What the pass would do with downtime allowed, in the guide's words. */
  private List<String> pendingActions(SqlSettings source) {
    return List.of(
        "Disable the Session Manager on "
            + osm.nodeName()
            + ": back "
            + smLayout.configPath()
            + " up to "
            + smLayout.backupPath()
            + " and remove it",
        "Export database "
            + source.database()
            + " from "
            + source.host()
            + " to "
            + smLayout.dumpPath(),
        "Import it into " + target.label(),
        "Compare the row count of every table",
        "Enable the Session Manager with general.sql.host = " + target.host(),
        "Stop and disable " + smLayout.localDbService() + " on " + osm.nodeName());
  }
}
