package io.ovdfailover.hosts.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommandCounterTest {
  @Test
  void countsPerNodeAndKindAndResets() {
    CommandCounter c = new CommandCounter();
    c.record("ns/osm1", true);
    c.record("ns/osm1", false);
    c.record("ns/osm1", false);
    c.record("ns/pcs3", false);
    assertThat(c.snapshot()).containsOnlyKeys("ns/osm1", "ns/pcs3");
    assertThat(c.get("ns/osm1")).isEqualTo(new CommandCounter.Counts(1, 2));
    assertThat(c.snapshotAndReset("ns/osm1").total()).isEqualTo(3);
    assertThat(c.get("ns/osm1")).isEqualTo(CommandCounter.Counts.ZERO);
    assertThat(c.get("ns/unknown")).isEqualTo(CommandCounter.Counts.ZERO);
    c.resetAll();
    assertThat(c.get("ns/pcs3").total()).isZero();
  }

  @Test
  void loseNothingUnderConcurrentRecordingAndResetting() throws Exception {
    CommandCounter c = new CommandCounter();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    long[] drained = new long[1];
    for (int t = 0; t < 4; t++) {
      pool.submit(
          () -> {
            for (int i = 0; i < 10_000; i++) {
              c.record("n", i % 2 == 0);
            }
          });
    }
    for (int i = 0; i < 100; i++) {
      drained[0] += c.snapshotAndReset("n").total();
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    drained[0] += c.snapshotAndReset("n").total();
    assertThat(drained[0]).isEqualTo(40_000);
  }
}
