package io.ovdfailover.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crm_mon output (Pacemaker 2.1.5 reading CIBs built with cibadmin and crm_simulate), see
 * facts/cluster.
 */
class CrmMonParserTest {
  @Test
  void startedCluster() {
    CrmMonStatus s = CrmMonParser.parse(Fixtures.text("cluster/crm_mon-started.xml"));
    assertThat(s.pacemakerVersion())
        .isEmpty(); // crm_mon on a CIB file prints no <pacemaker-version>
    assertThat(s.dc()).contains("osm1.priv");
    assertThat(s.node("osm1.priv").orElseThrow().isDc()).isTrue();
    assertThat(s.node("pcs3.priv").orElseThrow().isDc()).isFalse();
    CrmMonStatus.Resource vip = s.resource("virtual_ip").orElseThrow();
    assertThat(vip.agent()).isEqualTo("ocf:heartbeat:IPaddr2");
    assertThat(vip.role()).isEqualTo("Started");
    assertThat(vip.node()).contains("osm1.priv");
    assertThat(s.resource("lsyncd").orElseThrow().agent()).isEqualTo("systemd:lsyncd");
    assertThat(s.resources()).noneMatch(CrmMonStatus.Resource::failed);
  }

  @Test
  void quorumAsTheDcReportsIt() {
    // recorded on the lab (Pacemaker 2.1.5): pcs4 with its private link cut, alone, and pcs3 with
    // osm1 powered off
    CrmMonStatus alone = CrmMonParser.parse(Fixtures.text("cluster/crm_mon-pcs4-no-quorum.xml"));
    assertThat(alone.withQuorum()).isFalse();
    assertThat(alone.dc()).contains("pcs4.priv");
    assertThat(alone.nodes())
        .filteredOn(CrmMonStatus.Node::online)
        .extracting(CrmMonStatus.Node::name)
        .containsExactly("pcs4.priv");

    CrmMonStatus majority = CrmMonParser.parse(Fixtures.text("cluster/crm_mon-pcs3-osm1-down.xml"));
    assertThat(majority.withQuorum()).isTrue();
    assertThat(majority.node("osm1.priv").orElseThrow().online()).isFalse();
    assertThat(majority.resource("httpd").orElseThrow().node()).contains("osm2.priv");
    assertThat(CrmMonParser.parse(Fixtures.text("cluster/crm_mon-started.xml")).withQuorum())
        .isTrue();
  }

  @Test
  void standbyNode() {
    CrmMonStatus s = CrmMonParser.parse(Fixtures.text("cluster/crm_mon-osm2-standby.xml"));
    assertThat(s.node("osm2.priv").orElseThrow().standby()).isTrue();
    assertThat(s.node("osm1.priv").orElseThrow().standby()).isFalse();
  }

  @Test
  void failedMonitorMarksTheResourceFailed() {
    CrmMonStatus s = CrmMonParser.parse(Fixtures.text("cluster/crm_mon-httpd-failed.xml"));
    assertThat(s.resource("httpd").orElseThrow().failed()).isTrue();
    assertThat(s.resource("virtual_ip").orElseThrow().failed()).isFalse();
    assertThat(s.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.resource()).isEqualTo("httpd");
              assertThat(f.node()).isEqualTo("osm1.priv");
              assertThat(f.describe())
                  .isEqualTo("httpd monitor on osm1.priv: not running (Simulated action result)");
            });
    assertThat(CrmMonParser.parse(Fixtures.text("cluster/crm_mon-started.xml")).failures())
        .isEmpty();
  }

  @Test
  void notConnectedIsAClearError() {
    // recorded on this host with no cluster running
    String xml =
        """
        <pacemaker-result api-version="2.25" request="crm_mon -1 --output-as=xml">
          <status code="102" message="Not connected">
            <errors>
              <error>crm_mon: Connection to cluster failed: Connection refused</error>
            </errors>
          </status>
        </pacemaker-result>
        """;
    assertThatThrownBy(() -> CrmMonParser.parse(xml))
        .isInstanceOf(FactsFormatException.class)
        .hasMessageContaining("Not connected")
        .hasMessageContaining("Connection refused");
  }

  @Test
  void pacemaker11AsXmlLayout() {
    // shape of Pacemaker 1.1's crm_mon -X (Ubuntu 16.04/18.04, RHEL 7), written by hand: no 1.1
    // binary here
    String xml =
        """
        <?xml version="1.0"?>
        <crm_mon version="1.1.18">
          <summary><current_dc present="true" version="1.1.18-2b07d5c5a9" name="osm1.priv" id="1"
            with_quorum="true"/></summary>
          <nodes>
            <node name="osm1.priv" id="1" online="true" standby="false" standby_onfail="false" maintenance="false"
              pending="false" unclean="false" shutdown="false" expected_up="true" is_dc="true" resources_running="1"
              type="member"/>
            <node name="pcs3.priv" id="3" online="false" standby="false" standby_onfail="false" maintenance="false"
              pending="false" unclean="true" shutdown="false" expected_up="true" is_dc="false" resources_running="0"
              type="member"/>
          </nodes>
          <resources>
            <group id="g" number_resources="1">
              <resource id="virtual_ip" resource_agent="ocf::heartbeat:IPaddr2" role="Started" active="true"
                orphaned="false" managed="true" failed="false" failure_ignored="false" nodes_running_on="1">
                <node name="osm1.priv" id="1" cached="false"/>
              </resource>
            </group>
          </resources>
        </crm_mon>
        """;
    CrmMonStatus s = CrmMonParser.parse(xml.strip());
    assertThat(s.pacemakerVersion()).isEqualTo("1.1.18");
    assertThat(s.node("pcs3.priv").orElseThrow().unclean()).isTrue();
    assertThat(s.node("pcs3.priv").orElseThrow().online()).isFalse();
    assertThat(s.resource("virtual_ip").orElseThrow().node()).contains("osm1.priv");
  }

  @TempDir Path tmp;

  /**
   * The operator's own crm_mon commands (the cluster glance, the failover test's polls) read
   * Pacemaker 1.1 too, whose crm_mon refuses --output-as (usage on stderr) and answers -X. Run with
   * stand-ins for both crm_mon generations: no Pacemaker here.
   */
  @Test
  void theXmlScriptReadsPacemaker11AndPacemaker2() throws Exception {
    String v11 =
        """
        case "$*" in *--output-as*) echo "crm_mon: unrecognized option '--output-as=xml'" >&2
          echo 'usage: crm_mon [options]' >&2; exit 64 ;; esac
        echo '<crm_mon version="1.1.23"><summary><current_dc present="true" name="osm1.priv"'
        echo ' with_quorum="true"/></summary><nodes/><resources/></crm_mon>'
        """;
    CrmMonStatus old = CrmMonParser.parse(runXmlScript(v11).stdout());
    assertThat(old.pacemakerVersion()).isEqualTo("1.1.23");
    assertThat(old.withQuorum()).isTrue();

    String v2 =
        """
        case "$*" in *-X*) echo 'no -X here' >&2; exit 64 ;; esac
        cat <<'XML'
        %s
        XML
        """
            .formatted(Fixtures.text("cluster/crm_mon-started.xml").strip());
    assertThat(CrmMonParser.parse(runXmlScript(v2).stdout()).dc()).contains("osm1.priv");

    // a Pacemaker 2 error keeps its XML and its exit code (no fall-back to -X)
    String failing =
        """
        case "$*" in *-X*) echo '-X must not run' >&2; exit 3 ;; esac
        echo '<pacemaker-result api-version="2.25"><status code="102" message="Not connected"/></pacemaker-result>'
        exit 102
        """;
    CommandResult r = runXmlScript(failing);
    assertThat(r.exitCode()).isEqualTo(102);
    assertThat(r.stdout()).contains("Not connected");
  }

  private CommandResult runXmlScript(String crmMonBody) throws Exception {
    Path bin = Files.createTempDirectory(tmp, "bin");
    Path crmMon = bin.resolve("crm_mon");
    Files.writeString(crmMon, "#!/bin/sh\n" + crmMonBody);
    Files.setPosixFilePermissions(crmMon, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", CrmMonParser.XML_SCRIPT);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new CommandResult(p.waitFor(), out, err, java.time.Duration.ZERO);
  }

  @Test
  void rejectsDoctypesAndGarbage() {
    assertThatThrownBy(
            () ->
                CrmMonParser.parse(
                    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"))
        .isInstanceOf(FactsFormatException.class);
    assertThatThrownBy(() -> CrmMonParser.parse("<cib/>"))
        .hasMessageContaining("unexpected root element <cib>");
    assertThatThrownBy(() -> CrmMonParser.parse("not xml")).hasMessageContaining("not well-formed");
  }
}
