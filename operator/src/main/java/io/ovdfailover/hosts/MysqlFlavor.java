package io.ovdfailover.hosts;

/** Which server a distribution packages for the guide's "Install MySQL": MariaDB or MySQL. */
public enum MysqlFlavor {
  MARIADB,
  MYSQL
}
