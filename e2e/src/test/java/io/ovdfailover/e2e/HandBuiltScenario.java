package io.ovdfailover.e2e;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs e2e/scenarios/hand-built on the lab: the current guide's chapters I-VI as an admin types
 * them, on the nodes the guide names, in its order. Values come from the spec (the lab sample's
 * addresses and names); the two passwords travel on the scripts' stdin only. See the scenario's
 * README for where the lab differs from the guide's hosts.
 */
final class HandBuiltScenario {
  static final Path DIR = Path.of("scenarios/hand-built");

  private final Lab lab;
  private final OvdFailoverClusterSpec spec;
  private final String haclusterPassword;
  private final String dbPassword;

  private final ScenarioScripts scripts;

  /** One line per script run: node, script, seconds. */
  final List<String> log;

  HandBuiltScenario(
      Lab lab, OvdFailoverClusterSpec spec, String haclusterPassword, String dbPassword) {
    this.lab = lab;
    this.spec = spec;
    this.haclusterPassword = haclusterPassword;
    this.dbPassword = dbPassword;
    this.scripts = new ScenarioScripts(lab, DIR);
    this.log = scripts.log;
  }

  /** Chapters I to VI; throws at the first script that fails, naming it with its output. */
  void run() {
    String domain = "." + spec.privateNetwork.domain;
    NodeSpec osm1 = spec.sessionManagers.get(0);
    NodeSpec osm2 = spec.sessionManagers.get(1);
    NodeSpec db = spec.database.node;
    String hosts =
        spec.allNodes().stream()
            .map(n -> n.privateAddress + "=" + n.name + domain)
            .collect(Collectors.joining(" "));
    String netmask = netmask(Integer.parseInt(spec.privateNetwork.cidr.split("/")[1]));

    // chapter I, on every node
    for (NodeSpec n : spec.allNodes()) {
      run(
          n.name,
          "10-network.sh",
          env(
              "NODE", n.name,
              "PRIV_NIC", n.privateNic,
              "PRIV_ADDR", n.privateAddress,
              "PRIV_NETMASK", netmask,
              "PRIV_HOSTS", hosts),
          null);
    }
    // chapter III
    Map<String, String> database =
        env("DB_NAME", spec.database.name, "DB_USER", "ovd", "DB_HOST", db.name + domain);
    run(db.name, "20-database-node.sh", database, dbPassword);
    run(osm1.name, "21-switch-database.sh", database, dbPassword);
    // chapter IV
    Map<String, String> vip =
        env(
            "VIP_NIC", spec.vip.nic,
            "VIRTUAL_IP", spec.vip.address,
            "VIP_PREFIX", Integer.toString(spec.vip.cidrNetmask));
    for (NodeSpec n : spec.sessionManagers) {
      run(n.name, "30-vip-source.sh", vip, null);
    }
    run(osm1.name, "31-vip-on-osm1.sh", vip, null);
    waitFor(osm1.name, "systemctl is-active --quiet cluster-vip-src", "cluster-vip-src on osm1");
    // chapter V: each OSM knows the other as the-other-osm and has its sync key pair; then osm2
    // trusts osm1's key and scans osm1's host key, and osm1 the same of osm2 (the guide's order)
    String key1 =
        run(osm1.name, "40-the-other-osm.sh", env("OTHER_OSM_PRIV_NAME", osm2.name + domain), null)
            .strip();
    String key2 =
        run(osm2.name, "40-the-other-osm.sh", env("OTHER_OSM_PRIV_NAME", osm1.name + domain), null)
            .strip();
    run(
        osm2.name,
        "41-trust-the-other-osm.sh",
        env("OTHER_OSM_PRIV_ADDR", osm1.privateAddress, "OTHER_OSM_SYNC_KEY", lastLine(key1)),
        null);
    run(
        osm1.name,
        "41-trust-the-other-osm.sh",
        env("OTHER_OSM_PRIV_ADDR", osm2.privateAddress, "OTHER_OSM_SYNC_KEY", lastLine(key2)),
        null);
    run(osm1.name, "42-verify-sync-ssh.sh", env(), null);
    run(osm2.name, "42-verify-sync-ssh.sh", env("CHECK", "1"), null);
    run(osm2.name, "42-verify-sync-ssh.sh", env(), null);
    run(osm1.name, "42-verify-sync-ssh.sh", env("CHECK", "1"), null);
    for (NodeSpec n : spec.sessionManagers) {
      run(n.name, "43-lsyncd.sh", env(), null);
    }
    for (NodeSpec n : spec.pacemakerNodes()) {
      run(n.name, "44-pacemaker.sh", env(), haclusterPassword);
    }
    run(osm2.name, "45-replica.sh", env(), null);
    // chapter VI
    List<String> auth = spec.pacemakerNodes().stream().map(n -> n.name + domain).toList();
    List<String> quorum = spec.quorumNodes.stream().map(n -> n.name + domain).toList();
    List<String> core = new ArrayList<>();
    core.add(osm1.name + domain);
    core.addAll(quorum);
    run(
        osm1.name,
        "50-cluster.sh",
        env(
            "CLUSTER_NAME", spec.clusterName,
            "AUTH_NODES", String.join(" ", auth),
            "CORE_NODES", String.join(" ", core)),
        haclusterPassword);
    Map<String, String> resources = new LinkedHashMap<>(vip);
    resources.put("QUORUM_NODES", String.join(" ", quorum));
    run(osm1.name, "51-resources.sh", resources, null);
    run(osm1.name, "52-add-osm2.sh", env("SECOND_OSM", osm2.name + domain), null);
  }

  private String run(String node, String script, Map<String, String> env, String secret) {
    return scripts.run(node, script, env, secret);
  }

  private void waitFor(String node, String test, String what) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!lab.exec(node, test).ok()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("hand-built scenario: no " + what + " within 30 s");
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static String lastLine(String s) {
    return ScenarioScripts.lastLine(s);
  }

  private static Map<String, String> env(String... kv) {
    return ScenarioScripts.env(kv);
  }

  static String quote(String s) {
    return ScenarioScripts.quote(s);
  }

  private static String netmask(int prefix) {
    long mask = prefix == 0 ? 0 : 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
    return (mask >> 24 & 255)
        + "."
        + (mask >> 16 & 255)
        + "."
        + (mask >> 8 & 255)
        + "."
        + (mask & 255);
  }
}
