package io.ovdfailover.converge;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.FactsProber;
import io.ovdfailover.hosts.Finding;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.steps.Checkpoints;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One pass of a procedure over the hosts: observe every node, read the cluster's situation, then do
 * the first stage that has something to do and stop, so that status is written between stages and
 * an operator killed mid-way resumes from what the hosts show. A converged cluster runs only read
 * commands.
 *
 * <p>The safety rules live here, once, for every stage: on a cluster that has run, a stage that can
 * stop a service or change Pacemaker is held while no partition with quorum answers or while the
 * cluster is in maintenance-mode; anything that interrupts service waits for
 * spec.maintenance.allowDowntime.
 */
public final class GuideConverger {

  /** Where the pass stopped. */
  public enum Outcome {
    /** Some node did not answer: nothing was changed. */
    UNREACHABLE,
    /** A stage ran actions; call again to continue. */
    PROGRESSED,
    /** The next actions need downtime the spec does not allow. */
    WAITING_FOR_MAINTENANCE,
    /**
     * The next actions are not safe now (no quorate view, a node that may serve, maintenance-mode):
     * nothing ran.
     */
    HELD,
    /** Something only the user can solve (a node in another cluster, a conflicting resource). */
    BLOCKED,
    /** An action failed; the message says which. */
    FAILED,
    /** Nothing to do. */
    CONVERGED,
    /** Observed only (spec.paused): nothing was planned or changed. */
    OBSERVED,
    /** Planned only (spec.dryRun): the whole plan is in the result, nothing was changed. */
    PLANNED
  }

  /** What the pass may do. */
  public enum Mode {
    /** Plan and carry out the first stage with something to do. */
    APPLY,
    /** Probe and report; plan nothing (spec.paused). */
    OBSERVE,
    /** Probe and plan every stage; change nothing (spec.dryRun). */
    PLAN
  }

  /** Secrets the pass needs; never logged. */
  public record Secrets(
      String haclusterPassword, Optional<io.ovdfailover.steps.guide.GuideAlerts.SmtpAccount> smtp) {
    public Secrets(String haclusterPassword) {
      this(haclusterPassword, Optional.empty());
    }

    @Override
    public String toString() {
      return "Secrets[redacted]";
    }
  }

  /** What happened in one pass, for status and events. */
  public record Result(
      Outcome outcome,
      String stage,
      List<String> done,
      List<Plan.Row> pending,
      String message,
      Map<String, HostFacts> facts,
      Map<String, HostException> unreachable,
      Optional<CrmMonStatus> crmMon,
      Optional<ClusterSituation> situation,
      List<Finding> findings,
      Map<String, HostException> farmUnreachable) {
    public Result {
      findings = List.copyOf(findings);
      farmUnreachable = Map.copyOf(farmUnreachable);
    }

    public Result(
        Outcome outcome,
        String stage,
        List<String> done,
        List<Plan.Row> pending,
        String message,
        Map<String, HostFacts> facts,
        Map<String, HostException> unreachable,
        Optional<CrmMonStatus> crmMon,
        Optional<ClusterSituation> situation,
        List<Finding> findings) {
      this(
          outcome,
          stage,
          done,
          pending,
          message,
          facts,
          unreachable,
          crmMon,
          situation,
          findings,
          Map.of());
    }

    public Result(
        Outcome outcome,
        String stage,
        List<String> done,
        List<Plan.Row> pending,
        String message,
        Map<String, HostFacts> facts,
        Map<String, HostException> unreachable,
        Optional<CrmMonStatus> crmMon,
        Optional<ClusterSituation> situation) {
      this(
          outcome, stage, done, pending, message, facts, unreachable, crmMon, situation, List.of());
    }

    public Result(
        Outcome outcome,
        String stage,
        List<String> done,
        List<Plan.Row> pending,
        String message,
        Map<String, HostFacts> facts,
        Map<String, HostException> unreachable,
        Optional<CrmMonStatus> crmMon) {
      this(outcome, stage, done, pending, message, facts, unreachable, crmMon, Optional.empty());
    }

    /** Results of one pass share its facts, cluster view and situation. */
    static final class Builder {
      private final Map<String, HostFacts> facts;
      private final Optional<CrmMonStatus> crm;
      private final ClusterSituation situation;
      private final Map<String, HostException> farmUnreachable;
      private List<Finding> findings = List.of();

      Builder(
          Map<String, HostFacts> facts,
          Optional<CrmMonStatus> crm,
          ClusterSituation situation,
          Map<String, HostException> farmUnreachable) {
        this.facts = facts;
        this.crm = crm;
        this.situation = situation;
        this.farmUnreachable = farmUnreachable;
      }

      /** What the stages found, once the pass has its nodes' contexts. */
      Builder withFindings(List<Finding> found) {
        this.findings = List.copyOf(found);
        return this;
      }

      List<Finding> findings() {
        return findings;
      }

      Result of(Outcome o, String stage, String message) {
        return of(o, stage, List.of(), List.of(), message);
      }

      Result of(
          Outcome o, String stage, List<String> done, List<Plan.Row> pending, String message) {
        return new Result(
            o,
            stage,
            done,
            pending,
            message,
            facts,
            Map.of(),
            crm,
            Optional.of(situation),
            findings,
            farmUnreachable);
      }
    }

    /** What the admins did through Pacemaker, as this pass saw it. */
    public List<AdminOverride> overrides() {
      return situation.map(ClusterSituation::overrides).orElse(List.of());
    }
  }

  /** What a stage did. */
  public record StageOutcome(
      Outcome outcome, List<String> done, List<Plan.Row> pending, String message) {}

  /** The database stage (chapter III), supplied by the caller. */
  public interface DatabaseStage {
    /**
     * Runs what is needed; empty when the database is externalized, verified and nothing changed.
     */
    Optional<StageOutcome> run(
        OvdFailoverClusterSpec spec, Map<String, HostFacts> facts, boolean allowDowntime);

    /**
     * Whether a recent check found the database moved and nothing it depends on changed since (no
     * command runs).
     */
    default boolean verified(OvdFailoverClusterSpec spec, Map<String, HostFacts> facts) {
      return false;
    }
  }

  private final OvdFailoverClusterSpec spec;
  private final Function<String, HostShell> shells;
  private final Secrets secrets;
  private final boolean allowDowntime;
  private final List<Stage> procedure;

  public GuideConverger(
      OvdFailoverClusterSpec spec,
      Function<String, HostShell> shells,
      Secrets secrets,
      boolean allowDowntime,
      DatabaseStage database) {
    this(spec, shells, secrets, allowDowntime, database, Checkpoints.NONE);
  }

  /**
   * @param checkpoints told when the build reaches a {@link io.ovdfailover.steps.Checkpoint} (the
   *     lab's crash tests stop the process there)
   */
  public GuideConverger(
      OvdFailoverClusterSpec spec,
      Function<String, HostShell> shells,
      Secrets secrets,
      boolean allowDowntime,
      DatabaseStage database,
      Checkpoints checkpoints) {
    this(spec, shells, secrets, allowDowntime, Procedures.forSpec(spec, database, checkpoints));
  }

  /**
   * Another procedure than the build from scratch (package-private until adoption and upgrades use
   * it).
   */
  GuideConverger(
      OvdFailoverClusterSpec spec,
      Function<String, HostShell> shells,
      Secrets secrets,
      boolean allowDowntime,
      List<Stage> procedure) {
    this.spec = spec;
    this.shells = shells;
    this.secrets = secrets;
    this.allowDowntime = allowDowntime;
    this.procedure = List.copyOf(procedure);
  }

  public Result pass() throws InterruptedException {
    return pass(Mode.APPLY);
  }

  public Result pass(Mode mode) throws InterruptedException {
    return pass(mode, running -> {});
  }

  /**
   * One pass; {@code running} is told what a stage is about to change before it runs, so that a
   * status can name the stage at work while a long step (a package install) runs.
   */
  public Result pass(Mode mode, Consumer<String> running) throws InterruptedException {
    FactsProber.Result observed = observe();
    Map<String, HostFacts> facts = observed.facts();
    ClusterView view = ClusterView.choose(clusterViewNodes(), facts);
    Optional<CrmMonStatus> crm = view.crmMon();
    // a farm server that does not answer is reported; it never stops the cluster's own pass
    Map<String, HostException> clusterDown = new LinkedHashMap<>();
    Map<String, HostException> farmDown = new LinkedHashMap<>();
    Set<String> farm = farmServerNames(spec);
    observed.failures().forEach((n, e) -> (farm.contains(n) ? farmDown : clusterDown).put(n, e));
    if (!clusterDown.isEmpty()) {
      return new Result(
          Outcome.UNREACHABLE,
          "observe",
          List.of(),
          List.of(),
          "not reachable: " + clusterDown.keySet(),
          facts,
          clusterDown,
          crm,
          Optional.empty(),
          List.of(),
          farmDown);
    }
    ClusterSituation situation = ClusterSituation.read(spec, facts, view);
    Result.Builder result = new Result.Builder(facts, crm, situation, farmDown);
    if (mode == Mode.OBSERVE) {
      return result.of(Outcome.OBSERVED, "paused", "paused: observing only, no change is made");
    }
    Map<String, NodeContext> contexts = new LinkedHashMap<>();
    for (NodeSpec n : spec.allNodes()) {
      try {
        contexts.put(n.name, NodeContext.detect(facts.get(n.name)));
      } catch (HostException e) {
        return result.of(Outcome.BLOCKED, "observe", e.getMessage());
      }
    }
    Pass pass = new Pass(spec, facts, contexts, view, situation, shells, secrets, allowDowntime);
    List<Finding> findings = new ArrayList<>();
    for (Stage stage : procedure) {
      findings.addAll(stage.findings(pass));
    }
    result.withFindings(findings);
    return mode == Mode.PLAN ? planAll(pass, result) : applyFirst(pass, result, running);
  }

  private Result applyFirst(Pass pass, Result.Builder result, Consumer<String> running)
      throws InterruptedException {
    for (Stage stage : procedure) {
      StagePlan plan = guarded(stage, stage.plan(pass), pass.situation());
      if (plan instanceof StagePlan.After a) {
        return result.of(Outcome.PROGRESSED, stage.name(), "waiting for " + a.what());
      } else if (plan instanceof StagePlan.Held h) {
        return result.of(Outcome.HELD, stage.name(), h.why());
      } else if (plan instanceof StagePlan.Blocked b) {
        return result.of(Outcome.BLOCKED, stage.name(), b.why());
      } else if (plan instanceof StagePlan.Changes changes) {
        if (changes.downtime().isPresent() && !allowDowntime) {
          return result.of(
              Outcome.WAITING_FOR_MAINTENANCE,
              stage.name(),
              List.of(),
              changes.rows(),
              changes.downtime().get() + "; set spec.maintenance.allowDowntime");
        }
        running.accept(stage.name() + ": " + summary(changes.rows()));
        Optional<StageOutcome> o = changes.execution().run();
        if (o.isPresent()) {
          return result.of(
              o.get().outcome(),
              stage.name(),
              o.get().done(),
              o.get().pending(),
              o.get().message());
        }
      }
    }
    return result.of(Outcome.CONVERGED, "done", "converged");
  }

  /** The first change of a stage and how many follow, e.g. "osm2: install pcs (+3 more)". */
  static String summary(List<Plan.Row> rows) {
    if (rows.isEmpty()) {
      return "running";
    }
    Plan.Row first = rows.get(0);
    return first.node()
        + ": "
        + first.action()
        + (rows.size() > 1 ? " (+" + (rows.size() - 1) + " more)" : "");
  }

  /**
   * The dry run: every stage's plan from the same facts, nothing run. A stage that can be planned
   * only after an earlier one ran is listed as waiting for it; later stages are planned from
   * today's facts and may shrink once the earlier ones ran.
   */
  private Result planAll(Pass pass, Result.Builder result) {
    List<Plan.Row> rows = new ArrayList<>();
    int changing = 0;
    for (Stage stage : procedure) {
      StagePlan plan = guarded(stage, stage.plan(pass), pass.situation());
      if (plan instanceof StagePlan.After a) {
        rows.add(new Plan.Row("-", stage.name(), "waits for " + a.what(), false));
      } else if (plan instanceof StagePlan.Held h) {
        rows.add(new Plan.Row("-", stage.name(), "held: " + h.why(), false));
      } else if (plan instanceof StagePlan.Blocked b) {
        rows.add(new Plan.Row("-", stage.name(), "blocked: " + b.why(), false));
      } else if (plan instanceof StagePlan.Changes changes) {
        changing++;
        changes
            .rows()
            .forEach(
                r ->
                    rows.add(
                        new Plan.Row(
                            r.node(), stage.name() + ": " + r.step(), r.action(), r.downtime())));
      }
      if (!(plan instanceof StagePlan.Changes)) {
        // a stage with changes lists its manual steps among them
        stage.manualSteps(pass).forEach(rows::add);
      }
    }
    // what a cluster built by hand keeps or needs downtime for, beside the changes
    for (Finding f : result.findings()) {
      if (f.disposition() == Finding.Disposition.Kept
          || f.disposition() == Finding.Disposition.Equivalent) {
        rows.add(
            new Plan.Row(
                f.node(),
                "adoption: " + f.subject(),
                f.disposition().name().toLowerCase() + ": " + f.message(),
                false));
      }
    }
    String message =
        rows.isEmpty()
            ? "dry run: nothing to change"
            : "dry run: "
                + changing
                + " stage(s) with changes, "
                + rows.size()
                + " row(s) in the plan; nothing was changed";
    return result.of(Outcome.PLANNED, "dry run", List.of(), rows, message);
  }

  /**
   * The safety rules every stage obeys on a cluster that has run; a stage's own plan cannot bypass
   * them.
   */
  static StagePlan guarded(Stage stage, StagePlan plan, ClusterSituation situation) {
    if (!(plan instanceof StagePlan.Changes)
        || stage.disruption() == Disruption.NONE
        || !situation.formed()
        || !situation.everStarted()) {
      return plan;
    }
    if (situation.maintenanceMode()) {
      return new StagePlan.Held(
          "the cluster is in maintenance-mode: the "
              + stage.name()
              + " stage changes nothing until an admin turns it off (pcs property set maintenance-mode=false)");
    }
    if (!situation.quorate()) {
      return new StagePlan.Held(
          "no partition with quorum answered: the "
              + stage.name()
              + " stage could stop a service or change Pacemaker, so it waits for a quorate view");
    }
    return plan;
  }

  /**
   * What every pass reads, and all a converged pass reads: one facts probe per node, in parallel.
   * Cluster formation's Pacemaker state (on the Pacemaker nodes) and the cluster view (crm_mon and
   * CIB, on {@link #clusterViewNodes()}) ride in the same probe, so this is one command, one round
   * trip, per node.
   */
  public FactsProber.Result observe() throws InterruptedException {
    List<HostShell> all = new ArrayList<>();
    spec.allNodes().forEach(n -> all.add(shells.apply(n.name)));
    Map<String, HostException> farmWithoutAccess = new LinkedHashMap<>();
    for (String name : farmServerNames(spec)) {
      HostShell shell = shells.apply(name);
      if (shell != null) {
        all.add(shell);
      } else {
        farmWithoutAccess.put(
            name,
            new HostException(
                HostException.Kind.NO_CLUSTER_NODE,
                name,
                "no usable ClusterNode gives SSH access to farm server " + name));
      }
    }
    FactsProber.Result r =
        new FactsProber(Procedures.factsRequest(procedure, spec))
            .probe(all, clusterViewNodes(), pacemakerNodes());
    if (farmWithoutAccess.isEmpty()) {
      return r;
    }
    Map<String, HostException> failures = new LinkedHashMap<>(r.failures());
    failures.putAll(farmWithoutAccess);
    return new FactsProber.Result(r.facts(), failures);
  }

  /** The farm servers the pass dials (chapter IV step 4's Linux ones), by name. */
  static Set<String> farmServerNames(OvdFailoverClusterSpec spec) {
    return spec.linuxFarmServers().stream()
        .map(f -> f.name)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The nodes whose Pacemaker membership files are read: the cluster's, and the qnetd host. */
  private Set<String> pacemakerNodes() {
    Set<String> nodes =
        spec.pacemakerNodes().stream()
            .map(n -> n.name)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    spec.quorumDeviceHost().ifPresent(n -> nodes.add(n.name));
    return nodes;
  }

  /**
   * The nodes asked for crm_mon and the CIB: the coordinator and the first quorum node, so that
   * status keeps the cluster's view (which session manager is active) while the coordinator is
   * down.
   */
  public List<String> clusterViewNodes() {
    return clusterViewNodes(spec);
  }

  /**
   * In order of preference (the order matters: the first is asked, the second only as a fallback).
   */
  public static List<String> clusterViewNodes(OvdFailoverClusterSpec spec) {
    List<String> nodes = new ArrayList<>();
    nodes.add(spec.sessionManagers.get(0).name);
    if (spec.quorumNodes != null && !spec.quorumNodes.isEmpty()) {
      nodes.add(spec.quorumNodes.get(0).name);
    } else if (spec.sessionManagers.size() > 1) {
      // the two-node layout: the other session manager is the only other member
      nodes.add(spec.sessionManagers.get(1).name);
    }
    return List.copyOf(nodes);
  }
}
