package io.ovdfailover.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.steps.guide.NodeRole;
import io.ovdfailover.validation.SpecValidator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * deploy/samples/{guide,lab}: the five-node layouts with their addresses, valid, secrets only
 * placeholders.
 */
class SamplesTest {
  private static final Path SAMPLES =
      Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/samples");

  private static List<HasMetadata> load(String dir) throws Exception {
    KubernetesSerialization serialization = new KubernetesSerialization();
    serialization.registerKubernetesResource(OvdFailoverCluster.class);
    serialization.registerKubernetesResource(ClusterNode.class);
    List<HasMetadata> objects = new ArrayList<>();
    try (Stream<Path> files = Files.list(SAMPLES.resolve(dir))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          Object parsed = serialization.unmarshal(in);
          if (parsed instanceof List<?> list) {
            list.forEach(o -> objects.add((HasMetadata) o));
          } else {
            objects.add((HasMetadata) parsed);
          }
        }
      }
    }
    return objects;
  }

  @ParameterizedTest
  @CsvSource({"guide, 10.20.1, 192.168.100, 10.20.1.10", "lab, 198.18.0, 198.19.100, 198.18.0.100"})
  void sampleIsTheFiveNodeLayoutAndValid(String dir, String service, String priv, String vip)
      throws Exception {
    List<HasMetadata> objects = load(dir);
    OvdFailoverCluster cluster =
        objects.stream()
            .filter(OvdFailoverCluster.class::isInstance)
            .map(OvdFailoverCluster.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(new SpecValidator().validate(cluster.getSpec())).isEmpty();
    assertThat(cluster.getSpec().vip.address).isEqualTo(vip);
    assertThat(cluster.getSpec().vip.cidrNetmask).isEqualTo(24);
    assertThat(cluster.getSpec().privateNetwork.cidr).isEqualTo(priv + ".0/24");
    Map<String, Integer> octets =
        Map.of("osm1", 11, "osm2", 12, "pcs3", 13, "pcs4", 14, "dbmy", 21);
    assertThat(NodeRole.roles(cluster.getSpec())).containsOnlyKeys(octets.keySet());
    cluster
        .getSpec()
        .allNodes()
        .forEach(
            n -> {
              assertThat(n.serviceAddress).isEqualTo(service + "." + octets.get(n.name));
              assertThat(n.privateAddress).isEqualTo(priv + "." + octets.get(n.name));
              assertThat(n.serviceNic).isEqualTo("eth0");
              assertThat(n.privateNic).isEqualTo("eth1");
            });

    List<ClusterNode> nodes =
        objects.stream()
            .filter(ClusterNode.class::isInstance)
            .map(ClusterNode.class::cast)
            .toList();
    assertThat(nodes)
        .extracting(n -> n.getSpec().effectiveNodeName(n.getMetadata().getName()))
        .containsExactlyInAnyOrderElementsOf(octets.keySet());
    nodes.forEach(
        n -> {
          assertThat(n.getSpec().cluster).isEqualTo(cluster.getMetadata().getName());
          assertThat(n.getSpec().ssh.host)
              .isEqualTo(service + "." + octets.get(n.getSpec().nodeName));
          assertThat(n.getSpec().ssh.user).isEqualTo("root");
          assertThat(new SpecValidator().validate(n.getSpec())).isEmpty();
        });

    List<Secret> secrets =
        objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast).toList();
    assertThat(secrets)
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("ovd-ssh-key", "hacluster-password", "ovd-db");
    secrets.forEach(
        s ->
            s.getStringData()
                .forEach(
                    (key, value) -> {
                      if (!key.equals("username")) {
                        assertThat(value)
                            .as("%s/%s is a placeholder", s.getMetadata().getName(), key)
                            .contains("PLACEHOLDER");
                      }
                    }));
  }
}
