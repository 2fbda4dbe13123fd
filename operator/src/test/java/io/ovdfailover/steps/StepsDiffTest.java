package io.ovdfailover.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.Firewall;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.HostsEntry;
import io.ovdfailover.hosts.PackageSet;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.hosts.UnitState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Diffs of each step kind against parsed facts (fixtures under src/test/resources/facts). The
 * ubuntu-22.04, rhel-7 and rhel-8 fixtures are assembled by hand, not recorded from a host
 * (facts/README.md): they test the diff logic, not those distributions; debian-12 is recorded.
 */
class StepsDiffTest {
  private static final String CRON = "00 * * * * root /usr/bin/killall -s SIGHUP lsyncd\n";
  private static final String CRON_PATH = "/etc/lsyncd/lsyncd.cron";

  private static FileStep cronStep() {
    return FileStep.of(
        CRON_PATH,
        CRON,
        "0644",
        "root",
        "root",
        "Create the /etc/lsyncd/lsyncd.cron configuration");
  }

  @Test
  void fileAbsentIsWrittenThroughStdin() {
    NodeContext ctx = TestFacts.of("ubuntu-22.04").path(CRON_PATH, PathState.ABSENT).context();
    List<Command> c = cronStep().changes(ctx);
    assertThat(c).hasSize(1);
    assertThat(c.get(0).mutating()).isTrue();
    assertThat(c.get(0).description())
        .isEqualTo("Create the /etc/lsyncd/lsyncd.cron configuration");
    assertThat(new String(c.get(0).stdin(), StandardCharsets.UTF_8)).isEqualTo(CRON);
    assertThat(c.get(0).script())
        .doesNotContain("killall")
        .contains("cat > \"$t\"", "chmod 0644", "mv -f");
  }

  @Test
  void fileWithSameHashModeAndOwnerIsConverged() {
    NodeContext ctx =
        TestFacts.of("ubuntu-22.04")
            .path(
                CRON_PATH,
                new PathState.RegularFile(
                    FileStep.sha256(CRON.getBytes(StandardCharsets.UTF_8)), "0644", "root", "root"))
            .context();
    assertThat(cronStep().changes(ctx)).isEmpty();
  }

  @Test
  void wrongModeOrOwnerOnlyFixesModeAndOwner() {
    NodeContext ctx =
        TestFacts.of("ubuntu-22.04")
            .path(
                CRON_PATH,
                new PathState.RegularFile(
                    FileStep.sha256(CRON.getBytes(StandardCharsets.UTF_8)),
                    "0600",
                    "www-data",
                    "root"))
            .context();
    List<Command> c = cronStep().changes(ctx);
    assertThat(c)
        .singleElement()
        .satisfies(
            cmd -> {
              assertThat(cmd.script())
                  .isEqualTo(
                      "chown root:root /etc/lsyncd/lsyncd.cron && chmod 0644 /etc/lsyncd/lsyncd.cron");
              assertThat(cmd.stdin()).isEmpty();
            });
  }

  @Test
  void changedContentIsRewrittenAndTheReloadFollows() {
    // the fixture's lsyncd.service hash is not the guide's content
    FileStep unit =
        FileStep.of(
                "/etc/systemd/system/lsyncd.service",
                "[Unit]\n",
                "0644",
                "root",
                "root",
                "Create the /etc/systemd/system/lsyncd.service configuration file")
            .withAfterChange("systemctl daemon-reload");
    List<Command> c = unit.changes(TestFacts.context("ubuntu-22.04"));
    assertThat(c)
        .extracting(Command::script)
        .hasSize(2)
        .last()
        .isEqualTo("systemctl daemon-reload");
  }

  @Test
  void secretContentAppearsNowhereButStdin() {
    String secret = "{\"general.sql.password\": \"s3cr3t-Pa55\"}";
    FileStep config =
        FileStep.of(
            "/var/spool/ovd/session-manager/config",
            secret,
            "0660",
            "www-data",
            "www-data",
            "Enable the Session Manager service");
    Plan plan = Planner.plan(TestFacts.context("ubuntu-22.04"), List.of(config));
    Action a = plan.actions().get(0);
    assertThat(new String(a.command().stdin(), StandardCharsets.UTF_8)).isEqualTo(secret);
    assertThat(
            a.command().script()
                + a.command().description()
                + a.command()
                + a
                + config
                + plan.render()
                + plan.rows())
        .doesNotContain("s3cr3t");
  }

  @Test
  void absentStep() {
    AbsentStep cron = AbsentStep.of("/etc/cron.d/ovd-session-manager", "Remove the OSM cron");
    assertThat(cron.changes(TestFacts.context("ubuntu-22.04")))
        .singleElement()
        .satisfies(c -> assertThat(c.script()).endsWith("rm -f /etc/cron.d/ovd-session-manager"));
    assertThat(
            AbsentStep.of("/usr/local/sbin/pcs-notify", "x")
                .changes(TestFacts.context("ubuntu-22.04")))
        .isEmpty();
  }

  @Test
  void symlinkStep() {
    NodeContext ctx = TestFacts.context("rhel-8");
    assertThat(SymlinkStep.of("/etc/cron.d/lsyncd", "/etc/lsyncd/lsyncd.cron", "x").changes(ctx))
        .isEmpty();
    assertThat(
            SymlinkStep.of("/etc/cron.d/lsyncd", "/etc/lsyncd/other.cron", "Link the lsyncd cron")
                .changes(ctx))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.script())
                    .contains("ln -sfn /etc/lsyncd/other.cron /etc/cron.d/lsyncd")
                    .contains("is a directory"));
  }

  @Test
  void ssmtpTakesTheMailServersPlaceOnlyWhenTheSpecSaysSo() {
    TestFacts debian = TestFacts.of("debian-12");
    java.util.Map<String, String> packages = new java.util.HashMap<>(debian.facts().packages());
    packages.put("exim4-daemon-light", "4.96-15+deb12u11");
    NodeContext withExim = debian.packages(packages).context();
    assertThat(new SsmtpStep(false).blockers(withExim))
        .singleElement()
        .asString()
        .contains("exim4-daemon-light is installed, and ssmtp takes its place")
        .contains("spec.alerts.replaceMailServer");
    assertThat(new SsmtpStep(true).blockers(withExim)).isEmpty();
    assertThat(new SsmtpStep(true).changes(withExim))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.description())
                  .isEqualTo("install ssmtp in place of exim4-daemon-light (Appendix 2)");
              assertThat(c.script()).contains("apt-get -s install ssmtp").contains("exit 3");
            });
    // no mail server: the plain, --no-remove install
    assertThat(new SsmtpStep(false).blockers(TestFacts.context("debian-12"))).isEmpty();
    assertThat(new SsmtpStep(false).changes(TestFacts.context("debian-12")))
        .singleElement()
        .satisfies(c -> assertThat(c.script()).contains("--no-remove install ssmtp"));
  }

  @Test
  void packagesUseTheProfilesNamesAndManager() {
    assertThat(
            PackagesStep.of(PackageSet.PACEMAKER, "Install Pacemaker")
                .changes(TestFacts.context("ubuntu-22.04")))
        .isEmpty();
    assertThat(
            PackagesStep.of(PackageSet.SSMTP, "Install ssmtp")
                .changes(TestFacts.context("ubuntu-22.04")))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.script())
                  .isEqualTo(
                      "DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y --no-remove install ssmtp"
                          + " || { apt-get -o DPkg::Lock::Timeout=300 -q update"
                          + " && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y --no-remove install ssmtp; }");
              assertThat(c.description()).isEqualTo("Install ssmtp (ssmtp)");
              assertThat(c.timeout()).isEqualTo(PackagesStep.INSTALL_TIMEOUT);
            });
    assertThat(
            PackagesStep.of(PackageSet.SSMTP, "Install ssmtp").changes(TestFacts.context("rhel-7")))
        .singleElement()
        .satisfies(c -> assertThat(c.script()).isEqualTo("yum -y install ssmtp"));
    // debian-12 (recorded here): mariadb-server is installed, lsyncd is not
    assertThat(
            PackagesStep.of(PackageSet.MYSQL_SERVER, "Install MySQL")
                .changes(TestFacts.context("debian-12")))
        .isEmpty();
    assertThat(
            PackagesStep.of(PackageSet.LSYNCD, "Install the lsyncd software package")
                .changes(TestFacts.context("debian-12")))
        .singleElement()
        .satisfies(c -> assertThat(c.script()).endsWith("install lsyncd; }"));
  }

  /**
   * RHEL's lsyncd is in EPEL, which the guide assumes enabled: where the facts show no EPEL
   * repository the step blocks, naming it, instead of a failing install; where EPEL is there the
   * plan says the package comes from it.
   */
  @Test
  void lsyncdFromEpelBlocksWhereNoEpelRepositoryIsEnabled() {
    PackagesStep lsyncd = PackagesStep.of(PackageSet.LSYNCD, "install lsyncd");
    Map<String, String> withoutLsyncd =
        new java.util.HashMap<>(TestFacts.of("rhel-8").facts().packages());
    withoutLsyncd.remove("lsyncd");

    NodeContext noEpel =
        TestFacts.of("rhel-8")
            .packages(withoutLsyncd)
            .repositories(java.util.Set.of("baseos", "appstream"))
            .context();
    assertThat(lsyncd.blockers(noEpel))
        .singleElement()
        .asString()
        .startsWith(
            "osm1: lsyncd is not installed and comes from EPEL (Extra Packages for Enterprise"
                + " Linux) on Red Hat Enterprise Linux 8, but no repository enabled in"
                + " /etc/yum.repos.d is EPEL; enable EPEL");
    assertThat(Planner.plan(noEpel, List.of(lsyncd)).blockers()).hasSize(1);

    NodeContext epel =
        TestFacts.of("rhel-8")
            .packages(withoutLsyncd)
            .repositories(java.util.Set.of("baseos", "appstream", "epel"))
            .context();
    assertThat(lsyncd.blockers(epel)).isEmpty();
    assertThat(lsyncd.changes(epel))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.description()).isEqualTo("install lsyncd (lsyncd, from EPEL)");
              assertThat(c.script()).isEqualTo("dnf -y install lsyncd");
            });
    // a mirror under the site's own name still counts
    assertThat(
            lsyncd.blockers(
                TestFacts.of("rhel-8")
                    .packages(withoutLsyncd)
                    .repositories(java.util.Set.of("Default_Organization_EPEL_EPEL_8"))
                    .context()))
        .isEmpty();
    // facts that do not tell (the assembled fixture predates the question): the install says
    assertThat(lsyncd.blockers(TestFacts.of("rhel-8").packages(withoutLsyncd).context())).isEmpty();
    // installed: nothing to say, whatever the repositories
    assertThat(lsyncd.blockers(TestFacts.of("rhel-8").repositories(java.util.Set.of()).context()))
        .isEmpty();
    // Debian and Ubuntu ship lsyncd themselves
    assertThat(
            lsyncd.blockers(
                TestFacts.of("ubuntu-22.04")
                    .packages(Map.of())
                    .repositories(java.util.Set.of())
                    .context()))
        .isEmpty();
  }

  @Test
  void trixiesPacemakerInstallLeavesOutTheFenceAgentsItNeverUsesButNeverRemovesThem() {
    DistroProfile trixie = DistroProfiles.byKey("debian-13").orElseThrow();
    PackagesStep step = PackagesStep.of(PackageSet.PACEMAKER, "Install Pacemaker");
    HostFacts bare = TestFacts.of("debian-12").packages(Map.of()).facts();
    assertThat(step.changes(new NodeContext(bare, trixie)))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.script())
                    .startsWith(
                        "DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y --no-remove install"
                            + " corosync pacemaker pcs resource-agents fence-agents- python3-googleapi-"
                            + " || "));
    // an admin's fence-agents stays: only absent recommendations are left out
    HostFacts withFencing =
        TestFacts.of("debian-12").packages(Map.of("fence-agents", "4.16.0-1")).facts();
    assertThat(step.changes(new NodeContext(withFencing, trixie)))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.script())
                    .contains("resource-agents python3-googleapi- ||")
                    .doesNotContain("fence-agents-"));
    // bookworm's fence-agents is one package: the row leaves nothing out
    assertThat(step.changes(new NodeContext(bare, DistroProfiles.byKey("debian-12").orElseThrow())))
        .singleElement()
        .satisfies(c -> assertThat(c.script()).doesNotContain("-  ").doesNotContain("agents- "));
    // they are probed, so that an admin's installed copy is seen and never removed
    assertThat(step.probes().packages()).contains("fence-agents", "python3-googleapi");
  }

  @Test
  void unitSteps() {
    NodeContext u22 =
        TestFacts.context("ubuntu-22.04"); // pcsd enabled+active, mysql disabled+inactive
    assertThat(new UnitStep("pcsd", UnitStep.Goal.ENABLED, "Enable the pcsd service").changes(u22))
        .isEmpty();
    assertThat(new UnitStep("pcsd", UnitStep.Goal.STARTED, "Start the pcsd service").changes(u22))
        .isEmpty();
    assertThat(
            new UnitStep("mysql", UnitStep.Goal.DISABLED, "Stop and disable the MySQL service")
                .changes(u22))
        .isEmpty();
    assertThat(
            new UnitStep("mysql", UnitStep.Goal.STOPPED, "Stop and disable the MySQL service")
                .changes(u22))
        .isEmpty();
    assertThat(new UnitStep("mysql", UnitStep.Goal.ENABLED, "x").changes(u22))
        .singleElement()
        .satisfies(c -> assertThat(c.script()).isEqualTo("systemctl enable mysql"));
    assertThat(
            new UnitStep("apache2", UnitStep.Goal.STOPPED, "Stop the Apache service").changes(u22))
        .singleElement()
        .satisfies(c -> assertThat(c.script()).isEqualTo("systemctl stop apache2"));
    // a unit that does not exist is disabled and stopped
    assertThat(new UnitStep("httpd", UnitStep.Goal.DISABLED, "x").changes(u22)).isEmpty();
    assertThat(new UnitStep("httpd", UnitStep.Goal.STOPPED, "x").changes(u22)).isEmpty();
    // systemd did not answer (recorded Debian 12 container): plan the command, systemctl is
    // idempotent
    assertThat(
            new UnitStep("pcsd", UnitStep.Goal.ENABLED, "x")
                .changes(TestFacts.context("debian-12")))
        .hasSize(1);
    NodeContext failed =
        TestFacts.of("ubuntu-22.04")
            .unit("lsyncd", new UnitState("loaded", "disabled", "failed", "failed"))
            .context();
    assertThat(new UnitStep("lsyncd", UnitStep.Goal.STARTED, "x").changes(failed)).hasSize(1);
  }

  private static final List<HostsEntry> GUIDE_HOSTS =
      List.of(
          new HostsEntry("192.168.100.11", List.of("osm1.priv")),
          new HostsEntry("192.168.100.12", List.of("osm2.priv", "the-other-osm")),
          new HostsEntry("192.168.100.13", List.of("pcs3.priv")),
          new HostsEntry("192.168.100.14", List.of("pcs4.priv")),
          new HostsEntry("192.168.100.21", List.of("dbmy.priv")));

  @Test
  void hostsFileConvergedWhenAllEntriesArePresent() {
    assertThat(
            new HostsFileStep(GUIDE_HOSTS, Optional.of("osm1"))
                .changes(TestFacts.context("ubuntu-22.04")))
        .isEmpty();
  }

  @Test
  void hostsFileAddsMovesRenamesAndKeepsComments() {
    String before =
        "127.0.0.1 localhost\n127.0.1.1 debian osm1.priv # installer\n"
            + "# The following lines are desirable for IPv6 capable hosts\n::1 localhost ip6-localhost ip6-loopback\n"
            + "192.168.100.12 osm2.priv\n192.168.100.99 the-other-osm";
    HostsFileStep step = new HostsFileStep(GUIDE_HOSTS, Optional.of("osm1"));
    String after = step.desiredContent(before, "debian");
    assertThat(after)
        .isEqualTo(
            "127.0.0.1 localhost\n127.0.1.1 osm1 # installer\n"
                + "# The following lines are desirable for IPv6 capable hosts\n::1 localhost ip6-localhost ip6-loopback\n"
                + "192.168.100.12 osm2.priv the-other-osm\n"
                + "192.168.100.11 osm1.priv\n192.168.100.13 pcs3.priv\n192.168.100.14 pcs4.priv\n192.168.100.21 dbmy.priv");
    // idempotent: applying the result again changes nothing
    assertThat(step.desiredContent(after, "osm1")).isEqualTo(after);

    NodeContext ctx = TestFacts.of("debian-12").hosts("debian", before).context();
    List<Command> c = step.changes(ctx);
    assertThat(c)
        .singleElement()
        .satisfies(
            cmd -> {
              assertThat(new String(cmd.stdin(), StandardCharsets.UTF_8)).isEqualTo(after + "\n");
              // written only if /etc/hosts still has the hash the plan was computed from
              assertThat(cmd.script()).contains("changed since it was probed");
            });
    assertThat(step.changes(TestFacts.of("debian-12").hosts("osm1", after).context())).isEmpty();
  }

  @Test
  void directoryStep() {
    NodeContext ctx =
        TestFacts.context("rhel-7"); // /var/log/corosync exists 0755 root:root, /root/.ssh 0700
    assertThat(
            new DirectoryStep(
                    "/var/log/corosync", "0755", "root", "root", "mkdir /var/log/corosync/")
                .changes(ctx))
        .isEmpty();
    assertThat(new DirectoryStep("/root/.ssh", "0755", "root", "root", "x").changes(ctx))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.script())
                    .isEqualTo("chown root:root /root/.ssh && chmod 0755 /root/.ssh"));
    assertThat(
            new DirectoryStep(
                    "/var/log/corosync", "0755", "root", "root", "mkdir /var/log/corosync/")
                .changes(
                    TestFacts.of("rhel-7").path("/var/log/corosync", PathState.ABSENT).context()))
        .singleElement()
        .satisfies(c -> assertThat(c.script()).startsWith("mkdir -p /var/log/corosync && "));
  }

  @Test
  void firewallStepUsesTheSavedConfigurationAsEvidence() {
    // ubuntu-22.04 fixture: ufw installed and active, the Pacemaker tuples in user.rules, no 3306
    // rule
    assertThat(
            new FirewallStep(FirewallStep.Purpose.PACEMAKER, "Firewall and Ports", Firewall.ANY)
                .changes(TestFacts.context("ubuntu-22.04")))
        .isEmpty();
    assertThat(
            new FirewallStep(
                    FirewallStep.Purpose.MYSQL,
                    "Allow incoming traffic on port TCP 3306",
                    Firewall.ANY)
                .changes(TestFacts.context("ubuntu-22.04")))
        .extracting(Command::script)
        .containsExactly("ufw allow in proto tcp from any to any port 3306");
    // rhel-8: high-availability in the public zone; take it away and both firewall-cmd commands are
    // planned
    assertThat(
            new FirewallStep(FirewallStep.Purpose.PACEMAKER, "x", Firewall.ANY)
                .changes(TestFacts.context("rhel-8")))
        .isEmpty();
    io.ovdfailover.hosts.LineQuery ha =
        io.ovdfailover.hosts.Firewall.FIREWALLD.pacemakerEvidence(Firewall.ANY).get(0);
    assertThat(
            new FirewallStep(FirewallStep.Purpose.PACEMAKER, "Firewall and Ports", Firewall.ANY)
                .changes(
                    TestFacts.of("rhel-8")
                        .line(ha, io.ovdfailover.hosts.LineState.NO_FILE)
                        .context()))
        .extracting(Command::script)
        .containsExactly(
            "firewall-cmd --add-service=high-availability",
            "firewall-cmd --permanent --add-service=high-availability");
    // recorded Debian 12: no firewall installed, nothing to do
    assertThat(
            new FirewallStep(FirewallStep.Purpose.PACEMAKER, "x", Firewall.ANY)
                .changes(TestFacts.context("debian-12")))
        .isEmpty();
    // the two-node layout's quorum device host: pcsd and qnetd from the private network;
    // firewalld's
    // high-availability service already lists both
    io.ovdfailover.hosts.LineQuery qnetd =
        io.ovdfailover.hosts.Firewall.UFW.quorumDeviceEvidence("198.19.100.0/24").get(0);
    assertThat(
            new FirewallStep(FirewallStep.Purpose.QUORUM_DEVICE, "x", "198.19.100.0/24")
                .changes(
                    TestFacts.of("ubuntu-22.04")
                        .line(qnetd, new io.ovdfailover.hosts.LineState(true, 0, 0))
                        .context()))
        .extracting(Command::script)
        .containsExactly("ufw allow in proto tcp from 198.19.100.0/24 to any port 2224,5403");
    assertThat(io.ovdfailover.hosts.Firewall.FIREWALLD.quorumDeviceRules(Firewall.ANY))
        .isEqualTo(io.ovdfailover.hosts.Firewall.FIREWALLD.pacemakerRules(Firewall.ANY));
  }

  @Test
  void lineStepOnTheRhelLsyncdSysconfig() {
    io.ovdfailover.hosts.LineQuery q =
        io.ovdfailover.hosts.LsyncdFixup.SYSCONFIG.requiredLine().orElseThrow();
    LineStep step = LineStep.of(q, "Ensure LSYNCD_OPTIONS in /etc/sysconfig/lsyncd");
    assertThat(step.changes(TestFacts.context("rhel-7"))).isEmpty();
    // our line plus an older LSYNCD_OPTIONS line: the later one would win, so the file is rewritten
    assertThat(
            step.changes(
                TestFacts.of("rhel-7")
                    .line(q, new io.ovdfailover.hosts.LineState(true, 1, 2))
                    .context()))
        .singleElement()
        .satisfies(c -> assertThat(c.script()).contains("LSYNCD_OPTIONS="));
  }

  @Test
  void hostnameStep() {
    assertThat(new HostnameStep("osm1").changes(TestFacts.context("ubuntu-22.04"))).isEmpty();
    assertThat(new HostnameStep("osm2").changes(TestFacts.context("ubuntu-22.04")))
        .singleElement()
        .satisfies(c -> assertThat(c.script()).isEqualTo("hostnamectl set-hostname osm2"));
  }

  @Test
  void planListsActionsPerNodeWithDowntime() {
    NodeContext osm1 = TestFacts.of("ubuntu-22.04").path(CRON_PATH, PathState.ABSENT).context();
    Step vip =
        new Step() {
          @Override
          public String name() {
            return "vip";
          }

          @Override
          public List<Command> changes(NodeContext node) {
            return List.of(Command.change("Set the VIP", "ip addr add 10.20.1.10/24 dev eth0"));
          }

          @Override
          public boolean downtime() {
            return true;
          }
        };
    java.util.Map<NodeContext, List<Step>> nodes = new java.util.LinkedHashMap<>();
    nodes.put(osm1, List.of(cronStep(), vip));
    nodes.put(TestFacts.context("rhel-8"), List.of(new HostnameStep("osm1")));
    Plan plan = Planner.plan(nodes);
    assertThat(plan.mutatingCommands()).isEqualTo(2);
    assertThat(plan.needsDowntime()).isTrue();
    assertThat(plan.actions().stream().filter(Action::downtime))
        .extracting(Action::description)
        .containsExactly("Set the VIP");
    assertThat(plan.render())
        .isEqualTo(
            "osm1 | /etc/lsyncd/lsyncd.cron | Create the /etc/lsyncd/lsyncd.cron "
                + "configuration\nosm1 | vip | Set the VIP | downtime\n");
    assertThat(plan.nodes()).hasSize(2);
    assertThat(plan.nodes().get(1).actions()).isEmpty();
  }

  @Test
  void convergedNodeYieldsAnEmptyPlan() {
    Plan plan =
        Planner.plan(
            TestFacts.context("ubuntu-22.04"),
            List.of(
                new HostnameStep("osm1"),
                new HostsFileStep(GUIDE_HOSTS, Optional.of("osm1")),
                PackagesStep.of(PackageSet.PACEMAKER, "Install Pacemaker"),
                PackagesStep.of(PackageSet.LSYNCD, "lsyncd"),
                new UnitStep("pcsd", UnitStep.Goal.ENABLED, "Enable the pcsd service"),
                new UnitStep("pcsd", UnitStep.Goal.STARTED, "Start pcsd"),
                new UnitStep("mysql", UnitStep.Goal.DISABLED, "disable mysql"),
                new UnitStep("mysql", UnitStep.Goal.STOPPED, "stop mysql"),
                SymlinkStep.of("/etc/cron.d/lsyncd", "/etc/lsyncd/lsyncd.cron", "x"),
                AbsentStep.of("/usr/local/sbin/pcs-notify", "x")));
    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.mutatingCommands()).isZero();
    assertThat(plan.render()).isEqualTo("no changes");
  }
}
