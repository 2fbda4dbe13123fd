package io.ovdfailover.converge;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.converge.FarmServers.Setting;
import io.ovdfailover.converge.FarmServers.State;
import io.ovdfailover.converge.FarmServers.View;
import io.ovdfailover.converge.GuideConverger.Outcome;
import io.ovdfailover.converge.GuideConverger.StageOutcome;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.ShellQuote;
import io.ovdfailover.steps.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chapter IV step 4, "If using IP": every Linux OAS, OFS, ESG and OWA gets the VIP as its Session
 * Manager host in slaveserver.conf's [main] section and its OVD service restarted (an OWA before
 * 3.3.0 and a dedicated administration console in their config.inc.php, which PHP reads per
 * request: no restart). It comes after the build, once the VIP serves: a farm pointed at a VIP that
 * is not up has no Session Manager at all. The restart waits for spec.maintenance.allowDowntime; a
 * server that does not answer is reported and skipped, never a reason to hold the cluster.
 */
final class FarmStage implements Stage {
  static final String NAME = "farm follows the VIP";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Disruption disruption() {
    return Disruption.NODE_SERVICES;
  }

  @Override
  public FactsRequest probes(OvdFailoverClusterSpec spec) {
    return FarmServers.probes(spec);
  }

  /** A Windows OAS: the registry key, by a person (the guide's steps for it). */
  @Override
  public List<Plan.Row> manualSteps(Pass pass) {
    return FarmServers.read(pass.spec(), pass.facts(), Map.of()).stream()
        .filter(v -> v.state() == State.ManualStep)
        .map(v -> new Plan.Row(v.spec().name, name(), "manual: " + v.message(), false))
        .toList();
  }

  @Override
  public StagePlan plan(Pass pass) {
    List<View> todo =
        FarmServers.read(pass.spec(), pass.facts(), Map.of()).stream()
            .filter(v -> v.state() == State.NotPointingToVip || v.state() == State.RestartPending)
            .toList();
    if (todo.isEmpty()) {
      return StagePlan.converged();
    }
    if (StatusAggregator.activeNode(pass.spec(), pass.view().crmMon()).isEmpty()) {
      return new StagePlan.Held(
          "the VIP is not served by a session manager: pointing the farm at it now would leave"
              + " the farm without a Session Manager");
    }
    String vip = pass.spec().vip.address;
    List<Plan.Row> rows = new ArrayList<>();
    List<String> restarted = new ArrayList<>();
    for (View v : todo) {
      Setting s = v.setting().orElseThrow();
      String name = v.spec().name;
      if (v.state() == State.NotPointingToVip) {
        rows.add(
            new Plan.Row(name, name(), "set " + s.what + " to " + vip + " in " + s.path, false));
      }
      if (s.restarts) {
        rows.add(new Plan.Row(name, name(), "systemctl restart " + FarmServers.SERVICE, true));
        restarted.add(name);
      }
    }
    rows.addAll(manualSteps(pass));
    Optional<String> downtime =
        restarted.isEmpty()
            ? Optional.empty()
            : Optional.of(
                "chapter IV step 4: the OVD service restarts on "
                    + String.join(", ", restarted)
                    + " to read the VIP as its Session Manager");
    return new StagePlan.Changes(rows, downtime, () -> Optional.of(run(pass, todo, vip)));
  }

  private StageOutcome run(Pass pass, List<View> todo, String vip) throws InterruptedException {
    List<String> done = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (View v : todo) {
      Setting s = v.setting().orElseThrow();
      String name = v.spec().name;
      try {
        pass.shells()
            .apply(name)
            .runChecked(
                Command.change("point " + name + " at the VIP", script(s, v.state(), vip))
                    .withTimeout(Duration.ofMinutes(2)));
        done.add(
            name
                + ": "
                + (v.state() == State.NotPointingToVip ? s.path + " names " + vip : "")
                + (s.restarts
                    ? (v.state() == State.NotPointingToVip ? ", " : "")
                        + FarmServers.SERVICE
                        + " restarted"
                    : ""));
      } catch (HostException e) {
        failed.add(name + ": " + e.getMessage());
      }
    }
    if (!failed.isEmpty()) {
      return new StageOutcome(
          Outcome.FAILED,
          done,
          List.of(),
          String.join("; ", failed)
              + ". The other servers were changed; the operator tries again (a server whose edit"
              + " went through and whose restart did not keeps "
              + FarmServers.RESTART_MARK
              + " until it restarts)");
    }
    return new StageOutcome(
        Outcome.PROGRESSED, done, List.of(), "the farm's servers name the VIP " + vip);
  }

  /**
   * The edit and the restart as one command. The file is rewritten in place (its owner and mode
   * stay) after a copy of the original is kept once beside it; the restart mark spans the edit and
   * the restart.
   */
  static String script(Setting s, State state, String vip) {
    String f = ShellQuote.quote(s.path);
    String orig = ShellQuote.quote(s.path + ".ovd-failover.orig");
    String tmp = ShellQuote.quote(s.path + ".ovd-failover.new");
    List<String> lines = new ArrayList<>();
    lines.add("set -e");
    if (s.restarts) {
      lines.add("mkdir -p /var/lib/ovd-failover");
      lines.add(": > " + FarmServers.RESTART_MARK);
    }
    if (state == State.NotPointingToVip) {
      lines.add("[ -e " + orig + " ] || cp -p " + f + " " + orig);
      lines.add((s == Setting.SLAVESERVER ? iniEdit(vip) : phpEdit(vip)) + " " + f + " > " + tmp);
      // two lines: set -e stops on the first only when it is not part of an && list
      lines.add("cat " + tmp + " > " + f);
      lines.add("rm -f " + tmp);
    }
    if (s.restarts) {
      lines.add("systemctl restart " + FarmServers.SERVICE);
      lines.add("rm -f " + FarmServers.RESTART_MARK);
    }
    return String.join("\n", lines);
  }

  /**
   * session_manager in [main] becomes the VIP: the first such line is replaced, later ones in
   * [main] dropped, one added when [main] has none (and [main] when the file has none). Other
   * sections are left as they are.
   */
  static String iniEdit(String vip) {
    String line = "session_manager = " + vip;
    return "awk -v line="
        + ShellQuote.quote(line)
        + " '"
        + "function flush() { if (inmain && !done) { print line; done = 1 } }"
        + " /^[ \\t]*\\[/ { flush(); inmain = ($0 ~ /^[ \\t]*\\[main\\][ \\t\\r]*$/); print; next }"
        + " inmain && /^[ \\t]*session_manager[ \\t]*=/ { if (!done) { print line; done = 1 } next }"
        + " { print }"
        + " END { flush(); if (!done) { print \"[main]\"; print line } }'";
  }

  /**
   * SESSIONMANAGER_HOST's define becomes the VIP; a file where it is only commented out gets the
   * line at its end (before a closing ?>, if any).
   */
  static String phpEdit(String vip) {
    String line = FarmServers.PHP_KEY + ", '" + vip + "');";
    return "awk -v line="
        + ShellQuote.quote(line)
        + " '"
        + "/^[ \\t]*define\\([ \\t]*.SESSIONMANAGER_HOST.[ \\t]*,/ { if (!done) { print line; done = 1 } next }"
        + " /^[ \\t]*\\?>[ \\t]*$/ && !done { print line; done = 1 }"
        + " { print }"
        + " END { if (!done) print line }'";
  }
}
