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

  /**
   * The bodies call the clients by the guide's names, {@code mysql} and {@code mysqldump}. MariaDB
   * 11 names them {@code mariadb} and {@code mariadb-dump}; the old names are compat links it may
   * drop (Debian 13 ships them in a separate package, mariadb-client-compat) and warns about. MySQL
   * has only the old names. So the host's own client decides: where the MariaDB name exists, the
   * guide's name runs it (a shell function takes precedence over PATH).
   */
  static final String CLIENT_NAMES =
      """
      if command -v mariadb >/dev/null 2>&1; then mysql() { command mariadb "$@"; }; fi
      if command -v mariadb-dump >/dev/null 2>&1; then mysqldump() { command mariadb-dump "$@"; }; fi
      if command -v mariadb-print-defaults >/dev/null 2>&1; then
        my_print_defaults() { command mariadb-print-defaults "$@"; }
      fi
      """;

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
        + CLIENT_NAMES
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
