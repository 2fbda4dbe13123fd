package io.ovdfailover.reconcile;

import io.ovdfailover.api.Patterns;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The 5-field cron expression of {@code spec.failoverTest.schedule}. The CRD's CEL rule checks the shape (five
 * fields of *, n, n-m, /step and comma lists); this also checks each value's range and the month and weekday names,
 * which a regular expression in the CRD would make unreadable.
 */
final class CronCheck {
  private CronCheck() {}

  private static final Pattern SHAPE = Pattern.compile(Patterns.CRON5);

  private record Field(String name, int min, int max, List<String> names) {
    int value(String text) {
      int index = names.indexOf(text.toUpperCase(java.util.Locale.ROOT));
      if (index >= 0) {
        return min + index;
      }
      if (!text.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException(text + " is not a number" + (names.isEmpty() ? "" : " or a name such as "
            + names.get(0)) + " in the " + name + " field");
      }
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException(text + " is outside " + min + "-" + max + " in the " + name + " field");
      }
      return value;
    }
  }

  private static final List<Field> FIELDS = List.of(
      new Field("minute", 0, 59, List.of()),
      new Field("hour", 0, 23, List.of()),
      new Field("day-of-month", 1, 31, List.of()),
      new Field("month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
      // 0 and 7 are both Sunday, as in Vixie cron
      new Field("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")));

  /** What is wrong with the expression, or empty if it is a valid 5-field cron expression. */
  static Optional<String> problem(String expression) {
    if (!SHAPE.matcher(expression).matches()) {
      return Optional.of(quote(expression) + " is not a 5-field cron expression (minute hour day-of-month month "
          + "day-of-week, UTC), e.g. '0 3 * * 0'");
    }
    String[] parts = expression.split(" ");
    try {
      for (int i = 0; i < FIELDS.size(); i++) {
        for (String item : parts[i].split(",")) {
          checkItem(FIELDS.get(i), item);
        }
      }
    } catch (IllegalArgumentException e) {
      return Optional.of(quote(expression) + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  private static void checkItem(Field field, String item) {
    String range = item;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      int step = Integer.parseInt(item.substring(slash + 1));
      if (step < 1 || step > field.max()) {
        throw new IllegalArgumentException("step /" + step + " is outside 1-" + field.max() + " in the " + field.name()
            + " field");
      }
    }
    if (range.equals("*")) {
      return;
    }
    int dash = range.indexOf('-');
    if (dash < 0) {
      field.value(range);
      return;
    }
    int from = field.value(range.substring(0, dash));
    int to = field.value(range.substring(dash + 1));
    if (from > to) {
      throw new IllegalArgumentException("range " + range + " runs backwards in the " + field.name() + " field");
    }
  }

  private static String quote(String value) {
    return "\"" + value + "\"";
  }
}
