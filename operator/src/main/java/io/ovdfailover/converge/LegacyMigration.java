package io.ovdfailover.converge;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec.LegacyPairAction;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.UnitState;
import io.ovdfailover.pacemaker.CibPush;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.steps.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The legacy guide's Heartbeat pair's move to the current design (spec.legacyPair Migrate): what
 * {@link Procedures#legacyMigration} adds to the build's stages. Everything before the switch
 * leaves Heartbeat serving, so a failure there leaves the site as it was:
 *
 * <ol>
 *   <li>{@link Standby}: once Pacemaker runs on the first session manager and the quorum nodes,
 *       Heartbeat stops on the standby session manager (no service stops: it serves nothing), so
 *       that node can become the replica; the active node serves on, without a standby.
 *   <li>{@link #takeover}: the downtime, inside the resources' push: Heartbeat stops on the active
 *       node right before Pacemaker's resources are pushed, and is disabled once they are.
 *   <li>{@link Retirement}: PHP sessions back to files, memcached stopped, Heartbeat disabled
 *       wherever it would still start.
 * </ol>
 */
final class LegacyMigration {
  private LegacyMigration() {}

  static boolean migrating(OvdFailoverClusterSpec spec) {
    return spec.effectiveLegacyPair() == LegacyPairAction.Migrate;
  }

  /** What both stages read: the legacy setup, and cron in every profile. */
  static FactsRequest probes() {
    return LegacyHeartbeat.PROBES.plus(
        FactsRequest.ofUnits(
            DistroProfiles.ALL.stream().map(DistroProfile::cronService).distinct().toList()));
  }

  /**
   * Heartbeat's stop releases what it holds, cron among its resources; the current design's OSM
   * cron is a link Pacemaker's osm_cron manages, so cron runs again on every session manager.
   */
  static String stopHeartbeatKeepCron(String cron) {
    return "systemctl stop heartbeat && systemctl enable " + cron + " && systemctl start " + cron;
  }

  /**
   * What the migration's own stages share: they stop services on a session manager (so they are
   * held without a quorate view of a formed cluster) and read the legacy setup.
   */
  private abstract static class LegacyStage implements Stage {
    private final String name;

    LegacyStage(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Disruption disruption() {
      return Disruption.NODE_SERVICES;
    }

    @Override
    public FactsRequest probes(OvdFailoverClusterSpec spec) {
      return LegacyMigration.probes();
    }
  }

  /** Heartbeat on the standby session manager, while the first one serves. */
  static final class Standby extends LegacyStage {
    Standby() {
      super("legacy standby");
    }

    @Override
    public StagePlan plan(Pass pass) {
      Optional<LegacyHeartbeat> legacy = LegacyHeartbeat.read(pass.spec(), pass.facts());
      String standby = pass.secondSessionManager();
      if (!migrating(pass.spec()) || legacy.isEmpty() || !legacy.get().liveOn(standby)) {
        return StagePlan.converged();
      }
      if (!pass.situation().quorate() || !pass.situation().joined(pass.coordinator())) {
        return new StagePlan.Held(
            "Heartbeat on "
                + standby
                + " stops only once Pacemaker runs on "
                + pass.coordinator()
                + " with quorum (cluster formation): until then it is the pair's standby");
      }
      if (!legacy.get().activeNode().equals(Optional.of(pass.coordinator()))) {
        return new StagePlan.Held(
            "Heartbeat on "
                + standby
                + " stops only while "
                + pass.coordinator()
                + " serves (it holds the VIP): the pair would be left with no node serving");
      }
      return PreparationStage.planSteps(
          name(), pass, Map.of(pass.contexts().get(standby), List.of(new HeartbeatRetired(false))));
    }
  }

  /**
   * The switch, as part of the resources' push ({@link ResourcesStage}): the {@code pcs -f} edits
   * of the CIB copy come first, then Heartbeat stops on the active node (it releases the VIP, cron
   * and osm-failover.sh: osm-inotify.pl and its SNAT rule), cron runs again, the push follows at
   * once and Pacemaker starts the resources there. Heartbeat is disabled only once the push
   * succeeded; a failed push starts it again, so the pair serves as before. The stages before this
   * one formed the cluster and took the standby out, so Pacemaker can take the VIP at once.
   */
  static Optional<ResourcesStage.Takeover> takeover(Pass pass) {
    Optional<LegacyHeartbeat> legacy = LegacyHeartbeat.read(pass.spec(), pass.facts());
    String active = pass.coordinator();
    // running, or enabled and stopped (a switch whose undo failed): stopped, pushed, disabled
    if (!migrating(pass.spec()) || legacy.isEmpty() || !legacy.get().liveOn(active)) {
      return Optional.empty();
    }
    String cron = pass.contexts().get(active).profile().cronService();
    return Optional.of(
        new ResourcesStage.Takeover(
            active,
            new Plan.Row(
                active,
                "legacy switch",
                "stop Heartbeat right before the push (it releases the VIP, cron and"
                    + " osm-failover.sh: osm-inotify.pl and its SNAT rule), start "
                    + cron
                    + " again, disable Heartbeat once the push succeeded (a failed push starts it"
                    + " again)",
                true),
            "the VIP moves from Heartbeat to Pacemaker: the Session Manager is unreachable from"
                + " Heartbeat's stop on "
                + active
                + " until Pacemaker has started the resources there: expect seconds (Heartbeat's"
                + " own stop, the push, the resources' start; 5.7 s on the project's lab)",
            new CibPush.Around(
                stopHeartbeatKeepCron(cron),
                "systemctl start heartbeat || true",
                "systemctl disable heartbeat")));
  }

  /**
   * The EL7 variant's switch: its cluster of the two session managers cannot hold the new cluster's
   * members, so it is dissolved before the new one forms on osm1 and the quorum nodes. The standby
   * first (the active node serves on, no-quorum-policy=ignore), then the active node: {@code pcs
   * cluster stop} stops its resources (the VIP, Apache, osm-failover.sh with osm-inotify.pl and its
   * SNAT rule) before {@code pcs cluster destroy} removes its configuration; the guide's boot
   * settings (corosync, pacemaker and osm-failover.service enabled) are undone. The Session Manager
   * is down from there until the new cluster's resources run: formation, the replica and the push.
   */
  static final class Dissolve extends LegacyStage {
    Dissolve() {
      super("legacy cluster");
    }

    @Override
    public StagePlan plan(Pass pass) {
      Optional<LegacyCluster> cluster = LegacyCluster.read(pass);
      if (!migrating(pass.spec()) || cluster.isEmpty()) {
        return StagePlan.converged();
      }
      // the node that serves last
      List<String> order = new ArrayList<>();
      pass.spec().sessionManagers.forEach(n -> order.add(n.name));
      String last = cluster.get().activeNode().orElse(pass.coordinator());
      order.remove(last);
      order.add(last);
      List<Plan.Row> rows = new ArrayList<>();
      for (String node : order) {
        rows.add(
            new Plan.Row(
                node,
                name(),
                "stop the cluster '"
                    + cluster.get().name()
                    + "' here (pcs cluster stop"
                    + (node.equals(last) ? ": its resources stop" : "")
                    + "), destroy its configuration (pcs cluster destroy), disable corosync,"
                    + " pacemaker and osm-failover.service at boot",
                node.equals(last)));
      }
      return new StagePlan.Changes(
          rows,
          Optional.of(
              "the legacy cluster '"
                  + cluster.get().name()
                  + "' is dissolved: the Session Manager is unreachable from its stop on "
                  + last
                  + " until the new cluster's resources run on "
                  + pass.coordinator()
                  + ": expect about a minute (the new cluster's formation, the replica, the"
                  + " resources' push; 60.7 s on the project's lab)"),
          () -> Optional.of(dissolve(pass, order)));
    }

    private static GuideConverger.StageOutcome dissolve(Pass pass, List<String> order) {
      List<String> done = new ArrayList<>();
      for (String node : order) {
        Command c =
            Command.change(
                    "dissolve the legacy cluster here: pcs cluster stop, pcs cluster destroy,"
                        + " corosync, pacemaker and osm-failover.service disabled",
                    "set -e\npcs cluster stop --force\n"
                        + "pcs cluster destroy --force || pcs cluster destroy\n"
                        + "systemctl disable corosync pacemaker\n"
                        + "if systemctl cat "
                        + LegacyCluster.OSM_FAILOVER_UNIT
                        + ".service >/dev/null 2>&1; then systemctl disable --now "
                        + LegacyCluster.OSM_FAILOVER_UNIT
                        + ".service; fi")
                .withTimeout(java.time.Duration.ofSeconds(180));
        try {
          pass.shells().apply(node).runChecked(c);
        } catch (io.ovdfailover.hosts.HostException e) {
          return new GuideConverger.StageOutcome(
              GuideConverger.Outcome.FAILED, done, List.of(), e.getMessage());
        }
        done.add(node + ": " + c.description());
      }
      return new GuideConverger.StageOutcome(
          GuideConverger.Outcome.PROGRESSED, done, List.of(), done.size() + " actions");
    }
  }

  /**
   * After the switch: what is left of the legacy pair. Heartbeat disabled wherever it would still
   * start at boot (a crash between the push and its disable); on a session manager with PHP's
   * memcache module (the legacy guide's session sharing, on both of its paths), PHP sessions back
   * to files and memcached stopped.
   */
  static final class Retirement extends LegacyStage {
    Retirement() {
      super("legacy retirement");
    }

    @Override
    public StagePlan plan(Pass pass) {
      if (!migrating(pass.spec())) {
        return StagePlan.converged();
      }
      // both of the legacy guide's paths keep PHP sessions in memcache; only the Heartbeat one has
      // a Heartbeat to disable
      Optional<LegacyHeartbeat> heartbeat = LegacyHeartbeat.read(pass.spec(), pass.facts());
      Map<NodeContext, List<Step>> steps = new LinkedHashMap<>();
      for (var sm : pass.spec().sessionManagers) {
        List<Step> own = new ArrayList<>();
        if (heartbeat.isPresent() && heartbeat.get().liveOn(sm.name)) {
          boolean serving =
              heartbeat.get().runningOn().contains(sm.name)
                  && heartbeat.get().activeNode().equals(Optional.of(sm.name));
          own.add(new HeartbeatRetired(serving));
        }
        // only where the legacy guide built the pair (osm-inotify.pl, on both of its paths): a
        // site's own memcached is not the operator's to stop
        var f = pass.facts().get(sm.name);
        if (LegacyHeartbeat.hasOsmInotify(f) && f.installed(LegacyHeartbeat.PHP_MEMCACHE)) {
          own.add(new MemcacheRetired());
        }
        steps.put(pass.contexts().get(sm.name), own);
      }
      return PreparationStage.planSteps(name(), pass, steps);
    }
  }

  /**
   * Heartbeat stopped and disabled on one node. Stopping it releases what it holds there (the VIP,
   * cron, osm-failover.sh); cron runs again afterwards, since the current design's OSM cron is a
   * link Pacemaker's osm_cron manages and cron must run on both nodes.
   */
  static final class HeartbeatRetired implements Step {
    private final boolean serving;

    /**
     * @param serving whether the node holds the VIP: its stop interrupts the Session Manager
     */
    HeartbeatRetired(boolean serving) {
      this.serving = serving;
    }

    @Override
    public String name() {
      return "heartbeat retired";
    }

    @Override
    public boolean downtime() {
      return serving;
    }

    @Override
    public FactsRequest probes() {
      return LegacyMigration.probes();
    }

    @Override
    public List<Command> changes(NodeContext node) {
      UnitState heartbeat = node.facts().unit(LegacyHeartbeat.HEARTBEAT);
      if (!heartbeat.active() && !heartbeat.enabled()) {
        return List.of();
      }
      String cron = node.profile().cronService();
      // disabled last: a failure before leaves Heartbeat enabled, so the next pass runs all again
      return List.of(
          Command.change(
                  (serving
                          ? "stop Heartbeat (it releases the VIP, stops cron and osm-failover.sh:"
                              + " osm-inotify.pl and its SNAT rule)"
                          : "stop Heartbeat on the standby (it holds nothing)")
                      + ", start "
                      + cron
                      + " again (Heartbeat stopped it as a resource), disable Heartbeat at boot",
                  stopHeartbeatKeepCron(cron) + " && systemctl disable heartbeat")
              // Heartbeat's stop waits for its resources' stop scripts
              .withTimeout(java.time.Duration.ofSeconds(120)));
    }
  }

  /**
   * The legacy guide's memcache sessions undone: the two php.ini lines its "Configuring sessions
   * sharing" added go (PHP's default, files, applies again), Apache reloads if it runs, and
   * memcached stops and is disabled. The php.ini edit comes first, so a memcached still live means
   * the step has not finished.
   */
  static final class MemcacheRetired implements Step {
    @Override
    public String name() {
      return "memcache sessions retired";
    }

    @Override
    public FactsRequest probes() {
      return LegacyHeartbeat.PROBES;
    }

    @Override
    public List<Command> changes(NodeContext node) {
      UnitState memcached = node.facts().unit(LegacyHeartbeat.MEMCACHED);
      if (!memcached.active() && !memcached.enabled()) {
        return List.of();
      }
      return List.of(
          Command.change(
              "PHP sessions back to files: remove session.save_handler = memcache and its"
                  + " save_path from php.ini, reload Apache (the web console's sessions kept in"
                  + " memcache are lost: its users log in again)",
              "for ini in /etc/php/*/*/php.ini; do [ -f \"$ini\" ] || continue; sed -i"
                  + " -e '/^session\\.save_handler *= *memcache *$/d'"
                  + " -e '/^session\\.save_path *= *.*:11211/d' \"$ini\"; done;"
                  // Pacemaker's apache agent starts Apache itself, not through systemd
                  + " if pidof apache2 >/dev/null || pidof httpd >/dev/null; then apachectl -k"
                  + " graceful; fi"),
          Command.change(
              "stop memcached and disable it at boot",
              "systemctl stop memcached && systemctl disable memcached"));
    }
  }
}
