package io.ovdfailover.hosts;

/**
 * What the probe found for a {@link LineQuery}.
 *
 * @param file whether the file exists and could be read
 * @param exact lines equal to the query's line (blanks trimmed)
 * @param withPrefix lines starting with the query's prefix (0 without a prefix)
 */
public record LineState(boolean file, int exact, int withPrefix) {
  public static final LineState NO_FILE = new LineState(false, 0, 0);

  /** The line is there and, with a prefix, no other line sets the same key. */
  public boolean satisfied(LineQuery q) {
    return exact >= 1 && (q.prefix().isEmpty() || withPrefix == 1);
  }
}
