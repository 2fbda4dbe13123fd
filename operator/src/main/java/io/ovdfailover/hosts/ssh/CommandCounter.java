package io.ovdfailover.hosts.ssh;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Commands sent to each node, split into mutating and read-only. The reconciler takes {@link
 * #snapshotAndReset(String)} per node after a pass: a converged cluster must cost 0 mutating
 * commands. Thread-safe; counts are per node key as given to {@link SshConnectionPool}.
 */
public final class CommandCounter {
  /** Commands counted for one node. */
  public record Counts(long mutating, long read) {
    public static final Counts ZERO = new Counts(0, 0);

    public long total() {
      return mutating + read;
    }
  }

  private static final class Cell {
    final AtomicLong mutating = new AtomicLong();
    final AtomicLong read = new AtomicLong();
  }

  private final Map<String, Cell> cells = new ConcurrentHashMap<>();

  public void record(String node, boolean mutating) {
    Cell cell = cells.computeIfAbsent(node, n -> new Cell());
    (mutating ? cell.mutating : cell.read).incrementAndGet();
  }

  public Counts get(String node) {
    Cell cell = cells.get(node);
    return cell == null ? Counts.ZERO : new Counts(cell.mutating.get(), cell.read.get());
  }

  /**
   * Counts since the last reset of this node, then starts again from zero; no command is lost in
   * between.
   */
  public Counts snapshotAndReset(String node) {
    Cell cell = cells.get(node);
    return cell == null
        ? Counts.ZERO
        : new Counts(cell.mutating.getAndSet(0), cell.read.getAndSet(0));
  }

  /** All nodes, sorted by key. */
  public Map<String, Counts> snapshot() {
    Map<String, Counts> result = new TreeMap<>();
    cells.keySet().forEach(node -> result.put(node, get(node)));
    return result;
  }

  public void reset(String node) {
    snapshotAndReset(node);
  }

  public void resetAll() {
    cells.keySet().forEach(this::reset);
  }
}
