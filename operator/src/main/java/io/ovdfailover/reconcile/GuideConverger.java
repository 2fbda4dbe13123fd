package io.ovdfailover.reconcile;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.FactsProber;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.pacemaker.CibChange;
import io.ovdfailover.pacemaker.CibConfig;
import io.ovdfailover.pacemaker.CibDiff;
import io.ovdfailover.pacemaker.CibPush;
import io.ovdfailover.pacemaker.ClusterFormation;
import io.ovdfailover.pacemaker.OvdResources;
import io.ovdfailover.pacemaker.PacemakerNodeState;
import io.ovdfailover.pacemaker.PcsVersion;
import io.ovdfailover.steps.CrashPoint;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.steps.PlanExecutor;
import io.ovdfailover.steps.Planner;
import io.ovdfailover.steps.Step;
import io.ovdfailover.steps.guide.GuideStage;
import io.ovdfailover.steps.guide.GuideSteps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One pass of the guide over the hosts: observe every node, then do the first stage that is not converged and
 * stop, so that status is written between stages and an operator killed mid-way resumes from what the hosts show.
 * A converged cluster runs only read commands.
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
    /** Something only the user can solve (a node in another cluster, a conflicting resource). */
    BLOCKED,
    /** An action failed; the message says which. */
    FAILED,
    /** Nothing to do. */
    CONVERGED,
    /** Observed only (spec.paused): nothing was planned or changed. */
    OBSERVED
  }

  /** Secrets the pass needs; never logged. */
  public record Secrets(String haclusterPassword) {
    @Override
    public String toString() {
      return "Secrets[redacted]";
    }
  }

  /** What happened in one pass, for status and events. */
  public record Result(Outcome outcome, String stage, List<String> done, List<Plan.Row> pending, String message,
      Map<String, HostFacts> facts, Map<String, HostException> unreachable, Optional<CrmMonStatus> crmMon) {}

  /** What a stage supplied by the caller did. */
  public record StageOutcome(Outcome outcome, List<String> done, List<Plan.Row> pending, String message) {}

  /** The database stage (chapter III), supplied by the caller. */
  public interface DatabaseStage {
    /** Runs what is needed; empty when the database is externalized, verified and nothing changed. */
    Optional<StageOutcome> run(OvdFailoverClusterSpec spec, Map<String, HostFacts> facts, boolean allowDowntime);
  }

  private final OvdFailoverClusterSpec spec;
  private final Function<String, HostShell> shells;
  private final Secrets secrets;
  private final boolean allowDowntime;
  private final DatabaseStage database;

  public GuideConverger(OvdFailoverClusterSpec spec, Function<String, HostShell> shells, Secrets secrets,
      boolean allowDowntime, DatabaseStage database) {
    this.spec = spec;
    this.shells = shells;
    this.secrets = secrets;
    this.allowDowntime = allowDowntime;
    this.database = database;
  }

  public Result pass() throws InterruptedException {
    return pass(false);
  }

  /** With {@code observeOnly}, probes the nodes and reports, changing nothing (spec.paused). */
  public Result pass(boolean observeOnly) throws InterruptedException {
    String coordinator = spec.sessionManagers.get(0).name;
    FactsProber.Result observed = observe();
    Map<String, HostFacts> facts = observed.facts();
    ClusterView view = ClusterView.choose(clusterViewNodes(), facts);
    Optional<CrmMonStatus> crm = view.crmMon();
    if (!observed.complete()) {
      return result(Outcome.UNREACHABLE, "observe", List.of(), List.of(),
          "not reachable: " + observed.failures().keySet(), facts, observed.failures(), crm);
    }

    if (observeOnly) {
      return result(Outcome.OBSERVED, "paused", List.of(), List.of(), "paused: observing only, no change is made",
          facts, Map.of(), crm);
    }
    Map<String, NodeContext> contexts = new LinkedHashMap<>();
    for (NodeSpec n : spec.allNodes()) {
      try {
        contexts.put(n.name, NodeContext.detect(facts.get(n.name)));
      } catch (HostException e) {
        return result(Outcome.BLOCKED, "observe", List.of(), List.of(), e.getMessage(), facts, Map.of(), crm);
      }
    }

    Optional<CibConfig> cib = view.cib();
    boolean secondJoined = crm.map(c -> c.node(pacemakerName(spec.sessionManagers.get(1))).isPresent()).orElse(false);
    boolean resourcesExist = cib.map(c -> c.primitive(OvdResources.OSM_CRON).isPresent()).orElse(false);

    // chapters I-V on every node, stage by stage
    for (GuideStage stage : List.of(GuideStage.HOST_PREPARATION, GuideStage.PACKAGES, GuideStage.VIP_SOURCE,
        GuideStage.SYNC_KEYS, GuideStage.SYNC_TRUST, GuideStage.LSYNCD, GuideStage.APACHE, GuideStage.PACEMAKER_PREPARATION)) {
      Result r = runStage(stage, contexts, facts, crm);
      if (r != null) return r;
    }
    if (!secondJoined) {
      Result r = runStage(GuideStage.REPLICA, contexts, facts, crm);
      if (r != null) return r;
    }

    // chapter III
    if (database != null) {
      Optional<StageOutcome> db = database.run(spec, facts, allowDowntime);
      if (db.isPresent()) {
        StageOutcome o = db.get();
        return result(o.outcome(), "database", o.done(), o.pending(), o.message(), facts, Map.of(), crm);
      }
    }

    // chapters V-VI: formation
    Map<String, PacemakerNodeState> pcm = new LinkedHashMap<>();
    pacemakerNodes().forEach(n -> pcm.put(n, PacemakerNodeState.of(facts.get(n))));
    ClusterFormation.Plan core = ClusterFormation.formCore(spec, pcm, secrets.haclusterPassword());
    Result r = runFormation("cluster formation", core, facts, crm);
    if (r != null) return r;

    if (cib.isEmpty()) {
      return result(Outcome.PROGRESSED, "cluster formation", List.of(), List.of(),
          "waiting for the cluster to answer on " + String.join(" or ", clusterViewNodes()), facts, Map.of(), crm);
    }
    if (!resourcesExist) {
      r = runStage(GuideStage.CLUSTER_HANDOVER, contexts, facts, crm);
      if (r != null) return r;
    }

    // chapter VI: resources and constraints, one CIB diff
    List<CibChange> changes = CibDiff.compute(OvdResources.desired(spec, contexts.get(coordinator).profile().apache()
        .configFile()), cib.get());
    List<String> conflicts = changes.stream().filter(c -> c instanceof CibChange.Conflict).map(CibChange::describe).toList();
    if (!conflicts.isEmpty()) {
      return result(Outcome.BLOCKED, "resources", List.of(), List.of(), String.join("; ", conflicts), facts, Map.of(), crm);
    }
    if (!changes.isEmpty()) {
      boolean firstVip = changes.stream().anyMatch(c -> c instanceof CibChange.CreatePrimitive p
          && p.primitive().id().equals(OvdResources.VIRTUAL_IP));
      List<Plan.Row> rows = changes.stream().map(c -> new Plan.Row(coordinator, "resources", c.describe(), firstVip)).toList();
      if (firstVip && !allowDowntime) {
        return result(Outcome.WAITING_FOR_MAINTENANCE, "resources", List.of(), rows,
            "the VIP goes live on " + coordinator + " (chapter IV: Maintenance Mode); set spec.maintenance.allowDowntime",
            facts, Map.of(), crm);
      }
      // pushed where the CIB was read: the coordinator, or the quorum node when the coordinator has no quorum
      PcsVersion pcs = pcm.get(view.node()).pcs();
      CrashPoint.reached(CrashPoint.BEFORE_RESOURCES);
      try {
        shells.apply(view.node()).runChecked(CibPush.command(changes, pcs));
      } catch (HostException e) {
        return result(Outcome.FAILED, "resources", List.of(), rows, e.getMessage(), facts, Map.of(), crm);
      }
      CrashPoint.reached(CrashPoint.AFTER_RESOURCES);
      return result(Outcome.PROGRESSED, "resources", changes.stream().map(CibChange::describe).toList(), List.of(),
          changes.size() + " Pacemaker changes pushed", facts, Map.of(), crm);
    }

    r = runFormation("join " + spec.sessionManagers.get(1).name, ClusterFormation.joinSecondSessionManager(spec, pcm),
        facts, crm);
    if (r != null) return r;
    r = runFormation("boot policy", ClusterFormation.bootPolicy(spec, pcm), facts, crm);
    if (r != null) return r;
    r = runStage(GuideStage.AFTER_CLUSTER, contexts, facts, crm);
    if (r != null) return r;
    return result(Outcome.CONVERGED, "done", List.of(), List.of(), "converged", facts, Map.of(), crm);
  }

  /** Runs one stage on every node; null when it had nothing to do. */
  private Result runStage(GuideStage stage, Map<String, NodeContext> contexts, Map<String, HostFacts> facts,
      Optional<CrmMonStatus> crm) {
    Map<NodeContext, List<Step>> steps = new LinkedHashMap<>();
    for (Map.Entry<String, NodeContext> e : contexts.entrySet()) {
      steps.put(e.getValue(), GuideSteps.forNode(spec, e.getKey(), e.getValue().profile(), peerOf(e.getKey(), facts))
          .get(stage));
    }
    Plan plan = Planner.plan(steps);
    if (plan.isEmpty()) {
      return null;
    }
    String name = stage.name().toLowerCase().replace('_', ' ');
    if (plan.needsDowntime() && !allowDowntime) {
      return result(Outcome.WAITING_FOR_MAINTENANCE, name, List.of(), plan.rows(),
          name + " needs Maintenance Mode; set spec.maintenance.allowDowntime", facts, Map.of(), crm);
    }
    PlanExecutor.Report report = PlanExecutor.execute(plan, shells);
    List<String> done = report.completed().stream().map(a -> a.node() + ": " + a.description()).toList();
    if (!report.succeeded()) {
      return result(Outcome.FAILED, name, done, plan.rows(), report.failure().get().message(), facts, Map.of(), crm);
    }
    return result(Outcome.PROGRESSED, name, done, List.of(), done.size() + " actions", facts, Map.of(), crm);
  }

  private Result runFormation(String name, ClusterFormation.Plan plan, Map<String, HostFacts> facts,
      Optional<CrmMonStatus> crm) {
    if (!plan.blockers().isEmpty() && plan.actions().isEmpty()) {
      return result(Outcome.BLOCKED, name, List.of(), List.of(), String.join("; ", plan.blockers()), facts, Map.of(), crm);
    }
    List<String> done = new ArrayList<>();
    for (ClusterFormation.Action a : plan.actions()) {
      try {
        shells.apply(a.node()).runChecked(a.command());
        done.add(a.node() + ": " + a.command().description());
      } catch (HostException e) {
        return result(Outcome.FAILED, name, done, List.of(), e.getMessage(), facts, Map.of(), crm);
      }
    }
    if (done.isEmpty()) {
      return null;
    }
    return result(Outcome.PROGRESSED, name, done, List.of(), done.size() + " actions", facts, Map.of(), crm);
  }

  /**
   * What every pass reads, and all a converged pass reads: one facts probe per node, in parallel. Cluster
   * formation's Pacemaker state (on the Pacemaker nodes) and the cluster view (crm_mon and CIB, on
   * {@link #clusterViewNodes()}) ride in the same probe, so this is one command, one round trip, per node.
   */
  public FactsProber.Result observe() throws InterruptedException {
    List<HostShell> all = spec.allNodes().stream().map(n -> shells.apply(n.name)).toList();
    return new FactsProber(request()).probe(all, clusterViewNodes(), pacemakerNodes());
  }

  /** The cluster view a pass works from (see {@link ClusterView}), out of an {@link #observe()} result. */
  public Optional<CrmMonStatus> clusterView(FactsProber.Result observed) {
    return ClusterView.choose(clusterViewNodes(), observed.facts()).crmMon();
  }

  private Set<String> pacemakerNodes() {
    return spec.pacemakerNodes().stream().map(n -> n.name).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * The nodes asked for crm_mon and the CIB: the coordinator and the first quorum node, so that status keeps the
   * cluster's view (which session manager is active) while the coordinator is down.
   */
  public List<String> clusterViewNodes() {
    return clusterViewNodes(spec);
  }

  /** In order of preference (the order matters: the first is asked, the second only as a fallback). */
  static List<String> clusterViewNodes(OvdFailoverClusterSpec spec) {
    List<String> nodes = new ArrayList<>();
    nodes.add(spec.sessionManagers.get(0).name);
    if (spec.quorumNodes != null && !spec.quorumNodes.isEmpty()) {
      nodes.add(spec.quorumNodes.get(0).name);
    }
    return List.copyOf(nodes);
  }

  /** The other session manager's private address and public keys, as its facts show them. */
  private Optional<GuideSteps.Peer> peerOf(String node, Map<String, HostFacts> facts) {
    String other = io.ovdfailover.steps.guide.GuideHosts.otherSessionManager(spec, node);
    if (other == null || facts.get(other) == null) {
      return Optional.empty();
    }
    NodeSpec o = spec.sessionManagers.stream().filter(n -> n.name.equals(other)).findFirst().orElseThrow();
    HostFacts f = facts.get(other);
    return Optional.of(new GuideSteps.Peer(o.privateAddress, f.publicFile("/root/.ssh/sync_rsa.pub").map(String::strip),
        f.publicFile("/etc/ssh/ssh_host_ed25519_key.pub").map(String::strip)));
  }

  /** The standard request covers every path and unit the guide's steps read (checked by GuideStepsTest). */
  private FactsRequest request() {
    return FactsRequest.standard();
  }

  private String pacemakerName(NodeSpec n) {
    return OvdResources.pacemakerNodeName(spec, n);
  }

  private static Result result(Outcome o, String stage, List<String> done, List<Plan.Row> pending, String message,
      Map<String, HostFacts> facts, Map<String, HostException> unreachable, Optional<CrmMonStatus> crm) {
    return new Result(o, stage, done, pending, message, facts, unreachable, crm);
  }
}
