package io.ovdfailover.hosts;

import java.time.Duration;

/** Exit code and output of one {@link Command}. */
public record CommandResult(int exitCode, String stdout, String stderr, Duration elapsed) {
  public boolean ok() {
    return exitCode == 0;
  }

  /** The last lines of stderr, for messages a user can act on. */
  public String stderrTail(int maxChars) {
    String s = stderr == null ? "" : stderr.strip();
    return s.length() <= maxChars ? s : "..." + s.substring(s.length() - maxChars);
  }
}
