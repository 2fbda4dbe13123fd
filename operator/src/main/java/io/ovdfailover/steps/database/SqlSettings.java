package io.ovdfailover.steps.database;

/**
 * The {@code general.sql.*} keys of the Session Manager configuration. {@link #toString()} hides
 * the password.
 */
public record SqlSettings(String host, String user, String password, String database) {
  public DbCredentials credentials() {
    return new DbCredentials(user, password);
  }

  /**
   * Whether these settings already use the target: same host and database (the account is checked
   * apart).
   */
  boolean usesTarget(TargetDatabase target) {
    return target.host().equals(host) && target.name().equals(database);
  }

  boolean sameAccount(DbCredentials c) {
    return c.user().equals(user) && c.password().equals(password);
  }

  @Override
  public String toString() {
    return "SqlSettings[host="
        + host
        + ", user="
        + user
        + ", password=***, database="
        + database
        + "]";
  }
}
