package io.ovdfailover.testsupport;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ovdfailover.api.crd.CrdManifests;
import io.ovdfailover.app.OperatorRuntime;
import io.ovdfailover.app.OperatorSettings;
import io.ovdfailover.embedded.Admission;
import io.ovdfailover.embedded.EmbeddedApiServer;
import java.time.Instant;
import java.util.Map;

/**
 * The real JOSDK operator (the production wiring, JOSDK defaults) against the embedded API server
 * on a free loopback port, with the CRDs the build generated (and enforced, unless admission is
 * off).
 */
public final class EmbeddedOperator implements AutoCloseable {
  public final EmbeddedApiServer server;
  public final KubernetesClient client;
  public final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  public final OperatorRuntime operator;

  public EmbeddedOperator() {
    this(Map.of());
  }

  /**
   * @param env settings as environment variables (e.g. OBSERVE_INTERVAL)
   */
  public EmbeddedOperator(Map<String, String> env) {
    this(env, Admission.ON);
  }

  /**
   * @param admission {@link Admission#OFF} for objects a real operator meets that today's CRD would
   *     refuse
   */
  public EmbeddedOperator(Map<String, String> env, Admission admission) {
    server = EmbeddedApiServer.start(0, admission);
    client = server.newClient();
    CrdManifests.install(client);
    // the Kubernetes-side tests never contact a host, whatever runs on this machine (the lab may be
    // up)
    // tests that drive hosts keep SSH where the embedded launcher does (loopback and the lab's
    // veth)
    String[] args =
        env.containsKey("DRIVE_HOSTS")
            ? new String[] {"--ssh-egress=127.0.0.0/8,198.18.0.0/24@ovdlab0"}
            : new String[] {"--drive-hosts=false"};
    OperatorSettings settings = OperatorSettings.parse(args, env);
    operator = OperatorRuntime.start(client, settings, new SimpleMeterRegistry(), clock);
  }

  @Override
  public void close() {
    operator.close();
    client.close();
    server.close();
  }
}
