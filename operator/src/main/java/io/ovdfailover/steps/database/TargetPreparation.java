package io.ovdfailover.steps.database;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.MysqlFeature;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The database node's part of chapter III, after MariaDB/MySQL is installed and running: listen on
 * the network (the guide comments out bind-address; here a drop-in sets it, see docs/database.md),
 * create the database, the user and the grant. One read-only probe decides everything; each change
 * runs only when the probe shows it is missing, and the restart only when the running server's bind
 * address differs from the configured one (so a crash between writing the drop-in and restarting is
 * finished on the next pass).
 *
 * <p>The SQL follows the installed server ({@link DatabaseNodeLayout#server()}): RHEL 7's MariaDB
 * 5.5 has neither {@code CREATE USER IF NOT EXISTS} (10.1.3) nor {@code ALTER USER} (10.2), and no
 * {@code @@bind_address} (10.3.3); there the guide-era forms {@code GRANT ... IDENTIFIED BY} and
 * {@code SET PASSWORD ... = PASSWORD(...)} are sent, and the running address is read from the
 * listening socket. Passwords travel on stdin only, in every form.
 */
final class TargetPreparation {
  private final HostShell node;
  private final DatabaseNodeLayout layout;
  private final TargetDatabase target;
  private final CommandLog log;

  TargetPreparation(
      HostShell node, DatabaseNodeLayout layout, TargetDatabase target, CommandLog log) {
    this.node = node;
    this.layout = layout;
    this.target = target;
    this.log = log;
  }

  /** What the probe saw on the database node. */
  record Probe(
      String dropIn,
      String effectiveBind,
      String runningBind,
      boolean databaseExists,
      boolean userExists,
      boolean granted) {}

  /**
   * @param restartAllowed whether the database server may be restarted now (it may not while it
   *     serves the Session Manager and downtime is not allowed)
   * @return the restart that is needed but not allowed, in words for the plan; nothing was changed
   *     then (not even the drop-in, which would take effect at the server's next start)
   */
  Optional<String> ensure(boolean restartAllowed) throws HostException, MigrationException {
    Probe p = probe();
    if (!restartAllowed && !sameBind(layout.bindAddress(), p.runningBind())) {
      return Optional.of(
          "Write "
              + layout.dropInPath()
              + " with bind-address = "
              + layout.bindAddress()
              + " and restart "
              + layout.serviceName()
              + " on "
              + node.nodeName()
              + " to listen there only (it listens on "
              + (p.runningBind().isBlank() ? "every address" : p.runningBind())
              + "; the Session Manager loses its database while it restarts)");
    }
    String effective = p.effectiveBind();
    // A server set up by hand from the guide has its bind-address commented out: it listens on
    // every address, which is what 0.0.0.0 asks for. Then no drop-in is written and nothing
    // restarts.
    if (!layout.dropInContent().equals(p.dropIn()) && !sameBind(layout.bindAddress(), effective)) {
      effective = writeDropIn();
    }
    if (!sameBind(layout.bindAddress(), effective)) {
      throw new MigrationException(
          MigrationException.Reason.TARGET_REFUSED,
          node.nodeName()
              + ": another option file read after "
              + layout.dropInPath()
              + " sets bind-address = "
              + effective);
    }
    if (!sameBind(effective, p.runningBind())) {
      log.runChecked(
          Phase.PREPARE_TARGET,
          node,
          Command.change(
                  "Restart " + layout.serviceName() + " to listen on " + layout.bindAddress(),
                  "systemctl restart " + Sh.quote(layout.serviceName()))
              .withTimeout(MysqlScripts.BULK_TIMEOUT));
    }
    if (!p.databaseExists() || !p.userExists() || !p.granted()) {
      createDatabaseAndUser();
    }
    return Optional.empty();
  }

  /**
   * Whether two bind-address values listen on the same addresses: MariaDB and MySQL listen on every
   * address with none set (empty), {@code *}, {@code 0.0.0.0} or {@code ::}.
   */
  static boolean sameBind(String a, String b) {
    return a.equals(b) || (anyAddress(a) && anyAddress(b));
  }

  private static boolean anyAddress(String bind) {
    return bind == null
        || bind.isBlank()
        || bind.equals("*")
        || bind.equals("0.0.0.0")
        || bind.equals("::");
  }

  /**
   * The Secret's password changed (the connectivity check from osm1 was refused): ALTER USER, or
   * SET PASSWORD on a server without it.
   */
  void resetPassword() throws HostException {
    String password = Sh.sqlString(target.credentials().password());
    String sql =
        layout.server().has(MysqlFeature.ALTER_USER)
            ? "ALTER USER " + account() + " IDENTIFIED BY " + password + ";\n"
            : "SET PASSWORD FOR " + account() + " = PASSWORD(" + password + ");\n";
    log.runChecked(
        Phase.PREPARE_TARGET,
        node,
        MysqlScripts.sqlOnStdin(
            "Set the password of "
                + target.credentials().user()
                + "@"
                + layout.grantHost()
                + " from the Secret",
            adminArgs(),
            layout.admin(),
            sql + "FLUSH PRIVILEGES;\n",
            true));
  }

  private Probe probe() throws HostException {
    String user = target.credentials().user();
    boolean bindVariable = layout.server().has(MysqlFeature.BIND_ADDRESS_VARIABLE);
    String sql =
        Sh.SQL_MODE_PRELUDE.strip()
            + (bindVariable ? " SELECT CONCAT('running=', IFNULL(@@bind_address, ''));" : "")
            + " SELECT CONCAT('database=', COUNT(*)) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = "
            + Sh.sqlString(target.name())
            + ";"
            + " SELECT CONCAT('user=', COUNT(*)) FROM mysql.user WHERE User = "
            + Sh.sqlString(user)
            + " AND Host = "
            + Sh.sqlString(layout.grantHost())
            + ";";
    String body =
        "dropin="
            + Sh.quote(layout.dropInPath())
            + "\n"
            + "if [ -f \"$dropin\" ]; then printf 'dropin=%s\\n' \"$(base64 -w0 < \"$dropin\")\"; "
            + "else echo 'dropin=-'; fi\n"
            + EFFECTIVE_BIND
            + (bindVariable ? "" : listeningAddress(target.port()))
            + "out=$(mysql \"$MYSQL_OPTS\""
            + adminArgs()
            + " -N -B -e "
            + Sh.quote(sql)
            + ")\n"
            + "printf '%s\\n' \"$out\"\n"
            + "if printf '%s\\n' \"$out\" | grep -qx 'user=1'; then\n"
            + "  mysql \"$MYSQL_OPTS\""
            + adminArgs()
            + " -N -B -e "
            + Sh.quote(Sh.SQL_MODE_PRELUDE.strip() + " SHOW GRANTS FOR " + account())
            + " | sed 's/^/grant=/'\nfi\n";
    CommandResult r =
        log.runChecked(
            Phase.PREPARE_TARGET,
            node,
            MysqlScripts.withPassword(
                "Read the bind address, database, user and grants on " + node.nodeName(),
                body,
                layout.admin(),
                false,
                Command.DEFAULT_TIMEOUT));
    Map<String, String> kv = new HashMap<>();
    boolean granted = false;
    Pattern grantAll =
        Pattern.compile(
            "GRANT ALL PRIVILEGES ON [`'\"]?"
                + Pattern.quote(target.name())
                + "[`'\"]?\\.\\* TO .*");
    for (String line : r.stdout().split("\n")) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq);
      String value = line.substring(eq + 1);
      if (key.equals("grant")) {
        granted |= grantAll.matcher(value).matches();
      } else {
        kv.put(key, value);
      }
    }
    String dropIn = kv.getOrDefault("dropin", "-");
    String dropInText =
        dropIn.equals("-")
            ? null
            : new String(Base64.getDecoder().decode(dropIn), StandardCharsets.UTF_8);
    return new Probe(
        dropInText,
        kv.getOrDefault("effective", ""),
        kv.getOrDefault("running", ""),
        "1".equals(kv.get("database")),
        "1".equals(kv.get("user")),
        granted);
  }

  // The last bind-address among the option files mysqld reads is the one it uses.
  private static final String EFFECTIVE_BIND =
      MysqlScripts.CLIENT_NAMES
          + "printf 'effective=%s\\n' \"$(my_print_defaults mysqld server "
          + "mariadb mariadbd 2>/dev/null | sed -n 's/^--bind[-_]address=//p' | tail -n 1)\"\n";

  /**
   * The address the server listens on, from its listening socket, for servers that do not show
   * {@code @@bind_address}: ss (iproute, which the facts probe's {@code ip} comes with) prints
   * {@code *:3306} or {@code 0.0.0.0:3306} for all IPv4 addresses, {@code [::]:3306} for all IPv6
   * ones.
   */
  static String listeningAddress(int port) {
    return "printf 'running=%s\\n' \"$(ss -ltn 2>/dev/null | awk '$4 ~ /:"
        + port
        + "$/ { a = $4; sub(/:"
        + port
        + "$/, \"\", a); sub(/^\\[/, \"\", a); sub(/\\]$/, \"\", a); if (a == \"*\") a = \"0.0.0.0\"; print a; exit }')\"\n";
  }

  /**
   * Writes the drop-in atomically (same-directory rename) and returns the bind address now
   * configured.
   */
  private String writeDropIn() throws HostException {
    String script =
        "set -eu\nf="
            + Sh.quote(layout.dropInPath())
            + "\n"
            + "mkdir -p \"$(dirname \"$f\")\"\n"
            + "tmp=\"$f.tmp.$$\"\ntrap 'rm -f \"$tmp\"' EXIT\n"
            + "cat > \"$tmp\"\nchmod 644 \"$tmp\"\nmv -f \"$tmp\" \"$f\"\n"
            + EFFECTIVE_BIND;
    Command c =
        new Command(
            "Write " + layout.dropInPath() + " with bind-address = " + layout.bindAddress(),
            script,
            layout.dropInContent().getBytes(StandardCharsets.UTF_8),
            true,
            Command.DEFAULT_TIMEOUT);
    CommandResult r = log.runChecked(Phase.PREPARE_TARGET, node, c);
    for (String line : r.stdout().split("\n")) {
      if (line.startsWith("effective=")) {
        return line.substring("effective=".length());
      }
    }
    return "";
  }

  private void createDatabaseAndUser() throws HostException {
    String db = Sh.sqlIdentifier(target.name());
    String password = Sh.sqlString(target.credentials().password());
    String grant = "GRANT ALL PRIVILEGES ON " + db + ".* TO " + account();
    // the guide's CREATE USER fails on a second pass; MariaDB 5.5 knows no IF NOT EXISTS, but its
    // GRANT ... IDENTIFIED BY creates the user or sets the password of the existing one
    String userAndGrant =
        layout.server().has(MysqlFeature.CREATE_USER_IF_NOT_EXISTS)
            ? "CREATE USER IF NOT EXISTS "
                + account()
                + " IDENTIFIED BY "
                + password
                + ";\n"
                + grant
                + ";\n"
            : grant + " IDENTIFIED BY " + password + ";\n";
    String sql =
        "CREATE DATABASE IF NOT EXISTS " + db + ";\n" + userAndGrant + "FLUSH PRIVILEGES;\n";
    log.runChecked(
        Phase.PREPARE_TARGET,
        node,
        MysqlScripts.sqlOnStdin(
            "Create database "
                + target.name()
                + " and user "
                + target.credentials().user()
                + "@"
                + layout.grantHost()
                + " with all privileges on it",
            adminArgs(),
            layout.admin(),
            sql,
            true));
  }

  private String account() {
    return Sh.sqlString(target.credentials().user()) + "@" + Sh.sqlString(layout.grantHost());
  }

  /** The administrator connects over the local socket: no host, no port. */
  private String adminArgs() {
    return MysqlScripts.connection(null, null, layout.admin().user());
  }
}
