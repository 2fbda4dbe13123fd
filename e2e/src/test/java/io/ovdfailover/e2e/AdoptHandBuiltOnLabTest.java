package io.ovdfailover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.DatabaseSpec;
import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.converge.GuideConverger;
import io.ovdfailover.converge.Procedures;
import io.ovdfailover.hosts.CrmMonParser;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.FactsProbe;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.Finding;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.ssh.CommandCounter;
import io.ovdfailover.hosts.ssh.SshConnectionPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #16, part 1: a cluster an admin built by hand from the current guide (chapters I-VI, the
 * scenario in e2e/scenarios/hand-built) is adopted by the operator with nothing disruptive. The
 * matching OvdFailoverCluster (the lab sample, with the guide's database reachability and downtime
 * NOT allowed) converges: no downtime action, no resource restarted (Pacemaker's start operations,
 * Apache's pid, cluster-vip-src's start time unchanged), the VIP never leaves osm1; what differs
 * from the operator's own build is in the result's findings; a second pass runs 0 mutating
 * commands. Runs after the other lab classes and resets the five nodes first.
 */
@Order(30)
@ExtendWith(LabExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdoptHandBuiltOnLabTest {
  static final String HACLUSTER_PASSWORD = "e2e-hand-built-hacluster";
  static final String DB_PASSWORD = "e2e-hand-built-ovd-db";

  static OvdFailoverClusterSpec spec;
  static SshConnectionPool pool;
  static Map<String, HostShell> shells = new LinkedHashMap<>();
  static GuideConverger converger;
  static double scenarioSeconds;

  /**
   * -Dadopt.reuse=true (with OVD_LAB_KEEP=1): keep a hand-built cluster a previous run left on the
   * lab (its mark on osm1) instead of resetting the nodes and building it again; for working on the
   * adoption rules, not for CI (the previous run's converger may have changed it already).
   */
  static final boolean REUSE = Boolean.getBoolean("adopt.reuse");

  /**
   * -Dadopt.record=DIR: write each node's facts probe (the guide build's request, fixed token), the
   * CIB and crm_mon as the hand-built cluster has them, before the operator touches anything: the
   * recorded fixtures of the unit tests (operator/src/test/resources/facts/hand-built-lab).
   */
  static final String RECORD = System.getProperty("adopt.record", "");

  static final String BUILT_MARK = "/root/.e2e-hand-built";

  @BeforeAll
  static void handBuilt(Lab lab) throws Exception {
    long t0 = System.nanoTime();
    spec = LabShells.sampleSpec();
    // the spec that matches what the guide builds: MySQL on every address, the user granted from
    // '%'
    spec.database.reachableFrom = DatabaseSpec.ReachableFrom.Anywhere;
    spec.maintenance.allowDowntime = false;
    // the site asks for the operator's switchover timeouts: pcs gave the hand-built systemd
    // resources 100 s, so adoption sets them, and must restart nothing doing so
    spec.pacemaker.systemdStartStopTimeoutSeconds = 10;
    if (REUSE && lab.exec("osm1", "test -e " + BUILT_MARK).ok()) {
      System.out.println("hand-built scenario: reusing the cluster already on the lab");
    } else {
      for (String n : Lab.NODES) {
        lab.reset(n);
      }
      HandBuiltScenario scenario =
          new HandBuiltScenario(lab, spec, HACLUSTER_PASSWORD, DB_PASSWORD);
      try {
        scenario.run();
        lab.exec("osm1", "touch " + BUILT_MARK);
      } finally {
        scenarioSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("hand-built scenario (resets included): %.1f s%n", scenarioSeconds);
        scenario.log.forEach(l -> System.out.println("  " + l));
      }
    }
    if (!RECORD.isBlank()) {
      record(lab, Path.of(RECORD));
    }
    // the pool is opened after the scenario: no connection of the operator spans the first SNAT
    // rule the admin started on osm1 (the guide's unit has no guard)
    pool = LabShells.guardedPool(new CommandCounter());
    shells.putAll(LabShells.shells(lab, pool, spec));
    converger = LabShells.converger(spec, shells, HACLUSTER_PASSWORD, DB_PASSWORD, false);
  }

  /** See {@link #RECORD}. */
  private static void record(Lab lab, Path dir) throws Exception {
    Files.createDirectories(dir.resolve("cluster"));
    String token = "0123456789abcdef";
    String when = java.time.Instant.now().toString();
    for (NodeSpec n : spec.allNodes()) {
      boolean pacemaker = spec.pacemakerNodes().contains(n);
      boolean coordinator = n.name.equals(spec.sessionManagers.get(0).name);
      FactsRequest request =
          Procedures.guideBuildRequest(spec)
              .withClusterState(coordinator)
              .withPacemakerState(pacemaker);
      Lab.Result r = lab.exec(n.name, "sh -s", FactsProbe.script(request, token));
      assertThat(r.ok()).as(r.toString()).isTrue();
      Files.writeString(
          dir.resolve(n.name + ".txt"),
          "# RECORDED for real on the e2e lab ("
              + lab.suite()
              + "), "
              + when
              + ": the FactsProbe script of the guide build's request"
              + (pacemaker ? " with Pacemaker state" : "")
              + (coordinator ? " and cluster state" : "")
              + ", run with sh as root\n# over SSH on "
              + n.name
              + " right after e2e/scenarios/hand-built (the guide's chapters I-VI by hand), before"
              + " the operator ran. pcsd known-hosts: names only.\n"
              + r.stdout());
    }
    Files.writeString(
        dir.resolve("cluster/cib.xml"), lab.exec("pcs3", "cibadmin --query").stdout());
    Files.writeString(
        dir.resolve("cluster/crm_mon.xml"),
        lab.exec("pcs3", "crm_mon -1 --output-as=xml").stdout());
    System.out.println("recorded the hand-built cluster's facts in " + dir.toAbsolutePath());
  }

  @AfterAll
  static void close(Lab lab) {
    if (pool != null) pool.close();
    for (String n : List.of("osm1", "osm2")) {
      lab.exec(n, "systemctl stop e2e-vip-watch 2>/dev/null; true");
    }
  }

  static long mutating() {
    return LabShells.mutating(pool);
  }

  @Test
  @Order(0)
  void theHandBuiltClusterIsTheGuidesEndState(Lab lab) {
    settle(lab);
    CrmMonStatus crm = CrmMonParser.parse(lab.exec("pcs3", "crm_mon -1 --output-as=xml").stdout());
    assertThat(crm.withQuorum()).isTrue();
    assertThat(crm.nodes()).hasSize(4).allMatch(CrmMonStatus.Node::online);
    for (String r :
        List.of("virtual_ip", "virtual_ip_src", "osm_cron", "httpd", "lsyncd", "lsyncd_cron")) {
      assertThat(crm.resource(r).flatMap(CrmMonStatus.Resource::node))
          .as("%s runs on osm1", r)
          .contains("osm1.priv");
    }
    assertThat(lab.exec("osm1", "iptables -t nat -S POSTROUTING").stdout())
        .as("the guide's SNAT rule, and no guard")
        .contains("-j SNAT --to-source " + spec.vip.address)
        .doesNotContain("! --syn");
  }

  /** spec.dryRun on the hand-built cluster: the plan and the findings, nothing changed. */
  @Test
  @Order(1)
  void aDryRunListsWhatDiffersAndChangesNothing() throws Exception {
    pool.counter().resetAll();
    GuideConverger.Result plan = converger.pass(GuideConverger.Mode.PLAN);
    System.out.printf("dry run on the hand-built cluster: %s%n", plan.message());
    GuideOnLabTest.printRows(plan);
    plan.findings().forEach(f -> System.out.println("  finding: " + f));
    assertThat(mutating()).as("a dry run runs no mutating command").isZero();
    // the database stage's dry-run row is "check the database, or move it" with downtime: its
    // checks need the password and run only when the stage does (the converge below shows that
    // they find the database moved and change nothing); no other row may need downtime
    assertThat(plan.pending())
        .as("no downtime row but the database check's")
        .noneMatch(r -> r.downtime() && !r.step().startsWith("database"));
    assertThat(plan.pending())
        .as("nothing blocked")
        .noneMatch(r -> r.action().startsWith("blocked"));
  }

  @Test
  @Order(2)
  void theMatchingSpecConvergesWithoutDowntimeOrRestartsAndASecondPassChangesNothing(Lab lab)
      throws Exception {
    settle(lab);
    Snapshot before = Snapshot.take(lab);
    String vip = spec.vip.address + "/";
    watch(lab, "osm1", "|| date +%s.%N >> /run/e2e-vip-watch.log", vip);
    watch(lab, "osm2", "&& date +%s.%N >> /run/e2e-vip-watch.log", vip);

    long t0 = System.nanoTime();
    pool.counter().resetAll();
    List<String> log = new ArrayList<>();
    List<String> done = new ArrayList<>();
    List<Finding> firstFindings = null;
    GuideConverger.Result r = null;
    while (System.nanoTime() - t0 < Duration.ofMinutes(5).toNanos()) {
      r = converger.pass();
      log.add(
          String.format(
              "%s [%s] %.1fs: %s",
              r.outcome(), r.stage(), (System.nanoTime() - t0) / 1e9, r.message()));
      done.addAll(r.done());
      if (firstFindings == null) firstFindings = r.findings();
      if (r.outcome() == GuideConverger.Outcome.CONVERGED) break;
      assertThat(r.outcome())
          .as("nothing waits for downtime, nothing is blocked:\n" + String.join("\n", log))
          .isEqualTo(GuideConverger.Outcome.PROGRESSED);
    }
    long firstMutating = mutating();
    System.out.printf(
        "hand-built cluster adopted in %.1f s over %d passes, %d mutating commands:%n",
        (System.nanoTime() - t0) / 1e9, log.size(), firstMutating);
    log.forEach(l -> System.out.println("  " + l));
    done.forEach(d -> System.out.println("  done: " + d));
    r.findings().forEach(f -> System.out.println("  finding: " + f));
    assertThat(r.outcome()).as(String.join("\n", log)).isEqualTo(GuideConverger.Outcome.CONVERGED);

    pool.counter().resetAll();
    GuideConverger.Result again = converger.pass();
    assertThat(again.outcome()).isEqualTo(GuideConverger.Outcome.CONVERGED);
    assertThat(mutating()).as("a second pass").isZero();
    System.out.printf("second pass: %d mutating%n", mutating());

    Snapshot after = Snapshot.take(lab);
    assertThat(after.starts).as("Pacemaker's operations on osm1").isEqualTo(before.starts);
    assertThat(after.apachePid).as("Apache on osm1").isEqualTo(before.apachePid);
    assertThat(after.vipSrcStarted).as("cluster-vip-src on osm1").isEqualTo(before.vipSrcStarted);
    assertThat(after.lsyncdPid).as("lsyncd on osm1").isEqualTo(before.lsyncdPid);
    for (String n : List.of("osm1", "osm2")) {
      lab.exec(n, "systemctl stop e2e-vip-watch");
      assertThat(lab.exec(n, "cat /run/e2e-vip-watch.log 2>/dev/null; true").stdout())
          .as("%s: the VIP %s never moved", n, spec.vip.address)
          .isBlank();
    }
    assertThat(firstFindings)
        .as("the guide's cluster-vip-src unit (no guard) is brought to the operator's form")
        .anyMatch(
            f ->
                f.subject().endsWith("cluster-vip-src.service")
                    && f.disposition() == Finding.Disposition.Updated);
    assertThat(firstFindings)
        .as("virtual_ip without nic is equivalent")
        .anyMatch(
            f ->
                f.subject().equals("virtual_ip")
                    && f.disposition() == Finding.Disposition.Equivalent);
    assertThat(done)
        .as("the hand-built systemd resources' 100 s timeouts set, without a restart (above)")
        .anyMatch(d -> d.contains("set the operation timeouts of lsyncd (start 10 s, stop 10 s)"))
        .anyMatch(
            d ->
                d.contains("set the operation timeouts of virtual_ip_src (start 10 s, stop 10 s)"));
    assertThat(again.findings())
        .as("once rewritten, the unit is the operator's")
        .noneMatch(f -> f.subject().endsWith("cluster-vip-src.service"));
    assertThat(again.findings())
        .extracting(Finding::disposition)
        .doesNotContain(Finding.Disposition.NeedsDowntime);
  }

  /**
   * Waits until Pacemaker has no action pending: right after the guide's last step the cluster may
   * still be recovering a resource on its own (seen on the lab: lsyncd's first monitor failed while
   * its initial sync ran, and Pacemaker restarted it), which is no doing of the operator's.
   */
  private static void settle(Lab lab) {
    Lab.Result r = lab.exec("pcs3", "crm_resource --wait --timeout=120");
    assertThat(r.ok()).as("the cluster settles: %s", r).isTrue();
  }

  /**
   * A loop on a node that logs a line whenever the VIP is (osm2) or is not (osm1) on its NIC, every
   * 0.2 s, until stopped.
   */
  private static void watch(Lab lab, String node, String onChange, String vip) {
    String loop =
        "rm -f /run/e2e-vip-watch.log; while :; do ip -o addr show dev "
            + spec.vip.nic
            + " | grep -qF ' "
            + vip
            + "' "
            + onChange
            + "; sleep 0.2; done";
    assertThat(
            lab.exec(
                    node,
                    "systemctl stop e2e-vip-watch 2>/dev/null; systemd-run --quiet"
                        + " --unit=e2e-vip-watch sh -c "
                        + HandBuiltScenario.quote(loop))
                .ok())
        .isTrue();
  }

  /**
   * What must not change on osm1 while the operator adopts the cluster: every operation Pacemaker
   * recorded there (a restart replaces a resource's {@code _last_0} record with a stop and a start
   * of a new call id; a resource found running when it was created has a probe there, no start),
   * and the pids and start time of what the resources run.
   */
  record Snapshot(
      Map<String, String> starts, String apachePid, String vipSrcStarted, String lsyncdPid) {
    private static final Pattern OP = Pattern.compile("<lrm_rsc_op [^>]*>");
    private static final Pattern ATTR = Pattern.compile("([a-z_-]+)=\"([^\"]*)\"");

    static Snapshot take(Lab lab) {
      String ops =
          lab.exec(
                  "osm1",
                  "cibadmin --query --scope status --xpath"
                      + " \"//node_state[@uname='osm1.priv']//lrm_rsc_op\"")
              .stdout();
      Map<String, String> starts = new TreeMap<>();
      Matcher m = OP.matcher(ops);
      while (m.find()) {
        Map<String, String> a = new LinkedHashMap<>();
        Matcher am = ATTR.matcher(m.group());
        while (am.find()) a.put(am.group(1), am.group(2));
        starts.put(
            a.get("id"),
            a.get("operation") + " call-id " + a.get("call-id") + " at " + a.get("last-rc-change"));
      }
      assertThat(starts.keySet())
          .as("operations on osm1: " + ops)
          .anyMatch(id -> id.startsWith("httpd_"))
          .anyMatch(id -> id.startsWith("virtual_ip_"));
      return new Snapshot(
          starts,
          lab.exec("osm1", "pgrep -o -x apache2").stdout().strip(),
          lab.exec("osm1", "systemctl show -p ActiveEnterTimestampMonotonic cluster-vip-src")
              .stdout()
              .strip(),
          lab.exec("osm1", "systemctl show -p MainPID lsyncd").stdout().strip());
    }
  }
}
