package io.ovdfailover.converge;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.Finding;
import java.util.List;

/**
 * One stage of a procedure (build from scratch, adoption, migration, upgrade): it owns its steps,
 * says how much it may disrupt, and plans from the facts. A procedure is an ordered list of them;
 * {@link GuideConverger} runs the first one that has something to do.
 */
public interface Stage {
  /** The name in status, events and the plan ("host preparation", "resources"). */
  String name();

  /** What the stage can do to a serving farm; decides whether it may run without a quorate view. */
  Disruption disruption();

  /** Pure: what the stage would do from the observed state. */
  StagePlan plan(Pass pass);

  /**
   * What {@link #plan} reads from the nodes' facts, for the one probe per node that comes before it
   * (see {@link Procedures#factsRequest}). The stages that read only the cluster view or the
   * situation ask for nothing of their own.
   */
  default FactsRequest probes(OvdFailoverClusterSpec spec) {
    return FactsRequest.NONE;
  }

  /**
   * What the stage found on the hosts that it accepts as equivalent, keeps, brings to its own form
   * or leaves for downtime, instead of building it the way it would from scratch (a cluster built
   * by hand). Pure, like {@link #plan}; asked on every pass that plans, whatever the stage's plan.
   */
  default List<Finding> findings(Pass pass) {
    return List.of();
  }

  /**
   * Steps of the guide the operator cannot take and a person must (a Windows server's registry):
   * rows of the dry run's plan, and of the stage's own changes, that nothing carries out.
   */
  default List<io.ovdfailover.steps.Plan.Row> manualSteps(Pass pass) {
    return List.of();
  }
}
