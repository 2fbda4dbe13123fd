package io.ovdfailover.failover;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A 5-field cron expression (minute hour day-of-month month day-of-week) as Vixie cron reads it:
 * lists, ranges, steps and month/weekday names; 0 and 7 are Sunday; when both day fields are
 * restricted a day matching either runs. The drills of {@code spec.failoverTest.schedule} fire on
 * it, read on the wall clock of {@code spec.failoverTest.timeZone} (UTC by default).
 *
 * <p>Daylight saving time is handled as cron (Vixie/ISC, Debian's cron) handles it, not as
 * Kubernetes CronJobs do (they skip a job in the hour the clock jumps over and run one in the
 * repeated hour twice): an expression with a fixed minute and hour ({@code 30 2 * * 0}) whose time
 * the clock jumps over runs at the first minute after the jump, and runs once, not twice, when the
 * clock goes back over it; an expression whose minute or hour field starts with {@code *} (every
 * quarter hour: <code>*&#47;15 * * * *</code>) fires on the wall clock as it goes, so skipped
 * minutes are skipped and repeated ones repeat. A weekly drill at night on a Sunday, when Europe
 * changes its clocks, is neither lost nor doubled: a failover test moves the production resources,
 * so twice is not harmless.
 */
public final class CronSchedule {
  private record Field(String name, int min, int max, List<String> names) {
    int value(String text) {
      int index = names.indexOf(text.toUpperCase(Locale.ROOT));
      if (index >= 0) {
        return min + index;
      }
      if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException(
            text
                + " is not a number"
                + (names.isEmpty() ? "" : " or a name such as " + names.get(0))
                + " in the "
                + name
                + " field");
      }
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            text + " is outside " + min + "-" + max + " in the " + name + " field");
      }
      return value;
    }
  }

  private static final List<Field> FIELDS =
      List.of(
          new Field("minute", 0, 59, List.of()),
          new Field("hour", 0, 23, List.of()),
          new Field("day-of-month", 1, 31, List.of()),
          new Field(
              "month",
              1,
              12,
              List.of(
                  "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                  "DEC")),
          new Field("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")));

  /**
   * How far back a missed drill is still run (the operator was down when it was due); older ones
   * are skipped.
   */
  private static final long LOOKBACK_MINUTES = 24 * 60;

  private final String expression;
  private final ZoneId zone;
  private final BitSet[] allowed = new BitSet[5];
  private final boolean domRestricted;
  private final boolean dowRestricted;

  /** Minute or hour field starting with *: fires on the wall clock as it goes (see above). */
  private final boolean wildcard;

  private CronSchedule(String expression, ZoneId zone) {
    this.expression = expression;
    this.zone = zone;
    String[] parts = expression.strip().split("\\s+");
    if (parts.length != 5) {
      throw new IllegalArgumentException(
          "expected 5 fields (minute hour day-of-month month day-of-week), found " + parts.length);
    }
    for (int i = 0; i < 5; i++) {
      allowed[i] = new BitSet();
      for (String item : parts[i].split(",", -1)) {
        add(FIELDS.get(i), item, allowed[i]);
      }
    }
    if (allowed[4].get(7)) {
      allowed[4].set(0);
    }
    domRestricted = !parts[2].startsWith("*");
    dowRestricted = !parts[4].startsWith("*");
    wildcard = parts[0].startsWith("*") || parts[1].startsWith("*");
  }

  /**
   * Parses the expression, read in UTC; the exception's message names the field and value at fault.
   */
  public static CronSchedule parse(String expression) {
    return new CronSchedule(expression, ZoneOffset.UTC);
  }

  /** Parses the expression, read on the wall clock of {@code zone}. */
  public static CronSchedule parse(String expression, ZoneId zone) {
    return new CronSchedule(expression, zone);
  }

  public ZoneId zone() {
    return zone;
  }

  private static void add(Field field, String item, BitSet into) {
    String range = item;
    int step = 1;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      String stepText = item.substring(slash + 1);
      if (stepText.isEmpty() || !stepText.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException(
            "step /" + stepText + " is not a number in the " + field.name() + " field");
      }
      step = Integer.parseInt(stepText);
      if (step < 1 || step > field.max()) {
        throw new IllegalArgumentException(
            "step /"
                + step
                + " is outside 1-"
                + field.max()
                + " in the "
                + field.name()
                + " field");
      }
    }
    int from;
    int to;
    if (range.equals("*")) {
      from = field.min();
      to = field.max();
    } else {
      int dash = range.indexOf('-');
      from = field.value(dash < 0 ? range : range.substring(0, dash));
      to = dash < 0 ? (slash >= 0 ? field.max() : from) : field.value(range.substring(dash + 1));
      if (from > to) {
        throw new IllegalArgumentException(
            "range " + range + " runs backwards in the " + field.name() + " field");
      }
    }
    for (int v = from; v <= to; v += step) {
      into.set(v);
    }
  }

  /**
   * Whether the drill is due in the minute starting at {@code minute} (any zone: the instant is
   * what counts), read on the schedule's wall clock, with the daylight saving time rules above.
   */
  public boolean matches(ZonedDateTime minute) {
    return dueAt(minute.toInstant());
  }

  private boolean dueAt(Instant minute) {
    ZonedDateTime local = minute.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
    LocalDateTime wall = local.toLocalDateTime();
    if (matchesWall(wall)) {
      // in the hour the clock repeats, a fixed-time drill ran on the first pass (earlier offset)
      return wildcard || local.equals(local.withEarlierOffsetAtOverlap());
    }
    if (wildcard) {
      return false;
    }
    // the clock jumped forward just before this minute: a fixed-time drill whose wall time it
    // jumped over runs now
    LocalDateTime before = minute.minus(1, ChronoUnit.MINUTES).atZone(zone).toLocalDateTime();
    for (LocalDateTime skipped = before.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        skipped.isBefore(wall);
        skipped = skipped.plusMinutes(1)) {
      if (matchesWall(skipped)) {
        return true;
      }
    }
    return false;
  }

  /** The five fields against a wall-clock minute. */
  private boolean matchesWall(LocalDateTime t) {
    if (!allowed[0].get(t.getMinute())
        || !allowed[1].get(t.getHour())
        || !allowed[3].get(t.getMonthValue())) {
      return false;
    }
    boolean dom = allowed[2].get(t.getDayOfMonth());
    boolean dow = allowed[4].get(t.getDayOfWeek().getValue() % 7);
    return domRestricted && dowRestricted ? dom || dow : dom && dow;
  }

  /**
   * The latest time the drill was due after {@code after} (exclusive) and at or before {@code
   * until}, looking back at most a day: a drill missed while the operator was down runs once, not
   * once per missed minute.
   */
  public Optional<Instant> latestDueBetween(Instant after, Instant until) {
    Instant floor = until.minus(LOOKBACK_MINUTES, ChronoUnit.MINUTES);
    Instant limit = after.isAfter(floor) ? after : floor;
    ZonedDateTime t = until.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
    while (t.toInstant().isAfter(limit)) {
      if (dueAt(t.toInstant())) {
        return Optional.of(t.toInstant());
      }
      t = t.minusMinutes(1);
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return expression;
  }
}
