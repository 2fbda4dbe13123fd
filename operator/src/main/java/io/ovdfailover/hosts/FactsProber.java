package io.ovdfailover.hosts;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Probes all nodes in parallel, one command per node, so a reconcile costs one round trip per node however many
 * facts it needs. A node that cannot be probed yields its {@link HostException}; the others still answer.
 */
public final class FactsProber {
  /** Facts of the nodes that answered and the failure of each node that did not. */
  public record Result(Map<String, HostFacts> facts, Map<String, HostException> failures) {
    public Result {
      facts = Map.copyOf(facts);
      failures = Map.copyOf(failures);
    }

    public boolean complete() {
      return failures.isEmpty();
    }
  }

  private final FactsRequest request;

  public FactsProber(FactsRequest request) {
    this.request = request;
  }

  /**
   * @param clusterStateFrom the node whose crm_mon and CIB to read (one cluster node is enough), if any
   */
  public Result probe(Collection<? extends HostShell> shells, Optional<String> clusterStateFrom)
      throws InterruptedException {
    return probe(shells, clusterStateFrom.map(Set::of).orElse(Set.of()), Set.of());
  }

  /**
   * Still one command per node: the extra sections go into that node's one probe.
   *
   * @param clusterStateFrom the nodes whose crm_mon and CIB to read (more than one, so that the cluster view
   *                         survives one of them being down)
   * @param pacemakerStateOn the nodes whose Pacemaker membership files to read ({@link PacemakerNodeFiles})
   */
  public Result probe(Collection<? extends HostShell> shells, Set<String> clusterStateFrom,
      Set<String> pacemakerStateOn) throws InterruptedException {
    Map<String, Future<HostFacts>> futures = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(shells.size(), 16)), r -> {
      Thread t = new Thread(r, "facts-probe");
      t.setDaemon(true);
      return t;
    });
    try {
      for (HostShell shell : shells) {
        FactsRequest r = request.withClusterState(clusterStateFrom.contains(shell.nodeName()))
            .withPacemakerState(pacemakerStateOn.contains(shell.nodeName()));
        futures.put(shell.nodeName(), pool.submit(() -> probeOne(shell, r)));
      }
      Map<String, HostFacts> facts = new LinkedHashMap<>();
      Map<String, HostException> failures = new LinkedHashMap<>();
      for (Map.Entry<String, Future<HostFacts>> e : futures.entrySet()) {
        try {
          facts.put(e.getKey(), e.getValue().get());
        } catch (ExecutionException ex) {
          failures.put(e.getKey(), asHostException(e.getKey(), ex.getCause()));
        }
      }
      return new Result(facts, failures);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Probes one node: runs the probe script once and parses its output. */
  public static HostFacts probeOne(HostShell shell, FactsRequest request) throws HostException {
    Command probe = FactsProbe.command(request);
    CommandResult result = shell.runChecked(probe);
    try {
      return FactsParser.parse(shell.nodeName(), result.stdout());
    } catch (FactsFormatException e) {
      throw new HostException(HostException.Kind.COMMAND_FAILED, shell.nodeName(),
          "the facts probe output could not be understood: " + e.getMessage(), e);
    }
  }

  private static HostException asHostException(String node, Throwable cause) {
    if (cause instanceof HostException h) {
      return h;
    }
    return new HostException(HostException.Kind.COMMAND_FAILED, node, "facts probe failed: " + cause, cause);
  }
}
