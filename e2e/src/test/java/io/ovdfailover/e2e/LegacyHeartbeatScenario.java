package io.ovdfailover.e2e;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs e2e/scenarios/legacy-heartbeat on the lab: the legacy guide's Heartbeat pair on osm1 and
 * osm2, in its order, with the lab sample's names and addresses. The authkeys secret travels on the
 * scripts' stdin only. See the scenario's README for where the lab differs from the guide.
 */
final class LegacyHeartbeatScenario {
  static final Path DIR = Path.of("scenarios/legacy-heartbeat");

  private final OvdFailoverClusterSpec spec;
  private final String authKey;

  private final ScenarioScripts scripts;

  /** One line per script run: node, script, seconds. */
  final List<String> log;

  LegacyHeartbeatScenario(Lab lab, OvdFailoverClusterSpec spec, String authKey) {
    this.spec = spec;
    this.authKey = authKey;
    this.scripts = new ScenarioScripts(lab, DIR);
    this.log = scripts.log;
  }

  /** The legacy guide's setup; throws at the first script that fails, naming it. */
  void run() {
    NodeSpec osm1 = spec.sessionManagers.get(0);
    NodeSpec osm2 = spec.sessionManagers.get(1);
    String prefix = spec.privateNetwork.cidr.split("/")[1];
    for (NodeSpec n : spec.sessionManagers) {
      run(
          n.name,
          "05-network.sh",
          env("PRIV_NIC", n.privateNic, "PRIV_ADDR", n.privateAddress, "PRIV_PREFIX", prefix),
          null);
      run(n.name, "10-packages.sh", env(), null);
    }
    sessionsKeysAndInotify(spec, scripts);
    String farmNet = spec.vip.address.replaceAll("\\.\\d+$", ".0") + "/" + spec.vip.cidrNetmask;
    for (NodeSpec n : spec.sessionManagers) {
      run(
          n.name,
          "50-heartbeat.sh",
          env(
              "NODES", osm1.name + " " + osm2.name,
              "BCAST", n.privateNic,
              "PING", spec.database.node.serviceAddress,
              "OWNER", osm1.name,
              "VIRTUAL_IP", spec.vip.address),
          authKey);
      run(
          n.name,
          "51-osm-failover.sh",
          env("FARM_NET", farmNet, "VIRTUAL_IP", spec.vip.address),
          null);
    }
    for (NodeSpec n : spec.sessionManagers) {
      run(n.name, "60-start.sh", env(), null);
    }
  }

  /**
   * The parts of the legacy guide both of its paths (Heartbeat, EL7's osmha) share, once each
   * session manager has its packages: memcache sessions, the root rsync keys trusted both ways and
   * checked, osm-inotify.pl pointed at the other node.
   */
  static void sessionsKeysAndInotify(OvdFailoverClusterSpec spec, ScenarioScripts scripts) {
    NodeSpec osm1 = spec.sessionManagers.get(0);
    NodeSpec osm2 = spec.sessionManagers.get(1);
    String memcache =
        "tcp://" + osm1.serviceAddress + ":11211,tcp://" + osm2.serviceAddress + ":11211";
    Map<String, String> keys = new LinkedHashMap<>();
    for (NodeSpec n : spec.sessionManagers) {
      scripts.run(
          n.name,
          "20-sessions.sh",
          env("OWN_ADDR", n.serviceAddress, "MEMCACHE_SERVERS", memcache),
          null);
      keys.put(n.name, lastLine(scripts.run(n.name, "30-rsync-key.sh", env(), null)));
    }
    for (NodeSpec n : spec.sessionManagers) {
      NodeSpec other = n == osm1 ? osm2 : osm1;
      scripts.run(
          n.name,
          "31-trust-the-other.sh",
          env("OTHER_KEY", keys.get(other.name), "OTHER_PRIV_ADDR", other.privateAddress),
          null);
    }
    for (NodeSpec n : spec.sessionManagers) {
      NodeSpec other = n == osm1 ? osm2 : osm1;
      scripts.run(n.name, "32-verify-ssh.sh", env("OTHER_PRIV_ADDR", other.privateAddress), null);
      scripts.run(n.name, "40-osm-inotify.sh", env("OTHER_PRIV_ADDR", other.privateAddress), null);
    }
  }

  private String run(String node, String script, Map<String, String> env, String secret) {
    return scripts.run(node, script, env, secret);
  }

  private static String lastLine(String s) {
    return ScenarioScripts.lastLine(s);
  }

  private static Map<String, String> env(String... kv) {
    return ScenarioScripts.env(kv);
  }
}
