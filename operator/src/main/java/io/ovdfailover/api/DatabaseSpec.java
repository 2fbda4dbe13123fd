package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where the shared OVD database lives (chapter III). Exactly one of {@code node} (the operator
 * installs MariaDB/MySQL there) or {@code external} (an existing server; the install is skipped,
 * not the migration).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = CelRules.DB_NODE_OR_EXTERNAL,
    message = CelRules.DB_NODE_OR_EXTERNAL_MSG,
    reason = CelRules.REQUIRED)
@ValidationRule(
    value = CelRules.DB_NOT_BOTH,
    message = CelRules.DB_NOT_BOTH_MSG,
    fieldPath = ".external",
    reason = CelRules.FORBIDDEN)
public class DatabaseSpec {

  @JsonPropertyDescription(
      "The dedicated database node (the guide's dbmy). Mutually exclusive with external.")
  public NodeSpec node;

  @JsonPropertyDescription("An existing MySQL/MariaDB server to use instead of a database node.")
  public ExternalDatabaseSpec external;

  @JsonPropertyDescription(
      "Name of the OVD database (the guide's `CREATE DATABASE ovd`), on the database node or the "
          + "existing server.")
  @Default("ovd")
  @Pattern("^[A-Za-z0-9_]{1,64}$")
  @Size(max = 64)
  public String name = "ovd";

  @JsonPropertyDescription(
      "Abort the database move (chapter III) that has not finished: the original Session Manager "
          + "configuration is put back from its backup and the local MySQL/MariaDB enabled and started again; the target "
          + "and the dump are kept. Refused once the Session Manager uses the target. The move waits while this is true.")
  @io.fabric8.generator.annotation.Default("false")
  public boolean abortMove;

  @JsonPropertyDescription(
      "The guide's optional \"Uninstall MySQL from OSM nodes\": once the cluster is built (the "
          + "database moved, the resources running, both session managers members), remove the local MySQL/MariaDB "
          + "server from both session managers with the distribution's autoremove, never from the database node. "
          + "Refused, naming them, when the removal would take along a package the guide installs or one whose name "
          + "contains ovd.")
  @io.fabric8.generator.annotation.Default("false")
  public boolean uninstallLocalServer;

  @JsonPropertyDescription(
      "The go for the database move. Once a move has disabled the Session Manager and its original "
          + "configuration was put back (by abortMove or by hand), the operator does not disable it again until "
          + "this is raised above the attempt recorded on the first session manager (the status message names it).")
  @Default("1")
  @io.fabric8.generator.annotation.Min(1)
  @io.fabric8.generator.annotation.Max(1000000)
  public int moveAttempt = 1;

  /** Who may reach the database node's MySQL/MariaDB. */
  public enum ReachableFrom {
    /**
     * The default: the server listens on the database node's private address, the user is granted
     * from the private network only, and the firewall (where one runs) opens 3306 and Pacemaker's
     * ports to the private network only.
     */
    PrivateNetwork,
    /** The guide as written: bind-address commented out (0.0.0.0), user@'%', ports open to any. */
    Anywhere
  }

  @JsonPropertyDescription(
      "Who may reach the database node's server: PrivateNetwork (listen on its private address, grant the "
          + "user from the private network, firewall rules with the private network as source) or Anywhere "
          + "(the guide's bind-address commented out, user@'%', ports open to any source).")
  @Default("PrivateNetwork")
  @Size(max = 14)
  public ReachableFrom reachableFrom = ReachableFrom.PrivateNetwork;

  @JsonPropertyDescription(
      "Secret with the OVD database user and password (keys given by userKey and passwordKey).")
  @Required
  public CredentialsSecretRef credentialsSecret;

  /** External database server. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ExternalDatabaseSpec {
    @JsonPropertyDescription("Host name or address the session managers use to reach the database.")
    @Required
    @Pattern(Patterns.HOST)
    @Size(max = 253)
    public String host;

    @JsonPropertyDescription("TCP port of the MySQL/MariaDB server.")
    @Default("3306")
    @io.fabric8.generator.annotation.Min(1)
    @io.fabric8.generator.annotation.Max(65535)
    public int port = 3306;
  }
}
