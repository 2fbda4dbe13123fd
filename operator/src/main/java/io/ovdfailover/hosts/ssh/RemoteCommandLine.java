package io.ovdfailover.hosts.ssh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Turns a {@link io.ovdfailover.hosts.Command} script into the string sent in the SSH exec request.
 *
 * <p>sshd hands that string to the login user's shell as {@code <shell> -c "<string>"}. The script
 * therefore travels as ONE single-quoted argument of {@code sh -c}, so it is always interpreted by
 * {@code /bin/sh} whatever the login shell, and through {@code sudo -n} for a non-root login.
 * Single quotes are the only POSIX quoting with no special characters inside; an embedded quote
 * becomes {@code '\''} (close, escaped quote, reopen). {@code sudo -n} never prompts and never
 * reads stdin, so a command's stdin reaches the script untouched.
 *
 * <p>The script runs under coreutils {@code timeout}, a little longer than the client waits: {@code
 * timeout} puts the script in its own process group and, on expiry or on the SIGTERM the client
 * sends when it gives up, signals the whole group. Without it, stopping the session's first process
 * would leave its children (a hung {@code pcs}, a {@code sleep}) running with the channel open.
 */
final class RemoteCommandLine {
  /**
   * Linux refuses a single exec argument longer than MAX_ARG_STRLEN (32 pages, 128 KiB) with E2BIG;
   * the whole line is one argument of the login shell.
   */
  static final int MAX_BYTES = 128 * 1024 - 1;

  private RemoteCommandLine() {}

  /**
   * Seconds the remote side grants beyond the client's timeout, so the client's own TIMEOUT
   * decides.
   */
  static final long REMOTE_GRACE_SECONDS = 2;

  static String of(String script, boolean sudo, Duration timeout) {
    long seconds = (timeout.toMillis() + 999) / 1000 + REMOTE_GRACE_SECONDS;
    return (sudo ? "sudo -n -- " : "")
        + "timeout -k 5 "
        + seconds
        + " sh -c "
        + singleQuoted(script);
  }

  static String singleQuoted(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  static boolean tooLong(String line) {
    return line.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
  }
}
