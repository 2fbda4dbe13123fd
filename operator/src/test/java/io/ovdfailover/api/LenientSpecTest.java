package io.ovdfailover.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ovdfailover.validation.SpecValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Objects of the wrong shape, read as the informers read them (fabric8's serialization): never an
 * exception that would stop the operator, always a problem named by its field.
 */
class LenientSpecTest {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static String labCluster() throws Exception {
    return Files.readString(Path.of("../deploy/samples/lab/10-cluster.yaml"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "  quorumNodes:|  quorumNodes: {pcs3: {name: pcs3}}\\n  unused:|spec.quorumNodes|an object is not expected here",
        "    cidrNetmask: 24|    cidrNetmask: \"24\"|spec.vip.cidrNetmask|a string (quoted value)",
        "    allowDowntime: false|    allowDowntime: \"true\"|spec.maintenance.allowDowntime|a string (quoted value)",
        "    startOnBoot: false|    startOnBoot: [true]|spec.pacemaker.startOnBoot|a list is not expected here",
        "  maintenance:|  farmServers: [{name: farm1, role: RDS}]\\n  maintenance:|spec.farmServers[0].role|is not one of OAS, OFS, ESG, OWA, AC"
      })
  void aSpecOfTheWrongShapeIsReadAsOneThatSaysWhere(
      String from, String to, String field, String problem) throws Exception {
    String yaml = labCluster();
    assertThat(yaml).contains(from);
    OvdFailoverCluster c =
        SERIALIZATION.unmarshal(
            yaml.replace(from, to.replace("\\n", "\n")), OvdFailoverCluster.class);
    assertThat(c.getMetadata().getName()).isEqualTo("lab");
    assertThat(c.getSpec().unreadable()).startsWith(field + ": ").contains(problem);
    assertThat(new SpecValidator().validate(c.getSpec()))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo(field);
              assertThat(p.toString())
                  .contains(problem)
                  .doesNotContain("java.")
                  .doesNotContain("`");
            });
  }

  @Test
  void unknownFieldsAreIgnoredAsAnApiServerPrunesThem() throws Exception {
    OvdFailoverCluster c =
        SERIALIZATION.unmarshal(
            labCluster().replace("  maintenance:", "  fromANewerCrd: {x: 1}\n  maintenance:"),
            OvdFailoverCluster.class);
    assertThat(c.getSpec().unreadable()).isNull();
    assertThat(new SpecValidator().validate(c.getSpec())).isEmpty();
  }

  @Test
  void aClusterNodeOfTheWrongShapeSaysWhere() {
    ClusterNode n =
        SERIALIZATION.unmarshal(
            """
        apiVersion: ovdfailover.io/v1alpha1
        kind: ClusterNode
        metadata: {name: pcs3}
        spec:
          cluster: lab
          ssh: {host: 198.18.0.13, port: "22", trustOnFirstUse: true, privateKeySecret: {name: k}}
        """,
            ClusterNode.class);
    assertThat(new SpecValidator().validate(n.getSpec()))
        .singleElement()
        .satisfies(p -> assertThat(p.field()).isEqualTo("spec.ssh.port"));
  }

  @Test
  void aWellFormedSpecRoundTripsWithoutTheMarker() throws Exception {
    OvdFailoverCluster c = SERIALIZATION.unmarshal(labCluster(), OvdFailoverCluster.class);
    assertThat(c.getSpec().unreadable()).isNull();
    assertThat(SERIALIZATION.asYaml(c)).doesNotContain("unreadable");
  }
}
