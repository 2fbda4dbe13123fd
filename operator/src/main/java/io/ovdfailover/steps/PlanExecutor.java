package io.ovdfailover.steps;

import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs a plan's actions through each node's {@link HostShell}, in plan order, and stops at the
 * first failure: later actions may depend on earlier ones (a unit file before daemon-reload), so
 * nothing runs after a failure.
 */
public final class PlanExecutor {
  private PlanExecutor() {}

  /** What ran, and the failure that stopped the run, if any. */
  public record Report(List<Action> completed, Optional<Failure> failure) {
    public Report {
      completed = List.copyOf(completed);
    }

    public boolean succeeded() {
      return failure.isEmpty();
    }
  }

  /** The action that failed and why; the message names node, step and action, never stdin. */
  public record Failure(Action action, HostException cause) {
    public String message() {
      return action.node()
          + ": step '"
          + action.step()
          + "', action '"
          + action.description()
          + "' failed: "
          + cause.getMessage();
    }
  }

  /** Hears each action as it runs: one Kubernetes Event per step, logs, metrics. */
  public interface Listener {
    default void started(Action action) {}

    default void completed(Action action, CommandResult result) {}

    default void failed(Failure failure) {}
  }

  public static Report execute(Plan plan, Function<String, HostShell> shells) {
    return execute(plan, shells, new Listener() {});
  }

  public static Report execute(Plan plan, Function<String, HostShell> shells, Listener listener) {
    List<Action> done = new ArrayList<>();
    for (Action action : plan.actions()) {
      listener.started(action);
      try {
        HostShell shell = shells.apply(action.node());
        if (shell == null) {
          throw new HostException(
              HostException.Kind.UNREACHABLE, action.node(), "no shell for this node");
        }
        CommandResult result = shell.runChecked(action.command());
        done.add(action);
        listener.completed(action, result);
      } catch (HostException e) {
        Failure failure = new Failure(action, e);
        listener.failed(failure);
        return new Report(done, Optional.of(failure));
      }
    }
    return new Report(done, Optional.empty());
  }
}
