package io.ovdfailover.converge;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.steps.database.SessionManagerLayout;
import java.util.List;

/**
 * Chapter III: the Session Manager's database moves to the database node (or an external server).
 * The move looks at both ends before it decides, and its downtime actions wait for
 * spec.maintenance.allowDowntime inside {@link GuideConverger.DatabaseStage}; here it is one stage
 * of the procedure like the others.
 */
final class DatabaseMoveStage implements Stage {
  private final GuideConverger.DatabaseStage database;

  DatabaseMoveStage(GuideConverger.DatabaseStage database) {
    this.database = database;
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public Disruption disruption() {
    return Disruption.NODE_SERVICES;
  }

  /**
   * The database check's fingerprint: the Session Manager's configuration file, and MySQL's unit
   * and server configuration (on the session manager and the database node) in every profile; and
   * the server package, whose version decides the SQL sent to the database node.
   */
  @Override
  public FactsRequest probes(OvdFailoverClusterSpec spec) {
    return FactsRequest.ofPaths(List.of(SessionManagerLayout.GUIDE_CONFIG_PATH))
        .plus(FactsRequest.ofPackages(DistroProfiles.mysqlServerPackages()))
        .plus(
            FactsRequest.ofPaths(
                DistroProfiles.ALL.stream().map(DistroProfile::mysqlServerConfig).toList()))
        .plus(
            FactsRequest.ofUnits(
                DistroProfiles.ALL.stream().map(DistroProfile::mysqlService).toList()));
  }

  @Override
  public StagePlan plan(Pass pass) {
    if (database == null || database.verified(pass.spec(), pass.facts())) {
      return StagePlan.converged();
    }
    String osm = pass.coordinator();
    if (pass.spec().database.abortMove) {
      return new StagePlan.Changes(
          List.of(
              new Plan.Row(
                  osm,
                  name(),
                  "abort the database move: put the original "
                      + "Session Manager configuration back from its backup, enable and start the local MySQL (if not done yet)",
                  false)),
          java.util.Optional.empty(),
          () -> database.run(pass.spec(), pass.facts(), pass.allowDowntime()));
    }
    String target =
        pass.spec().database.node != null ? pass.spec().database.node.name : "the external server";
    // what a dry run shows: the checks need the database password, so they run only when the stage
    // does
    List<Plan.Row> rows =
        List.of(
            new Plan.Row(
                osm,
                name(),
                "check the Session Manager database on "
                    + target
                    + ", or move it there: "
                    + "back the configuration up and remove it, dump, import, compare every table's row count, install the "
                    + "edited configuration, stop and disable the local MySQL (these wait for spec.maintenance.allowDowntime)",
                true));
    return new StagePlan.Changes(
        rows,
        java.util.Optional.empty(),
        () -> database.run(pass.spec(), pass.facts(), pass.allowDowntime()));
  }
}
