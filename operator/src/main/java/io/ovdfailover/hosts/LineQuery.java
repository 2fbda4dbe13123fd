package io.ovdfailover.hosts;

/**
 * Asks the probe whether a file contains a line, compared with surrounding blanks trimmed ("ensure
 * that the following line is present": {@code LSYNCD_OPTIONS="/etc/lsyncd/lsyncd.conf.lua"}; a ufw
 * rule tuple in /etc/ufw/user.rules). With a {@code prefix}, the probe also counts the lines
 * starting with it, so a step can tell "our line is the only {@code LSYNCD_OPTIONS=} line" from "an
 * older one is still there".
 *
 * @param prefix key the line sets (e.g. {@code LSYNCD_OPTIONS=}), or empty
 */
public record LineQuery(String path, String line, String prefix) {
  public LineQuery {
    ShellQuote.requireSafePath(path);
    requirePlain(line, "line");
    requirePlain(prefix, "prefix");
    if (line.isBlank() || !line.equals(line.strip())) {
      throw new IllegalArgumentException(
          "line must be non-blank without surrounding blanks: '" + line + "'");
    }
    if (!prefix.isEmpty() && !line.startsWith(prefix)) {
      throw new IllegalArgumentException(
          "line '" + line + "' does not start with its prefix '" + prefix + "'");
    }
  }

  public static LineQuery of(String path, String line) {
    return new LineQuery(path, line, "");
  }

  /**
   * No control characters (tab, newline) and no backslash: the text travels through a here-document
   * and awk -v.
   */
  private static void requirePlain(String s, String what) {
    if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
      throw new IllegalArgumentException(
          what + " may not contain control characters or backslashes: '" + s + "'");
    }
  }
}
