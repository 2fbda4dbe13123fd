package io.ovdfailover.converge;

import io.ovdfailover.api.ConditionReason;
import io.ovdfailover.api.ConditionType;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.OvdFailoverClusterStatus;
import io.ovdfailover.api.OvdFailoverClusterStatus.NodeSummary;
import io.ovdfailover.api.OvdFailoverClusterStatus.PendingAction;
import io.ovdfailover.api.OvdFailoverClusterStatus.ResourceSummary;
import io.ovdfailover.api.Phase;
import io.ovdfailover.converge.GuideConverger.Outcome;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.DistroDetection;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.Finding;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.pacemaker.OvdResources;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What one converge pass means for the cluster's status: phase, conditions, per-node and
 * per-resource summaries, the active node and the pending plan. Pure, so every branch is
 * unit-tested without hosts.
 */
public final class StatusAggregator {
  private StatusAggregator() {}

  public static void apply(
      OvdFailoverClusterSpec spec,
      GuideConverger.Result r,
      OvdFailoverClusterStatus status,
      Long generation,
      Clock clock) {
    boolean reachable = r.unreachable().isEmpty();
    set(
        status,
        ConditionType.NodesReachable,
        reachable,
        reachable ? ConditionReason.AllReachable.name() : reasonOf(r.unreachable()),
        reachable ? "every node answered the probe" : messageOf(r.unreachable()),
        generation,
        clock);
    summarizeNodes(spec, r, status, clock);

    Optional<CrmMonStatus> crm = r.crmMon();
    boolean formed =
        crm.map(
                c ->
                    spec.pacemakerNodes().stream()
                        .allMatch(n -> c.node(OvdResources.pacemakerNodeName(spec, n)).isPresent()))
            .orElse(false);
    set(
        status,
        ConditionType.ClusterFormed,
        formed,
        formed ? ConditionReason.AllMembers.name() : ConditionReason.NotFormed.name(),
        formed
            ? "all "
                + spec.pacemakerNodes().size()
                + " Pacemaker nodes are members of "
                + spec.clusterName
            : "the cluster " + spec.clusterName + " does not have all its nodes yet",
        generation,
        clock);

    status.resources = crm.map(StatusAggregator::resources).orElse(new ArrayList<>());
    Optional<String> active = activeNode(spec, crm);
    status.activeNode = active.orElse(null);
    boolean healthy = active.isPresent();
    set(
        status,
        ConditionType.ResourcesHealthy,
        healthy,
        healthy ? ConditionReason.AllStartedTogether.name() : ConditionReason.NotAllStarted.name(),
        healthy
            ? "the six resources run on " + active.get()
            : "the six resources are not all started on one session manager",
        generation,
        clock);

    filesSynced(spec, r, active, status, generation, clock);
    ovdUpgrade(spec, r, status, clock);
    farmServers(spec, r, status);

    status.pendingActions = new ArrayList<>();
    for (var row : r.pending()) {
      PendingAction a = new PendingAction();
      a.node = row.node();
      a.step = row.step();
      a.action = row.action();
      a.downtime = row.downtime();
      status.pendingActions.add(a);
    }

    List<AdminOverride> overrides = r.overrides();
    if (r.situation().isPresent()) {
      boolean any = !overrides.isEmpty();
      set(
          status,
          ConditionType.AdminOverrides,
          any,
          any ? overrides.get(0).kind().name() : ConditionReason.None.name(),
          any
              ? String.join("; ", overrides.stream().map(AdminOverride::message).toList())
              : "nothing done by hand in Pacemaker holds (maintenance-mode, standby, disabled resources, stopped members)",
          generation,
          clock);
    }

    if (r.situation().isPresent() && r.outcome() != Outcome.OBSERVED) {
      siteDifferences(status, r.findings(), generation, clock);
    }

    boolean allOnline =
        crm.map(
                c ->
                    spec.pacemakerNodes().stream()
                        .allMatch(
                            n ->
                                c.node(OvdResources.pacemakerNodeName(spec, n))
                                    .map(x -> x.online() && !x.standby())
                                    .orElse(false)))
            .orElse(false);
    Phase phase;
    String reason;
    switch (r.outcome()) {
      case CONVERGED, OBSERVED -> {
        boolean fine = healthy && allOnline && overrides.isEmpty();
        phase = fine ? Phase.Ready : Phase.Degraded;
        reason =
            fine
                ? ConditionReason.Converged.name()
                : !overrides.isEmpty()
                    ? overrides.get(0).kind().name()
                    : healthy
                        ? ConditionReason.NodeOffline.name()
                        : ConditionReason.ResourcesNotStarted.name();
      }
      case HELD -> {
        phase = healthy ? Phase.Degraded : Phase.Converging;
        reason = ConditionReason.Held.name();
      }
      case PLANNED -> {
        phase = Phase.DryRun;
        reason = ConditionReason.DryRun.name();
      }
      case PROGRESSED -> {
        phase = Phase.Converging;
        reason = ConditionReason.Converging.name();
      }
      case WAITING_FOR_MAINTENANCE -> {
        phase = Phase.WaitingForMaintenance;
        reason = ConditionReason.WaitingForMaintenance.name();
      }
      case UNREACHABLE -> {
        phase = healthy ? Phase.Degraded : Phase.Converging;
        reason = reasonOf(r.unreachable());
      }
      case BLOCKED -> {
        phase = Phase.Failed;
        reason = ConditionReason.Blocked.name();
      }
      default -> {
        phase = Phase.Failed;
        reason = ConditionReason.StepFailed.name();
      }
    }
    status.phase = phase.name();
    status.message =
        r.outcome() == Outcome.CONVERGED && !overrides.isEmpty()
            ? "converged; "
                + String.join("; ", overrides.stream().map(AdminOverride::message).toList())
            : r.outcome() == Outcome.CONVERGED
                ? phaseMessage(phase, active)
                : r.outcome() == Outcome.OBSERVED
                    ? r.message() + "; " + phaseMessage(phase, active)
                    : r.stage() + ": " + r.message();
    set(
        status,
        ConditionType.Ready,
        phase == Phase.Ready,
        reason,
        status.message,
        generation,
        clock);
    kstatus(status, phase, reason, generation, clock);
    long ready =
        status.nodes.stream()
            .filter(
                n ->
                    Boolean.TRUE.equals(n.reachable)
                        && (n.pacemaker == null || "Online".equals(n.pacemaker)))
            .count();
    status.nodesReady = ready + "/" + status.nodes.size();
  }

  /**
   * status.farmServers from the pass's facts; a pass that reached no farm server (its access failed
   * before any probe) leaves the last view.
   */
  private static void farmServers(
      OvdFailoverClusterSpec spec, GuideConverger.Result r, OvdFailoverClusterStatus status) {
    if (spec.farmServers == null || spec.farmServers.isEmpty()) {
      status.farmServers = null;
      return;
    }
    if (r.facts().isEmpty() && r.farmUnreachable().isEmpty() && status.farmServers != null) {
      return;
    }
    boolean waiting =
        r.outcome() == GuideConverger.Outcome.WAITING_FOR_MAINTENANCE
            && FarmStage.NAME.equals(r.stage());
    List<OvdFailoverClusterStatus.FarmServerStatus> out = new ArrayList<>();
    for (FarmServers.View v : FarmServers.read(spec, r.facts(), r.farmUnreachable())) {
      var f = new OvdFailoverClusterStatus.FarmServerStatus();
      f.name = v.spec().name;
      f.role = v.spec().role == null ? null : v.spec().role.name();
      f.os = v.spec().os == null ? null : v.spec().os.name();
      f.state = v.state().name();
      f.file = v.setting().map(s -> s.path).orElse(null);
      f.message =
          v.message()
              + (waiting
                      && (v.state() == FarmServers.State.NotPointingToVip
                          || v.state() == FarmServers.State.RestartPending)
                      && v.setting().map(s -> s.restarts).orElse(false)
                  ? "; its restart waits for spec.maintenance.allowDowntime"
                  : "");
      out.add(f);
    }
    status.farmServers = out;
  }

  /**
   * status.ovdUpgrade: a pass of one of appendix 3's stages (see {@link OvdUpgrade}) adds what it
   * did, a line per step, and its outcome; a new spec.ovdVersion starts a new record.
   */
  private static void ovdUpgrade(
      OvdFailoverClusterSpec spec,
      GuideConverger.Result r,
      OvdFailoverClusterStatus status,
      Clock clock) {
    if (r.stage() == null || !r.stage().startsWith(OvdUpgrade.PREFIX)) {
      return;
    }
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    OvdFailoverClusterStatus.OvdUpgradeStatus u = status.ovdUpgrade;
    if (u == null || !spec.ovdVersion.equals(u.toVersion)) {
      u = new OvdFailoverClusterStatus.OvdUpgradeStatus();
      u.toVersion = spec.ovdVersion;
      u.fromVersion =
          OvdVersions.read(spec, r.facts()).installed().values().stream()
              .flatMap(Optional::stream)
              .min((a, b) -> OvdVersions.compare(OvdVersions.upstream(a), OvdVersions.upstream(b)))
              .orElse(null);
      u.startTime = now;
      status.ovdUpgrade = u;
    }
    u.message = r.stage() + ": " + r.message();
    switch (r.outcome()) {
      case WAITING_FOR_MAINTENANCE -> u.result = OvdFailoverClusterStatus.OvdUpgradeStatus.WAITING;
      case PROGRESSED -> {
        for (String d : r.done()) {
          u.steps.add(now + " " + d);
        }
        boolean last = r.stage().equals(OvdUpgrade.LAST_STAGE) && !r.done().isEmpty();
        u.result =
            last
                ? OvdFailoverClusterStatus.OvdUpgradeStatus.SUCCEEDED
                : OvdFailoverClusterStatus.OvdUpgradeStatus.RUNNING;
        if (last) {
          u.endTime = now;
        }
      }
      case FAILED, BLOCKED -> u.result = OvdFailoverClusterStatus.OvdUpgradeStatus.FAILED;
      case HELD -> u.result = OvdFailoverClusterStatus.OvdUpgradeStatus.HELD;
      default -> {}
    }
  }

  /**
   * FilesSynced (appendix 1's lsyncd checks and the canary), from the pass's facts; a pass that saw
   * no session manager leaves it as it was.
   */
  private static void filesSynced(
      OvdFailoverClusterSpec spec,
      GuideConverger.Result r,
      Optional<String> active,
      OvdFailoverClusterStatus status,
      Long generation,
      Clock clock) {
    if (spec.sessionManagers.stream().noneMatch(n -> r.facts().containsKey(n.name))) {
      return;
    }
    LsyncdHealth.Observation o =
        LsyncdHealth.observe(spec, r.facts(), active, status.sync, clock.instant());
    status.sync = o.sync();
    LsyncdHealth.Verdict v = o.verdict();
    if (status.conditions == null) status.conditions = new ArrayList<>();
    Conditions.set(
        status.conditions,
        ConditionType.FilesSynced.name(),
        v.synced() == null ? Conditions.UNKNOWN : v.synced() ? Conditions.TRUE : Conditions.FALSE,
        v.reason().name(),
        v.message(),
        generation,
        clock);
  }

  /**
   * SiteDifferences: what the hosts have that the operator keeps or leaves for downtime, named one
   * by one; what it accepted as equivalent or brought to its own form is counted in the message.
   */
  private static void siteDifferences(
      OvdFailoverClusterStatus status,
      List<Finding> findings,
      Long generation,
      java.time.Clock clock) {
    List<Finding> open =
        findings.stream()
            .filter(
                f ->
                    f.disposition() == Finding.Disposition.NeedsDowntime
                        || f.disposition() == Finding.Disposition.Kept)
            .sorted(
                java.util.Comparator.comparing(
                    f -> f.disposition() == Finding.Disposition.NeedsDowntime ? 0 : 1))
            .toList();
    long accepted = findings.size() - open.size();
    String settled =
        accepted == 0
            ? ""
            : accepted + " difference(s) accepted as equivalent or brought to the operator's form";
    String message =
        open.isEmpty()
            ? (settled.isEmpty()
                ? "the hosts are as the operator builds them"
                : settled + ": " + summary(findings))
            : String.join(
                    "; ",
                    open.stream()
                        .map(f -> f.node() + " " + f.subject() + ": " + f.message())
                        .toList())
                + (settled.isEmpty() ? "" : "; " + settled);
    set(
        status,
        ConditionType.SiteDifferences,
        !open.isEmpty(),
        open.isEmpty() ? ConditionReason.None.name() : open.get(0).disposition().name(),
        message,
        generation,
        clock);
  }

  private static String summary(List<Finding> findings) {
    return String.join(
        ", ", findings.stream().map(f -> f.node() + " " + f.subject()).distinct().toList());
  }

  /**
   * The two conditions kstatus (Flux, kpt, cli-utils) reads besides Ready: Reconciling while the
   * operator is changing the hosts, Stalled while it cannot go on without a person (a failed or
   * blocked stage, or a change that waits for spec.maintenance.allowDowntime). A Degraded or
   * dry-run cluster is neither: the operator has done what it can.
   */
  private static void kstatus(
      OvdFailoverClusterStatus status, Phase phase, String reason, Long generation, Clock clock) {
    boolean reconciling = phase == Phase.Converging || phase == Phase.Pending;
    boolean stalled = phase == Phase.Failed || phase == Phase.WaitingForMaintenance;
    set(
        status,
        ConditionType.Reconciling,
        reconciling,
        reconciling ? reason : phase.name(),
        reconciling ? status.message : "not changing the hosts now (phase " + phase + ")",
        generation,
        clock);
    set(
        status,
        ConditionType.Stalled,
        stalled,
        stalled ? reason : phase.name(),
        stalled ? status.message : "nothing waits for a person (phase " + phase + ")",
        generation,
        clock);
  }

  /**
   * A failover test moved the resources: the active node, and the message of a Ready cluster that
   * names it, say so at once instead of at the next observation (kubectl get showed the new ACTIVE
   * beside a message naming the old one).
   */
  static void activeMoved(OvdFailoverClusterStatus status, String active) {
    String before = phaseMessage(Phase.Ready, Optional.ofNullable(status.activeNode));
    status.activeNode = active;
    if (before.equals(status.message)) {
      status.message = phaseMessage(Phase.Ready, Optional.ofNullable(active));
    }
  }

  private static String phaseMessage(Phase phase, Optional<String> active) {
    return phase == Phase.Ready
        ? "converged; active session manager " + active.orElse("?")
        : "converged, but not every node is online or the resources are not all started";
  }

  private static void summarizeNodes(
      OvdFailoverClusterSpec spec,
      GuideConverger.Result r,
      OvdFailoverClusterStatus status,
      Clock clock) {
    List<NodeSummary> out = new ArrayList<>();
    OvdVersions ovd = OvdVersions.read(spec, r.facts());
    for (NodeSpec n : spec.allNodes()) {
      NodeSummary s =
          status.nodes == null
              ? null
              : status.nodes.stream().filter(x -> n.name.equals(x.name)).findFirst().orElse(null);
      if (s == null) {
        s = new NodeSummary();
        s.name = n.name;
      }
      HostFacts f = r.facts().get(n.name);
      HostException e = r.unreachable().get(n.name);
      List<Object> seenBefore = seen(s);
      s.reachable = f != null;
      s.message = e != null ? e.getMessage() : null;
      if (f != null && DistroProfiles.detect(f) instanceof DistroDetection.Supported sup) {
        s.os = sup.profile().key();
      }
      boolean pacemakerNode = spec.pacemakerNodes().contains(n);
      s.pacemaker =
          !pacemakerNode
              ? null
              : r.crmMon()
                  .flatMap(c -> c.node(OvdResources.pacemakerNodeName(spec, n)))
                  .map(
                      x ->
                          !x.online()
                              ? "Offline"
                              : x.standby()
                                  ? "Standby"
                                  : x.maintenance() ? "Maintenance" : "Online")
                  .orElse("NotMember");
      s.pacemakerVersion = pacemakerNode && f != null ? f.packages().get("pacemaker") : null;
      s.corosyncVersion = pacemakerNode && f != null ? f.packages().get("corosync") : null;
      s.ovdVersion = ovd.describe(n.name).orElse(s.ovdVersion);
      if (f != null || e != null) {
        s.lastProbeTime = probeTime(s.lastProbeTime, seenBefore.equals(seen(s)), clock);
      }
      out.add(s);
    }
    status.nodes = out;
  }

  /** What a pass saw of a node, for {@link #probeTime}. */
  private static List<Object> seen(NodeSummary s) {
    return Arrays.asList(
        s.reachable,
        s.pacemaker,
        s.os,
        s.pacemakerVersion,
        s.corosyncVersion,
        s.ovdVersion,
        s.message);
  }

  /**
   * The pass's time when what it saw of the node changed or the recorded time is older than {@link
   * OvdFailoverClusterStatus#PROBE_TIME_REFRESH_MINUTES}; otherwise the recorded one, so that a
   * converged cluster's status is not rewritten at every pass.
   */
  static String probeTime(String recorded, boolean sameAsBefore, Clock clock) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    if (recorded != null
        && sameAsBefore
        && Instant.parse(recorded)
            .plus(OvdFailoverClusterStatus.PROBE_TIME_REFRESH_MINUTES, ChronoUnit.MINUTES)
            .isAfter(now)) {
      return recorded;
    }
    return now.toString();
  }

  private static List<ResourceSummary> resources(CrmMonStatus crm) {
    List<ResourceSummary> out = new ArrayList<>();
    for (String id : OvdResources.ALL) {
      ResourceSummary s = new ResourceSummary();
      s.name = id;
      crm.resource(id)
          .ifPresentOrElse(
              res -> {
                s.agent = res.agent();
                s.role = res.role();
                s.node = String.join(",", res.nodes());
                s.failed = res.failed();
              },
              () -> s.role = "NotConfigured");
      out.add(s);
    }
    return out;
  }

  /** The session manager where all six resources are started, if they are all started on one. */
  static Optional<String> activeNode(OvdFailoverClusterSpec spec, Optional<CrmMonStatus> crm) {
    if (crm.isEmpty()) return Optional.empty();
    String where = null;
    for (String id : OvdResources.ALL) {
      Optional<CrmMonStatus.Resource> res = crm.get().resource(id);
      if (res.isEmpty()
          || !"Started".equals(res.get().role())
          || res.get().failed()
          || res.get().node().isEmpty()) {
        return Optional.empty();
      }
      String n = res.get().node().get();
      if (where != null && !where.equals(n)) return Optional.empty();
      where = n;
    }
    String pcmkName = where;
    return spec.sessionManagers.stream()
        .filter(n -> OvdResources.pacemakerNodeName(spec, n).equals(pcmkName))
        .map(n -> n.name)
        .findFirst();
  }

  private static String reasonOf(java.util.Map<String, HostException> failures) {
    return failures.values().stream()
        .findFirst()
        .map(e -> e.kind().reason())
        .orElse(ConditionReason.Unreachable.name());
  }

  private static String messageOf(java.util.Map<String, HostException> failures) {
    return String.join("; ", failures.values().stream().map(Throwable::getMessage).toList());
  }

  /**
   * Sets one condition of the cluster's status: every condition the operator writes on an
   * OvdFailoverCluster goes through here.
   */
  public static void set(
      OvdFailoverClusterStatus status,
      ConditionType type,
      boolean ok,
      String reason,
      String message,
      Long generation,
      Clock clock) {
    if (status.conditions == null) status.conditions = new ArrayList<>();
    Conditions.set(status.conditions, type, ok, reason, message, generation, clock);
  }

  /** {@link #set} with a reason from {@link ConditionReason} or another enum of reasons. */
  public static void set(
      OvdFailoverClusterStatus status,
      ConditionType type,
      boolean ok,
      Enum<?> reason,
      String message,
      Long generation,
      Clock clock) {
    set(status, type, ok, reason.name(), message, generation, clock);
  }
}
