package io.ovdfailover.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
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
        .hasMessage("24 is outside 0-23 in the hour field");
    assertThatThrownBy(() -> CronSchedule.parse("0 3 * FOO *")).hasMessageContaining("month field");
    assertThatThrownBy(() -> CronSchedule.parse("5-1 * * * *"))
        .hasMessageContaining("runs backwards");
    assertThatThrownBy(() -> CronSchedule.parse("0 3 * *")).hasMessageContaining("5 fields");
  }
}
