package io.ovdfailover.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.converge.EventReason;
import io.ovdfailover.converge.EventRecorder;
import io.ovdfailover.testsupport.EmbeddedServer;
import io.ovdfailover.testsupport.MutableClock;
import io.ovdfailover.testsupport.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Events through the embedded API server: one object per repeated Event, with its count, as
 * client-go does.
 */
class KubeEventRecorderTest {
  @RegisterExtension static final EmbeddedServer API = new EmbeddedServer();

  @Test
  void theSameEventAgainRaisesItsCountInsteadOfAddingAnObject() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:00Z"));
    KubeEventRecorder recorder = new KubeEventRecorder(API.client(), clock);
    OvdFailoverCluster cluster = API.client().resource(Samples.cluster("ev", "lab")).create();

    for (int i = 0; i < 5; i++) {
      recorder.record(
          cluster,
          EventRecorder.Type.Warning,
          EventReason.Held,
          "resources: no partition with quorum answered");
      clock.advance(Duration.ofSeconds(30));
    }
    recorder.record(
        cluster, EventRecorder.Type.Normal, EventReason.Converging, "packages: 1 change(s)");
    recorder.record(cluster, EventRecorder.Type.Warning, EventReason.Blocked, "x".repeat(100_000));

    List<Event> events = API.client().v1().events().inNamespace("ev").list().getItems();
    assertThat(events).hasSize(3);
    Event held =
        events.stream().filter(e -> e.getReason().equals("Held")).findFirst().orElseThrow();
    assertThat(held.getCount()).isEqualTo(5);
    assertThat(held.getFirstTimestamp()).isEqualTo("2026-12-06T08:00:00Z");
    assertThat(held.getLastTimestamp()).isEqualTo("2026-12-06T08:02:00Z");
    assertThat(
            events.stream()
                .filter(e -> e.getReason().equals("Blocked"))
                .findFirst()
                .orElseThrow()
                .getMessage())
        .hasSize(KubeEventRecorder.MAX_MESSAGE);

    // after the series window a new object starts a new series
    clock.advance(KubeEventRecorder.SERIES_WINDOW.plusSeconds(1));
    recorder.record(
        cluster,
        EventRecorder.Type.Warning,
        EventReason.Held,
        "resources: no partition with quorum answered");
    assertThat(API.client().v1().events().inNamespace("ev").list().getItems()).hasSize(4);
  }
}
