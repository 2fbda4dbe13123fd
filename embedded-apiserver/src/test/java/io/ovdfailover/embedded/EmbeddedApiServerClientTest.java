package io.ovdfailover.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

class EmbeddedApiServerClientTest {
  @Test
  void theClientTalksToLoopbackOnly() {
    try (EmbeddedApiServer server = EmbeddedApiServer.start(0);
        KubernetesClient client = server.newClient()) {
      var config = client.getConfiguration();
      assertThat(config.getMasterUrl()).startsWith("http://127.0.0.1:");
      assertThat(config.getHttpProxy()).isNull();
      assertThat(config.getHttpsProxy()).isNull();
      assertThat(client.namespaces().list().getItems()).isEmpty();
    }
  }
}
