package io.ovdfailover.hosts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * A file's modification and change times as the probe's {@code stat %y %z} printed them (the node's
 * clock). A file rsync copied keeps its source's modification time and gets its change time when it
 * is put in place: the difference is how long the copy took (the lsyncd canary).
 */
public record FileStamp(Instant modified, Instant changed) {
  private static final DateTimeFormatter STAT =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .appendLiteral(' ')
          .appendOffset("+HHMM", "+0000")
          .toFormatter();

  /** {@code stat %y} or {@code %z}: {@code 2026-12-07 03:40:01.123456789 +0000}. */
  static Instant parseStatTime(String text) {
    try {
      return OffsetDateTime.parse(text.strip(), STAT).toInstant();
    } catch (DateTimeParseException e) {
      throw new FactsFormatException("not a stat time: '" + text + "'");
    }
  }
}
