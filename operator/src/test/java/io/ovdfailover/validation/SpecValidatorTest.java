package io.ovdfailover.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ovdfailover.api.ClusterNodeSpec;
import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.SshPrivateKeySecretRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the corpus cannot show: null handling, cross-object checks, the cron and host-key details,
 * defaults.
 */
class SpecValidatorTest {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final SpecValidator validator = new SpecValidator();

  static OvdFailoverClusterSpec lab() throws IOException {
    return JSON.treeToValue(
        new YAMLMapper()
            .readTree(Path.of("src/test/resources/valid-specs/lab-layout.yaml").toFile())
            .get("spec"),
        OvdFailoverClusterSpec.class);
  }

  static ClusterNodeSpec node(String yaml) throws IOException {
    return JSON.treeToValue(new YAMLMapper().readTree(yaml), ClusterNodeSpec.class);
  }

  @Test
  void nullSpecs() {
    assertThat(validator.validate((OvdFailoverClusterSpec) null))
        .extracting(Object::toString)
        .containsExactly("spec: is required");
    assertThat(validator.validate((ClusterNodeSpec) null))
        .extracting(Object::toString)
        .containsExactly("spec: is required");
  }

  @Test
  void emptyClusterSpecNamesEveryMissingField() {
    List<String> problems =
        validator.validate(new OvdFailoverClusterSpec()).stream().map(Object::toString).toList();
    assertThat(problems)
        .anyMatch(p -> p.startsWith("spec.ovdVersion: is required"))
        .anyMatch(p -> p.startsWith("spec.privateNetwork: is required"))
        .anyMatch(p -> p.startsWith("spec.vip: is required"))
        .anyMatch(
            p -> p.startsWith("spec.sessionManagers: must list exactly two session-manager nodes"))
        .anyMatch(
            p -> p.startsWith("spec.quorumNodes: Pacemaker needs at least three voting nodes"))
        .anyMatch(p -> p.startsWith("spec.database: is required"))
        .anyMatch(p -> p.startsWith("spec.haclusterPasswordSecret: is required"));
  }

  @Test
  void nullEntriesInListsAreReportedNotThrown() throws IOException {
    OvdFailoverClusterSpec spec = lab();
    spec.quorumNodes.set(1, null);
    spec.sessionManagers.set(0, null);
    spec.database.node = null;
    spec.database.external = null;
    spec.vip.snatDestinations.add(null);
    spec.lsyncd.folders.add(null);
    assertThat(validator.validate(spec))
        .extracting(Object::toString)
        .contains("spec.quorumNodes[1]: is empty: give at least name and privateAddress")
        .contains("spec.sessionManagers[0]: is empty: give at least name and privateAddress")
        .anyMatch(p -> p.startsWith("spec.database: give node"))
        .anyMatch(p -> p.startsWith("spec.vip.snatDestinations[1]: null is not"))
        .anyMatch(p -> p.startsWith("spec.lsyncd.folders[3]: null is not"));
  }

  @Test
  void javaDefaultsOfAnEmptyObjectAreValid() throws IOException {
    OvdFailoverClusterSpec spec = lab();
    spec.vip =
        new io.ovdfailover.api.VipSpec("198.18.0.100", 24); // nic eth0, snatDestinations 0.0.0.0/0
    spec.lsyncd = new io.ovdfailover.api.LsyncdSpec();
    spec.failoverTest = new io.ovdfailover.api.FailoverTestSpec();
    assertThat(validator.validate(spec)).isEmpty();
  }

  @Test
  void theCanarysBoundsAreCheckedNamingTheField() throws IOException {
    OvdFailoverClusterSpec spec = lab();
    spec.lsyncd.canary = new io.ovdfailover.api.SyncCanarySpec();
    spec.lsyncd.canary.enabled = true;
    assertThat(validator.validate(spec)).isEmpty();
    spec.lsyncd.canary.intervalSeconds = 5;
    spec.lsyncd.canary.maxLagSeconds = 15;
    assertThat(validator.validate(spec))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder(
            "spec.lsyncd.canary.intervalSeconds: 5 is out of range: from 10 to 86400 seconds",
            "spec.lsyncd.canary.maxLagSeconds: 15 is out of range: from 20 to 3600 seconds (lsyncd"
                + " alone batches changes for 15 s)");
  }

  @Test
  void threeVotersIsEnough() throws IOException {
    OvdFailoverClusterSpec spec = lab();
    spec.quorumNodes.remove(1);
    assertThat(validator.validate(spec)).isEmpty();
  }

  @Test
  void clusterNodeMembershipIsCheckedAgainstTheTopology() throws IOException {
    OvdFailoverClusterSpec cluster = lab();
    ClusterNodeSpec byMetadataName =
        node(
            "{cluster: lab, ssh: {host: 198.18.0.11, privateKeySecret: {name: k}, trustOnFirstUse: true}}");
    assertThat(validator.validateMembership("osm1", byMetadataName, cluster)).isEmpty();
    assertThat(validator.validateMembership("dbmy", byMetadataName, cluster)).isEmpty();
    assertThat(validator.validateMembership("osm9", byMetadataName, cluster))
        .extracting(Object::toString)
        .containsExactly(
            "metadata.name: no node named osm9 in OvdFailoverCluster lab (its nodes: osm1, osm2, pcs3, pcs4, dbmy); "
                + "set spec.nodeName to one of them");
    ClusterNodeSpec byNodeName =
        node(
            "{cluster: lab, nodeName: pcs5, ssh: {host: h, privateKeySecret: {name: k}, trustOnFirstUse: true}}");
    assertThat(validator.validateMembership("whatever", byNodeName, cluster))
        .extracting(SpecValidator.Problem::field)
        .containsExactly("spec.nodeName");
    // a Linux farm server is dialled too; a Windows one never is
    cluster.farmServers =
        java.util.List.of(
            new io.ovdfailover.api.FarmServerSpec(
                "farm1",
                io.ovdfailover.api.FarmServerSpec.Role.OAS,
                io.ovdfailover.api.FarmServerSpec.Os.Linux),
            new io.ovdfailover.api.FarmServerSpec(
                "win1",
                io.ovdfailover.api.FarmServerSpec.Role.OAS,
                io.ovdfailover.api.FarmServerSpec.Os.Windows));
    assertThat(validator.validateMembership("farm1", byMetadataName, cluster)).isEmpty();
    assertThat(validator.validateMembership("win1", byMetadataName, cluster)).hasSize(1);
  }

  @Test
  void privateKeyDefaultsToTheSshAuthKeyInJavaToo() throws IOException {
    ClusterNodeSpec defaulted =
        node("{cluster: lab, ssh: {host: h, privateKeySecret: {name: k}, trustOnFirstUse: true}}");
    assertThat(defaulted.ssh.privateKeySecret.key).isEqualTo(SshPrivateKeySecretRef.DEFAULT_KEY);
    ClusterNodeSpec explicit =
        node(
            "{cluster: lab, ssh: {host: h, privateKeySecret: {name: k, key: id_rsa}, trustOnFirstUse: true}}");
    assertThat(explicit.ssh.privateKeySecret.key).isEqualTo("id_rsa");
  }

  @Test
  void sessionManagerNodesMayNotShareNamesWithTheDatabaseNode() throws IOException {
    OvdFailoverClusterSpec spec = lab();
    spec.database.node = new NodeSpec("osm2", null, "198.19.100.21");
    assertThat(validator.validate(spec))
        .extracting(Object::toString)
        .containsExactly(
            "spec.database.node.name: node name osm2 is already used by spec.sessionManagers[1]; "
                + "names must be unique across sessionManagers, quorumNodes and database.node");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 3 * * 0",
        "*/15 * * * *",
        "0 0 1 1 *",
        "59 23 31 12 7",
        "0 3 * * SUN",
        "0 3 * jan-mar mon-fri",
        "0,30 8-18/2 * * 1-5",
        "5 4 * * sat"
      })
  void cronExpressionsAccepted(String expression) {
    assertThat(CronCheck.problem(expression)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 24 * * *",
        "0 0 0 * *",
        "0 0 32 * *",
        "0 0 * 13 *",
        "0 0 * * 8",
        "*/0 * * * *",
        "0 0 * * MOO",
        "10-5 * * * *",
        "0  3 * * 0",
        "0 3 * * 0 ",
        "@daily",
        "0 3 * * ? ",
        "0 3 */2 * MON",
        "0 3 30 2 *",
        "0 3 * * SUN-SAT"
      })
  void cronExpressionsRefused(String expression) {
    assertThat(CronCheck.problem(expression)).isPresent();
  }

  @Test
  void aBadScheduleIsNamedWithItsFieldAndWhatIsWrong() throws IOException {
    OvdFailoverClusterSpec spec = lab();
    spec.failoverTest.schedule = "0 24 * * SUN";
    assertThat(validator.validate(spec))
        .extracting(Object::toString)
        .containsExactly(
            "spec.failoverTest.schedule: \"0 24 * * SUN\": in the hour field: value 24 not in range"
                + " [0, 23]");
    spec.failoverTest.schedule = "0 3 */2 * MON";
    assertThat(validator.validate(spec))
        .singleElement()
        .satisfies(p -> assertThat(p.field()).isEqualTo("spec.failoverTest.schedule"))
        .extracting(Object::toString, org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("Vixie cron", "1-31/2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Europe/Paris",
        "America/New_York",
        "America/Argentina/Buenos_Aires",
        "UTC",
        "Etc/GMT+2",
        "Asia/Kolkata"
      })
  void timeZonesAccepted(String zone) throws IOException {
    OvdFailoverClusterSpec spec = lab();
    spec.failoverTest.schedule = "30 2 * * SUN";
    spec.failoverTest.timeZone = zone;
    assertThat(validator.validate(spec)).isEmpty();
  }

  @Test
  void anUnknownTimeZoneIsNamedWithItsField() throws IOException {
    OvdFailoverClusterSpec spec = lab();
    spec.failoverTest.timeZone = "Mars/Olympus_Mons";
    assertThat(validator.validate(spec))
        .extracting(Object::toString)
        .containsExactly(
            "spec.failoverTest.timeZone: \"Mars/Olympus_Mons\" is not a known time zone name "
                + "(IANA time zone database), e.g. Europe/Paris, America/New_York or UTC");
    spec.failoverTest.timeZone = "america/new_york";
    assertThat(validator.validate(spec))
        .extracting(Object::toString)
        .containsExactly(
            "spec.failoverTest.timeZone: \"america/new_york\" is not a known time zone name: "
                + "did you mean America/New_York?");
    for (String notAName : List.of("Local", "+02:00", "GMT+2", "CET ", "Europe/../Paris")) {
      spec.failoverTest.timeZone = notAName;
      assertThat(validator.validate(spec))
          .as(notAName)
          .singleElement()
          .extracting(SpecValidator.Problem::field)
          .isEqualTo("spec.failoverTest.timeZone");
    }
  }

  private static final String ED25519 =
      "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ssh-ed25519 " + ED25519,
        "ssh-ed25519 " + ED25519 + " root@osm1",
        "osm1,198.18.0.11 ssh-ed25519 " + ED25519,
        "|1|JfKTdBh7rNbXkVAQCRp4OQoPfmI=|USECr3SWf1JUPsms5AqfD5QfxkM= ssh-ed25519 " + ED25519,
        "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"
      })
  void hostKeysAccepted(String hostKey) {
    assertThat(HostKeyCheck.problem(hostKey)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ssh-ed25519",
        "ssh-ed25519  " + ED25519,
        "ecdsa-sha2-nistp256 " + ED25519,
        "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY",
        "sha256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8",
        "@revoked osm1 ssh-ed25519 " + ED25519,
        "ssh-ed25519 AAAA",
        "ssh-ed25519 " + ED25519 + "\nssh-rsa AAAAB3"
      })
  void hostKeysRefused(String hostKey) {
    assertThat(HostKeyCheck.problem(hostKey)).isPresent();
  }
}
