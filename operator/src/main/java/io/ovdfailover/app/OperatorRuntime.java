package io.ovdfailover.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.ovdfailover.controller.ClusterNodeReconciler;
import io.ovdfailover.controller.ErrorPolicy;
import io.ovdfailover.controller.KubeEventRecorder;
import io.ovdfailover.controller.OvdFailoverClusterReconciler;
import io.ovdfailover.metrics.OvdMetrics;
import io.ovdfailover.steps.Checkpoints;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JOSDK {@link Operator} with both reconcilers, wired the same way in production, on the
 * embedded API server (module {@code embedded}) and in the integration tests. JOSDK keeps its
 * defaults (server-side apply for status patches).
 */
public final class OperatorRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

  /**
   * JOSDK's safety net when no reschedule is pending; the reconcilers reschedule far sooner
   * themselves.
   */
  private static final Duration MAX_RECONCILIATION_INTERVAL = Duration.ofMinutes(10);

  private Operator operator;

  /** SSH connections to the hosts, when the operator drives them (--drive-hosts). */
  private io.ovdfailover.converge.HostAccess hostAccess;

  /**
   * Set when this process stops on purpose: giving up the lease then is not a reason to exit(1).
   */
  private volatile boolean stopping;

  private OperatorRuntime() {}

  /**
   * Builds, registers and starts the operator. The client stays open on stop: its owner closes it.
   */
  public static OperatorRuntime start(
      KubernetesClient client, OperatorSettings settings, MeterRegistry registry) {
    return start(client, settings, registry, Clock.systemUTC());
  }

  /**
   * As above, with the clock conditions are stamped with (tests move it to see lastTransitionTime
   * stay put).
   */
  public static OperatorRuntime start(
      KubernetesClient client, OperatorSettings settings, MeterRegistry registry, Clock clock) {
    return start(client, settings, registry, clock, Checkpoints.NONE);
  }

  /**
   * As above, telling {@code checkpoints} when the work reaches a {@link
   * io.ovdfailover.steps.Checkpoint}: the lab's crash tests start the operator with one that halts
   * the process there.
   */
  public static OperatorRuntime start(
      KubernetesClient client,
      OperatorSettings settings,
      MeterRegistry registry,
      Clock clock,
      Checkpoints checkpoints) {
    OperatorRuntime runtime = new OperatorRuntime();
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  // per controller, not per resource: JOSDK's per-resource meters (a reconcile
                  // histogram for each ClusterNode and cluster) made /metrics 46,000 series and 12
                  // MB for a hundred clusters (docs/performance.md)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              if (settings.leaderElection()) {
                var election =
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                        settings.leaseName());
                if (!settings.leaseNamespace().isBlank()) {
                  election.withLeaseNamespace(settings.leaseNamespace());
                }
                // JOSDK's own exit-on-stop-leading would also fire when we stop on purpose (the
                // lease is released)
                election
                    .withExitOnStopLeading(false)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            () -> LOG.info("leading: reconciling now"),
                            runtime::lostLease,
                            leader -> LOG.info("current leader: {}", leader)));
                o.withLeaderElectionConfiguration(election.build());
              }
            });
    // the operator's own metrics (OvdMetric), beside JOSDK's and the JVM's in the same registry
    OvdMetrics metrics = new OvdMetrics(registry);
    io.ovdfailover.converge.HostDriver driver = null;
    if (settings.driveHosts()) {
      // the embedded launcher's demo may point at the lab: its default egress keeps a lab address
      // from leaving through the default route
      io.ovdfailover.hosts.ssh.SshSettings ssh =
          io.ovdfailover.hosts.ssh.SshSettings.defaults().withEgressGuard(settings.egressGuard());
      LOG.info(
          "driving hosts over SSH{}",
          settings.sshEgress().isBlank() ? "" : " (egress: " + settings.sshEgress() + ")");
      runtime.hostAccess =
          new io.ovdfailover.converge.HostAccess(
              client,
              new io.ovdfailover.hosts.ssh.SshConnectionPool(
                  ssh, new io.ovdfailover.hosts.ssh.CommandCounter(), registry));
      driver =
          new io.ovdfailover.converge.HostDriver(runtime.hostAccess, clock, checkpoints, metrics);
    }
    OvdFailoverClusterReconciler clusters =
        new OvdFailoverClusterReconciler(
            settings.reconcile(),
            new KubeEventRecorder(client, clock),
            clock,
            OvdFailoverClusterReconciler.ClusterReleaser.NOTHING_HELD,
            driver,
            metrics);
    clusters.writeStatusThroughTheCache();
    operator.register(clusters, o -> configure(o, settings.watchNamespaces()));
    io.ovdfailover.converge.HostAccess access = runtime.hostAccess;
    ClusterNodeReconciler.PresentedKeys presented =
        access == null
            ? ClusterNodeReconciler.PresentedKeys.NONE
            : node -> access.presentedFingerprint(node.getMetadata().getNamespace(), node);
    operator.register(
        new ClusterNodeReconciler(
            settings.reconcile(), clock, presented, new KubeEventRecorder(client, clock)),
        o -> configure(o, settings.watchNamespaces()));
    runtime.operator = operator;
    operator.start();
    LOG.info(
        "operator started: namespaces={}, leaderElection={}{}, observeInterval={}s",
        settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces(),
        settings.leaderElection(),
        settings.leaderElection()
            ? " (lease " + settings.leaseNamespace() + "/" + settings.leaseName() + ")"
            : "",
        settings.reconcile().observeInterval().toSeconds());
    return runtime;
  }

  /** Another replica may be reconciling now: stop at once, a restarted pod rejoins the election. */
  private void lostLease() {
    if (!stopping) {
      LOG.error(
          "lost the leader lease: exiting so that no two replicas reconcile at the same time");
      System.exit(1);
    }
  }

  private static void configure(ControllerConfigurationOverrider<?> o, Set<String> namespaces) {
    if (namespaces.isEmpty()) {
      o.watchingAllNamespaces();
    } else {
      o.settingNamespaces(namespaces);
    }
    o.withRetry(ErrorPolicy.retry()).withReconciliationMaxInterval(MAX_RECONCILIATION_INTERVAL);
  }

  /**
   * True once {@link Operator#start()} returned (with leader election: whether or not this replica
   * leads).
   */
  public boolean started() {
    return operator.getRuntimeInfo().isStarted();
  }

  @Override
  public void close() {
    stopping = true;
    operator.stop();
    if (hostAccess != null) {
      hostAccess.close();
    }
  }
}
