package io.ovdfailover.converge;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.converge.GuideConverger.Outcome;
import io.ovdfailover.converge.GuideConverger.StageOutcome;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.steps.PlanExecutor;
import io.ovdfailover.steps.Planner;
import io.ovdfailover.steps.Step;
import io.ovdfailover.steps.guide.GuideHosts;
import io.ovdfailover.steps.guide.GuideStage;
import io.ovdfailover.steps.guide.GuideSteps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of the guide's preparation stages (chapters I-V) on every node: its steps diffed against each
 * node's facts.
 */
class PreparationStage implements Stage {
  private final GuideStage stage;
  private final Disruption disruption;

  PreparationStage(GuideStage stage, Disruption disruption) {
    this.stage = stage;
    this.disruption = disruption;
  }

  @Override
  public String name() {
    return stage.name().toLowerCase().replace('_', ' ');
  }

  @Override
  public Disruption disruption() {
    return disruption;
  }

  @Override
  public StagePlan plan(Pass pass) {
    return planSteps(pass, stepsByNode(pass));
  }

  /**
   * What this stage's steps read, for every node in every profile (the probe comes before the
   * profile is known), and the other session manager's public keys that {@link #peerOf} reads.
   */
  @Override
  public FactsRequest probes(OvdFailoverClusterSpec spec) {
    List<Step> steps = new ArrayList<>();
    for (DistroProfile profile : DistroProfiles.ALL) {
      for (NodeSpec node : spec.allNodes()) {
        steps.addAll(
            GuideSteps.forNode(spec, node.name, profile, peerWithKeys(spec, node.name), false)
                .get(stage));
      }
    }
    return Planner.probes(steps).plus(FactsRequest.ofPublicFiles(PEER_KEYS));
  }

  private static final String PEER_SYNC_KEY = "/root/.ssh/sync_rsa.pub";
  private static final String PEER_HOST_KEY = "/etc/ssh/ssh_host_ed25519_key.pub";
  private static final List<String> PEER_KEYS = List.of(PEER_SYNC_KEY, PEER_HOST_KEY);

  /**
   * The other session manager as if its keys were known, so that the steps that trust them are
   * built too: which files those steps read does not depend on the keys.
   */
  private static Optional<GuideSteps.Peer> peerWithKeys(OvdFailoverClusterSpec spec, String node) {
    String other = GuideHosts.otherSessionManager(spec, node);
    if (other == null) {
      return Optional.empty();
    }
    String address =
        spec.sessionManagers.stream()
            .filter(n -> n.name.equals(other))
            .findFirst()
            .orElseThrow()
            .privateAddress;
    return Optional.of(
        new GuideSteps.Peer(
            address, Optional.of("ssh-rsa ANY-KEY"), Optional.of("ssh-ed25519 ANY-KEY")));
  }

  /**
   * Each node's steps of this stage; the session managers' include what they must know of each
   * other.
   */
  Map<NodeContext, List<Step>> stepsByNode(Pass pass) {
    return stepsByNode(pass, node -> true);
  }

  /** The same for the nodes {@code which} accepts only (the others' steps are not built). */
  Map<NodeContext, List<Step>> stepsByNode(Pass pass, java.util.function.Predicate<String> which) {
    Map<NodeContext, List<Step>> steps = new LinkedHashMap<>();
    for (Map.Entry<String, NodeContext> e : pass.contexts().entrySet()) {
      String node = e.getKey();
      if (which.test(node)) {
        steps.put(
            e.getValue(),
            GuideSteps.forNode(
                    pass.spec(),
                    node,
                    e.getValue().profile(),
                    peerOf(pass, node),
                    pass.situation().mayHoldResources(node))
                .get(stage));
      }
    }
    return steps;
  }

  @Override
  public List<io.ovdfailover.hosts.Finding> findings(Pass pass) {
    List<io.ovdfailover.hosts.Finding> out = new ArrayList<>();
    stepsByNode(pass).forEach((node, steps) -> steps.forEach(s -> out.addAll(s.findings(node))));
    return out;
  }

  StagePlan planSteps(Pass pass, Map<NodeContext, List<Step>> steps) {
    return planSteps(name(), pass, steps);
  }

  /**
   * A stage made of steps: blocked by their blockers, converged when none has a change, otherwise
   * their changes (waiting for downtime when one of them needs it), each node's in parallel.
   */
  static StagePlan planSteps(String stage, Pass pass, Map<NodeContext, List<Step>> steps) {
    Plan plan = Planner.plan(steps);
    if (!plan.blockers().isEmpty()) {
      return new StagePlan.Blocked(String.join("; ", plan.blockers()));
    }
    if (plan.isEmpty()) {
      return StagePlan.converged();
    }
    Optional<String> downtime =
        plan.needsDowntime() ? Optional.of(stage + " needs Maintenance Mode") : Optional.empty();
    return new StagePlan.Changes(plan.rows(), downtime, () -> Optional.of(execute(pass, plan)));
  }

  private static StageOutcome execute(Pass pass, Plan plan) {
    // each node's part of a stage depends on nothing another node does in the same stage
    PlanExecutor.Report report = PlanExecutor.executeNodesInParallel(plan, pass.shells());
    List<String> done =
        report.completed().stream().map(a -> a.node() + ": " + a.description()).toList();
    if (!report.succeeded()) {
      return new StageOutcome(Outcome.FAILED, done, plan.rows(), report.failure().get().message());
    }
    return new StageOutcome(Outcome.PROGRESSED, done, List.of(), done.size() + " actions");
  }

  /** The other session manager's private address and public keys, as its facts show them. */
  private static Optional<GuideSteps.Peer> peerOf(Pass pass, String node) {
    String other = GuideHosts.otherSessionManager(pass.spec(), node);
    if (other == null || pass.facts().get(other) == null) {
      return Optional.empty();
    }
    var o =
        pass.spec().sessionManagers.stream()
            .filter(n -> n.name.equals(other))
            .findFirst()
            .orElseThrow();
    var f = pass.facts().get(other);
    return Optional.of(
        new GuideSteps.Peer(
            o.privateAddress,
            f.publicFile(PEER_SYNC_KEY).map(String::strip),
            f.publicFile(PEER_HOST_KEY).map(String::strip)));
  }
}
