package io.ovdfailover.converge;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.Finding;
import java.util.List;

/**
 * First of the build: a session manager of the legacy guide's Heartbeat pair. The build would form
 * Pacemaker beside a Heartbeat that holds the same VIP, and its database move and replica stages
 * would stop what the legacy pair serves with; so nothing at all is changed, on any node, while
 * Heartbeat is there. Status says what was found (layout, active node, file sync, PHP sessions).
 * Moving such a site to the current design is a procedure of its own (docs/migration.md).
 */
final class LegacySetupStage implements Stage {
  @Override
  public String name() {
    return "legacy setup";
  }

  @Override
  public Disruption disruption() {
    return Disruption.NONE;
  }

  @Override
  public FactsRequest probes(OvdFailoverClusterSpec spec) {
    return LegacyHeartbeat.PROBES;
  }

  @Override
  public StagePlan plan(Pass pass) {
    return LegacyHeartbeat.read(pass.spec(), pass.facts())
        .<StagePlan>map(
            legacy ->
                new StagePlan.Blocked(
                    "the legacy guide's Heartbeat pair is here ("
                        + legacy.summary()
                        + "): the operator changes nothing beside it. Moving it to the current"
                        + " design is not automated yet; see docs/migration.md"))
        .orElse(StagePlan.converged());
  }

  @Override
  public List<Finding> findings(Pass pass) {
    return LegacyHeartbeat.read(pass.spec(), pass.facts())
        .map(
            legacy ->
                List.of(
                    new Finding(
                        Finding.CLUSTER,
                        "legacy Heartbeat pair",
                        Finding.Disposition.Kept,
                        legacy.summary())))
        .orElse(List.of());
  }
}
