package io.ovdfailover.pacemaker;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pacemaker's way of writing an operation's timeout or interval ({@code 100}, {@code 10s}, {@code
 * 90sec}, {@code 2min}, {@code 500ms}, {@code PT1M30S}), read as milliseconds so that a value pcs
 * or an admin wrote differently still compares equal to the desired one.
 */
final class PacemakerDuration {
  private static final Pattern PLAIN =
      Pattern.compile("(\\d+)\\s*(ms|msec|us|usec|s|sec|m|min|h|hr)?");
  private static final Pattern ISO = Pattern.compile("PT(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?");
  private static final Map<String, Long> UNIT_MILLIS =
      Map.of(
          "ms",
          1L,
          "msec",
          1L,
          "s",
          1000L,
          "sec",
          1000L,
          "m",
          60_000L,
          "min",
          60_000L,
          "h",
          3_600_000L,
          "hr",
          3_600_000L);

  private PacemakerDuration() {}

  /** Empty for an empty or unreadable value (the operation then counts as not setting it). */
  static Optional<Long> millis(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = PLAIN.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      return Optional.of(unit.startsWith("u") ? n / 1000 : n * UNIT_MILLIS.get(unit));
    }
    Matcher iso = ISO.matcher(t.toUpperCase(Locale.ROOT));
    if (!t.isEmpty() && iso.matches()) {
      long ms = 0;
      long[] unit = {3_600_000L, 60_000L, 1000L};
      for (int i = 0; i < 3; i++) {
        if (iso.group(i + 1) != null) ms += Long.parseLong(iso.group(i + 1)) * unit[i];
      }
      return Optional.of(ms);
    }
    return Optional.empty();
  }
}
