package io.ovdfailover.converge;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.pacemaker.ClusterFormation;
import io.ovdfailover.steps.Checkpoints;
import io.ovdfailover.steps.guide.GuideStage;
import java.util.ArrayList;
import java.util.List;

/**
 * The procedures the operator runs, each an ordered list of stages. A pass does the first stage
 * that has something to do and stops, so status is written between stages and a restarted operator
 * resumes from what the hosts show.
 */
public final class Procedures {
  private Procedures() {}

  /**
   * The current guide from scratch: chapters I-V on every node, the replica, chapter III's database
   * move, chapters V-VI's cluster, resources, the second session manager's join, and what must hold
   * after.
   */
  public static List<Stage> guideBuild(GuideConverger.DatabaseStage database) {
    return guideBuild(database, Checkpoints.NONE);
  }

  /**
   * @param checkpoints told when the build reaches a {@link io.ovdfailover.steps.Checkpoint}
   */
  public static List<Stage> guideBuild(
      GuideConverger.DatabaseStage database, Checkpoints checkpoints) {
    List<Stage> build = new ArrayList<>();
    // the legacy guide's Heartbeat pair: nothing is changed beside it
    build.add(new LegacySetupStage());
    build.addAll(preparation());
    build.add(new ReplicaStage());
    build.add(new DatabaseMoveStage(database));
    build.addAll(formation());
    build.add(new ClusterAnswersStage());
    build.addAll(resources(checkpoints));
    build.addAll(completion());
    return List.copyOf(build);
  }

  /**
   * The legacy guide's Heartbeat pair moved to the current design (spec.legacyPair Migrate): the
   * build's stages, with the pair serving until the cluster is formed. The cluster forms on the
   * first session manager and the quorum nodes before the second session manager becomes the
   * replica (Heartbeat stopped there first); the switch is part of the resources' push, and what is
   * left of the legacy pair retires after it. On a site without Heartbeat the legacy stages have
   * nothing to do.
   */
  public static List<Stage> legacyMigration(
      GuideConverger.DatabaseStage database, Checkpoints checkpoints) {
    List<Stage> migration = new ArrayList<>();
    migration.add(new LegacySetupStage());
    migration.addAll(preparation());
    migration.add(new DatabaseMoveStage(database));
    // the EL7 variant: its two-node cluster goes before the new one forms
    migration.add(new LegacyMigration.Dissolve());
    migration.add(formation().get(0));
    migration.add(new LegacyMigration.Standby());
    migration.add(new ReplicaStage());
    // as in the build: a rebuilt second session manager becomes the replica before it rejoins
    migration.add(formation().get(1));
    migration.add(new ClusterAnswersStage());
    migration.add(new HandoverStage());
    // the switch: Heartbeat lets the VIP go inside the resources' push
    migration.add(new ResourcesStage(checkpoints, LegacyMigration::takeover));
    migration.add(new LegacyMigration.Retirement());
    migration.addAll(completion());
    return List.copyOf(migration);
  }

  /** The procedure the spec asks for: the build, or the legacy pair's migration. */
  public static List<Stage> forSpec(
      OvdFailoverClusterSpec spec, GuideConverger.DatabaseStage database, Checkpoints checkpoints) {
    return LegacyMigration.migrating(spec)
        ? legacyMigration(database, checkpoints)
        : guideBuild(database, checkpoints);
  }

  /** Chapters I-V on every node: nothing that serves stops. */
  private static List<Stage> preparation() {
    return List.of(
        new PreparationStage(GuideStage.HOST_PREPARATION, Disruption.NONE),
        new PreparationStage(GuideStage.PACKAGES, Disruption.NONE),
        new PreparationStage(GuideStage.VIP_SOURCE, Disruption.NONE),
        new PreparationStage(GuideStage.SYNC_KEYS, Disruption.NONE),
        new PreparationStage(GuideStage.SYNC_TRUST, Disruption.NONE),
        new PreparationStage(GuideStage.LSYNCD, Disruption.NONE),
        new PreparationStage(GuideStage.APACHE, Disruption.NONE),
        new PreparationStage(GuideStage.PACEMAKER_PREPARATION, Disruption.NONE),
        new AlertsStage(),
        // once the sync trust is there: a passive node rebuilt or restored since lsyncd's last
        // full sync gets the active node's files before anything reads its copies (the database
        // stage reads osm1's configuration, and osm1 may be the passive node)
        new LsyncdResyncStage());
  }

  /**
   * Chapter V's cluster on the first session manager and the quorum nodes, then the rejoin of a
   * rebuilt member (in that order: the migration puts the replica between them).
   */
  private static List<Stage> formation() {
    return List.of(
        new FormationStage(
            "cluster formation",
            p ->
                ClusterFormation.formCore(
                    p.spec(),
                    p.pacemakerStates(),
                    p.secrets().haclusterPassword(),
                    startsStoppedMembers(p)),
            p -> ClusterFormation.findings(p.spec(), p.pacemakerStates())),
        new FormationStage(
            "rejoin",
            p ->
                ClusterFormation.rejoin(
                    p.spec(), p.pacemakerStates(), p.secrets().haclusterPassword())));
  }

  /** Chapter VI: the OSM cron handed over, then the resources. */
  private static List<Stage> resources(Checkpoints checkpoints) {
    return List.of(new HandoverStage(), new ResourcesStage(checkpoints));
  }

  /** The second session manager's join and what must hold after, then appendix 3's upgrade. */
  private static List<Stage> completion() {
    return List.of(
        new FormationStage(
            "join second session manager",
            p ->
                ClusterFormation.joinSecondSessionManager(
                    p.spec(), p.pacemakerStates(), startsStoppedMembers(p))),
        // the two-node layout: the third vote, once the second session manager is a member
        new FormationStage(
            "quorum device",
            p ->
                ClusterFormation.quorumDevice(
                    p.spec(),
                    p.pacemakerStates(),
                    p.quorumDeviceHostState(),
                    p.qnetd(),
                    p.votequorum(),
                    p.secrets().haclusterPassword())),
        new FormationStage(
            "boot policy", p -> ClusterFormation.bootPolicy(p.spec(), p.pacemakerStates())),
        new PreparationStage(GuideStage.AFTER_CLUSTER, Disruption.NONE),
        // chapter IV step 4, once the VIP serves: the farm's servers name it
        new FarmStage(),
        // appendix 3, once everything above holds: spec.ovdVersion above what both run
        new OvdUpgrade.Standby(),
        new OvdUpgrade.ActiveNode(),
        new OvdUpgrade.PassiveNode(),
        new OvdUpgrade.BackInProduction());
  }

  /**
   * What one pass of {@code procedure} asks of every node: what each of its stages reads, and what
   * the pass itself reads before any stage (the cluster's situation).
   */
  public static FactsRequest factsRequest(List<Stage> procedure, OvdFailoverClusterSpec spec) {
    return procedure.stream()
        .map(stage -> stage.probes(spec))
        // what status reads besides the stages: appendix 1's lsyncd checks
        .reduce(ClusterSituation.PROBES.plus(LsyncdHealth.probes(spec)), FactsRequest::plus);
  }

  /** What a pass of the guide's build asks of every node, whatever runs its database stage. */
  public static FactsRequest guideBuildRequest(OvdFailoverClusterSpec spec) {
    return factsRequest(forSpec(spec, null, Checkpoints.NONE), spec);
  }

  /**
   * Whether formation may start members whose cluster services are down: always while the cluster
   * never ran (its own start-up), afterwards only when the spec gives the operator the start-up;
   * otherwise a stopped member is an admin's decision and is reported.
   */
  static boolean startsStoppedMembers(Pass pass) {
    return !pass.situation().everStarted() || pass.spec().pacemaker.restartStoppedNodes;
  }
}
