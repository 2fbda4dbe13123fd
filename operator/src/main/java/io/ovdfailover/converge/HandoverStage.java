package io.ovdfailover.converge;

import io.ovdfailover.pacemaker.OvdResources;
import io.ovdfailover.steps.guide.GuideStage;

/**
 * Before the resources exist: the OSM cron on the preferred session manager becomes the link {@code
 * osm_cron} manages. Once the resources exist the link is Pacemaker's, so this runs only before.
 */
final class HandoverStage extends PreparationStage {
  HandoverStage() {
    super(GuideStage.CLUSTER_HANDOVER, Disruption.NONE);
  }

  @Override
  public StagePlan plan(Pass pass) {
    if (pass.view().cib().map(c -> c.primitive(OvdResources.OSM_CRON).isPresent()).orElse(false)) {
      return StagePlan.converged();
    }
    return super.plan(pass);
  }
}
