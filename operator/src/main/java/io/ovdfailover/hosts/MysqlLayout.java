package io.ovdfailover.hosts;

import java.util.Objects;
import java.util.Optional;

/**
 * MySQL or MariaDB as a distribution packages it: the guide's dbmy server, and the local database
 * of a Session Manager. One column of {@link DistroProfiles}.
 *
 * @param flavor MariaDB or MySQL
 * @param serverPackage the package that installs the server; its version in the facts is the
 *     server's version
 * @param service the systemd unit ({@code mariadb} or {@code mysql})
 * @param serverConfig the server configuration file whose {@code bind-address} line the guide
 *     comments out ("Edit the /etc/mysql/ configuration file") on dbmy
 * @param dropInDir a directory whose {@code *.cnf} files the server reads after {@code
 *     serverConfig} (an {@code !includedir} of the distribution's my.cnf): the operator's drop-in
 *     goes there. Not derived from {@code serverConfig}: on RHEL 7 that would be /etc, which no
 *     {@code !includedir} names
 */
public record MysqlLayout(
    MysqlFlavor flavor,
    String serverPackage,
    String service,
    String serverConfig,
    String dropInDir) {
  public MysqlLayout {
    Objects.requireNonNull(flavor, "flavor");
    ShellQuote.requireSafePath(serverConfig);
    ShellQuote.requireSafePath(dropInDir);
    if (dropInDir.endsWith("/")) {
      throw new IllegalArgumentException(
          "drop-in directory without a trailing slash: " + dropInDir);
    }
  }

  /**
   * The installed server, from the version of {@link #serverPackage} in the facts (dpkg's epoch,
   * {@code 1:}, dropped: {@code 1:10.5.21-0+deb11u1} is MariaDB 10.5.21, rpm's {@code 5.5.68-1.el7}
   * MariaDB 5.5.68, Ubuntu's {@code 5.7.33-0ubuntu0.16.04.1} MySQL 5.7.33). Empty when the package
   * is not installed (or was not asked for: see {@link #serverPackage}).
   */
  public Optional<MysqlServer> server(HostFacts facts) {
    String v = facts.packages().get(serverPackage);
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new MysqlServer(flavor, SoftwareVersion.parse(v.replaceFirst("^\\d+:", ""))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The option file the operator owns in {@link #dropInDir}, read last there (99-). */
  public String dropInPath() {
    return dropInDir + "/99-ovd-failover.cnf";
  }
}
