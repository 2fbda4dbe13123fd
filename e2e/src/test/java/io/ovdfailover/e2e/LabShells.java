package io.ovdfailover.e2e;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.SshAccessSpec;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.ssh.CommandCounter;
import io.ovdfailover.hosts.ssh.EgressGuard;
import io.ovdfailover.hosts.ssh.SshConnectionPool;
import io.ovdfailover.hosts.ssh.SshSettings;
import io.ovdfailover.hosts.ssh.SshTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The operator's way into the lab for tests that drive the hosts without the operator process. */
final class LabShells {
  private LabShells() {}

  /** The lab sample's cluster spec (deploy/samples/lab/10-cluster.yaml). */
  static OvdFailoverClusterSpec sampleSpec() throws IOException {
    try (InputStream in = Files.newInputStream(Path.of("../deploy/samples/lab/10-cluster.yaml"))) {
      return Serialization.unmarshal(in, OvdFailoverCluster.class).getSpec();
    }
  }

  /**
   * A pool as the operator's, whose connections may only leave through the lab's own veth: nothing
   * leaves the machine when the lab is down.
   */
  static SshConnectionPool guardedPool(CommandCounter counter) {
    return new SshConnectionPool(
        SshSettings.defaults().withEgressGuard(EgressGuard.of("198.18.0.0/24", "ovdlab0")),
        counter,
        null);
  }

  /** One shell per node of {@code spec}: root with the lab's key, each host key pinned. */
  static Map<String, HostShell> shells(Lab lab, SshConnectionPool pool, OvdFailoverClusterSpec spec)
      throws IOException, HostException {
    byte[] key = Files.readAllBytes(lab.rootKey());
    Map<String, HostShell> shells = new LinkedHashMap<>();
    for (NodeSpec n : spec.allNodes()) {
      SshAccessSpec a = new SshAccessSpec();
      a.host = lab.svcAddress(n.name);
      a.hostKey = lab.hostKey(n.name);
      shells.put(n.name, pool.shell(n.name, SshTarget.from(n.name, a, key)));
    }
    return shells;
  }

  /**
   * The operator's converger for {@code spec} over the lab's shells, with the database stage's
   * credentials for the {@code ovd} user.
   */
  static io.ovdfailover.converge.GuideConverger converger(
      OvdFailoverClusterSpec spec,
      Map<String, HostShell> shells,
      String haclusterPassword,
      String dbPassword,
      boolean allowDowntime) {
    return new io.ovdfailover.converge.GuideConverger(
        spec,
        shells::get,
        new io.ovdfailover.converge.GuideConverger.Secrets(haclusterPassword),
        allowDowntime,
        new io.ovdfailover.converge.DatabaseStep(
            shells::get, new io.ovdfailover.steps.database.DbCredentials("ovd", dbPassword)));
  }

  /** Mutating commands the pool ran since its counter was last reset. */
  static long mutating(SshConnectionPool pool) {
    return pool.counter().snapshot().values().stream()
        .mapToLong(io.ovdfailover.hosts.ssh.CommandCounter.Counts::mutating)
        .sum();
  }
}
