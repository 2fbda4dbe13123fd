package io.ovdfailover.hosts;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one node answered, in the facts probe's stamped sections, the last time they were read in
 * full: the next probe is sent their change stamps, and a node whose stamp has not moved answers
 * those sections {@code same} without running the tools behind them. On a converged cluster that
 * spares every node {@code dpkg-query} (and {@code rpm}, and pcsd's capability list) and the
 * cluster-view node {@code crm_mon} and the CIB's transfer, the costliest parts of the probe that
 * can be told unchanged from a cheap stamp (docs/host-engine.md, "Change stamps").
 *
 * <p>A stamp is only trusted for the input it was read with (the package list), and not at all
 * after {@link #FULL_READ_EVERY}: a stamp that failed to move when it should have (a clock set
 * back, a CIB replaced by one of the same version) is corrected within that time. One memory per
 * connection: a node reached again after its connection was lost starts with none.
 */
public final class FactsMemory {
  /** Every stamped section is read in full again at least this often, whatever its stamp says. */
  public static final Duration FULL_READ_EVERY = Duration.ofMinutes(10);

  /** The sections one stamp covers, and the probe input that carries the stamp back. */
  enum Group {
    /** The package database and pcsd's capability list. */
    PACKAGES("K_PKG") {
      @Override
      boolean covers(String section) {
        return section.equals("dpkg") || section.equals("rpm") || section.equals("pcs");
      }

      @Override
      String key(FactsRequest request) {
        return String.join(" ", request.packages());
      }
    },
    /** The CIB and what crm_mon computes from it. */
    CLUSTER("K_CIB") {
      @Override
      boolean covers(String section) {
        return section.equals("crm_mon") || section.equals("cib");
      }

      @Override
      String key(FactsRequest request) {
        return "";
      }
    },
    /** The public files (pub.N) and a Pacemaker node's membership files (pcm-*). */
    FILES("K_FILES") {
      @Override
      boolean covers(String section) {
        return section.startsWith("pub.") || section.startsWith("pcm-");
      }

      @Override
      String key(FactsRequest request) {
        return String.join("\n", request.publicFiles()) + "\n" + request.pacemakerState();
      }
    };

    final String input;

    Group(String input) {
      this.input = input;
    }

    abstract boolean covers(String section);

    /** What else the sections' text depends on: the question asked. */
    abstract String key(FactsRequest request);
  }

  private record Kept(
      String key, String stamp, long readAtNanos, Map<String, FactsParser.Section> sections) {}

  private final Map<Group, Kept> kept = new EnumMap<>(Group.class);
  private final java.util.function.LongSupplier nanoClock;

  public FactsMemory() {
    this(System::nanoTime);
  }

  FactsMemory(java.util.function.LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** The stamps to send with {@code request}, as the probe's input variables. */
  public synchronized Map<String, String> stamps(FactsRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    long now = nanoClock.getAsLong();
    kept.forEach(
        (group, k) -> {
          if (k.key().equals(group.key(request))
              && now - k.readAtNanos() < FULL_READ_EVERY.toNanos()) {
            out.put(group.input, k.stamp());
          }
        });
    return out;
  }

  /**
   * The probe's sections with those answered {@code same} put back from memory, and the memory
   * updated from those read in full. A section answered {@code same} that is not kept (a stamp sent
   * from a memory since forgotten) stays {@code same}, which {@link FactsParser} refuses.
   */
  public synchronized Map<String, FactsParser.Section> complete(
      FactsRequest request, Map<String, FactsParser.Section> sections) {
    Map<String, FactsParser.Section> out = new LinkedHashMap<>(sections);
    long now = nanoClock.getAsLong();
    for (Group group : Group.values()) {
      List<FactsParser.Section> answered =
          sections.values().stream().filter(s -> group.covers(s.name())).toList();
      if (answered.isEmpty()) {
        continue; // not asked (no cluster view on this node, no public file)
      }
      String stamp = answered.get(0).stamp();
      boolean oneStamp =
          !stamp.isEmpty() && answered.stream().allMatch(s -> s.stamp().equals(stamp));
      boolean same = answered.stream().allMatch(s -> s.status().equals(FactsParser.Section.SAME));
      boolean read = answered.stream().noneMatch(s -> s.status().equals(FactsParser.Section.SAME));
      Kept k = kept.get(group);
      if (same
          && oneStamp
          && k != null
          && k.stamp().equals(stamp)
          && k.key().equals(group.key(request))) {
        out.putAll(k.sections());
      } else if (read && oneStamp) {
        Map<String, FactsParser.Section> full = new LinkedHashMap<>();
        answered.forEach(s -> full.put(s.name(), s));
        kept.put(group, new Kept(group.key(request), stamp, now, Map.copyOf(full)));
      } else {
        kept.remove(group);
      }
    }
    return out;
  }

  /** Forgets everything: the next probe reads every section in full. */
  public synchronized void clear() {
    kept.clear();
  }
}
