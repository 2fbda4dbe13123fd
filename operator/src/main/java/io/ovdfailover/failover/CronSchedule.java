package io.ovdfailover.failover;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A 5-field cron expression (minute hour day-of-month month day-of-week), parsed and searched by
 * cron-utils with its Unix (Vixie cron) definition: lists, ranges, steps and month/weekday names; 0
 * and 7 are Sunday; when both day fields are restricted a day matching either runs. The drills of
 * {@code spec.failoverTest.schedule} fire on it, read on the wall clock of {@code
 * spec.failoverTest.timeZone} (UTC by default).
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
 *
 * <p>cron-utils alone does not keep that promise (in a zone it loses a drill the clock jumps over,
 * and picks one pass or the other of a repeated hour depending on where the search starts), so it
 * is asked about wall-clock times only, as if in UTC where clocks never change, and this class maps
 * wall-clock times to instants with the policy above. Two expressions that cron-utils reads
 * otherwise than Vixie cron, or that never fall due, are refused rather than run on other days than
 * the user meant (see {@link #parse(String, ZoneId)}).
 */
public final class CronSchedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private static final List<String> FIELDS =
      List.of("minute", "hour", "day-of-month", "month", "day-of-week");

  /**
   * How far back a missed drill is still run (the operator was down when it was due); older ones
   * are skipped.
   */
  private static final long LOOKBACK_MINUTES = 24 * 60;

  private final String expression;
  private final ZoneId zone;

  /** The fields against wall-clock times, given as UTC date-times (no clock change there). */
  private final ExecutionTime wallClock;

  /** Minute or hour field starting with *: fires on the wall clock as it goes (see above). */
  private final boolean wildcard;

  private CronSchedule(String expression, ZoneId zone) {
    this.expression = expression;
    this.zone = zone;
    Cron cron = parseCron(expression);
    FieldExpression dom = cron.retrieve(CronFieldName.DAY_OF_MONTH).getExpression();
    FieldExpression dow = cron.retrieve(CronFieldName.DAY_OF_WEEK).getExpression();
    // Vixie cron reads "either day field" only when neither starts with *; cron-utils when neither
    // is a bare * (so */2 differs): refused rather than run on other days than meant
    boolean eitherForVixie = !starred(dom) && !starred(dow);
    boolean eitherForCronUtils = !(dom instanceof Always) && !(dow instanceof Always);
    if (eitherForVixie != eitherForCronUtils) {
      throw new IllegalArgumentException(
          "a day-of-month of "
              + dom.asString()
              + " with a day-of-week of "
              + dow.asString()
              + " is read as 'both' by Vixie cron and as 'either' by others: write the day-of-month"
              + " as a range (1-31/2) for either, or leave one day field *");
    }
    this.wallClock = ExecutionTime.forCron(cron);
    if (wallClock
        .nextExecution(LocalDateTime.of(2000, 1, 1, 0, 0).atZone(ZoneOffset.UTC))
        .isEmpty()) {
      throw new IllegalArgumentException(
          "never falls due: no month of the month field has that day of the month");
    }
    this.wildcard =
        starred(cron.retrieve(CronFieldName.MINUTE).getExpression())
            || starred(cron.retrieve(CronFieldName.HOUR).getExpression());
  }

  private static boolean starred(FieldExpression field) {
    return field.asString().startsWith("*");
  }

  /**
   * cron-utils' parse; its message, which does not say which field is at fault, gets the field that
   * makes the expression valid once it is replaced by {@code *}.
   */
  private static Cron parseCron(String expression) {
    try {
      return PARSER.parse(expression);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(explain(expression, e.getMessage()), e);
    }
  }

  private static String explain(String expression, String message) {
    String problem = message.replaceFirst("^Failed to parse cron expression\\. ", "");
    problem = problem.substring(0, 1).toLowerCase(Locale.ROOT) + problem.substring(1);
    String[] parts = expression.strip().split("\\s+");
    for (int i = 0; parts.length == FIELDS.size() && i < parts.length; i++) {
      String[] starred = parts.clone();
      starred[i] = "*";
      try {
        PARSER.parse(String.join(" ", starred));
        return "in the " + FIELDS.get(i) + " field: " + problem;
      } catch (IllegalArgumentException another) {
        // not this field alone
      }
    }
    return problem;
  }

  /**
   * Parses the expression, read in UTC; the exception's message says what is wrong, and in which
   * field when cron-utils' parse can tell.
   */
  public static CronSchedule parse(String expression) {
    return new CronSchedule(expression, ZoneOffset.UTC);
  }

  /**
   * Parses the expression, read on the wall clock of {@code zone}. Beyond cron-utils' own checks,
   * refused: an expression that never falls due ({@code 0 0 30 2 *}), and a day field starting with
   * {@code *} but not {@code *} alone ({@code *}/2) next to a restricted other one, which Vixie
   * cron and cron-utils read differently.
   */
  public static CronSchedule parse(String expression, ZoneId zone) {
    return new CronSchedule(expression, zone);
  }

  public ZoneId zone() {
    return zone;
  }

  /**
   * Whether the drill is due in the minute starting at {@code minute} (any zone: the instant is
   * what counts), read on the schedule's wall clock, with the daylight saving time rules above.
   */
  public boolean matches(ZonedDateTime minute) {
    return dueAt(minute.toInstant().truncatedTo(ChronoUnit.MINUTES));
  }

  private boolean dueAt(Instant minute) {
    ZonedDateTime local = minute.atZone(zone);
    LocalDateTime wall = local.toLocalDateTime();
    if (onWallClock(wall)) {
      // in the hour the clock repeats, a fixed-time drill ran on the first pass (earlier offset)
      return wildcard || local.equals(local.withEarlierOffsetAtOverlap());
    }
    if (wildcard) {
      return false;
    }
    // the clock jumped forward just before this minute: a fixed-time drill whose wall time it
    // jumped over runs now
    LocalDateTime firstSkipped =
        LocalDateTime.ofInstant(minute.minus(1, ChronoUnit.MINUTES), zone)
            .truncatedTo(ChronoUnit.MINUTES)
            .plusMinutes(1);
    return firstSkipped.isBefore(wall)
        && wallClock
            .nextExecution(firstSkipped.minusMinutes(1).atZone(ZoneOffset.UTC))
            .filter(next -> next.toLocalDateTime().isBefore(wall))
            .isPresent();
  }

  private boolean onWallClock(LocalDateTime wall) {
    return wallClock.isMatch(wall.atZone(ZoneOffset.UTC));
  }

  /**
   * The latest time the drill was due after {@code after} (exclusive) and at or before {@code
   * until}, looking back at most a day: a drill missed while the operator was down runs once, not
   * once per missed minute.
   *
   * <p>Candidates are the wall-clock times cron-utils finds, latest first, mapped to the instants
   * that show them, and the first minute after each forward jump of the clock; each goes through
   * {@link #matches}' rules.
   */
  public Optional<Instant> latestDueBetween(Instant after, Instant until) {
    Instant floor = until.minus(LOOKBACK_MINUTES, ChronoUnit.MINUTES);
    Instant limit = after.isAfter(floor) ? after : floor;
    Instant end = until.truncatedTo(ChronoUnit.MINUTES);
    if (!end.isAfter(limit)) {
      return Optional.empty();
    }
    ZoneRules rules = zone.getRules();
    Instant best = null;
    // the offsets the window goes through; a wall-clock time t shows at t minus one of them
    ZoneOffset lowest = rules.getOffset(end);
    ZoneOffset highest = lowest;
    for (ZoneOffsetTransition jump = rules.previousTransition(end.plusNanos(1));
        jump != null && jump.getInstant().isAfter(limit);
        jump = rules.previousTransition(jump.getInstant())) {
      for (ZoneOffset offset : List.of(jump.getOffsetBefore(), jump.getOffsetAfter())) {
        lowest = offset.getTotalSeconds() < lowest.getTotalSeconds() ? offset : lowest;
        highest = offset.getTotalSeconds() > highest.getTotalSeconds() ? offset : highest;
      }
      Instant afterJump = jump.getInstant().truncatedTo(ChronoUnit.MINUTES);
      if (afterJump.isBefore(jump.getInstant())) {
        afterJump = afterJump.plus(1, ChronoUnit.MINUTES);
      }
      if (jump.isGap() && !afterJump.isAfter(end) && dueAt(afterJump)) {
        best = latest(best, afterJump);
      }
    }
    // wall-clock matches, latest first, until none can show after the best found or the window
    LocalDateTime wall = LocalDateTime.ofInstant(end, highest).plusMinutes(1);
    while (true) {
      Optional<ZonedDateTime> previous = wallClock.lastExecution(wall.atZone(ZoneOffset.UTC));
      if (previous.isEmpty()) {
        break;
      }
      wall = previous.get().toLocalDateTime();
      Instant latestShowing = wall.toInstant(lowest);
      if (!latestShowing.isAfter(limit) || (best != null && !latestShowing.isAfter(best))) {
        break;
      }
      for (ZoneOffset offset : rules.getValidOffsets(wall)) {
        Instant shown = wall.toInstant(offset);
        if (shown.isAfter(limit) && !shown.isAfter(end) && dueAt(shown)) {
          best = latest(best, shown);
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  @Override
  public String toString() {
    return expression;
  }
}
