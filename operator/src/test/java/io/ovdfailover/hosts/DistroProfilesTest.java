package io.ovdfailover.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every distribution difference of the guide, read from the one table. */
class DistroProfilesTest {
  private static DistroProfile p(String key) {
    return DistroProfiles.byKey(key).orElseThrow();
  }

  @Test
  void tableHasTheTenDistributionsOnce() {
    assertThat(DistroProfiles.ALL)
        .extracting(DistroProfile::key)
        .containsExactly(
            "ubuntu-16.04",
            "ubuntu-18.04",
            "ubuntu-22.04",
            "ubuntu-24.04",
            "rhel-7",
            "rhel-8",
            "rhel-9",
            "debian-11",
            "debian-12",
            "debian-13")
        .doesNotHaveDuplicates();
  }

  @Test
  void unsupportedDistributionIsAClearMessage() {
    OsRelease arch =
        OsRelease.parse(
            "NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\nPRETTY_NAME=\"Arch Linux\"\n");
    DistroDetection d = DistroProfiles.detect(arch);
    assertThat(d)
        .isInstanceOfSatisfying(
            DistroDetection.Unsupported.class,
            u ->
                assertThat(u.message())
                    .startsWith(
                        "os-release ID=arch VERSION_ID=(none) (Arch Linux) is not a supported distribution; supported: ")
                    .contains(
                        "Ubuntu 22.04 LTS (Jammy Jellyfish)",
                        "Red Hat Enterprise Linux 8",
                        "Debian 12 (bookworm)"));
    assertThat(DistroProfiles.detect(OsRelease.parse("ID=ubuntu\nVERSION_ID=\"20.04\"\n")))
        .isInstanceOf(DistroDetection.Unsupported.class);
  }

  @Test
  void rhelMinorReleasesAndRebuildsSelectTheMajorRow() {
    assertThat(DistroProfiles.detect(OsRelease.parse("ID=\"rhel\"\nVERSION_ID=\"8.10\"\n")))
        .isInstanceOfSatisfying(
            DistroDetection.Supported.class,
            s -> assertThat(s.profile().key()).isEqualTo("rhel-8"));
    assertThat(
            DistroProfiles.detect(
                OsRelease.parse(
                    "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.4\"\nPRETTY_NAME=\"Rocky Linux 9.4\"\n")))
        .isInstanceOfSatisfying(
            DistroDetection.Supported.class,
            s -> {
              assertThat(s.profile().key()).isEqualTo("rhel-9");
              assertThat(s.note()).contains("Rocky Linux 9.4 is treated as RHEL 9");
            });
  }

  @Test
  void debianReleasesDifferOnlyInWhatTheyShip() {
    for (String v : java.util.List.of("11", "12", "13")) {
      assertThat(DistroProfiles.detect(OsRelease.parse("ID=debian\nVERSION_ID=\"" + v + "\"\n")))
          .isInstanceOfSatisfying(
              DistroDetection.Supported.class,
              s -> assertThat(s.profile().key()).isEqualTo("debian-" + v));
    }
    assertThat(p("debian-11").pcsShipped()).isEqualTo("0.10.8");
    assertThat(p("debian-13").pcsShipped()).isEqualTo("0.12.0");
    for (String k : java.util.List.of("debian-11", "debian-13")) {
      assertThat(p(k).packages(PackageSet.PACEMAKER))
          .as(k)
          .isEqualTo(p("debian-12").packages(PackageSet.PACEMAKER));
      assertThat(p(k).packages(PackageSet.MYSQL_SERVER))
          .containsExactly("mariadb-server", "mariadb-client");
      assertThat(p(k).mysqlServerConfig()).isEqualTo(p("debian-12").mysqlServerConfig());
    }
  }

  @Test
  void packagesPerDistribution() {
    assertThat(p("ubuntu-18.04").packages(PackageSet.PACEMAKER))
        .containsExactly("corosync", "pacemaker", "pcs");
    assertThat(p("ubuntu-22.04").packages(PackageSet.PACEMAKER)).contains("resource-agents-extra");
    // bookworm has no resource-agents-extra (apt-cache policy): resource-agents carries
    // symlink/apache/IPaddr2
    assertThat(p("debian-12").packages(PackageSet.PACEMAKER))
        .doesNotContain("resource-agents-extra")
        .contains("resource-agents");
    assertThat(p("ubuntu-16.04").packages(PackageSet.MYSQL_SERVER))
        .containsExactly("mysql-server", "mysql-client");
    assertThat(p("rhel-7").packages(PackageSet.MYSQL_SERVER))
        .containsExactly("mariadb", "mariadb-server");
    assertThat(p("debian-12").packages(PackageSet.MYSQL_SERVER))
        .containsExactly("mariadb-server", "mariadb-client");
    assertThat(p("rhel-7").packageManager()).isEqualTo(PackageManager.YUM);
    assertThat(p("rhel-8").packageManager()).isEqualTo(PackageManager.DNF);
    assertThat(p("ubuntu-22.04").packageManager().installScript(java.util.List.of("lsyncd")))
        .isEqualTo(
            "DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y --no-remove install lsyncd"
                + " || { apt-get -o DPkg::Lock::Timeout=300 -q update"
                + " && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y --no-remove install lsyncd; }");
    assertThat(Fixtures.guideRequest().packages())
        .contains(
            "mysql-server",
            "mariadb-server",
            "resource-agents-extra",
            "iptables-nft",
            "ufw",
            "firewalld");
  }

  @Test
  void servicesUsersAndDirectories() {
    assertThat(p("ubuntu-22.04").apache().service()).isEqualTo("apache2");
    assertThat(p("ubuntu-22.04").apache().user()).isEqualTo("www-data");
    assertThat(p("rhel-8").apache().service()).isEqualTo("httpd");
    assertThat(p("rhel-8").apache().group()).isEqualTo("apache");
    assertThat(p("ubuntu-16.04").apache().configFile()).contains("/etc/apache2/apache2.conf");
    assertThat(p("ubuntu-18.04").apache().configFile()).isEmpty();
    assertThat(p("rhel-7").apache().statusConf()).contains(ApacheLayout.EL7_STATUS_CONF);
    assertThat(DistroProfiles.ALL)
        .filteredOn(x -> x.apache().statusConf().isPresent())
        .extracting(DistroProfile::key)
        .containsExactly("rhel-7");
    assertThat(DistroProfiles.ALL)
        .filteredOn(DistroProfile::corosyncLogDir)
        .extracting(DistroProfile::key)
        .containsExactly("rhel-7");
    assertThat(p("ubuntu-22.04").phpSessionDir()).isEqualTo("/var/lib/php/sessions");
    assertThat(p("rhel-9").phpSessionDir()).isEqualTo("/var/lib/php/session");
    assertThat(p("ubuntu-22.04").mysqlService()).isEqualTo("mysql");
    assertThat(p("rhel-7").mysqlService()).isEqualTo("mariadb");
    assertThat(p("debian-12").mysqlService()).isEqualTo("mariadb");
    assertThat(p("rhel-8").cronService()).isEqualTo("crond");
    assertThat(p("ubuntu-22.04").mysqlServerConfig())
        .isEqualTo("/etc/mysql/mysql.conf.d/mysqld.cnf");
    assertThat(p("debian-12").mysqlServerConfig())
        .isEqualTo("/etc/mysql/mariadb.conf.d/50-server.cnf");
    assertThat(p("rhel-8").mysqlServerConfig()).isEqualTo("/etc/my.cnf.d/mariadb-server.cnf");
    // MariaDB 5.5's server package keeps server.cnf under the name upstream gives it
    assertThat(p("rhel-7").mysqlServerConfig()).isEqualTo("/etc/my.cnf.d/server.cnf");
    assertThat(DistroProfiles.ALL)
        .allSatisfy(
            x ->
                assertThat(x.mysql().dropInPath())
                    .as(x.key())
                    .endsWith("/99-ovd-failover.cnf")
                    .startsWith(x.mysql().dropInDir() + "/"));
    assertThat(p("ubuntu-16.04").mysql().flavor()).isEqualTo(MysqlFlavor.MYSQL);
    assertThat(p("rhel-7").mysql().flavor()).isEqualTo(MysqlFlavor.MARIADB);
    assertThat(Fixtures.guideRequest().paths())
        .contains("/etc/my.cnf.d/server.cnf", "/etc/netplan/90_config_eth1.yaml");
  }

  @Test
  void firewallAndLsyncd() {
    assertThat(p("ubuntu-22.04").firewall().pacemakerRules(Firewall.ANY))
        .containsExactly(
            "ufw allow in proto tcp from any to any port 2224,3121,9929",
            "ufw allow in proto udp from any to any port 5405,9929");
    assertThat(p("rhel-8").firewall().pacemakerRules(Firewall.ANY))
        .contains("firewall-cmd --permanent --add-service=high-availability");
    assertThat(p("rhel-8").firewall().mysqlRules(Firewall.ANY))
        .contains("firewall-cmd --permanent --add-port=3306/tcp");
    // by default the private network is the source
    assertThat(p("ubuntu-22.04").firewall().mysqlRules("10.20.0.0/24"))
        .containsExactly("ufw allow in proto tcp from 10.20.0.0/24 to any port 3306");
    assertThat(p("ubuntu-22.04").firewall().mysqlEvidence("10.20.0.0/24"))
        .extracting(LineQuery::line)
        .containsExactly("### tuple ### allow tcp 3306 0.0.0.0/0 any 10.20.0.0/24 in");
    assertThat(p("rhel-8").firewall().pacemakerRules("10.20.0.0/24"))
        .contains(
            "firewall-cmd --permanent --add-rich-rule='rule family=\"ipv4\" source"
                + " address=\"10.20.0.0/24\" service name=\"high-availability\" accept'");
    assertThat(p("debian-12").lsyncdFixup()).isEqualTo(LsyncdFixup.SYSTEMD_UNIT);
    assertThat(LsyncdFixup.SYSTEMD_UNIT.content())
        .contains("ExecStart=/usr/bin/lsyncd -nodaemon /etc/lsyncd/lsyncd.conf.lua");
    assertThat(LsyncdFixup.SYSTEMD_UNIT.afterChange()).isEqualTo("systemctl daemon-reload");
    assertThat(p("rhel-7").lsyncdFixup().content())
        .isEqualTo("LSYNCD_OPTIONS=\"/etc/lsyncd/lsyncd.conf.lua\"\n");
  }

  @Test
  void networkConfiguration() {
    Map<String, String> files =
        Map.of(
            "ubuntu-16.04",
            "/etc/network/interfaces.d/eth1.conf",
            "ubuntu-18.04",
            "/etc/netplan/90_config_eth1.yaml",
            "ubuntu-22.04",
            "/etc/netplan/90_config_eth1.yaml",
            "rhel-7",
            "/etc/sysconfig/network-scripts/ifcfg-eth1",
            "rhel-8",
            "/etc/sysconfig/network-scripts/ifcfg-eth1",
            "rhel-9",
            "/etc/NetworkManager/system-connections/eth1.nmconnection",
            "debian-12",
            "/etc/network/interfaces.d/eth1.conf");
    files.forEach((k, f) -> assertThat(p(k).network().file()).as(k).isEqualTo(f));
    assertThat(NetworkConfig.NETPLAN.content("eth1", "192.168.100.11/24"))
        .isEqualTo(
            "network:\n  ethernets:\n    eth1:\n      addresses:\n        - 192.168.100.11/24\n");
    assertThat(NetworkConfig.IFUPDOWN.content("eth1", "192.168.100.11/24"))
        .contains("iface eth1 inet static", "address 192.168.100.11", "netmask 255.255.255.0");
    assertThat(NetworkConfig.IFCFG_NETWORK_SCRIPTS.content("eth1", "192.168.100.21/24"))
        .contains("BOOTPROTO=manual", "IPADDR=192.168.100.21", "NETMASK=255.255.255.0");
    // the interface only, never the whole network (PrivateAddressStepTest); rhel-7 is assembled
    HostFacts rhel7 = Fixtures.facts("rhel-7");
    assertThat(p("ubuntu-18.04").network().applyScript("eth1", rhel7)).isEqualTo("netplan apply");
    assertThat(p("ubuntu-16.04").network().applyScript("eth2", rhel7)).isEqualTo("ifup eth2");
    assertThat(p("rhel-7").network().applyScript("eth2", rhel7)).isEqualTo("ifup eth2");
    assertThat(p("rhel-8").network().applyScript("eth1", rhel7))
        .startsWith("nmcli connection reload");
    assertThat(NetworkConfig.netmask("10.0.0.1/20")).isEqualTo("255.255.240.0");
  }

  @Test
  void ovdSupportNotesAreData() {
    assertThat(p("ubuntu-16.04").ovdSupport().text()).isEqualTo("OVD < 3.2");
    assertThat(p("ubuntu-22.04").ovdSupport().text()).isEqualTo("OVD >= 3.2.1");
    assertThat(p("rhel-8").ovdSupport().text()).isEqualTo("OVD >= 3.3.0");
    assertThat(DistroProfiles.ALL)
        .filteredOn(x -> !x.ovdSupport().inGuide())
        .extracting(DistroProfile::key)
        .containsExactly("ubuntu-24.04", "rhel-9", "debian-11", "debian-12", "debian-13");
  }

  @Test
  void versions() {
    assertThat(SoftwareVersion.parse("0.10.11").compareTo(SoftwareVersion.parse("0.9.169")))
        .isPositive();
    assertThat(SoftwareVersion.parse("Pacemaker 1.1.18-2b07d5c5a9").atLeast("1.1.18")).isTrue();
    assertThat(SoftwareVersion.parse("0.11.1").atLeast("0.11.1")).isTrue();
    assertThat(SoftwareVersion.parse("0.11").atLeast("0.11.1")).isFalse();
  }
}
