package io.ovdfailover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.ConditionType;
import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.embedded.Admission;
import io.ovdfailover.testsupport.EmbeddedOperator;
import io.ovdfailover.testsupport.Samples;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's corpus: every invalid object of the spec corpus, objects of the wrong shape written
 * past the schema, and a cluster with one invalid ClusterNode, all applied to the real operator
 * (driving hosts) on the embedded API server. The operator never exits, never dials a host for them
 * (a loopback port counts every connection), and each object gets SpecValid=False (or the cluster
 * ClusterNodeInvalid) with a message naming its field.
 */
class BadObjectsOnEmbeddedServerTest {
  static final Path INVALID = Path.of("src/test/resources/invalid-specs");
  static final String PLURAL_CLUSTERS =
      "/apis/ovdfailover.io/v1alpha1/namespaces/%s/ovdfailoverclusters";

  /**
   * Objects of the wrong shape: what the CRD's schema rejects, handed over anyway (version skew,
   * old objects).
   */
  static final Map<String, String> WRONG_SHAPES =
      Map.of(
          "shape-map-for-list", "{\"spec\":{\"quorumNodes\":{\"pcs3\":{\"name\":\"pcs3\"}}}}",
          "shape-quoted-number",
              "{\"spec\":{\"vip\":{\"address\":\"198.18.0.100\",\"cidrNetmask\":\"24\"}}}",
          "shape-quoted-boolean", "{\"spec\":{\"paused\":\"true\"}}",
          "shape-list-for-string", "{\"spec\":{\"clusterName\":[\"a\",\"b\"]}}",
          "shape-number-for-object", "{\"spec\":{\"pacemaker\":7}}",
          "shape-string-for-spec-list", "{\"spec\":{\"sessionManagers\":\"osm1,osm2\"}}",
          "shape-object-for-boolean",
              "{\"spec\":{\"maintenance\":{\"allowDowntime\":{\"yes\":1}}}}",
          "shape-huge-value", "{\"spec\":{\"clusterName\":\"" + "x".repeat(100_000) + "\"}}");

  /**
   * A loopback port that counts the connections made to it (an sshd stand-in that answers nothing).
   */
  static final class CountingPort implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();

    CountingPort() throws java.io.IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread t =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    socket.accept().close();
                    connections.incrementAndGet();
                  } catch (java.io.IOException e) {
                    return;
                  }
                }
              });
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() throws java.io.IOException {
      socket.close();
    }
  }

  @Test
  void noBadObjectStopsTheOperatorOrMakesItDialAndEachIsToldWhy() throws Exception {
    Path keyDir = Files.createTempDirectory("bad-objects");
    Process keygen =
        new ProcessBuilder(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "",
                "-f",
                keyDir.resolve("k").toString())
            .redirectErrorStream(true)
            .start();
    assertThat(keygen.waitFor()).isZero();
    String privateKey = Files.readString(keyDir.resolve("k"));
    List<CountingPort> sshd = new ArrayList<>();
    List<CountingPort> control = new ArrayList<>();
    for (int i = 0; i < Samples.NODE_NAMES.size(); i++) {
      sshd.add(new CountingPort());
      control.add(new CountingPort());
    }
    try {
      // Admission off: the API server would refuse these objects, but a real operator still meets
      // them: objects stored before the CRD's schema changed, or written past an API server of
      // another version (version skew). The operator's own validation is what is tested here.
      try (EmbeddedOperator env =
          new EmbeddedOperator(
              Map.of("DRIVE_HOSTS", "true", "OBSERVE_INTERVAL", "2s", "RETRY_INTERVAL", "1s"),
              Admission.OFF)) {
        // the spec corpus, each object alone in its namespace
        YAMLMapper yaml = new YAMLMapper();
        List<String[]> expected = new ArrayList<>(); // kind, namespace, name, expected text
        List<Path> files;
        try (Stream<Path> s = Files.list(INVALID)) {
          files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path f : files) {
          String ns =
              f.getFileName()
                  .toString()
                  .replace(".yaml", "")
                  .toLowerCase()
                  .replaceAll("[^a-z0-9-]", "-");
          ns = ns.length() > 60 ? ns.substring(0, 60) : ns;
          ObjectNode obj = (ObjectNode) yaml.readTree(f.toFile());
          ((ObjectNode) obj.path("metadata")).put("namespace", ns);
          post(env, ns, obj.path("kind").asText(), obj);
          String want =
              Files.readAllLines(f).stream()
                  .filter(l -> l.startsWith("# expected-operator:"))
                  .map(l -> l.substring("# expected-operator:".length()).strip())
                  .findFirst()
                  .orElse("spec");
          expected.add(
              new String[] {
                obj.path("kind").asText(), ns, obj.path("metadata").path("name").asText(), want
              });
        }
        // objects of the wrong shape
        for (Map.Entry<String, String> e : WRONG_SHAPES.entrySet()) {
          ObjectNode obj =
              (ObjectNode)
                  yaml.readTree(
                      "{\"apiVersion\":\"ovdfailover.io/v1alpha1\","
                          + "\"kind\":\"OvdFailoverCluster\",\"metadata\":{\"name\":\"lab\",\"namespace\":\""
                          + e.getKey()
                          + "\"}}");
          obj.setAll((ObjectNode) yaml.readTree(e.getValue()));
          post(env, e.getKey(), "OvdFailoverCluster", obj);
          expected.add(new String[] {"OvdFailoverCluster", e.getKey(), "lab", "spec."});
        }
        // a valid cluster whose nodes answer on a counting port, one ClusterNode invalid; and the
        // same with every
        // node valid on a second port, which shows that a dial would be seen
        String ns = "one-invalid-node";
        clusterWithNodes(env, ns, privateKey, sshd, "$(id).example.com");
        clusterWithNodes(env, "all-nodes-valid", privateKey, control, null);

        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .untilAsserted(
                () -> {
                  for (String[] x : expected) {
                    var conditions =
                        x[0].equals("ClusterNode")
                            ? env.client
                                .resources(ClusterNode.class)
                                .inNamespace(x[1])
                                .withName(x[2])
                                .get()
                                .getStatus()
                                .conditions
                            : env.client
                                .resources(OvdFailoverCluster.class)
                                .inNamespace(x[1])
                                .withName(x[2])
                                .get()
                                .getStatus()
                                .conditions;
                    var valid = Conditions.find(conditions, "SpecValid").orElseThrow();
                    assertThat(valid.getStatus()).as("%s/%s", x[1], x[2]).isEqualTo("False");
                    assertThat(valid.getMessage())
                        .as("%s/%s", x[1], x[2])
                        .contains(x[3])
                        .hasSizeLessThan(2000);
                  }
                  OvdFailoverCluster c =
                      env.client
                          .resources(OvdFailoverCluster.class)
                          .inNamespace(ns)
                          .withName("lab")
                          .get();
                  var defined =
                      Conditions.find(c.getStatus().conditions, ConditionType.NodesDefined.name())
                          .orElseThrow();
                  assertThat(defined.getReason()).isEqualTo("ClusterNodeInvalid");
                  assertThat(defined.getMessage())
                      .contains("ClusterNode pcs4 is invalid")
                      .contains("spec.ssh.host");
                });
        await().atMost(Duration.ofSeconds(60)).until(() -> connections(control) > 0);
        System.out.printf(
            "%d bad objects reported, %d dials (the all-valid control cluster: %d)%n",
            expected.size() + 1, connections(sshd), connections(control));
        assertThat(expected.size() + 1).isGreaterThanOrEqualTo(60);
        assertThat(connections(sshd)).as("connections to the nodes' SSH port").isZero();

        // the operator is still there: a good object is reconciled
        env.client.resource(Samples.cluster("still-running", "lab")).create();
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThat(
                            Conditions.find(
                                    env.client
                                        .resources(OvdFailoverCluster.class)
                                        .inNamespace("still-running")
                                        .withName("lab")
                                        .get()
                                        .getStatus()
                                        .conditions,
                                    "SpecValid")
                                .orElseThrow()
                                .getStatus())
                        .isEqualTo("True"));
      }
    } finally {
      for (CountingPort p : sshd) p.close();
      for (CountingPort p : control) p.close();
      // the throw-away private key does not stay behind
      Files.deleteIfExists(keyDir.resolve("k"));
      Files.deleteIfExists(keyDir.resolve("k.pub"));
      Files.deleteIfExists(keyDir);
    }
  }

  private static int connections(List<CountingPort> ports) {
    return ports.stream().mapToInt(p -> p.connections.get()).sum();
  }

  /** One port per node: two ClusterNodes reaching the same host and port are themselves invalid. */
  private static void clusterWithNodes(
      EmbeddedOperator env,
      String ns,
      String privateKey,
      List<CountingPort> ports,
      String pcs4Host) {
    env.client.resource(Samples.cluster(ns, "lab")).create();
    secret(env, ns, "ovd-ssh-key", "ssh-privatekey", privateKey);
    secret(env, ns, "hacluster-password", "password", "pw");
    secret(env, ns, "ovd-db", "username", "ovd", "password", "pw");
    for (String n : Samples.NODE_NAMES) {
      ClusterNode node = Samples.node(ns, "lab", n, Samples.octet(n));
      node.getSpec().ssh.host = n.equals("pcs4") && pcs4Host != null ? pcs4Host : "127.0.0.1";
      node.getSpec().ssh.port = ports.get(Samples.NODE_NAMES.indexOf(n)).socket.getLocalPort();
      env.client.resource(node).create();
    }
  }

  private static void secret(
      EmbeddedOperator env, String ns, String name, String... keysAndValues) {
    SecretBuilder b =
        new SecretBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      b.addToStringData(keysAndValues[i], keysAndValues[i + 1]);
    }
    env.client.resource(b.build()).create();
  }

  /** Written as kubectl --validate=false would (the server's admission is off here). */
  private static void post(EmbeddedOperator env, String ns, String kind, JsonNode obj)
      throws Exception {
    String plural = kind.equals("ClusterNode") ? "clusternodes" : "ovdfailoverclusters";
    HttpResponse<String> r =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            env.server.url()
                                + "/apis/ovdfailover.io/v1alpha1/namespaces/"
                                + ns
                                + "/"
                                + plural))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(obj.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
  }
}
