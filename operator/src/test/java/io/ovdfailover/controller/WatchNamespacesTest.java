package io.ovdfailover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.testsupport.EmbeddedOperator;
import io.ovdfailover.testsupport.Samples;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WATCH_NAMESPACES restricts both reconcilers and their secondary informers. */
class WatchNamespacesTest {
  @Test
  void onlyTheWatchedNamespaceIsReconciled() {
    try (EmbeddedOperator env = new EmbeddedOperator(Map.of("WATCH_NAMESPACES", "watched"))) {
      // the ignored objects go in first, so they had every chance to be picked up
      env.client.resource(Samples.cluster("ignored", "lab")).create();
      env.client.resource(Samples.node("ignored", "lab", "osm1", 11)).create();
      env.client.resource(Samples.cluster("watched", "lab")).create();
      env.client.resource(Samples.node("watched", "lab", "osm1", 11)).create();

      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                assertThat(
                        env.client
                            .resources(OvdFailoverCluster.class)
                            .inNamespace("watched")
                            .withName("lab")
                            .get()
                            .getStatus()
                            .nodes)
                    .filteredOn(n -> "osm1".equals(n.clusterNode))
                    .hasSize(1);
                assertThat(
                        env.client
                            .resources(ClusterNode.class)
                            .inNamespace("watched")
                            .withName("osm1")
                            .get()
                            .getStatus()
                            .role)
                    .isEqualTo("SessionManager");
              });
      assertThat(
              env.client
                  .resources(OvdFailoverCluster.class)
                  .inNamespace("ignored")
                  .withName("lab")
                  .get()
                  .getStatus())
          .isNull();
      assertThat(
              env.client
                  .resources(ClusterNode.class)
                  .inNamespace("ignored")
                  .withName("osm1")
                  .get()
                  .getStatus())
          .isNull();
    }
  }
}
