package io.ovdfailover.converge;

import io.ovdfailover.converge.GuideConverger.Outcome;
import io.ovdfailover.converge.GuideConverger.StageOutcome;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.steps.PlanExecutor;
import io.ovdfailover.steps.Planner;
import io.ovdfailover.steps.Step;
import io.ovdfailover.steps.guide.GuideHosts;
import io.ovdfailover.steps.guide.GuideStage;
import io.ovdfailover.steps.guide.GuideSteps;
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

  StagePlan planSteps(Pass pass, Map<NodeContext, List<Step>> steps) {
    Plan plan = Planner.plan(steps);
    if (plan.isEmpty()) {
      return StagePlan.converged();
    }
    Optional<String> downtime =
        plan.needsDowntime() ? Optional.of(name() + " needs Maintenance Mode") : Optional.empty();
    return new StagePlan.Changes(plan.rows(), downtime, () -> Optional.of(execute(pass, plan)));
  }

  private StageOutcome execute(Pass pass, Plan plan) {
    PlanExecutor.Report report = PlanExecutor.execute(plan, pass.shells());
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
            f.publicFile("/root/.ssh/sync_rsa.pub").map(String::strip),
            f.publicFile("/etc/ssh/ssh_host_ed25519_key.pub").map(String::strip)));
  }
}
