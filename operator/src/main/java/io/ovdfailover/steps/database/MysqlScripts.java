package io.ovdfailover.steps.database;

import io.ovdfailover.hosts.Command;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Builds the shell commands that run the MySQL clients with a password. The password is never an
 * argument (no {@code mysql -p<pw>}, which any local user can read in /proc/PID/cmdline): the
 * command's first stdin line is written into a mode-0600 option file from mktemp, passed with
 * {@code --defaults-extra-file} and removed by a trap. The rest of stdin, if any, is the SQL for
 * the client (used when the SQL itself holds a password).
 */
final class MysqlScripts {
  /** Dump and import run as long as the database is big; the Session Manager's is small. */
  static final Duration BULK_TIMEOUT = Duration.ofMinutes(30);

  private MysqlScripts() {}

  /**
   * {@code $MYSQL_OPTS} in the body expands to the option-file argument, to be the client's first
   * option.
   */
  static String withCredentials(String body) {
    return """
        set -eu
        umask 077
        cnf=$(mktemp)
        trap 'rm -f "$cnf"' EXIT
        trap 'exit 129' HUP INT TERM
        IFS= read -r line || true
        printf '[client]\\n%s\\n' "$line" > "$cnf"
        unset line
        MYSQL_OPTS="--defaults-extra-file=$cnf"
        """
        + body;
  }

  /** Client arguments that select the server and the account (no secret). */
  static String connection(String host, Integer port, String user) {
    StringBuilder s = new StringBuilder();
    if (host != null && !host.isEmpty()) {
      s.append(" -h ").append(Sh.quote(host));
    }
    if (port != null) {
      s.append(" -P ").append(port);
    }
    return s.append(" -u ").append(Sh.quote(user)).toString();
  }

  /**
   * A command whose stdin is the credential line, then {@code sql} (which may contain a password).
   */
  static Command sqlOnStdin(
      String description,
      String clientArgs,
      DbCredentials credentials,
      String sql,
      boolean mutating) {
    String script = withCredentials("mysql \"$MYSQL_OPTS\"" + clientArgs + " -N -B\n");
    byte[] stdin =
        (credentials.optionFileLine() + "\n" + Sh.SQL_MODE_PRELUDE + sql)
            .getBytes(StandardCharsets.UTF_8);
    return new Command(description, script, stdin, mutating, Command.DEFAULT_TIMEOUT);
  }

  /** A command whose stdin is only the credential line; {@code body} uses {@code "$MYSQL_OPTS"}. */
  static Command withPassword(
      String description,
      String body,
      DbCredentials credentials,
      boolean mutating,
      Duration timeout) {
    byte[] stdin = (credentials.optionFileLine() + "\n").getBytes(StandardCharsets.UTF_8);
    return new Command(description, withCredentials(body), stdin, mutating, timeout);
  }
}
