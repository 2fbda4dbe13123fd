package io.ovdfailover.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  static ZonedDateTime at(String iso) {
    return Instant.parse(iso).atZone(ZoneOffset.UTC);
  }

  @Test
  void sundayAtThreeMatchesOnlyThen() {
    CronSchedule s = CronSchedule.parse("0 3 * * 0");
    assertThat(s.matches(at("2026-11-22T03:00:00Z"))).isTrue(); // a Sunday
    assertThat(s.matches(at("2026-11-22T03:01:00Z"))).isFalse();
    assertThat(s.matches(at("2026-11-23T03:00:00Z"))).isFalse(); // Monday
    assertThat(CronSchedule.parse("0 3 * * 7").matches(at("2026-11-22T03:00:00Z")))
        .as("7 is Sunday too")
        .isTrue();
    assertThat(CronSchedule.parse("0 3 * * sun").matches(at("2026-11-22T03:00:00Z"))).isTrue();
  }

  @Test
  void listsRangesAndSteps() {
    CronSchedule s = CronSchedule.parse("*/15 8-17 * JAN,nov mon-fri");
    assertThat(s.matches(at("2026-11-23T08:45:00Z"))).isTrue();
    assertThat(s.matches(at("2026-11-23T08:50:00Z"))).isFalse();
    assertThat(s.matches(at("2026-11-23T18:00:00Z"))).isFalse();
    assertThat(s.matches(at("2026-12-01T09:00:00Z"))).isFalse();
  }

  @Test
  void restrictedDayOfMonthAndDayOfWeekMatchEither() {
    CronSchedule s =
        CronSchedule.parse("0 0 1 * 1"); // the 1st of the month, and every Monday (Vixie cron)
    assertThat(s.matches(at("2026-12-01T00:00:00Z"))).as("a Tuesday, the 1st").isTrue();
    assertThat(s.matches(at("2026-11-23T00:00:00Z"))).as("a Monday").isTrue();
    assertThat(s.matches(at("2026-11-24T00:00:00Z"))).isFalse();
  }

  @Test
  void latestDueBetweenFindsTheLastMissedMinuteOnly() {
    CronSchedule every5 = CronSchedule.parse("*/5 * * * *");
    assertThat(
            every5.latestDueBetween(
                Instant.parse("2026-11-22T05:00:00Z"), Instant.parse("2026-11-22T05:17:30Z")))
        .contains(Instant.parse("2026-11-22T05:15:00Z"));
    assertThat(
            every5.latestDueBetween(
                Instant.parse("2026-11-22T05:15:00Z"), Instant.parse("2026-11-22T05:19:59Z")))
        .as("the start is exclusive")
        .isEmpty();
    assertThat(
            CronSchedule.parse("0 3 1 1 *")
                .latestDueBetween(
                    Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2026-11-22T05:00:00Z")))
        .as("looks back one day at most")
        .isEmpty();
  }

  @Test
  void badValuesNameTheField() {
    assertThatThrownBy(() -> CronSchedule.parse("0 24 * * *"))
        .hasMessage("in the hour field: value 24 not in range [0, 23]");
    assertThatThrownBy(() -> CronSchedule.parse("0 3 * FOO *"))
        .hasMessageStartingWith("in the month field: invalid chars in expression!")
        .hasMessageContaining("FOO");
    assertThatThrownBy(() -> CronSchedule.parse("5-1 * * * *"))
        .hasMessage("in the minute field: invalid range! [5,1]");
    assertThatThrownBy(() -> CronSchedule.parse("0 3 * *"))
        .hasMessageContaining("contains 4 parts but we expect one of [5]");
  }

  /** Where cron-utils and Vixie cron (and the hand-written parser before it) part ways. */
  @Test
  void whatCronUtilsReadsOtherwiseIsRefusedOrDocumented() {
    // Vixie cron: a day field starting with * (even */2) is unrestricted, so both must match;
    // cron-utils: either. Refused rather than run on other days than meant.
    assertThatThrownBy(() -> CronSchedule.parse("0 0 */2 * MON"))
        .hasMessageContaining("read as 'both' by Vixie cron and as 'either' by others");
    assertThatThrownBy(() -> CronSchedule.parse("0 0 1 * */2")).hasMessageContaining("'both'");
    assertThat(CronSchedule.parse("0 0 */2 * *").matches(at("2026-11-03T00:00:00Z"))).isTrue();
    assertThat(CronSchedule.parse("0 0 1-31/2 * MON").matches(at("2026-11-02T00:00:00Z")))
        .as("a range is restricted for both: either day field")
        .isTrue();
    // a day no month has: cron-utils would search years back on each call, and it never runs
    assertThatThrownBy(() -> CronSchedule.parse("0 0 30 2 *")).hasMessageContaining("never");
    assertThat(CronSchedule.parse("0 0 29 2 *").matches(at("2028-02-29T00:00:00Z"))).isTrue();
    // names: cron-utils takes SUN as 7 at the start of a range, so SUN-SAT (Vixie: 0-6) is
    // refused and MON-SUN (Vixie: backwards) runs Monday to Sunday
    assertThatThrownBy(() -> CronSchedule.parse("0 3 * * SUN-SAT"))
        .hasMessageContaining("day-of-week field");
    assertThat(
            dueBetween(
                CronSchedule.parse("0 3 * * MON-SUN"),
                "2026-11-16T00:00:00Z",
                "2026-11-23T00:00:00Z"))
        .hasSize(7);
  }

  // ---- time zones: the schedule is read on the zone's wall clock ----

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** Every minute of [from, to) at which the schedule is due, as instants. */
  static List<Instant> dueBetween(CronSchedule s, String from, String to) {
    List<Instant> due = new ArrayList<>();
    for (Instant t = Instant.parse(from);
        t.isBefore(Instant.parse(to));
        t = t.plus(1, ChronoUnit.MINUTES)) {
      if (s.matches(t.atZone(ZoneOffset.UTC))) {
        due.add(t);
      }
    }
    return due;
  }

  @Test
  void anOrdinaryDayInAZoneFiresAtTheLocalTime() {
    CronSchedule s = CronSchedule.parse("0 3 * * SUN", PARIS);
    // Sunday 22 November 2026, 03:00 in Paris (UTC+1) is 02:00 UTC
    assertThat(dueBetween(s, "2026-11-21T12:00:00Z", "2026-11-23T12:00:00Z"))
        .containsExactly(Instant.parse("2026-11-22T02:00:00Z"));
    // in summer (UTC+2), an hour earlier in UTC
    assertThat(dueBetween(s, "2026-07-04T12:00:00Z", "2026-07-06T12:00:00Z"))
        .containsExactly(Instant.parse("2026-07-05T01:00:00Z"));
  }

  @Test
  void theDayFieldsAreTheLocalDate() {
    // Monday 00:30 in Auckland (UTC+13 in November) is still Sunday in UTC
    CronSchedule s = CronSchedule.parse("30 0 * * MON", ZoneId.of("Pacific/Auckland"));
    assertThat(dueBetween(s, "2026-11-21T00:00:00Z", "2026-11-24T00:00:00Z"))
        .containsExactly(Instant.parse("2026-11-22T11:30:00Z"));
  }

  /**
   * Sunday 29 March 2026, Paris: at 02:00 the clock jumps to 03:00 (01:00 UTC). A weekly drill at
   * 02:30 runs right after the jump, at 03:00, once; CronJob's library would skip it for the week.
   */
  @Test
  void springForwardADrillInTheSkippedHourRunsRightAfterTheJump() {
    assertThat(
            dueBetween(
                CronSchedule.parse("30 2 * * SUN", PARIS),
                "2026-03-28T12:00:00Z",
                "2026-03-30T12:00:00Z"))
        .containsExactly(Instant.parse("2026-03-29T01:00:00Z"));
    assertThat(
            dueBetween(
                CronSchedule.parse("0 2 * * *", NEW_YORK),
                "2026-03-08T00:00:00Z",
                "2026-03-09T00:00:00Z"))
        .as("New York, Sunday 8 March 2026: 02:00 EST becomes 03:00 EDT at 07:00 UTC")
        .containsExactly(Instant.parse("2026-03-08T07:00:00Z"));
    assertThat(
            dueBetween(
                CronSchedule.parse("30 3 * * SUN", PARIS),
                "2026-03-28T12:00:00Z",
                "2026-03-30T12:00:00Z"))
        .as("03:30 exists that night: it runs at 03:30 CEST only")
        .containsExactly(Instant.parse("2026-03-29T01:30:00Z"));
  }

  /**
   * Sunday 25 October 2026, Paris: at 03:00 the clock goes back to 02:00 (01:00 UTC). A drill at
   * 02:30 runs on the first pass only: a failover test moves the production resources, twice is not
   * harmless.
   */
  @Test
  void fallBackADrillInTheRepeatedHourRunsOnce() {
    assertThat(
            dueBetween(
                CronSchedule.parse("30 2 * * SUN", PARIS),
                "2026-10-24T12:00:00Z",
                "2026-10-26T12:00:00Z"))
        .containsExactly(Instant.parse("2026-10-25T00:30:00Z"));
    assertThat(
            dueBetween(
                CronSchedule.parse("30 1 * * *", NEW_YORK),
                "2026-11-01T00:00:00Z",
                "2026-11-02T00:00:00Z"))
        .as("New York, Sunday 1 November 2026: 01:30 EDT (05:30 UTC), not 01:30 EST again")
        .containsExactly(Instant.parse("2026-11-01T05:30:00Z"));
  }

  /**
   * Minute or hour field with *: the wall clock as it goes, skipped minutes skipped, repeated ones
   * repeated.
   */
  @Test
  void wildcardHoursFollowTheWallClock() {
    CronSchedule everyHalfHour = CronSchedule.parse("*/30 * * * *", PARIS);
    assertThat(dueBetween(everyHalfHour, "2026-03-29T00:00:00Z", "2026-03-29T02:00:00Z"))
        .as("01:00, 01:30 CET, then 03:00, 03:30 CEST: 02:00 and 02:30 do not exist")
        .containsExactly(
            Instant.parse("2026-03-29T00:00:00Z"),
            Instant.parse("2026-03-29T00:30:00Z"),
            Instant.parse("2026-03-29T01:00:00Z"),
            Instant.parse("2026-03-29T01:30:00Z"));
    assertThat(dueBetween(everyHalfHour, "2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z"))
        .as("02:00, 02:30 CEST, then 02:00, 02:30 CET: every half hour of real time")
        .hasSize(4);
    assertThat(
            dueBetween(
                CronSchedule.parse("15 * * * *", PARIS),
                "2026-10-25T00:00:00Z",
                "2026-10-25T02:00:00Z"))
        .as("hourly at :15 through the repeated hour: 02:15 CEST and 02:15 CET")
        .containsExactly(
            Instant.parse("2026-10-25T00:15:00Z"), Instant.parse("2026-10-25T01:15:00Z"));
  }

  // ---- pinned before the switch to cron-utils: the project's DST and Vixie guarantees ----

  @Test
  void newYorkSpringForwardFixedTimeRunsOnceAfterTheJumpAndQuarterHoursFollowTheClock() {
    // Sunday 8 March 2026: 02:00 EST (07:00 UTC) becomes 03:00 EDT
    assertThat(
            dueBetween(
                CronSchedule.parse("30 2 * * SUN", NEW_YORK),
                "2026-03-07T12:00:00Z",
                "2026-03-09T12:00:00Z"))
        .as("the weekly drill at 02:30 runs at 03:00 EDT, once")
        .containsExactly(Instant.parse("2026-03-08T07:00:00Z"));
    assertThat(
            dueBetween(
                CronSchedule.parse("*/15 * * * *", NEW_YORK),
                "2026-03-08T06:30:00Z",
                "2026-03-08T07:30:00Z"))
        .as("01:30, 01:45 EST, then 03:00, 03:15 EDT: 02:xx does not exist")
        .containsExactly(
            Instant.parse("2026-03-08T06:30:00Z"),
            Instant.parse("2026-03-08T06:45:00Z"),
            Instant.parse("2026-03-08T07:00:00Z"),
            Instant.parse("2026-03-08T07:15:00Z"));
  }

  @Test
  void newYorkFallBackFixedTimeOnceQuarterHoursTwice() {
    // Sunday 1 November 2026: 02:00 EDT (06:00 UTC) goes back to 01:00 EST
    assertThat(
            dueBetween(
                CronSchedule.parse("30 1 * * SUN", NEW_YORK),
                "2026-10-31T12:00:00Z",
                "2026-11-02T12:00:00Z"))
        .containsExactly(Instant.parse("2026-11-01T05:30:00Z"));
    assertThat(
            dueBetween(
                CronSchedule.parse("*/15 1 * * *", NEW_YORK),
                "2026-11-01T04:00:00Z",
                "2026-11-01T08:00:00Z"))
        .as("01:00-01:45 EDT, then 01:00-01:45 EST again: eight quarter hours")
        .hasSize(8)
        .startsWith(Instant.parse("2026-11-01T05:00:00Z"))
        .endsWith(Instant.parse("2026-11-01T06:45:00Z"));
  }

  @Test
  void parisQuarterHoursAcrossBothChanges() {
    CronSchedule quarters = CronSchedule.parse("*/15 * * * *", PARIS);
    assertThat(dueBetween(quarters, "2026-03-29T00:00:00Z", "2026-03-29T02:00:00Z"))
        .as("two hours of real time, every quarter hour, across the jump")
        .hasSize(8);
    assertThat(dueBetween(quarters, "2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z")).hasSize(8);
    assertThat(
            dueBetween(
                CronSchedule.parse("0,15,30,45 2 * * *", PARIS),
                "2026-03-29T00:00:00Z",
                "2026-03-29T02:00:00Z"))
        .as("fixed hour, several minutes, all skipped: one run right after the jump")
        .containsExactly(Instant.parse("2026-03-29T01:00:00Z"));
  }

  @Test
  void latestDueBetweenAcrossTheRepeatedHour() {
    CronSchedule fixed = CronSchedule.parse("45 2 * * *", PARIS);
    // 01:20 UTC is 02:20 CET, in the second pass: the drill ran at 02:45 CEST (00:45 UTC)
    assertThat(
            fixed.latestDueBetween(
                Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T01:20:00Z")))
        .contains(Instant.parse("2026-10-25T00:45:00Z"));
    assertThat(
            fixed.latestDueBetween(
                Instant.parse("2026-10-25T00:45:00Z"), Instant.parse("2026-10-25T03:00:00Z")))
        .as("not again at 02:45 CET")
        .isEmpty();
    CronSchedule quarters = CronSchedule.parse("*/15 * * * *", PARIS);
    assertThat(
            quarters.latestDueBetween(
                Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T01:20:00Z")))
        .as("02:15 CET, the second pass")
        .contains(Instant.parse("2026-10-25T01:15:00Z"));
    assertThat(
            CronSchedule.parse("30 2 * * SUN", NEW_YORK)
                .latestDueBetween(
                    Instant.parse("2026-03-08T06:00:00Z"), Instant.parse("2026-03-08T07:00:00Z")))
        .as("the end is inclusive: the minute after the jump")
        .contains(Instant.parse("2026-03-08T07:00:00Z"));
  }

  @Test
  void aMissedDrillIsRunWithinADayOnly() {
    CronSchedule weekly = CronSchedule.parse("0 3 * * SUN", PARIS);
    // due Sunday 22 November 2026 at 02:00 UTC; the operator comes back 23 h 59 min later
    assertThat(
            weekly.latestDueBetween(
                Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-23T01:59:00Z")))
        .contains(Instant.parse("2026-11-22T02:00:00Z"));
    assertThat(
            weekly.latestDueBetween(
                Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-23T02:01:00Z")))
        .as("more than a day late: skipped")
        .isEmpty();
    CronSchedule everyMinute = CronSchedule.parse("* * * * *", NEW_YORK);
    assertThat(
            everyMinute.latestDueBetween(
                Instant.parse("2026-11-01T05:00:00Z"), Instant.parse("2026-11-01T06:30:59Z")))
        .contains(Instant.parse("2026-11-01T06:30:00Z"));
  }

  @Test
  void vixieDaysNamesAndSunday() {
    CronSchedule firstOrMonday = CronSchedule.parse("0 3 1 * MON", PARIS);
    assertThat(dueBetween(firstOrMonday, "2026-11-28T00:00:00Z", "2026-12-03T00:00:00Z"))
        .as("Monday 30 November and Tuesday 1 December, both at 03:00 CET")
        .containsExactly(
            Instant.parse("2026-11-30T02:00:00Z"), Instant.parse("2026-12-01T02:00:00Z"));
    assertThat(
            dueBetween(
                CronSchedule.parse("0 3 * * 5-7", NEW_YORK),
                "2026-11-19T12:00:00Z",
                "2026-11-24T12:00:00Z"))
        .as("Friday to Sunday, 7 being Sunday")
        .containsExactly(
            Instant.parse("2026-11-20T08:00:00Z"),
            Instant.parse("2026-11-21T08:00:00Z"),
            Instant.parse("2026-11-22T08:00:00Z"));
    assertThat(
            dueBetween(
                CronSchedule.parse("0 12 * Nov Sat,sun", NEW_YORK),
                "2026-11-19T12:00:00Z",
                "2026-11-24T12:00:00Z"))
        .containsExactly(
            Instant.parse("2026-11-21T17:00:00Z"), Instant.parse("2026-11-22T17:00:00Z"));
  }

  @Test
  void latestDueBetweenUsesTheZone() {
    CronSchedule s = CronSchedule.parse("30 2 * * SUN", PARIS);
    assertThat(
            s.latestDueBetween(
                Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T05:00:00Z")))
        .contains(Instant.parse("2026-03-29T01:00:00Z"));
    assertThat(CronSchedule.parse("0 3 * * *").zone()).isEqualTo(ZoneOffset.UTC);
  }
}
