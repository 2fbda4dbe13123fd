package io.ovdfailover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.FailoverTestResult;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.PacemakerSpec;
import io.ovdfailover.converge.GuideConverger;
import io.ovdfailover.failover.FailoverTestRun;
import io.ovdfailover.hosts.CrmMonParser;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.ssh.CommandCounter;
import io.ovdfailover.hosts.ssh.SshConnectionPool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #16, part 3: the two-node layout as a target. The lab sample without its quorum nodes and
 * with {@code pacemaker.quorum: QuorumDevice}: osm1 and osm2 are the only Pacemaker nodes and
 * corosync-qnetd on dbmy gives the third vote. From the guide's starting point (all five nodes
 * reset; pcs3 and pcs4 take no part), the build converges and a second pass changes nothing, a
 * failover test goes both ways, and cutting osm2's private link (the only link between the two
 * cluster members) never leaves the VIP on both: with the resources on osm1 and with them on osm2.
 * Runs after the other lab classes.
 */
@Order(40)
@ExtendWith(LabExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeOnLabTest {
  static final String HACLUSTER_PASSWORD = "e2e-two-node-hacluster";
  static final Duration CONVERGE_DEADLINE = Duration.ofMinutes(15);

  static OvdFailoverClusterSpec spec;
  static SshConnectionPool pool;
  static Map<String, HostShell> shells = new LinkedHashMap<>();
  static GuideConverger converger;

  @BeforeAll
  static void startingPoint(Lab lab) throws Exception {
    for (String n : Lab.NODES) {
      lab.reset(n);
    }
    spec = LabShells.sampleSpec();
    spec.quorumNodes = new ArrayList<>();
    spec.pacemaker.quorum = PacemakerSpec.Quorum.QuorumDevice;
    spec.maintenance.allowDowntime = true;
    pool = LabShells.guardedPool(new CommandCounter());
    shells.putAll(LabShells.shells(lab, pool, spec));
    converger = LabShells.converger(spec, shells, HACLUSTER_PASSWORD, "e2e-ovd-db-secret", true);
  }

  @AfterAll
  static void close(Lab lab) {
    if (pool != null) pool.close();
    for (String n : List.of("osm1", "osm2")) {
      lab.exec(n, "systemctl stop e2e-vip-watch 2>/dev/null; true");
    }
    lab.heal("osm2", Lab.Net.PRIV);
  }

  static long mutating() {
    return LabShells.mutating(pool);
  }

  @Test
  @Order(0)
  void theTwoNodeClusterWithAQuorumDeviceConvergesAndASecondPassChangesNothing(Lab lab)
      throws Exception {
    long t0 = System.nanoTime();
    List<String> log = new ArrayList<>();
    List<String> done = new ArrayList<>();
    GuideConverger.Result r = null;
    // the lab shares this machine's clock: when the pass that adds the quorum device began
    long deviceAddedFrom = 0;
    while (System.nanoTime() - t0 < CONVERGE_DEADLINE.toNanos()) {
      long passStart = System.currentTimeMillis() / 1000;
      r = converger.pass();
      if (deviceAddedFrom == 0 && r.stage().equals("quorum device")) deviceAddedFrom = passStart;
      log.add(
          String.format(
              "%s [%s] %.1fs: %s",
              r.outcome(), r.stage(), (System.nanoTime() - t0) / 1e9, r.message()));
      done.addAll(r.done());
      if (r.outcome() == GuideConverger.Outcome.CONVERGED) break;
      assertThat(r.outcome())
          .as(String.join("\n", log))
          .isEqualTo(GuideConverger.Outcome.PROGRESSED);
    }
    System.out.printf(
        "two-node layout with a quorum device converged in %.1f s over %d passes:%n",
        (System.nanoTime() - t0) / 1e9, log.size());
    log.forEach(l -> System.out.println("  " + l));
    done.stream()
        .filter(d -> d.contains("quorum") || d.contains("qnetd") || d.contains("cluster"))
        .forEach(d -> System.out.println("  done: " + d));
    assertThat(r.outcome()).as(String.join("\n", log)).isEqualTo(GuideConverger.Outcome.CONVERGED);

    pool.counter().resetAll();
    GuideConverger.Result again = converger.pass();
    assertThat(again.outcome()).as(again.message()).isEqualTo(GuideConverger.Outcome.CONVERGED);
    assertThat(mutating()).as("a second pass").isZero();

    assertThat(lab.exec("osm1", "cat /etc/corosync/corosync.conf").stdout())
        .as("corosync.conf on osm1")
        .contains("host: dbmy.priv", "algorithm: ffsplit", "timeout: 3000", "mode: sync")
        .doesNotContain("two_node: 1");
    String quorum = lab.exec("osm1", "corosync-quorumtool -s").stdout();
    System.out.println("corosync-quorumtool -s on osm1:\n" + quorum);
    assertThat(quorum).containsPattern("Quorate:\\s+Yes").contains("Qdevice");
    assertThat(quorum).containsPattern("Total votes:\\s+3");
    CrmMonStatus crm = crm(lab, "osm1");
    assertThat(crm.nodes()).hasSize(2).allMatch(CrmMonStatus.Node::online);
    assertThat(vipHolder(crm)).isEqualTo("osm1.priv");
    assertThat(lab.exec("pcs3", "systemctl is-active corosync pacemaker").stdout())
        .as("pcs3 takes no part")
        .doesNotContain("active\nactive");

    // the quorum device came after the resources: adding it restarted none of them (no start or
    // stop on osm1, from the CIB's status, since systemd began starting corosync-qdevice there).
    // (Not the pass's own start: osm2's join, the pass before, can still be settling then; the lab
    // saw Pacemaker restart lsyncd on osm1 after finding it active on the joining osm2 too.)
    long qdevice =
        Long.parseLong(
            lab.exec(
                    "osm1",
                    "date -d \"$(systemctl show -p InactiveExitTimestamp --value corosync-qdevice)\""
                        + " +%s")
                .stdout()
                .strip());
    String status = lab.exec("osm1", "cibadmin --query --scope status").stdout();
    Map<String, Long> starts = lastOps(status, "osm1.priv", "start");
    Map<String, Long> stops = lastOps(status, "osm1.priv", "stop");
    System.out.printf(
        "corosync-qdevice began starting on osm1 at %d (its pass began at %d); the resources' last"
            + " starts there: %s, stops: %s%n",
        qdevice, deviceAddedFrom, starts, stops);
    // (httpd and osm_cron may have no start at all: Apache running and the cron link in place
    // when they were created, their first probe found them started)
    assertThat(starts).containsKeys("virtual_ip", "lsyncd");
    // lsyncd's package starts its LSB script when installed, and systemd then calls lsyncd active:
    // Pacemaker's first probe on the joining osm2 found it so and restarted it on osm1. The lsyncd
    // stage now stops it on osm2 before the join
    assertThat(
            lab.exec(
                    "osm2",
                    "grep -c 'probe operation for lsyncd on osm2.priv: ok'"
                        + " /var/log/pacemaker/pacemaker.log; true")
                .stdout()
                .strip())
        .as("Pacemaker's probe found lsyncd running on the joining osm2")
        .isEqualTo("0");
    assertThat(starts).allSatisfy((id, t) -> assertThat(t).as(id).isLessThan(qdevice));
    assertThat(stops).allSatisfy((id, t) -> assertThat(t).as(id).isLessThan(qdevice));
  }

  /**
   * Each resource's last successful {@code operation} (start, stop) on {@code node}, in epoch
   * seconds, from the CIB status.
   */
  static Map<String, Long> lastOps(String statusXml, String node, String operation)
      throws Exception {
    var doc =
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(
                new java.io.ByteArrayInputStream(
                    statusXml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    Map<String, Long> out = new java.util.TreeMap<>();
    var states = doc.getElementsByTagName("node_state");
    for (int i = 0; i < states.getLength(); i++) {
      var state = (org.w3c.dom.Element) states.item(i);
      if (!node.equals(state.getAttribute("uname"))) continue;
      var resources = state.getElementsByTagName("lrm_resource");
      for (int j = 0; j < resources.getLength(); j++) {
        var resource = (org.w3c.dom.Element) resources.item(j);
        var ops = resource.getElementsByTagName("lrm_rsc_op");
        for (int k = 0; k < ops.getLength(); k++) {
          var op = (org.w3c.dom.Element) ops.item(k);
          if (op.getAttribute("operation").equals(operation)
              && op.getAttribute("rc-code").equals("0")) {
            out.merge(
                resource.getAttribute("id"),
                Long.parseLong(op.getAttribute("last-rc-change")),
                Math::max);
          }
        }
      }
    }
    return out;
  }

  @Test
  @Order(1)
  void aFailoverTestGoesToOsm2AndBack() {
    FailoverTestRun run =
        new FailoverTestRun(
            spec, shells::get, Clock.systemUTC(), e -> System.out.println("  event: " + e));
    FailoverTestResult there = run.run("e2e-two-node-1", "osm1", "osm2", "osm1");
    assertThat(there.result).as(there.message).isEqualTo("Succeeded");
    FailoverTestResult back = run.run("e2e-two-node-2", "osm2", "osm1", "osm2");
    assertThat(back.result).as(back.message).isEqualTo("Succeeded");
    System.out.printf(
        "two-node failover test: osm1 -> osm2 %.2f s (client downtime %s s), back %.2f s (%s s)%n",
        there.switchoverSeconds,
        there.clientDowntimeSeconds,
        back.switchoverSeconds,
        back.clientDowntimeSeconds);
  }

  /** The passive node cut off: it loses quorum and starts nothing; osm1 keeps serving. */
  @Test
  @Order(2)
  void cuttingThePrivateLinkOfThePassiveNodeLeavesTheVipOnOsm1Only(Lab lab) throws Exception {
    assertThat(vipHolder(crm(lab, "osm1"))).isEqualTo("osm1.priv");
    List<String> intervals = cutAndHeal(lab, "resources on osm1");
    assertThat(vipHolder(crm(lab, "osm1"))).isEqualTo("osm1.priv");
    System.out.println("  " + intervals);
  }

  /**
   * The active node cut off, three times: qnetd's ffsplit gives the vote to the partition of the
   * lowest node id (osm1), so osm2 must stop the resources when it loses quorum and osm1 starts
   * them; at no sample do both hold the VIP.
   */
  @Test
  @Order(3)
  void cuttingThePrivateLinkOfTheActiveNodeNeverLeavesTheVipOnBoth(Lab lab) throws Exception {
    FailoverTestRun run = new FailoverTestRun(spec, shells::get, Clock.systemUTC(), e -> {});
    for (int round = 1; round <= 3; round++) {
      // after a heal Pacemaker may leave the resources on osm1 or bring them back: start from osm2
      if (!"osm2.priv".equals(vipHolder(crm(lab, "osm1")))) {
        FailoverTestResult there = run.run("e2e-two-node-cut-" + round, "osm1", "osm2", "osm1");
        assertThat(there.result).as(there.message).isEqualTo("Succeeded");
      }
      List<String> intervals = cutAndHeal(lab, "resources on osm2, round " + round);
      System.out.println("  " + intervals);
    }
    // whoever holds the resources after the heal, the operator's next passes converge
    long t0 = System.nanoTime();
    GuideConverger.Result r = null;
    while (System.nanoTime() - t0 < Duration.ofMinutes(3).toNanos()) {
      r = converger.pass();
      if (r.outcome() == GuideConverger.Outcome.CONVERGED) break;
    }
    assertThat(r.outcome()).as(r.message()).isEqualTo(GuideConverger.Outcome.CONVERGED);
  }

  /**
   * Watches the VIP on both session managers (every 0.1 s, each on its own node, one clock: the
   * lab's nodes share the machine's), cuts osm2's private link, waits until osm2 has lost quorum
   * and osm1 holds the resources with quorum, heals the link, waits for both members online, and
   * asserts the two nodes' VIP intervals never overlap. Returns the intervals.
   */
  private static List<String> cutAndHeal(Lab lab, String what) throws Exception {
    for (String n : List.of("osm1", "osm2")) {
      watch(lab, n);
    }
    long t0 = System.nanoTime();
    lab.cut("osm2", Lab.Net.PRIV);
    double osm2Inquorate =
        waitFor(
            "osm2 without quorum",
            Duration.ofSeconds(60),
            () ->
                lab.exec("osm2", "corosync-quorumtool -s")
                    .stdout()
                    .matches("(?s).*Quorate:\\s+No.*"),
            t0);
    double osm1Serving =
        waitFor(
            "osm1 quorate with the VIP",
            Duration.ofSeconds(90),
            () -> {
              CrmMonStatus c = crm(lab, "osm1");
              return c.withQuorum()
                  && "osm1.priv".equals(vipHolder(c))
                  && c.resource("httpd").flatMap(CrmMonStatus.Resource::node).isPresent();
            },
            t0);
    // a few more samples after the outcome, then the link comes back
    waitFor(
        "osm2 without the VIP",
        Duration.ofSeconds(60),
        () -> !lab.exec("osm2", "ip -o -4 addr show").stdout().contains(spec.vip.address + "/"),
        t0);
    lab.heal("osm2", Lab.Net.PRIV);
    double whole =
        waitFor(
            "both members online again",
            Duration.ofSeconds(120),
            () -> {
              CrmMonStatus c = crm(lab, "osm1");
              return c.withQuorum()
                  && c.nodes().size() == 2
                  && c.nodes().stream().allMatch(CrmMonStatus.Node::online);
            },
            t0);
    List<double[]> on1 = intervals(lab, "osm1");
    List<double[]> on2 = intervals(lab, "osm2");
    System.out.printf(
        "private link of osm2 cut (%s): osm2 without quorum after %.1f s, osm1 serving with quorum"
            + " after %.1f s, whole again %.1f s after the cut%n",
        what, osm2Inquorate, osm1Serving, whole);
    List<String> shown = new ArrayList<>();
    on1.forEach(i -> shown.add(String.format("osm1 %.2f-%.2f", i[0] - t0s(t0), i[1] - t0s(t0))));
    on2.forEach(i -> shown.add(String.format("osm2 %.2f-%.2f", i[0] - t0s(t0), i[1] - t0s(t0))));
    for (double[] a : on1) {
      for (double[] b : on2) {
        assertThat(Math.min(a[1], b[1]) - Math.max(a[0], b[0]))
            .as("the VIP on osm1 and osm2 at once: %s", shown)
            .isLessThanOrEqualTo(0);
      }
    }
    return shown;
  }

  /** The cut's time on the nodes' clock (seconds since the epoch), from the JVM's wall clock. */
  private static double t0s(long t0Nanos) {
    return (System.currentTimeMillis() - (System.nanoTime() - t0Nanos) / 1e6) / 1e3;
  }

  /**
   * A loop on the node that logs {@code 1 <time>} when the VIP appears on its NIC and {@code 0
   * <time>} when it goes, every 0.1 s.
   */
  private static void watch(Lab lab, String node) {
    String loop =
        "rm -f /run/e2e-vip-watch.log; last=x; while :; do"
            + " if ip -o -4 addr show | grep -qF ' "
            + spec.vip.address
            + "/'; then s=1; else s=0; fi;"
            + " [ \"$s\" = \"$last\" ] || echo \"$s $(date +%s.%N)\" >> /run/e2e-vip-watch.log;"
            + " last=$s; sleep 0.1; done";
    assertThat(
            lab.exec(
                    node,
                    "systemctl stop e2e-vip-watch 2>/dev/null; systemd-run --quiet"
                        + " --unit=e2e-vip-watch sh -c "
                        + HandBuiltScenario.quote(loop))
                .ok())
        .isTrue();
  }

  /** Stops the node's watch and returns the intervals during which it held the VIP. */
  private static List<double[]> intervals(Lab lab, String node) {
    lab.exec(node, "systemctl stop e2e-vip-watch");
    String text = lab.exec(node, "cat /run/e2e-vip-watch.log").stdout();
    List<double[]> out = new ArrayList<>();
    Double since = null;
    for (String line : text.strip().split("\n")) {
      if (line.isBlank()) continue;
      String[] f = line.trim().split(" ");
      double t = Double.parseDouble(f[1]);
      if (f[0].equals("1")) {
        since = t;
      } else if (since != null) {
        out.add(new double[] {since, t});
        since = null;
      }
    }
    if (since != null) {
      out.add(new double[] {since, System.currentTimeMillis() / 1e3});
    }
    return out;
  }

  private static double waitFor(String what, Duration deadline, BooleanSupplier done, long t0)
      throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("%s within %s", what, deadline).isLessThan(end);
      Thread.sleep(200);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static CrmMonStatus crm(Lab lab, String node) {
    return CrmMonParser.parse(lab.exec(node, "crm_mon -1 --output-as=xml").stdout());
  }

  private static String vipHolder(CrmMonStatus crm) {
    return crm.resource("virtual_ip").flatMap(CrmMonStatus.Resource::node).orElse(null);
  }
}
