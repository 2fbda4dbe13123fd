package io.ovdfailover.hosts;

import java.util.Collection;
import java.util.stream.Collectors;

/** POSIX shell quoting for values we put into generated scripts (paths, names; never secrets). */
public final class ShellQuote {
  private ShellQuote() {}

  /** {@code it's} becomes {@code 'it'\''s'}: safe in dash and bash, whatever the content. */
  public static String quote(String s) {
    if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:=@%+,-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }

  public static String quoteAll(Collection<String> values) {
    return values.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
  }

  /**
   * An absolute path we can hand to the probe and to steps: no newline, tab or other control
   * character.
   */
  public static String requireSafePath(String path) {
    if (path == null
        || !path.startsWith("/")
        || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("not a usable absolute path: '" + path + "'");
    }
    return path;
  }
}
