package io.ovdfailover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.ovdfailover.api.FailoverTestResult;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.converge.DatabaseStep;
import io.ovdfailover.converge.GuideConverger;
import io.ovdfailover.converge.Procedures;
import io.ovdfailover.failover.FailoverTestRun;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.FactsProber;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.UnitState;
import io.ovdfailover.hosts.ssh.CommandCounter;
import io.ovdfailover.hosts.ssh.SshConnection;
import io.ovdfailover.hosts.ssh.SshConnectionPool;
import io.ovdfailover.steps.database.DbCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole current guide on the lab's five hosts, from the starting point (osm1 an existing
 * single-node farm, the others bare) to the failover cluster, through the operator's own converger
 * over its own SSH transport; then chapter VII's failover test both ways. The methods build on each
 * other and run in order.
 */
@Order(10)
@ExtendWith(LabExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuideOnLabTest {
  /**
   * The tests every Debian suite runs in CI (converge, a second pass with 0 mutating commands, the
   * end state, lsyncd both ways, the failover test both ways); the others run on the default suite
   * only: e2e/pom.xml's executions per suite select this tag.
   */
  static final String EVERY_SUITE = "every-suite";

  static final Duration CONVERGE_DEADLINE = Duration.ofMinutes(20);
  static OvdFailoverClusterSpec spec;
  static SshConnectionPool pool;
  static Map<String, HostShell> shells = new LinkedHashMap<>();
  static GuideConverger converger;
  static String sourceCounts;

  @BeforeAll
  static void startingPoint(Lab lab) throws Exception {
    for (String n : Lab.NODES) {
      lab.reset(n);
    }
    // the existing farm's data, counted before the operator moves it (osm1's local MySQL is
    // disabled afterwards)
    sourceCounts = GuideEndState.sourceCounts(lab);
    spec = LabShells.sampleSpec();
    spec.maintenance.allowDowntime = true;
    // lab addresses may only go through the lab's own veth: nothing leaves the machine if the lab
    // is down
    pool = LabShells.guardedPool(new CommandCounter());
    shells.putAll(LabShells.shells(lab, pool, spec));
    converger =
        LabShells.converger(spec, shells, "e2e-hacluster-secret", "e2e-ovd-db-secret", true);
  }

  @AfterAll
  static void close() {
    if (pool != null) pool.close();
  }

  static long mutating() {
    return LabShells.mutating(pool);
  }

  /**
   * spec.dryRun on the guide's starting point (bare hosts and osm1's single-node farm): every
   * stage's plan, and not one mutating command.
   */
  @Test
  @Order(0)
  @Tag(EVERY_SUITE)
  void aDryRunOnTheStartingPointPublishesThePlanAndChangesNothing(Lab lab) throws Exception {
    pool.counter().resetAll();
    GuideConverger.Result plan = converger.pass(GuideConverger.Mode.PLAN);
    assertThat(plan.outcome()).as(plan.message()).isEqualTo(GuideConverger.Outcome.PLANNED);
    assertThat(mutating()).as("a dry run runs no mutating command").isZero();
    long reads =
        pool.counter().snapshot().values().stream().mapToLong(CommandCounter.Counts::read).sum();
    // a dry run's rows name their stage first ("packages: packages pacemaker")
    List<String> stages =
        plan.pending().stream().map(r -> r.step().split(": ", 2)[0]).distinct().toList();
    System.out.printf(
        "dry run on the starting point: %d plan rows, %d read commands, 0 mutating%n",
        plan.pending().size(), reads);
    printRows(plan);
    assertThat(plan.pending())
        .anyMatch(r -> r.node().equals("pcs3") && r.action().contains("Pacemaker"));
    assertThat(plan.pending())
        .anyMatch(r -> r.node().equals("osm2") && r.action().equals("stop Apache on the replica"));
    assertThat(plan.pending()).anyMatch(r -> r.step().startsWith("database") && r.downtime());
    assertThat(plan.pending())
        .anyMatch(r -> r.step().equals("resources") && r.action().startsWith("waits for"));
    assertThat(stages)
        .as("chapters I-VI in the guide's order")
        .containsSubsequence(
            "host preparation",
            "packages",
            "lsyncd",
            "replica",
            "database",
            "cluster formation",
            "resources");
  }

  /** A dry run's rows, one line each: node | step | action | downtime. */
  static void printRows(GuideConverger.Result plan) {
    plan.pending()
        .forEach(
            r ->
                System.out.println(
                    "  "
                        + r.node()
                        + " | "
                        + r.step()
                        + " | "
                        + r.action()
                        + (r.downtime() ? " | downtime" : "")));
  }

  @Test
  @Order(1)
  @Tag(EVERY_SUITE)
  void fromTheExistingFarmToAConvergedClusterAndASecondPassChangesNothing(Lab lab)
      throws Exception {
    // every command timed while the guide converges, for the ratio to the critical path
    CriticalPath path = new CriticalPath();
    Map<String, HostShell> untimed = new LinkedHashMap<>(shells);
    shells.replaceAll((n, shell) -> path.timed(shell));
    long t0 = System.nanoTime();
    List<String> log = new ArrayList<>();
    Map<String, Double> secondsPerStage = new LinkedHashMap<>();
    GuideConverger.Result r = null;
    int transientFailures = 0;
    while (System.nanoTime() - t0 < CONVERGE_DEADLINE.toNanos()) {
      long p0 = System.nanoTime();
      r = converger.pass();
      path.pass(r.stage(), p0, System.nanoTime());
      double s = (System.nanoTime() - p0) / 1e9;
      secondsPerStage.merge(r.stage(), s, Double::sum);
      log.add(String.format("%s [%s] %.1fs: %s", r.outcome(), r.stage(), s, r.message()));
      if (r.outcome() == GuideConverger.Outcome.CONVERGED) break;
      if (r.outcome() == GuideConverger.Outcome.FAILED
          || r.outcome() == GuideConverger.Outcome.UNREACHABLE
          || r.outcome() == GuideConverger.Outcome.HELD) {
        transientFailures++; // the reconciler retries these too; too many of them fail the test
        // below
      } else {
        assertThat(r.outcome())
            .as(String.join("\n", log))
            .isEqualTo(GuideConverger.Outcome.PROGRESSED);
      }
      assertThat(transientFailures).as(String.join("\n", log)).isLessThanOrEqualTo(3);
    }
    double converged = (System.nanoTime() - t0) / 1e9;
    shells.putAll(untimed);
    System.out.printf(
        "guide converged in %.1f s over %d passes; seconds per stage %s%n",
        converged, log.size(), secondsPerStage);
    System.out.println(path.report(converged));
    log.forEach(l -> System.out.println("  " + l));
    assertThat(r.outcome()).as(String.join("\n", log)).isEqualTo(GuideConverger.Outcome.CONVERGED);

    pool.counter().resetAll();
    GuideConverger.Result again = converger.pass();
    assertThat(again.outcome()).isEqualTo(GuideConverger.Outcome.CONVERGED);
    assertThat(mutating()).as("a converged cluster costs no mutating command").isZero();
    long reads =
        pool.counter().snapshot().values().stream().mapToLong(CommandCounter.Counts::read).sum();
    System.out.printf(
        "second pass on the converged cluster: %d read commands, %d mutating%n", reads, mutating());
    assertThat(reads)
        .as("one command per node: the facts probe (the database was verified a pass ago)")
        .isEqualTo(spec.allNodes().size());
  }

  @Test
  @Order(2)
  @Tag(EVERY_SUITE)
  void theClusterIsTheGuidesEndState(Lab lab) {
    GuideEndState.check(lab, sourceCounts, "osm1");
    GuideEndState.cib(lab);
  }

  @Test
  @Order(3)
  @Tag(EVERY_SUITE)
  void aFileWrittenOnTheActiveNodeReachesTheOtherWithin30Seconds(Lab lab) {
    GuideEndState.syncs(lab, "osm1", "osm2");
  }

  @Test
  @Order(4)
  @Tag(EVERY_SUITE)
  void theFailoverTestMovesEverythingToOsm2AndBack(Lab lab) throws Exception {
    FailoverTestRun run =
        new FailoverTestRun(
            spec, shells::get, Clock.systemUTC(), e -> System.out.println("  event: " + e));
    // osm2 has not held the VIP since it booted: the move starts cluster-vip-src there for the
    // first time, which
    // starts conntrack in the middle of every open connection (docs/design.md). With the guide's
    // ADDRESS=0.0.0.0/0
    // (the lab sample's) that includes the operator's own connection. A command on it waits,
    // silent, for the SNAT
    // rule, then speaks first: without cluster-vip-src's guard rule, that packet leaves from the
    // VIP and the
    // connection dies.
    // it asks systemd, not iptables: listing the nat table could create it, and so start conntrack,
    // early
    String watch =
        "touch /run/e2e-watch-running; end=$(($(date +%s) + 90));"
            + " until systemctl is-active --quiet cluster-vip-src; do"
            + " [ $(date +%s) -lt $end ] || { echo no SNAT rule within 90 s; exit 3; }; sleep 0.1; done;"
            + " echo SNAT rule seen; sleep 0.5; echo still connected";
    assertThat(lab.exec("osm2", "rm -f /run/e2e-watch-running").ok()).isTrue();
    CompletableFuture<CommandResult> watcher =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return shells
                    .get("osm2")
                    .run(
                        Command.read("wait for the SNAT rule", watch)
                            .withTimeout(Duration.ofSeconds(120)));
              } catch (HostException e) {
                throw new CompletionException(e);
              }
            });
    await("the watcher runs on osm2")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                lab.exec("osm2", "test -e /run/e2e-watch-running && echo yes")
                    .stdout()
                    .contains("yes"));
    FailoverTestResult there = run.run("e2e-1", "osm1", "osm2", "pcs3");
    CommandResult watched;
    try {
      watched = watcher.join();
    } catch (CompletionException e) {
      throw new AssertionError(
          "the operator's connection to osm2 did not outlive the first SNAT rule there: "
              + e.getCause().getMessage(),
          e);
    }
    assertThat(watched.stdout())
        .as("exit %d: %s", watched.exitCode(), watched.stderr())
        .contains("SNAT rule seen\nstill connected");
    assertThat(there.result).as(there.message).isEqualTo("Succeeded");
    GuideEndState.outgoingTraffic(lab, "osm2");
    // lsyncd now runs on osm2 and copies toward osm1
    GuideEndState.syncs(lab, "osm2", "osm1");

    // back with the Session Manager ID read as a site can configure it (the stand-in's format):
    // the ID through the VIP must be osm1's own (issue #17; by default no page is read)
    List<String> steps = new ArrayList<>();
    spec.failoverTest.http.sessionManagerIdPattern = "[A-Z0-9]{5}(-[A-Z0-9]{5}){4}";
    FailoverTestResult back;
    try {
      back =
          new FailoverTestRun(spec, shells::get, Clock.systemUTC(), steps::add)
              .run("e2e-2", "osm2", "osm1", "pcs3");
    } finally {
      spec.failoverTest.http.sessionManagerIdPattern = null;
    }
    assertThat(back.result).as(back.message).isEqualTo("Succeeded");
    assertThat(steps)
        .anyMatch(
            e -> e.contains("session-manager-id ok: ") && e.contains(lab.sessionManagerId("osm1")))
        .anyMatch(e -> e.contains("identity ok: " + spec.vip.address + ":22 presents osm1's"));
    GuideEndState.outgoingTraffic(lab, "osm1");
    GuideEndState.cib(lab);
    for (String n : Lab.NODES) {
      assertThat(pool.existing(n).map(SshConnection::connectionsOpened))
          .as("%s: connections opened", n)
          .contains(1);
    }
    System.out.printf(
        "failover osm1->osm2 %.2f s, osm2->osm1 %.2f s; client-observed downtime %s s, %s s%n",
        there.switchoverSeconds,
        back.switchoverSeconds,
        there.clientDowntimeSeconds,
        back.clientDowntimeSeconds);
    // the probe on pcs4 saw the Session Manager through the VIP before and after each move
    assertThat(there.clientDowntimeSeconds).isNotNull().isPositive();
    assertThat(back.clientDowntimeSeconds).isNotNull().isPositive();
    // the guide's bar is 10 s; single runs on a loaded CI machine vary, so the median is measured
    // by the
    // benchmark (see docs/performance.md); here only a pathological switchover fails the test
    assertThat(there.switchoverSeconds).isLessThan(30.0);
    assertThat(back.switchoverSeconds).isLessThan(30.0);
  }

  /**
   * Issue 14's outage: crm_mon fails on the coordinator and on the quorum node while osm2 serves.
   * Membership comes from corosync.conf, so osm2 is not taken for a replica-to-be: its Apache, OSM
   * cron link and state stay, and the pass runs no mutating command. (Before, the replica stage
   * stopped Apache on the serving node.)
   */
  @Test
  @Order(6)
  void withCrmMonFailingAndTheResourcesOnOsm2APassStopsNothingThere(Lab lab) throws Exception {
    FailoverTestRun run = new FailoverTestRun(spec, shells::get, Clock.systemUTC(), e -> {});
    FailoverTestResult there = run.run("e2e-replica-1", "osm1", "osm2", "pcs3");
    assertThat(there.result).as(there.message).isEqualTo("Succeeded");
    String breakCrmMon =
        "mv /usr/sbin/crm_mon /usr/sbin/crm_mon.e2e-off && printf '#!/bin/sh\nexit 102\n'"
            + " > /usr/sbin/crm_mon && chmod 755 /usr/sbin/crm_mon";
    String restoreCrmMon =
        "if [ -e /usr/sbin/crm_mon.e2e-off ]; then mv -f /usr/sbin/crm_mon.e2e-off /usr/sbin/crm_mon; fi";
    try {
      for (String n : List.of("osm1", "pcs3")) {
        assertThat(lab.exec(n, breakCrmMon).ok()).isTrue();
      }
      pool.counter().resetAll();
      GuideConverger.Result r = converger.pass();
      System.out.printf(
          "pass with crm_mon failing on osm1 and pcs3, resources on osm2: %s [%s] %s%n",
          r.outcome(), r.stage(), r.message());
      assertThat(r.outcome())
          .as("every node answered its probe")
          .isNotEqualTo(GuideConverger.Outcome.UNREACHABLE);
      assertThat(r.crmMon()).as("no node could give crm_mon").isEmpty();
      assertThat(mutating()).as("%s [%s] %s", r.outcome(), r.stage(), r.message()).isZero();
      // Pacemaker's httpd (ocf:heartbeat:apache) runs Apache outside its systemd unit: look for the
      // process
      assertThat(lab.exec("osm2", "pgrep -x apache2 >/dev/null && echo running").stdout().strip())
          .as("Apache still serves on osm2")
          .isEqualTo("running");
      assertThat(lab.exec("osm2", "readlink /etc/cron.d/ovd-session-manager").stdout().strip())
          .isEqualTo("/etc/ovd/session-manager/sessionmanager.cron");
    } finally {
      for (String n : List.of("osm1", "pcs3")) lab.exec(n, restoreCrmMon);
    }
    FailoverTestResult back = run.run("e2e-replica-2", "osm2", "osm1", "pcs3");
    assertThat(back.result).as(back.message).isEqualTo("Succeeded");
    assertThat(converger.pass().outcome()).isEqualTo(GuideConverger.Outcome.CONVERGED);
  }

  /**
   * Found on the lab: a quorum node rebuilt with the same identity (a bare host) was never brought
   * back; the operator retried `pcs cluster start --all` (HTTP 401 from pcs4) while status said all
   * members were in. Now it is prepared, authenticated again and added back, with the resources
   * untouched on osm1 all along.
   */
  @Test
  @Order(7)
  void aRebuiltQuorumNodeIsBroughtBackWithoutTouchingTheResources(Lab lab) throws Exception {
    assertThat(lab.exec("osm1", "ip -o addr show | grep -q ' 198.18.0.100/' && echo vip").stdout())
        .contains("vip");
    String startedBefore =
        lab.exec("osm1", "systemctl show -p ActiveEnterTimestampMonotonic cluster-vip-src")
            .stdout();
    lab.reset("pcs4");
    List<String> log = passesUntilConvergedWithTheResourcesOn("osm1", "pcs4");
    assertThat(log).anyMatch(l -> l.contains("[rejoin]"));
    assertThat(
            lab.exec("osm1", "systemctl show -p ActiveEnterTimestampMonotonic cluster-vip-src")
                .stdout())
        .as("cluster-vip-src on osm1 was never restarted")
        .isEqualTo(startedBefore);
    pool.counter().resetAll();
    assertThat(converger.pass().outcome()).isEqualTo(GuideConverger.Outcome.CONVERGED);
    assertThat(mutating()).isZero();
  }

  /**
   * Converger passes until one converges, each asserting the resources stayed where they were; the
   * members must end all online. Returns one line per pass. A pass may find the rebuilt node
   * unreachable, and only that node: the pool's connection to it died with the old host, and a pass
   * does not wait out a reconnect to a node known to be down (SshSettings.downNodeWait), so under
   * load the first pass after the rebuild reports it lost while the dial goes on.
   */
  private static List<String> passesUntilConvergedWithTheResourcesOn(String node, String rebuilt)
      throws InterruptedException {
    String what = "rebuilt " + rebuilt;
    long t0 = System.nanoTime();
    List<String> log = new ArrayList<>();
    GuideConverger.Result r = null;
    while (System.nanoTime() - t0 < Duration.ofMinutes(10).toNanos()) {
      r = converger.pass();
      log.add(
          String.format(
              "%s [%s] %.1fs: %s",
              r.outcome(), r.stage(), (System.nanoTime() - t0) / 1e9, r.message()));
      assertThat(r.crmMon())
          .as(String.join("\n", log))
          .hasValueSatisfying(
              c ->
                  assertThat(c.resource("virtual_ip").flatMap(x -> x.node()))
                      .contains(node + ".priv"));
      if (r.outcome() == GuideConverger.Outcome.CONVERGED) break;
      if (r.outcome() == GuideConverger.Outcome.UNREACHABLE) {
        assertThat(r.unreachable().keySet()).as(String.join("\n", log)).containsExactly(rebuilt);
        continue;
      }
      assertThat(r.outcome())
          .as(String.join("\n", log))
          .isIn(GuideConverger.Outcome.PROGRESSED, GuideConverger.Outcome.FAILED);
    }
    System.out.printf(
        "%s back in the cluster after %.1f s:%n", what, (System.nanoTime() - t0) / 1e9);
    log.forEach(l -> System.out.println("  " + l));
    assertThat(r.outcome()).as(String.join("\n", log)).isEqualTo(GuideConverger.Outcome.CONVERGED);
    assertThat(r.crmMon().orElseThrow().nodes())
        .as("four members online")
        .hasSize(4)
        .allMatch(io.ovdfailover.hosts.CrmMonStatus.Node::online);
    pool.counter().resetAll();
    assertThat(converger.pass().outcome()).isEqualTo(GuideConverger.Outcome.CONVERGED);
    assertThat(mutating()).as("a second pass").isZero();
    return log;
  }

  /**
   * A passive session manager rebuilt bare with the same identity (a reinstalled VM): it is
   * prepared, made a replica and added back while osm1 serves; Apache and cluster-vip-src on osm1
   * are never restarted. A failover test to it and back shows it is a working member again.
   */
  @Test
  @Order(9)
  void aRebuiltPassiveSessionManagerIsBroughtBackWithoutTouchingTheResources(Lab lab)
      throws Exception {
    String vipSrc = "systemctl show -p ActiveEnterTimestampMonotonic cluster-vip-src";
    String apache = "pgrep -o -x apache2";
    // the test before ends maintenance-mode: Pacemaker may still be starting httpd on osm1
    await("Apache serves on osm1")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !lab.exec("osm1", apache).stdout().isBlank());
    String vipSrcBefore = lab.exec("osm1", vipSrc).stdout();
    String apacheBefore = lab.exec("osm1", apache).stdout().strip();

    lab.reset("osm2");
    List<String> log = passesUntilConvergedWithTheResourcesOn("osm1", "osm2");

    assertThat(log).anyMatch(l -> l.contains("[rejoin]"));
    assertThat(lab.exec("osm1", vipSrc).stdout())
        .as("cluster-vip-src on osm1 was never restarted")
        .isEqualTo(vipSrcBefore);
    assertThat(lab.exec("osm1", apache).stdout().strip())
        .as("Apache on osm1 was never restarted")
        .isEqualTo(apacheBefore);
    FailoverTestRun run = new FailoverTestRun(spec, shells::get, Clock.systemUTC(), e -> {});
    FailoverTestResult there = run.run("e2e-rebuilt-osm2-1", "osm1", "osm2", "pcs3");
    assertThat(there.result).as(there.message).isEqualTo("Succeeded");
    FailoverTestResult back = run.run("e2e-rebuilt-osm2-2", "osm2", "osm1", "pcs3");
    assertThat(back.result).as(back.message).isEqualTo("Succeeded");
    System.out.printf(
        "rebuilt osm2: switchover there %.2f s, back %.2f s%n",
        there.switchoverSeconds, back.switchoverSeconds);
    assertThat(converger.pass().outcome()).isEqualTo(GuideConverger.Outcome.CONVERGED);

    // a passive copy lsyncd has not brought (here: osm2's, changed by hand, as a restored backup
    // would leave it): the next pass has osm1's lsyncd do a full sync before anything else
    String config = "/var/spool/ovd/session-manager/config";
    String osm1Sha = lab.exec("osm1", "sha256sum < " + config).stdout().strip();
    assertThat(lab.exec("osm2", "printf '\\n' >> " + config).ok()).isTrue();
    assertThat(lab.exec("osm2", "sha256sum < " + config).stdout().strip()).isNotEqualTo(osm1Sha);
    long t0 = System.nanoTime();
    GuideConverger.Result resync = converger.pass();
    assertThat(resync.stage()).as(resync.message()).isEqualTo("lsyncd full sync");
    assertThat(resync.outcome()).as(resync.message()).isEqualTo(GuideConverger.Outcome.PROGRESSED);
    System.out.printf(
        "osm2's changed copy of %s replaced by osm1's in %.1f s: %s%n",
        config, (System.nanoTime() - t0) / 1e9, resync.done());
    assertThat(lab.exec("osm2", "sha256sum < " + config).stdout().strip()).isEqualTo(osm1Sha);
    assertThat(lab.exec("osm1", "sha256sum < " + config).stdout().strip()).isEqualTo(osm1Sha);
    pool.counter().resetAll();
    assertThat(converger.pass().outcome()).isEqualTo(GuideConverger.Outcome.CONVERGED);
    assertThat(mutating()).as("after the full sync").isZero();
  }

  /**
   * The admins' actions stand (docs/reliability.md): a node in standby, a resource disabled by hand
   * and the cluster in maintenance-mode are reported and never undone; in maintenance-mode the CIB
   * is not changed even where it drifted, and the drift is corrected once the admin ends it.
   */
  @Test
  @Order(8)
  void standbyADisabledResourceAndMaintenanceModeAreRespected(Lab lab) throws Exception {
    String colocation =
        "pcs constraint colocation --full | grep -o 'id:[^)]*httpd-virtual_ip[^) ]*' | head -1"
            + " | cut -d: -f2";
    try {
      assertThat(
              lab.exec("pcs3", "pcs node standby pcs4.priv && pcs resource disable lsyncd_cron")
                  .ok())
          .isTrue();
      await("pcs4 in standby, lsyncd_cron stopped")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  lab.exec("pcs3", "crm_mon -1 --output-as=xml")
                      .stdout()
                      .matches("(?s).*pcs4.priv\" [^>]*standby=\"true\".*"));
      pool.counter().resetAll();
      GuideConverger.Result r = converger.pass();
      assertThat(r.outcome()).as(r.message()).isEqualTo(GuideConverger.Outcome.CONVERGED);
      assertThat(mutating()).as("nothing undone").isZero();
      assertThat(r.overrides())
          .extracting(o -> o.kind().name() + " " + o.subject())
          .contains("NodeStandby pcs4", "ResourceDisabled lsyncd_cron");
      assertThat(
              lab.exec(
                      "pcs3",
                      "pcs resource config lsyncd_cron 2>/dev/null || pcs resource show lsyncd_cron")
                  .stdout())
          .contains("target-role=Stopped");
    } finally {
      lab.exec("pcs3", "pcs node unstandby pcs4.priv; pcs resource enable lsyncd_cron");
    }

    String id = lab.exec("pcs3", colocation).stdout().strip();
    assertThat(id).as("the colocation of httpd with virtual_ip").isNotEmpty();
    try {
      assertThat(
              lab.exec(
                      "pcs3",
                      "pcs property set maintenance-mode=true && pcs constraint delete " + id)
                  .ok())
          .isTrue();
      pool.counter().resetAll();
      GuideConverger.Result held = converger.pass();
      System.out.printf(
          "maintenance-mode: %s [%s] %s%n", held.outcome(), held.stage(), held.message());
      assertThat(held.outcome()).isEqualTo(GuideConverger.Outcome.HELD);
      assertThat(held.message()).contains("maintenance-mode");
      assertThat(mutating()).as("nothing changed in maintenance-mode").isZero();
      assertThat(lab.exec("pcs3", colocation).stdout().strip()).as("the drift waits").isEmpty();
    } finally {
      lab.exec("pcs3", "pcs property set maintenance-mode=false");
    }
    GuideConverger.Result fixed = converger.pass();
    assertThat(fixed.outcome()).as(fixed.message()).isEqualTo(GuideConverger.Outcome.PROGRESSED);
    assertThat(fixed.done()).contains("colocate httpd with virtual_ip");
    assertThat(converger.pass().outcome()).isEqualTo(GuideConverger.Outcome.CONVERGED);
  }

  /**
   * A network change on the session manager that serves: bringing its private interface down and up
   * can interrupt it, so the whole stage waits for maintenance and nothing runs, not even its
   * harmless file write. (The address is not taken off the node to show this: the private network
   * carries corosync.)
   */
  @Test
  @Order(10)
  void aNetworkChangeOnTheServingNodeWaitsForMaintenance(Lab lab) throws Exception {
    GuideConverger withoutDowntime =
        convergerFor(
            changed -> {
              changed.sessionManagers.get(0).privateAddress = "198.19.100.31";
              changed.maintenance.allowDowntime = false;
            });
    pool.counter().resetAll();
    GuideConverger.Result r = withoutDowntime.pass();
    System.out.printf(
        "network change on osm1: %s [%s] %s %s%n",
        r.outcome(), r.stage(), r.message(), r.pending());
    assertThat(r.outcome()).isEqualTo(GuideConverger.Outcome.WAITING_FOR_MAINTENANCE);
    assertThat(r.pending())
        .anySatisfy(
            row -> {
              assertThat(row.node()).isEqualTo("osm1");
              assertThat(row.action()).startsWith("bring up 198.19.100.31 on eth1");
              assertThat(row.downtime()).isTrue();
            });
    assertThat(mutating()).as("nothing ran").isZero();
    assertThat(lab.exec("osm1", "ip -o addr show | grep -c ' 198.19.100.31/' || true").stdout())
        .startsWith("0");
    assertThat(converger.pass().outcome()).isEqualTo(GuideConverger.Outcome.CONVERGED);
  }

  /**
   * The guide's extra "Uninstall MySQL from OSM nodes", asked for in the spec once the cluster
   * runs: the local server goes from both session managers (apt's autoremove, after its simulation
   * showed nothing the guide needs would go along), the database node keeps its own, the cluster
   * stays converged and the Session Manager answers through the VIP; then nothing more to do.
   */
  @Test
  @Order(11)
  void theLocalServerIsUninstalledFromTheSessionManagersOnlyWhenTheSpecAsks(Lab lab)
      throws Exception {
    String installed = "dpkg-query -W -f='${Status}' mariadb-server 2>/dev/null || true";
    for (String n : List.of("osm1", "osm2", "dbmy")) {
      assertThat(lab.exec(n, installed).stdout()).as(n).contains("install ok installed");
    }
    GuideConverger uninstalling =
        convergerFor(changed -> changed.database.uninstallLocalServer = true);
    long t0 = System.nanoTime();
    List<String> done = new ArrayList<>();
    GuideConverger.Result r = uninstalling.pass();
    while (r.outcome() == GuideConverger.Outcome.PROGRESSED
        && System.nanoTime() - t0 < Duration.ofMinutes(5).toNanos()) {
      done.addAll(r.done());
      r = uninstalling.pass();
    }
    System.out.printf(
        "local server uninstalled in %.1f s: %s; %s%n", (System.nanoTime() - t0) / 1e9, done, r);
    assertThat(r.outcome()).as(r.message()).isEqualTo(GuideConverger.Outcome.CONVERGED);
    assertThat(done)
        .filteredOn(d -> d.contains("uninstall the local MySQL/MariaDB server (mariadb-server)"))
        .hasSize(2);
    for (String n : List.of("osm1", "osm2")) {
      assertThat(lab.exec(n, installed).stdout()).as(n).doesNotContain("install ok installed");
    }
    assertThat(lab.exec("dbmy", installed).stdout())
        .as("the database node keeps its server")
        .contains("install ok installed");
    assertThat(
            lab.exec(
                    "osm2",
                    "wget -qS -O /dev/null -T 5 http://"
                        + spec.vip.address
                        + "/ovd/ 2>&1 | head -1")
                .stdout())
        .as("the Session Manager through the VIP")
        .contains("200");
    pool.counter().resetAll();
    assertThat(uninstalling.pass().outcome()).isEqualTo(GuideConverger.Outcome.CONVERGED);
    assertThat(mutating()).as("nothing more to do").isZero();
  }

  /** A converger over the lab with a copy of the sample spec that {@code change} edited. */
  static GuideConverger convergerFor(java.util.function.Consumer<OvdFailoverClusterSpec> change) {
    OvdFailoverClusterSpec changed =
        Serialization.unmarshal(Serialization.asYaml(spec), OvdFailoverClusterSpec.class);
    change.accept(changed);
    return new GuideConverger(
        changed,
        shells::get,
        new GuideConverger.Secrets("e2e-hacluster-secret"),
        false,
        new DatabaseStep(shells::get, new DbCredentials("ovd", "e2e-ovd-db-secret")));
  }

  /**
   * The probe answers for a unit with no unit file (most of the guide's list: both distro families'
   * names) without asking systemd. What it reports must still be what systemd says, for every
   * node's units, and on pcs4 also for a transient unit and for a unit whose file was deleted while
   * it runs.
   */
  @Test
  @Order(5)
  @Tag(EVERY_SUITE)
  void theProbesUnitStatesAreSystemdsOwn(Lab lab) throws Exception {
    String unitFile = "/etc/systemd/system/e2e-deleted.service";
    assertThat(
            lab.exec(
                    "pcs4",
                    "printf '[Service]\\nExecStart=/bin/sleep 600\\n' > "
                        + unitFile
                        + " && systemctl daemon-reload && systemctl start e2e-deleted && rm "
                        + unitFile
                        + " && systemctl daemon-reload"
                        + " && systemd-run --quiet --unit=e2e-transient /bin/sleep 600"
                        // a dot but no unit type, like php8.2-fpm: systemd reads it as a service,
                        // so must the probe
                        + " && systemd-run --quiet --unit=e2e-php8.2-fpm /bin/sleep 600")
                .ok())
        .isTrue();
    try {
      List<String> extra =
          List.of("e2e-deleted", "e2e-transient", "e2e-php8.2-fpm", "e2e-never-was");
      for (String n : Lab.NODES) {
        FactsRequest request = Procedures.guideBuildRequest(spec).plus(FactsRequest.ofUnits(extra));
        HostFacts facts = FactsProber.probeOne(shells.get(n), request);
        String asked = String.join(" ", request.units());
        Lab.Result shown =
            lab.exec(
                n,
                "for u in "
                    + asked
                    + "; do echo \"=$u\";"
                    + " systemctl show -p LoadState -p UnitFileState -p ActiveState -p SubState \"$u\"; done");
        assertThat(shown.ok()).as(shown.toString()).isTrue();
        Map<String, UnitState> systemd = new LinkedHashMap<>();
        String unit = null;
        Map<String, String> p = new LinkedHashMap<>();
        for (String line : (shown.stdout() + "=").split("\n")) {
          if (line.startsWith("=")) {
            if (unit != null) {
              systemd.put(
                  unit,
                  new UnitState(
                      p.get("LoadState"),
                      p.getOrDefault("UnitFileState", ""),
                      p.get("ActiveState"),
                      p.get("SubState")));
            }
            unit = line.substring(1);
            p.clear();
          } else if (line.contains("=")) {
            p.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
          }
        }
        assertThat(facts.units())
            .as("%s: the probe's units beside systemctl show's", n)
            .isEqualTo(systemd);
        if (n.equals("pcs4")) {
          assertThat(facts.unit("e2e-deleted").active()).as("deleted while it runs").isTrue();
          assertThat(facts.unit("e2e-deleted").exists()).isFalse();
          assertThat(facts.unit("e2e-transient").active()).isTrue();
          assertThat(facts.unit("e2e-php8.2-fpm").active()).isTrue();
        }
        assertThat(facts.unit("e2e-never-was").exists()).isFalse();
      }
    } finally {
      lab.exec(
          "pcs4",
          "systemctl stop e2e-deleted e2e-transient e2e-php8.2-fpm; rm -f "
              + unitFile
              + "; systemctl daemon-reload");
    }
  }
}
