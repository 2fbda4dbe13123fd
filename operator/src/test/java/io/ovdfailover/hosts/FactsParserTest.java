package io.ovdfailover.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FactsParserTest {
  /** The third column says where the fixture comes from (facts/README.md). */
  @ParameterizedTest(name = "{0} ({2}) selects profile {1}")
  @CsvSource({
    "debian-12,debian-12,recorded from the Debian 12 build host",
    "debian-12-cluster,debian-12,recorded from the Debian 12 build host",
    "ubuntu-16.04,ubuntu-16.04,assembled by hand",
    "ubuntu-18.04,ubuntu-18.04,assembled by hand",
    "ubuntu-22.04,ubuntu-22.04,assembled by hand",
    "ubuntu-24.04,ubuntu-24.04,assembled by hand",
    "rhel-7,rhel-7,assembled by hand",
    "rhel-8,rhel-8,assembled by hand",
    "rhel-9,rhel-9,assembled by hand"
  })
  void everyFixtureParsesIntoItsProfile(String fixture, String profileKey, String origin) {
    HostFacts facts = Fixtures.facts(fixture);
    DistroDetection d = DistroProfiles.detect(facts);
    assertThat(d).isInstanceOf(DistroDetection.Supported.class);
    assertThat(((DistroDetection.Supported) d).profile().key()).isEqualTo(profileKey);
    assertThat(facts.paths()).containsKey("/etc/hosts");
    assertThat(facts.pcs()).isPresent();
  }

  @Test
  void recordedDebian12() {
    HostFacts f = Fixtures.facts("debian-12");
    assertThat(f.os().id()).isEqualTo("debian");
    assertThat(f.os().versionId()).isEqualTo("12");
    assertThat(f.uid()).isZero();
    assertThat(f.packageTool()).contains("dpkg");
    assertThat(f.packages()).containsEntry("pcs", "0.11.5-1+deb12u1");
    assertThat(f.installed("resource-agents-extra")).isFalse();
    assertThat(f.installed("ufw")).as("dpkg 'not-installed' state").isFalse();
    // read from pcsd's capabilities.xml + the package version: pcs itself (Python) is not started
    assertThat(f.pcs().orElseThrow().version().numbers()).containsExactly(0, 11, 5);
    assertThat(f.pcs().orElseThrow().has("pcs.auth.separated-name-and-address")).isTrue();
    assertThat(f.pcs().orElseThrow().has(PcsInfo.CAP_MOVE_AUTOCLEAN_DEFAULT)).isTrue();
    assertThat(f.pacemaker().orElseThrow().atLeast("2.1.5")).isTrue();
    assertThat(f.corosync().orElseThrow().toString())
        .startsWith("Corosync Cluster Engine, version '3.1.7'");
    // recorded in a container without systemd as PID 1: units are unknown and the facts say why
    assertThat(f.systemd()).isFalse();
    assertThat(f.unit("pcsd")).isEqualTo(UnitState.UNKNOWN);
    assertThat(f.problems()).anyMatch(p -> p.contains("systemd did not answer"));
    assertThat(f.path("/root/.ssh")).isEqualTo(new PathState.Directory("0700", "root", "root"));
    assertThat(f.path("/etc/cron.d/lsyncd")).isEqualTo(PathState.ABSENT);
    assertThat(f.hosts())
        .anyMatch(e -> e.address().equals("127.0.0.1") && e.names().contains("localhost"));
    assertThat(f.addresses())
        .anyMatch(a -> a.address().equals("127.0.0.1") && a.device().equals("lo"));
    assertThat(f.crmMon()).isEmpty();
  }

  @Test
  void recordedDebian12WithClusterState() {
    HostFacts f = Fixtures.facts("debian-12-cluster");
    CrmMonStatus crm = f.crmMon().orElseThrow();
    assertThat(crm.dc()).contains("osm1.priv");
    assertThat(crm.withQuorum()).isTrue();
    assertThat(crm.nodes())
        .extracting(CrmMonStatus.Node::name)
        .containsExactly("osm1.priv", "osm2.priv", "pcs3.priv", "pcs4.priv");
    assertThat(crm.nodes()).allMatch(CrmMonStatus.Node::online);
    assertThat(crm.resources())
        .extracting(CrmMonStatus.Resource::id)
        .containsExactly(
            "virtual_ip", "virtual_ip_src", "osm_cron", "httpd", "lsyncd", "lsyncd_cron");
    assertThat(crm.resources())
        .allMatch(r -> r.active() && r.node().orElseThrow().equals("osm1.priv"));
    assertThat(f.cibXml().orElseThrow()).contains("<cib ").contains("rsc_colocation");
  }

  @Test
  @org.junit.jupiter.api.DisplayName(
      "rhel-7 (assembled by hand, not from a host) is an rpm host with EL7 specifics")
  void assembledRhel7IsAnRpmHostWithEl7Specifics() {
    HostFacts f = Fixtures.facts("rhel-7");
    assertThat(f.packageTool()).contains("rpm");
    assertThat(f.packages()).containsEntry("pcs", "0.9.169-3.el7_9.3");
    assertThat(f.installed("mysql-server")).isFalse();
    assertThat(f.unit("httpd").active()).isTrue();
    assertThat(f.unit("apache2").exists()).isFalse();
    assertThat(f.path("/etc/cron.d/ovd-session-manager"))
        .isEqualTo(new PathState.Symlink("/etc/ovd/session-manager/sessionmanager.cron", false));
    assertThat(f.path("/var/spool/ovd/session-manager/config"))
        .isInstanceOfSatisfying(
            PathState.RegularFile.class,
            r -> {
              assertThat(r.mode()).isEqualTo("0660");
              assertThat(r.owner()).isEqualTo("apache");
            });
    assertThat(f.hasAddress("10.20.1.10")).as("the VIP").isTrue();
    assertThat(f.addresses())
        .filteredOn(a -> a.address().equals("10.20.1.10"))
        .allMatch(InterfaceAddress::secondary);
  }

  private static String minimal(String token, String extra) {
    return "@@ovd-facts 1 "
        + token
        + " uid=0\n"
        + "@@"
        + token
        + " os-release ok\nID=debian\nVERSION_ID=\"12\"\n"
        + "@@"
        + token
        + " hostname rc=0\nosm1\n"
        + "@@"
        + token
        + " fqdn rc=1\n"
        + "@@"
        + token
        + " hosts ok\n127.0.0.1 localhost\n"
        + "@@"
        + token
        + " addresses missing\n"
        + "@@"
        + token
        + " dpkg missing\n@@"
        + token
        + " rpm missing\n@@"
        + token
        + " units missing\n"
        + "@@"
        + token
        + " pcs missing\n@@"
        + token
        + " pacemakerd missing\n@@"
        + token
        + " corosync missing\n"
        + "@@"
        + token
        + " paths ok\n"
        + extra
        + "@@"
        + token
        + " end ok\n";
  }

  @Test
  void enabledYumRepositoriesAreFactsWhereTheProbeListsThem() {
    String token = "abcdabcdabcdabcd";
    String units = "@@" + token + " units missing\n";
    String listed =
        minimal(token, "").replace(units, "@@" + token + " repos ok\nepel\nbaseos\n" + units);
    assertThat(FactsParser.parse("osm1", listed).enabledRepositories())
        .contains(java.util.Set.of("epel", "baseos"));
    // no /etc/yum.repos.d (an apt host), and output recorded before the probe asked: unknown
    String noDirectory =
        minimal(token, "").replace(units, "@@" + token + " repos missing\n" + units);
    assertThat(FactsParser.parse("osm1", noDirectory).enabledRepositories()).isEmpty();
    assertThat(FactsParser.parse("osm1", minimal(token, "")).enabledRepositories()).isEmpty();
  }

  @Test
  void bareNodeWithoutToolsStillParses() {
    HostFacts f =
        FactsParser.parse(
            "pcs3", "Welcome banner\n" + minimal("00ff00ff00ff00ff", "-\t/etc/hosts\n"));
    assertThat(f.pcs()).isEmpty();
    assertThat(f.pacemaker()).isEmpty();
    assertThat(f.packages()).isEmpty();
    assertThat(f.fqdn()).isEmpty();
    assertThat(f.problems())
        .anyMatch(p -> p.contains("hostname -f failed"))
        .anyMatch(p -> p.contains("neither dpkg-query nor rpm"))
        .anyMatch(p -> p.contains("ip command is missing"));
  }

  @Test
  void aForgedMarkerWithAnotherTokenIsJustContent() {
    String out =
        minimal("1234567812345678", "")
            .replace("127.0.0.1 localhost", "127.0.0.1 localhost\n@@deadbeefdeadbeef end ok");
    HostFacts f = FactsParser.parse("osm1", out);
    assertThat(f.hostsFile()).contains("@@deadbeefdeadbeef end ok");
  }

  @Test
  void clearErrors() {
    assertThatThrownBy(() -> FactsParser.parse("osm1", "sh: 1: syntax error"))
        .isInstanceOf(FactsFormatException.class)
        .hasMessageContaining("no facts probe header")
        .hasMessageContaining("syntax error");
    String full = minimal("1234567812345678", "");
    assertThatThrownBy(
            () ->
                FactsParser.parse(
                    "osm1", full.substring(0, full.indexOf("@@1234567812345678 pcs"))))
        .hasMessageContaining("incomplete")
        .hasMessageContaining("last section: units");
    assertThatThrownBy(
            () ->
                FactsParser.parse(
                    "osm1", full.replace("@@1234567812345678 hostname rc=0\nosm1\n", "")))
        .hasMessageContaining("section 'hostname' is missing");
    assertThatThrownBy(
            () -> FactsParser.parse("osm1", minimal("1234567812345678", "X\t/etc/hosts\n")))
        .hasMessageContaining("unknown path kind");
    assertThatThrownBy(
            () ->
                FactsParser.parse(
                    "osm1", minimal("1234567812345678", "F\t/etc/hosts\tnothex\t644 root root\n")))
        .hasMessageContaining("unreadable file line");
    assertThatThrownBy(() -> FactsParser.parse("osm1", full.replace("ID=debian\n", "")))
        .hasMessageContaining("os-release has no ID");
    assertThatThrownBy(
            () -> FactsParser.parse("osm1", full.replace("@@ovd-facts 1 ", "@@ovd-facts 9 ")))
        .hasMessageContaining("unsupported facts probe header");
  }

  @Test
  void askingForAPathThatWasNotProbedIsAProgrammingError() {
    HostFacts f = Fixtures.facts("debian-12");
    assertThatThrownBy(() -> f.path("/etc/not-probed"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FactsRequest");
  }

  @Test
  void pcsFromCapabilitiesFileTakesTheUpstreamVersionOfThePackage() {
    java.util.List<String> problems = new java.util.ArrayList<>();
    PcsInfo p =
        FactsParser.parsePcs(
                new FactsParser.Section("pcs", "file", "pcs.auth.client status.pcmk.xml "),
                java.util.Map.of("pcs", "1:0.10.1-2"),
                problems)
            .orElseThrow();
    assertThat(p.version().numbers()).containsExactly(0, 10, 1);
    assertThat(p.capabilities()).containsExactlyInAnyOrder("pcs.auth.client", "status.pcmk.xml");
    assertThat(
            FactsParser.parsePcs(
                new FactsParser.Section("pcs", "file", "x"), java.util.Map.of(), problems))
        .isEmpty();
    assertThat(problems)
        .containsExactly("pcs is installed but not from a package: its version is unknown");
  }

  @Test
  void lineQueryResults() {
    java.util.List<String> problems = new java.util.ArrayList<>();
    java.util.Map<LineQuery, LineState> m =
        FactsParser.parseLines(
            "1\t1\t/etc/sysconfig/lsyncd\tK=v\tK=\n"
                + "-\t-\t/etc/ufw/user.rules\tx\t\nE\tE\t/root/f\ty\t\n",
            problems);
    assertThat(m.get(new LineQuery("/etc/sysconfig/lsyncd", "K=v", "K=")))
        .isEqualTo(new LineState(true, 1, 1));
    assertThat(m.get(LineQuery.of("/etc/ufw/user.rules", "x"))).isEqualTo(LineState.NO_FILE);
    assertThat(problems).containsExactly("cannot read /root/f");
    assertThatThrownBy(() -> FactsParser.parseLines("x\t1\t/f\tl\t\n", problems))
        .hasMessageContaining("unreadable lines line");
    assertThatThrownBy(() -> LineQuery.of("/f", "a\\b")).hasMessageContaining("backslashes");
    assertThatThrownBy(() -> new LineQuery("/f", "A=1", "B="))
        .hasMessageContaining("does not start with its prefix");
  }

  @Test
  void dpkgAndRpmLines() {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    FactsParser.parseDpkg(
        "pcs\tinstall ok installed\t0.11.5-1\nlsyncd\tdeinstall ok config-files\t2.2.3-1\n"
            + "ufw\tunknown ok not-installed\t",
        m);
    FactsParser.parseRpm("pcs\t0.10.18-2.el8\npackage mysql-server is not installed", m);
    assertThat(m).containsOnlyKeys("pcs").containsEntry("pcs", "0.10.18-2.el8");
  }

  @Test
  void pacemakerStateRecordedOnTheLab() {
    HostFacts f = FactsParser.parse("osm2", Fixtures.text("debian-12-osm2-pacemaker.txt"));
    PacemakerNodeFiles files = f.pacemakerFiles().orElseThrow();
    assertThat(files.knownHosts())
        .containsExactly("osm1.priv", "osm2.priv", "pcs3.priv", "pcs4.priv");
    assertThat(files.corosyncConf()).hasValueSatisfying(c -> assertThat(c).contains("nodelist"));
    assertThat(files.haclusterMark()).startsWith("sha256:");
    io.ovdfailover.pacemaker.PacemakerNodeState s =
        io.ovdfailover.pacemaker.PacemakerNodeState.of(f);
    assertThat(s.pcs()).isEqualTo(new io.ovdfailover.pacemaker.PcsVersion(0, 11, 5));
    assertThat(s.pcsdEnabled()).isTrue();
    assertThat(s.corosyncActive()).isTrue();
    assertThat(s.pacemakerActive()).isTrue();
    assertThat(s.corosync().nodeNames())
        .containsExactlyInAnyOrder("osm1.priv", "osm2.priv", "pcs3.priv", "pcs4.priv");
    // recorded while osm1 was powered off: this node's crm_mon still has quorum and runs the
    // resources
    CrmMonStatus crm = f.crmMon().orElseThrow();
    assertThat(crm.withQuorum()).isTrue();
    assertThat(crm.resource("virtual_ip").orElseThrow().node()).contains("osm2.priv");
    assertThat(f.cibXml()).isPresent();
  }

  @Test
  void unitsReportedWithoutAskingSystemdDoNotHideASystemdThatStoppedAnswering() {
    String nofile =
        "=httpd nofile\nLoadState=not-found\nUnitFileState=\nActiveState=inactive\nSubState=dead\n";
    java.util.Map<String, UnitState> units = new java.util.LinkedHashMap<>();
    // systemd asked about pacemaker and gave nothing back; httpd was reported by the probe itself
    assertThat(
            FactsParser.parseUnits(
                new FactsParser.Section("units", "ok", nofile + "=pacemaker rc=1\n"), units))
        .isFalse();
    assertThat(units).containsOnlyKeys("httpd");

    units.clear();
    assertThat(
            FactsParser.parseUnits(
                new FactsParser.Section(
                    "units",
                    "ok",
                    nofile
                        + "=pacemaker rc=0\nLoadState=loaded\nUnitFileState=enabled\nActiveState=active\nSubState=running\n"),
                units))
        .isTrue();
    assertThat(units.get("pacemaker").active()).isTrue();
    assertThat(units.get("httpd").active()).isFalse();

    // nothing needed asking (every unit has no unit file): the probe's word stands for systemd's
    units.clear();
    assertThat(FactsParser.parseUnits(new FactsParser.Section("units", "ok", nofile), units))
        .isTrue();
  }
}
