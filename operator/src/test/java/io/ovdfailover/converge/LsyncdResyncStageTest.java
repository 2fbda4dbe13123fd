package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.hosts.PathState;
import org.junit.jupiter.api.Test;

/** A passive copy lsyncd has not brought: the active node's lsyncd gets the guide's SIGHUP. */
class LsyncdResyncStageTest {
  static SiteFacts site(String osm1Sha, String osm2Sha, boolean lsyncdOnOsm1) {
    return SiteFacts.converged()
        .unit("osm1", "lsyncd", lsyncdOnOsm1)
        .path("osm1", LsyncdHealth.WITNESS, config(osm1Sha))
        .path("osm2", LsyncdHealth.WITNESS, config(osm2Sha))
        .path("osm1", OvdUpgrade.CONFIG_AWAY, PathState.ABSENT)
        .path("osm2", OvdUpgrade.CONFIG_AWAY, PathState.ABSENT);
  }

  static PathState config(String sha) {
    return new PathState.RegularFile(sha, "0660", "www-data", "www-data");
  }

  @Test
  void aStaleReplicaGetsAFullSyncFromTheActiveNode() {
    StagePlan p = new LsyncdResyncStage().plan(site("aaaa", "bbbb", true).pass());
    assertThat(p)
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c -> {
              assertThat(c.downtime()).isEmpty();
              assertThat(c.rows())
                  .singleElement()
                  .satisfies(
                      r -> {
                        assertThat(r.node()).isEqualTo("osm1");
                        assertThat(r.action())
                            .startsWith("systemctl kill --kill-who=main --signal=HUP lsyncd")
                            .contains("osm2's copy");
                        assertThat(r.downtime()).isFalse();
                      });
            });
  }

  static final java.time.Instant NOW = java.time.Instant.parse("2026-12-07T08:00:00Z");
  static final java.time.Clock CLOCK = java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC);

  @Test
  void aChangeLsyncdIsBatchingAndAFullSyncAskedLatelyWaitTheirTurn() {
    io.ovdfailover.hosts.FileStamp justNow =
        new io.ovdfailover.hosts.FileStamp(NOW.minusSeconds(10), NOW.minusSeconds(10));
    io.ovdfailover.hosts.FileStamp longAgo =
        new io.ovdfailover.hosts.FileStamp(NOW.minusSeconds(3600), NOW.minusSeconds(3600));
    SiteFacts batching = site("aaaa", "bbbb", true).stamp("osm1", LsyncdHealth.WITNESS, justNow);
    assertThat(new LsyncdResyncStage(CLOCK).plan(batching.pass()))
        .isInstanceOf(StagePlan.Converged.class);
    SiteFacts asked =
        site("aaaa", "bbbb", true)
            .stamp("osm1", LsyncdHealth.WITNESS, longAgo)
            .path("osm1", LsyncdResyncStage.MARK, config("e3b0"))
            .stamp("osm1", LsyncdResyncStage.MARK, justNow);
    assertThat(new LsyncdResyncStage(CLOCK).plan(asked.pass()))
        .isInstanceOf(StagePlan.Converged.class);
    SiteFacts askedLongAgo =
        site("aaaa", "bbbb", true)
            .stamp("osm1", LsyncdHealth.WITNESS, longAgo)
            .path("osm1", LsyncdResyncStage.MARK, config("e3b0"))
            .stamp("osm1", LsyncdResyncStage.MARK, longAgo);
    assertThat(new LsyncdResyncStage(CLOCK).plan(askedLongAgo.pass()))
        .isInstanceOf(StagePlan.Changes.class);
    // lsyncd on the passive node too: reported (LsyncdOnPassive), no SIGHUP either way
    assertThat(
            new LsyncdResyncStage(CLOCK)
                .plan(site("aaaa", "bbbb", true).unit("osm2", "lsyncd", true).pass()))
        .isInstanceOf(StagePlan.Converged.class);
  }

  @Test
  void aRebuiltNodesLsyncdLeftActiveExitedByItsSysvScriptIsNoDaemon() {
    SiteFacts rebuilt =
        site("aaaa", "bbbb", true)
            .unitState(
                "osm2",
                "lsyncd",
                new io.ovdfailover.hosts.UnitState("loaded", "disabled", "active", "exited"));
    assertThat(new LsyncdResyncStage(CLOCK).plan(rebuilt.pass()))
        .isInstanceOf(StagePlan.Changes.class);
  }

  @Test
  void theSameCopyOrNoLsyncdToAskChangesNothing() {
    assertThat(new LsyncdResyncStage().plan(site("aaaa", "aaaa", true).pass()))
        .isInstanceOf(StagePlan.Converged.class);
    // lsyncd stopped on the active node is FilesSynced's LsyncdStopped, not this stage's
    assertThat(new LsyncdResyncStage().plan(site("aaaa", "bbbb", false).pass()))
        .isInstanceOf(StagePlan.Converged.class);
  }
}
