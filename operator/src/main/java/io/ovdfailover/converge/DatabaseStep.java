package io.ovdfailover.converge;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.converge.GuideConverger.Outcome;
import io.ovdfailover.converge.GuideConverger.StageOutcome;
import io.ovdfailover.hosts.DistroDetection;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.MysqlServer;
import io.ovdfailover.steps.Checkpoints;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.steps.database.DatabaseMigration;
import io.ovdfailover.steps.database.DatabaseNodeLayout;
import io.ovdfailover.steps.database.DbCredentials;
import io.ovdfailover.steps.database.MigrationException;
import io.ovdfailover.steps.database.MigrationOutcome;
import io.ovdfailover.steps.database.SessionManagerLayout;
import io.ovdfailover.steps.database.TargetDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chapter III in the converger: the database migration with the distro layouts of osm1 and the
 * database node.
 *
 * <p>Its checks log into MySQL, so they need the password and cannot ride in the one-command facts
 * probe. Once the database is externalized and verified, they are repeated only when something they
 * depend on changed in the facts (the Session Manager config's hash, the MySQL units and server
 * config, the credentials) or every {@link #REVERIFY}: a converged reconcile then costs one command
 * per node.
 */
public final class DatabaseStep implements GuideConverger.DatabaseStage {
  static final Duration REVERIFY = Duration.ofMinutes(10);

  /** The last verified state of one cluster's database, kept across passes by the caller. */
  public static final class Verified {
    volatile String fingerprint;
    volatile Instant at;
  }

  private final Function<String, HostShell> shells;
  private final DbCredentials credentials;
  private final Verified verified;
  private final Clock clock;
  private final Checkpoints checkpoints;

  public DatabaseStep(Function<String, HostShell> shells, DbCredentials credentials) {
    this(shells, credentials, new Verified(), Clock.systemUTC(), Checkpoints.NONE);
  }

  public DatabaseStep(
      Function<String, HostShell> shells,
      DbCredentials credentials,
      Verified verified,
      Clock clock,
      Checkpoints checkpoints) {
    this.checkpoints = checkpoints;
    this.shells = shells;
    this.credentials = credentials;
    this.verified = verified;
    this.clock = clock;
  }

  @Override
  public boolean verified(OvdFailoverClusterSpec spec, Map<String, HostFacts> facts) {
    return verified(spec, fingerprint(spec, facts), clock.instant());
  }

  private boolean verified(OvdFailoverClusterSpec spec, String fingerprint, Instant now) {
    return !spec.database.abortMove
        && fingerprint.equals(verified.fingerprint)
        && verified.at != null
        && Duration.between(verified.at, now).compareTo(REVERIFY) < 0;
  }

  @Override
  public Optional<StageOutcome> run(
      OvdFailoverClusterSpec spec, Map<String, HostFacts> facts, boolean allowDowntime) {
    String fingerprint = fingerprint(spec, facts);
    Instant now = clock.instant();
    if (verified(spec, fingerprint, now)) {
      return Optional.empty();
    }
    Optional<StageOutcome> outcome = migrate(spec, facts, allowDowntime);
    if (outcome.isEmpty()) {
      verified.fingerprint = fingerprint;
      verified.at = now;
    } else {
      verified.fingerprint = null;
    }
    return outcome;
  }

  /** What the database checks depend on, as the facts show it; the credentials only as a digest. */
  String fingerprint(OvdFailoverClusterSpec spec, Map<String, HostFacts> facts) {
    StringBuilder f = new StringBuilder(credentialsDigest()).append('|');
    HostFacts osm = facts.get(spec.sessionManagers.get(0).name);
    DistroProfile smProfile = profile(osm);
    f.append(osm.path(SessionManagerLayout.GUIDE_CONFIG_PATH))
        .append('|')
        .append(osm.unit(smProfile.mysqlService()));
    if (spec.database.node != null) {
      HostFacts db = facts.get(spec.database.node.name);
      DistroProfile dbProfile = profile(db);
      f.append('|')
          .append(db.path(dbProfile.mysqlServerConfig()))
          .append('|')
          .append(db.unit(dbProfile.mysqlService()));
    }
    return f.toString();
  }

  private String credentialsDigest() {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      sha.update(
          (credentials.user() + "\0" + credentials.password())
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Optional<StageOutcome> migrate(
      OvdFailoverClusterSpec spec, Map<String, HostFacts> facts, boolean allowDowntime) {
    String osm = spec.sessionManagers.get(0).name;
    DistroProfile smProfile = profile(facts.get(osm));
    SessionManagerLayout sm =
        SessionManagerLayout.forDistro(
            smProfile.apache().user(), smProfile.apache().group(), smProfile.mysqlService());
    TargetDatabase target =
        TargetDatabase.fromSpec(spec.database, spec.privateNetwork, credentials);
    DatabaseMigration migration;
    if (spec.database.external != null) {
      migration = DatabaseMigration.toExternal(target, sm, shells.apply(osm), checkpoints);
    } else {
      String db = spec.database.node.name;
      DistroProfile dbProfile = profile(facts.get(db));
      Optional<MysqlServer> server = dbProfile.mysql().server(facts.get(db));
      if (server.isEmpty()) {
        // the packages stage installs it first: only a server installed some other way lands here
        return Optional.of(
            new StageOutcome(
                Outcome.BLOCKED,
                java.util.List.of(),
                java.util.List.of(),
                db
                    + ": the package "
                    + dbProfile.mysql().serverPackage()
                    + " is not installed, so the server's version is unknown (it decides the SQL"
                    + " that creates the OVD user); install the distribution's "
                    + dbProfile.mysql().serverPackage()));
      }
      migration =
          DatabaseMigration.toDatabaseNode(
              target,
              sm,
              shells.apply(osm),
              databaseNodeLayout(spec, dbProfile, server.get()),
              shells.apply(db),
              checkpoints);
    }
    try {
      if (spec.database.abortMove) {
        MigrationOutcome aborted = migration.abort();
        if (aborted.mutatingCommands() > 0) {
          return Optional.of(
              new StageOutcome(
                  Outcome.PROGRESSED,
                  aborted.commands().stream()
                      .filter(c -> c.mutating())
                      .map(c -> c.node() + ": " + c.description())
                      .toList(),
                  java.util.List.of(),
                  "aborting the database move"));
        }
        return Optional.of(
            new StageOutcome(
                Outcome.HELD, java.util.List.of(), java.util.List.of(), aborted.summary()));
      }
      MigrationOutcome o = migration.run(allowDowntime, spec.database.moveAttempt);
      if (o.state() == MigrationOutcome.State.WaitingForMaintenance) {
        return Optional.of(
            new StageOutcome(
                Outcome.WAITING_FOR_MAINTENANCE,
                java.util.List.of(),
                o.pendingActions().stream()
                    .map(a -> new Plan.Row(osm, "database", a, true))
                    .toList(),
                o.summary()));
      }
      if (o.mutatingCommands() == 0) {
        return Optional.empty();
      }
      return Optional.of(
          new StageOutcome(
              Outcome.PROGRESSED,
              o.commands().stream()
                  .filter(c -> c.mutating())
                  .map(c -> c.node() + ": " + c.description())
                  .toList(),
              java.util.List.of(),
              o.summary()));
    } catch (HostException e) {
      return Optional.of(
          new StageOutcome(
              Outcome.FAILED, java.util.List.of(), java.util.List.of(), e.getMessage()));
    } catch (MigrationException e) {
      return Optional.of(
          new StageOutcome(
              Outcome.BLOCKED, java.util.List.of(), java.util.List.of(), e.getMessage()));
    }
  }

  /**
   * spec.database.reachableFrom: by default the server listens on the node's private address and
   * the OVD user is granted from the private network only; Anywhere is the guide's 0.0.0.0 and '%'.
   */
  static DatabaseNodeLayout databaseNodeLayout(
      OvdFailoverClusterSpec spec, DistroProfile profile, MysqlServer server) {
    boolean privateOnly =
        spec.database.reachableFrom == io.ovdfailover.api.DatabaseSpec.ReachableFrom.PrivateNetwork;
    String bind = privateOnly ? spec.database.node.privateAddress : "0.0.0.0";
    String grantHost =
        privateOnly ? mysqlHost(spec.privateNetwork.network()) : DatabaseNodeLayout.ANY_HOST;
    return DatabaseNodeLayout.forDistro(profile.mysql(), server, bind, grantHost);
  }

  /** A network in MySQL's account-host notation, e.g. {@code 198.19.100.0/255.255.255.0}. */
  private static String mysqlHost(io.ovdfailover.api.Ipv4.Cidr network) {
    return io.ovdfailover.api.Ipv4.format(network.network()) + "/" + network.netmaskText();
  }

  private static DistroProfile profile(HostFacts f) {
    if (DistroProfiles.detect(f) instanceof DistroDetection.Supported s) {
      return s.profile();
    }
    throw new IllegalStateException(
        f.node() + ": unsupported distribution (the converger checks this first)");
  }
}
