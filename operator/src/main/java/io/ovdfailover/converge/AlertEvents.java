package io.ovdfailover.converge;

import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.steps.guide.GuideAlerts;
import io.ovdfailover.steps.guide.GuideAlerts.AlertLine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Appendix 2's alerts as Kubernetes Events: the lines the alert agent left on each Pacemaker node
 * since the last one recorded. One event seen from several nodes (a lost node is reported by every
 * other) becomes one Event naming them. What the logs held before the operator first looked is not
 * recorded, and a burst is capped, so that the namespace is not flooded.
 */
public final class AlertEvents {
  private AlertEvents() {}

  /** At most this many Events per reconcile; the older rest are counted in one more. */
  static final int MAX_PER_PASS = 30;

  /** Lines within this much of each other with the same summary are one event. */
  private static final BigDecimal SAME_EVENT_SECONDS = BigDecimal.valueOf(5);

  public record AlertEvent(EventRecorder.Type type, String message) {}

  /**
   * @param events what to record, oldest first
   * @param recordedUntil the newest line's time, for status; the old value when nothing is new
   */
  public record Batch(List<AlertEvent> events, Optional<String> recordedUntil) {}

  /**
   * @param recordedUntil the status' mark; absent the first time, when the logs' lines are older
   *     than the operator's look at them: nothing is recorded then, the mark is set to {@code now}
   */
  public static Batch since(
      Map<String, HostFacts> facts, String recordedUntil, java.time.Instant now) {
    Optional<BigDecimal> mark = parse(recordedUntil);
    if (mark.isEmpty()) {
      return new Batch(
          List.of(),
          Optional.of(
              BigDecimal.valueOf(now.getEpochSecond())
                  .add(BigDecimal.valueOf(now.getNano(), 9))
                  .toPlainString()));
    }
    BigDecimal after = mark.get();
    List<AlertLine> lines = new ArrayList<>();
    facts
        .values()
        .forEach(
            f ->
                f.publicFile(GuideAlerts.EVENT_LOG_PATH)
                    .ifPresent(
                        text ->
                            GuideAlerts.parseLog(text).stream()
                                .filter(l -> l.time().compareTo(after) > 0)
                                .filter(AlertEvents::worthAnEvent)
                                .forEach(lines::add)));
    if (lines.isEmpty()) {
      return new Batch(List.of(), Optional.ofNullable(recordedUntil));
    }
    lines.sort(Comparator.comparing(AlertLine::time));
    // one event: the same summary within a few seconds, from whichever nodes saw it
    List<List<AlertLine>> all = new ArrayList<>();
    Map<String, List<AlertLine>> latestBySummary = new HashMap<>();
    for (AlertLine l : lines) {
      List<AlertLine> g = latestBySummary.get(l.summary());
      if (g == null || l.time().subtract(g.get(0).time()).compareTo(SAME_EVENT_SECONDS) > 0) {
        g = new ArrayList<>();
        all.add(g);
        latestBySummary.put(l.summary(), g);
      }
      g.add(l);
    }
    List<AlertEvent> events = new ArrayList<>();
    int skipped = Math.max(0, all.size() - MAX_PER_PASS);
    for (List<AlertLine> g : all.subList(skipped, all.size())) {
      AlertLine first = g.get(0);
      TreeSet<String> seenBy = new TreeSet<>();
      g.forEach(l -> seenBy.add(l.from()));
      events.add(
          new AlertEvent(
              g.stream().anyMatch(AlertLine::bad)
                  ? EventRecorder.Type.Warning
                  : EventRecorder.Type.Normal,
              "Pacemaker alert: "
                  + first.summary()
                  + " (seen by "
                  + String.join(", ", seenBy)
                  + ")"));
    }
    if (skipped > 0) {
      events.add(
          0,
          new AlertEvent(
              EventRecorder.Type.Normal,
              "Pacemaker alerts: "
                  + skipped
                  + " older ones not recorded as Events (the nodes' "
                  + GuideAlerts.EVENT_LOG_PATH
                  + " has them)"));
    }
    return new Batch(events, Optional.of(lines.get(lines.size() - 1).time().toPlainString()));
  }

  /**
   * A recurring monitor's good result and a cancelled monitor come with every start and stop (a
   * switchover gives two dozen): mailed, as the guide's agent does, but no Event.
   */
  static boolean worthAnEvent(AlertLine l) {
    boolean routine =
        "resource".equals(l.kind())
            && "0".equals(l.rc())
            && ("monitor".equals(l.task()) || "Cancelled".equals(l.description()));
    return !routine;
  }

  private static Optional<BigDecimal> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
