package io.ovdfailover.converge;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.converge.GuideConverger.Outcome;
import io.ovdfailover.converge.GuideConverger.StageOutcome;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.Finding;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.pacemaker.CibChange;
import io.ovdfailover.pacemaker.CibConfig;
import io.ovdfailover.pacemaker.CibDiff;
import io.ovdfailover.pacemaker.CibPush;
import io.ovdfailover.pacemaker.OvdResources;
import io.ovdfailover.pacemaker.PacemakerNodeState;
import io.ovdfailover.pacemaker.PcsVersion;
import io.ovdfailover.steps.Checkpoint;
import io.ovdfailover.steps.Checkpoints;
import io.ovdfailover.steps.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chapter VI: the six resources, their colocations and the quorum nodes' avoidances, as one CIB
 * diff pushed atomically through the partition with quorum (a CIB pushed into a partition without
 * quorum would be replaced, or would replace the quorate one's, when the partitions merge).
 */
final class ResourcesStage implements Stage {
  /**
   * Something else that holds the VIP today and lets it go in the same command as the push, on the
   * node that pushes (the legacy pair's Heartbeat, {@link LegacyMigration#takeover}).
   */
  @FunctionalInterface
  interface VipTakeover {
    VipTakeover NONE = pass -> Optional.empty();

    Optional<Takeover> of(Pass pass);
  }

  /**
   * @param node where it holds the VIP: the push must run there
   * @param row what the plan shows for it
   * @param downtime why it interrupts service
   * @param around the shell around the push
   */
  record Takeover(String node, Plan.Row row, String downtime, CibPush.Around around) {}

  private final Checkpoints checkpoints;
  private final VipTakeover takeover;

  ResourcesStage(Checkpoints checkpoints) {
    this(checkpoints, VipTakeover.NONE);
  }

  ResourcesStage(Checkpoints checkpoints, VipTakeover takeover) {
    this.checkpoints = checkpoints;
    this.takeover = takeover;
  }

  @Override
  public String name() {
    return "resources";
  }

  /** Formation's and the CIB diff's view of each Pacemaker node ({@link Pass#pacemakerStates}). */
  @Override
  public FactsRequest probes(OvdFailoverClusterSpec spec) {
    return PacemakerNodeState.PROBES;
  }

  @Override
  public Disruption disruption() {
    return Disruption.CLUSTER;
  }

  /**
   * What the live configuration has that the operator accepts or keeps (a cluster built by hand),
   * and the parameter changes that must wait for downtime.
   */
  @Override
  public List<Finding> findings(Pass pass) {
    Optional<CibConfig> cib = pass.view().cib();
    if (cib.isEmpty()) {
      return List.of();
    }
    CibDiff.Analysis a = CibDiff.analyse(desired(pass), cib.get());
    List<Finding> out = new ArrayList<>(a.findings());
    for (CibChange c : a.changes()) {
      if (c instanceof CibChange.UpdatePrimitive u && interrupts(c, pass.view().crmMon())) {
        out.add(
            new Finding(
                Finding.CLUSTER,
                u.id(),
                Finding.Disposition.NeedsDowntime,
                c.describe()
                    + ": Pacemaker restarts a running resource whose parameters change, so this"
                    + " waits for spec.maintenance.allowDowntime"));
      }
    }
    return out;
  }

  private static io.ovdfailover.pacemaker.DesiredCib desired(Pass pass) {
    return OvdResources.desired(
        pass.spec(), pass.contexts().get(pass.coordinator()).profile().apache().configFile());
  }

  @Override
  public StagePlan plan(Pass pass) {
    Optional<CibConfig> cib = pass.view().cib();
    if (cib.isEmpty()) {
      return new StagePlan.After("the cluster's CIB (it answers once the cluster runs)");
    }
    List<CibChange> changes = CibDiff.compute(desired(pass), cib.get());
    List<String> conflicts =
        changes.stream()
            .filter(c -> c instanceof CibChange.Conflict)
            .map(CibChange::describe)
            .toList();
    if (!conflicts.isEmpty()) {
      return new StagePlan.Blocked(String.join("; ", conflicts));
    }
    if (changes.isEmpty()) {
      return StagePlan.converged();
    }
    Optional<String> oldPcs = pcsTooOld(pass);
    if (oldPcs.isPresent()) {
      return new StagePlan.Blocked(oldPcs.get());
    }
    if (!pass.situation().quorate()) {
      return new StagePlan.Held(
          "no partition with quorum answered: the CIB is changed only through one ("
              + changes.size()
              + " change(s) wait)");
    }
    Optional<Takeover> from = takeover.of(pass);
    if (from.isPresent() && !from.get().node().equals(pass.view().node())) {
      return new StagePlan.Held(
          "the VIP is taken over on "
              + from.get().node()
              + " in the same command as the push, but the quorate view answers from "
              + pass.view().node());
    }
    List<String> interruptions = new ArrayList<>();
    from.ifPresent(t -> interruptions.add(t.downtime()));
    interruptions.addAll(interruptions(changes, pass.view().crmMon()));
    List<Plan.Row> rows = new ArrayList<>();
    from.ifPresent(t -> rows.add(t.row()));
    changes.stream()
        .map(
            c ->
                new Plan.Row(
                    pass.view().node(), name(), c.describe(), interrupts(c, pass.view().crmMon())))
        .forEach(rows::add);
    Optional<String> downtime =
        interruptions.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", interruptions));
    CibPush.Around around = from.map(Takeover::around).orElse(CibPush.Around.NOTHING);
    return new StagePlan.Changes(
        rows, downtime, () -> Optional.of(push(pass, changes, rows, around)));
  }

  /**
   * The push is made by the view's node with its pcs: one older than 0.9.157 (Ubuntu 16.04 ships
   * 0.9.149) can neither push a diff nor write the guide's regexp% constraint, so the stage says so
   * instead of failing on the first pcs command.
   */
  private static Optional<String> pcsTooOld(Pass pass) {
    String node = pass.view().node();
    PacemakerNodeState state = pass.pacemakerStates().get(node);
    if (state == null || state.pcs() == null) {
      return Optional.empty();
    }
    PcsVersion pcs = state.pcs();
    List<String> lacking =
        java.util.Arrays.stream(PcsVersion.Feature.values())
            .filter(f -> !pcs.has(f))
            .map(PcsVersion.Feature::words)
            .toList();
    return lacking.isEmpty()
        ? Optional.empty()
        : Optional.of(
            "pcs "
                + pcs
                + " on "
                + node
                + " has no "
                + String.join(" and no ", lacking)
                + ": the resources of chapter VI need pcs 0.9.157 or later on the cluster nodes");
  }

  /**
   * What in the diff interrupts service: the VIP going live, or a running resource restarted by new
   * parameters.
   */
  static List<String> interruptions(List<CibChange> changes, Optional<CrmMonStatus> crm) {
    List<String> why = new ArrayList<>();
    for (CibChange c : changes) {
      if (c instanceof CibChange.CreatePrimitive p
          && p.primitive().id().equals(OvdResources.VIRTUAL_IP)) {
        why.add("the VIP goes live (chapter IV: Maintenance Mode)");
      } else if (interrupts(c, crm)) {
        why.add(((CibChange.UpdatePrimitive) c).id() + " restarts with its new parameters");
      }
    }
    return why;
  }

  private static boolean interrupts(CibChange c, Optional<CrmMonStatus> crm) {
    if (c instanceof CibChange.CreatePrimitive p) {
      return p.primitive().id().equals(OvdResources.VIRTUAL_IP);
    }
    // pcs resource update on a started resource makes Pacemaker restart it (a VIP moves off and
    // back)
    return c instanceof CibChange.UpdatePrimitive u
        && crm.flatMap(s -> s.resource(u.id())).map(CrmMonStatus.Resource::active).orElse(false);
  }

  private StageOutcome push(
      Pass pass, List<CibChange> changes, List<Plan.Row> rows, CibPush.Around around) {
    // the view's node is the quorate partition's: the coordinator, or the first quorum node when it
    // has none
    PcsVersion pcs = pass.pacemakerStates().get(pass.view().node()).pcs();
    checkpoints.reached(Checkpoint.BEFORE_RESOURCES);
    try {
      pass.shells().apply(pass.view().node()).runChecked(CibPush.command(changes, pcs, around));
    } catch (HostException e) {
      return new StageOutcome(Outcome.FAILED, List.of(), rows, e.getMessage());
    }
    checkpoints.reached(Checkpoint.AFTER_RESOURCES);
    return new StageOutcome(
        Outcome.PROGRESSED,
        changes.stream().map(CibChange::describe).toList(),
        List.of(),
        changes.size() + " Pacemaker changes pushed");
  }
}
