package io.ovdfailover.e2e;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs e2e/scenarios/legacy-osmha on the lab: the legacy guide's EL7 variant of the pair (a
 * two-node Pacemaker cluster "osmha" with no-quorum-policy=ignore, virtual_ip, WebServer and OSM),
 * with the lab's pcs, on osm1 and osm2. The memcache sessions, the rsync keys and osm-inotify.pl
 * are the same parts of the legacy guide as the Heartbeat pair's: their scripts come from
 * e2e/scenarios/legacy-heartbeat. The hacluster password travels on stdin only.
 */
final class LegacyOsmhaScenario {
  static final Path DIR = Path.of("scenarios/legacy-osmha");
  static final String CLUSTER_NAME = "osmha";

  private final OvdFailoverClusterSpec spec;
  private final String haclusterPassword;
  private final ScenarioScripts own;
  private final ScenarioScripts shared;

  /** One line per script run: node, script, seconds. */
  final List<String> log;

  LegacyOsmhaScenario(Lab lab, OvdFailoverClusterSpec spec, String haclusterPassword) {
    this.spec = spec;
    this.haclusterPassword = haclusterPassword;
    this.own = new ScenarioScripts(lab, DIR);
    this.shared = new ScenarioScripts(lab, LegacyHeartbeatScenario.DIR);
    this.log = own.log;
  }

  /** The legacy guide's EL7 setup; throws at the first script that fails, naming it. */
  void run() {
    NodeSpec osm1 = spec.sessionManagers.get(0);
    NodeSpec osm2 = spec.sessionManagers.get(1);
    String farmNet = spec.vip.address.replaceAll("\\.\\d+$", ".0") + "/" + spec.vip.cidrNetmask;
    for (NodeSpec n : spec.sessionManagers) {
      own.run(n.name, "10-packages.sh", env(), null);
    }
    LegacyHeartbeatScenario.sessionsKeysAndInotify(spec, shared);
    for (NodeSpec n : spec.sessionManagers) {
      own.run(
          n.name,
          "41-osm-failover-service.sh",
          env("FARM_NET", farmNet, "VIRTUAL_IP", spec.vip.address),
          null);
      own.run(n.name, "42-apache-status.sh", env(), null);
      own.run(n.name, "50-pcsd.sh", env(), haclusterPassword);
    }
    own.run(
        osm1.name,
        "51-cluster.sh",
        env(
            "CLUSTER_NAME", CLUSTER_NAME,
            "OSM1", osm1.name,
            "OSM1_ADDR", osm1.privateAddress,
            "OSM2", osm2.name,
            "OSM2_ADDR", osm2.privateAddress,
            "VIRTUAL_IP", spec.vip.address,
            "CIDR_NETMASK", String.valueOf(spec.vip.cidrNetmask),
            "APACHE_CONF", "/etc/apache2/apache2.conf"),
        haclusterPassword);
    log.addAll(shared.log);
  }

  private static Map<String, String> env(String... kv) {
    return ScenarioScripts.env(kv);
  }
}
