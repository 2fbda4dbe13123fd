package io.ovdfailover.converge;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.converge.GuideConverger.Outcome;
import io.ovdfailover.converge.GuideConverger.StageOutcome;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.hosts.ShellQuote;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.steps.guide.GuideHosts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * lsyncd copies what changes on the active session manager, and everything only when it starts or
 * gets SIGHUP (the guide's hourly cron). A passive node rebuilt, restored or reinstalled while
 * lsyncd ran holds old copies until then; were it to take the resources first, its own lsyncd would
 * copy them back over the active node's files (the Session Manager's configuration after the
 * database move among them). So once the passive copy of {@link LsyncdHealth#WITNESS} differs, the
 * active node's lsyncd is given the guide's SIGHUP at once, and the stage waits, with a deadline,
 * until the copy has arrived.
 */
final class LsyncdResyncStage implements Stage {
  /** lsyncd's full sync of the guide's folders takes about a second on the lab. */
  static final Duration ARRIVAL_DEADLINE = Duration.ofSeconds(60);

  /**
   * Written on the active node with each SIGHUP and removed once the copy arrived: left behind, it
   * says a full sync did not bring the copy, which is not asked again before {@link #BACKOFF}
   * (FilesSynced says why meanwhile, and failover tests are refused), so a broken lsyncd costs one
   * SIGHUP and one wait per backoff, not one per pass.
   */
  static final String MARK = "/var/lib/ovd-failover/lsyncd-resync";

  static final Duration BACKOFF = Duration.ofMinutes(10);

  private final Clock clock;

  LsyncdResyncStage() {
    this(Clock.systemUTC());
  }

  LsyncdResyncStage(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "lsyncd full sync";
  }

  @Override
  public Disruption disruption() {
    // a signal lsyncd's own cron sends hourly: nothing stops, Pacemaker's monitor stays green
    return Disruption.NONE;
  }

  @Override
  public FactsRequest probes(OvdFailoverClusterSpec spec) {
    return LsyncdHealth.probes(spec)
        .plus(FactsRequest.ofStamps(List.of(MARK)))
        .plus(FactsRequest.ofPaths(List.of(MARK)));
  }

  @Override
  public StagePlan plan(Pass pass) {
    OvdFailoverClusterSpec spec = pass.spec();
    Optional<String> active = StatusAggregator.activeNode(spec, pass.view().crmMon());
    // only a quorate view, outside maintenance-mode, says which node's files are the current
    // ones; lsyncd on both (LsyncdOnPassive) is reported, a SIGHUP would not tell which way
    if (active.isEmpty() || !pass.situation().quorate() || pass.situation().maintenanceMode()) {
      return StagePlan.converged();
    }
    String source = active.get();
    String target = GuideHosts.otherSessionManager(spec, source);
    HostFacts from = pass.facts().get(source);
    HostFacts to = pass.facts().get(target);
    // a rebuilt node's lsyncd is "active (exited)" after its package's SysV start: no daemon runs
    if (from == null || to == null || !LsyncdHealth.running(from) || LsyncdHealth.running(to)) {
      return StagePlan.converged();
    }
    Optional<String> behind = LsyncdHealth.replicaBehind(spec, source, from, target, to);
    Instant now = clock.instant();
    // a change lsyncd is still batching is not a replica behind (FilesSynced waits the same)
    boolean settled = LsyncdHealth.settled(from, now);
    boolean askedLately =
        from.probed(MARK)
            && from.path(MARK).exists()
            && from.stamp(MARK).map(st -> st.modified().isAfter(now.minus(BACKOFF))).orElse(true);
    if (behind.isEmpty() || !settled || askedLately) {
      return StagePlan.converged();
    }
    String sha = ((PathState.RegularFile) from.path(LsyncdHealth.WITNESS)).sha256();
    return new StagePlan.Changes(
        List.of(
            new Plan.Row(
                source,
                name(),
                "systemctl kill --kill-who=main --signal=HUP lsyncd (a full sync to "
                    + target
                    + ": "
                    + behind.get()
                    + ")",
                false)),
        Optional.empty(),
        () -> Optional.of(run(pass, source, target, sha)));
  }

  private StageOutcome run(Pass pass, String source, String target, String sha)
      throws InterruptedException {
    String witness = ShellQuote.quote(LsyncdHealth.WITNESS);
    long tries = ARRIVAL_DEADLINE.toMillis() / 500;
    try {
      pass.shells()
          .apply(source)
          .runChecked(
              Command.change(
                  "ask lsyncd for a full sync to " + target,
                  "mkdir -p /var/lib/ovd-failover && : > "
                      + MARK
                      + " && systemctl kill --kill-who=main --signal=HUP lsyncd"));
      // a read: the copy's hash, until it is the active node's, with a deadline
      pass.shells()
          .apply(target)
          .runChecked(
              Command.read(
                      "wait for lsyncd's copy of " + LsyncdHealth.WITNESS,
                      "i=0; while [ $i -lt "
                          + tries
                          + " ]; do [ \"$(sha256sum < "
                          + witness
                          + " 2>/dev/null | cut -d' ' -f1)\" = "
                          + ShellQuote.quote(sha)
                          + " ] && exit 0; sleep 0.5; i=$((i+1)); done; exit 1")
                  .withTimeout(ARRIVAL_DEADLINE.plusSeconds(15)));
      // arrived: the mark stays only after a full sync that did not bring the copy
      pass.shells()
          .apply(source)
          .runChecked(Command.change("the full sync to " + target + " arrived", "rm -f " + MARK));
    } catch (HostException e) {
      return new StageOutcome(
          Outcome.FAILED,
          List.of(),
          List.of(),
          e.getMessage()
              + ". lsyncd on "
              + source
              + " did not bring "
              + target
              + " its copy of "
              + LsyncdHealth.WITNESS
              + " within "
              + ARRIVAL_DEADLINE.toSeconds()
              + " s of a full sync: see /var/log/lsyncd.log on "
              + source
              + "; failover tests are refused meanwhile (FilesSynced), and the operator asks"
              + " again in "
              + BACKOFF.toMinutes()
              + " minutes");
    }
    return new StageOutcome(
        Outcome.PROGRESSED,
        List.of(source + ": lsyncd full sync, " + target + " has the active node's files"),
        List.of(),
        target + " caught up with " + source);
  }
}
