package io.ovdfailover.bench.hosts;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the simulated hosts saw: connections, and commands by kind. */
public final class Traffic {
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong authenticated = new AtomicLong();
  private final AtomicLong factsProbes = new AtomicLong();
  private final AtomicLong glances = new AtomicLong();
  private final AtomicLong databaseReads = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private final Set<String> unrecorded = ConcurrentHashMap.newKeySet();

  /** The first script of each node that was not simulated, to say what the operator tried. */
  private final Map<String, String> unknownScripts = new ConcurrentHashMap<>();

  /** Counts at one moment. */
  public record Counts(
      long connections,
      long authenticated,
      long factsProbes,
      long glances,
      long databaseReads,
      long unknown) {
    public long commands() {
      return factsProbes + glances + databaseReads + unknown;
    }

    public Counts minus(Counts o) {
      return new Counts(
          connections - o.connections,
          authenticated - o.authenticated,
          factsProbes - o.factsProbes,
          glances - o.glances,
          databaseReads - o.databaseReads,
          unknown - o.unknown);
    }
  }

  void connected() {
    connections.incrementAndGet();
  }

  void authenticated() {
    authenticated.incrementAndGet();
  }

  void factsProbe(String node, List<String> notRecorded) {
    factsProbes.incrementAndGet();
    unrecorded.addAll(notRecorded);
  }

  void glance() {
    glances.incrementAndGet();
  }

  void databaseRead() {
    databaseReads.incrementAndGet();
  }

  void unknown(String node, String script) {
    unknown.incrementAndGet();
    unknownScripts.putIfAbsent(node, script.length() > 400 ? script.substring(0, 400) : script);
  }

  public Counts counts() {
    return new Counts(
        connections.get(),
        authenticated.get(),
        factsProbes.get(),
        glances.get(),
        databaseReads.get(),
        unknown.get());
  }

  /** Items probes asked for that the recordings do not have (answered as absent). */
  public Set<String> unrecorded() {
    return Set.copyOf(unrecorded);
  }

  public Map<String, String> unknownScripts() {
    return new TreeMap<>(unknownScripts);
  }
}
