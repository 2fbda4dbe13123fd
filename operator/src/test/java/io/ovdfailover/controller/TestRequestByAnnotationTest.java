package io.ovdfailover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.failover.FailoverRequests;
import io.ovdfailover.testsupport.EmbeddedOperator;
import io.ovdfailover.testsupport.Samples;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A failover test asked for with the annotation is taken up by the update itself, not by the next
 * periodic reconcile: here the periodic one is 10 minutes away, so the request can only be seen
 * through the event.
 */
class TestRequestByAnnotationTest {
  @Test
  void theAnnotationStartsAReconcileAtOnce() {
    try (EmbeddedOperator env = new EmbeddedOperator(Map.of("OBSERVE_INTERVAL", "10m"))) {
      var cluster =
          env.client.resources(OvdFailoverCluster.class).inNamespace("ann").withName("lab");
      env.client.resource(Samples.cluster("ann", "lab")).create();
      for (String n : Samples.NODE_NAMES) {
        env.client.resource(Samples.node("ann", "lab", n, Samples.octet(n))).create();
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> cluster.get().getStatus().nodes.size() == 5);

      cluster.edit(
          c -> {
            c.getMetadata().getAnnotations().put(FailoverRequests.ANNOTATION, "try-1");
            return c;
          });
      // without driving hosts the request is refused, and recorded: that record is the proof it was
      // seen
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                var test = cluster.get().getStatus().lastFailoverTest;
                assertThat(test.requestId).isEqualTo("try-1");
                assertThat(test.trigger).isEqualTo("Annotation");
                assertThat(test.result).isEqualTo("Refused");
              });
    }
  }
}
