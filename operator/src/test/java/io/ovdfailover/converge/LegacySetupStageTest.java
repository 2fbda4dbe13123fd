package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.hosts.Finding;
import io.ovdfailover.hosts.PathState;
import org.junit.jupiter.api.Test;

/**
 * The legacy guide's Heartbeat pair on the session managers: reported, and nothing is changed on
 * any node.
 */
class LegacySetupStageTest {
  static final String HA_CF =
      """
      autojoin none
      logfile /var/log/heartbeat.log
      logfacility daemon
      node osm1 osm2
      keepalive 2
      warntime 5
      deadtime 15
      bcast eth1
      ping 198.18.0.1
      auto_failback yes
      """;
  static final String HARESOURCES =
      "# the VIP and the OSM\nosm1 198.18.0.100 cron osm-failover.sh\n";

  static SiteFacts legacyPair() {
    SiteFacts site = SiteFacts.bare();
    for (String sm : new String[] {"osm1", "osm2"}) {
      site.installed(sm, "heartbeat", "1:3.0.6-11")
          .installed(sm, "memcached", "1.6.18-1")
          .installed(sm, "php-memcache", "8.2+4.0.5.2")
          .publicFile(sm, LegacyHeartbeat.HA_CF, HA_CF)
          .publicFile(sm, LegacyHeartbeat.HARESOURCES, HARESOURCES)
          .path(
              sm,
              LegacyHeartbeat.OSM_INOTIFY,
              new PathState.RegularFile("ab12", "0755", "root", "root"))
          .unit(sm, "heartbeat", true)
          .unit(sm, "memcached", true);
    }
    return site;
  }

  @Test
  void aHeartbeatPairBlocksTheWholeBuildAndSaysWhatItFound() {
    Pass pass = legacyPair().pass();
    StagePlan plan = new LegacySetupStage().plan(pass);
    assertThat(plan)
        .isInstanceOfSatisfying(
            StagePlan.Blocked.class,
            b ->
                assertThat(b.why())
                    .contains(
                        "Heartbeat on [osm1, osm2] (running on [osm1, osm2])",
                        "haresources owner osm1",
                        "auto_failback yes",
                        "osm-inotify.pl + rsync on [osm1, osm2]",
                        "memcache on [osm1, osm2]",
                        "changes nothing"));
    assertThat(new LegacySetupStage().findings(pass))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.disposition()).isEqualTo(Finding.Disposition.Kept);
              assertThat(f.subject()).isEqualTo("legacy Heartbeat pair");
            });
    assertThat(Procedures.guideBuild(null).get(0)).isInstanceOf(LegacySetupStage.class);
  }

  @Test
  void aHeartbeatThatNeitherRunsNorStartsAtBootIsRetiredAndOnlyReported() {
    assertThat(new LegacySetupStage().plan(SiteFacts.bare().pass()))
        .isInstanceOf(StagePlan.Converged.class);
    assertThat(new LegacySetupStage().findings(SiteFacts.bare().pass())).isEmpty();
    SiteFacts retired =
        SiteFacts.bare()
            .installed("osm2", "heartbeat", "1:3.0.6-11")
            .unitState("osm2", "heartbeat", stopped("disabled"));
    assertThat(new LegacySetupStage().plan(retired.pass())).isInstanceOf(StagePlan.Converged.class);
    assertThat(new LegacySetupStage().findings(retired.pass()))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.subject()).isEqualTo("legacy Heartbeat retired");
              assertThat(f.message()).contains("Heartbeat on [osm2] (stopped and disabled)");
            });
    // stopped but enabled: it takes the VIP at the next boot
    SiteFacts enabled =
        SiteFacts.bare()
            .installed("osm2", "heartbeat", "1:3.0.6-11")
            .unitState("osm2", "heartbeat", stopped("enabled"));
    assertThat(new LegacySetupStage().plan(enabled.pass()))
        .isInstanceOfSatisfying(
            StagePlan.Blocked.class,
            b ->
                assertThat(b.why())
                    .contains(
                        "Heartbeat on [osm2] (stopped, enabled at boot on [osm2])",
                        "VIP on neither",
                        "no memcache",
                        "spec.legacyPair: Migrate"));
  }

  static io.ovdfailover.hosts.UnitState stopped(String unitFileState) {
    return new io.ovdfailover.hosts.UnitState("loaded", unitFileState, "inactive", "dead");
  }
}
