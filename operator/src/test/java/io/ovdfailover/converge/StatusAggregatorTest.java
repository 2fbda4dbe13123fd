package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.OvdFailoverClusterStatus;
import io.ovdfailover.hosts.CrmMonParser;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.steps.guide.GuideFilesTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Converge results on real crm_mon output (recorded from Pacemaker 2.1.5's tools) mapped to status.
 */
class StatusAggregatorTest {
  final OvdFailoverClusterSpec spec = GuideFilesTest.guideSpec();
  final Clock clock = Clock.fixed(Instant.parse("2026-11-22T03:00:00Z"), ZoneOffset.UTC);

  static Optional<CrmMonStatus> crm(String file) throws Exception {
    try (var in = StatusAggregatorTest.class.getResourceAsStream("/facts/cluster/" + file)) {
      return Optional.of(CrmMonParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
  }

  GuideConverger.Result result(
      GuideConverger.Outcome o,
      Optional<CrmMonStatus> crm,
      Map<String, HostException> down,
      List<Plan.Row> pending) {
    return new GuideConverger.Result(
        o, "stage", List.of(), pending, "message", Map.of(), down, crm);
  }

  @Test
  void convergedWithAllSixStartedOnOsm1IsReady() throws Exception {
    OvdFailoverClusterStatus s = new OvdFailoverClusterStatus();
    StatusAggregator.apply(
        spec,
        result(GuideConverger.Outcome.CONVERGED, crm("crm_mon-started.xml"), Map.of(), List.of()),
        s,
        3L,
        clock);
    assertThat(s.phase).isEqualTo("Ready");
    assertThat(s.activeNode).isEqualTo("osm1");
    assertThat(s.resources)
        .extracting(r -> r.name + "@" + r.node)
        .containsExactly(
            "virtual_ip@osm1.priv",
            "virtual_ip_src@osm1.priv",
            "osm_cron@osm1.priv",
            "httpd@osm1.priv",
            "lsyncd@osm1.priv",
            "lsyncd_cron@osm1.priv");
    for (String c : List.of("Ready", "ClusterFormed", "ResourcesHealthy")) {
      assertThat(Conditions.isTrue(s.conditions, c)).as(c).isTrue();
    }
    assertThat(s.conditions).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3L));
  }

  @Test
  void aStandbySessionManagerMakesTheClusterDegradedNotReady() throws Exception {
    OvdFailoverClusterStatus s = new OvdFailoverClusterStatus();
    StatusAggregator.apply(
        spec,
        result(
            GuideConverger.Outcome.CONVERGED, crm("crm_mon-osm2-standby.xml"), Map.of(), List.of()),
        s,
        1L,
        clock);
    assertThat(s.phase).isEqualTo("Degraded");
    assertThat(s.nodes)
        .filteredOn(n -> n.name.equals("osm2"))
        .singleElement()
        .satisfies(n -> assertThat(n.pacemaker).isEqualTo("Standby"));
    assertThat(Conditions.find(s.conditions, "Ready").orElseThrow().getReason())
        .isEqualTo("NodeOffline");
  }

  @Test
  void aFailedHttpdMeansNoActiveNodeAndResourcesUnhealthy() throws Exception {
    OvdFailoverClusterStatus s = new OvdFailoverClusterStatus();
    StatusAggregator.apply(
        spec,
        result(
            GuideConverger.Outcome.CONVERGED, crm("crm_mon-httpd-failed.xml"), Map.of(), List.of()),
        s,
        1L,
        clock);
    assertThat(s.activeNode).isNull();
    assertThat(Conditions.isTrue(s.conditions, "ResourcesHealthy")).isFalse();
    assertThat(s.phase).isEqualTo("Degraded");
  }

  /** kstatus (Flux, kpt) reads Ready, Reconciling and Stalled. */
  @Test
  void reconcilingAndStalledSayWhetherTheOperatorIsWorkingOrWaitsForAPerson() throws Exception {
    Map<GuideConverger.Outcome, String> expected =
        Map.of(
            GuideConverger.Outcome.PROGRESSED, "Reconciling",
            GuideConverger.Outcome.WAITING_FOR_MAINTENANCE, "Stalled",
            GuideConverger.Outcome.BLOCKED, "Stalled",
            GuideConverger.Outcome.FAILED, "Stalled",
            GuideConverger.Outcome.CONVERGED, "neither",
            GuideConverger.Outcome.PLANNED, "neither");
    for (var e : expected.entrySet()) {
      OvdFailoverClusterStatus s = new OvdFailoverClusterStatus();
      StatusAggregator.apply(
          spec, result(e.getKey(), crm("crm_mon-started.xml"), Map.of(), List.of()), s, 1L, clock);
      assertThat(Conditions.isTrue(s.conditions, "Reconciling"))
          .as("%s: Reconciling", e.getKey())
          .isEqualTo(e.getValue().equals("Reconciling"));
      assertThat(Conditions.isTrue(s.conditions, "Stalled"))
          .as("%s: Stalled", e.getKey())
          .isEqualTo(e.getValue().equals("Stalled"));
    }
  }

  @Test
  void waitingForMaintenanceListsThePendingDowntimeActions() {
    OvdFailoverClusterStatus s = new OvdFailoverClusterStatus();
    StatusAggregator.apply(
        spec,
        result(
            GuideConverger.Outcome.WAITING_FOR_MAINTENANCE,
            Optional.empty(),
            Map.of(),
            List.of(
                new Plan.Row(
                    "osm1",
                    "resources",
                    "create resource virtual_ip (ocf:heartbeat:IPaddr2)",
                    true))),
        s,
        1L,
        clock);
    assertThat(s.phase).isEqualTo("WaitingForMaintenance");
    assertThat(s.pendingActions)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.downtime).isTrue();
              assertThat(a.action).contains("virtual_ip");
            });
  }

  @Test
  void anUnreachableNodeIsNamedWithItsReasonAndTransitionTimeOnlyMovesOnAFlip() throws Exception {
    OvdFailoverClusterStatus s = new OvdFailoverClusterStatus();
    Map<String, HostException> down =
        Map.of(
            "pcs4",
            new HostException(
                HostException.Kind.HOST_KEY_MISMATCH,
                "pcs4",
                "host key mismatch: expected SHA256:aaa, presented SHA256:bbb"));
    StatusAggregator.apply(
        spec,
        result(GuideConverger.Outcome.UNREACHABLE, crm("crm_mon-started.xml"), down, List.of()),
        s,
        1L,
        clock);
    var cond = Conditions.find(s.conditions, "NodesReachable").orElseThrow();
    assertThat(cond.getStatus()).isEqualTo("False");
    assertThat(cond.getReason()).isEqualTo("HostKeyMismatch");
    assertThat(cond.getMessage()).contains("presented SHA256:bbb");
    assertThat(s.phase).isEqualTo("Degraded");
    String firstTransition = cond.getLastTransitionTime();

    Clock later = Clock.offset(clock, java.time.Duration.ofMinutes(5));
    StatusAggregator.apply(
        spec,
        result(GuideConverger.Outcome.UNREACHABLE, crm("crm_mon-started.xml"), down, List.of()),
        s,
        1L,
        later);
    assertThat(
            Conditions.find(s.conditions, "NodesReachable").orElseThrow().getLastTransitionTime())
        .isEqualTo(firstTransition);
    StatusAggregator.apply(
        spec,
        result(GuideConverger.Outcome.CONVERGED, crm("crm_mon-started.xml"), Map.of(), List.of()),
        s,
        1L,
        later);
    assertThat(
            Conditions.find(s.conditions, "NodesReachable").orElseThrow().getLastTransitionTime())
        .isNotEqualTo(firstTransition);
  }

  @Test
  void aNodesProbeTimeMovesWhenWhatWasSeenChangesOrEveryFiveMinutes() {
    var clock =
        new io.ovdfailover.testsupport.MutableClock(
            java.time.Instant.parse("2026-03-01T10:00:00.400Z"));
    assertThat(StatusAggregator.probeTime(null, true, clock)).isEqualTo("2026-03-01T10:00:00Z");
    clock.advance(java.time.Duration.ofMinutes(4));
    assertThat(StatusAggregator.probeTime("2026-03-01T10:00:00Z", true, clock))
        .as("nothing changed: no status write for the timestamp alone")
        .isEqualTo("2026-03-01T10:00:00Z");
    assertThat(StatusAggregator.probeTime("2026-03-01T10:00:00Z", false, clock))
        .isEqualTo("2026-03-01T10:04:00Z");
    clock.advance(java.time.Duration.ofMinutes(1));
    assertThat(StatusAggregator.probeTime("2026-03-01T10:00:00Z", true, clock))
        .isEqualTo("2026-03-01T10:05:00Z");
  }
}
