package io.ovdfailover.steps.database;

import io.ovdfailover.hosts.MysqlLayout;
import io.ovdfailover.hosts.MysqlServer;
import java.util.Objects;

/**
 * How the dedicated database node (the guide's dbmy) is prepared.
 *
 * @param dropInPath option file the operator owns; read after the distro's files, so its
 *     bind-address wins (Debian MariaDB: /etc/mysql/mariadb.conf.d/99-ovd-failover.cnf, Ubuntu
 *     MySQL: /etc/mysql/mysql.conf.d/99-ovd-failover.cnf, RHEL: /etc/my.cnf.d/99-ovd-failover.cnf)
 * @param bindAddress the address mysqld listens on: the node's private address, or 0.0.0.0 (the
 *     guide's), see docs/database.md
 * @param grantHost the host part of the OVD user's account: the private network as {@code
 *     network/netmask} (MySQL's notation), or {@code %} (the guide's)
 * @param serviceName mariadb or mysql, for the restart after a bind-address change
 * @param admin the administrator account used over the local socket; an empty password means socket
 *     authentication (Debian's root@localhost)
 * @param server the installed server (from its package's version in the facts): which SQL creates
 *     the user and sets its password, and how the running bind address is read
 */
public record DatabaseNodeLayout(
    String dropInPath,
    String bindAddress,
    String grantHost,
    String serviceName,
    DbCredentials admin,
    MysqlServer server) {
  /** The guide's grant host: any. */
  public static final String ANY_HOST = "%";

  public DatabaseNodeLayout {
    Objects.requireNonNull(grantHost, "grantHost");
    if (!grantHost.matches("%|[0-9.]+/[0-9.]+")) {
      throw new IllegalArgumentException("grant host must be % or network/netmask: " + grantHost);
    }
    Objects.requireNonNull(dropInPath, "dropInPath");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(server, "server");
    if (!bindAddress.matches("[0-9A-Fa-f.:]+")) {
      throw new IllegalArgumentException("bind address must be an IP address: " + bindAddress);
    }
  }

  /**
   * From the distro profile's MySQL column: the drop-in goes into a directory the server reads
   * after its own configuration file (/etc/my.cnf.d on RHEL, /etc/mysql/mariadb.conf.d on Debian,
   * /etc/mysql/mysql.conf.d with Ubuntu's MySQL), never guessed from that file's location.
   */
  public static DatabaseNodeLayout forDistro(
      MysqlLayout mysql, MysqlServer server, String bindAddress, String grantHost) {
    return new DatabaseNodeLayout(
        mysql.dropInPath(),
        bindAddress,
        grantHost,
        mysql.service(),
        new DbCredentials("root", ""),
        server);
  }

  /** The drop-in's content: the only setting the operator owns on the database node. */
  String dropInContent() {
    return "# Managed by ovd-failover-operator (guide chapter III: listen on the private network).\n"
        + "[mysqld]\nbind-address = "
        + bindAddress
        + "\n";
  }
}
