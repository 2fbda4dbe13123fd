package io.ovdfailover.steps.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.Finding;
import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.steps.FileStep;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.steps.Planner;
import io.ovdfailover.steps.Step;
import io.ovdfailover.testsupport.HostFactsBuilder;
import io.ovdfailover.testsupport.Samples;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: the files of chapters IV and V as an admin writes them from the guide (the scenario in
 * e2e/scenarios/hand-built has the same text) meet the operator's steps: each is accepted, brought
 * to the operator's form with the reason, or kept and reported; none is silently overwritten.
 */
class HandBuiltFilesTest {
  final OvdFailoverClusterSpec spec = Samples.cluster("ns", "lab").getSpec();
  final DistroProfile debian = DistroProfiles.byKey("debian-12").orElseThrow();

  /** The guide's lsyncd.conf.lua (Ubuntu LTS), as 43-lsyncd.sh writes it. */
  static final String GUIDE_LSYNCD =
      """
      host = "the-other-osm"
      folders = {
          "/var/spool/ovd/session-manager",
          "/etc/ovd/session-manager",
          "/var/lib/php/sessions",
      }

      settings {
          logfile = "/var/log/lsyncd.log",
          insist = true,
      }

      for _, folder in ipairs( folders )
      do
          sync {
              default.rsyncssh,
              source    = folder,
              host      = host,
              targetdir = folder,
              exclude   = {'.*'},
              rsync     = {
                  archive  = true,
                  prune_empty_dirs = true,
                  _extra = {'--rsh=ssh -i /root/.ssh/sync_rsa'},
              },
              ssh = {
                  identityFile = '/root/.ssh/sync_rsa',
              },
          }
      end
      """;

  /** The guide's /etc/default/cluster-vip-src with the lab's VIP and NIC filled in. */
  static final String GUIDE_DEFAULTS =
      """
      # Configuration of the *cluster-vip-src* service
      #
      # You must configure the following variables:

      # NIC
      #
      NIC=eth0

      # VIRTUAL_IP
      #
      # Example: 10.20.1.10
      #
      VIRTUAL_IP=198.18.0.100

      # ADDRESS
      #
      # Comma separated list
      # CIDR notation to describe IP or subnet
      #
      ADDRESS=0.0.0.0/0
      """;

  NodeContext osm1(Map<String, String> files) throws Exception {
    HostFactsBuilder b = HostFactsBuilder.from(Fixtures.facts("debian-12")).node("osm1");
    files.forEach(
        (path, content) ->
            b.path(
                    path,
                    new PathState.RegularFile(
                        FileStep.sha256(content.getBytes(StandardCharsets.UTF_8)),
                        "0644",
                        "root",
                        "root"))
                .publicFile(path, content));
    return NodeContext.detect(b.build());
  }

  Step step(GuideStage stage, String path, boolean serving) {
    return GuideSteps.forNode(spec, "osm1", debian, Optional.empty(), serving).get(stage).stream()
        .filter(s -> s.name().equals(path))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theGuidesUnitWithoutTheGuardIsRewrittenWithTheReasonAndRestartsNothing() throws Exception {
    Step unit = step(GuideStage.VIP_SOURCE, GuideFiles.CLUSTER_VIP_SRC_UNIT_PATH, true);
    NodeContext node =
        osm1(Map.of(GuideFiles.CLUSTER_VIP_SRC_UNIT_PATH, GuideFiles.GUIDE_CLUSTER_VIP_SRC_UNIT));
    assertThat(unit.findings(node))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.disposition()).isEqualTo(Finding.Disposition.Updated);
              assertThat(f.message()).contains("without the guard rule", "nothing restarts");
            });
    Plan plan = Planner.plan(Map.of(node, List.of(unit)));
    assertThat(plan.needsDowntime()).isFalse();
    assertThat(plan.actions())
        .extracting(a -> a.command().script())
        .as("a write and systemd's reload, no restart of cluster-vip-src")
        .noneMatch(s -> s.contains("restart") || s.contains("systemctl start"));
    assertThat(plan.rows().get(0).action()).contains("without the guard rule");
  }

  @Test
  void theGuidesSettingsWithTheSpecsValuesAreEquivalentAndNotRewritten() throws Exception {
    Step defaults = step(GuideStage.VIP_SOURCE, GuideFiles.CLUSTER_VIP_SRC_DEFAULTS_PATH, true);
    NodeContext node = osm1(Map.of(GuideFiles.CLUSTER_VIP_SRC_DEFAULTS_PATH, GUIDE_DEFAULTS));
    assertThat(defaults.changes(node)).isEmpty();
    assertThat(defaults.findings(node))
        .extracting(Finding::disposition)
        .containsExactly(Finding.Disposition.Equivalent);
  }

  @Test
  void otherSnatValuesUnderARunningRuleWaitForDowntimeAndAreHarmlessElsewhere() throws Exception {
    String other = GUIDE_DEFAULTS.replace("ADDRESS=0.0.0.0/0", "ADDRESS=10.0.0.0/8");
    NodeContext node = osm1(Map.of(GuideFiles.CLUSTER_VIP_SRC_DEFAULTS_PATH, other));
    Step serving = step(GuideStage.VIP_SOURCE, GuideFiles.CLUSTER_VIP_SRC_DEFAULTS_PATH, true);
    assertThat(serving.findings(node))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.disposition()).isEqualTo(Finding.Disposition.NeedsDowntime);
              assertThat(f.message()).contains("+ADDRESS=10.0.0.0/8", "-ADDRESS=0.0.0.0/0");
            });
    Plan plan = Planner.plan(Map.of(node, List.of(serving)));
    assertThat(plan.needsDowntime()).isTrue();
    assertThat(plan.actions())
        .singleElement()
        .extracting(a -> a.command().script())
        .satisfies(
            s ->
                assertThat(s)
                    .contains("systemctl stop cluster-vip-src", "systemctl start cluster-vip-src")
                    .doesNotContain(SiteFileStepMarker.WRITE));
    Step passive = step(GuideStage.VIP_SOURCE, GuideFiles.CLUSTER_VIP_SRC_DEFAULTS_PATH, false);
    assertThat(Planner.plan(Map.of(node, List.of(passive))).needsDowntime()).isFalse();
    assertThat(passive.findings(node))
        .extracting(Finding::disposition)
        .containsExactly(Finding.Disposition.Updated);
  }

  @Test
  void theGuidesLsyncdConfigurationIsEquivalentToTheOperatorsAndKept() throws Exception {
    Step config = step(GuideStage.LSYNCD, GuideFiles.LSYNCD_CONFIG_PATH, true);
    NodeContext node = osm1(Map.of(GuideFiles.LSYNCD_CONFIG_PATH, GUIDE_LSYNCD));
    assertThat(config.changes(node)).isEmpty();
    assertThat(config.findings(node))
        .extracting(Finding::disposition)
        .containsExactly(Finding.Disposition.Equivalent);
  }

  @Test
  void extraLsyncdExcludesAreTheSitesKeptAndReportedNeverOverwritten() throws Exception {
    String site =
        GUIDE_LSYNCD.replace("exclude   = {'.*'},", "exclude   = {'.*', '*.tmp', 'cache/'},");
    Step config = step(GuideStage.LSYNCD, GuideFiles.LSYNCD_CONFIG_PATH, true);
    NodeContext node = osm1(Map.of(GuideFiles.LSYNCD_CONFIG_PATH, site));
    assertThat(config.changes(node)).as("not rewritten").isEmpty();
    assertThat(config.findings(node))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.disposition()).isEqualTo(Finding.Disposition.Kept);
              assertThat(f.message())
                  .contains("+exclude = {'.*', '*.tmp', 'cache/'},", "kept as the site's");
            });
  }

  @Test
  void theOperatorsOwnFileIsStillCorrectedWhenItDrifts() throws Exception {
    String drifted = GuideFiles.lsyncdConfig(List.of("/srv/elsewhere"));
    Step config = step(GuideStage.LSYNCD, GuideFiles.LSYNCD_CONFIG_PATH, true);
    NodeContext node = osm1(Map.of(GuideFiles.LSYNCD_CONFIG_PATH, drifted));
    assertThat(config.findings(node)).isEmpty();
    assertThat(config.changes(node))
        .extracting(Command::description)
        .containsExactly("write the lsyncd configuration");
  }

  @Test
  void knownHostsFromTheGuidesKeyscanAreAccepted() throws Exception {
    String hostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOsm2 root@osm2";
    String keyscan =
        "the-other-osm ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQC\n"
            + "the-other-osm ecdsa-sha2-nistp256 AAAAE2VjZHNh\n"
            + "the-other-osm ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOsm2\n";
    KnownHostStep step = KnownHostStep.of("198.19.100.12", hostKey, "know the other");
    NodeContext node =
        NodeContext.detect(
            HostFactsBuilder.from(Fixtures.facts("debian-12"))
                .node("osm1")
                .publicFile("/root/.ssh/known_hosts", keyscan)
                .build());
    assertThat(step.changes(node)).isEmpty();
    assertThat(step.findings(node))
        .singleElement()
        .extracting(Finding::disposition)
        .isEqualTo(Finding.Disposition.Equivalent);
    // another key under the name is not the other session manager's: the operator's line is added
    NodeContext other =
        NodeContext.detect(
            HostFactsBuilder.from(Fixtures.facts("debian-12"))
                .node("osm1")
                .publicFile(
                    "/root/.ssh/known_hosts", keyscan.replace("AAAAIOsm2", "AAAAIsomeoneelse"))
                .build());
    assertThat(step.changes(other)).hasSize(1);
  }

  /** The placeholder a downtime wrapper carries, which must not reach the node. */
  private static final class SiteFileStepMarker {
    static final String WRITE = io.ovdfailover.steps.SiteFileStep.WRITE;
  }
}
