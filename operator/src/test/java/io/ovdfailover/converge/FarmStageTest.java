package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.FarmServerSpec;
import io.ovdfailover.api.FarmServerSpec.Os;
import io.ovdfailover.api.FarmServerSpec.Role;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.LineQuery;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.testsupport.Samples;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Chapter IV step 4 planned from facts: which file, whether it names the VIP, what waits. */
class FarmStageTest {
  static final PathState FILE = new PathState.RegularFile("e3b0", "0644", "root", "root");
  static final String VIP = SiteFacts.SPEC.vip.address;
  static final LineQuery INI_VIP =
      new LineQuery(FarmServers.SLAVESERVER_CONF, "session_manager = " + VIP, "session_manager");
  static final LineQuery WEB_VIP =
      new LineQuery(
          FarmServers.WEB_ACCESS_CONFIG,
          "define('SESSIONMANAGER_HOST', '" + VIP + "');",
          FarmServers.PHP_KEY);

  static OvdFailoverClusterSpec spec(FarmServerSpec... servers) {
    OvdFailoverClusterSpec s = Samples.cluster("ns", "lab").getSpec();
    s.farmServers = List.of(servers);
    return s;
  }

  static final FarmServerSpec OAS = new FarmServerSpec("farm1", Role.OAS, Os.Linux);

  static SiteFacts slaveserver(boolean onVip, boolean restartMark) {
    Map<String, PathState> files =
        restartMark
            ? Map.of(FarmServers.SLAVESERVER_CONF, FILE, FarmServers.RESTART_MARK, FILE)
            : Map.of(FarmServers.SLAVESERVER_CONF, FILE);
    return SiteFacts.converged().farmServer("farm1", files, onVip ? Map.of(INI_VIP, 1) : Map.of());
  }

  @Test
  void aLinuxOasNamingOsm1IsEditedAndRestartedAsDowntimeOnceTheVipServes() {
    StagePlan p = new FarmStage().plan(slaveserver(false, false).pass(spec(OAS)));
    assertThat(p)
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c -> {
              assertThat(c.downtime()).hasValueSatisfying(d -> assertThat(d).contains("farm1"));
              assertThat(c.rows())
                  .extracting(Plan.Row::node, Plan.Row::action, Plan.Row::downtime)
                  .containsExactly(
                      org.assertj.core.groups.Tuple.tuple(
                          "farm1",
                          "set session_manager in [main] to "
                              + VIP
                              + " in /etc/ovd/slaveserver/slaveserver.conf",
                          false),
                      org.assertj.core.groups.Tuple.tuple(
                          "farm1", "systemctl restart ovd-slaveserver", true));
            });
  }

  @Test
  void namingTheVipIsConvergedAndAnEditWithoutItsRestartOnlyRestarts() {
    assertThat(new FarmStage().plan(slaveserver(true, false).pass(spec(OAS))))
        .isInstanceOf(StagePlan.Converged.class);
    assertThat(new FarmStage().plan(slaveserver(true, true).pass(spec(OAS))))
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c ->
                assertThat(c.rows())
                    .extracting(Plan.Row::action)
                    .containsExactly("systemctl restart ovd-slaveserver"));
  }

  @Test
  void anOwaWithoutSlaveserverConfIsOneFromBefore330AndNeedsNoRestart() {
    FarmServerSpec owa = new FarmServerSpec("farm1", Role.OWA, Os.Linux);
    SiteFacts site =
        SiteFacts.converged()
            .farmServer("farm1", Map.of(FarmServers.WEB_ACCESS_CONFIG, FILE), Map.of());
    assertThat(new FarmStage().plan(site.pass(spec(owa))))
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c -> {
              assertThat(c.downtime()).isEmpty();
              assertThat(c.rows())
                  .extracting(Plan.Row::action)
                  .containsExactly(
                      "set SESSIONMANAGER_HOST (OWA before 3.3.0) to "
                          + VIP
                          + " in /etc/ovd/web-access/config.inc.php");
            });
    SiteFacts done =
        SiteFacts.converged()
            .farmServer("farm1", Map.of(FarmServers.WEB_ACCESS_CONFIG, FILE), Map.of(WEB_VIP, 1));
    assertThat(new FarmStage().plan(done.pass(spec(owa)))).isInstanceOf(StagePlan.Converged.class);
  }

  @Test
  void noVipServedHoldsTheFarmWhereItIs() {
    SiteFacts site =
        SiteFacts.bare().farmServer("farm1", Map.of(FarmServers.SLAVESERVER_CONF, FILE), Map.of());
    assertThat(new FarmStage().plan(site.pass(spec(OAS))))
        .isInstanceOfSatisfying(
            StagePlan.Held.class, h -> assertThat(h.why()).contains("VIP is not served"));
  }

  @Test
  void windowsIsAManualStepAndAnUnreachableServerIsReportedNotWaitedFor() {
    FarmServerSpec win = new FarmServerSpec("win1", Role.OAS, Os.Windows);
    FarmServerSpec gone = new FarmServerSpec("farm2", Role.ESG, Os.Linux);
    OvdFailoverClusterSpec spec = spec(win, gone);
    SiteFacts site = SiteFacts.converged();
    assertThat(new FarmStage().plan(site.pass(spec))).isInstanceOf(StagePlan.Converged.class);
    List<FarmServers.View> views =
        FarmServers.read(
            spec,
            site.facts(),
            Map.of(
                "farm2",
                new HostException(HostException.Kind.UNREACHABLE, "farm2", "connection refused")));
    assertThat(views)
        .extracting(v -> v.spec().name, FarmServers.View::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("win1", FarmServers.State.ManualStep),
            org.assertj.core.groups.Tuple.tuple("farm2", FarmServers.State.Unreachable));
    assertThat(views.get(0).message())
        .contains("HKEY_LOCAL_MACHINE\\SOFTWARE\\OVD\\SlaveServer")
        .contains(VIP);
    // the dry run's plan lists it for a person
    assertThat(new FarmStage().manualSteps(site.pass(spec)))
        .extracting(Plan.Row::node, Plan.Row::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("win1", "manual: " + views.get(0).message()));
  }

  @Test
  void aServerWithoutAnyOfItsFilesIsReportedAsNoConfiguration() {
    FarmServerSpec ac = new FarmServerSpec("farm1", Role.AC, Os.Linux);
    SiteFacts site =
        SiteFacts.converged()
            .farmServer("farm1", Map.of(FarmServers.SLAVESERVER_CONF, FILE), Map.of());
    assertThat(FarmServers.read(spec(ac), site.facts(), Map.of()))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.state()).isEqualTo(FarmServers.State.NoConfiguration);
              assertThat(v.message()).contains(FarmServers.ADMIN_CONSOLE_CONFIG);
            });
    assertThat(new FarmStage().plan(site.pass(spec(ac)))).isInstanceOf(StagePlan.Converged.class);
  }
}
