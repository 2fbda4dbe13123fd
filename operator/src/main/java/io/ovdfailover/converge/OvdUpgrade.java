package io.ovdfailover.converge;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.converge.GuideConverger.Outcome;
import io.ovdfailover.converge.GuideConverger.StageOutcome;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.ShellQuote;
import io.ovdfailover.pacemaker.OvdResources;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.steps.database.SessionManagerLayout;
import io.ovdfailover.steps.guide.GuideHosts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Appendix 3, "Update OVD version", as four stages that follow the build: raising spec.ovdVersion
 * on a formed cluster whose session managers both have the Session Manager package, older, runs
 * them in the guide's order.
 *
 * <ol>
 *   <li>the passive session manager in standby ({@code pcs node standby});
 *   <li>on the active one: the update, then {@code pcs resource restart httpd} (the downtime);
 *   <li>on the passive one: its configuration away, the update, the OVD cron file the package
 *       brings unlinked (osm_cron links it on the active node only), the configuration back;
 *   <li>the passive session manager back in production ({@code pcs node unstandby}).
 * </ol>
 *
 * <p>Every stage decides from the hosts alone, so a restarted operator resumes where the hosts are:
 * the passive node carries {@link #STANDBY_MARK} from before its standby to after its unstandby (a
 * standby without it is an admin's, which the upgrade waits for instead of undoing) and {@link
 * #IN_STANDBY_MARK} once that standby is done (out of standby with it, an admin took the node out:
 * the upgrade waits instead of putting it back), the active one {@link #RESTART_MARK} from before
 * its update until Apache has restarted, and the passive one's configuration is away exactly while
 * {@code /root/session-manager.conf} exists. The first stage waits for
 * spec.maintenance.allowDowntime and shows the whole procedure in the plan. The operator never
 * downgrades: a session manager above spec.ovdVersion stops it.
 */
public final class OvdUpgrade {
  /** Stage names start with it: status.ovdUpgrade follows the passes of these stages. */
  public static final String PREFIX = "OVD upgrade";

  public static final String LAST_STAGE = PREFIX + ": back in production";

  static final String STANDBY_MARK = "/var/lib/ovd-failover/ovd-upgrade-standby";

  /**
   * Written after the operator's {@code pcs node standby} succeeded: the standby mark alone means
   * the standby may not have run (a crash between the two), both mean it did, so a node out of
   * standby then was taken out by someone else.
   */
  static final String IN_STANDBY_MARK = "/var/lib/ovd-failover/ovd-upgrade-in-standby";

  static final String RESTART_MARK = "/var/lib/ovd-failover/ovd-upgrade-restart";

  /** The guide's {@code ~/session-manager.conf}: root runs the commands. */
  static final String CONFIG_AWAY = "/root/session-manager.conf";

  static final String CONFIG = SessionManagerLayout.GUIDE_CONFIG_PATH;
  static final String CRON = "/etc/cron.d/ovd-session-manager";

  private OvdUpgrade() {}

  static FactsRequest probes(OvdFailoverClusterSpec spec) {
    return OvdVersions.probes(spec)
        .plus(
            FactsRequest.ofPaths(
                List.of(STANDBY_MARK, IN_STANDBY_MARK, RESTART_MARK, CONFIG_AWAY, CONFIG)));
  }

  /**
   * What the hosts say of an upgrade to spec.ovdVersion.
   *
   * @param below the session managers older than the target (empty: nothing to upgrade, or one is
   *     newer)
   * @param passive the session manager the operator put in standby for it, if it did
   * @param active the other one, when {@code passive} is known
   */
  record State(
      String target,
      OvdVersions versions,
      Set<String> below,
      Optional<String> passive,
      Optional<String> active) {
    boolean marked(Pass pass, String node, String path) {
      return OvdUpgrade.marked(pass, node, path);
    }
  }

  static State state(Pass pass) {
    OvdFailoverClusterSpec spec = pass.spec();
    OvdVersions v = OvdVersions.read(spec, pass.facts());
    Optional<String> passive =
        spec.sessionManagers.stream()
            .map(n -> n.name)
            .filter(n -> marked(pass, n, STANDBY_MARK))
            .findFirst();
    Optional<String> active = passive.map(p -> GuideHosts.otherSessionManager(spec, p));
    return new State(spec.ovdVersion, v, v.below(spec.ovdVersion), passive, active);
  }

  /** Whether the node's probe saw something at {@code path} (one of the upgrade's marks). */
  static boolean marked(Pass pass, String node, String path) {
    HostFacts f = pass.facts().get(node);
    return f != null && f.probed(path) && f.path(path).exists();
  }

  static String pcmk(Pass pass, String node) {
    NodeSpec n =
        pass.spec().sessionManagers.stream()
            .filter(x -> x.name.equals(node))
            .findFirst()
            .orElseThrow();
    return OvdResources.pacemakerNodeName(pass.spec(), n);
  }

  static boolean standby(Pass pass, String node) {
    return pass.view()
        .crmMon()
        .flatMap(c -> c.node(pcmk(pass, node)))
        .map(CrmMonStatus.Node::standby)
        .orElse(false);
  }

  static boolean online(Pass pass, String node) {
    return pass.view()
        .crmMon()
        .flatMap(c -> c.node(pcmk(pass, node)))
        .map(CrmMonStatus.Node::online)
        .orElse(false);
  }

  private abstract static class UpgradeStage implements Stage {
    private final String name;
    private final Disruption disruption;

    UpgradeStage(String name, Disruption disruption) {
      this.name = PREFIX + ": " + name;
      this.disruption = disruption;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Disruption disruption() {
      return disruption;
    }

    @Override
    public FactsRequest probes(OvdFailoverClusterSpec spec) {
      return OvdUpgrade.probes(spec);
    }

    /** The stage's outcome: its first failure, else progress with what was done. */
    static Optional<StageOutcome> outcome(
        Optional<StageOutcome> failed, List<String> done, String message) {
      return Optional.of(
          failed.orElse(new StageOutcome(Outcome.PROGRESSED, done, List.of(), message)));
    }

    /** Runs one command of the stage; the failure, with what to do next, if it fails. */
    Optional<StageOutcome> run(
        Pass pass, String node, String description, String script, String onFailure)
        throws InterruptedException {
      try {
        pass.shells()
            .apply(node)
            .runChecked(
                io.ovdfailover.hosts.Command.change(description, script)
                    .withTimeout(java.time.Duration.ofMinutes(15)));
        return Optional.empty();
      } catch (HostException e) {
        return Optional.of(
            new StageOutcome(
                Outcome.FAILED, List.of(), List.of(), e.getMessage() + ". " + onFailure));
      }
    }
  }

  /** Step 1: the passive session manager in standby, once maintenance allows the procedure. */
  static final class Standby extends UpgradeStage {
    Standby() {
      super("passive node in standby", Disruption.CLUSTER);
    }

    @Override
    public StagePlan plan(Pass pass) {
      State s = state(pass);
      if (s.below().isEmpty()) {
        return StagePlan.converged();
      }
      if (s.passive().isPresent()) {
        String p = s.passive().get();
        boolean done = s.marked(pass, p, IN_STANDBY_MARK);
        if (standby(pass, p)) {
          // a crash after the standby, before its mark: only the mark is missing
          return done ? StagePlan.converged() : inStandbyMarkPlan(pass, p);
        }
        if (done) {
          // the standby is a permanent node attribute: nothing but a person takes it away, and
          // what a person did through Pacemaker is reported, never undone
          return new StagePlan.Held(
              p
                  + " was taken out of standby during the upgrade to OVD "
                  + s.target()
                  + ", not by the operator: the upgrade waits. pcs node standby "
                  + pcmk(pass, p)
                  + " lets it go on; spec.ovdVersion back at the installed version ends it");
        }
        // the mark was written but the standby never ran (a crash between): run it now
        return standbyPlan(pass, s, p, Optional.empty());
      }
      Optional<String> active = StatusAggregator.activeNode(pass.spec(), pass.view().crmMon());
      if (active.isEmpty()) {
        return new StagePlan.Held(
            "the upgrade to OVD "
                + s.target()
                + " starts from a cluster whose six resources run on one session manager");
      }
      String passive = GuideHosts.otherSessionManager(pass.spec(), active.get());
      if (!online(pass, passive)) {
        return new StagePlan.Held(
            passive + " is not online in the cluster: the upgrade to OVD " + s.target() + " waits");
      }
      if (standby(pass, passive) || standby(pass, active.get())) {
        return new StagePlan.Held(
            "a session manager is in standby, not by the operator: the upgrade to OVD "
                + s.target()
                + " waits until it is back (pcs node unstandby), never undoing an admin's standby");
      }
      return standbyPlan(
          pass,
          s,
          passive,
          Optional.of(
              "appendix 3: Apache restarts on "
                  + active.get()
                  + " (pcs resource restart httpd) after its update to OVD "
                  + s.target()
                  + ", and "
                  + passive
                  + " is out of the failover while it is updated"));
    }

    private StagePlan inStandbyMarkPlan(Pass pass, String passive) {
      return new StagePlan.Changes(
          List.of(new Plan.Row(passive, name(), "mark the standby as done", false)),
          Optional.empty(),
          () ->
              outcome(
                  run(
                      pass,
                      passive,
                      "mark " + passive + "'s standby for the OVD upgrade as done",
                      ": > " + IN_STANDBY_MARK,
                      "the operator tries again"),
                  List.of(passive + ": standby marked as done"),
                  passive + " is in standby for the upgrade"));
    }

    private StagePlan standbyPlan(Pass pass, State s, String passive, Optional<String> downtime) {
      String active = GuideHosts.otherSessionManager(pass.spec(), passive);
      String pcmk = pcmk(pass, passive);
      List<Plan.Row> rows = new ArrayList<>();
      rows.add(new Plan.Row(passive, name(), "pcs node standby " + pcmk, false));
      if (downtime.isPresent()) {
        rows.add(
            new Plan.Row(
                active,
                PREFIX + ": active session manager",
                "update OVD to " + s.target() + ", then pcs resource restart httpd",
                true));
        rows.add(
            new Plan.Row(
                passive,
                PREFIX + ": passive session manager",
                "mv "
                    + CONFIG
                    + " ~/session-manager.conf; update OVD to "
                    + s.target()
                    + "; unlink "
                    + CRON
                    + "; mv ~/session-manager.conf "
                    + CONFIG,
                false));
        rows.add(new Plan.Row(passive, LAST_STAGE, "pcs node unstandby " + pcmk, false));
      }
      return new StagePlan.Changes(
          rows,
          downtime,
          () -> {
            Optional<StageOutcome> failed =
                run(
                    pass,
                    passive,
                    "mark " + passive + " as in standby for the OVD upgrade",
                    "mkdir -p /var/lib/ovd-failover && printf '%s\\n' "
                        + ShellQuote.quote(s.target())
                        + " > "
                        + STANDBY_MARK,
                    "Nothing was changed in the cluster.");
            if (failed.isEmpty()) {
              failed =
                  run(
                      pass,
                      pass.view().node(),
                      "pcs node standby " + pcmk,
                      "pcs node standby " + ShellQuote.quote(pcmk),
                      "Nothing else was changed; the operator tries again.");
            }
            if (failed.isEmpty()) {
              failed =
                  run(
                      pass,
                      passive,
                      "mark " + passive + "'s standby for the OVD upgrade as done",
                      ": > " + IN_STANDBY_MARK,
                      "the operator tries again");
            }
            return outcome(
                failed,
                List.of(passive + ": pcs node standby " + pcmk),
                passive + " is in standby for the upgrade to OVD " + s.target());
          });
    }
  }

  /** Step 2: the update on the active session manager, and Apache restarted through Pacemaker. */
  static final class ActiveNode extends UpgradeStage {
    ActiveNode() {
      super("active session manager", Disruption.CLUSTER);
    }

    @Override
    public StagePlan plan(Pass pass) {
      State s = state(pass);
      if (s.active().isEmpty()) {
        return StagePlan.converged();
      }
      String a = s.active().get();
      String p = s.passive().get();
      if (!s.below().contains(a) && !s.marked(pass, a, RESTART_MARK)) {
        return StagePlan.converged();
      }
      if (!standby(pass, p)) {
        return new StagePlan.After(p + " in standby");
      }
      String pkg = pass.spec().effectiveSessionManagerPackage();
      String install =
          pass.contexts().get(a).profile().packageManager().versionInstallScript(pkg, s.target());
      String script =
          String.join(
              "\n",
              "set -e",
              "mkdir -p /var/lib/ovd-failover",
              ": > " + RESTART_MARK,
              // a failed update changed nothing to restart for (apt and dnf stop before they
              // unpack): no mark left, so going back in the spec restarts nothing
              "(\n" + install + "\n) || { r=$?; rm -f " + RESTART_MARK + "; exit $r; }",
              "pcs resource restart httpd",
              "rm -f " + RESTART_MARK);
      List<Plan.Row> rows =
          List.of(
              new Plan.Row(a, name(), "update " + pkg + " to " + s.target(), true),
              new Plan.Row(a, name(), "pcs resource restart httpd", true));
      return new StagePlan.Changes(
          rows,
          Optional.of("appendix 3: pcs resource restart httpd on " + a + ", which serves"),
          () -> {
            Optional<StageOutcome> failed =
                run(
                    pass,
                    a,
                    "update OVD to " + s.target() + " and restart httpd",
                    script,
                    a
                        + " still serves the farm and "
                        + p
                        + " stays in standby, out of the failover, at its version. Fix the cause"
                        + " (the package or its repository on "
                        + a
                        + ") and the operator tries again; or set spec.ovdVersion back to the"
                        + " installed version and the operator puts "
                        + p
                        + " back in production");
            return outcome(
                failed,
                List.of(
                    a + ": " + pkg + " updated to " + s.target(),
                    a + ": pcs resource restart httpd"),
                a + " runs OVD " + s.target());
          });
    }
  }

  /** Step 3: the passive session manager, its configuration away while it is updated. */
  static final class PassiveNode extends UpgradeStage {
    PassiveNode() {
      super("passive session manager", Disruption.NODE_SERVICES);
    }

    @Override
    public StagePlan plan(Pass pass) {
      State s = state(pass);
      if (s.passive().isEmpty()) {
        return StagePlan.converged();
      }
      String p = s.passive().get();
      String a = s.active().get();
      if (!s.below().contains(p) && !s.marked(pass, p, CONFIG_AWAY)) {
        return StagePlan.converged();
      }
      if (s.below().contains(a) || s.marked(pass, a, RESTART_MARK)) {
        return new StagePlan.After("the update of " + a);
      }
      // safety: the node is updated only while it cannot take the resources
      if (!standby(pass, p)) {
        return new StagePlan.Held(p + " is not in standby: it could take the resources");
      }
      String pkg = pass.spec().effectiveSessionManagerPackage();
      String install =
          pass.contexts().get(p).profile().packageManager().versionInstallScript(pkg, s.target());
      String c = ShellQuote.quote(CONFIG);
      String away = ShellQuote.quote(CONFIG_AWAY);
      String cron = ShellQuote.quote(CRON);
      // each line can be run again after a crash: the configuration is away exactly while the
      // away file exists
      String script =
          String.join(
              "\n",
              "set -e",
              "if [ -e " + c + " ] && [ ! -e " + away + " ]; then mv " + c + " " + away + "; fi",
              install,
              "if [ -e " + cron + " ] || [ -L " + cron + " ]; then unlink " + cron + "; fi",
              "if [ -e " + away + " ] && [ ! -e " + c + " ]; then mv " + away + " " + c + "; fi");
      List<Plan.Row> rows =
          List.of(
              new Plan.Row(p, name(), "mv " + CONFIG + " ~/session-manager.conf", false),
              new Plan.Row(p, name(), "update " + pkg + " to " + s.target(), false),
              new Plan.Row(p, name(), "unlink " + CRON, false),
              new Plan.Row(p, name(), "mv ~/session-manager.conf " + CONFIG, false));
      return new StagePlan.Changes(
          rows,
          Optional.empty(),
          () -> {
            Optional<StageOutcome> failed =
                run(
                    pass,
                    p,
                    "update OVD to " + s.target() + " with the configuration away",
                    script,
                    a
                        + " serves the farm at OVD "
                        + s.target()
                        + "; "
                        + p
                        + " stays in standby, its configuration in "
                        + CONFIG_AWAY
                        + " while that file exists. Fix the package on "
                        + p
                        + " (apt-get -f install, or the repository) and the operator tries again");
            return outcome(
                failed,
                List.of(
                    p + ": " + CONFIG + " moved away",
                    p + ": " + pkg + " updated to " + s.target(),
                    p + ": " + CRON + " unlinked",
                    p + ": " + CONFIG + " back"),
                p + " runs OVD " + s.target());
          });
    }
  }

  /** Step 4: the passive session manager back in production, the operator's mark removed. */
  static final class BackInProduction extends UpgradeStage {
    BackInProduction() {
      super("back in production", Disruption.CLUSTER);
    }

    @Override
    public String name() {
      return LAST_STAGE;
    }

    @Override
    public StagePlan plan(Pass pass) {
      State s = state(pass);
      if (s.passive().isEmpty()) {
        return StagePlan.converged();
      }
      String p = s.passive().get();
      if (!s.below().isEmpty()
          || s.marked(pass, p, CONFIG_AWAY)
          || s.marked(pass, s.active().get(), RESTART_MARK)) {
        return new StagePlan.After("both session managers at OVD " + s.target());
      }
      String pcmk = pcmk(pass, p);
      boolean inStandby = standby(pass, p);
      return new StagePlan.Changes(
          List.of(
              new Plan.Row(
                  p,
                  name(),
                  inStandby ? "pcs node unstandby " + pcmk : "remove the OVD upgrade's marks",
                  false)),
          Optional.empty(),
          () -> {
            Optional<StageOutcome> failed = Optional.empty();
            if (inStandby) {
              failed =
                  run(
                      pass,
                      pass.view().node(),
                      "pcs node unstandby " + pcmk,
                      "pcs node unstandby " + ShellQuote.quote(pcmk),
                      p + " stays in standby; the operator tries again");
            }
            if (failed.isEmpty()) {
              failed =
                  run(
                      pass,
                      p,
                      "remove the OVD upgrade's standby marks",
                      // the standby mark last: without it the other is never read
                      "rm -f " + IN_STANDBY_MARK + " && rm -f " + STANDBY_MARK,
                      "the operator tries again");
            }
            return outcome(
                failed,
                List.of(
                    p
                        + (inStandby
                            ? ": pcs node unstandby " + pcmk
                            : ": out of standby already, the marks removed")),
                "both session managers run OVD "
                    + s.target()
                    + "; "
                    + p
                    + " is back in production");
          });
    }
  }
}
