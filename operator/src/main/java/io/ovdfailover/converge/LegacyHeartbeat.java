package io.ovdfailover.converge;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.HostFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legacy guide's two-node setup on the session managers: Heartbeat with {@code ha.cf}, {@code
 * authkeys} and {@code haresources} (the VIP and the OSM's start script), {@code osm-inotify.pl}
 * with rsync for the files, PHP sessions in memcache. What the operator reads of it to say what it
 * found; {@code authkeys} holds the pair's secret and is never read.
 *
 * @param heartbeatOn the session managers with Heartbeat (package, running daemon or {@code
 *     haresources})
 * @param runningOn those where the daemon runs
 * @param enabledOn those where it starts at boot
 * @param activeNode the session manager that holds the VIP now, if one does
 * @param preferredNode the first word of {@code haresources} (the node that owns the resources)
 * @param autoFailback {@code auto_failback} of {@code ha.cf}, if set
 * @param inotifyOn the session managers with {@code osm-inotify.pl}
 * @param memcacheOn the session managers where memcached runs or PHP's memcache is installed
 */
public record LegacyHeartbeat(
    List<String> heartbeatOn,
    List<String> runningOn,
    List<String> enabledOn,
    Optional<String> activeNode,
    Optional<String> preferredNode,
    Optional<String> autoFailback,
    List<String> inotifyOn,
    List<String> memcacheOn) {

  /** Debian's and Ubuntu's Heartbeat reads /etc/ha.d (/etc/heartbeat in the guide is the same). */
  static final String HA_CF = "/etc/ha.d/ha.cf";

  static final String HARESOURCES = "/etc/ha.d/haresources";
  static final String OSM_INOTIFY = "/sbin/osm-inotify.pl";
  static final String HEARTBEAT = "heartbeat";
  static final String MEMCACHED = "memcached";
  static final String PHP_MEMCACHE = "php-memcache";

  /** What {@link #read} needs of every node's probe. */
  static final FactsRequest PROBES =
      FactsRequest.ofPackages(List.of(HEARTBEAT, MEMCACHED, PHP_MEMCACHE))
          .plus(FactsRequest.ofUnits(List.of(HEARTBEAT, MEMCACHED)))
          .plus(FactsRequest.ofPublicFiles(List.of(HA_CF, HARESOURCES)))
          .plus(FactsRequest.ofPaths(List.of(OSM_INOTIFY)));

  private static final Pattern AUTO_FAILBACK = Pattern.compile("(?m)^\\s*auto_failback\\s+(\\S+)");

  /** The legacy setup on the session managers, or empty when neither has Heartbeat. */
  static Optional<LegacyHeartbeat> read(OvdFailoverClusterSpec spec, Map<String, HostFacts> facts) {
    List<String> heartbeat = new ArrayList<>();
    List<String> running = new ArrayList<>();
    List<String> enabled = new ArrayList<>();
    List<String> inotify = new ArrayList<>();
    List<String> memcache = new ArrayList<>();
    Optional<String> active = Optional.empty();
    Optional<String> preferred = Optional.empty();
    Optional<String> failback = Optional.empty();
    for (NodeSpec sm : spec.sessionManagers) {
      HostFacts f = facts.get(sm.name);
      if (f == null) continue;
      Optional<String> haresources = f.publicFile(HARESOURCES);
      boolean daemon = f.unit(HEARTBEAT).active();
      if (f.installed(HEARTBEAT) || daemon || haresources.isPresent()) {
        heartbeat.add(sm.name);
      }
      if (daemon) running.add(sm.name);
      if (f.unit(HEARTBEAT).enabled()) enabled.add(sm.name);
      if (hasOsmInotify(f)) inotify.add(sm.name);
      if (f.unit(MEMCACHED).active() || f.installed(PHP_MEMCACHE)) memcache.add(sm.name);
      if (active.isEmpty() && f.hasAddress(spec.vip.address)) active = Optional.of(sm.name);
      if (preferred.isEmpty()) {
        preferred = haresources.flatMap(LegacyHeartbeat::owner);
      }
      if (failback.isEmpty()) {
        failback =
            f.publicFile(HA_CF)
                .map(AUTO_FAILBACK::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1));
      }
    }
    if (heartbeat.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new LegacyHeartbeat(
            heartbeat, running, enabled, active, preferred, failback, inotify, memcache));
  }

  /** Whether the node has the legacy guide's {@code /sbin/osm-inotify.pl} (both of its paths). */
  static boolean hasOsmInotify(HostFacts f) {
    return f.probed(OSM_INOTIFY) && f.path(OSM_INOTIFY).exists();
  }

  /** The first word of the first line that is not a comment: the node that owns the resources. */
  static Optional<String> owner(String haresources) {
    for (String line : haresources.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) continue;
      return Optional.of(l.split("\\s+")[0]);
    }
    return Optional.empty();
  }

  /**
   * Whether Heartbeat runs, or would start at boot, on a session manager: it may then take the VIP.
   * Installed, stopped and disabled (what a migration leaves) it is retired.
   */
  boolean live() {
    return !runningOn.isEmpty() || !enabledOn.isEmpty();
  }

  /** Whether it runs or starts at boot on {@code node}. */
  boolean liveOn(String node) {
    return runningOn.contains(node) || enabledOn.contains(node);
  }

  /** One line for status and the plan: what was found, in the legacy guide's words. */
  String summary() {
    return "Heartbeat on "
        + heartbeatOn
        + (runningOn.isEmpty()
            ? (enabledOn.isEmpty()
                ? " (stopped and disabled)"
                : " (stopped, enabled at boot on " + enabledOn + ")")
            : " (running on " + runningOn + ")")
        + ", VIP "
        + activeNode.map(n -> "on " + n).orElse("on neither session manager")
        + preferredNode.map(n -> ", haresources owner " + n).orElse("")
        + autoFailback.map(a -> ", auto_failback " + a).orElse("")
        + "; files: "
        + (inotifyOn.isEmpty() ? "no osm-inotify.pl" : "osm-inotify.pl + rsync on " + inotifyOn)
        + "; PHP sessions: "
        + (memcacheOn.isEmpty() ? "no memcache" : "memcache on " + memcacheOn);
  }
}
