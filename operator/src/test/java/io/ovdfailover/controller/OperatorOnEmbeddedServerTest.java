package io.ovdfailover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.ConditionType;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterStatus.NodeSummary;
import io.ovdfailover.testsupport.EmbeddedOperator;
import io.ovdfailover.testsupport.Samples;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real JOSDK operator with both reconcilers, JOSDK defaults (server-side apply for status),
 * against the embedded API server with the generated CRDs. Each test works in its own namespace.
 */
class OperatorOnEmbeddedServerTest {
  private static EmbeddedOperator env;

  @BeforeAll
  static void start() {
    env = new EmbeddedOperator();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  private static ConditionFactory eventually() {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions();
  }

  /**
   * A spec edit as kubectl would retry it: the operator writes status concurrently, and the
   * optimistic lock of a read-modify-write then answers 409 Conflict.
   */
  private static void edit(
      String ns, String name, java.util.function.UnaryOperator<OvdFailoverCluster> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        cluster(ns, name).edit(change);
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) throw e;
      }
    }
  }

  private static Resource<OvdFailoverCluster> cluster(String ns, String name) {
    return env.client.resources(OvdFailoverCluster.class).inNamespace(ns).withName(name);
  }

  private static Condition condition(OvdFailoverCluster c, String type) {
    return Conditions.find(c.getStatus().conditions, type)
        .orElseThrow(() -> new AssertionError("no " + type));
  }

  /** The status of {@code c}'s condition {@code type}. */
  private static String status(OvdFailoverCluster c, ConditionType type) {
    return condition(c, type.name()).getStatus();
  }

  /** The lab's sample cluster in {@code ns} and a ClusterNode for each of {@code nodes}. */
  private static void createLab(String ns, List<String> nodes) {
    env.client.resource(Samples.cluster(ns, "lab")).create();
    createNodes(ns, "lab", nodes);
  }

  private static void createNodes(String ns, String cluster, List<String> names) {
    for (String n : names) {
      env.client.resource(Samples.node(ns, cluster, n, Samples.octet(n))).create();
    }
  }

  @Test
  void clusterWithAllItsNodesGetsStatusConditionsAndAFinalizer() {
    String ns = "complete";
    createLab(ns, Samples.NODE_NAMES);

    eventually()
        .untilAsserted(
            () -> {
              OvdFailoverCluster c = cluster(ns, "lab").get();
              assertThat(c.getStatus().observedGeneration).isEqualTo(1L);
              assertThat(status(c, ConditionType.SpecValid)).isEqualTo("True");
              assertThat(status(c, ConditionType.NodesDefined)).isEqualTo("True");
              assertThat(condition(c, ConditionType.NodesDefined.name()).getReason())
                  .isEqualTo("AllNodesDefined");
              assertThat(c.getStatus().nodesReady).isEqualTo("0/5");
              assertThat(c.getStatus().phase).isEqualTo("Pending");
              assertThat(c.getStatus().nodes)
                  .extracting(s -> s.name + ":" + s.role + ":" + s.clusterNode)
                  .containsExactly(
                      "osm1:SessionManager:osm1",
                      "osm2:SessionManager:osm2",
                      "pcs3:Quorum:pcs3",
                      "pcs4:Quorum:pcs4",
                      "dbmy:Database:dbmy");
              assertThat(c.getMetadata().getFinalizers()).anyMatch(f -> f.endsWith("/finalizer"));
            });
    // the status patch carried status only: the spec is what the user wrote
    OvdFailoverCluster c = cluster(ns, "lab").get();
    assertThat(c.getSpec().vip.address).isEqualTo("198.18.0.100");
    assertThat(c.getMetadata().getGeneration()).isEqualTo(1L);

    eventually()
        .untilAsserted(
            () -> {
              ClusterNode osm2 =
                  env.client.resources(ClusterNode.class).inNamespace(ns).withName("osm2").get();
              assertThat(osm2.getStatus().role).isEqualTo("SessionManager");
              assertThat(osm2.getStatus().observedGeneration).isEqualTo(1L);
              Condition registered =
                  Conditions.find(osm2.getStatus().conditions, ConditionType.Registered.name())
                      .orElseThrow();
              assertThat(registered.getStatus()).isEqualTo("True");
              assertThat(registered.getReason()).isEqualTo("InTopology");
            });
  }

  @Test
  void missingClusterNodesAreNamedUntilTheyExist() {
    String ns = "missing";
    createLab(ns, List.of("osm1", "osm2", "pcs3"));

    eventually()
        .untilAsserted(
            () -> {
              OvdFailoverCluster c = cluster(ns, "lab").get();
              Condition defined = condition(c, ConditionType.NodesDefined.name());
              assertThat(defined.getStatus()).isEqualTo("False");
              assertThat(defined.getReason()).isEqualTo("ClusterNodeMissing");
              assertThat(defined.getMessage()).isEqualTo("missing ClusterNode for pcs4, dbmy");
              assertThat(c.getStatus().nodes)
                  .filteredOn(s -> s.name.equals("dbmy"))
                  .extracting(s -> s.clusterNode)
                  .containsExactly((String) null);
              assertThat(c.getStatus().nodesReady).isEqualTo("0/5");
            });

    // a new ClusterNode is an event for its cluster (secondary informer), not a wait for the next
    // observation
    createNodes(ns, "lab", List.of("pcs4", "dbmy"));
    eventually()
        .untilAsserted(
            () -> {
              OvdFailoverCluster c = cluster(ns, "lab").get();
              assertThat(status(c, ConditionType.NodesDefined)).isEqualTo("True");
              assertThat(c.getStatus().nodes)
                  .extracting((NodeSummary s) -> s.clusterNode)
                  .doesNotContainNull();
            });
  }

  @Test
  void invalidSpecIsReportedWithTheProblemsAndAWarningEvent() {
    String ns = "invalid";
    OvdFailoverCluster bad = Samples.cluster(ns, "lab");
    // past the CRD (its rule checks the cron's shape, not its ranges): the operator's own check
    bad.getSpec().failoverTest.schedule = "60 3 * * 0";
    env.client.resource(bad).create();

    eventually()
        .untilAsserted(
            () -> {
              OvdFailoverCluster c = cluster(ns, "lab").get();
              Condition valid = condition(c, ConditionType.SpecValid.name());
              assertThat(valid.getStatus()).isEqualTo("False");
              assertThat(valid.getReason()).isEqualTo("InvalidSpec");
              assertThat(valid.getMessage()).contains("spec.failoverTest.schedule");
              assertThat(c.getStatus().observedGeneration).isEqualTo(1L);
              // nothing else was looked at
              assertThat(c.getStatus().conditions)
                  .extracting(Condition::getType)
                  .doesNotContain(ConditionType.NodesDefined.name());
            });
    eventually()
        .untilAsserted(
            () -> {
              List<Event> events = env.client.v1().events().inNamespace(ns).list().getItems();
              assertThat(events)
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason()).isEqualTo("InvalidSpec");
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getInvolvedObject().getKind()).isEqualTo("OvdFailoverCluster");
                        assertThat(e.getInvolvedObject().getName()).isEqualTo("lab");
                        assertThat(e.getMessage()).contains("spec.failoverTest.schedule");
                      });
            });
  }

  @Test
  void specChangeMovesObservedGenerationButLastTransitionTimeOnlyOnAFlip() {
    String ns = "generations";
    createLab(ns, Samples.NODE_NAMES);
    // NodesDefined too: a reconcile that ran before every ClusterNode was in the cache set it False
    // first, and on a loaded machine the one that sees them all can come after the clock moved
    eventually()
        .untilAsserted(
            () -> {
              OvdFailoverCluster c = cluster(ns, "lab").get();
              assertThat(status(c, ConditionType.SpecValid)).isEqualTo("True");
              assertThat(status(c, ConditionType.NodesDefined)).isEqualTo("True");
            });
    String firstTransition =
        condition(cluster(ns, "lab").get(), ConditionType.SpecValid.name()).getLastTransitionTime();

    env.clock.advance(Duration.ofHours(1));
    edit(
        ns,
        "lab",
        c -> {
          c.getSpec().ovdVersion = "3.3.1";
          return c;
        });
    eventually()
        .untilAsserted(
            () -> {
              OvdFailoverCluster c = cluster(ns, "lab").get();
              assertThat(c.getMetadata().getGeneration()).isEqualTo(2L);
              assertThat(c.getStatus().observedGeneration).isEqualTo(2L);
              assertThat(condition(c, ConditionType.SpecValid.name()).getObservedGeneration())
                  .isEqualTo(2L);
            });
    OvdFailoverCluster afterChange = cluster(ns, "lab").get();
    assertThat(condition(afterChange, ConditionType.SpecValid.name()).getLastTransitionTime())
        .isEqualTo(firstTransition);
    assertThat(condition(afterChange, ConditionType.NodesDefined.name()).getLastTransitionTime())
        .isEqualTo(firstTransition);

    env.clock.advance(Duration.ofHours(1));
    String flipTime = env.clock.instant().toString();
    edit(
        ns,
        "lab",
        c -> {
          c.getSpec().failoverTest.schedule = "60 3 * * 0"; // past the CRD's rule, see above
          return c;
        });
    eventually()
        .untilAsserted(
            () -> {
              OvdFailoverCluster c = cluster(ns, "lab").get();
              assertThat(c.getStatus().observedGeneration).isEqualTo(3L);
              assertThat(status(c, ConditionType.SpecValid)).isEqualTo("False");
              assertThat(condition(c, ConditionType.SpecValid.name()).getLastTransitionTime())
                  .isEqualTo(flipTime);
            });
  }

  @Test
  void deletingTheClusterRunsCleanupAndTheObjectGoes() {
    String ns = "deletion";
    env.client.resource(Samples.cluster(ns, "lab")).create();
    eventually()
        .untilAsserted(
            () ->
                assertThat(cluster(ns, "lab").get().getMetadata().getFinalizers())
                    .anyMatch(f -> f.endsWith("/finalizer")));

    cluster(ns, "lab").delete();

    eventually().until(() -> cluster(ns, "lab").get() == null);
    eventually()
        .untilAsserted(
            () ->
                assertThat(env.client.v1().events().inNamespace(ns).list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("Released");
                          assertThat(e.getMessage()).contains("not touched");
                        }));
  }

  @Test
  void clusterNodeOutsideTheTopologyOrWithoutClusterIsNotRegistered() {
    String ns = "strays";
    env.client.resource(Samples.cluster(ns, "lab")).create();
    env.client.resource(Samples.node(ns, "lab", "osm9", 19)).create();
    env.client.resource(Samples.node(ns, "nowhere", "osm1", 11)).create();

    eventually()
        .untilAsserted(
            () -> {
              ClusterNode stray =
                  env.client.resources(ClusterNode.class).inNamespace(ns).withName("osm9").get();
              Condition registered =
                  Conditions.find(stray.getStatus().conditions, ConditionType.Registered.name())
                      .orElseThrow();
              assertThat(registered.getStatus()).isEqualTo("False");
              assertThat(registered.getReason()).isEqualTo("NotInTopology");
              assertThat(stray.getStatus().role).isNull();
            });
    eventually()
        .untilAsserted(
            () -> {
              ClusterNode orphan =
                  env.client.resources(ClusterNode.class).inNamespace(ns).withName("osm1").get();
              Condition registered =
                  Conditions.find(orphan.getStatus().conditions, ConditionType.Registered.name())
                      .orElseThrow();
              assertThat(registered.getReason()).isEqualTo("ClusterNotFound");
            });
  }

  @Test
  void topologyChangeReRegistersTheNode() {
    String ns = "topology";
    OvdFailoverCluster small = Samples.cluster(ns, "lab");
    small.getSpec().quorumNodes.remove(1);
    env.client.resource(small).create();
    createNodes(ns, "lab", List.of("pcs4"));
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.find(
                                env.client
                                    .resources(ClusterNode.class)
                                    .inNamespace(ns)
                                    .withName("pcs4")
                                    .get()
                                    .getStatus()
                                    .conditions,
                                ConditionType.Registered.name())
                            .orElseThrow()
                            .getReason())
                    .isEqualTo("NotInTopology"));

    edit(
        ns,
        "lab",
        c -> {
          c.getSpec().quorumNodes = Samples.cluster(ns, "lab").getSpec().quorumNodes;
          return c;
        });
    eventually()
        .untilAsserted(
            () -> {
              ClusterNode pcs4 =
                  env.client.resources(ClusterNode.class).inNamespace(ns).withName("pcs4").get();
              assertThat(pcs4.getStatus().role).isEqualTo("Quorum");
              assertThat(
                      Conditions.find(pcs4.getStatus().conditions, ConditionType.Registered.name())
                          .orElseThrow()
                          .getStatus())
                  .isEqualTo("True");
            });
  }
}
