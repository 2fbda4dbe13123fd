package io.ovdfailover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.converge.GuideConverger;
import io.ovdfailover.hosts.Finding;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.ssh.CommandCounter;
import io.ovdfailover.hosts.ssh.SshConnectionPool;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #16, part 2, the first two items: the lab builds the legacy guide's Heartbeat pair on osm1
 * and osm2 (e2e/scenarios/legacy-heartbeat), and the operator, given the lab sample's spec for the
 * same nodes, detects it, says what it found and changes nothing: a dry run and a pass both run no
 * mutating command on any node, the pass is blocked at its first stage, and Heartbeat keeps the VIP
 * on osm1. Runs after the other lab classes and resets osm1 and osm2 first.
 */
@Order(35)
@ExtendWith(LabExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyHeartbeatOnLabTest {
  static OvdFailoverClusterSpec spec;
  static SshConnectionPool pool;
  static Map<String, HostShell> shells = new LinkedHashMap<>();
  static GuideConverger converger;

  @BeforeAll
  static void legacyPair(Lab lab) throws Exception {
    spec = LabShells.sampleSpec();
    long t0 = System.nanoTime();
    for (String n : Lab.NODES) {
      lab.reset(n);
    }
    LegacyHeartbeatScenario scenario =
        new LegacyHeartbeatScenario(lab, spec, "e2e-legacy-authkeys-" + System.nanoTime());
    try {
      scenario.run();
    } finally {
      System.out.printf(
          "legacy Heartbeat scenario (resets included): %.1f s%n", (System.nanoTime() - t0) / 1e9);
      scenario.log.forEach(l -> System.out.println("  " + l));
    }
    pool = LabShells.guardedPool(new CommandCounter());
    shells.putAll(LabShells.shells(lab, pool, spec));
    converger =
        LabShells.converger(spec, shells, "e2e-legacy-hacluster", "e2e-legacy-ovd-db", true);
  }

  @AfterAll
  static void close(Lab lab) {
    if (pool != null) pool.close();
    for (String n : List.of("osm1", "osm2")) {
      lab.exec(n, "service heartbeat stop; true");
    }
  }

  static long mutating() {
    return LabShells.mutating(pool);
  }

  @Test
  @Order(0)
  void heartbeatHoldsTheVipOnOsm1(Lab lab) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!lab.exec("osm1", "ip -o -4 addr show | grep -qF ' " + spec.vip.address + "/'").ok()) {
      assertThat(System.nanoTime()).as("the VIP on osm1 within 90 s").isLessThan(end);
      Thread.sleep(250);
    }
    assertThat(lab.exec("osm2", "ip -o -4 addr show").stdout())
        .doesNotContain(spec.vip.address + "/");
    assertThat(lab.exec("osm1", "pgrep -f osm-inotify.pl").ok())
        .as("osm-inotify.pl on osm1")
        .isTrue();
    assertThat(lab.exec("osm1", "iptables -t nat -S POSTROUTING").stdout())
        .contains("--to-source " + spec.vip.address);
  }

  @Test
  @Order(1)
  void theOperatorSaysWhatItFoundAndChangesNothing(Lab lab) throws Exception {
    pool.counter().resetAll();
    GuideConverger.Result plan = converger.pass(GuideConverger.Mode.PLAN);
    System.out.printf("dry run on the legacy pair: %s%n", plan.message());
    GuideOnLabTest.printRows(plan);
    assertThat(plan.pending())
        .anyMatch(r -> r.step().equals("legacy setup") && r.action().startsWith("blocked"));
    GuideConverger.Result r = converger.pass();
    System.out.printf("pass on the legacy pair: %s [%s] %s%n", r.outcome(), r.stage(), r.message());
    r.findings().forEach(f -> System.out.println("  finding: " + f));
    assertThat(r.outcome()).isEqualTo(GuideConverger.Outcome.BLOCKED);
    assertThat(r.stage()).isEqualTo("legacy setup");
    assertThat(r.message())
        .contains(
            "Heartbeat on [osm1, osm2] (running on [osm1, osm2])",
            "VIP on osm1",
            "haresources owner osm1",
            "auto_failback yes",
            "osm-inotify.pl + rsync on [osm1, osm2]",
            "memcache on [osm1, osm2]");
    assertThat(r.findings())
        .anyMatch(
            f ->
                f.subject().equals("legacy Heartbeat pair")
                    && f.disposition() == Finding.Disposition.Kept);
    assertThat(mutating()).as("a dry run and a pass on the legacy pair").isZero();
    assertThat(lab.exec("osm1", "ip -o -4 addr show").stdout()).contains(spec.vip.address + "/");
    assertThat(lab.exec("osm1", "systemctl is-active heartbeat").stdout().strip())
        .isEqualTo("active");
    for (String n : List.of("osm1", "osm2", "pcs3", "pcs4")) {
      // (Heartbeat's packages may bring Debian's default one-node corosync.conf: not the
      // operator's)
      assertThat(lab.exec(n, "cat /etc/corosync/corosync.conf 2>/dev/null; true").stdout())
          .as("no cluster formed by the operator on %s", n)
          .doesNotContain(spec.clusterName);
    }
  }
}
