package io.ovdfailover.converge;

import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.CredentialsSecretRef;
import io.ovdfailover.api.FailoverTestResult;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.failover.FailoverTestRun;
import io.ovdfailover.hosts.CrmMonParser;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.metrics.OvdMetrics;
import io.ovdfailover.steps.Checkpoints;
import io.ovdfailover.steps.database.DbCredentials;
import io.ovdfailover.steps.guide.GuideAlerts;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs one converge pass of a cluster over SSH (shells from {@link HostAccess}, the Secrets'
 * values, then {@link GuideConverger}), and failover tests on the hosts a pass observed. Missing
 * Secrets and unusable keys are reported per node, without connecting.
 */
public final class HostDriver {
  private final HostAccess access;
  private final Clock clock;

  /**
   * Per cluster (namespace/name): the database found externalized and verified, so steady passes
   * skip its checks.
   */
  private final Map<String, DatabaseStep.Verified> databaseVerified =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Checkpoints checkpoints;
  private final OvdMetrics metrics;

  public HostDriver(HostAccess access) {
    this(access, Clock.systemUTC(), Checkpoints.NONE);
  }

  public HostDriver(HostAccess access, Clock clock, Checkpoints checkpoints) {
    this(access, clock, checkpoints, OvdMetrics.none());
  }

  /**
   * @param checkpoints told when the work reaches a {@link io.ovdfailover.steps.Checkpoint}
   *     (production: {@link Checkpoints#NONE}; the lab's crash tests stop the process there)
   * @param metrics times the SSH commands of every shell this driver hands out, per node
   */
  public HostDriver(HostAccess access, Clock clock, Checkpoints checkpoints, OvdMetrics metrics) {
    this.access = access;
    this.clock = clock;
    this.checkpoints = checkpoints;
    this.metrics = metrics;
  }

  /** The failover tests this driver runs report their checkpoints here too. */
  public void reached(io.ovdfailover.steps.Checkpoint point) {
    checkpoints.reached(point);
  }

  public GuideConverger.Result pass(OvdFailoverCluster cluster, Map<String, ClusterNode> nodes)
      throws InterruptedException {
    return pass(cluster, nodes, running -> {});
  }

  /**
   * @param running told what a stage is about to change, before it runs (see {@link
   *     GuideConverger#pass(GuideConverger.Mode, Consumer)})
   */
  public GuideConverger.Result pass(
      OvdFailoverCluster cluster, Map<String, ClusterNode> nodes, Consumer<String> running)
      throws InterruptedException {
    OvdFailoverClusterSpec spec = cluster.getSpec();
    String ns = cluster.getMetadata().getNamespace();
    HostAccess.Shells shells = shells(cluster, nodes);
    // a farm server without usable access is reported by the pass; it stops nothing else
    Set<String> farm = GuideConverger.farmServerNames(spec);
    Map<String, HostException> down = new LinkedHashMap<>();
    shells
        .problems()
        .forEach(
            (n, m) -> {
              if (!farm.contains(n)) {
                down.put(n, new HostException(m.kind(), n, m.message()));
              }
            });
    if (!down.isEmpty()) {
      return new GuideConverger.Result(
          GuideConverger.Outcome.UNREACHABLE,
          "access",
          List.of(),
          List.of(),
          "cannot reach " + down.keySet() + " (see NodesReachable)",
          Map.of(),
          down,
          Optional.empty());
    }
    Optional<String> hacluster =
        access.secretText(ns, spec.haclusterPasswordSecret.name, spec.haclusterPasswordSecret.key);
    var dbRef = spec.database.credentialsSecret;
    Optional<Credentials> db = credentials(ns, dbRef);
    if (hacluster.isEmpty() || db.isEmpty()) {
      return blockedOnSecret(
          hacluster.isEmpty()
              ? "Secret "
                  + spec.haclusterPasswordSecret.name
                  + " key "
                  + spec.haclusterPasswordSecret.key
                  + " is missing"
              : keysMissing(dbRef));
    }
    // Appendix 2's SMTP account, when the spec names one
    Optional<GuideAlerts.SmtpAccount> smtp = Optional.empty();
    if (spec.alerts != null
        && spec.alerts.smtp != null
        && spec.alerts.smtp.credentialsSecret != null) {
      var smtpRef = spec.alerts.smtp.credentialsSecret;
      Optional<Credentials> account = credentials(ns, smtpRef);
      if (account.isEmpty()) {
        return blockedOnSecret(keysMissing(smtpRef) + " (spec.alerts.smtp.credentialsSecret)");
      }
      smtp = account.map(a -> new GuideAlerts.SmtpAccount(a.user(), a.password()));
    }
    GuideConverger converger =
        new GuideConverger(
            spec,
            shells.shells()::get,
            new GuideConverger.Secrets(hacluster.get(), smtp),
            spec.maintenance.allowDowntime,
            new DatabaseStep(
                shells.shells()::get,
                new DbCredentials(db.get().user(), db.get().password()),
                databaseVerified.computeIfAbsent(
                    ns + "/" + cluster.getMetadata().getName(), k -> new DatabaseStep.Verified()),
                clock,
                checkpoints),
            checkpoints);
    return converger.pass(
        spec.paused
            ? GuideConverger.Mode.OBSERVE
            : spec.dryRun ? GuideConverger.Mode.PLAN : GuideConverger.Mode.APPLY,
        running);
  }

  /** A user name and password read from a Secret; never logged. */
  private record Credentials(String user, String password) {
    @Override
    public String toString() {
      return "Credentials[redacted]";
    }
  }

  /** Both keys of {@code ref}'s Secret, when both are there. */
  private Optional<Credentials> credentials(String ns, CredentialsSecretRef ref) {
    Optional<String> user = access.secretText(ns, ref.name, ref.userKey);
    Optional<String> password = access.secretText(ns, ref.name, ref.passwordKey);
    return user.isPresent() && password.isPresent()
        ? Optional.of(new Credentials(user.get(), password.get()))
        : Optional.empty();
  }

  private static String keysMissing(CredentialsSecretRef ref) {
    return "Secret " + ref.name + " keys " + ref.userKey + "/" + ref.passwordKey + " is missing";
  }

  /** A pass that touched no host: a Secret it needs is not there. */
  private static GuideConverger.Result blockedOnSecret(String message) {
    return new GuideConverger.Result(
        GuideConverger.Outcome.BLOCKED,
        "secrets",
        List.of(),
        List.of(),
        message,
        Map.of(),
        Map.of(),
        Optional.empty());
  }

  /**
   * The cluster nodes in the order the operator reads Pacemaker from them: the quorum nodes first
   * (neither end of a failover), then the session managers.
   */
  private static List<String> quorumNodesFirst(OvdFailoverClusterSpec spec) {
    List<String> order = new java.util.ArrayList<>();
    spec.quorumNodes.forEach(n -> order.add(n.name));
    spec.sessionManagers.forEach(n -> order.add(n.name));
    return order;
  }

  /**
   * Runs the failover test {@code rec} describes (chapter VII) on the hosts {@code observed} saw,
   * from a quorum node that is neither end of the move.
   */
  public FailoverTestResult failoverTest(
      OvdFailoverCluster cluster,
      Map<String, ClusterNode> nodes,
      GuideConverger.Result observed,
      FailoverTestResult rec,
      Consumer<String> events) {
    Optional<FailoverRun> run = prepare(cluster, nodes, observed, rec, events);
    if (run.isEmpty()) {
      rec.result = "Failed";
      rec.endTime = clock.instant().toString();
      rec.message = "no cluster node could be reached to run the test from";
      return rec;
    }
    return run.get().test().run(rec, run.get().controlNode());
  }

  /**
   * Finishes a test an earlier operator process left Running; empty while the resources are still
   * moving.
   */
  public Optional<FailoverTestResult> resumeFailoverTest(
      OvdFailoverCluster cluster,
      Map<String, ClusterNode> nodes,
      GuideConverger.Result observed,
      FailoverTestResult running,
      Consumer<String> events) {
    Optional<FailoverRun> run = prepare(cluster, nodes, observed, running, events);
    if (run.isEmpty()) {
      return Optional.empty();
    }
    return run.get()
        .test()
        .resume(
            running,
            StatusAggregator.activeNode(cluster.getSpec(), observed.crmMon()),
            run.get().controlNode());
  }

  /**
   * Appendix 1: cleans up one failed action from the first quorum node that answered the pass, else
   * a session manager. Empty when done, else why not.
   */
  public Optional<String> cleanupFailedAction(
      OvdFailoverCluster cluster,
      Map<String, ClusterNode> nodes,
      GuideConverger.Result observed,
      io.ovdfailover.api.OvdFailoverClusterStatus.FailedActionRecord failure) {
    OvdFailoverClusterSpec spec = cluster.getSpec();
    List<String> order = quorumNodesFirst(spec);
    HostAccess.Shells shells = shells(cluster, nodes);
    for (String name : order) {
      HostShell shell = shells.shells().get(name);
      if (shell == null || !observed.facts().containsKey(name)) {
        continue;
      }
      try {
        shell.runChecked(
            io.ovdfailover.hosts.Command.change(
                "clean up " + failure.message, FailedActionCleanup.command(failure)));
        return Optional.empty();
      } catch (HostException e) {
        return Optional.of(e.getMessage());
      }
    }
    return Optional.of("no cluster node answered to run the cleanup from");
  }

  /**
   * Writes the lsyncd canary on the active session manager (spec.lsyncd.canary).
   *
   * @return why it could not be written, if it could not
   */
  public Optional<String> writeSyncCanary(
      OvdFailoverCluster cluster,
      Map<String, ClusterNode> nodes,
      String node,
      String path,
      Instant at) {
    HostShell shell = shells(cluster, nodes).shells().get(node);
    if (shell == null) {
      return Optional.of(node + " has no usable ClusterNode");
    }
    try {
      shell.runChecked(LsyncdHealth.write(path, at));
      return Optional.empty();
    } catch (HostException e) {
      return Optional.of(e.getMessage());
    }
  }

  private record FailoverRun(FailoverTestRun test, String controlNode) {}

  private Optional<FailoverRun> prepare(
      OvdFailoverCluster cluster,
      Map<String, ClusterNode> nodes,
      GuideConverger.Result observed,
      FailoverTestResult rec,
      Consumer<String> events) {
    OvdFailoverClusterSpec spec = cluster.getSpec();
    Optional<String> control =
        spec.pacemakerNodes().stream()
            .map(n -> n.name)
            .sorted(
                java.util.Comparator.comparing(n -> n.equals(rec.fromNode) || n.equals(rec.toNode)))
            .filter(n -> observed.facts().containsKey(n))
            .findFirst();
    if (control.isEmpty()) {
      return Optional.empty();
    }
    HostAccess.Shells shells = shells(cluster, nodes);
    return Optional.of(
        new FailoverRun(
            new FailoverTestRun(spec, shells.shells()::get, clock, events), control.get()));
  }

  /**
   * What a glance saw: Pacemaker's view, and the nodes that do not answer over SSH now.
   *
   * @param notAnswering sorted node names whose connection is down (a reconnect was started in the
   *     background, nothing waited for it)
   */
  public record Glance(Optional<CrmMonStatus> crm, List<String> notAnswering) {}

  /**
   * One {@code crm_mon} from the first cluster node that answers, quorum nodes first (they are
   * neither end of a failover); a view without quorum is passed over while another node may have
   * it. Read-only.
   */
  public Glance glance(OvdFailoverCluster cluster, Map<String, ClusterNode> nodes) {
    HostAccess.Shells shells = shells(cluster, nodes);
    List<String> notAnswering =
        shells.shells().entrySet().stream()
            .filter(e -> !e.getValue().answersNow())
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    return new Glance(crmMon(cluster.getSpec(), shells), notAnswering);
  }

  /**
   * The nodes' shells from {@link HostAccess}, each timed and its failures counted under the
   * cluster's name: the pool's connections know only the ClusterNode, not the cluster.
   */
  private HostAccess.Shells shells(OvdFailoverCluster cluster, Map<String, ClusterNode> nodes) {
    String ns = cluster.getMetadata().getNamespace();
    String name = cluster.getMetadata().getName();
    HostAccess.Shells found = access.shells(ns, nodes);
    Map<String, HostShell> metered = new LinkedHashMap<>();
    found
        .shells()
        .forEach((node, shell) -> metered.put(node, metrics.metered(ns, name, node, shell)));
    return new HostAccess.Shells(metered, found.problems());
  }

  private static Optional<CrmMonStatus> crmMon(
      OvdFailoverClusterSpec spec, HostAccess.Shells shells) {
    List<String> order = quorumNodesFirst(spec);
    Optional<CrmMonStatus> withoutQuorum = Optional.empty();
    for (String name : order) {
      HostShell shell = shells.shells().get(name);
      if (shell == null) continue;
      try {
        CrmMonStatus crm = CrmMonParser.parse(shell.runChecked(GLANCE).stdout());
        if (crm.withQuorum()) return Optional.of(crm);
        withoutQuorum = Optional.of(crm);
      } catch (HostException | RuntimeException e) {
        // the next node may answer: a lost node is what the glance is there to notice
      }
    }
    return withoutQuorum;
  }

  /**
   * crm_mon reads the local CIB and answers in milliseconds; 10 s means the node is in trouble and
   * the next one is asked.
   */
  private static final io.ovdfailover.hosts.Command GLANCE =
      io.ovdfailover.hosts.Command.read("glance at the cluster", CrmMonParser.XML_SCRIPT)
          .withTimeout(java.time.Duration.ofSeconds(10));

  /** Closes the SSH connections of a deleted cluster's nodes. */
  public void release(
      io.javaoperatorsdk.operator.processing.event.ResourceID cluster,
      Iterable<ClusterNode> nodes) {
    databaseVerified.remove(cluster.getNamespace().orElse("") + "/" + cluster.getName());
    access.release(cluster, nodes);
  }
}
