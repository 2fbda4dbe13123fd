package io.ovdfailover.reconcile;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.DistroDetection;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.reconcile.GuideConverger.Outcome;
import io.ovdfailover.reconcile.GuideConverger.StageOutcome;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.steps.database.DatabaseMigration;
import io.ovdfailover.steps.database.DatabaseNodeLayout;
import io.ovdfailover.steps.database.DbCredentials;
import io.ovdfailover.steps.database.MigrationException;
import io.ovdfailover.steps.database.MigrationOutcome;
import io.ovdfailover.steps.database.SessionManagerLayout;
import io.ovdfailover.steps.database.TargetDatabase;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Chapter III in the converger: the database migration with the distro layouts of osm1 and the database node. */
public final class DatabaseStep implements GuideConverger.DatabaseStage {
  private final Function<String, HostShell> shells;
  private final DbCredentials credentials;

  public DatabaseStep(Function<String, HostShell> shells, DbCredentials credentials) {
    this.shells = shells;
    this.credentials = credentials;
  }

  @Override
  public Optional<StageOutcome> run(OvdFailoverClusterSpec spec, Map<String, HostFacts> facts, boolean allowDowntime) {
    String osm = spec.sessionManagers.get(0).name;
    DistroProfile smProfile = profile(facts.get(osm));
    SessionManagerLayout sm = SessionManagerLayout.forDistro(smProfile.apache().user(), smProfile.apache().group(),
        smProfile.mysqlService());
    TargetDatabase target = TargetDatabase.fromSpec(spec.database, spec.privateNetwork, credentials);
    DatabaseMigration migration;
    if (spec.database.external != null) {
      migration = DatabaseMigration.toExternal(target, sm, shells.apply(osm));
    } else {
      String db = spec.database.node.name;
      DistroProfile dbProfile = profile(facts.get(db));
      migration = DatabaseMigration.toDatabaseNode(target, sm, shells.apply(osm),
          DatabaseNodeLayout.forDistro(dbProfile.mysqlServerConfig(), dbProfile.mysqlService()), shells.apply(db));
    }
    try {
      MigrationOutcome o = migration.run(allowDowntime);
      if (o.state() == MigrationOutcome.State.WaitingForMaintenance) {
        return Optional.of(new StageOutcome(Outcome.WAITING_FOR_MAINTENANCE, java.util.List.of(),
            o.pendingActions().stream().map(a -> new Plan.Row(osm, "database", a, true)).toList(), o.summary()));
      }
      if (o.mutatingCommands() == 0) {
        return Optional.empty();
      }
      return Optional.of(new StageOutcome(Outcome.PROGRESSED, o.commands().stream().filter(c -> c.mutating())
          .map(c -> c.toString()).toList(), java.util.List.of(), o.summary()));
    } catch (HostException e) {
      return Optional.of(new StageOutcome(Outcome.FAILED, java.util.List.of(), java.util.List.of(), e.getMessage()));
    } catch (MigrationException e) {
      return Optional.of(new StageOutcome(Outcome.BLOCKED, java.util.List.of(), java.util.List.of(), e.getMessage()));
    }
  }

  private static DistroProfile profile(HostFacts f) {
    if (DistroProfiles.detect(f) instanceof DistroDetection.Supported s) {
      return s.profile();
    }
    throw new IllegalStateException(f.node() + ": unsupported distribution (the converger checks this first)");
  }
}
