package io.ovdfailover.e2e;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue #18's "apply → Ready against the critical path": what the hosts cannot do faster than they
 * did, measured in the same run. Every command the converger sends is timed ({@link #timed}); each
 * pass's commands are attributed to the stage the pass worked on; a stage's share of the critical
 * path is its busiest node's changing commands (installing packages, forming the cluster, pushing
 * the CIB, joining the second session manager), since nodes work side by side and one node's
 * commands run one after the other in the guide's order. Reads are left out: probes and checks are
 * the operator's own cost, part of what the ratio measures.
 */
final class CriticalPath {
  record Run(String node, String description, boolean mutating, long startNanos, long nanos) {}

  record Pass(String stage, long startNanos, long endNanos) {}

  /** A stage's part: the node whose changing commands took longest in it, and how long. */
  record Part(String stage, String node, double seconds) {}

  private final List<Run> runs = Collections.synchronizedList(new ArrayList<>());
  private final List<Pass> passes = new ArrayList<>();

  /** The same shell, timing every command into this path. */
  HostShell timed(HostShell inner) {
    return new HostShell() {
      @Override
      public String nodeName() {
        return inner.nodeName();
      }

      @Override
      public boolean answersNow() {
        return inner.answersNow();
      }

      @Override
      public CommandResult run(Command c) throws HostException {
        long t = System.nanoTime();
        try {
          return inner.run(c);
        } finally {
          runs.add(
              new Run(inner.nodeName(), c.description(), c.mutating(), t, System.nanoTime() - t));
        }
      }
    };
  }

  void pass(String stage, long startNanos, long endNanos) {
    passes.add(new Pass(stage, startNanos, endNanos));
  }

  /** Per stage (in the order first worked on), its busiest node's changing commands. */
  List<Part> parts() {
    Map<String, Map<String, Long>> perStage = new LinkedHashMap<>();
    List<Run> all;
    synchronized (runs) {
      all = List.copyOf(runs);
    }
    for (Pass p : passes) {
      Map<String, Long> nodes = perStage.computeIfAbsent(p.stage(), s -> new LinkedHashMap<>());
      for (Run r : all) {
        if (r.mutating() && r.startNanos() >= p.startNanos() && r.startNanos() < p.endNanos()) {
          nodes.merge(r.node(), r.nanos(), Long::sum);
        }
      }
    }
    List<Part> parts = new ArrayList<>();
    perStage.forEach(
        (stage, nodes) ->
            nodes.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .ifPresent(e -> parts.add(new Part(stage, e.getKey(), e.getValue() / 1e9))));
    return parts;
  }

  double seconds() {
    return parts().stream().mapToDouble(Part::seconds).sum();
  }

  /** One line: the total, each stage's part, and {@code wallSeconds} as a ratio to it. */
  String report(double wallSeconds) {
    StringBuilder b = new StringBuilder();
    double path = seconds();
    b.append(
        String.format(
            "critical path (each stage's busiest node, changing commands): %.1f s; converged in"
                + " %.1f s = %.2f x the critical path;",
            path, wallSeconds, wallSeconds / path));
    for (Part p : parts()) {
      if (p.seconds() >= 0.05) {
        b.append(String.format(" %s %.1f s (%s)", p.stage(), p.seconds(), p.node()));
      }
    }
    return b.toString();
  }
}
