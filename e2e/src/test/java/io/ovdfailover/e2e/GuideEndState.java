package io.ovdfailover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What chapters I-VI of the guide leave on the hosts, checked on the lab's real hosts. */
final class GuideEndState {
  static final String COUNTS =
      "for t in $(mariadb -N -e 'show tables' ovd); do printf '%s ' $t;"
          + " mariadb -N -e \"select count(*) from $t\" ovd; done";
  static final List<String> RESOURCES =
      List.of("virtual_ip", "virtual_ip_src", "osm_cron", "httpd", "lsyncd", "lsyncd_cron");

  private GuideEndState() {}

  /** Row counts per table of osm1's local database, before the operator moves it. */
  static String sourceCounts(Lab lab) {
    String counts = lab.exec("osm1", COUNTS).stdout();
    assertThat(counts).isNotBlank();
    return counts;
  }

  /**
   * The cluster formed with all six resources on {@code active}, the VIP and SNAT only there, the
   * Session Manager answering through the VIP, both configs pointing at dbmy, the data moved with
   * equal row counts, osm1's local MariaDB disabled.
   */
  static void check(Lab lab, String sourceCounts, String active) {
    String passive = active.equals("osm1") ? "osm2" : "osm1";
    // a resource Pacemaker is (re)starting right then ("Starting") settles within seconds: wait for
    // it, not longer
    await("all six started on " + active)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              String crm = lab.exec("pcs3", "crm_mon -1").stdout();
              assertThat(crm).contains("Online: [ osm1.priv osm2.priv pcs3.priv pcs4.priv ]");
              for (String r : RESOURCES) {
                assertThat(crm)
                    .containsPattern(r + "\\s+\\(\\S+\\):\\s+Started " + active + "\\.priv");
              }
            });
    assertThat(lab.exec(active, "ip -o -4 addr show dev eth0").stdout())
        .contains(" 198.18.0.100/24 ");
    assertThat(lab.exec(passive, "ip -o -4 addr show dev eth0").stdout())
        .doesNotContain("198.18.0.100");
    assertThat(lab.exec(active, "iptables -t nat -S POSTROUTING").stdout())
        .contains("--to-source 198.18.0.100");
    assertThat(lab.exec(passive, "iptables -t nat -S POSTROUTING").stdout())
        .doesNotContain("--to-source");
    String page = lab.exec(passive, "wget -qO- -T 5 http://198.18.0.100/ovd/").stdout();
    assertThat(page).contains(lab.sessionManagerId(active));
    for (String osm : List.of("osm1", "osm2")) {
      assertThat(
              lab.exec(osm, "grep -c dbmy.priv /var/spool/ovd/session-manager/config")
                  .stdout()
                  .strip())
          .as("%s's Session Manager config points at the database node", osm)
          .isNotEqualTo("0");
    }
    assertThat(lab.exec("dbmy", COUNTS).stdout())
        .as("row counts per table on dbmy vs osm1's at the start")
        .isEqualTo(sourceCounts);
    assertThat(lab.exec("osm1", "systemctl is-enabled mariadb").stdout().strip())
        .isEqualTo("disabled");
    assertThat(
            lab.exec(
                    "pcs3", "crm_attribute --type crm_config --name load-threshold --query --quiet")
                .stdout()
                .strip())
        .as("the lab sample's spec.pacemaker.loadThreshold, set as the cluster property")
        .isEqualTo(sampleLoadThreshold());
  }

  /**
   * The CIB as chapter VI leaves it: the six resources, each colocated with the VIP (lsyncd_cron
   * with lsyncd), the quorum nodes banned from all of them, no {@code cli-*} constraint left by a
   * move, and {@code crm_verify -L -V} with nothing to say.
   */
  private static String sampleLoadThreshold() {
    try {
      return LabShells.sampleSpec().pacemaker.loadThreshold;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void cib(Lab lab) {
    String resources = lab.exec("pcs3", "cibadmin --query --scope resources").stdout();
    for (String r : RESOURCES) {
      assertThat(resources).as("primitive " + r).contains("<primitive id=\"" + r + "\"");
    }
    String constraints = lab.exec("pcs3", "cibadmin --query --scope constraints").stdout();
    // attribute order differs between pcs releases: match each element's attributes, not a line
    List<String> colocations = elements(constraints, "rsc_colocation");
    Map<String, String> withRsc = new LinkedHashMap<>();
    for (String r : List.of("virtual_ip_src", "osm_cron", "httpd", "lsyncd"))
      withRsc.put(r, "virtual_ip");
    withRsc.put("lsyncd_cron", "lsyncd");
    withRsc.forEach(
        (r, with) ->
            assertThat(colocations)
                .as("%s colocated with %s", r, with)
                .anyMatch(
                    c ->
                        c.contains(" rsc=\"" + r + "\"")
                            && c.contains(" with-rsc=\"" + with + "\"")
                            && c.contains(" score=\"INFINITY\"")));
    List<String> locations = elements(constraints, "rsc_location");
    for (String q : List.of("pcs3", "pcs4")) {
      assertThat(locations)
          .as("the resources banned from %s", q)
          .anyMatch(
              l -> l.contains(" node=\"" + q + ".priv\"") && l.contains(" score=\"-INFINITY\""));
    }
    assertThat(constraints).doesNotContain("cli-prefer").doesNotContain("cli-ban");
    Lab.Result verify = lab.exec("pcs3", "crm_verify -L -V 2>&1; echo \"exit $?\"");
    assertThat(verify.stdout().strip()).as("crm_verify -L -V").isEqualTo("exit 0");
  }

  private static List<String> elements(String xml, String tag) {
    List<String> found = new ArrayList<>();
    Matcher m = Pattern.compile("<" + tag + " [^>]*>").matcher(xml);
    while (m.find()) found.add(m.group());
    return found;
  }

  /**
   * lsyncd copies a file written in the Session Manager's spool on {@code from} to {@code to}
   * within 30 s.
   */
  static void syncs(Lab lab, String from, String to) {
    String marker = "e2e-" + System.nanoTime();
    lab.exec(from, "echo " + marker + " > /var/spool/ovd/session-manager/" + marker);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    boolean synced = false;
    while (!synced && System.nanoTime() < deadline) {
      synced =
          lab.exec(to, "cat /var/spool/ovd/session-manager/" + marker).stdout().contains(marker);
    }
    assertThat(synced).as("lsyncd copied the file from %s to %s within 30 s", from, to).isTrue();
  }

  /**
   * Chapter IV's point, on the wire: a new TCP connection from {@code active} reaches dbmy's
   * service address from the VIP, one from the passive session manager from its own address. Each
   * node holds a connection to dbmy's sshd open (bash's /dev/tcp, waiting for the banner exchange)
   * while dbmy's {@code ss} names its peers.
   */
  static void outgoingTraffic(Lab lab, String active) {
    String passive = active.equals("osm1") ? "osm2" : "osm1";
    String dbmy = lab.svcAddress("dbmy");
    String open =
        "(timeout 30 bash -c 'exec 3<>/dev/tcp/" + dbmy + "/22; cat <&3' >/dev/null 2>&1 &)";
    String close = "pkill -f 'dev/tcp/" + dbmy + "/22' || true";
    try {
      assertThat(lab.exec(active, open).ok()).isTrue();
      assertThat(lab.exec(passive, open).ok()).isTrue();
      await("dbmy sees both session managers' connections")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> {
                String peers =
                    lab.exec("dbmy", "ss -Htn state established '( sport = :22 )'").stdout();
                assertThat(peers).as("from %s: the VIP", active).contains(" 198.18.0.100:");
                assertThat(peers)
                    .as("from %s: its own address", passive)
                    .contains(" " + lab.svcAddress(passive) + ":");
              });
    } finally {
      lab.exec(active, close);
      lab.exec(passive, close);
    }
  }
}
