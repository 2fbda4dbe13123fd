package io.ovdfailover.converge;

import io.ovdfailover.converge.GuideConverger.StageOutcome;
import io.ovdfailover.steps.Plan;
import java.util.List;
import java.util.Optional;

/**
 * What a stage would do, decided from the facts alone: planning runs no command, so the same plan
 * is what a dry run publishes and what a pass carries out.
 */
public sealed interface StagePlan {

  /** Carries a plan out; empty when the stage found, on a closer look, nothing to do. */
  @FunctionalInterface
  interface Execution {
    Optional<StageOutcome> run() throws InterruptedException;
  }

  /** Converged: the pass goes on to the next stage. */
  record Converged() implements StagePlan {}

  /**
   * Changes to make.
   *
   * @param downtime why the changes interrupt service, when they do: they wait for
   *     spec.maintenance.allowDowntime
   */
  record Changes(List<Plan.Row> rows, Optional<String> downtime, Execution execution)
      implements StagePlan {
    public Changes {
      rows = List.copyOf(rows);
    }
  }

  /**
   * Not safe now (no quorate view, the resources may be on that node): nothing runs until the hosts
   * show it is.
   */
  record Held(String why) implements StagePlan {}

  /** Only the user can solve it (a node in another cluster, a resource with another agent). */
  record Blocked(String why) implements StagePlan {}

  /** Can be planned only once an earlier stage has run (a dry run lists it as waiting for that). */
  record After(String what) implements StagePlan {}

  static StagePlan converged() {
    return new Converged();
  }
}
