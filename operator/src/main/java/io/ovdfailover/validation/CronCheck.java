package io.ovdfailover.validation;

import io.ovdfailover.api.Patterns;
import io.ovdfailover.failover.CronSchedule;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The 5-field cron expression of {@code spec.failoverTest.schedule} and its time zone. The CRD's
 * CEL rule checks the shape (five fields of *, n, n-m, /step and comma lists); this also checks
 * each value's range and the month and weekday names, which a regular expression in the CRD would
 * make unreadable: {@link CronSchedule} parses it (with cron-utils) the way drills fire, and its
 * message says what is wrong and in which field.
 */
final class CronCheck {
  private CronCheck() {}

  private static final Pattern SHAPE = Pattern.compile(Patterns.CRON5);

  /** What is wrong with the expression, or empty if it is a valid 5-field cron expression. */
  static Optional<String> problem(String expression) {
    if (!SHAPE.matcher(expression).matches()) {
      return Optional.of(
          quote(expression)
              + " is not a 5-field cron expression (minute hour day-of-month month "
              + "day-of-week, read in spec.failoverTest.timeZone), e.g. '0 3 * * 0'");
    }
    try {
      CronSchedule.parse(expression);
    } catch (IllegalArgumentException e) {
      return Optional.of(quote(expression) + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * What is wrong with a time zone name, or empty if the operator's time zone database has it. Only
   * region names count (Europe/Paris, America/New_York, UTC, Etc/GMT+2), as for a CronJob's
   * spec.timeZone: not "Local", not offsets such as +02:00, which java.time would also accept.
   */
  static Optional<String> timeZoneProblem(String timeZone) {
    if (ZoneId.getAvailableZoneIds().contains(timeZone)) {
      return Optional.empty();
    }
    String hint =
        ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.equalsIgnoreCase(timeZone))
            .findFirst()
            .map(z -> ": did you mean " + z + "?")
            .orElse(" (IANA time zone database), e.g. Europe/Paris, America/New_York or UTC");
    return Optional.of(quote(timeZone) + " is not a known time zone name" + hint);
  }

  private static String quote(String value) {
    return "\"" + value + "\"";
  }
}
