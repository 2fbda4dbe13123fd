package io.ovdfailover.converge;

import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.ConditionType;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.FailoverTestRequests;
import io.ovdfailover.api.FailoverTestResult;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.OvdFailoverClusterStatus;
import io.ovdfailover.failover.FailoverPreconditions;
import io.ovdfailover.failover.FailoverRequests;
import io.ovdfailover.metrics.OvdMetrics;
import io.ovdfailover.pacemaker.CibConfig;
import io.ovdfailover.steps.Checkpoint;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Chapter VII on request, inside the cluster's reconcile (so never two at once for a cluster):
 * takes up the next request ({@link FailoverRequests}), refuses it with the reasons when the
 * cluster is not fit for it ({@link FailoverPreconditions}), otherwise records it as Running in
 * status <em>before</em> moving anything, runs it, and records the outcome in {@code
 * status.lastFailoverTest}, the bounded history, the FailoverTested condition and Events. A test
 * found Running when a reconcile begins was left by an operator process that stopped mid-test: it
 * is finished (verified, or reported as interrupted) and recorded once.
 */
public final class FailoverTestCoordinator {
  public static final int HISTORY = 10;
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String REFUSED = "Refused";

  /**
   * Writes status in the middle of a reconcile: the Running record must be stored before the move
   * starts.
   */
  @FunctionalInterface
  public interface StatusWriter {
    void write(OvdFailoverCluster cluster, OvdFailoverClusterStatus status);
  }

  private final HostDriver driver;
  private final EventRecorder events;
  private final Clock clock;
  private final OvdMetrics metrics;

  /**
   * Per cluster, the test this process last finished (request id and start time). The Running
   * record was written mid-reconcile; a reconcile that still reads it afterwards works from a cache
   * the final record has not reached yet, and must neither resume the test (it would be recorded
   * twice) nor write that stale status back.
   */
  private final Map<String, String> finishedHere = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param driver null when the operator does not drive the hosts: every request is then refused
   */
  public FailoverTestCoordinator(HostDriver driver, EventRecorder events, Clock clock) {
    this(driver, events, clock, OvdMetrics.none());
  }

  /**
   * @param metrics told of every test that ends, once (its switchover time)
   */
  public FailoverTestCoordinator(
      HostDriver driver, EventRecorder events, Clock clock, OvdMetrics metrics) {
    this.driver = driver;
    this.events = events;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Whether the cluster's status is older than what this process knows: a test it finished still
   * shows Running.
   */
  public boolean staleView(OvdFailoverCluster cluster) {
    FailoverTestResult last =
        cluster.getStatus() == null ? null : cluster.getStatus().lastFailoverTest;
    String key = key(cluster);
    String finished = finishedHere.get(key);
    if (finished == null || last == null) {
      return false;
    }
    if (RUNNING.equals(last.result) && finished.equals(last.requestId + "@" + last.startTime)) {
      return true;
    }
    if (!RUNNING.equals(last.result)) {
      finishedHere.remove(key, finished); // the final record arrived
    }
    return false;
  }

  /**
   * Appendix 3's "schedule a failover switch" after an upgrade that ended well, when asked: once
   * the cluster is Ready again (the pass of the unstandby itself is not).
   */
  static Optional<String> upgradeTest(OvdFailoverCluster cluster, OvdFailoverClusterStatus status) {
    var u = status.ovdUpgrade;
    var spec = cluster.getSpec().failoverTest;
    if (u == null
        || spec == null
        || !spec.afterOvdUpgrade
        || !OvdFailoverClusterStatus.OvdUpgradeStatus.SUCCEEDED.equals(u.result)
        || !Conditions.isTrue(status.conditions, ConditionType.Ready)) {
      return Optional.empty();
    }
    return Optional.of("ovd-upgrade-" + u.toVersion);
  }

  /** A deleted cluster: nothing is kept for it. */
  public void forget(OvdFailoverCluster cluster) {
    finishedHere.remove(key(cluster));
  }

  public static String key(OvdFailoverCluster cluster) {
    return cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
  }

  /**
   * @param pass the converge pass of this reconcile; null when the hosts were not observed (invalid
   *     spec, nodes missing)
   * @return whether a test ran or finished (the caller observes again soon: the active node
   *     changed)
   */
  public boolean handle(
      OvdFailoverCluster cluster,
      Map<String, ClusterNode> nodes,
      GuideConverger.Result pass,
      OvdFailoverClusterStatus status,
      StatusWriter interim) {
    Long generation = cluster.getMetadata().getGeneration();
    FailoverTestResult last = status.lastFailoverTest;
    if (last != null && RUNNING.equals(last.result)) {
      return resume(cluster, nodes, pass, status, last, generation);
    }
    FailoverTestRequests seen =
        status.failoverTestRequests == null
            ? new FailoverTestRequests()
            : status.failoverTestRequests;
    Optional<FailoverRequests.Request> request =
        FailoverRequests.take(cluster, seen, clock.instant(), upgradeTest(cluster, status));
    status.failoverTestRequests = isEmpty(seen) ? null : seen;
    if (request.isEmpty()) {
      return false;
    }

    FailoverTestResult rec = new FailoverTestResult();
    rec.requestId = request.get().id();
    rec.trigger = request.get().trigger();
    rec.startTime = now();
    List<String> refusals = refusals(cluster.getSpec(), pass, status);
    if (!refusals.isEmpty()) {
      rec.result = REFUSED;
      rec.endTime = rec.startTime;
      rec.message = "refused, nothing was moved: " + String.join("; ", refusals);
      finish(cluster, status, rec, generation);
      return false;
    }
    OvdFailoverClusterSpec spec = cluster.getSpec();
    rec.fromNode = status.activeNode;
    rec.toNode =
        spec.sessionManagers.stream()
            .map(n -> n.name)
            .filter(n -> !n.equals(rec.fromNode))
            .findFirst()
            .orElseThrow();
    rec.result = RUNNING;
    rec.message = "moving the resources from " + rec.fromNode + " to " + rec.toNode;
    status.lastFailoverTest = rec;
    interim.write(cluster, status);
    events.record(
        cluster,
        EventRecorder.Type.Normal,
        EventReason.FailoverTestStarted,
        "failover test "
            + rec.requestId
            + " ("
            + rec.trigger
            + "): moving virtual_ip and the five resources colocated with it from "
            + rec.fromNode
            + " to "
            + rec.toNode);
    driver.reached(Checkpoint.FAILOVER_TEST_RECORDED);

    FailoverTestResult done = driver.failoverTest(cluster, nodes, pass, rec, steps(cluster));
    if (SUCCEEDED.equals(done.result)
        && spec.failoverTest != null
        && spec.failoverTest.returnToPreferred
        && !done.toNode.equals(spec.sessionManagers.get(0).name)) {
      returnToPreferred(cluster, nodes, pass, done);
    }
    if (done.returnSeconds != null) {
      StatusAggregator.activeMoved(status, done.fromNode);
    } else if (SUCCEEDED.equals(done.result)) {
      StatusAggregator.activeMoved(status, done.toNode);
    } // otherwise the next observation, a second later, says where the resources are
    finish(cluster, status, done, generation);
    FailoverRequests.skipDrillsDuringTest(cluster, seen, clock.instant())
        .ifPresent(
            due ->
                events.record(
                    cluster,
                    EventRecorder.Type.Normal,
                    EventReason.FailoverTestSkipped,
                    "drill "
                        + FailoverRequests.drillId(due)
                        + " fell due while "
                        + done.requestId
                        + " ran and is skipped"));
    status.failoverTestRequests = isEmpty(seen) ? null : seen;
    return true;
  }

  /**
   * spec.failoverTest.returnToPreferred: the legacy guide's auto_failback, as a second move checked
   * the same way.
   */
  private void returnToPreferred(
      OvdFailoverCluster cluster,
      Map<String, ClusterNode> nodes,
      GuideConverger.Result pass,
      FailoverTestResult done) {
    FailoverTestResult back = new FailoverTestResult();
    back.requestId = done.requestId + "-return";
    back.fromNode = done.toNode;
    back.toNode = done.fromNode;
    back.startTime = now();
    FailoverTestResult r = driver.failoverTest(cluster, nodes, pass, back, steps(cluster));
    if (SUCCEEDED.equals(r.result)) {
      done.returnSeconds = r.switchoverSeconds;
      done.message =
          done.message + "; returned to " + back.toNode + " in " + r.switchoverSeconds + " s";
    } else {
      done.result = FAILED;
      done.message = done.message + "; the return to " + back.toNode + " failed: " + r.message;
    }
  }

  private boolean resume(
      OvdFailoverCluster cluster,
      Map<String, ClusterNode> nodes,
      GuideConverger.Result pass,
      OvdFailoverClusterStatus status,
      FailoverTestResult running,
      Long generation) {
    if (driver == null || pass == null || pass.crmMon().isEmpty()) {
      return false; // cannot see the cluster yet: keep it Running and look again next time
    }
    Optional<FailoverTestResult> done =
        driver.resumeFailoverTest(cluster, nodes, pass, running, steps(cluster));
    if (done.isEmpty()) {
      return false;
    }
    if (SUCCEEDED.equals(done.get().result)) {
      StatusAggregator.activeMoved(status, done.get().toNode);
    }
    finish(cluster, status, done.get(), generation);
    return true;
  }

  private List<String> refusals(
      OvdFailoverClusterSpec spec, GuideConverger.Result pass, OvdFailoverClusterStatus status) {
    if (driver == null) {
      return List.of("the operator does not drive the hosts (it runs with --drive-hosts=false)");
    }
    if (pass == null) {
      return List.of(
          "the hosts were not observed: "
              + (status.message == null ? "see the conditions" : status.message));
    }
    boolean ready = Conditions.isTrue(status.conditions, ConditionType.Ready);
    // the same view the pass reasoned from: a quorate node's CIB, not whichever node's came first
    Optional<CibConfig> cib =
        ClusterView.choose(GuideConverger.clusterViewNodes(spec), pass.facts()).cib();
    List<String> why =
        new ArrayList<>(
            FailoverPreconditions.refusals(
                spec,
                ready,
                Optional.empty(),
                OvdVersions.read(spec, pass.facts()).mismatch(),
                pass.crmMon(),
                cib));
    // what the admins did through Pacemaker stands: a test would fight it (standby, maintenance, a
    // disabled resource)
    pass.overrides().stream()
        .filter(o -> !why.contains(o.message()) && o.kind() != AdminOverride.Kind.NodeStandby)
        .forEach(o -> why.add(o.message()));
    // a session manager that stopped answering may still look online to Pacemaker for a few seconds
    spec.sessionManagers.stream()
        .filter(n -> pass.unreachable().containsKey(n.name))
        .forEach(
            n ->
                why.add(
                    n.name
                        + " does not answer over SSH ("
                        + pass.unreachable().get(n.name).kind().reason()
                        + ")"));
    if (ready && status.activeNode == null) {
      why.add("no session manager runs all six resources");
    }
    // appendix 1: a switchover while the files lag (or lsyncd is down, or copies backwards) loses
    // what the passive session manager has not received
    Conditions.find(status.conditions, ConditionType.FilesSynced)
        .filter(c -> Conditions.FALSE.equals(c.getStatus()))
        .ifPresent(c -> why.add("files are not in sync: " + c.getMessage()));
    return why;
  }

  /**
   * Records the outcome: lastFailoverTest, the history (once per test), the condition and an Event.
   */
  private void finish(
      OvdFailoverCluster cluster,
      OvdFailoverClusterStatus status,
      FailoverTestResult rec,
      Long generation) {
    if (!REFUSED.equals(rec.result)) {
      finishedHere.put(key(cluster), rec.requestId + "@" + rec.startTime);
    }
    status.lastFailoverTest = rec;
    List<FailoverTestResult> history = new ArrayList<>();
    history.add(rec);
    if (status.failoverTestHistory != null) {
      status.failoverTestHistory.stream()
          .filter(
              h ->
                  !(h.requestId.equals(rec.requestId)
                      && java.util.Objects.equals(h.startTime, rec.startTime)))
          .limit(HISTORY - 1)
          .forEach(history::add);
    }
    status.failoverTestHistory = history;
    metrics.failoverTestFinished(cluster, rec);
    boolean ok = SUCCEEDED.equals(rec.result);
    StatusAggregator.set(
        status,
        ConditionType.FailoverTested,
        ok,
        rec.result,
        "failover test " + rec.requestId + ": " + rec.message,
        generation,
        clock);
    events.record(
        cluster,
        ok ? EventRecorder.Type.Normal : EventRecorder.Type.Warning,
        switch (rec.result) {
          case SUCCEEDED -> EventReason.FailoverTestSucceeded;
          case REFUSED -> EventReason.FailoverTestRefused;
          default -> EventReason.FailoverTestFailed;
        },
        "failover test " + rec.requestId + ": " + rec.message);
  }

  private Consumer<String> steps(OvdFailoverCluster cluster) {
    return line ->
        events.record(cluster, EventRecorder.Type.Normal, EventReason.FailoverTestStep, line);
  }

  private static boolean isEmpty(FailoverTestRequests seen) {
    return seen.specRequestId == null
        && seen.annotationRequestId == null
        && seen.schedule == null
        && seen.timeZone == null
        && seen.scheduledUntil == null;
  }

  private String now() {
    Instant t = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return t.toString();
  }
}
