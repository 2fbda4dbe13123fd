package io.ovdfailover.hosts.ssh;

import java.nio.charset.StandardCharsets;

/**
 * Turns a {@link io.ovdfailover.hosts.Command} script into the string sent in the SSH exec request.
 *
 * <p>sshd hands that string to the login user's shell as {@code <shell> -c "<string>"}. The script therefore travels
 * as ONE single-quoted argument of {@code sh -c}, so it is always interpreted by {@code /bin/sh} whatever the login
 * shell, and through {@code sudo -n} for a non-root login. Single quotes are the only POSIX quoting with no special
 * characters inside; an embedded quote becomes {@code '\''} (close, escaped quote, reopen). {@code sudo -n} never
 * prompts and never reads stdin, so a command's stdin reaches the script untouched.
 */
final class RemoteCommandLine {
  /**
   * Linux refuses a single exec argument longer than MAX_ARG_STRLEN (32 pages, 128 KiB) with E2BIG; the whole line
   * is one argument of the login shell.
   */
  static final int MAX_BYTES = 128 * 1024 - 1;

  private RemoteCommandLine() {}

  static String of(String script, boolean sudo) {
    return (sudo ? "sudo -n -- sh -c " : "sh -c ") + singleQuoted(script);
  }

  static String singleQuoted(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  static boolean tooLong(String line) {
    return line.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
  }
}
