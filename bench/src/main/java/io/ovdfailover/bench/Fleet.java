package io.ovdfailover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.bench.hosts.DatabaseAnswers;
import io.ovdfailover.bench.hosts.RecordedCluster;
import io.ovdfailover.bench.hosts.RecordedFacts;
import io.ovdfailover.bench.hosts.SimulatedHosts;
import io.ovdfailover.bench.hosts.SimulatedNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * N copies of the project's lab (deploy/samples/lab/: one OvdFailoverCluster, five ClusterNodes,
 * three Secrets), each in a namespace of its own, every node a simulated host on loopback with its
 * own pinned host key. The lab's sample is what the recordings were made on (the e2e tests converge
 * it), so the recorded facts describe a cluster the operator finds converged.
 */
final class Fleet {
  /**
   * The lab's own secrets (the e2e tests', e2e/.../OperatorOnLabTest): the recorded nodes keep a
   * salted digest of the hacluster password, which another password would not match.
   */
  static final String HACLUSTER_PASSWORD = "e2e-hacluster-secret";

  static final String DB_PASSWORD = "e2e-ovd-db-secret";

  private static final ObjectMapper YAML = new YAMLMapper();

  private final KubernetesClient client;
  private final SimulatedHosts hosts;
  private final String clientPrivateKey;
  private final Path samples;
  private final Map<String, RecordedFacts> recordings;
  private final RecordedCluster cluster;

  /** The recorded CIB's load-threshold (null when it has none). */
  private final String recordedLoadThreshold;

  private final List<String> namespaces = new ArrayList<>();

  /**
   * @param repo the repository's top directory (samples and recordings are read from it)
   * @param suite a directory of recordings under operator/src/test/resources/facts, e.g. {@code
   *     debian-13-lab}
   * @param clientPrivateKey the operator's private key, as the ovd-ssh-key Secret holds it
   */
  Fleet(
      KubernetesClient client,
      SimulatedHosts hosts,
      Path repo,
      String suite,
      String clientPrivateKey)
      throws IOException {
    this.client = client;
    this.hosts = hosts;
    this.clientPrivateKey = clientPrivateKey;
    this.samples = repo.resolve("deploy/samples/lab");
    Path facts = repo.resolve("operator/src/test/resources/facts");
    this.recordings = new LinkedHashMap<>();
    try (var files = Files.list(facts.resolve(suite))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
        String node = f.getFileName().toString().replace(".txt", "");
        recordings.put(node, RecordedFacts.parse(node, Files.readString(f)));
      }
    }
    this.cluster = RecordedCluster.load(facts, suite.replace("-lab", ""));
    this.recordedLoadThreshold =
        io.ovdfailover.pacemaker.CibConfig.parse(cluster.cib()).properties().get("load-threshold");
  }

  /** Namespaces bench-001, bench-002, ...: one lab each. */
  void create(int clusters) throws IOException, GeneralSecurityException {
    for (int i = 1; i <= clusters; i++) {
      createLab(String.format("bench-%03d", i));
    }
  }

  List<String> namespaces() {
    return List.copyOf(namespaces);
  }

  private void createLab(String ns) throws IOException, GeneralSecurityException {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    for (JsonNode doc : documents(samples.resolve("00-secrets.yaml"))) {
      ObjectNode data = (ObjectNode) doc.get("stringData");
      switch (doc.at("/metadata/name").asText()) {
        case "ovd-ssh-key" -> data.put("ssh-privatekey", clientPrivateKey);
        case "ovd-db" -> data.put("password", DB_PASSWORD);
        default -> data.put("password", HACLUSTER_PASSWORD);
      }
      Secret s = convert(doc, Secret.class);
      client.secrets().inNamespace(ns).resource(s).create();
    }
    OvdFailoverCluster lab =
        convert(documents(samples.resolve("10-cluster.yaml")).get(0), OvdFailoverCluster.class);
    // the sample as recorded: a value the sample changed since (the lab's throttle threshold) would
    // ask the simulated hosts for a CIB change they cannot make
    lab.getSpec().pacemaker.loadThreshold = recordedLoadThreshold;
    client.resources(OvdFailoverCluster.class).inNamespace(ns).resource(lab).create();
    var db = lab.getSpec().database;
    DatabaseAnswers answers =
        new DatabaseAnswers(
            db.name,
            "ovd",
            DB_PASSWORD,
            db.node.name + "." + lab.getSpec().privateNetwork.domain,
            db.node.privateAddress);
    for (JsonNode doc : documents(samples.resolve("20-nodes.yaml"))) {
      ClusterNode node = convert(doc, ClusterNode.class);
      String name = node.getSpec().effectiveNodeName(node.getMetadata().getName());
      RecordedFacts facts = recordings.get(name);
      if (facts == null) {
        throw new IllegalStateException("no recording for node " + name);
      }
      SimulatedNode host = hosts.add(ns + "/" + name, facts, cluster, answers);
      node.getSpec().ssh.host = "127.0.0.1";
      node.getSpec().ssh.port = host.port();
      node.getSpec().ssh.hostKey = PublicKeyEntry.toString(host.hostKey().getPublic());
      node.getSpec().ssh.trustOnFirstUse = false;
      client.resources(ClusterNode.class).inNamespace(ns).resource(node).create();
    }
    namespaces.add(ns);
  }

  /** How many clusters show phase Ready now. */
  long ready() {
    return client.resources(OvdFailoverCluster.class).inAnyNamespace().list().getItems().stream()
        .filter(c -> c.getStatus() != null && "Ready".equals(c.getStatus().phase))
        .count();
  }

  /** Phase and message of every cluster that is not Ready, for a report that says why. */
  Map<String, String> notReady() {
    Map<String, String> out = new LinkedHashMap<>();
    for (OvdFailoverCluster c :
        client.resources(OvdFailoverCluster.class).inAnyNamespace().list().getItems()) {
      var s = c.getStatus();
      if (s == null || !"Ready".equals(s.phase)) {
        out.put(
            c.getMetadata().getNamespace(), s == null ? "no status" : s.phase + ": " + s.message);
      }
    }
    return out;
  }

  private static List<JsonNode> documents(Path yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(yaml.toFile())) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isNull() && !n.isMissingNode() && n.size() > 0) {
          docs.add(n);
        }
      }
    }
    return docs;
  }

  private <T> T convert(JsonNode doc, Class<T> type) {
    return client.getKubernetesSerialization().convertValue(doc, type);
  }
}
