package io.ovdfailover.converge;

/**
 * Between formation and the resources: the cluster must answer (crm_mon and CIB) before its CIB is
 * diffed.
 */
final class ClusterAnswersStage implements Stage {
  @Override
  public String name() {
    return "cluster formation";
  }

  @Override
  public Disruption disruption() {
    return Disruption.NONE;
  }

  @Override
  public StagePlan plan(Pass pass) {
    if (pass.view().cib().isPresent()) {
      return StagePlan.converged();
    }
    return new StagePlan.After(
        "the cluster to answer on "
            + String.join(" or ", GuideConverger.clusterViewNodes(pass.spec())));
  }
}
