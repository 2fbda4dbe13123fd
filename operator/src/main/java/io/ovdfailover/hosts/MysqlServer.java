package io.ovdfailover.hosts;

import java.util.Objects;

/**
 * The MySQL or MariaDB server installed on a node, as its package's version in the facts says: the
 * SQL the operator sends is chosen from it ({@link #has}), not from the distribution's name.
 */
public record MysqlServer(MysqlFlavor flavor, SoftwareVersion version) {
  public MysqlServer {
    Objects.requireNonNull(flavor, "flavor");
    Objects.requireNonNull(version, "version");
  }

  public static MysqlServer of(MysqlFlavor flavor, String version) {
    return new MysqlServer(flavor, SoftwareVersion.of(version));
  }

  public boolean has(MysqlFeature feature) {
    return version.compareTo(feature.since(flavor)) >= 0;
  }

  @Override
  public String toString() {
    return (flavor == MysqlFlavor.MARIADB ? "MariaDB " : "MySQL ") + version;
  }
}
