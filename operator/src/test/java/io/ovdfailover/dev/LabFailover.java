package io.ovdfailover.dev;

import io.ovdfailover.api.FailoverTestResult;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.failover.FailoverTestRun;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.ssh.SshConnectionPool;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;

/**
 * Developer tool, not a test: runs the chapter VII failover test on a converged lab. Usage: java
 * -cp ... io.ovdfailover.dev.LabFailover FROM TO [times]
 */
public final class LabFailover {
  public static void main(String[] args) throws Exception {
    Properties env = LabConverge.labEnv();
    OvdFailoverClusterSpec spec = LabConverge.labSpec();
    SshConnectionPool pool = LabConverge.guardedPool();
    Map<String, HostShell> shells = LabConverge.labShells(pool, env, spec);
    String from = args[0];
    String to = args[1];
    int times = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    FailoverTestRun run =
        new FailoverTestRun(
            spec, shells::get, Clock.systemUTC(), e -> System.out.println("  event: " + e));
    for (int i = 1; i <= times; i++) {
      FailoverTestResult r = run.run("dev-" + i, from, to, "pcs3");
      System.out.printf(
          "test %d: %s %s -> %s switchover=%.2fs per-resource=%s%n",
          i,
          r.result,
          from,
          to,
          r.switchoverSeconds == null ? Double.NaN : r.switchoverSeconds,
          r.resourceSeconds);
      String t = from;
      from = to;
      to = t;
    }
    pool.close();
  }
}
