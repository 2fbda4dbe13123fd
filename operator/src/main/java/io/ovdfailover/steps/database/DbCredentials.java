package io.ovdfailover.steps.database;

import java.util.Objects;

/**
 * A MySQL account as the clients use it. {@link #toString()} never prints the password, so a
 * credential can be logged or put in an exception by mistake without leaking it.
 */
public record DbCredentials(String user, String password) {
  public DbCredentials {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (user.isEmpty() || user.contains("\n") || user.contains("\r")) {
      throw new IllegalArgumentException("database user name must be a non-empty single line");
    }
    if (password.contains("\n") || password.contains("\r") || password.contains("\0")) {
      // The password travels as the first stdin line of each command (see MysqlScripts).
      throw new IllegalArgumentException("database password must not contain a line break or NUL");
    }
  }

  /** The first stdin line of a command: read by the script into its temporary option file. */
  String optionFileLine() {
    return password.isEmpty() ? "" : "password=" + Sh.optionValue(password);
  }

  @Override
  public String toString() {
    return "DbCredentials[user=" + user + ", password=***]";
  }
}
