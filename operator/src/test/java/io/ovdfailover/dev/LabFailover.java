package io.ovdfailover.dev;

import io.ovdfailover.api.FailoverTestResult;
import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.SshAccessSpec;
import io.ovdfailover.failover.FailoverTestRun;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.ssh.EgressGuard;
import io.ovdfailover.hosts.ssh.SshConnectionPool;
import io.ovdfailover.hosts.ssh.SshSettings;
import io.ovdfailover.hosts.ssh.SshTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Developer tool, not a test: runs the chapter VII failover test on a converged lab.
 * Usage: java -cp ... io.ovdfailover.dev.LabFailover FROM TO [times]
 */
public final class LabFailover {
  public static void main(String[] args) throws Exception {
    Properties env = LabConverge.labEnv();
    OvdFailoverClusterSpec spec = LabConverge.labSpec();
    SshConnectionPool pool = new SshConnectionPool(SshSettings.defaults()
        .withEgressGuard(EgressGuard.of("198.18.0.0/24", "ovdlab0")));
    byte[] key = Files.readAllBytes(Path.of(env.getProperty("lab.key.root")));
    Map<String, HostShell> shells = new HashMap<>();
    for (NodeSpec n : spec.allNodes()) {
      SshAccessSpec a = new SshAccessSpec();
      a.host = env.getProperty("node." + n.name + ".svc");
      a.hostKey = env.getProperty("node." + n.name + ".hostkey");
      shells.put(n.name, pool.shell(n.name, SshTarget.from(n.name, a, key)));
    }
    String from = args[0];
    String to = args[1];
    int times = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    FailoverTestRun run = new FailoverTestRun(spec, shells::get, true, Clock.systemUTC(),
        e -> System.out.println("  event: " + e));
    for (int i = 1; i <= times; i++) {
      FailoverTestResult r = run.run("dev-" + i, from, to, "pcs3");
      System.out.printf("test %d: %s %s -> %s switchover=%.2fs per-resource=%s%n", i, r.result, from, to,
          r.switchoverSeconds == null ? Double.NaN : r.switchoverSeconds, r.resourceSeconds);
      String t = from;
      from = to;
      to = t;
    }
    pool.close();
  }
}
