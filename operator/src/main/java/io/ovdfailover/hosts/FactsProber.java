package io.ovdfailover.hosts;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes all nodes in parallel, one command per node, so a reconcile costs one round trip per node
 * however many facts it needs. A node that cannot be probed yields its {@link HostException}; the
 * others still answer.
 */
public final class FactsProber {
  private static final Logger LOG = LoggerFactory.getLogger(FactsProber.class);

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
    // the cluster view's fallback node is probed a second time only if Pacemaker runs there
    this.request = request.plus(FactsRequest.ofUnits(List.of("pacemaker")));
  }

  /**
   * @param clusterStateFrom the node whose crm_mon and CIB to read (one cluster node is enough), if
   *     any
   */
  public Result probe(Collection<? extends HostShell> shells, Optional<String> clusterStateFrom)
      throws InterruptedException {
    return probe(shells, clusterStateFrom.map(List::of).orElse(List.of()), Set.of());
  }

  /**
   * One command per node; the extra sections go into that node's one probe. The cluster view
   * (crm_mon and CIB, ~30 ms of CPU on the node) is read from the first node of {@code
   * clusterStateFrom} only. Only when that node gives no view with quorum (down, partitioned,
   * Pacemaker stopped) is the next one asked, with a second probe, and only if its own facts show
   * Pacemaker running there: a cluster not yet formed costs no second command.
   *
   * @param clusterStateFrom the nodes whose crm_mon and CIB may be read, preferred first (more than
   *     one, so that the cluster view survives the first being down)
   * @param pacemakerStateOn the nodes whose Pacemaker membership files to read ({@link
   *     PacemakerNodeFiles})
   */
  public Result probe(
      Collection<? extends HostShell> shells,
      List<String> clusterStateFrom,
      Set<String> pacemakerStateOn)
      throws InterruptedException {
    Map<String, HostShell> byName = new LinkedHashMap<>();
    shells.forEach(s -> byName.put(s.nodeName(), s));
    List<String> preference =
        clusterStateFrom.stream().filter(byName::containsKey).distinct().toList();
    Set<String> first = preference.isEmpty() ? Set.of() : Set.of(preference.get(0));
    Map<String, HostFacts> facts = new LinkedHashMap<>();
    Map<String, HostException> failures = new LinkedHashMap<>();
    probeAll(byName.values(), first, pacemakerStateOn, facts, failures);
    for (int i = 1; i < preference.size() && !quorate(facts.get(preference.get(i - 1))); i++) {
      String next = preference.get(i);
      HostFacts f = facts.get(next);
      if (f == null || !f.unit("pacemaker").active()) {
        continue;
      }
      // the node answered its first probe: a second one that fails (timeout, dropped connection)
      // only loses the
      // cluster view, so its facts stay and it is not reported unreachable
      try {
        facts.put(
            next,
            probeOne(
                byName.get(next),
                request
                    .withClusterState(true)
                    .withPacemakerState(pacemakerStateOn.contains(next))));
      } catch (HostException e) {
        LOG.debug("second probe of {} for the cluster view failed: {}", next, e.getMessage());
      }
    }
    return new Result(facts, failures);
  }

  private static boolean quorate(HostFacts f) {
    return f != null && f.crmMon().map(CrmMonStatus::withQuorum).orElse(false);
  }

  private void probeAll(
      Collection<? extends HostShell> shells,
      Set<String> clusterStateFrom,
      Set<String> pacemakerStateOn,
      Map<String, HostFacts> facts,
      Map<String, HostException> failures)
      throws InterruptedException {
    Map<String, Future<HostFacts>> futures = new LinkedHashMap<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(shells.size(), 16)),
            r -> {
              Thread t = new Thread(r, "facts-probe");
              t.setDaemon(true);
              return t;
            });
    try {
      for (HostShell shell : shells) {
        FactsRequest r =
            request
                .withClusterState(clusterStateFrom.contains(shell.nodeName()))
                .withPacemakerState(pacemakerStateOn.contains(shell.nodeName()));
        futures.put(shell.nodeName(), pool.submit(() -> probeOne(shell, r)));
      }
      for (Map.Entry<String, Future<HostFacts>> e : futures.entrySet()) {
        try {
          facts.put(e.getKey(), e.getValue().get());
          failures.remove(e.getKey());
        } catch (ExecutionException ex) {
          failures.put(e.getKey(), asHostException(e.getKey(), ex.getCause()));
          facts.remove(e.getKey());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Probes one node: runs the probe script once and parses its output. With the shell's {@link
   * FactsMemory}, the stamped sections that did not move are taken from the node's last answer; an
   * answer that cannot be completed from it (a memory forgotten meanwhile) is asked again in full.
   */
  public static HostFacts probeOne(HostShell shell, FactsRequest request) throws HostException {
    Optional<FactsMemory> memory = shell.factsMemory();
    Map<String, String> stamps = memory.map(m -> m.stamps(request)).orElse(Map.of());
    try {
      return probeOne(shell, request, memory, stamps);
    } catch (HostException e) {
      if (stamps.isEmpty() || e.kind() != HostException.Kind.COMMAND_FAILED) {
        throw e;
      }
      LOG.debug(
          "{}: the stamped probe was not understood, probing in full: {}",
          shell.nodeName(),
          e.getMessage());
      memory.get().clear();
      return probeOne(shell, request, memory, Map.of());
    }
  }

  private static HostFacts probeOne(
      HostShell shell,
      FactsRequest request,
      Optional<FactsMemory> memory,
      Map<String, String> stamps)
      throws HostException {
    CommandResult result = shell.runChecked(FactsProbe.command(request, stamps));
    try {
      Map<String, FactsParser.Section> sections = FactsParser.splitSections(result.stdout());
      if (memory.isPresent()) {
        sections = memory.get().complete(request, sections);
      }
      return FactsParser.parse(shell.nodeName(), sections);
    } catch (FactsFormatException e) {
      throw new HostException(
          HostException.Kind.COMMAND_FAILED,
          shell.nodeName(),
          "the facts probe output could not be understood: " + e.getMessage(),
          e);
    }
  }

  private static HostException asHostException(String node, Throwable cause) {
    if (cause instanceof HostException h) {
      return h;
    }
    return new HostException(
        HostException.Kind.COMMAND_FAILED, node, "facts probe failed: " + cause, cause);
  }
}
