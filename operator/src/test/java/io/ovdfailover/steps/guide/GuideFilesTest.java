package io.ovdfailover.steps.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.CredentialsSecretRef;
import io.ovdfailover.api.DatabaseSpec;
import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.PrivateNetworkSpec;
import io.ovdfailover.api.VipSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated files against the guide's own text (chapters I, IV, V). */
public class GuideFilesTest {

  public static OvdFailoverClusterSpec guideSpec() {
    OvdFailoverClusterSpec s = new OvdFailoverClusterSpec();
    s.ovdVersion = "3.3.0";
    s.privateNetwork = new PrivateNetworkSpec("192.168.100.0/24");
    s.vip = new VipSpec("10.20.1.10", 24);
    s.sessionManagers =
        List.of(
            new NodeSpec("osm1", "10.20.1.11", "192.168.100.11"),
            new NodeSpec("osm2", "10.20.1.12", "192.168.100.12"));
    s.quorumNodes =
        List.of(
            new NodeSpec("pcs3", null, "192.168.100.13"),
            new NodeSpec("pcs4", null, "192.168.100.14"));
    s.database = new DatabaseSpec();
    s.database.node = new NodeSpec("dbmy", null, "192.168.100.21");
    s.database.credentialsSecret = new CredentialsSecretRef("ovd-db");
    return s;
  }

  @Test
  void clusterVipSrcUnitRunsTheGuidesIptablesCommands() {
    String unit = GuideFiles.clusterVipSrcUnit();
    assertThat(unit)
        .contains("EnvironmentFile=/etc/default/cluster-vip-src")
        .contains(
            "ExecStop=/sbin/iptables  -t nat -D POSTROUTING -o ${NIC} -d ${ADDRESS} -j SNAT --to-source ${VIRTUAL_IP}")
        .contains("Type=oneshot\nRemainAfterExit=yes");
  }

  @Test
  void clusterVipSrcUnitGuardsOpenTcpConnectionsBeforeTheGuidesRuleAndRemovesTheGuardLast() {
    List<String> exec =
        GuideFiles.clusterVipSrcUnit().lines().filter(l -> l.startsWith("Exec")).toList();
    assertThat(exec)
        .containsExactly(
            // a guard left by a crash or a failed start goes first, so that starts never pile
            // guards up
            "ExecStartPre=-/sbin/iptables -t nat -D POSTROUTING -o ${NIC} -p tcp ! --syn -j ACCEPT",
            "ExecStart=/sbin/iptables -t nat -I POSTROUTING -o ${NIC} -p tcp ! --syn -j ACCEPT",
            // the guide's rule, below the guard: inserted at the top, a packet of an open
            // connection could slip in
            // between the two commands and be rewritten
            "ExecStart=/sbin/iptables -t nat -I POSTROUTING 2 -o ${NIC} -d ${ADDRESS} -j SNAT --to-source ${VIRTUAL_IP}",
            "ExecStop=/sbin/iptables  -t nat -D POSTROUTING -o ${NIC} -d ${ADDRESS} -j SNAT --to-source ${VIRTUAL_IP}",
            // ExecStopPost also runs after a start that failed half-way (systemd skips ExecStop
            // then); '-': a unit
            // written before the guard existed started without it, and stopping must not fail on
            // the missing rule
            "ExecStopPost=-/sbin/iptables -t nat -D POSTROUTING -o ${NIC} -p tcp ! --syn -j ACCEPT");
  }

  @Test
  void clusterVipSrcDefaultsCarryNicVipAndTheCommaSeparatedDestinations() {
    String d =
        GuideFiles.clusterVipSrcDefaults(
            "eth0", "10.20.1.10", List.of("10.20.1.0/24", "10.30.0.0/16"));
    assertThat(d)
        .contains("\nNIC=eth0\n")
        .contains("\nVIRTUAL_IP=10.20.1.10\n")
        .contains("\nADDRESS=10.20.1.0/24,10.30.0.0/16\n");
    assertThat(GuideFiles.clusterVipSrcDefaults("eth0", "10.20.1.10", List.of("0.0.0.0/0")))
        .contains("\nADDRESS=0.0.0.0/0\n");
  }

  @Test
  void lsyncdConfigSyncsEachFolderToTheOtherOsmWithTheSyncKey() {
    String lua =
        GuideFiles.lsyncdConfig(
            List.of(
                "/var/spool/ovd/session-manager",
                "/etc/ovd/session-manager",
                "/var/lib/php/sessions"));
    assertThat(lua)
        .contains("host = \"the-other-osm\"")
        .contains(
            "folders = {\n    \"/var/spool/ovd/session-manager\",\n    \"/etc/ovd/session-manager\",\n    \"/var/lib/php/sessions\",\n}")
        .contains("default.rsyncssh,")
        .contains("exclude   = {'.*'},")
        .contains("_extra = {'--rsh=ssh -i /root/.ssh/sync_rsa'},")
        .contains("identityFile = '/root/.ssh/sync_rsa',")
        .contains("insist = true,")
        .contains("logfile = \"/var/log/lsyncd.log\",");
  }

  @Test
  void lsyncdCronHupsLsyncdHourly() {
    assertThat(GuideFiles.lsyncdCron())
        .isEqualTo("00 * * * * root /usr/bin/killall -s SIGHUP lsyncd\n");
  }

  @Test
  void syncKeyIsRestrictedToTheOtherNodesPrivateAddress() {
    assertThat(
            GuideFiles.restrictedAuthorizedKey("192.168.100.11", "ssh-rsa AAAAB3Nza root@osm1\n"))
        .isEqualTo(
            "from=\"192.168.100.11\",no-pty,no-user-rc,no-agent-forwarding,no-port-forwarding,no-X11-forwarding "
                + "ssh-rsa AAAAB3Nza root@osm1");
    assertThat(GuideFiles.knownHostsLine("192.168.100.12", "ssh-ed25519 AAAAC3 root@osm2"))
        .isEqualTo("the-other-osm,192.168.100.12 ssh-ed25519 AAAAC3");
  }

  @Test
  void hostsEntriesHaveEveryPrivateNameAndTheOtherOsmAliasOnSessionManagersOnly() {
    OvdFailoverClusterSpec s = guideSpec();
    assertThat(GuideHosts.entriesFor(s, "osm1"))
        .extracting(GuideHosts.Entry::line)
        .containsExactly(
            "192.168.100.11 osm1.priv",
            "192.168.100.12 osm2.priv the-other-osm",
            "192.168.100.13 pcs3.priv",
            "192.168.100.14 pcs4.priv",
            "192.168.100.21 dbmy.priv");
    assertThat(GuideHosts.entriesFor(s, "osm2"))
        .extracting(GuideHosts.Entry::line)
        .contains("192.168.100.11 osm1.priv the-other-osm", "192.168.100.12 osm2.priv");
    assertThat(GuideHosts.entriesFor(s, "pcs3"))
        .extracting(GuideHosts.Entry::line)
        .noneMatch(l -> l.contains("the-other-osm"));
  }
}
