package io.ovdfailover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every fault control of e2e/lab does what docs/lab.md says, seen from the host and from another
 * node.
 */
@Order(2)
@ExtendWith(LabExtension.class)
class LabFaultControlTest {

  private static final String VIP = "198.18.0.100";

  private static ConditionFactory within(int seconds) {
    return await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(200));
  }

  @Test
  void stopIsAPowerCutThatSilencesEveryAddressAndStartBootsClean(Lab lab) {
    String svc = lab.svcAddress("osm1");
    String priv = lab.privAddress("osm1");
    // stand in for the operator's VIP: a killed node's netns would keep answering for it
    assertThat(lab.exec("osm1", "ip addr add " + VIP + "/24 dev eth0").ok()).isTrue();
    // network state that dies with a real host: a fresh boot must not inherit it
    assertThat(lab.exec("osm1", "sysctl -qw net.ipv4.ip_forward=1").ok()).isTrue();
    within(10).until(() -> Probes.pingFromHost(VIP));

    lab.stop("osm1");

    assertThat(Probes.pinnedSsh(lab, Lab.ROOT, "osm1", "true").ok()).isFalse();
    assertThat(Probes.pingFromHost(svc)).isFalse();
    assertThat(Probes.pingFromHost(VIP)).isFalse();
    assertThat(Probes.tcpFromHost(svc, 22)).isFalse();
    assertThat(Probes.tcpFromHost(svc, 80)).isFalse();
    assertThat(Probes.pingFrom(lab, "pcs3", svc)).isFalse();
    assertThat(Probes.pingFrom(lab, "pcs3", priv)).isFalse();
    assertThat(Probes.pingFrom(lab, "pcs3", VIP)).isFalse();
    assertThat(Probes.tcpFrom(lab, "pcs3", priv, 22)).isFalse();

    lab.start("osm1");

    assertThat(Probes.pinnedSsh(lab, Lab.ROOT, "osm1", "hostname").stdout()).isEqualTo("osm1\n");
    assertThat(lab.exec("osm1", "ip -br -4 addr show dev eth0").stdout())
        .contains(svc + "/24")
        .doesNotContain(VIP);
    assertThat(lab.exec("osm1", "sysctl -n net.ipv4.ip_forward").stdout()).isEqualTo("0\n");
    assertThat(Probes.pingFrom(lab, "pcs3", priv)).isTrue();
    within(60)
        .until(() -> Probes.curl("http://" + svc + "/ovd/").contains(lab.sessionManagerId("osm1")));
  }

  @Test
  void cutAndHealOneNetwork(Lab lab) {
    String priv = lab.privAddress("osm1");
    within(10).until(() -> Probes.pingFrom(lab, "pcs3", priv));

    lab.cut("osm1", Lab.Net.PRIV);
    within(10).until(() -> !Probes.pingFrom(lab, "pcs3", priv));
    assertThat(Probes.tcpFrom(lab, "pcs3", priv, 22)).isFalse();
    assertThat(Probes.pingFrom(lab, "pcs3", lab.svcAddress("osm1"))).as("svc stays up").isTrue();

    lab.heal("osm1", Lab.Net.PRIV);
    within(10).until(() -> Probes.pingFrom(lab, "pcs3", priv));
    assertThat(Probes.tcpFrom(lab, "pcs3", priv, 22)).isTrue();
  }

  @Test
  void rekeyMakesPinnedClientsRefuseTheNode(Lab lab) {
    String newFingerprint = lab.rekey("pcs4");
    assertThat(newFingerprint).isNotEqualTo(lab.hostKeyFingerprint("pcs4"));

    Lab.Result pinned = Probes.pinnedSsh(lab, Lab.ROOT, "pcs4", "true");
    assertThat(pinned.ok()).isFalse();
    assertThat(pinned.stderr()).contains("Host key verification failed");

    lab.reset("pcs4");
    assertThat(Probes.pinnedSsh(lab, Lab.ROOT, "pcs4", "true").ok())
        .as("reset restores the pinned key")
        .isTrue();
  }

  @Test
  void sshdStopRefusesConnections(Lab lab) {
    lab.sshdStop("dbmy");
    Lab.Result r = Probes.pinnedSsh(lab, Lab.ROOT, "dbmy", "true");
    assertThat(r.ok()).isFalse();
    assertThat(r.stderr()).contains("Connection refused");
    assertThat(Probes.tcpFromHost(lab.svcAddress("dbmy"), 22)).isFalse();
    assertThat(Probes.pingFromHost(lab.svcAddress("dbmy"))).as("the host itself is up").isTrue();

    lab.reset("dbmy");
    assertThat(Probes.pinnedSsh(lab, Lab.ROOT, "dbmy", "true").ok()).isTrue();
  }

  @Test
  void resetRestoresTheStartingState(Lab lab) {
    assertThat(lab.exec("pcs3", "echo changed > /root/lab-marker && rm /etc/hostname").ok())
        .isTrue();
    assertThat(
            lab.exec(
                    "osm1",
                    "mysql ovd -e 'DROP TABLE sessions' && echo broken > /var/www/html/ovd/index.html")
                .ok())
        .isTrue();

    lab.reset("pcs3");
    lab.reset("osm1");

    assertThat(lab.exec("pcs3", "test -e /root/lab-marker; echo $?; cat /etc/hostname").stdout())
        .isEqualTo("1\npcs3\n");
    assertThat(lab.exec("osm1", "mysql -N ovd -e 'SELECT COUNT(*) FROM sessions'").stdout().strip())
        .isNotEqualTo("0")
        .matches("[0-9]+");
    assertThat(Probes.curl("http://" + lab.svcAddress("osm1") + "/ovd/"))
        .contains(lab.sessionManagerId("osm1"));
    assertThat(Probes.pinnedSsh(lab, Lab.ROOT, "osm1", "true").ok())
        .as("same pinned host key")
        .isTrue();
  }
}
