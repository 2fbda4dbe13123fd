package io.ovdfailover.hosts;

/**
 * What the operator's SQL on the database node needs of the server, with the first release of each
 * flavor that has it. RHEL 7's MariaDB 5.5 has none of them; every other row's server has all.
 */
public enum MysqlFeature {
  /** {@code CREATE USER IF NOT EXISTS} (MariaDB 10.1.3, MySQL 5.7.6). */
  CREATE_USER_IF_NOT_EXISTS("10.1.3", "5.7.6"),
  /** {@code ALTER USER ... IDENTIFIED BY} (MariaDB 10.2.0, MySQL 5.7.6). */
  ALTER_USER("10.2.0", "5.7.6"),
  /**
   * The {@code bind_address} system variable, which tells the address the running server listens on
   * (MariaDB 10.3.3; MySQL 5.6.1). Older servers take the option but do not show it.
   */
  BIND_ADDRESS_VARIABLE("10.3.3", "5.6.1");

  private final SoftwareVersion mariadbSince;
  private final SoftwareVersion mysqlSince;

  MysqlFeature(String mariadbSince, String mysqlSince) {
    this.mariadbSince = SoftwareVersion.of(mariadbSince);
    this.mysqlSince = SoftwareVersion.of(mysqlSince);
  }

  /** The first release of {@code flavor} with this feature. */
  public SoftwareVersion since(MysqlFlavor flavor) {
    return switch (flavor) {
      case MARIADB -> mariadbSince;
      case MYSQL -> mysqlSince;
    };
  }
}
