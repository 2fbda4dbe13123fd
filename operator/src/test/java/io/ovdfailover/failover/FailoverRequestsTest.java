package io.ovdfailover.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.FailoverTestRequests;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.testsupport.Samples;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverRequestsTest {
  final OvdFailoverCluster cluster = Samples.cluster("ns", "lab");
  final FailoverTestRequests seen = new FailoverTestRequests();
  final Instant now = Instant.parse("2026-11-22T05:00:00Z");

  @Test
  void nothingAskedNothingTaken() {
    assertThat(FailoverRequests.take(cluster, seen, now)).isEmpty();
  }

  @Test
  void aSpecRequestIdRunsOnceAndANewValueAsksAgain() {
    cluster.getSpec().failoverTest.requestId = "drill-1";
    assertThat(FailoverRequests.take(cluster, seen, now))
        .contains(new FailoverRequests.Request("drill-1", "Spec"));
    assertThat(FailoverRequests.take(cluster, seen, now)).isEmpty();
    cluster.getSpec().failoverTest.requestId = "drill-2";
    assertThat(FailoverRequests.take(cluster, seen, now))
        .contains(new FailoverRequests.Request("drill-2", "Spec"));
  }

  @Test
  void theAnnotationIsASecondIndependentWay() {
    cluster.getSpec().failoverTest.requestId = "drill-1";
    cluster.getMetadata().setAnnotations(Map.of(FailoverRequests.ANNOTATION, "by-hand-1"));
    assertThat(FailoverRequests.take(cluster, seen, now))
        .map(FailoverRequests.Request::id)
        .contains("drill-1");
    assertThat(FailoverRequests.take(cluster, seen, now))
        .contains(new FailoverRequests.Request("by-hand-1", "Annotation"));
    assertThat(FailoverRequests.take(cluster, seen, now)).isEmpty();
    assertThat(seen.specRequestId).isEqualTo("drill-1");
    assertThat(seen.annotationRequestId).isEqualTo("by-hand-1");
  }

  @Test
  void aNewScheduleStartsCountingNowThenFiresOncePerDueTime() {
    cluster.getSpec().failoverTest.schedule = "0 3 * * *";
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-11-22T02:59:00Z")))
        .as("baseline")
        .isEmpty();
    assertThat(seen.scheduledUntil).isEqualTo("2026-11-22T02:59:00Z");
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-11-22T02:59:40Z")))
        .isEmpty();
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-11-22T03:00:20Z")))
        .contains(new FailoverRequests.Request("schedule-20261122T0300Z", "Schedule"));
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-11-22T03:00:50Z")))
        .isEmpty();
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-11-23T03:05:00Z")))
        .map(FailoverRequests.Request::id)
        .contains("schedule-20261123T0300Z");
  }

  @Test
  void aMinuteThatFellDueWhileADrillRanIsSkippedNotRunRightAfter() {
    // the CI failure of stop 12: a drill every minute took longer than the rest of its minute, and
    // the next one
    // started as soon as it ended, moving the resources while the next test expected them on osm1
    cluster.getSpec().failoverTest.schedule = "* * * * *";
    FailoverRequests.take(cluster, seen, Instant.parse("2026-12-04T04:03:50Z"));
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-12-04T04:04:01Z")))
        .map(FailoverRequests.Request::id)
        .contains("schedule-20261204T0404Z");
    assertThat(
            FailoverRequests.skipDrillsDuringTest(
                cluster, seen, Instant.parse("2026-12-04T04:05:02Z")))
        .contains(Instant.parse("2026-12-04T04:05:00Z"));
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-12-04T04:05:03Z")))
        .isEmpty();
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-12-04T04:06:00Z")))
        .map(FailoverRequests.Request::id)
        .contains("schedule-20261204T0406Z");
    // a test that ends within its minute skips nothing
    assertThat(
            FailoverRequests.skipDrillsDuringTest(
                cluster, seen, Instant.parse("2026-12-04T04:06:30Z")))
        .isEmpty();
  }

  /** A weekly drill at 02:30 in Paris on the night the clock jumps from 02:00 to 03:00. */
  @Test
  void aScheduleInATimeZoneFiresOnItsWallClockAcrossADstChange() {
    cluster.getSpec().failoverTest.schedule = "30 2 * * SUN";
    cluster.getSpec().failoverTest.timeZone = "Europe/Paris";
    FailoverRequests.take(cluster, seen, Instant.parse("2026-03-28T22:00:00Z"));
    assertThat(seen.timeZone).isEqualTo("Europe/Paris");
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-03-29T00:59:00Z")))
        .isEmpty();
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-03-29T01:00:30Z")))
        .as("03:00 CEST, right after the jump; the id is the UTC time it fell due")
        .contains(new FailoverRequests.Request("schedule-20260329T0100Z", "Schedule"));
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-03-29T12:00:00Z")))
        .isEmpty();
  }

  @Test
  void changingTheTimeZoneStartsCountingAnew() {
    cluster.getSpec().failoverTest.schedule = "0 3 * * *";
    FailoverRequests.take(cluster, seen, Instant.parse("2026-11-22T01:00:00Z"));
    // 03:00 in Tokyo was at 18:00 UTC the day before: not a drill missed, the zone is new
    cluster.getSpec().failoverTest.timeZone = "Asia/Tokyo";
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-11-22T01:30:00Z")))
        .isEmpty();
    assertThat(seen.timeZone).isEqualTo("Asia/Tokyo");
    assertThat(seen.scheduledUntil).isEqualTo("2026-11-22T01:30:00Z");
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-11-22T18:00:10Z")))
        .map(FailoverRequests.Request::id)
        .contains("schedule-20261122T1800Z");
  }

  @Test
  void anUnknownTimeZoneSchedulesNothing() {
    cluster.getSpec().failoverTest.schedule = "* * * * *";
    cluster.getSpec().failoverTest.timeZone = "Europe/Pariss";
    FailoverRequests.take(cluster, seen, Instant.parse("2026-11-22T01:00:00Z"));
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-11-22T01:05:00Z")))
        .as("SpecValidator reports it; no drill runs on a guess")
        .isEmpty();
  }

  @Test
  void changingTheScheduleDoesNotRunPastDrills() {
    cluster.getSpec().failoverTest.schedule = "0 3 * * *";
    FailoverRequests.take(cluster, seen, Instant.parse("2026-11-22T01:00:00Z"));
    cluster.getSpec().failoverTest.schedule = "0 2 * * *";
    assertThat(FailoverRequests.take(cluster, seen, Instant.parse("2026-11-22T04:00:00Z")))
        .isEmpty();
    assertThat(seen.schedule).isEqualTo("0 2 * * *");
    assertThat(seen.scheduledUntil).isEqualTo("2026-11-22T04:00:00Z");
  }
}
