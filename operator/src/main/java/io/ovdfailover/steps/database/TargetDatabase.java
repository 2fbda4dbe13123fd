package io.ovdfailover.steps.database;

import io.ovdfailover.api.DatabaseSpec;
import io.ovdfailover.api.PrivateNetworkSpec;
import java.util.Objects;

/**
 * The shared database the Session Managers move to: the guide's dbmy (host {@code dbmy.priv}) or an
 * external server.
 *
 * @param host name the Session Managers use, written to {@code general.sql.host} (e.g. dbmy.priv)
 * @param port TCP port the clients on osm1 connect to
 * @param name database name (the guide's {@code ovd})
 * @param credentials the OVD account from the Secret (the guide's {@code 'ovd'@'%'})
 */
public record TargetDatabase(String host, int port, String name, DbCredentials credentials) {
  public TargetDatabase {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(credentials, "credentials");
    if (!name.matches("[A-Za-z0-9_]{1,64}")) {
      throw new IllegalArgumentException("database name must match [A-Za-z0-9_]{1,64}: " + name);
    }
    if (!host.matches("[A-Za-z0-9.:_-]+")) {
      throw new IllegalArgumentException("database host must be a host name or address: " + host);
    }
  }

  /**
   * The target a cluster spec describes: the database node under its private name ({@code
   * dbmy.priv}, as the guide writes into {@code general.sql.host}) on port 3306, or the external
   * server.
   */
  public static TargetDatabase fromSpec(
      DatabaseSpec spec, PrivateNetworkSpec privateNetwork, DbCredentials credentials) {
    if (spec.external != null) {
      return new TargetDatabase(spec.external.host, spec.external.port, spec.name, credentials);
    }
    return new TargetDatabase(
        spec.node.name + "." + privateNetwork.domain, 3306, spec.name, credentials);
  }

  /** Where the data lives, for messages: {@code dbmy.priv:3306/ovd}. */
  public String label() {
    return host + ":" + port + "/" + name;
  }
}
