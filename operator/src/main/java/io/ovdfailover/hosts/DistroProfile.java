package io.ovdfailover.hosts;

import java.util.List;
import java.util.Map;

/**
 * Everything that differs between the distributions of the guide, for one distribution. All
 * profiles live in one table, {@link DistroProfiles}; code asks the profile instead of testing the
 * distribution.
 *
 * @param key stable identifier ({@code ubuntu-22.04}, {@code rhel-8}, {@code debian-12})
 * @param name display name
 * @param osId os-release {@code ID} it matches
 * @param versionId os-release {@code VERSION_ID} it matches (RHEL: the major version, so 8.10
 *     matches 8)
 * @param packageManager apt, yum or dnf
 * @param packages real package names of each {@link PackageSet}
 * @param recommendsLeftOut packages the package manager would add as recommendations to a set,
 *     which the guide's cluster never uses and which cost minutes to install (apt only)
 * @param repositories the repository a set's packages come from where the distribution does not
 *     enable it by default (RHEL: lsyncd from EPEL)
 * @param network second-NIC configuration style
 * @param apache Apache service, user/group, pcs resource options, EL7 status.conf
 * @param phpSessionDir PHP session directory synchronized by lsyncd
 * @param mysql MySQL or MariaDB: package, unit, configuration file and drop-in directory
 * @param cronService {@code cron} or {@code crond}
 * @param firewall ufw or firewalld
 * @param lsyncdFixup systemd unit or sysconfig
 * @param corosyncLogDir whether /var/log/corosync/ must be created ("For EL7 only")
 * @param pcsShipped the pcs version this release ships, as data for documentation and defaults
 * @param ovdSupport the guide's support statement for this distribution (OVD version range)
 */
public record DistroProfile(
    String key,
    String name,
    String osId,
    String versionId,
    PackageManager packageManager,
    Map<PackageSet, List<String>> packages,
    Map<PackageSet, List<String>> recommendsLeftOut,
    Map<PackageSet, PackageRepository> repositories,
    NetworkConfig network,
    ApacheLayout apache,
    String phpSessionDir,
    MysqlLayout mysql,
    String cronService,
    Firewall firewall,
    LsyncdFixup lsyncdFixup,
    boolean corosyncLogDir,
    String pcsShipped,
    OvdSupport ovdSupport) {
  public DistroProfile {
    packages = Map.copyOf(packages);
    recommendsLeftOut = Map.copyOf(recommendsLeftOut);
    repositories = Map.copyOf(repositories);
  }

  /** Real package names of a set (empty when the distribution has no such package). */
  public List<String> packages(PackageSet set) {
    return packages.getOrDefault(set, List.of());
  }

  /** The MySQL/MariaDB unit, {@code mysql} or {@code mariadb}. */
  public String mysqlService() {
    return mysql.service();
  }

  /** The MySQL/MariaDB configuration file whose bind-address the guide comments out. */
  public String mysqlServerConfig() {
    return mysql.serverConfig();
  }

  /** The repository a set comes from, if the distribution does not enable it by default. */
  public java.util.Optional<PackageRepository> repository(PackageSet set) {
    return java.util.Optional.ofNullable(repositories.get(set));
  }

  /** Recommendations of a set that its install leaves out (empty for most rows). */
  public List<String> recommendsLeftOut(PackageSet set) {
    return recommendsLeftOut.getOrDefault(set, List.of());
  }
}
