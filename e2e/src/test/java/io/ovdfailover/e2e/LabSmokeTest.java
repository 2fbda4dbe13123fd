package io.ovdfailover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lab's promises: pinned SSH logins, bare nodes, local package repository, the stand-in farm.
 */
@Order(1)
@ExtendWith(LabExtension.class)
class LabSmokeTest {

  private static final String CLUSTER_PACKAGES = "pacemaker corosync pcs lsyncd resource-agents";

  @Test
  void upPrintsTheWallTimeOfEachPhase(Lab lab) {
    System.out.println("lab up phases: " + lab.upReport());
    assertThat(lab.upReport())
        .anyMatch(l -> l.startsWith("phase base-image: "))
        .anyMatch(l -> l.startsWith("phase package-repo: "))
        .anyMatch(l -> l.startsWith("phase boot: "))
        .anyMatch(l -> l.matches("phase total: [0-9.]+s"));
  }

  @Test
  void everyNodeAcceptsRootAndTheSudoUserWithPinnedHostKeys(Lab lab) {
    for (String node : Lab.NODES) {
      Lab.Result root =
          Probes.pinnedSsh(
              lab, Lab.ROOT, node, "hostname; ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub");
      assertThat(root.ok()).as("root@%s: %s", node, root).isTrue();
      assertThat(root.stdout()).startsWith(node + "\n").contains(lab.hostKeyFingerprint(node));

      Lab.Result admin = Probes.pinnedSsh(lab, lab.adminUser(), node, "id -un; sudo -n id -u");
      assertThat(admin.ok()).as("%s@%s: %s", lab.adminUser(), node, admin).isTrue();
      assertThat(admin.stdout()).isEqualTo(lab.adminUser() + "\n0\n");
    }
  }

  @Test
  void nodesStartWithoutClusterPackagesAndUseOnlyTheLocalRepository(Lab lab) {
    for (String node : Lab.NODES) {
      Lab.Result installed =
          lab.exec(
              node,
              "dpkg-query -W -f='${Package} ${Status}\\n' "
                  + CLUSTER_PACKAGES
                  + " 2>/dev/null | grep -c ' installed' || true");
      assertThat(installed.stdout().strip()).as("cluster packages on %s", node).isEqualTo("0");
      Lab.Result sources =
          lab.exec(node, "cat /etc/apt/sources.list; ls /etc/apt/sources.list.d; ip route");
      assertThat(sources.stdout())
          .contains("deb [trusted=yes] file:/srv/ovd-lab-repo ./")
          .doesNotContain("http")
          .doesNotContain("default");
    }
  }

  @Test
  void aClusterPackageInstallsOnABareNodeFromTheLocalRepository(Lab lab) {
    Lab.Result r =
        lab.exec(
            "pcs4",
            "export DEBIAN_FRONTEND=noninteractive; apt-get -q update"
                + " && apt-get install -y -q corosync >/dev/null && dpkg-query -W -f='${Status}' corosync"
                + " && apt-cache policy corosync | grep -c file:/srv/ovd-lab-repo");
    assertThat(r.ok()).as("apt-get install corosync on pcs4: %s", r).isTrue();
    assertThat(r.stdout()).contains("install ok installed");
    // Debian's real packaging: corosync starts a default one-node cluster right after install
    assertThat(lab.exec("pcs4", "systemctl is-active corosync").stdout().strip())
        .isEqualTo("active");
  }

  @AfterAll
  static void bareAgain(Lab lab) {
    lab.reset("pcs4");
  }

  @Test
  void osm1ServesItsSessionManagerIdToTheHost(Lab lab) {
    String osm1 = lab.sessionManagerId("osm1");
    assertThat(osm1).matches("[A-Z0-9]{5}(-[A-Z0-9]{5}){4}");
    assertThat(Probes.curl("http://" + lab.svcAddress("osm1") + "/ovd/")).contains(osm1);
    assertThat(Probes.curl("http://" + lab.svcAddress("osm1") + "/ovd/health")).isEqualTo("OK\n");
    String osm2 = lab.sessionManagerId("osm2");
    assertThat(osm2).isNotEqualTo(osm1);
    assertThat(Probes.curl("http://" + lab.svcAddress("osm2") + "/ovd/")).contains(osm2);
  }

  /**
   * The database password goes from the config file to mysql through stdin, never via arguments.
   */
  private static final String AS_OVD_USER =
      "python3 -c 'import json; c = json.load(open(\"/var/spool/ovd/session-manager/config\"));"
          + " print(\"[client]\\nuser=\" + c[\"general.sql.user\"] + \"\\npassword=\" + c[\"general.sql.password\"])'"
          + " | mysql --defaults-extra-file=/dev/stdin -N ovd -e ";

  @Test
  void osm1IsTheExistingFarm(Lab lab) {
    Lab.Result files =
        lab.exec(
            "osm1",
            "stat -c '%U %a' /var/spool/ovd/session-manager/config;"
                + " grep -c '\"general.sql.host\": \"localhost\"' /var/spool/ovd/session-manager/config;"
                + " test -f /etc/ovd/session-manager/sessionmanager.cron && test -f /etc/cron.d/ovd-session-manager"
                + " && test -d /var/lib/php/sessions && echo files-ok;"
                + " systemctl is-enabled mariadb apache2 cron");
    assertThat(files.stdout()).isEqualTo("www-data 660\n1\nfiles-ok\nenabled\nenabled\nenabled\n");
    Lab.Result rows =
        lab.exec(
            "osm1",
            AS_OVD_USER
                + "'SELECT COUNT(*) FROM users; SELECT COUNT(*) FROM sessions;"
                + " SELECT COUNT(*) FROM servers; SELECT COUNT(*) FROM settings;"
                + " SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = \"ovd\" AND engine <> \"InnoDB\"'");
    assertThat(rows.ok()).as("%s", rows).isTrue();
    int total = rows.stdout().lines().limit(4).mapToInt(Integer::parseInt).sum();
    assertThat(total).isBetween(200, 1000);
    assertThat(rows.stdout().lines().skip(4).findFirst()).contains("0");
  }

  @Test
  void osm2IsAFreshSessionManagerWithAnEmptyDatabase(Lab lab) {
    Lab.Result tables =
        lab.exec(
            "osm2",
            AS_OVD_USER
                + "'SHOW TABLES' | wc -l; test -f /etc/cron.d/ovd-session-manager"
                + " && systemctl is-active mariadb apache2");
    assertThat(tables.stdout()).isEqualTo("0\nactive\nactive\n");
  }
}
