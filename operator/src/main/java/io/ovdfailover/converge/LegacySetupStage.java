package io.ovdfailover.converge;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.Finding;
import java.util.List;
import java.util.Optional;

/**
 * First of the build: a session manager of the legacy guide's Heartbeat pair. The build would form
 * Pacemaker beside a Heartbeat that holds the same VIP, and its database move and replica stages
 * would stop what the legacy pair serves with; so nothing at all is changed, on any node, while
 * Heartbeat runs or would start at boot, unless spec.legacyPair says Migrate: then the migration's
 * stages ({@link LegacyMigration}) take it out at the right points. Status says what was found
 * (layout, active node, file sync, PHP sessions); a retired one (stopped, disabled) is only
 * reported.
 */
final class LegacySetupStage implements Stage {
  @Override
  public String name() {
    return "legacy setup";
  }

  @Override
  public Disruption disruption() {
    return Disruption.NONE;
  }

  @Override
  public FactsRequest probes(OvdFailoverClusterSpec spec) {
    return LegacyHeartbeat.PROBES;
  }

  @Override
  public StagePlan plan(Pass pass) {
    Optional<LegacyCluster> cluster = LegacyCluster.read(pass);
    if (cluster.isPresent()) {
      // the EL7 variant: dissolved by the migration's "legacy cluster" stage, whatever serves
      return LegacyMigration.migrating(pass.spec())
          ? StagePlan.converged()
          : new StagePlan.Blocked(
              "the legacy guide's two-node Pacemaker cluster is here ("
                  + cluster.get().summary()
                  + "): the operator changes nothing beside it. To move it to the current design,"
                  + " set spec.legacyPair: Migrate (docs/migration.md)");
    }
    Optional<LegacyHeartbeat> found =
        LegacyHeartbeat.read(pass.spec(), pass.facts()).filter(LegacyHeartbeat::live);
    if (found.isEmpty()) {
      return StagePlan.converged();
    }
    LegacyHeartbeat legacy = found.get();
    if (!LegacyMigration.migrating(pass.spec())) {
      return new StagePlan.Blocked(
          "the legacy guide's Heartbeat pair is here ("
              + legacy.summary()
              + "): the operator changes nothing beside it. To move it to the current design, set"
              + " spec.legacyPair: Migrate (docs/migration.md)");
    }
    // the migration builds the current design's first node on the first session manager, where
    // Pacemaker's resources start; the pair must serve from there so that the other node can be
    // taken out of it first
    String first = pass.coordinator();
    Optional<String> active = legacy.activeNode();
    if (active.isPresent() && !active.get().equals(first)) {
      return new StagePlan.Blocked(
          "the legacy Heartbeat pair serves from "
              + active.get()
              + ": the migration starts Pacemaker's resources on "
              + first
              + " and needs the pair to serve from there first (on "
              + first
              + ": /usr/share/heartbeat/hb_takeover all)");
    }
    return StagePlan.converged();
  }

  @Override
  public List<Finding> findings(Pass pass) {
    Optional<LegacyCluster> cluster = LegacyCluster.read(pass);
    if (cluster.isPresent()) {
      return List.of(
          new Finding(
              Finding.CLUSTER,
              "legacy Pacemaker pair",
              Finding.Disposition.Kept,
              (LegacyMigration.migrating(pass.spec()) ? "migrating, serving until dissolved: " : "")
                  + cluster.get().summary()));
    }
    return LegacyHeartbeat.read(pass.spec(), pass.facts())
        .map(
            legacy ->
                List.of(
                    new Finding(
                        Finding.CLUSTER,
                        legacy.live() ? "legacy Heartbeat pair" : "legacy Heartbeat retired",
                        Finding.Disposition.Kept,
                        legacy.live() && LegacyMigration.migrating(pass.spec())
                            ? "migrating, serving until the switch: " + legacy.summary()
                            : legacy.summary())))
        .orElse(List.of());
  }
}
