package io.ovdfailover.hosts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One shell script to run on a node. Secrets never go into {@code script}: they travel in {@code
 * stdin}, so they appear in no process argument list, sudo log or exception message.
 *
 * @param description what the command does, in the guide's words (for logs, events and plans)
 * @param script POSIX shell script, run with {@code sh -c} (through {@code sudo -n} when the node
 *     needs it)
 * @param stdin bytes fed to the script's standard input, or empty
 * @param mutating whether the command changes the host (counted per reconcile: a converged cluster
 *     costs 0)
 * @param timeout how long the command may run before it is abandoned
 */
public record Command(
    String description, String script, byte[] stdin, boolean mutating, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  public Command {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(script, "script");
    stdin = stdin == null ? new byte[0] : stdin;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  /** A read-only command (probe, query). */
  public static Command read(String description, String script) {
    return new Command(description, script, null, false, DEFAULT_TIMEOUT);
  }

  /** A command that changes the host. */
  public static Command change(String description, String script) {
    return new Command(description, script, null, true, DEFAULT_TIMEOUT);
  }

  public Command withStdin(String text) {
    return new Command(
        description, script, text.getBytes(StandardCharsets.UTF_8), mutating, timeout);
  }

  public Command withTimeout(Duration newTimeout) {
    return new Command(description, script, stdin, mutating, newTimeout);
  }

  /** Never prints stdin: it may hold a secret. */
  @Override
  public String toString() {
    return (mutating ? "change" : "read") + "[" + description + "]";
  }
}
