package io.ovdfailover.steps.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.steps.Step;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuideStepsTest {
  final OvdFailoverClusterSpec spec = GuideFilesTest.guideSpec();

  @Test
  void lsyncdIsStoppedOnASessionManagerOnlyWhileItCannotHoldTheResources() {
    DistroProfile debian = DistroProfiles.byKey("debian-12").orElseThrow();
    java.util.function.BiFunction<String, Boolean, List<String>> lsyncdSteps =
        (node, serving) ->
            GuideSteps.forNode(spec, node, debian, java.util.Optional.empty(), serving)
                .get(GuideStage.LSYNCD)
                .stream()
                .map(Step::name)
                .toList();

    assertThat(lsyncdSteps.apply("osm2", false)).contains("lsyncd stopped", "lsyncd disabled");
    assertThat(lsyncdSteps.apply("osm2", true))
        .contains("lsyncd disabled")
        .doesNotContain("lsyncd stopped");
    assertThat(lsyncdSteps.apply("osm1", false)).contains("lsyncd stopped");
    assertThat(lsyncdSteps.apply("osm1", true)).doesNotContain("lsyncd stopped");
  }

  @Test
  void rolesGetTheirChaptersOnly() {
    DistroProfile debian = DistroProfiles.byKey("debian-12").orElseThrow();
    Map<GuideStage, List<Step>> osm1 = GuideSteps.forNode(spec, "osm1", debian);
    Map<GuideStage, List<Step>> osm2 = GuideSteps.forNode(spec, "osm2", debian);
    Map<GuideStage, List<Step>> pcs3 = GuideSteps.forNode(spec, "pcs3", debian);
    Map<GuideStage, List<Step>> dbmy = GuideSteps.forNode(spec, "dbmy", debian);

    assertThat(names(osm1.get(GuideStage.VIP_SOURCE)))
        .containsExactly(
            "/etc/systemd/system/cluster-vip-src.service", "/etc/default/cluster-vip-src");
    assertThat(names(osm1.get(GuideStage.LSYNCD)))
        .contains(
            "/etc/lsyncd/lsyncd.conf.lua",
            "/etc/lsyncd/lsyncd.cron",
            "/etc/systemd/system/lsyncd.service");
    assertThat(osm1.get(GuideStage.REPLICA)).isEmpty();
    assertThat(names(osm2.get(GuideStage.REPLICA)))
        .containsExactly(
            "apache2 stopped",
            "absent /etc/cron.d/ovd-session-manager",
            "mariadb disabled",
            "mariadb stopped");
    assertThat(names(osm1.get(GuideStage.CLUSTER_HANDOVER)))
        .containsExactly("/etc/cron.d/ovd-session-manager");
    assertThat(osm2.get(GuideStage.CLUSTER_HANDOVER)).isEmpty();
    assertThat(pcs3.get(GuideStage.VIP_SOURCE)).isEmpty();
    assertThat(pcs3.get(GuideStage.LSYNCD)).isEmpty();
    assertThat(names(dbmy.get(GuideStage.PACKAGES)))
        .containsExactly("packages mysql_server", "mariadb enabled", "mariadb started");
    for (Map<GuideStage, List<Step>> n : List.of(osm1, osm2, pcs3, dbmy)) {
      assertThat(names(n.get(GuideStage.HOST_PREPARATION))).contains("/etc/hosts");
    }
  }

  @Test
  void lsyncdFoldersFollowTheDistrosPhpSessionFolderUnlessTheSpecSaysOtherwise() {
    assertThat(GuideSteps.lsyncdFolders(spec, DistroProfiles.byKey("ubuntu-22.04").orElseThrow()))
        .contains("/var/lib/php/sessions");
    assertThat(GuideSteps.lsyncdFolders(spec, DistroProfiles.byKey("rhel-8").orElseThrow()))
        .contains("/var/lib/php/session");
    spec.lsyncd.folders = List.of("/srv/ovd");
    assertThat(GuideSteps.lsyncdFolders(spec, DistroProfiles.byKey("rhel-8").orElseThrow()))
        .containsExactly("/srv/ovd");
  }

  @Test
  void theFirewallSectionGoesToThePacemakerNodesAndTheDatabaseNode() throws Exception {
    DistroProfile ubuntu = DistroProfiles.byKey("ubuntu-22.04").orElseThrow();
    // the ubuntu-22.04 fixture (assembled by hand, not from a host: facts/README.md) has ufw active
    // with the Pacemaker tuples saved, but no 3306 rule
    List<Step> dbmy =
        GuideSteps.forNode(spec, "dbmy", ubuntu).get(GuideStage.HOST_PREPARATION).stream()
            .filter(st -> st instanceof io.ovdfailover.steps.FirewallStep)
            .toList();
    assertThat(dbmy)
        .singleElement()
        .satisfies(
            st ->
                assertThat(
                        st.changes(
                            io.ovdfailover.steps.NodeContext.detect(
                                io.ovdfailover.testsupport.HostFactsBuilder.from(
                                        io.ovdfailover.hosts.Fixtures.facts("ubuntu-22.04"))
                                    .line(
                                        io.ovdfailover.hosts.Firewall.UFW
                                            .mysqlEvidence("192.168.100.0/24")
                                            .get(0),
                                        new io.ovdfailover.hosts.LineState(true, 0, 0))
                                    .build())))
                    .extracting(io.ovdfailover.hosts.Command::script)
                    .containsExactly(
                        "ufw allow in proto tcp from 192.168.100.0/24 to any port 3306"));
    // the fixture's saved rules admit any source: with the default (the private network as
    // source) they are not evidence of this rule; with reachableFrom Anywhere they are the guide's
    for (String node : List.of("osm1", "osm2", "pcs3")) {
      assertThat(GuideSteps.forNode(spec, node, ubuntu).get(GuideStage.PACEMAKER_PREPARATION))
          .as(node)
          .anyMatch(st -> st instanceof io.ovdfailover.steps.FirewallStep);
    }
    assertThat(GuideSteps.forNode(spec, "dbmy", ubuntu).get(GuideStage.PACEMAKER_PREPARATION))
        .noneMatch(st -> st instanceof io.ovdfailover.steps.FirewallStep);
  }

  /**
   * RHEL's mariadb-server package leaves the server disabled and stopped (the guide: "Enable the
   * service", "Start the service"); Debian's and Ubuntu's start it. The rhel-8 fixture is assembled
   * by hand (facts/README.md): mariadb-server installed, the mariadb unit disabled and inactive.
   */
  @Test
  void theDatabaseNodesServerIsEnabledAndStartedOnlyWhereItIsNot() throws Exception {
    DistroProfile rhel8 = DistroProfiles.byKey("rhel-8").orElseThrow();
    List<Step> packages = GuideSteps.forNode(spec, "dbmy", rhel8).get(GuideStage.PACKAGES);
    io.ovdfailover.hosts.HostFacts installed = io.ovdfailover.hosts.Fixtures.facts("rhel-8");
    io.ovdfailover.steps.Plan plan =
        io.ovdfailover.steps.Planner.plan(
            io.ovdfailover.steps.NodeContext.detect(installed), packages);
    assertThat(plan.actions())
        .extracting(a -> a.command().script())
        .containsExactly("systemctl enable mariadb", "systemctl start mariadb");

    io.ovdfailover.hosts.HostFacts running =
        io.ovdfailover.testsupport.HostFactsBuilder.from(installed)
            .unit(
                "mariadb",
                new io.ovdfailover.hosts.UnitState("loaded", "enabled", "active", "running"))
            .build();
    assertThat(
            io.ovdfailover.steps.Planner.plan(
                    io.ovdfailover.steps.NodeContext.detect(running), packages)
                .mutatingCommands())
        .isZero();
    // Ubuntu's unit is mysql
    assertThat(
            names(
                GuideSteps.forNode(spec, "dbmy", DistroProfiles.byKey("ubuntu-22.04").orElseThrow())
                    .get(GuideStage.PACKAGES)))
        .containsExactly("packages mysql_server", "mysql enabled", "mysql started");
  }

  /**
   * RHEL's lsyncd package owns /etc/sysconfig/lsyncd: the guide wants one line present in it
   * ("ensure that the following line is present"), not the file replaced. The rhel-7 fixture is
   * assembled by hand (facts/README.md).
   */
  @Test
  void onRhelTheLsyncdSysconfigLineIsEditedInPlaceNotTheFileReplaced() throws Exception {
    for (String key : List.of("rhel-7", "rhel-8", "rhel-9")) {
      List<Step> lsyncd =
          GuideSteps.forNode(spec, "osm1", DistroProfiles.byKey(key).orElseThrow())
              .get(GuideStage.LSYNCD);
      assertThat(lsyncd)
          .as(key)
          .noneMatch(
              st ->
                  st instanceof io.ovdfailover.steps.FileStep f
                      && f.path().equals("/etc/sysconfig/lsyncd"))
          .filteredOn(st -> st instanceof io.ovdfailover.steps.LineStep)
          .singleElement()
          .extracting(st -> ((io.ovdfailover.steps.LineStep) st).query())
          .isEqualTo(
              new io.ovdfailover.hosts.LineQuery(
                  "/etc/sysconfig/lsyncd",
                  "LSYNCD_OPTIONS=\"/etc/lsyncd/lsyncd.conf.lua\"",
                  "LSYNCD_OPTIONS="));
    }
    Step fixup =
        GuideSteps.forNode(spec, "osm1", DistroProfiles.byKey("rhel-7").orElseThrow())
            .get(GuideStage.LSYNCD)
            .stream()
            .filter(st -> st instanceof io.ovdfailover.steps.LineStep)
            .findFirst()
            .orElseThrow();
    io.ovdfailover.hosts.HostFacts rhel7 = io.ovdfailover.hosts.Fixtures.facts("rhel-7");
    // the fixture's file has the line: nothing to do
    assertThat(fixup.changes(io.ovdfailover.steps.NodeContext.detect(rhel7))).isEmpty();
    // the package's own LSYNCD_OPTIONS line instead: only that line is replaced, nothing on stdin
    io.ovdfailover.hosts.LineQuery q = ((io.ovdfailover.steps.LineStep) fixup).query();
    io.ovdfailover.hosts.HostFacts packaged =
        io.ovdfailover.testsupport.HostFactsBuilder.from(rhel7)
            .line(q, new io.ovdfailover.hosts.LineState(true, 0, 1))
            .build();
    assertThat(fixup.changes(io.ovdfailover.steps.NodeContext.detect(packaged)))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.stdin()).isEmpty();
              assertThat(c.script()).contains("awk").contains("{ print }");
            });
  }

  @Test
  void theLocalServerGoesFromTheSessionManagersOnlyWhenTheSpecAsks() throws Exception {
    DistroProfile debian = DistroProfiles.byKey("debian-12").orElseThrow();
    assertThat(names(GuideSteps.forNode(spec, "osm1", debian).get(GuideStage.AFTER_CLUSTER)))
        .doesNotContain("local MySQL server");

    spec.database.uninstallLocalServer = true;
    for (String sm : List.of("osm1", "osm2")) {
      assertThat(names(GuideSteps.forNode(spec, sm, debian).get(GuideStage.AFTER_CLUSTER)))
          .contains("local MySQL server");
    }
    // the guide's warning: never on the database node
    GuideSteps.forNode(spec, "dbmy", debian)
        .values()
        .forEach(steps -> assertThat(names(steps)).doesNotContain("local MySQL server"));

    io.ovdfailover.steps.LocalServerRemovalStep step =
        new io.ovdfailover.steps.LocalServerRemovalStep("inuvika-ovd-session-manager");
    io.ovdfailover.hosts.HostFacts base = io.ovdfailover.hosts.Fixtures.facts("debian-12");
    java.util.Map<String, String> withServer = new java.util.HashMap<>(base.packages());
    withServer.put("mariadb-server", "1:10.11.6-0+deb12u1");
    io.ovdfailover.hosts.HostFacts installed =
        io.ovdfailover.testsupport.HostFactsBuilder.from(base).packages(withServer).build();
    withServer.remove("mariadb-server");
    io.ovdfailover.hosts.HostFacts removed =
        io.ovdfailover.testsupport.HostFactsBuilder.from(base).packages(withServer).build();

    assertThat(step.changes(new io.ovdfailover.steps.NodeContext(installed, debian)))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.description()).contains("mariadb-server");
              assertThat(c.script())
                  .contains("apt-get -s autoremove --purge mariadb-server")
                  .contains("inuvika-ovd-session-manager", "'*ovd*'", " pacemaker ", " lsyncd ")
                  .endsWith("-y autoremove --purge mariadb-server");
            });
    assertThat(step.changes(new io.ovdfailover.steps.NodeContext(removed, debian))).isEmpty();
    assertThat(step.probes().packages()).contains("mariadb-server", "mysql-server");
  }

  private static List<String> names(List<Step> steps) {
    return steps.stream().map(Step::name).toList();
  }
}
