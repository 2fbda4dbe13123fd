package io.ovdfailover.hosts;

/** What is at a managed path, as the probe saw it (never the content: only its SHA-256). */
public sealed interface PathState {
  /** Nothing at the path. */
  record Absent() implements PathState {}

  /** A regular file. {@code mode} is four octal digits, e.g. {@code 0644}. */
  record RegularFile(String sha256, String mode, String owner, String group) implements PathState {}

  record Directory(String mode, String owner, String group) implements PathState {}

  /** A symbolic link; {@code dangling} when its target does not exist. */
  record Symlink(String target, boolean dangling) implements PathState {}

  /** Exists but could not be read (the probe did not run as root?). */
  record Unreadable() implements PathState {}

  /** A device, socket or fifo: never something we manage. */
  record Other() implements PathState {}

  PathState ABSENT = new Absent();

  default boolean exists() {
    return !(this instanceof Absent);
  }

  /** Normalises {@code stat -c %a} output ({@code 644}, {@code 4755}) to four digits. */
  static String normaliseMode(String statMode) {
    String m = statMode.strip();
    if (!m.matches("[0-7]{1,4}")) {
      throw new FactsFormatException("not an octal mode: '" + statMode + "'");
    }
    return "0".repeat(4 - m.length()) + m;
  }
}
