package io.ovdfailover.hosts;

import static io.ovdfailover.hosts.PackageSet.IPTABLES;
import static io.ovdfailover.hosts.PackageSet.LSYNCD;
import static io.ovdfailover.hosts.PackageSet.MYSQL_SERVER;
import static io.ovdfailover.hosts.PackageSet.PACEMAKER;
import static io.ovdfailover.hosts.PackageSet.QUORUM_DEVICE;
import static io.ovdfailover.hosts.PackageSet.QUORUM_DEVICE_HOST;
import static io.ovdfailover.hosts.PackageSet.SSMTP;
import static io.ovdfailover.hosts.PackageSet.WGET;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The distribution table: one row per supported distribution, each difference of the guide in one
 * column. Detection reads os-release {@code ID} and {@code VERSION_ID} from the facts.
 */
public final class DistroProfiles {
  private DistroProfiles() {}

  private static final List<String> PACEMAKER_BASE = List.of("corosync", "pacemaker", "pcs");

  /**
   * Ubuntu 21.04+ split resource-agents; ocf:heartbeat:symlink and apache live in
   * resource-agents-extra.
   */
  private static final List<String> PACEMAKER_SPLIT_AGENTS =
      List.of("corosync", "pacemaker", "pcs", "resource-agents-extra");

  /**
   * The quorum device host on Debian and Ubuntu: the hacluster user pcsd logs in with comes from
   * pacemaker-common (its postinst), which pcs does not depend on; it installs no daemon.
   */
  private static final List<String> DPKG_QUORUM_DEVICE_HOST =
      List.of("corosync-qnetd", "pcs", "pacemaker-common");

  private static Map<PackageSet, List<String>> ubuntuPackages(List<String> pacemaker) {
    return Map.of(
        PACEMAKER,
        pacemaker,
        LSYNCD,
        List.of("lsyncd"),
        IPTABLES,
        List.of("iptables"),
        WGET,
        List.of("wget"),
        MYSQL_SERVER,
        List.of("mysql-server", "mysql-client"),
        SSMTP,
        List.of("ssmtp"),
        QUORUM_DEVICE,
        List.of("corosync-qdevice"),
        QUORUM_DEVICE_HOST,
        DPKG_QUORUM_DEVICE_HOST);
  }

  /** RHEL: lsyncd and ssmtp come from EPEL ({@link #RHEL_EPEL}). */
  private static final Map<PackageSet, List<String>> RHEL_PACKAGES =
      Map.of(
          PACEMAKER,
          PACEMAKER_BASE,
          LSYNCD,
          List.of("lsyncd"),
          IPTABLES,
          List.of("iptables"),
          WGET,
          List.of("wget"),
          MYSQL_SERVER,
          List.of("mariadb", "mariadb-server"),
          SSMTP,
          List.of("ssmtp"),
          QUORUM_DEVICE,
          List.of("corosync-qdevice"),
          QUORUM_DEVICE_HOST,
          List.of("corosync-qnetd", "pcs"));

  /**
   * RHEL 9: the iptables command comes from iptables-nft; {@code rpm -q iptables} says "not
   * installed" although {@code dnf install iptables} is satisfied, so the real name keeps a
   * converged node's plan empty.
   */
  private static final Map<PackageSet, List<String>> RHEL_9_PACKAGES =
      Map.of(
          PACEMAKER,
          PACEMAKER_BASE,
          LSYNCD,
          List.of("lsyncd"),
          IPTABLES,
          List.of("iptables-nft"),
          WGET,
          List.of("wget"),
          MYSQL_SERVER,
          List.of("mariadb", "mariadb-server"),
          SSMTP,
          List.of("ssmtp"),
          QUORUM_DEVICE,
          List.of("corosync-qdevice"),
          QUORUM_DEVICE_HOST,
          List.of("corosync-qnetd", "pcs"));

  /**
   * Debian 11, 12 and 13 (checked with apt-cache policy on bullseye, bookworm and trixie, the lab's
   * three suites): no resource-agents-extra on any of them (resource-agents 1:4.7, 1:4.12 and
   * 1:4.16 ship symlink, apache and IPaddr2 themselves), no mysql-server (MariaDB 10.5, 10.11,
   * 11.8: mariadb-server/-client), lsyncd 2.2.3 with a SysV script only. The versions that differ
   * (pcs, Pacemaker, MariaDB) are in the rows and read from the installed packages.
   */
  private static final Map<PackageSet, List<String>> DEBIAN_PACKAGES =
      Map.of(
          PACEMAKER,
          List.of("corosync", "pacemaker", "pcs", "resource-agents"),
          LSYNCD,
          List.of("lsyncd"),
          IPTABLES,
          List.of("iptables"),
          WGET,
          List.of("wget"),
          MYSQL_SERVER,
          List.of("mariadb-server", "mariadb-client"),
          SSMTP,
          List.of("ssmtp"),
          QUORUM_DEVICE,
          List.of("corosync-qdevice"),
          QUORUM_DEVICE_HOST,
          DPKG_QUORUM_DEVICE_HOST);

  private static final Map<PackageSet, List<String>> NOTHING_LEFT_OUT = Map.of();

  /** Every package the guide installs is in the distribution's own, enabled repositories. */
  private static final Map<PackageSet, PackageRepository> DISTRIBUTION_ONLY = Map.of();

  /**
   * RHEL: lsyncd and ssmtp are not in RHEL's repositories but in EPEL, which the guide assumes
   * enabled and never mentions.
   */
  private static final Map<PackageSet, PackageRepository> RHEL_EPEL =
      Map.of(LSYNCD, PackageRepository.EPEL, SSMTP, PackageRepository.EPEL);

  /**
   * Debian 13: pacemaker Recommends fence-agents, now a metapackage of 78 agents with the cloud
   * SDKs (python3-azure, -boto3, LLVM, Mesa...), and resource-agents Recommends python3-googleapi
   * (its gcp-* agents): 749 packages instead of 151, about 7 minutes per node on the lab. The
   * guide's cluster fences nothing (stonith-enabled=false) and uses none of those agents.
   */
  private static final Map<PackageSet, List<String>> TRIXIE_LEFT_OUT =
      Map.of(PACEMAKER, List.of("fence-agents", "python3-googleapi"));

  /**
   * Debian's MariaDB (10.5 to 11.8) keeps {@code bind-address = 127.0.0.1} in 50-server.cnf;
   * /etc/mysql/mariadb.cnf includes the whole directory.
   */
  private static final MysqlLayout DEBIAN_MARIADB =
      new MysqlLayout(
          MysqlFlavor.MARIADB,
          "mariadb-server",
          "mariadb",
          "/etc/mysql/mariadb.conf.d/50-server.cnf",
          "/etc/mysql/mariadb.conf.d");

  /** Not in the guide: Debian is treated like the guide's Ubuntu 22.04. */
  private static final OvdSupport DEBIAN_SUPPORT =
      OvdSupport.notInGuide("Ubuntu 22.04 (the lab's distribution)", "3.2.1");

  private static final String DEBIAN_PHP = "/var/lib/php/sessions";
  private static final String RHEL_PHP = "/var/lib/php/session";

  /**
   * Ubuntu's MySQL 5.7/8.0 ships {@code bind-address = 127.0.0.1} in mysqld.cnf; /etc/mysql/my.cnf
   * (mysql.cnf) includes /etc/mysql/conf.d/ and /etc/mysql/mysql.conf.d/.
   */
  private static final MysqlLayout UBUNTU_MYSQL =
      new MysqlLayout(
          MysqlFlavor.MYSQL,
          "mysql-server",
          "mysql",
          "/etc/mysql/mysql.conf.d/mysqld.cnf",
          "/etc/mysql/mysql.conf.d");

  /**
   * EL7's MariaDB 5.5: /etc/my.cnf ends with {@code !includedir /etc/my.cnf.d}, where the server
   * package's server.cnf lives (no bind-address: it listens on all addresses).
   */
  private static final MysqlLayout EL7_MARIADB =
      new MysqlLayout(
          MysqlFlavor.MARIADB,
          "mariadb-server",
          "mariadb",
          "/etc/my.cnf.d/server.cnf",
          "/etc/my.cnf.d");

  /**
   * EL8/9 MariaDB: the package renames server.cnf to mariadb-server.cnf; its bind-address line is
   * present but commented out (listens on all addresses).
   */
  private static final MysqlLayout EL_MARIADB =
      new MysqlLayout(
          MysqlFlavor.MARIADB,
          "mariadb-server",
          "mariadb",
          "/etc/my.cnf.d/mariadb-server.cnf",
          "/etc/my.cnf.d");

  // named booleans keep the rows readable
  private static final boolean MKDIR_COROSYNC_LOG = true;
  private static final boolean NO_COROSYNC_LOG_MKDIR = false;

  /**
   * The MySQL/MariaDB server package of every profile, for probes asked before the distro is known.
   */
  public static List<String> mysqlServerPackages() {
    return ALL.stream().map(p -> p.mysql().serverPackage()).distinct().toList();
  }

  /**
   * The table. Row layout: identity and os-release match; package manager, packages,
   * recommendations left out, repositories not enabled by default; network and Apache; PHP
   * sessions, MySQL/MariaDB packaging, cron service; firewall, lsyncd fix-up, EL7 corosync log dir;
   * shipped pcs; OVD support. Columns: see {@link DistroProfile}.
   */
  public static final List<DistroProfile> ALL =
      List.of(
          new DistroProfile(
              "ubuntu-16.04",
              "Ubuntu 16.04 LTS (Xenial Xerus)",
              "ubuntu",
              "16.04",
              PackageManager.APT,
              ubuntuPackages(PACEMAKER_BASE),
              NOTHING_LEFT_OUT,
              DISTRIBUTION_ONLY,
              NetworkConfig.IFUPDOWN,
              ApacheLayout.debian().withConfigFile("/etc/apache2/apache2.conf"),
              DEBIAN_PHP,
              UBUNTU_MYSQL,
              "cron",
              Firewall.UFW,
              LsyncdFixup.SYSTEMD_UNIT,
              NO_COROSYNC_LOG_MKDIR,
              "0.9.149",
              OvdSupport.before("3.2")),
          new DistroProfile(
              "ubuntu-18.04",
              "Ubuntu 18.04 LTS (Bionic Beaver)",
              "ubuntu",
              "18.04",
              PackageManager.APT,
              ubuntuPackages(PACEMAKER_BASE),
              NOTHING_LEFT_OUT,
              DISTRIBUTION_ONLY,
              NetworkConfig.NETPLAN,
              ApacheLayout.debian(),
              DEBIAN_PHP,
              UBUNTU_MYSQL,
              "cron",
              Firewall.UFW,
              LsyncdFixup.SYSTEMD_UNIT,
              NO_COROSYNC_LOG_MKDIR,
              "0.9.164",
              OvdSupport.any()),
          new DistroProfile(
              "ubuntu-22.04",
              "Ubuntu 22.04 LTS (Jammy Jellyfish)",
              "ubuntu",
              "22.04",
              PackageManager.APT,
              ubuntuPackages(PACEMAKER_SPLIT_AGENTS),
              NOTHING_LEFT_OUT,
              DISTRIBUTION_ONLY,
              NetworkConfig.NETPLAN,
              ApacheLayout.debian(),
              DEBIAN_PHP,
              UBUNTU_MYSQL,
              "cron",
              Firewall.UFW,
              LsyncdFixup.SYSTEMD_UNIT,
              NO_COROSYNC_LOG_MKDIR,
              "0.10.11",
              OvdSupport.from("3.2.1")),
          new DistroProfile(
              "ubuntu-24.04",
              "Ubuntu 24.04 LTS (Noble Numbat)",
              "ubuntu",
              "24.04",
              PackageManager.APT,
              ubuntuPackages(PACEMAKER_SPLIT_AGENTS),
              NOTHING_LEFT_OUT,
              DISTRIBUTION_ONLY,
              NetworkConfig.NETPLAN,
              ApacheLayout.debian(),
              DEBIAN_PHP,
              UBUNTU_MYSQL,
              "cron",
              Firewall.UFW,
              LsyncdFixup.SYSTEMD_UNIT,
              NO_COROSYNC_LOG_MKDIR,
              "0.11.7",
              OvdSupport.notInGuide("Ubuntu 22.04", "3.2.1")),
          new DistroProfile(
              "rhel-7",
              "Red Hat Enterprise Linux 7",
              "rhel",
              "7",
              PackageManager.YUM,
              RHEL_PACKAGES,
              NOTHING_LEFT_OUT,
              RHEL_EPEL,
              NetworkConfig.IFCFG_NETWORK_SCRIPTS,
              ApacheLayout.redHat().withStatusConf(ApacheLayout.EL7_STATUS_CONF),
              RHEL_PHP,
              EL7_MARIADB,
              "crond",
              Firewall.FIREWALLD,
              LsyncdFixup.SYSCONFIG,
              MKDIR_COROSYNC_LOG,
              "0.9.169",
              OvdSupport.any()),
          new DistroProfile(
              "rhel-8",
              "Red Hat Enterprise Linux 8",
              "rhel",
              "8",
              PackageManager.DNF,
              RHEL_PACKAGES,
              NOTHING_LEFT_OUT,
              RHEL_EPEL,
              NetworkConfig.IFCFG_NETWORKMANAGER,
              ApacheLayout.redHat(),
              RHEL_PHP,
              EL_MARIADB,
              "crond",
              Firewall.FIREWALLD,
              LsyncdFixup.SYSCONFIG,
              NO_COROSYNC_LOG_MKDIR,
              "0.10.18",
              OvdSupport.from("3.3.0")),
          new DistroProfile(
              "rhel-9",
              "Red Hat Enterprise Linux 9",
              "rhel",
              "9",
              PackageManager.DNF,
              RHEL_9_PACKAGES,
              NOTHING_LEFT_OUT,
              RHEL_EPEL,
              NetworkConfig.NM_KEYFILE,
              ApacheLayout.redHat(),
              RHEL_PHP,
              EL_MARIADB,
              "crond",
              Firewall.FIREWALLD,
              LsyncdFixup.SYSCONFIG,
              NO_COROSYNC_LOG_MKDIR,
              "0.11.7",
              OvdSupport.notInGuide("RHEL 8", "3.3.0")),
          new DistroProfile(
              "debian-11",
              "Debian 11 (bullseye)",
              "debian",
              "11",
              PackageManager.APT,
              DEBIAN_PACKAGES,
              NOTHING_LEFT_OUT,
              DISTRIBUTION_ONLY,
              NetworkConfig.IFUPDOWN,
              ApacheLayout.debian(),
              DEBIAN_PHP,
              DEBIAN_MARIADB,
              "cron",
              Firewall.UFW,
              LsyncdFixup.SYSTEMD_UNIT,
              NO_COROSYNC_LOG_MKDIR,
              "0.10.8",
              DEBIAN_SUPPORT),
          new DistroProfile(
              "debian-12",
              "Debian 12 (bookworm)",
              "debian",
              "12",
              PackageManager.APT,
              DEBIAN_PACKAGES,
              NOTHING_LEFT_OUT,
              DISTRIBUTION_ONLY,
              NetworkConfig.IFUPDOWN,
              ApacheLayout.debian(),
              DEBIAN_PHP,
              DEBIAN_MARIADB,
              "cron",
              Firewall.UFW,
              LsyncdFixup.SYSTEMD_UNIT,
              NO_COROSYNC_LOG_MKDIR,
              "0.11.5",
              DEBIAN_SUPPORT),
          new DistroProfile(
              "debian-13",
              "Debian 13 (trixie)",
              "debian",
              "13",
              PackageManager.APT,
              DEBIAN_PACKAGES,
              TRIXIE_LEFT_OUT,
              DISTRIBUTION_ONLY,
              NetworkConfig.IFUPDOWN,
              ApacheLayout.debian(),
              DEBIAN_PHP,
              DEBIAN_MARIADB,
              "cron",
              Firewall.UFW,
              LsyncdFixup.SYSTEMD_UNIT,
              NO_COROSYNC_LOG_MKDIR,
              "0.12.0",
              DEBIAN_SUPPORT));

  /** RHEL rebuilds with the same packages; they select the RHEL row of their major version. */
  private static final Set<String> RHEL_COMPATIBLE =
      Set.of("rhel", "centos", "rocky", "almalinux", "ol");

  public static Optional<DistroProfile> byKey(String key) {
    return ALL.stream().filter(p -> p.key().equals(key)).findFirst();
  }

  public static DistroDetection detect(OsRelease os) {
    boolean rhelLike =
        RHEL_COMPATIBLE.contains(os.id()) || List.of(os.idLike().split("\\s+")).contains("rhel");
    String id = rhelLike ? "rhel" : os.id();
    String version = rhelLike ? os.versionId().split("\\.")[0] : os.versionId();
    for (DistroProfile p : ALL) {
      if (p.osId().equals(id) && p.versionId().equals(version)) {
        String note =
            (rhelLike && !os.id().equals("rhel")
                    ? os.prettyName() + " is treated as RHEL " + version + ". "
                    : "")
                + "Supported for "
                + p.ovdSupport().text()
                + ".";
        return new DistroDetection.Supported(p, note);
      }
    }
    return new DistroDetection.Unsupported(
        os.describe()
            + " ("
            + os.prettyName()
            + ") is not a supported distribution; supported: "
            + supportedList());
  }

  public static DistroDetection detect(HostFacts facts) {
    return detect(facts.os());
  }

  public static String supportedList() {
    return ALL.stream().map(DistroProfile::name).collect(Collectors.joining(", "));
  }
}
