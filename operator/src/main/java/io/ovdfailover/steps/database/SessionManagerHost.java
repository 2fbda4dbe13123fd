package io.ovdfailover.steps.database;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The commands chapter III runs on osm1. Each one is safe to run again after a crash at any point.
 */
final class SessionManagerHost {
  private final HostShell osm;
  private final SessionManagerLayout layout;
  private final CommandLog log;

  SessionManagerHost(HostShell osm, SessionManagerLayout layout, CommandLog log) {
    this.osm = osm;
    this.layout = layout;
    this.log = log;
  }

  String nodeName() {
    return osm.nodeName();
  }

  /** What is on osm1 now: the files the migration moves, and the local database service. */
  record State(
      byte[] config,
      byte[] backup,
      int attempt,
      boolean dumpComplete,
      boolean imported,
      boolean serviceActive,
      boolean serviceEnabled) {
    boolean configPresent() {
      return config != null;
    }

    @Override
    public String toString() { // never the files: they hold passwords
      return "State[config="
          + (config != null)
          + ", backup="
          + (backup != null)
          + ", attempt="
          + attempt
          + ", dumpComplete="
          + dumpComplete
          + ", imported="
          + imported
          + ", serviceActive="
          + serviceActive
          + ", serviceEnabled="
          + serviceEnabled
          + "]";
    }
  }

  State observe() throws HostException {
    String svc = Sh.quote(layout.localDbService());
    String script =
        "set -u\n"
            + "emit() { if [ -f \"$2\" ]; then printf '%s=%s\\n' \"$1\" \"$(base64 -w0 < \"$2\")\"; "
            + "else printf '%s=-\\n' \"$1\"; fi; }\n"
            + "emit config "
            + Sh.quote(layout.configPath())
            + "\n"
            + "emit backup "
            + Sh.quote(layout.backupPath())
            + "\n"
            + "printf 'attempt=%s\\n' \"$(cat "
            + Sh.quote(layout.attemptMarkerPath())
            + " 2>/dev/null || true)\"\n"
            + "dump="
            + Sh.quote(layout.dumpPath())
            + "\n"
            // The dump is renamed into place only once mysqldump finished; the trailer check guards
            // against any
            // other writer.
            + "if [ -f \"$dump\" ] && tail -n 1 \"$dump\" | grep -q '^-- Dump completed'; then echo dump=complete; "
            + "else echo dump=-; fi\n"
            + "if [ -f "
            + Sh.quote(layout.importedMarkerPath())
            + " ]; then echo imported=yes; else echo imported=no; fi\n"
            + "printf 'active=%s\\n' \"$(systemctl is-active "
            + svc
            + " 2>/dev/null || true)\"\n"
            + "printf 'enabled=%s\\n' \"$(systemctl is-enabled "
            + svc
            + " 2>/dev/null || true)\"\n";
    CommandResult r =
        log.runChecked(
            Phase.DISCOVER,
            osm,
            Command.read(
                "Read "
                    + layout.configPath()
                    + ", its backup, the dump and the "
                    + layout.localDbService()
                    + " service",
                script));
    Map<String, String> kv = new HashMap<>();
    for (String line : r.stdout().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        kv.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return new State(
        decode(kv.get("config")),
        decode(kv.get("backup")),
        attempt(kv.get("attempt")),
        "complete".equals(kv.get("dump")),
        "yes".equals(kv.get("imported")),
        "active".equals(kv.get("active")),
        kv.getOrDefault("enabled", "").startsWith("enabled"));
  }

  /** 0 when no move recorded an attempt (none started, or one by a version without the marker). */
  private static int attempt(String marker) {
    try {
      return marker == null || marker.isBlank() ? 0 : Integer.parseInt(marker.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static byte[] decode(String b64) {
    return b64 == null || b64.equals("-") ? null : Base64.getDecoder().decode(b64);
  }

  /**
   * Guide step 2 ({@code mv config ~/session-manager.conf.orig}), crash-safe: the backup is copied
   * next to its final name and renamed (atomic), written only if absent; the configuration is
   * removed only when the backup equals it; any dump of an earlier attempt goes first, since the
   * data may have changed since. The attempt is recorded last, so a configuration found again later
   * beside that record was put back by someone (see {@link DatabaseMigration}).
   *
   * @param attempt the go this disable belongs to (spec.database.moveAttempt)
   * @param superseded the attempt whose configuration was put back, or 0: its backup is kept under
   *     its attempt's name, never overwritten, and a new one is taken of the configuration as it is
   */
  void disableSessionManager(int attempt, int superseded) throws HostException, MigrationException {
    String script =
        "set -eu\n"
            + "cfg="
            + Sh.quote(layout.configPath())
            + "; bak="
            + Sh.quote(layout.backupPath())
            + "; dump="
            + Sh.quote(layout.dumpPath())
            + "\n"
            + "[ -f \"$cfg\" ] || exit 0\n"
            + (superseded > 0
                ? "if [ -e \"$bak\" ]; then mv -f \"$bak\" "
                    + Sh.quote(layout.backupPath() + ".attempt-" + superseded)
                    + "; fi\n"
                : "")
            + "if [ ! -e \"$bak\" ]; then\n"
            + "  umask 077\n  cp -p \"$cfg\" \"$bak.partial\"\n  sync \"$bak.partial\"\n  mv -f \"$bak.partial\" \"$bak\"\nfi\n"
            + "cmp -s \"$cfg\" \"$bak\" || { echo \"$bak exists and differs from $cfg\" >&2; exit 3; }\n"
            + "rm -f \"$dump\" \"$dump.partial\" "
            + Sh.quote(layout.importedMarkerPath())
            + "\n"
            + "rm -f \"$cfg\"\n"
            + recordAttemptScript(attempt);
    CommandResult r =
        log.run(
            Phase.DISABLE_SESSION_MANAGER,
            osm,
            Command.change(
                "Disable the Session Manager: back "
                    + layout.configPath()
                    + " up to "
                    + layout.backupPath()
                    + " and remove it (move attempt "
                    + attempt
                    + ")",
                script));
    if (r.exitCode() == 3) {
      throw new MigrationException(
          MigrationException.Reason.BACKUP_CONFLICT,
          osm.nodeName()
              + ": "
              + layout.backupPath()
              + " exists and differs from "
              + layout.configPath()
              + "; it is never overwritten: move it away if it is stale");
    }
    if (!r.ok()) {
      throw log.failed(osm, Command.read("Disable the Session Manager", ""), r);
    }
  }

  /**
   * A pass that died between removing the configuration and recording the attempt: the record is
   * written when the move resumes, so a configuration put back later is still recognised.
   */
  void recordAttempt(int attempt) throws HostException {
    log.runChecked(
        Phase.DISABLE_SESSION_MANAGER,
        osm,
        Command.change(
            "Record move attempt " + attempt + " in " + layout.attemptMarkerPath(),
            "set -eu\n" + recordAttemptScript(attempt)));
  }

  private String recordAttemptScript(int attempt) {
    String marker = Sh.quote(layout.attemptMarkerPath());
    return "printf '%s\\n' "
        + attempt
        + " > "
        + marker
        + ".partial && mv -f "
        + marker
        + ".partial "
        + marker
        + "\n";
  }

  /**
   * Dump and import may outlive the operator pass that started them (a remote command goes on when
   * the SSH connection drops): they hold a lock, and a new pass fails fast while one still runs
   * instead of importing alongside it. The clients inherit the descriptor, so the lock lasts as
   * long as they do.
   */
  private String exclusive() {
    return "exec 9>>"
        + Sh.quote(layout.dumpPath() + ".lock")
        + "\n"
        + "flock -n 9 || { echo 'a dump or import of an earlier pass is still running on this host' >&2; exit 75; }\n";
  }

  /**
   * Guide step 3 with the guide's flags, except {@code --databases}: with one database and no
   * --databases, mysqldump writes no CREATE DATABASE/USE lines, so the import lands in the database
   * the import command names (the target's), whatever the source is called. --add-drop-table (the
   * default, made explicit) makes a repeated import replace tables instead of adding rows twice.
   * Written to a .partial file, renamed when done.
   */
  void dump(SqlSettings source) throws HostException {
    String body =
        exclusive()
            + "dump="
            + Sh.quote(layout.dumpPath())
            + "\n"
            + "trap 'rm -f \"$cnf\" \"$dump.partial\"' EXIT\n"
            + "mysqldump \"$MYSQL_OPTS\""
            + MysqlScripts.connection(source.host(), null, source.user())
            + " --no-tablespaces --create-options --default-character-set=utf8 --lock-tables --quote-names"
            + " --add-drop-table --comments "
            + Sh.quote(source.database())
            + " > \"$dump.partial\"\n"
            + "tail -n 1 \"$dump.partial\" | grep -q '^-- Dump completed' || { echo 'mysqldump output incomplete' >&2; exit 1; }\n"
            + "sync \"$dump.partial\"\nmv -f \"$dump.partial\" \"$dump\"\n";
    log.runChecked(
        Phase.DUMP,
        osm,
        MysqlScripts.withPassword(
            "Export database "
                + source.database()
                + " from "
                + source.host()
                + " to "
                + layout.dumpPath(),
            body,
            source.credentials(),
            true,
            MysqlScripts.BULK_TIMEOUT));
  }

  /** Guide step 4, then a marker: the import of this dump is complete. */
  void importDump(TargetDatabase target) throws HostException {
    DbCredentials c = target.credentials();
    String body =
        exclusive()
            + "dump="
            + Sh.quote(layout.dumpPath())
            + "\n"
            + "if grep -q '^USE ' \"$dump\"; then echo \"$dump selects a database itself\" >&2; exit 4; fi\n"
            + "mysql \"$MYSQL_OPTS\""
            + MysqlScripts.connection(target.host(), target.port(), c.user())
            + " "
            + Sh.quote(target.name())
            + " < \"$dump\"\n"
            + "touch "
            + Sh.quote(layout.importedMarkerPath())
            + "\n";
    log.runChecked(
        Phase.IMPORT,
        osm,
        MysqlScripts.withPassword(
            "Import " + layout.dumpPath() + " into " + target.label(),
            body,
            c,
            true,
            MysqlScripts.BULK_TIMEOUT));
  }

  /** Row counts of the source database, read on osm1 with the credentials of its configuration. */
  TableCounts sourceCounts(SqlSettings source) throws HostException {
    CommandResult r =
        log.runChecked(
            Phase.VERIFY,
            osm,
            MysqlScripts.sqlOnStdin(
                "Count the rows of every table of " + source.database() + " on " + source.host(),
                MysqlScripts.connection(source.host(), null, source.user()),
                source.credentials(),
                TableCounts.countingSql(source.database()),
                false));
    return TableCounts.parse(r.stdout());
  }

  /**
   * Guide step 8 ({@code install -o www-data -g www-data -m 660 -T}), atomic: the new file (on
   * stdin, as it holds the password) is installed under a temporary name in the same directory,
   * then renamed over the old one.
   */
  void installConfig(SessionManagerConfig config, Phase phase, String description)
      throws HostException {
    installConfig(config.toBytes(), phase, description);
  }

  /**
   * Installs these exact bytes as the configuration (an abort puts the backup back byte for byte).
   */
  void installConfig(byte[] content, Phase phase, String description) throws HostException {
    String script =
        "set -eu\ncfg="
            + Sh.quote(layout.configPath())
            + "\n"
            + "dir=$(dirname \"$cfg\")\numask 077\n"
            + "in=$(mktemp \"$dir/.config.in.XXXXXX\")\nnew=\"$dir/.config.new.$$\"\n"
            + "trap 'rm -f \"$in\" \"$new\"' EXIT\n"
            + "cat > \"$in\"\n"
            + "install -o "
            + Sh.quote(layout.webUser())
            + " -g "
            + Sh.quote(layout.webGroup())
            + " -m 660 -T \"$in\" \"$new\"\n"
            + "sync \"$new\"\nmv -f \"$new\" \"$cfg\"\n";
    log.runChecked(
        phase, osm, new Command(description, script, content, true, Command.DEFAULT_TIMEOUT));
  }

  /**
   * Guide step 5, after the switch: the local database is not used any more. Its data stays on
   * disk.
   */
  void disableLocalDatabase() throws HostException {
    log.runChecked(
        Phase.DISABLE_LOCAL_DATABASE,
        osm,
        Command.change(
                "Stop and disable " + layout.localDbService() + " on " + osm.nodeName(),
                "systemctl disable --now " + Sh.quote(layout.localDbService()))
            .withTimeout(MysqlScripts.BULK_TIMEOUT));
  }

  /**
   * Undoes guide step 5 for an aborted move: the local database serves the Session Manager again.
   */
  void enableLocalDatabase() throws HostException {
    log.runChecked(
        Phase.DISABLE_LOCAL_DATABASE,
        osm,
        Command.change(
                "Enable and start "
                    + layout.localDbService()
                    + " on "
                    + osm.nodeName()
                    + " again (the move is aborted)",
                "systemctl enable --now " + Sh.quote(layout.localDbService()))
            .withTimeout(MysqlScripts.BULK_TIMEOUT));
  }

  SessionManagerLayout layout() {
    return layout;
  }
}
