package io.ovdfailover.controller;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.ConditionReason;
import io.ovdfailover.api.ConditionType;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.OvdFailoverClusterStatus;
import io.ovdfailover.api.OvdFailoverClusterStatus.NodeSummary;
import io.ovdfailover.api.Phase;
import io.ovdfailover.converge.AlertEvents;
import io.ovdfailover.converge.EventReason;
import io.ovdfailover.converge.EventRecorder;
import io.ovdfailover.converge.FailedActionCleanup;
import io.ovdfailover.converge.FailoverTestCoordinator;
import io.ovdfailover.converge.GuideConverger;
import io.ovdfailover.converge.HostDriver;
import io.ovdfailover.converge.LsyncdHealth;
import io.ovdfailover.converge.StatusAggregator;
import io.ovdfailover.metrics.OvdMetrics;
import io.ovdfailover.steps.guide.NodeRole;
import io.ovdfailover.validation.SpecValidator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles an {@link OvdFailoverCluster}: observe (the ClusterNodes naming it), validate (the
 * spec), then, with a {@link HostDriver}, one converge pass of the guide on the hosts and at most
 * one requested failover test ({@link FailoverTestCoordinator}), then report. Without a driver it
 * reports the topology only and never contacts a host.
 *
 * <p>Deleting the resource never touches the VMs: {@link #cleanup} only releases what the operator
 * holds for the cluster and lets the object go. Pacemaker, the VIP, lsyncd and the database stay as
 * they are.
 */
@ControllerConfiguration(name = OvdFailoverClusterReconciler.NAME)
public class OvdFailoverClusterReconciler
    implements Reconciler<OvdFailoverCluster>, Cleaner<OvdFailoverCluster> {
  public static final String NAME = "ovdfailovercluster";
  private static final String TEST_REQUESTS = "failovertestrequests";
  private static final Logger LOG = LoggerFactory.getLogger(OvdFailoverClusterReconciler.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * A look again once the primary cache caught up with the request informer: the two watches
   * deliver the same update within milliseconds.
   */
  private static final java.time.Duration CACHE_CATCH_UP = java.time.Duration.ofMillis(200);

  /**
   * The next pass after one that changed something or ran a failover test, or while the cache still
   * shows a test this process finished: soon, so that a build from scratch takes one pass per
   * stage, not one observe interval per stage; {@link PassBackoff} stretches it when passes keep
   * ending the same way.
   */
  private static final java.time.Duration SOON = java.time.Duration.ofSeconds(1);

  /**
   * What the operator holds for a cluster (SSH sessions, caches), released when the resource is
   * deleted.
   */
  @FunctionalInterface
  public interface ClusterReleaser {
    /** Nothing held besides the SSH connections, which the host driver closes itself. */
    ClusterReleaser NOTHING_HELD = id -> {};

    void release(ResourceID cluster);
  }

  private final ReconcileSettings settings;
  private final EventRecorder events;
  private final Clock clock;
  private final ClusterReleaser releaser;
  private final ErrorPolicy errorPolicy;
  private final HostDriver driver;
  private final FailoverTestCoordinator failoverTests;
  private final PassBackoff backoff = new PassBackoff();
  private final OvdMetrics metrics;

  /** Per cluster, the last active session manager status showed (for a move seen in two steps). */
  private final Map<String, String> lastActive = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Tests replace the mid-reconcile status write (JOSDK's server-side apply through the Context).
   */
  private FailoverTestCoordinator.StatusWriter interimStatusOverride;

  private boolean statusThroughCache;

  public OvdFailoverClusterReconciler(
      ReconcileSettings settings, EventRecorder events, Clock clock, ClusterReleaser releaser) {
    this(settings, events, clock, releaser, null);
  }

  /**
   * @param driver runs the guide on the hosts over SSH; null to only report the topology (no host
   *     is contacted)
   */
  public OvdFailoverClusterReconciler(
      ReconcileSettings settings,
      EventRecorder events,
      Clock clock,
      ClusterReleaser releaser,
      HostDriver driver) {
    this(settings, events, clock, releaser, driver, OvdMetrics.none());
  }

  /**
   * @param metrics the cluster metrics: set from status after every reconcile, removed on delete
   */
  public OvdFailoverClusterReconciler(
      ReconcileSettings settings,
      EventRecorder events,
      Clock clock,
      ClusterReleaser releaser,
      HostDriver driver,
      OvdMetrics metrics) {
    this.settings = settings;
    this.events = events;
    this.clock = clock;
    this.releaser = releaser;
    this.errorPolicy = new ErrorPolicy(settings);
    this.driver = driver;
    this.metrics = metrics;
    this.failoverTests = new FailoverTestCoordinator(driver, events, clock, metrics);
  }

  void overrideInterimStatusWriter(FailoverTestCoordinator.StatusWriter writer) {
    this.interimStatusOverride = writer;
  }

  /**
   * Status records steps that happened on the hosts (an OVD upgrade's, cleanups, the canary's
   * write), which a later reconcile adds to. JOSDK does not put an UpdateControl's status patch
   * into its cache: a reconcile a second later can start from the status before it and write back
   * without what it recorded. With this, every status write goes through the cache as well (JOSDK's
   * PrimaryUpdateAndCacheUtils), so the next reconcile starts from it. The unit tests, whose
   * Context is a mock, read the patch from the UpdateControl instead.
   */
  public void writeStatusThroughTheCache() {
    this.statusThroughCache = true;
  }

  /**
   * ClusterNodes are secondary resources: a node created, deleted or re-pointed reconciles its
   * cluster.
   */
  @Override
  public List<EventSource<?, OvdFailoverCluster>> prepareEventSources(
      EventSourceContext<OvdFailoverCluster> context) {
    var nodes =
        InformerEventSourceConfiguration.from(ClusterNode.class, OvdFailoverCluster.class)
            .withName("clusternodes")
            .withSecondaryToPrimaryMapper(OvdFailoverClusterReconciler::clusterOf)
            // our own status patches on ClusterNodes must not wake the cluster up again: only spec
            // changes count
            .withOnUpdateFilter(
                (newNode, oldNode) ->
                    !Objects.equals(
                        newNode.getMetadata().getGeneration(),
                        oldNode.getMetadata().getGeneration()))
            .build();
    InformerEventSource<ClusterNode, OvdFailoverCluster> nodeSource =
        new InformerEventSource<>(nodes, context);
    // a failover test asked for with the annotation changes no generation: this source starts the
    // reconcile
    // (generation-aware processing of the primary alone left it for the next periodic one, 13-23 s
    // later)
    var requests =
        InformerEventSourceConfiguration.from(OvdFailoverCluster.class, OvdFailoverCluster.class)
            .withName(TEST_REQUESTS)
            .withSecondaryToPrimaryMapper(c -> Set.of(ResourceID.fromResource(c)))
            .withOnAddFilter(c -> false)
            .withOnUpdateFilter(TestRequestAnnotation::testRequestChanged)
            .build();
    InformerEventSource<OvdFailoverCluster, OvdFailoverCluster> requestSource =
        new InformerEventSource<>(requests, context);
    if (driver == null) {
      return List.of(nodeSource, requestSource);
    }
    // between full observations, a glance at each formed cluster notices Pacemaker's own moves
    // within seconds
    ClusterWatch watch =
        new ClusterWatch(
            driver,
            cluster ->
                nodesByName(
                    nodeSource
                        .list(
                            cluster.getMetadata().getNamespace(),
                            n ->
                                n.getSpec() != null
                                    && cluster.getMetadata().getName().equals(n.getSpec().cluster))
                        .collect(Collectors.toSet())));
    var glances =
        new PerResourcePollingConfigurationBuilder<ClusterWatch.Glance, OvdFailoverCluster, String>(
                watch, settings.watchInterval())
            .withName("clusterwatch")
            .withResourceIDMapper(g -> "glance")
            .build();
    return List.of(
        nodeSource,
        requestSource,
        new PerResourcePollingEventSource<>(ClusterWatch.Glance.class, context, glances));
  }

  static Set<ResourceID> clusterOf(ClusterNode node) {
    if (node.getSpec() == null || node.getSpec().cluster == null) {
      return Set.of();
    }
    return Set.of(new ResourceID(node.getSpec().cluster, node.getMetadata().getNamespace()));
  }

  @Override
  public UpdateControl<OvdFailoverCluster> reconcile(
      OvdFailoverCluster cluster, Context<OvdFailoverCluster> context) {
    // the request informer can see a new failover-test annotation before the primary cache does: a
    // reconcile from the older copy would miss it, and the primary's own update (no new generation)
    // starts none, so look again once the primary cache has it
    if (context != null
        && context
            .getSecondaryResource(OvdFailoverCluster.class, TEST_REQUESTS)
            .filter(newer -> TestRequestAnnotation.testRequestChanged(newer, cluster))
            .isPresent()) {
      return UpdateControl.<OvdFailoverCluster>noUpdate().rescheduleAfter(CACHE_CATCH_UP);
    }
    if (failoverTests.staleView(cluster)) {
      // the cache still holds the Running record of a test this process finished: wait for the
      // final record
      return UpdateControl.<OvdFailoverCluster>noUpdate().rescheduleAfter(SOON);
    }
    // observe
    Map<String, ClusterNode> clusterNodes =
        nodesByName(context.getSecondaryResources(ClusterNode.class));
    // an invalid farm server's ClusterNode is never dialled, and holds nothing else: the pass
    // reports that server as having no usable ClusterNode
    if (cluster.getSpec() != null) {
      Set<String> farm =
          cluster.getSpec().linuxFarmServers().stream()
              .map(f -> f.name)
              .collect(Collectors.toSet());
      clusterNodes
          .entrySet()
          .removeIf(
              e ->
                  farm.contains(e.getKey())
                      && !invalidClusterNodes(Map.of(e.getKey(), e.getValue())).isEmpty());
    }
    OvdFailoverClusterStatus previous = cluster.getStatus();
    OvdFailoverClusterStatus status =
        previous == null ? new OvdFailoverClusterStatus() : copy(previous);
    Long generation = cluster.getMetadata().getGeneration();
    status.observedGeneration = generation;
    status.phase = Phase.Pending.name();

    // validate
    List<SpecValidator.Problem> problems = new SpecValidator().validate(cluster.getSpec());
    if (!problems.isEmpty()) {
      String message =
          problems.stream().map(SpecValidator.Problem::toString).collect(Collectors.joining("; "));
      setCondition(
          status, ConditionType.SpecValid, false, ConditionReason.InvalidSpec, message, generation);
      setCondition(
          status,
          ConditionType.Ready,
          false,
          ConditionReason.InvalidSpec,
          "the spec is invalid; nothing is done on the hosts until it is fixed",
          generation);
      status.message = "invalid spec: " + message;
    } else {
      setCondition(
          status,
          ConditionType.SpecValid,
          true,
          ConditionReason.SpecAccepted,
          "the spec passed validation",
          generation);
      reportTopology(cluster, clusterNodes, status, generation);
    }
    announceSpecValidFlip(cluster, previous, status);

    // every status write of this reconcile starts from the resource the one before it returned:
    // JOSDK
    // writes with that resourceVersion and caches the result only over it, so a final write based
    // on
    // the reconcile's first copy (older than a mid-pass write) was not cached, and the next
    // reconcile could start from the status before it
    AtomicReference<OvdFailoverCluster> latest = new AtomicReference<>(cluster);
    FailoverTestCoordinator.StatusWriter interim = interimWriter(context, latest);

    // reconcile: one pass of the guide on the hosts, when every node is defined
    java.time.Duration next = settings.observeInterval();
    GuideConverger.Result pass = null;
    if (driver != null
        && problems.isEmpty()
        && Conditions.isTrue(status.conditions, ConditionType.NodesDefined)) {
      // while a stage runs (a package install can take minutes), status names it, not the stage
      // of the previous pass
      Consumer<String> running =
          stage -> {
            status.phase = Phase.Converging.name();
            status.message = stage + " (running)";
            try {
              interim.write(cluster, status);
            } catch (RuntimeException e) {
              // only a progress note: the pass goes on, and its end writes the status anyway
              LOG.debug("progress status not written: {}", e.toString());
            }
          };
      try {
        pass = driver.pass(cluster, clusterNodes, running);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return UpdateControl.<OvdFailoverCluster>noUpdate()
            .rescheduleAfter(settings.retryInterval());
      }
      String phaseBefore = previous == null ? null : previous.phase;
      StatusAggregator.apply(cluster.getSpec(), pass, status, generation, clock);
      announcePass(cluster, pass, phaseBefore, status.phase);
      announceActiveNodeChange(cluster, previous, status);
      announceAlerts(cluster, pass, status);
      announceFilesSynced(cluster, previous, status);
      String key = FailoverTestCoordinator.key(cluster);
      // a step that never converges, or fails the same way every time, backs off; an unreachable
      // node or a held
      // stage is looked at again at the retry pace: it can come back at any moment
      if (pass.outcome() == GuideConverger.Outcome.PROGRESSED) {
        next = backoff.next(key, pass, SOON);
      } else if (pass.outcome() == GuideConverger.Outcome.FAILED) {
        next = backoff.next(key, pass, settings.retryInterval());
      } else if (pass.outcome() == GuideConverger.Outcome.UNREACHABLE
          || pass.outcome() == GuideConverger.Outcome.HELD) {
        next = settings.retryInterval();
      } else {
        backoff.reset(key);
      }
    }

    // chapter VII on request: at most one test per reconcile, recorded in status
    boolean tested = false;
    if (problems.isEmpty()) {
      if (failoverTests.handle(cluster, clusterNodes, pass, status, interim)) {
        next = SOON;
        tested = true;
      }
    }
    if (problems.isEmpty() && pass != null) {
      failedActions(cluster, clusterNodes, pass, status, tested);
      syncCanary(cluster, clusterNodes, pass, status, tested);
    }

    // the metrics follow the status of every reconcile, written or unchanged
    metrics.clusterObserved(cluster, status);

    // report: only when something changed, so an idle cluster does not churn resourceVersions
    boolean unchanged = sameStatus(previous, status);
    if (!unchanged) {
      LOG.info(
          "status: phase={} nodesReady={} conditions={}",
          status.phase,
          status.nodesReady,
          status.conditions.stream()
              .map(c -> c.getType() + "=" + c.getStatus() + "(" + c.getReason() + ")")
              .collect(Collectors.joining(",")));
    }
    if (!unchanged && statusThroughCache) {
      PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(
          latest.get(), statusPatch(cluster, status), context);
      return UpdateControl.<OvdFailoverCluster>noUpdate().rescheduleAfter(next);
    }
    UpdateControl<OvdFailoverCluster> control =
        unchanged
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(statusPatch(cluster, status));
    return control.rescheduleAfter(next);
  }

  /** Writes status in the middle of a reconcile (and into the cache, so the next one sees it). */
  private FailoverTestCoordinator.StatusWriter interimWriter(
      Context<OvdFailoverCluster> context, AtomicReference<OvdFailoverCluster> latest) {
    return interimStatusOverride != null
        ? interimStatusOverride
        : (c, s) ->
            latest.set(
                PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(
                    latest.get(), statusPatch(c, s), context));
  }

  /** One Event per stage that changed the hosts, per failure, and per phase change. */
  private void announcePass(
      OvdFailoverCluster cluster, GuideConverger.Result pass, String phaseBefore, String phase) {
    switch (pass.outcome()) {
      case PROGRESSED ->
          events.record(
              cluster,
              EventRecorder.Type.Normal,
              EventReason.Converging,
              pass.stage()
                  + ": "
                  + pass.done().size()
                  + " change(s): "
                  + String.join("; ", pass.done().stream().limit(5).toList())
                  + (pass.done().size() > 5 ? "; ..." : ""));
      case FAILED, BLOCKED, HELD ->
          events.record(
              cluster,
              EventRecorder.Type.Warning,
              switch (pass.outcome()) {
                case FAILED -> EventReason.StepFailed;
                case HELD -> EventReason.Held;
                default -> EventReason.Blocked;
              },
              pass.stage() + ": " + pass.message());
      default -> {
        if (!Objects.equals(phaseBefore, phase)) {
          events.record(
              cluster,
              EventRecorder.Type.Normal,
              EventReason.of(Phase.valueOf(phase)),
              pass.message());
        }
      }
    }
  }

  /**
   * An Event when the active session manager changed without a test of ours: Pacemaker moved the
   * resources (a node was lost, a resource failed) or someone moved them by hand. The operator
   * reports it and does not move them back.
   */
  private void announceActiveNodeChange(
      OvdFailoverCluster cluster,
      OvdFailoverClusterStatus previous,
      OvdFailoverClusterStatus status) {
    String key = FailoverTestCoordinator.key(cluster);
    String shownBefore = previous == null ? null : previous.activeNode;
    // a status written in the middle of Pacemaker's move shows no active node: the move is from the
    // last one seen
    String before = shownBefore != null ? shownBefore : lastActive.get(key);
    if (status.activeNode != null) {
      lastActive.put(key, status.activeNode);
    }
    boolean testRunning =
        previous != null
            && previous.lastFailoverTest != null
            && FailoverTestCoordinator.RUNNING.equals(previous.lastFailoverTest.result);
    if (before == null || Objects.equals(before, status.activeNode) || testRunning) {
      return;
    }
    String offline =
        status.nodes.stream()
            .filter(n -> n.pacemaker != null && !"Online".equals(n.pacemaker))
            .map(n -> n.name + " " + n.pacemaker.toLowerCase(java.util.Locale.ROOT))
            .collect(Collectors.joining(", "));
    String why = offline.isEmpty() ? "" : " (" + offline + ")";
    if (status.activeNode == null) {
      if (shownBefore == null) {
        return; // already reported when the active node went
      }
      events.record(
          cluster,
          EventRecorder.Type.Warning,
          EventReason.ResourcesStopped,
          "the six resources no longer run together on "
              + before
              + " and are not started on the other session manager yet"
              + why);
    } else {
      metrics.unplannedFailover(cluster);
      events.record(
          cluster,
          EventRecorder.Type.Warning,
          EventReason.Failover,
          "Pacemaker moved the resources from "
              + before
              + " to "
              + status.activeNode
              + why
              + "; the operator does not move them back");
    }
  }

  /**
   * Appendix 1: the failed actions of the six resources in status, and their cleanup where the spec
   * asks for it: never while a failover test runs (its moves fail nothing, but a cleanup re-probes
   * the resources it is moving), nor when paused or in a dry run. Read from a quorate view only.
   */
  private void failedActions(
      OvdFailoverCluster cluster,
      Map<String, ClusterNode> clusterNodes,
      GuideConverger.Result pass,
      OvdFailoverClusterStatus status,
      boolean tested) {
    if (pass.crmMon().isEmpty() || !pass.crmMon().get().withQuorum()) {
      return;
    }
    OvdFailoverClusterSpec spec = cluster.getSpec();
    FailedActionCleanup.Decision d =
        FailedActionCleanup.decide(
            spec.pacemaker == null ? null : spec.pacemaker.failedActionCleanup,
            pass.crmMon().get(),
            status.failedActions == null ? List.of() : status.failedActions,
            status.failedActionCleanups == null ? List.of() : status.failedActionCleanups,
            clock.instant());
    status.failedActions = new ArrayList<>(d.failures());
    List<OvdFailoverClusterStatus.FailedActionRecord> cleanups = new ArrayList<>(d.cleanups());
    boolean testRunning = testRunning(status, tested);
    if (!testRunning && !spec.paused && !spec.dryRun) {
      for (var failure : d.clean()) {
        Optional<String> failed = driver.cleanupFailedAction(cluster, clusterNodes, pass, failure);
        if (failed.isPresent()) {
          events.record(
              cluster,
              EventRecorder.Type.Warning,
              EventReason.FailedActionCleanup,
              "the cleanup of " + failure.message + " failed: " + failed.get());
          continue;
        }
        cleanups.add(
            new OvdFailoverClusterStatus.FailedActionRecord(
                failure.resource, failure.node, failure.message, clock.instant().toString()));
        long inHour = FailedActionCleanup.cleanupsOf(cleanups, failure.resource, failure.node);
        events.record(
            cluster,
            EventRecorder.Type.Normal,
            EventReason.FailedActionCleanup,
            "cleaned up "
                + failure.message
                + " (crm_resource --cleanup; "
                + inHour
                + " of at most "
                + spec.pacemaker.failedActionCleanup.maxPerHour
                + " this hour)");
      }
    }
    status.failedActionCleanups = cleanups;
    for (var left : d.newlyKept()) {
      events.record(
          cluster,
          EventRecorder.Type.Warning,
          EventReason.FailedActionCleanup,
          left.message
              + " is left for a person: "
              + spec.pacemaker.failedActionCleanup.maxPerHour
              + " cleanup(s) of it in the last hour did not fix it (pcs resource cleanup "
              + left.resource
              + " once the cause is fixed)");
    }
  }

  /** Whether a failover test ran in this reconcile or is recorded as still running. */
  private static boolean testRunning(OvdFailoverClusterStatus status, boolean tested) {
    return tested
        || (status.lastFailoverTest != null
            && FailoverTestCoordinator.RUNNING.equals(status.lastFailoverTest.result));
  }

  /** The status (True, False, Unknown) of a condition in {@code s}; null when it has none. */
  private static String conditionStatus(OvdFailoverClusterStatus s, ConditionType type) {
    return s == null || s.conditions == null
        ? null
        : Conditions.find(s.conditions, type)
            .map(io.fabric8.kubernetes.api.model.Condition::getStatus)
            .orElse(null);
  }

  /** FilesSynced turned False, or True again: an Event, since it refuses failover tests. */
  private void announceFilesSynced(
      OvdFailoverCluster cluster,
      OvdFailoverClusterStatus previous,
      OvdFailoverClusterStatus status) {
    Optional<io.fabric8.kubernetes.api.model.Condition> now =
        Conditions.find(status.conditions, ConditionType.FilesSynced);
    String before = conditionStatus(previous, ConditionType.FilesSynced);
    if (now.isEmpty() || now.get().getStatus().equals(before)) {
      return;
    }
    if (Conditions.FALSE.equals(now.get().getStatus())) {
      events.record(
          cluster, EventRecorder.Type.Warning, EventReason.FilesSynced, now.get().getMessage());
    } else if (Conditions.FALSE.equals(before) && Conditions.TRUE.equals(now.get().getStatus())) {
      events.record(
          cluster, EventRecorder.Type.Normal, EventReason.FilesSynced, now.get().getMessage());
    }
  }

  /**
   * spec.lsyncd.canary: a new canary on the active session manager when one is due, never during a
   * failover test (the resources are moving) nor while paused or in dry run (it is a write).
   */
  private void syncCanary(
      OvdFailoverCluster cluster,
      Map<String, ClusterNode> clusterNodes,
      GuideConverger.Result pass,
      OvdFailoverClusterStatus status,
      boolean tested) {
    OvdFailoverClusterSpec spec = cluster.getSpec();
    boolean testRunning = testRunning(status, tested);
    if (testRunning || spec.paused || spec.dryRun) {
      return;
    }
    Instant now = clock.instant();
    Optional<String> path = LsyncdHealth.canaryDue(spec, pass.facts(), status, now);
    if (path.isEmpty()) {
      return;
    }
    Optional<String> failed =
        driver.writeSyncCanary(cluster, clusterNodes, status.sync.source, path.get(), now);
    if (failed.isPresent()) {
      events.record(
          cluster,
          EventRecorder.Type.Warning,
          EventReason.FilesSynced,
          "the lsyncd canary could not be written on " + status.sync.source + ": " + failed.get());
      return;
    }
    LsyncdHealth.written(status, now);
  }

  /** Appendix 2: the alerts Pacemaker ran the agent for since the last recorded, as Events. */
  private void announceAlerts(
      OvdFailoverCluster cluster, GuideConverger.Result pass, OvdFailoverClusterStatus status) {
    if (cluster.getSpec().alerts == null || !cluster.getSpec().alerts.kubernetesEvents) {
      return;
    }
    if (pass.facts().isEmpty()) {
      return;
    }
    AlertEvents.Batch batch =
        AlertEvents.since(pass.facts(), status.alertsRecordedUntil, clock.instant());
    batch
        .events()
        .forEach(e -> events.record(cluster, e.type(), EventReason.PacemakerAlert, e.message()));
    if (!batch.events().isEmpty() || status.alertsRecordedUntil == null) {
      LOG.info(
          "Pacemaker alerts: {} Event(s) from the nodes' logs after {}, now recorded until {}",
          batch.events().size(),
          status.alertsRecordedUntil,
          batch.recordedUntil().orElse(null));
    }
    status.alertsRecordedUntil = batch.recordedUntil().orElse(null);
  }

  private void reportTopology(
      OvdFailoverCluster cluster,
      Map<String, ClusterNode> clusterNodes,
      OvdFailoverClusterStatus status,
      Long generation) {
    Map<String, NodeRole> roles = NodeRole.roles(cluster.getSpec());
    List<NodeSummary> previousSummaries = status.nodes == null ? List.of() : status.nodes;
    List<NodeSummary> summaries = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> invalid = invalidClusterNodes(clusterNodes);
    roles.forEach(
        (name, role) -> {
          NodeSummary summary =
              previousSummaries.stream()
                  .filter(s -> name.equals(s.name))
                  .findFirst()
                  .orElseGet(NodeSummary::new);
          summary.name = name;
          summary.role = role.statusName();
          ClusterNode node = clusterNodes.get(name);
          summary.clusterNode = node == null ? null : node.getMetadata().getName();
          if (node == null) {
            missing.add(name);
            summary.message = "no ClusterNode with nodeName " + name + " in this namespace";
          } else if (summary.reachable == null) {
            summary.message = "not probed yet";
          }
          summaries.add(summary);
        });
    status.nodes = summaries;
    long ready =
        summaries.stream()
            .filter(s -> Boolean.TRUE.equals(s.reachable) && "Online".equals(s.pacemaker))
            .count();
    status.nodesReady = ready + "/" + summaries.size();
    if (missing.isEmpty() && !invalid.isEmpty()) {
      // an invalid ClusterNode is never dialled, by any code path: the host pass needs
      // NodesDefined=True
      String message = String.join("; ", invalid);
      setCondition(
          status,
          ConditionType.NodesDefined,
          false,
          ConditionReason.ClusterNodeInvalid,
          message,
          generation);
      setCondition(
          status,
          ConditionType.Ready,
          false,
          ConditionReason.ClusterNodeInvalid,
          message,
          generation);
      status.message = message;
    } else if (missing.isEmpty()) {
      setCondition(
          status,
          ConditionType.NodesDefined,
          true,
          ConditionReason.AllNodesDefined,
          "every node of the topology has a ClusterNode",
          generation);
      setCondition(
          status,
          ConditionType.Ready,
          false,
          ConditionReason.HostsNotObserved,
          "no host has been probed yet",
          generation);
      status.message = "waiting for the first observation of the hosts";
    } else {
      String message = "missing ClusterNode for " + String.join(", ", missing);
      setCondition(
          status,
          ConditionType.NodesDefined,
          false,
          ConditionReason.ClusterNodeMissing,
          message,
          generation);
      setCondition(
          status,
          ConditionType.Ready,
          false,
          ConditionReason.ClusterNodeMissing,
          message,
          generation);
      status.message = message;
    }
  }

  /**
   * ClusterNodes the host pass must not use: an invalid spec (a host with shell characters, port 0,
   * no host key policy...), or the same host and port as another node of the cluster. Each named
   * once, with why.
   */
  static List<String> invalidClusterNodes(Map<String, ClusterNode> clusterNodes) {
    List<String> out = new ArrayList<>();
    Map<String, String> byEndpoint = new TreeMap<>();
    clusterNodes.forEach(
        (name, node) -> {
          List<SpecValidator.Problem> problems = new SpecValidator().validate(node.getSpec());
          if (!problems.isEmpty()) {
            out.add(
                "ClusterNode "
                    + node.getMetadata().getName()
                    + " is invalid: "
                    + problems.stream()
                        .map(SpecValidator.Problem::toString)
                        .collect(Collectors.joining("; ")));
            return;
          }
          String endpoint = node.getSpec().ssh.host + ":" + node.getSpec().ssh.port;
          String other = byEndpoint.putIfAbsent(endpoint, node.getMetadata().getName());
          if (other != null) {
            out.add(
                "ClusterNodes "
                    + other
                    + " and "
                    + node.getMetadata().getName()
                    + " both reach "
                    + endpoint
                    + ": one host cannot be two nodes of the cluster");
          }
        });
    return out;
  }

  /** One Event each time SpecValid changes status (and when a new resource starts out invalid). */
  private void announceSpecValidFlip(
      OvdFailoverCluster cluster,
      OvdFailoverClusterStatus previous,
      OvdFailoverClusterStatus status) {
    String before = conditionStatus(previous, ConditionType.SpecValid);
    var now = Conditions.find(status.conditions, ConditionType.SpecValid).orElseThrow();
    if (Objects.equals(before, now.getStatus())) {
      return;
    }
    if (Conditions.FALSE.equals(now.getStatus())) {
      events.record(cluster, EventRecorder.Type.Warning, EventReason.InvalidSpec, now.getMessage());
    } else if (before != null) {
      events.record(
          cluster,
          EventRecorder.Type.Normal,
          EventReason.SpecAccepted,
          "the spec is valid again: " + now.getMessage());
    }
  }

  private void setCondition(
      OvdFailoverClusterStatus status,
      ConditionType type,
      boolean value,
      ConditionReason reason,
      String message,
      Long generation) {
    StatusAggregator.set(status, type, value, reason, message, generation, clock);
  }

  /**
   * Only metadata name/namespace and status: with server-side apply, whatever is sent becomes ours.
   */
  static OvdFailoverCluster statusPatch(
      OvdFailoverCluster cluster, OvdFailoverClusterStatus status) {
    OvdFailoverCluster patch = new OvdFailoverCluster();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(cluster.getMetadata().getName())
            .withNamespace(cluster.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }

  private static Map<String, ClusterNode> nodesByName(Set<ClusterNode> nodes) {
    Map<String, ClusterNode> byName = new TreeMap<>();
    for (ClusterNode node : nodes) {
      if (node.getSpec() != null && node.getMetadata().getDeletionTimestamp() == null) {
        byName.putIfAbsent(node.getSpec().effectiveNodeName(node.getMetadata().getName()), node);
      }
    }
    return byName;
  }

  private static OvdFailoverClusterStatus copy(OvdFailoverClusterStatus status) {
    return SERIALIZATION.clone(status);
  }

  private static boolean sameStatus(OvdFailoverClusterStatus a, OvdFailoverClusterStatus b) {
    return a != null
        && SERIALIZATION
            .convertValue(a, Map.class)
            .equals(SERIALIZATION.convertValue(b, Map.class));
  }

  @Override
  public DeleteControl cleanup(OvdFailoverCluster cluster, Context<OvdFailoverCluster> context) {
    ResourceID id = ResourceID.fromResource(cluster);
    releaser.release(id);
    // what this process remembered of the cluster between reconciles
    backoff.reset(FailoverTestCoordinator.key(cluster));
    lastActive.remove(FailoverTestCoordinator.key(cluster));
    failoverTests.forget(cluster);
    metrics.forget(id.getNamespace().orElse(""), id.getName());
    if (driver != null) {
      // the SSH connections to the cluster's nodes are closed; the nodes themselves are left as
      // they are
      driver.release(id, context.getSecondaryResources(ClusterNode.class));
    }
    LOG.info("OvdFailoverCluster {} deleted: released it; the VMs are left as they are", id);
    events.record(
        cluster,
        EventRecorder.Type.Normal,
        EventReason.Released,
        "the operator no longer manages this cluster; the VMs, Pacemaker, the VIP and the database were not touched");
    return DeleteControl.defaultDelete();
  }

  @Override
  public ErrorStatusUpdateControl<OvdFailoverCluster> updateErrorStatus(
      OvdFailoverCluster cluster, Context<OvdFailoverCluster> context, Exception e) {
    return errorPolicy.onError(cluster, context, e);
  }
}
