package io.ovdfailover.steps;

/**
 * Told when the operator's work reaches a {@link Checkpoint}. Injected where the work is built
 * (OperatorRuntime, HostDriver, the converger, the database move); the lab's crash tests pass one
 * that halts the process, production passes {@link #NONE}.
 */
@FunctionalInterface
public interface Checkpoints {
  Checkpoints NONE = point -> {};

  void reached(Checkpoint point);
}
