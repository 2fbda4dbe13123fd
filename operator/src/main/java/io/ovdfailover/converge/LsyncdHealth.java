package io.ovdfailover.converge;

import io.ovdfailover.api.ConditionReason;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.OvdFailoverClusterStatus.SyncStatus;
import io.ovdfailover.api.SyncCanarySpec;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.DistroDetection;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.FileStamp;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.hosts.ShellQuote;
import io.ovdfailover.steps.FileStep;
import io.ovdfailover.steps.database.SessionManagerLayout;
import io.ovdfailover.steps.guide.GuideHosts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Appendix 1's lsyncd checks, from the facts of both session managers: "the service is running on
 * the active node and stopped on the passive one", and the errors of /var/log/lsyncd.log on the
 * active one. With spec.lsyncd.canary, also whether files really follow: a canary file written on
 * the active session manager is timed until it is on the passive one.
 *
 * <p>The canary's lag is read from the passive node alone: rsync ({@code archive = true}) keeps the
 * source's modification time and the file's change time is when it was put in place, so their
 * difference is the copy's delay (lsyncd's 15 s batching included), up to the two clocks' offset.
 * Pending, a canary is as late as the operator's clock says since it wrote it.
 */
public final class LsyncdHealth {
  /** No dot in front: the guide's lsyncd configuration excludes {@code .*}. */
  public static final String CANARY_NAME = "ovd-failover-canary";

  static final String LOG = "/var/log/lsyncd.log";
  private static final String UNIT = "lsyncd";

  /**
   * The file whose copies tell whether the passive session manager has what the active one has: the
   * Session Manager's configuration, in a folder lsyncd copies, on every session manager, and the
   * one whose old copy does the most harm (after the database move, a stale one points the Session
   * Manager back at its local MySQL).
   */
  static final String WITNESS = SessionManagerLayout.GUIDE_CONFIG_PATH;

  /**
   * How long the active copy must have been unchanged before a different passive copy is lsyncd
   * being behind rather than lsyncd at work (it batches changes for 15 s).
   */
  static final Duration REPLICA_GRACE = Duration.ofSeconds(120);

  private LsyncdHealth() {}

  /**
   * Whether {@code target}'s copy of the witness differs from {@code source}'s, said as the reason;
   * empty when they match, when lsyncd does not copy that folder, or while an OVD upgrade keeps the
   * passive node's configuration away on purpose.
   */
  static Optional<String> replicaBehind(
      OvdFailoverClusterSpec spec,
      String sourceName,
      HostFacts source,
      String targetName,
      HostFacts target) {
    if (!synced(spec, WITNESS)
        || !source.probed(WITNESS)
        || !target.probed(WITNESS)
        || !(source.path(WITNESS) instanceof PathState.RegularFile s)
        || (target.probed(OvdUpgrade.CONFIG_AWAY)
            && target.path(OvdUpgrade.CONFIG_AWAY).exists())) {
      return Optional.empty();
    }
    if (target.path(WITNESS) instanceof PathState.RegularFile t && t.sha256().equals(s.sha256())) {
      return Optional.empty();
    }
    return Optional.of(
        targetName
            + "'s copy of "
            + WITNESS
            + " differs from "
            + sourceName
            + "'s: lsyncd has not copied it (a node rebuilt or restored since lsyncd's last full"
            + " sync), and a switchover now would bring the old copy back to "
            + sourceName);
  }

  /**
   * Whether the active copy of the witness has been unchanged for {@link #REPLICA_GRACE}: a change
   * lsyncd is still batching is not a replica behind. Without its stamp, it is taken as settled.
   */
  static boolean settled(HostFacts source, Instant now) {
    return source
        .stamp(WITNESS)
        .map(st -> st.modified().isBefore(now.minus(REPLICA_GRACE)))
        .orElse(true);
  }

  /** Whether lsyncd runs on the node: a daemon, not a SysV script's "active (exited)". */
  static boolean running(HostFacts facts) {
    return facts.unit(UNIT).daemonRunning();
  }

  /** Whether lsyncd copies {@code path}: it lies in one of the folders (the guide's by default). */
  private static boolean synced(OvdFailoverClusterSpec spec, String path) {
    List<String> folders =
        spec.lsyncd.folders == null || spec.lsyncd.folders.isEmpty()
            ? List.of("/var/spool/ovd/session-manager")
            : spec.lsyncd.folders;
    return folders.stream().anyMatch(f -> path.startsWith(f.endsWith("/") ? f : f + "/"));
  }

  /** The condition FilesSynced, as {@link StatusAggregator} writes it. */
  public record Verdict(Boolean synced, ConditionReason reason, String message) {}

  /** What a pass observed: the new status.sync and the condition. */
  public record Observation(SyncStatus sync, Verdict verdict) {}

  /**
   * What the probe reads for it on every node: lsyncd's unit, its log's end, and the canary's times
   * and hash where it can be (one path per distro family when the folders are the guide's).
   */
  public static FactsRequest probes(OvdFailoverClusterSpec spec) {
    FactsRequest r =
        FactsRequest.ofUnits(List.of(UNIT))
            .plus(FactsRequest.ofTails(List.of(LOG)))
            .plus(FactsRequest.ofPaths(List.of(WITNESS, OvdUpgrade.CONFIG_AWAY)))
            .plus(FactsRequest.ofStamps(List.of(WITNESS)));
    if (!spec.lsyncd.canaryEnabled()) {
      return r;
    }
    List<String> canaries = candidatePaths(spec);
    return r.plus(FactsRequest.ofStamps(canaries)).plus(FactsRequest.ofPaths(canaries));
  }

  private static List<String> candidatePaths(OvdFailoverClusterSpec spec) {
    if (spec.lsyncd.folders != null && !spec.lsyncd.folders.isEmpty()) {
      return List.of(in(spec.lsyncd.folders.get(0)));
    }
    return DistroProfiles.ALL.stream()
        .map(DistroProfile::phpSessionDir)
        .distinct()
        .map(LsyncdHealth::in)
        .toList();
  }

  /**
   * The canary on this node: in the first of spec.lsyncd.folders, else in the PHP session folder,
   * which the guide syncs and which PHP's session clean-up leaves alone (it removes sess_* only).
   */
  static Optional<String> canaryPath(OvdFailoverClusterSpec spec, HostFacts facts) {
    if (spec.lsyncd.folders != null && !spec.lsyncd.folders.isEmpty()) {
      return Optional.of(in(spec.lsyncd.folders.get(0)));
    }
    if (DistroProfiles.detect(facts) instanceof DistroDetection.Supported s) {
      return Optional.of(in(s.profile().phpSessionDir()));
    }
    return Optional.empty();
  }

  private static String in(String folder) {
    return (folder.endsWith("/") ? folder : folder + "/") + CANARY_NAME;
  }

  /** What a canary written at {@code at} holds: its own time, so that each one differs. */
  static String content(Instant at) {
    return "ovd-failover-operator lsyncd canary " + at + "\n";
  }

  /** The write on the active session manager (a mutating command, the only one this adds). */
  public static Command write(String path, Instant at) {
    return Command.change(
            "write the lsyncd canary " + path,
            "cat > " + ShellQuote.quote(path) + " && chmod 0600 " + ShellQuote.quote(path))
        .withStdin(content(at));
  }

  /**
   * Reads both session managers' facts against what status remembers.
   *
   * @param active the session manager running the six resources, if one does
   */
  public static Observation observe(
      OvdFailoverClusterSpec spec,
      Map<String, HostFacts> facts,
      Optional<String> active,
      SyncStatus previous,
      Instant now) {
    SyncStatus s = new SyncStatus();
    if (previous != null) {
      s.canaryWrittenAt = previous.canaryWrittenAt;
      s.canaryWrittenOn = previous.canaryWrittenOn;
      s.lastLagSeconds = previous.lastLagSeconds;
      s.lastArrivedAt = previous.lastArrivedAt;
    }
    List<String> sms = spec.sessionManagers.stream().map(n -> n.name).toList();
    if (active.isEmpty() || !sms.stream().allMatch(facts::containsKey)) {
      s.source = previous == null ? null : previous.source;
      s.target = previous == null ? null : previous.target;
      s.lsyncdActiveOn = previous == null ? new ArrayList<>() : previous.lsyncdActiveOn;
      s.lsyncdLastError = previous == null ? null : previous.lsyncdLastError;
      return new Observation(
          s,
          new Verdict(
              null,
              ConditionReason.NotMeasured,
              active.isEmpty()
                  ? "no session manager runs the six resources: nothing to copy from"
                  : "a session manager did not answer the probe"));
    }
    s.source = active.get();
    s.target = GuideHosts.otherSessionManager(spec, s.source);
    HostFacts source = facts.get(s.source);
    HostFacts target = facts.get(s.target);
    s.lsyncdActiveOn = new ArrayList<>(sms.stream().filter(n -> running(facts.get(n))).toList());
    s.lsyncdLastError = lastError(source.tail(LOG).orElse(""));

    if (!running(source)) {
      return new Observation(
          s,
          new Verdict(
              false,
              ConditionReason.LsyncdStopped,
              "lsyncd is not running on "
                  + s.source
                  + ", the active session manager: its files are not copied to "
                  + s.target
                  + errorSuffix(s)));
    }
    if (running(target)) {
      return new Observation(
          s,
          new Verdict(
              false,
              ConditionReason.LsyncdOnPassive,
              "lsyncd runs on "
                  + s.target
                  + " too, the passive session manager: it copies the other way and, as lsyncd"
                  + " deletes what its source lacks, can remove newer files on "
                  + s.source
                  + " (appendix 1: stopped on the passive node)"));
    }
    Optional<String> behind = replicaBehind(spec, s.source, source, s.target, target);
    if (behind.isPresent() && settled(source, now)) {
      return new Observation(s, new Verdict(false, ConditionReason.ReplicaBehind, behind.get()));
    }
    if (!spec.lsyncd.canaryEnabled()) {
      s.canaryWrittenAt = null;
      s.canaryWrittenOn = null;
      s.lastLagSeconds = null;
      s.lastArrivedAt = null;
      return new Observation(
          s,
          new Verdict(
              true,
              ConditionReason.LsyncdOnActiveOnly,
              "lsyncd runs on " + s.source + " only" + errorSuffix(s)));
    }
    // lsyncd copies each folder to the same path on the other node
    Optional<String> path = canaryPath(spec, source);
    return new Observation(s, canary(spec.lsyncd.canary, s, path, target, now));
  }

  private static Verdict canary(
      SyncCanarySpec spec, SyncStatus s, Optional<String> path, HostFacts target, Instant now) {
    boolean pending = s.canaryWrittenAt != null;
    if (pending && !s.source.equals(s.canaryWrittenOn)) {
      // the resources moved since: the copy now goes the other way, and a new canary is due
      s.canaryWrittenAt = null;
      s.canaryWrittenOn = null;
      pending = false;
    }
    if (pending) {
      Instant written = Instant.parse(s.canaryWrittenAt);
      Optional<FileStamp> arrived =
          path.filter(p -> holds(target, p, content(written))).flatMap(target::stamp);
      if (arrived.isPresent()) {
        double lag =
            Math.max(
                0,
                Duration.between(arrived.get().modified(), arrived.get().changed()).toMillis()
                    / 1000.0);
        s.lastLagSeconds = Math.round(lag * 10) / 10.0;
        s.lastArrivedAt = arrived.get().changed().toString();
        s.canaryWrittenAt = null;
        s.canaryWrittenOn = null;
      } else {
        double age = Duration.between(written, now).toMillis() / 1000.0;
        if (age > spec.maxLagSeconds) {
          s.lateSeconds = (double) Math.round(age);
          return new Verdict(
              false,
              ConditionReason.CanaryLate,
              String.format(
                  "the canary written on %s %.0f s ago has not reached %s (maxLagSeconds %d): "
                      + "files changed since are not on %s%s",
                  s.source, age, s.target, spec.maxLagSeconds, s.target, errorSuffix(s)));
        }
      }
    }
    if (s.lastLagSeconds == null) {
      return new Verdict(
          null,
          ConditionReason.NotMeasured,
          "lsyncd runs on "
              + s.source
              + " only; the first canary "
              + (s.canaryWrittenAt == null ? "is not written yet" : "is on its way"));
    }
    if (s.lastLagSeconds > spec.maxLagSeconds) {
      return new Verdict(
          false,
          ConditionReason.CanaryLate,
          String.format(
              "the last canary took %.1f s to reach %s (maxLagSeconds %d)%s",
              s.lastLagSeconds, s.target, spec.maxLagSeconds, errorSuffix(s)));
    }
    return new Verdict(
        true,
        ConditionReason.CanaryArrived,
        String.format(
            "lsyncd runs on %s only; the last canary reached %s in %.1f s%s",
            s.source, s.target, s.lastLagSeconds, errorSuffix(s)));
  }

  private static boolean holds(HostFacts facts, String path, String content) {
    return facts.probed(path)
        && facts.path(path) instanceof io.ovdfailover.hosts.PathState.RegularFile f
        && f.sha256().equals(FileStep.sha256(content.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Where to write a new canary now, if one is due: the canary is on, status (as this pass wrote
   * it) has an active session manager with lsyncd running there only, none is pending, and the last
   * one arrived at least intervalSeconds ago (or none ever did).
   */
  public static Optional<String> canaryDue(
      OvdFailoverClusterSpec spec,
      Map<String, HostFacts> facts,
      io.ovdfailover.api.OvdFailoverClusterStatus status,
      Instant now) {
    SyncStatus s = status.sync;
    if (!spec.lsyncd.canaryEnabled()
        || s == null
        || s.source == null
        || !s.source.equals(status.activeNode)
        || s.canaryWrittenAt != null
        || !facts.containsKey(s.source)
        || !facts.containsKey(s.target)) {
      return Optional.empty();
    }
    boolean lsyncdAsItShouldBe =
        io.ovdfailover.api.Conditions.find(
                status.conditions, io.ovdfailover.api.ConditionType.FilesSynced)
            .map(
                c ->
                    !c.getReason().equals(ConditionReason.LsyncdStopped.name())
                        && !c.getReason().equals(ConditionReason.LsyncdOnPassive.name()))
            .orElse(false);
    boolean intervalOver =
        s.lastArrivedAt == null
            || !Instant.parse(s.lastArrivedAt)
                .plusSeconds(spec.lsyncd.canary.intervalSeconds)
                .isAfter(now);
    return lsyncdAsItShouldBe && intervalOver
        ? canaryPath(spec, facts.get(s.source))
        : Optional.empty();
  }

  /** Status remembers a canary just written, so the next passes time it. */
  public static void written(io.ovdfailover.api.OvdFailoverClusterStatus status, Instant at) {
    status.sync.canaryWrittenAt = at.toString();
    status.sync.canaryWrittenOn = status.sync.source;
  }

  /** The last line that reports an error among the log's last lines (lsyncd writes "Error:"). */
  static String lastError(String tail) {
    String last = null;
    for (String line : tail.split("\n")) {
      if (line.contains("Error")) {
        last = line.strip();
      }
    }
    return last;
  }

  private static String errorSuffix(SyncStatus s) {
    return s.lsyncdLastError == null
        ? ""
        : "; the last error in " + LOG + " on " + s.source + ": " + s.lsyncdLastError;
  }
}
