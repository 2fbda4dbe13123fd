package io.ovdfailover.converge;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.converge.GuideConverger.Outcome;
import io.ovdfailover.converge.GuideConverger.StageOutcome;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.Finding;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.pacemaker.ClusterFormation;
import io.ovdfailover.pacemaker.PacemakerNodeState;
import io.ovdfailover.steps.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A part of chapters V-VI that runs pcs commands (formation, the second session manager's join,
 * boot policy).
 */
final class FormationStage implements Stage {
  private final String name;
  private final Function<Pass, ClusterFormation.Plan> planner;
  private final Function<Pass, List<Finding>> findings;

  FormationStage(String name, Function<Pass, ClusterFormation.Plan> planner) {
    this(name, planner, pass -> List.of());
  }

  /**
   * @param findings what this part of formation accepts about a cluster formed without the operator
   */
  FormationStage(
      String name,
      Function<Pass, ClusterFormation.Plan> planner,
      Function<Pass, List<Finding>> findings) {
    this.name = name;
    this.planner = planner;
    this.findings = findings;
  }

  @Override
  public List<Finding> findings(Pass pass) {
    return findings.apply(pass);
  }

  @Override
  public String name() {
    return name;
  }

  /** Formation's and the CIB diff's view of each Pacemaker node ({@link Pass#pacemakerStates}). */
  @Override
  public FactsRequest probes(OvdFailoverClusterSpec spec) {
    FactsRequest request = PacemakerNodeState.PROBES.plus(OvdVersions.probes(spec));
    return spec.quorumDeviceHost().isEmpty()
        ? request
        : request.plus(
            FactsRequest.ofUnits(
                List.of(ClusterFormation.QNETD_UNIT, ClusterFormation.QDEVICE_UNIT)));
  }

  @Override
  public Disruption disruption() {
    return Disruption.CLUSTER;
  }

  @Override
  public StagePlan plan(Pass pass) {
    ClusterFormation.Plan plan = planner.apply(pass);
    // chapter II before chapters V-VI: no cluster is formed, and no session manager joins one, over
    // two different OVD versions. Once both are members nothing here is held (Appendix 3 upgrades
    // one node at a time, so a running cluster differs for a while); its failover tests are refused
    Optional<String> ovd = OvdVersions.read(pass.spec(), pass.facts()).mismatch();
    boolean bothJoined =
        pass.spec().sessionManagers.stream().allMatch(sm -> pass.situation().joined(sm.name));
    if (ovd.isPresent() && !bothJoined && !plan.actions().isEmpty()) {
      return new StagePlan.Blocked(ovd.get());
    }
    if (!plan.blockers().isEmpty() && plan.actions().isEmpty()) {
      return new StagePlan.Blocked(String.join("; ", plan.blockers()));
    }
    if (!plan.waitsFor().isEmpty() && plan.actions().isEmpty()) {
      return new StagePlan.After(String.join(", ", plan.waitsFor()));
    }
    if (plan.actions().isEmpty()) {
      return StagePlan.converged();
    }
    List<Plan.Row> rows =
        plan.actions().stream()
            .map(a -> new Plan.Row(a.node(), name, a.command().description(), false))
            .toList();
    return new StagePlan.Changes(rows, Optional.empty(), () -> Optional.of(execute(pass, plan)));
  }

  private StageOutcome execute(Pass pass, ClusterFormation.Plan plan) {
    List<String> done = new ArrayList<>();
    for (ClusterFormation.Action a : plan.actions()) {
      try {
        pass.shells().apply(a.node()).runChecked(a.command());
        done.add(a.node() + ": " + a.command().description());
      } catch (HostException e) {
        return new StageOutcome(Outcome.FAILED, done, List.of(), e.getMessage());
      }
    }
    return new StageOutcome(Outcome.PROGRESSED, done, List.of(), done.size() + " actions");
  }
}
