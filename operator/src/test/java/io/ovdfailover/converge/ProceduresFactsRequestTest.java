package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.steps.Planner;
import io.ovdfailover.steps.guide.GuideHosts;
import io.ovdfailover.steps.guide.GuideStage;
import io.ovdfailover.steps.guide.GuideSteps;
import io.ovdfailover.testsupport.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The facts a pass asks for are what the stages of its procedure read (FactsRequest.STANDARD_PATHS
 * and its siblings are gone): proved from the steps themselves, by planning from facts that hold
 * nothing else, and against what the retired standard request asked for.
 */
class ProceduresFactsRequestTest {
  final OvdFailoverClusterSpec spec = SiteFacts.SPEC;
  final FactsRequest asked = Procedures.guideBuildRequest(spec);

  @Test
  void everyStepOfEveryGuideStageOnEveryProfileReadsOnlyWhatThePassAsksFor() {
    for (DistroProfile profile : DistroProfiles.ALL) {
      for (NodeSpec node : spec.allNodes()) {
        String other = GuideHosts.otherSessionManager(spec, node.name);
        Optional<GuideSteps.Peer> peer =
            Optional.ofNullable(other)
                .map(
                    o ->
                        new GuideSteps.Peer(
                            "198.19.100.1",
                            Optional.of("ssh-rsa K"),
                            Optional.of("ssh-ed25519 K")));
        for (GuideStage stage : GuideStage.values()) {
          FactsRequest read =
              Planner.probes(GuideSteps.forNode(spec, node.name, profile, peer, true).get(stage));
          String where = profile.key() + " " + node.name + " " + stage;
          assertThat(asked.paths()).as(where).containsAll(read.paths());
          assertThat(asked.units()).as(where).containsAll(read.units());
          assertThat(asked.lines()).as(where).containsAll(read.lines());
          assertThat(asked.packages()).as(where).containsAll(read.packages());
          assertThat(asked.publicFiles()).as(where).containsAll(read.publicFiles());
        }
      }
    }
  }

  @Test
  void everyStageOfTheGuideBuildPlansFromTheFactsOfTheDerivedRequestAlone() {
    // HostFacts.path refuses a path the probe was not asked for: a stage reading one would throw
    for (SiteFacts site : List.of(SiteFacts.bare(), SiteFacts.converged())) {
      Pass pass = site.probedOnly(asked).pass();
      for (Stage stage : Procedures.guideBuild(null)) {
        assertThat(stage.plan(pass)).as(stage.name()).isNotNull();
      }
      assertThat(ClusterSituation.read(spec, pass.facts(), pass.view())).isNotNull();
    }
  }

  @Test
  void whatTheRetiredStandardRequestAskedForIsKeptUnlessNoCodeReadsIt() {
    List<String> standardPaths = new ArrayList<>(STANDARD_PATHS);
    DistroProfiles.ALL.forEach(
        p -> {
          standardPaths.add(p.network().file());
          standardPaths.add(p.mysqlServerConfig());
        });
    assertThat(minus(standardPaths, asked.paths()))
        .containsExactlyInAnyOrderElementsOf(UNREAD_PATHS);
    assertThat(minus(STANDARD_UNITS, asked.units()))
        .containsExactlyInAnyOrderElementsOf(UNREAD_UNITS);
    // and the guide's configuration files a cluster built by hand is compared with by meaning
    List<String> publicFiles = new ArrayList<>(STANDARD_PUBLIC_FILES);
    publicFiles.addAll(FactsRequest.READABLE_CONFIG_FILES);
    // the alert agent's log is read only when the spec has alerts (below)
    publicFiles.remove(io.ovdfailover.steps.guide.GuideAlerts.EVENT_LOG_PATH);
    assertThat(asked.publicFiles()).containsExactlyInAnyOrderElementsOf(publicFiles);
    // RHEL's lsyncd fix-up edits one line of the package's file (LineStep): its query is asked
    assertThat(asked.lines())
        .contains(io.ovdfailover.hosts.LsyncdFixup.SYSCONFIG.requiredLine().orElseThrow());
    assertThat(asked.paths()).contains("/etc/sysconfig/lsyncd");
  }

  @Test
  void alertsAddTheirFilesPackageAndLogToTheRequestOnlyWhenTheSpecHasThem() {
    OvdFailoverClusterSpec withAlerts = Samples.cluster("ns", "lab").getSpec();
    withAlerts.alerts = new io.ovdfailover.api.AlertsSpec();
    withAlerts.alerts.recipients = List.of("ops@lab.example");
    withAlerts.alerts.smtp = new io.ovdfailover.api.SmtpRelaySpec();
    withAlerts.alerts.smtp.host = "dbmy.priv";
    FactsRequest more = Procedures.factsRequest(Procedures.guideBuild(null), withAlerts);
    assertThat(more.paths())
        .contains("/etc/ssmtp/ssmtp.conf", "/usr/local/sbin/pcs-notify", "/var/log/ovd-failover");
    assertThat(more.packages()).contains("ssmtp");
    assertThat(more.publicFiles()).contains("/var/log/ovd-failover/pacemaker-alerts.log");
    assertThat(asked.paths()).doesNotContain("/etc/ssmtp/ssmtp.conf");
  }

  /**
   * In the standard request but read by no code: nothing calls HostFacts.path or unit for them.
   * corosync.conf and pcsd's known-hosts/tokens reach the operator as the Pacemaker membership
   * files (their own probe section); authorized_keys and known_hosts as public files; the rest is
   * managed by no step (/etc/hostname: hostname's output is compared; the OSM cron's target, the
   * PHP session folders, pcs-notify and ssmtp: named by the guide, never diffed).
   */
  static final List<String> UNREAD_PATHS =
      List.of(
          "/etc/hostname",
          "/root/.ssh",
          "/root/.ssh/authorized_keys",
          "/root/.ssh/known_hosts",
          "/etc/ovd/session-manager/sessionmanager.cron",
          "/etc/cron.d/lsyncd",
          "/var/lib/php/sessions",
          "/var/lib/php/session",
          "/etc/corosync/corosync.conf",
          "/var/lib/pcsd/known-hosts",
          "/var/lib/pcsd/tokens",
          "/usr/local/sbin/pcs-notify",
          "/etc/ssmtp/ssmtp.conf");

  /** cluster-vip-src is Pacemaker's to start; no step manages cron. */
  static final List<String> UNREAD_UNITS = List.of("cluster-vip-src", "cron", "crond");

  static <T> List<T> minus(List<T> a, List<T> b) {
    List<T> r = new ArrayList<>(a);
    r.removeAll(b);
    return r;
  }

  // what FactsRequest.standard() asked for before the request was derived from the stages (besides
  // every profile's packages, network file, MySQL server configuration and line queries)

  static final List<String> STANDARD_PUBLIC_FILES =
      List.of(
          "/root/.ssh/sync_rsa.pub",
          "/root/.ssh/authorized_keys",
          "/root/.ssh/known_hosts",
          "/etc/ssh/ssh_host_ed25519_key.pub");
  static final List<String> STANDARD_UNITS =
      List.of(
          "pcsd",
          "corosync",
          "pacemaker",
          "apache2",
          "httpd",
          "mariadb",
          "mysql",
          "lsyncd",
          "cluster-vip-src",
          "cron",
          "crond",
          "ufw",
          "firewalld");
  static final List<String> STANDARD_PATHS =
      List.of(
          "/etc/hosts",
          "/etc/hostname",
          "/etc/default/cluster-vip-src",
          "/etc/systemd/system/cluster-vip-src.service",
          "/etc/systemd/system/lsyncd.service",
          "/etc/sysconfig/lsyncd",
          "/etc/lsyncd",
          "/etc/lsyncd/lsyncd.conf.lua",
          "/etc/lsyncd/lsyncd.cron",
          "/root/.ssh",
          "/root/.ssh/sync_rsa",
          "/root/.ssh/sync_rsa.pub",
          "/root/.ssh/authorized_keys",
          "/root/.ssh/known_hosts",
          "/var/spool/ovd/session-manager/config",
          "/etc/ovd/session-manager/sessionmanager.cron",
          "/etc/cron.d/ovd-session-manager",
          "/etc/cron.d/lsyncd",
          "/etc/httpd/conf.d/status.conf",
          "/var/lib/php/sessions",
          "/var/lib/php/session",
          "/etc/corosync/corosync.conf",
          "/var/lib/pcsd/known-hosts",
          "/var/lib/pcsd/tokens",
          "/var/log/corosync",
          "/usr/local/sbin/pcs-notify",
          "/etc/ssmtp/ssmtp.conf",
          "/var/lib/ovd-failover/cluster-started");
}
