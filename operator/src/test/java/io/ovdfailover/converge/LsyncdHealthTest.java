package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovdfailover.api.ConditionReason;
import io.ovdfailover.api.ConditionType;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.OvdFailoverClusterStatus;
import io.ovdfailover.api.OvdFailoverClusterStatus.SyncStatus;
import io.ovdfailover.api.SyncCanarySpec;
import io.ovdfailover.hosts.FileStamp;
import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.hosts.UnitState;
import io.ovdfailover.steps.guide.GuideFilesTest;
import io.ovdfailover.testsupport.HostFactsBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LsyncdHealthTest {
  static final Instant T0 = Instant.parse("2026-12-07T04:00:00Z");
  static final String CANARY = "/var/lib/php/sessions/ovd-failover-canary";
  static final UnitState RUNNING = new UnitState("loaded", "disabled", "active", "running");
  static final UnitState STOPPED = new UnitState("loaded", "disabled", "inactive", "dead");

  static OvdFailoverClusterSpec spec(boolean canary) {
    OvdFailoverClusterSpec s = GuideFilesTest.guideSpec();
    if (canary) {
      s.lsyncd.canary = new SyncCanarySpec();
      s.lsyncd.canary.enabled = true;
      s.lsyncd.canary.maxLagSeconds = 30;
      s.lsyncd.canary.intervalSeconds = 60;
    }
    return s;
  }

  static HostFactsBuilder node(String name, UnitState lsyncd) {
    return HostFactsBuilder.from(Fixtures.facts("debian-12"))
        .node(name)
        .unit("lsyncd", lsyncd)
        .path(CANARY, PathState.ABSENT)
        .path("/var/lib/php/session/ovd-failover-canary", PathState.ABSENT);
  }

  /** The canary written at {@code written} as rsync left it on a node at {@code arrived}. */
  static HostFactsBuilder holding(HostFactsBuilder b, Instant written, Instant arrived) {
    return b.path(
            CANARY,
            new PathState.RegularFile(
                io.ovdfailover.steps.FileStep.sha256(
                    LsyncdHealth.content(written)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "0600",
                "root",
                "root"))
        .stamp(CANARY, new FileStamp(written, arrived));
  }

  static Map<String, HostFacts> both(HostFactsBuilder osm1, HostFactsBuilder osm2) {
    return Map.of("osm1", osm1.build(), "osm2", osm2.build());
  }

  @Test
  void lsyncdOnTheActiveNodeOnlyIsWhatAppendixOneExpectsAndItsLastLogErrorIsShown() {
    var o =
        LsyncdHealth.observe(
            spec(false),
            both(
                node("osm1", RUNNING)
                    .tail(
                        "/var/log/lsyncd.log",
                        "Mon Dec  7 03:00:01 2026 Error: Temporary or permanent failure on startup"
                            + " of \"/var/lib/php/sessions\"\nMon Dec  7 03:00:02 2026 Normal: Finished"),
                node("osm2", STOPPED)),
            Optional.of("osm1"),
            null,
            T0);
    assertThat(o.verdict().synced()).isTrue();
    assertThat(o.verdict().reason()).isEqualTo(ConditionReason.LsyncdOnActiveOnly);
    assertThat(o.sync().source).isEqualTo("osm1");
    assertThat(o.sync().target).isEqualTo("osm2");
    assertThat(o.sync().lsyncdActiveOn).containsExactly("osm1");
    assertThat(o.sync().lsyncdLastError).contains("Temporary or permanent failure");
    assertThat(o.verdict().message()).contains("the last error in /var/log/lsyncd.log on osm1");
  }

  @Test
  void lsyncdStoppedOnTheActiveNodeOrRunningOnThePassiveOneIsFalse() {
    var stopped =
        LsyncdHealth.observe(
            spec(true),
            both(node("osm1", STOPPED), node("osm2", STOPPED)),
            Optional.of("osm1"),
            null,
            T0);
    assertThat(stopped.verdict().synced()).isFalse();
    assertThat(stopped.verdict().reason()).isEqualTo(ConditionReason.LsyncdStopped);

    var backwards =
        LsyncdHealth.observe(
            spec(true),
            both(node("osm1", RUNNING), node("osm2", RUNNING)),
            Optional.of("osm1"),
            null,
            T0);
    assertThat(backwards.verdict().synced()).isFalse();
    assertThat(backwards.verdict().reason()).isEqualTo(ConditionReason.LsyncdOnPassive);
    assertThat(backwards.verdict().message()).contains("osm2 too");
    assertThat(backwards.sync().lsyncdActiveOn).containsExactly("osm1", "osm2");
  }

  @Test
  void noActiveSessionManagerIsUnknownAndKeepsWhatWasKnown() {
    SyncStatus before = new SyncStatus();
    before.source = "osm1";
    before.lastLagSeconds = 15.2;
    var o =
        LsyncdHealth.observe(
            spec(true),
            both(node("osm1", STOPPED), node("osm2", STOPPED)),
            Optional.empty(),
            before,
            T0);
    assertThat(o.verdict().synced()).isNull();
    assertThat(o.sync().lastLagSeconds).isEqualTo(15.2);
  }

  @Test
  void aCanaryIsDueAtOnceThenTimedOnThePassiveNodeByItsOwnTimes() {
    OvdFailoverClusterSpec spec = spec(true);
    OvdFailoverClusterStatus status = new OvdFailoverClusterStatus();
    status.activeNode = "osm1";
    Map<String, HostFacts> quiet = both(node("osm1", RUNNING), node("osm2", STOPPED));
    apply(spec, status, quiet, T0);
    assertThat(reason(status)).isEqualTo(ConditionReason.NotMeasured.name());
    assertThat(LsyncdHealth.canaryDue(spec, quiet, status, T0)).contains(CANARY);

    LsyncdHealth.written(status, T0);
    assertThat(LsyncdHealth.canaryDue(spec, quiet, status, T0.plusSeconds(5))).isEmpty();
    // on its way: nothing on osm2 yet
    Map<String, HostFacts> onItsWay =
        both(holding(node("osm1", RUNNING), T0, T0), node("osm2", STOPPED));
    apply(spec, status, onItsWay, T0.plusSeconds(10));
    assertThat(reason(status)).isEqualTo(ConditionReason.NotMeasured.name());
    assertThat(status.sync.canaryWrittenAt).isEqualTo(T0.toString());

    // lsyncd's 15 s batch, then rsync: osm2's change time says when it landed
    Map<String, HostFacts> arrived =
        both(
            holding(node("osm1", RUNNING), T0, T0),
            holding(node("osm2", STOPPED), T0, T0.plusMillis(15_640)));
    apply(spec, status, arrived, T0.plusSeconds(40));
    assertThat(status(status)).isEqualTo(Conditions.TRUE);
    assertThat(reason(status)).isEqualTo(ConditionReason.CanaryArrived.name());
    assertThat(status.sync.lastLagSeconds).isEqualTo(15.6);
    assertThat(status.sync.canaryWrittenAt).isNull();
    assertThat(message(status)).contains("reached osm2 in 15.6 s");

    // the next one after intervalSeconds (60) from the arrival
    assertThat(LsyncdHealth.canaryDue(spec, arrived, status, T0.plusSeconds(60))).isEmpty();
    assertThat(LsyncdHealth.canaryDue(spec, arrived, status, T0.plusSeconds(76))).contains(CANARY);
  }

  @Test
  void aCanaryLaterThanMaxLagIsFalseAndCountsItsSecondsUntilItArrives() {
    OvdFailoverClusterSpec spec = spec(true);
    OvdFailoverClusterStatus status = new OvdFailoverClusterStatus();
    status.activeNode = "osm1";
    Map<String, HostFacts> stuck =
        both(holding(node("osm1", RUNNING), T0, T0), node("osm2", STOPPED));
    apply(spec, status, stuck, T0);
    LsyncdHealth.written(status, T0);

    apply(spec, status, stuck, T0.plusSeconds(29));
    assertThat(status(status)).isEqualTo(Conditions.UNKNOWN);
    apply(spec, status, stuck, T0.plusSeconds(45));
    assertThat(status(status)).isEqualTo(Conditions.FALSE);
    assertThat(reason(status)).isEqualTo(ConditionReason.CanaryLate.name());
    assertThat(message(status)).contains("45 s ago has not reached osm2 (maxLagSeconds 30)");
    assertThat(status.sync.lateSeconds).isEqualTo(45.0);
    assertThat(LsyncdHealth.canaryDue(spec, stuck, status, T0.plusSeconds(400))).isEmpty();

    // lsyncd resumes: the canary lands 70 s after it was written
    apply(
        spec,
        status,
        both(
            holding(node("osm1", RUNNING), T0, T0),
            holding(node("osm2", STOPPED), T0, T0.plusSeconds(70))),
        T0.plusSeconds(75));
    assertThat(status(status)).isEqualTo(Conditions.FALSE);
    assertThat(message(status)).contains("took 70.0 s");
    assertThat(status.sync.lateSeconds).isNull();
    // and a fresh one, once due, that arrives in time makes it True again
    LsyncdHealth.written(status, T0.plusSeconds(200));
    apply(
        spec,
        status,
        both(
            holding(node("osm1", RUNNING), T0.plusSeconds(200), T0.plusSeconds(200)),
            holding(node("osm2", STOPPED), T0.plusSeconds(200), T0.plusSeconds(216))),
        T0.plusSeconds(220));
    assertThat(status(status)).isEqualTo(Conditions.TRUE);
  }

  @Test
  void aSwitchoverForgetsThePendingCanaryTheCopyNowGoesTheOtherWay() {
    OvdFailoverClusterSpec spec = spec(true);
    OvdFailoverClusterStatus status = new OvdFailoverClusterStatus();
    status.activeNode = "osm1";
    Map<String, HostFacts> before = both(node("osm1", RUNNING), node("osm2", STOPPED));
    apply(spec, status, before, T0);
    LsyncdHealth.written(status, T0);

    status.activeNode = "osm2";
    Map<String, HostFacts> after = both(node("osm1", STOPPED), node("osm2", RUNNING));
    apply(spec, status, after, T0.plusSeconds(90));
    assertThat(status.sync.source).isEqualTo("osm2");
    assertThat(status.sync.canaryWrittenAt).isNull();
    assertThat(status(status)).isNotEqualTo(Conditions.FALSE);
    assertThat(LsyncdHealth.canaryDue(spec, after, status, T0.plusSeconds(90))).contains(CANARY);
  }

  @Test
  void theCanaryIsWrittenThroughStdinAndOnlyIntoTheFirstSyncedFolderWhenTheSpecNamesThem() {
    OvdFailoverClusterSpec spec = spec(true);
    spec.lsyncd.folders = java.util.List.of("/srv/ovd/spool", "/etc/ovd/session-manager");
    // the Session Manager's configuration is stamped in any case (ReplicaBehind)
    assertThat(LsyncdHealth.probes(spec).stamps())
        .containsExactly(LsyncdHealth.WITNESS, "/srv/ovd/spool/ovd-failover-canary");
    assertThat(LsyncdHealth.probes(spec(true)).stamps())
        .containsExactlyInAnyOrder(
            LsyncdHealth.WITNESS, CANARY, "/var/lib/php/session/ovd-failover-canary");
    assertThat(LsyncdHealth.probes(spec(false)).stamps()).containsExactly(LsyncdHealth.WITNESS);
    var cmd = LsyncdHealth.write(CANARY, T0);
    assertThat(cmd.mutating()).isTrue();
    assertThat(cmd.script()).doesNotContain(T0.toString());
    assertThat(new String(cmd.stdin(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(LsyncdHealth.content(T0));
  }

  private static void apply(
      OvdFailoverClusterSpec spec,
      OvdFailoverClusterStatus status,
      Map<String, HostFacts> facts,
      Instant now) {
    var o = LsyncdHealth.observe(spec, facts, Optional.of(status.activeNode), status.sync, now);
    status.sync = o.sync();
    Conditions.set(
        status.conditions,
        ConditionType.FilesSynced.name(),
        o.verdict().synced() == null
            ? Conditions.UNKNOWN
            : o.verdict().synced() ? Conditions.TRUE : Conditions.FALSE,
        o.verdict().reason().name(),
        o.verdict().message(),
        1L,
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Condition condition(OvdFailoverClusterStatus s) {
    return Conditions.find(s.conditions, ConditionType.FilesSynced).orElseThrow();
  }

  private static String status(OvdFailoverClusterStatus s) {
    return condition(s).getStatus();
  }

  private static String reason(OvdFailoverClusterStatus s) {
    return condition(s).getReason();
  }

  private static String message(OvdFailoverClusterStatus s) {
    return condition(s).getMessage();
  }

  static HostFactsBuilder config(HostFactsBuilder b, String sha, Instant modified) {
    return b.path(
            LsyncdHealth.WITNESS, new PathState.RegularFile(sha, "0660", "www-data", "www-data"))
        .path(OvdUpgrade.CONFIG_AWAY, PathState.ABSENT)
        .stamp(LsyncdHealth.WITNESS, new FileStamp(modified, modified));
  }

  @Test
  void aPassiveCopyOfTheConfigurationThatLsyncdHasNotBroughtIsReplicaBehind() {
    Instant moved = T0.minusSeconds(600);
    var behind =
        LsyncdHealth.observe(
            spec(false),
            both(
                config(node("osm1", RUNNING), "aaaa", moved),
                config(node("osm2", STOPPED), "bbbb", T0.minusSeconds(60))),
            Optional.of("osm1"),
            null,
            T0);
    assertThat(behind.verdict().synced()).isFalse();
    assertThat(behind.verdict().reason()).isEqualTo(ConditionReason.ReplicaBehind);
    assertThat(behind.verdict().message())
        .contains("osm2's copy of /var/spool/ovd/session-manager/config differs from osm1's")
        .contains("would bring the old copy back to osm1");

    // a change on the active node lsyncd is still batching: not behind yet
    var fresh =
        LsyncdHealth.observe(
            spec(false),
            both(
                config(node("osm1", RUNNING), "aaaa", T0.minusSeconds(20)),
                config(node("osm2", STOPPED), "bbbb", moved)),
            Optional.of("osm1"),
            null,
            T0);
    assertThat(fresh.verdict().reason()).isEqualTo(ConditionReason.LsyncdOnActiveOnly);

    // the OVD upgrade keeps the passive node's configuration away on purpose
    var away =
        LsyncdHealth.observe(
            spec(false),
            both(
                config(node("osm1", RUNNING), "aaaa", moved),
                node("osm2", STOPPED)
                    .path(LsyncdHealth.WITNESS, PathState.ABSENT)
                    .path(
                        OvdUpgrade.CONFIG_AWAY,
                        new PathState.RegularFile("aaaa", "0660", "www-data", "www-data"))),
            Optional.of("osm1"),
            null,
            T0);
    assertThat(away.verdict().reason()).isEqualTo(ConditionReason.LsyncdOnActiveOnly);

    // the same copy on both
    var same =
        LsyncdHealth.observe(
            spec(false),
            both(
                config(node("osm1", RUNNING), "aaaa", moved),
                config(node("osm2", STOPPED), "aaaa", moved)),
            Optional.of("osm1"),
            null,
            T0);
    assertThat(same.verdict().synced()).isTrue();
  }
}
