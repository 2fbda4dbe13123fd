package io.ovdfailover.steps.database;

import java.util.Objects;

/**
 * Where chapter III touches osm1, and the distro values it needs (from the distro profile: the web
 * user is www-data on Debian/Ubuntu and apache on RHEL; the local database service is mariadb or
 * mysql).
 *
 * @param configPath the Session Manager configuration; its absence disables the Session Manager
 * @param backupPath the guide's {@code ~/session-manager.conf.orig}; written once, never
 *     overwritten
 * @param dumpPath the guide's {@code session-manager-database.sql}, mode 0600
 * @param webUser owner of the installed configuration
 * @param webGroup group of the installed configuration
 * @param localDbService the local MySQL/MariaDB service stopped and disabled after the switch
 */
public record SessionManagerLayout(
    String configPath,
    String backupPath,
    String dumpPath,
    String webUser,
    String webGroup,
    String localDbService) {

  public static final String GUIDE_CONFIG_PATH = "/var/spool/ovd/session-manager/config";

  public SessionManagerLayout {
    Objects.requireNonNull(configPath, "configPath");
    Objects.requireNonNull(backupPath, "backupPath");
    Objects.requireNonNull(dumpPath, "dumpPath");
    Objects.requireNonNull(webUser, "webUser");
    Objects.requireNonNull(webGroup, "webGroup");
    Objects.requireNonNull(localDbService, "localDbService");
  }

  /** The guide's paths with the distro profile's web user/group and local database service. */
  public static SessionManagerLayout forDistro(
      String webUser, String webGroup, String localDbService) {
    return new SessionManagerLayout(
        GUIDE_CONFIG_PATH,
        "/root/session-manager.conf.orig",
        "/root/session-manager-database.sql",
        webUser,
        webGroup,
        localDbService);
  }

  /** The guide's paths on a Debian/Ubuntu Session Manager. */
  public static SessionManagerLayout debian() {
    return new SessionManagerLayout(
        GUIDE_CONFIG_PATH,
        "/root/session-manager.conf.orig",
        "/root/session-manager-database.sql",
        "www-data",
        "www-data",
        "mariadb");
  }

  /** The guide's paths on a RHEL Session Manager. */
  public static SessionManagerLayout rhel() {
    return new SessionManagerLayout(
        GUIDE_CONFIG_PATH,
        "/root/session-manager.conf.orig",
        "/root/session-manager-database.sql",
        "apache",
        "apache",
        "mariadb");
  }

  /**
   * The move attempt (spec.database.moveAttempt) that last disabled the Session Manager, next to
   * the backup it made: a configuration found again beside it was put back after that attempt.
   */
  String attemptMarkerPath() {
    return backupPath + ".attempt";
  }

  /** Marker written next to the dump once it has been imported completely. */
  String importedMarkerPath() {
    return dumpPath + ".imported";
  }
}
