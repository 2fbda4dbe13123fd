package io.ovdfailover.dev;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.SshAccessSpec;
import io.ovdfailover.converge.GuideConverger;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.ssh.SshConnectionPool;
import io.ovdfailover.hosts.ssh.SshSettings;
import io.ovdfailover.hosts.ssh.SshTarget;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Developer tool, not a test: converges the project's lab (e2e/lab must be up) pass by pass and
 * prints what each pass did. Usage: java -cp ... io.ovdfailover.dev.LabConverge [maxPasses]
 */
public final class LabConverge {
  public static void main(String[] args) throws Exception {
    Properties env = labEnv();
    OvdFailoverClusterSpec spec = labSpec();
    spec.maintenance.allowDowntime = true;
    SshConnectionPool pool = guardedPool();
    Map<String, HostShell> shells = labShells(pool, env, spec);
    GuideConverger c =
        new GuideConverger(
            spec,
            shells::get,
            new GuideConverger.Secrets("lab-hacluster-pw"),
            true,
            new io.ovdfailover.converge.DatabaseStep(
                shells::get,
                new io.ovdfailover.steps.database.DbCredentials("ovd", "lab-ovd-db-pw")));
    int max = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    for (int i = 1; i <= max; i++) {
      long t0 = System.nanoTime();
      pool.counter().resetAll();
      GuideConverger.Result r = c.pass();
      System.out.printf(
          "pass %d: %s [%s] %.1fs mutating=%d reads=%d: %s%n",
          i,
          r.outcome(),
          r.stage(),
          (System.nanoTime() - t0) / 1e9,
          sum(pool, true),
          sum(pool, false),
          r.message());
      r.crmMon()
          .ifPresent(
              crm ->
                  System.out.printf(
                      "   cluster view: quorum=%s httpd on %s, online %s%n",
                      crm.withQuorum(),
                      crm.resource("httpd").flatMap(x -> x.node()).orElse("-"),
                      crm.nodes().stream().filter(n -> n.online()).map(n -> n.name()).toList()));
      pool.counter()
          .snapshot()
          .forEach(
              (node, counts) ->
                  System.out.printf(
                      "   %s: read=%d mutating=%d%n", node, counts.read(), counts.mutating()));
      r.done().forEach(d -> System.out.println("   done: " + d));
      r.pending().forEach(p -> System.out.println("   pending: " + p));
      if (r.outcome() != GuideConverger.Outcome.PROGRESSED) break;
    }
    pool.close();
  }

  /** A pool whose connections can only reach lab addresses through the lab's own veth. */
  static SshConnectionPool guardedPool() {
    // never let a lab address leave through the default route when the lab is down
    return new SshConnectionPool(
        SshSettings.defaults()
            .withEgressGuard(io.ovdfailover.hosts.ssh.EgressGuard.of("198.18.0.0/24", "ovdlab0")));
  }

  /** Root shells to every node of the spec, pinned to the host keys the lab exported. */
  static Map<String, HostShell> labShells(
      SshConnectionPool pool, Properties env, OvdFailoverClusterSpec spec) throws Exception {
    byte[] key = Files.readAllBytes(Path.of(env.getProperty("lab.key.root")));
    Map<String, HostShell> shells = new HashMap<>();
    for (NodeSpec n : spec.allNodes()) {
      SshAccessSpec a = new SshAccessSpec();
      a.host = env.getProperty("node." + n.name + ".svc");
      a.hostKey = env.getProperty("node." + n.name + ".hostkey");
      shells.put(n.name, pool.shell(n.name, SshTarget.from(n.name, a, key)));
    }
    return shells;
  }

  static long sum(SshConnectionPool pool, boolean mutating) {
    return pool.counter().snapshot().values().stream()
        .mapToLong(c -> mutating ? c.mutating() : c.read())
        .sum();
  }

  static Properties labEnv() throws Exception {
    Process p = new ProcessBuilder("e2e/lab", "env").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException("e2e/lab env failed: " + out);
    Properties props = new Properties();
    props.load(new StringReader(out));
    return props;
  }

  public static OvdFailoverClusterSpec labSpec() {
    return io.ovdfailover.testsupport.Samples.cluster("default", "lab").getSpec();
  }
}
