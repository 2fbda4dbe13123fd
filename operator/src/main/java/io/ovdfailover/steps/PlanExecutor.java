package io.ovdfailover.steps;

import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
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
        CommandResult result = run(action, shells);
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

  /**
   * Runs each node's actions in plan order, the nodes side by side: for the guide's per-node work
   * (packages, files, units), where no node's action depends on another node's in the same stage,
   * as an admin with five terminals would. After a failure no node starts another action; the ones
   * already running finish. The report lists what completed, in completion order, and the first
   * failure.
   */
  public static Report executeNodesInParallel(Plan plan, Function<String, HostShell> shells) {
    List<NodePlan> nodes = plan.nodes().stream().filter(n -> !n.actions().isEmpty()).toList();
    if (nodes.size() < 2) {
      return execute(plan, shells);
    }
    List<Action> done = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Failure> failure = new AtomicReference<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            nodes.size(),
            r -> {
              Thread t = new Thread(r, "plan-node");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (NodePlan node : nodes) {
        running.add(
            pool.submit(
                () -> {
                  for (Action action : node.actions()) {
                    if (failure.get() != null) {
                      return;
                    }
                    try {
                      run(action, shells);
                      done.add(action);
                    } catch (HostException e) {
                      failure.compareAndSet(null, new Failure(action, e));
                      return;
                    }
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the nodes' actions ran", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new Report(done, Optional.ofNullable(failure.get()));
  }

  /** One action through its node's shell; a node without a shell is unreachable. */
  private static CommandResult run(Action action, Function<String, HostShell> shells)
      throws HostException {
    HostShell shell = shells.apply(action.node());
    if (shell == null) {
      throw new HostException(
          HostException.Kind.UNREACHABLE, action.node(), "no shell for this node");
    }
    return shell.runChecked(action.command());
  }
}
