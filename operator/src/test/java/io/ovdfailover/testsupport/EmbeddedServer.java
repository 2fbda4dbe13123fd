package io.ovdfailover.testsupport;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovdfailover.api.crd.CrdManifests;
import io.ovdfailover.embedded.EmbeddedApiServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The embedded API server with the operator's CRDs installed and a client, for one test class:
 * {@code @RegisterExtension static final EmbeddedServer API = new EmbeddedServer();}.
 */
public final class EmbeddedServer implements BeforeAllCallback, AfterAllCallback {
  private EmbeddedApiServer server;
  private KubernetesClient client;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = EmbeddedApiServer.start(0);
    client = server.newClient();
    CrdManifests.install(client);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    client.close();
    server.close();
  }

  public EmbeddedApiServer server() {
    return server;
  }

  public KubernetesClient client() {
    return client;
  }
}
