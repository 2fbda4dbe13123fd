package io.ovdfailover.bench.hosts;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers to the read commands of the operator's database check (chapter III on a converged
 * cluster, repeated every 10 minutes): the database node's bind address, database, user and grant;
 * the connectivity check and the row counts from osm1; osm1's Session Manager configuration and
 * markers. These log into MySQL with the Secret's password, so the lab's recordings hold none of
 * them: they are written here from what the operator's scripts print, for a database that was moved
 * and verified (configuration on dbmy.priv, local MariaDB stopped and disabled, as the recorded
 * facts show).
 *
 * @param database the OVD database name (spec.database.name)
 * @param user the OVD user (the Secret's)
 * @param password the OVD password (the Secret's): the configuration on osm1 carries it
 * @param targetHost where the configuration points ({@code dbmy.priv})
 * @param bindAddress where the database node listens (its private address)
 */
public record DatabaseAnswers(
    String database, String user, String password, String targetHost, String bindAddress) {

  /** stdout and exit status of an answered command. */
  public record Reply(String stdout, int exit) {}

  private static final Pattern GRANT_HOST = Pattern.compile("AND Host = '([^']*)'");

  /** The reply, or empty when {@code script} (and its stdin) is not one of these reads. */
  public Optional<Reply> answer(String script, String stdin) {
    if (script.contains("dropin=") && script.contains("SHOW GRANTS FOR")) {
      return Optional.of(targetPreparation(script));
    }
    if (script.contains("-e 'SHOW DATABASES; SHOW GRANTS'")) {
      return Optional.of(
          new Reply(
              "information_schema\n"
                  + database
                  + "\nGRANT USAGE ON *.* TO `"
                  + user
                  + "`@`%`\nGRANT ALL PRIVILEGES ON `"
                  + database
                  + "`.* TO `"
                  + user
                  + "`@`%`\n",
              0));
    }
    if (stdin.contains("@ovd_counts")) {
      // a few of the Session Manager's tables; the check only needs the same answer every time
      return Optional.of(
          new Reply("ovd_acl\t12\novd_config\t41\novd_servers\t4\novd_users_groups\t9\n", 0));
    }
    if (script.contains("emit config ")) {
      return Optional.of(new Reply(sessionManagerFiles(), 0));
    }
    return Optional.empty();
  }

  private Reply targetPreparation(String script) {
    Matcher m = GRANT_HOST.matcher(script);
    String grantHost = m.find() ? m.group(1) : "%";
    // The drop-in as the operator writes it (DatabaseNodeLayout.dropInContent): if its text ever
    // changes, the operator finds it different and sends a write, which no simulated host accepts,
    // and the benchmark reports the command.
    String dropIn =
        "# Managed by ovd-failover-operator (guide chapter III: listen on the private network).\n"
            + "[mysqld]\nbind-address = "
            + bindAddress
            + "\n";
    return new Reply(
        "dropin="
            + b64(dropIn)
            + "\neffective="
            + bindAddress
            + "\nrunning="
            + bindAddress
            + "\ndatabase=1\nuser=1\ngrant=GRANT ALL PRIVILEGES ON `"
            + database
            + "`.* TO `"
            + user
            + "`@`"
            + grantHost
            + "`\n",
        0);
  }

  private String sessionManagerFiles() {
    String config =
        "{\n  \"general.sql.host\": \""
            + targetHost
            + "\",\n  \"general.sql.user\": \""
            + user
            + "\",\n  \"general.sql.password\": \""
            + password
            + "\",\n  \"general.sql.database\": \""
            + database
            + "\"\n}\n";
    String original =
        "{\n  \"general.sql.host\": \"localhost\",\n  \"general.sql.user\": \"ovd\",\n"
            + "  \"general.sql.password\": \"before-the-move\",\n  \"general.sql.database\": \""
            + database
            + "\"\n}\n";
    return "config="
        + b64(config)
        + "\nbackup="
        + b64(original)
        + "\nattempt=1\ndump=complete\nimported=yes\nactive=inactive\nenabled=disabled\n";
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
