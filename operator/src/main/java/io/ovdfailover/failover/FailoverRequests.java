package io.ovdfailover.failover;

import io.ovdfailover.api.FailoverTestRequests;
import io.ovdfailover.api.FailoverTestSpec;
import io.ovdfailover.api.OvdFailoverCluster;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which failover test is asked for and not yet taken up. Four ways to ask, each request running at
 * most once: a new {@code spec.failoverTest.requestId} (GitOps), a new value of the {@value
 * #ANNOTATION} annotation ({@code kubectl annotate}), a drill falling due on {@code
 * spec.failoverTest.schedule} (in {@code spec.failoverTest.timeZone}), or the end of an OVD upgrade
 * with {@code spec.failoverTest.afterOvdUpgrade}. What was taken up is kept in status ({@link
 * FailoverTestRequests}), so a restarted operator does not run a request again. Pure.
 */
public final class FailoverRequests {
  public static final String ANNOTATION = "ovdfailover.io/failover-test";
  public static final String TRIGGER_SPEC = "Spec";
  public static final String TRIGGER_ANNOTATION = "Annotation";
  public static final String TRIGGER_SCHEDULE = "Schedule";
  public static final String TRIGGER_UPGRADE = "OvdUpgrade";
  private static final DateTimeFormatter SCHEDULE_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

  private FailoverRequests() {}

  /** One request: its id (shown in status and events) and what asked for it. */
  public record Request(String id, String trigger) {}

  /**
   * Takes up the next request, marking it in {@code seen} (which the caller writes to status with
   * the test's first record). A schedule seen for the first time, or changed, starts counting now:
   * past drills are not run.
   *
   * @return the request to run or refuse now, if any
   */
  public static Optional<Request> take(
      OvdFailoverCluster cluster, FailoverTestRequests seen, Instant now) {
    return take(cluster, seen, now, Optional.empty());
  }

  /**
   * @param upgradeTest the id of the test an OVD upgrade asks for
   *     (spec.failoverTest.afterOvdUpgrade), once it has ended well; taken up once, like the others
   */
  public static Optional<Request> take(
      OvdFailoverCluster cluster,
      FailoverTestRequests seen,
      Instant now,
      Optional<String> upgradeTest) {
    if (upgradeTest.isPresent() && !upgradeTest.get().equals(seen.upgradeRequestId)) {
      seen.upgradeRequestId = upgradeTest.get();
      return Optional.of(new Request(upgradeTest.get(), TRIGGER_UPGRADE));
    }
    FailoverTestSpec spec = cluster.getSpec().failoverTest;
    if (spec != null
        && spec.requestId != null
        && !spec.requestId.isBlank()
        && !spec.requestId.equals(seen.specRequestId)) {
      seen.specRequestId = spec.requestId;
      return Optional.of(new Request(spec.requestId, TRIGGER_SPEC));
    }
    Map<String, String> annotations = cluster.getMetadata().getAnnotations();
    String annotated = annotations == null ? null : annotations.get(ANNOTATION);
    if (annotated != null && !annotated.isBlank() && !annotated.equals(seen.annotationRequestId)) {
      seen.annotationRequestId = annotated;
      return Optional.of(new Request(annotated, TRIGGER_ANNOTATION));
    }
    return scheduled(
        spec == null ? null : spec.schedule, spec == null ? null : spec.timeZone, seen, now);
  }

  /**
   * After a test ends: drills that fell due while it ran are skipped, not run back to back after it
   * (a drill every minute whose test takes longer than a minute would otherwise never stop moving
   * the resources).
   *
   * @return the latest drill time skipped, to be reported
   */
  public static Optional<Instant> skipDrillsDuringTest(
      OvdFailoverCluster cluster, FailoverTestRequests seen, Instant end) {
    FailoverTestSpec spec = cluster.getSpec().failoverTest;
    if (spec == null
        || spec.schedule == null
        || !Objects.equals(spec.schedule, seen.schedule)
        || !Objects.equals(spec.timeZone, seen.timeZone)
        || seen.scheduledUntil == null) {
      return Optional.empty();
    }
    Optional<Instant> skipped;
    try {
      skipped =
          cron(spec.schedule, spec.timeZone)
              .latestDueBetween(Instant.parse(seen.scheduledUntil), end);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (Instant.parse(seen.scheduledUntil).isBefore(end)) {
      seen.scheduledUntil = end.toString();
    }
    return skipped;
  }

  /** The id a drill due at {@code due} gets. */
  public static String drillId(Instant due) {
    return "schedule-" + SCHEDULE_ID.format(due);
  }

  /**
   * The drills' schedule, read on the wall clock of the time zone (UTC when none is given).
   *
   * @throws RuntimeException when the expression or the zone is not valid (SpecValidator reports
   *     both)
   */
  static CronSchedule cron(String schedule, String timeZone) {
    return CronSchedule.parse(
        schedule, timeZone == null || timeZone.isBlank() ? ZoneOffset.UTC : ZoneId.of(timeZone));
  }

  private static Optional<Request> scheduled(
      String schedule, String timeZone, FailoverTestRequests seen, Instant now) {
    if (schedule == null || schedule.isBlank()) {
      seen.schedule = null;
      seen.timeZone = null;
      seen.scheduledUntil = null;
      return Optional.empty();
    }
    // a new schedule or time zone starts counting now: drills due before the change are not run
    if (!Objects.equals(schedule, seen.schedule)
        || !Objects.equals(timeZone, seen.timeZone)
        || seen.scheduledUntil == null) {
      seen.schedule = schedule;
      seen.timeZone = timeZone;
      seen.scheduledUntil = now.toString();
      return Optional.empty();
    }
    Optional<Instant> due;
    try {
      due = cron(schedule, timeZone).latestDueBetween(Instant.parse(seen.scheduledUntil), now);
    } catch (RuntimeException e) {
      return Optional.empty(); // SpecValidator reports a bad schedule; nothing is scheduled from it
    }
    if (due.isEmpty()) {
      return Optional.empty();
    }
    seen.scheduledUntil = due.get().toString();
    return Optional.of(new Request(drillId(due.get()), TRIGGER_SCHEDULE));
  }
}
