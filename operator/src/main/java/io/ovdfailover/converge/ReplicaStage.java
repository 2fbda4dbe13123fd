package io.ovdfailover.converge;

import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Step;
import io.ovdfailover.steps.guide.GuideStage;
import java.util.List;
import java.util.Map;

/**
 * Chapter V: the second session manager becomes a replica before it joins (Apache stopped, the OSM
 * cron removed, its local MySQL off), and again when it was rebuilt and rejoins. These stop the
 * Session Manager on that node, so they run only while it cannot be serving: not a member in
 * corosync.conf (once it joined, Pacemaker owns its services), not holding the VIP, not running
 * Pacemaker, and placed nowhere by a quorate view.
 */
final class ReplicaStage extends PreparationStage {
  ReplicaStage() {
    super(GuideStage.REPLICA, Disruption.NODE_SERVICES);
  }

  @Override
  public StagePlan plan(Pass pass) {
    String replica = pass.secondSessionManager();
    if (pass.situation().joined(replica)) {
      return StagePlan.converged();
    }
    Map<NodeContext, List<Step>> steps = stepsByNode(pass, replica::equals);
    StagePlan plan = planSteps(pass, steps);
    if (plan instanceof StagePlan.Changes && pass.situation().mayHoldResources(replica)) {
      return new StagePlan.Held(
          replica
              + " may be serving (it holds the VIP, runs Pacemaker or a quorate view "
              + "places resources there): its Apache, OSM cron and MySQL are left running");
    }
    return plan;
  }
}
