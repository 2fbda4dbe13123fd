package io.ovdfailover.hosts;

/**
 * Runs commands on one node. The SSH implementation keeps one connection per node and opens a
 * channel per command; tests may substitute a recording fake.
 */
public interface HostShell {
  /** Name of the node in the cluster topology (osm1, pcs3, ...). */
  String nodeName();

  /**
   * Runs the command and returns its result whatever the exit code.
   *
   * @throws HostException when the command could not be run or did not finish (unreachable,
   *     authentication, host key, timeout)
   */
  CommandResult run(Command command) throws HostException;

  /**
   * Whether the node answers now, without waiting: a shell that keeps a connection says whether it
   * is up and, when it is not, starts reconnecting in the background so that a later call can tell
   * the node is back. Shells without a connection always answer.
   */
  default boolean answersNow() {
    return true;
  }

  /**
   * Where the facts probe's stamped answers are kept between probes of this node, if anywhere: a
   * shell that keeps a connection keeps them for as long as the connection lasts, so that a
   * converged node is not asked again what has not moved. Shells without one are probed in full.
   */
  default java.util.Optional<FactsMemory> factsMemory() {
    return java.util.Optional.empty();
  }

  /**
   * Runs the command and fails with {@link HostException.Kind#COMMAND_FAILED} on a non-zero exit
   * code.
   */
  default CommandResult runChecked(Command command) throws HostException {
    CommandResult r = run(command);
    if (!r.ok()) {
      throw HostException.commandFailed(nodeName(), command, r);
    }
    return r;
  }
}
