package io.ovdfailover.steps.database;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import java.util.Arrays;

/** The target database as osm1 sees it, with the OVD account: the Session Manager's own view. */
final class TargetAccess {
  /** Outcome of the guide's connectivity check. */
  enum Connectivity {
    OK,
    ACCESS_DENIED,
    DATABASE_NOT_VISIBLE
  }

  private static final java.util.regex.Pattern REFUSED =
      java.util.regex.Pattern.compile("\\b(1045|1130)\\b");

  private final HostShell osm;
  private final TargetDatabase target;
  private final CommandLog log;

  TargetAccess(HostShell osm, TargetDatabase target, CommandLog log) {
    this.osm = osm;
    this.target = target;
    this.log = log;
  }

  /**
   * Guide step 1: {@code mysql -h dbmy.priv -u ovd -p -e 'SHOW DATABASES; SHOW GRANTS'}. A refused
   * password is an answer (the Secret changed); an unreachable server is a host failure.
   */
  Connectivity check() throws HostException {
    String body = "mysql \"$MYSQL_OPTS\"" + client() + " -N -B -e 'SHOW DATABASES; SHOW GRANTS'\n";
    Command c =
        MysqlScripts.withPassword(
            "Check MySQL connectivity from "
                + osm.nodeName()
                + " to "
                + target.label()
                + " as "
                + target.credentials().user(),
            body,
            target.credentials(),
            false,
            Command.DEFAULT_TIMEOUT);
    CommandResult r = log.run(Phase.CHECK_CONNECTIVITY, osm, c);
    if (!r.ok()) {
      // 1045: wrong password; 1130: no such user for this client host (the message may come wrapped
      // in a
      // TLS handshake error by newer clients, hence no anchoring)
      if (REFUSED.matcher(r.stderr()).find()) {
        return Connectivity.ACCESS_DENIED;
      }
      throw log.failed(osm, c, r);
    }
    boolean visible =
        Arrays.stream(r.stdout().split("\n")).anyMatch(l -> l.strip().equals(target.name()));
    return visible ? Connectivity.OK : Connectivity.DATABASE_NOT_VISIBLE;
  }

  TableCounts counts(Phase phase) throws HostException {
    CommandResult r =
        log.runChecked(
            phase,
            osm,
            MysqlScripts.sqlOnStdin(
                "Count the rows of every table of " + target.label(),
                client(),
                target.credentials(),
                TableCounts.countingSql(target.name()),
                false));
    return TableCounts.parse(r.stdout());
  }

  private String client() {
    return MysqlScripts.connection(target.host(), target.port(), target.credentials().user());
  }
}
