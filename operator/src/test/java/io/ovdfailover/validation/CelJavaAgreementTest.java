package io.ovdfailover.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ovdfailover.api.CelRules;
import io.ovdfailover.api.Ipv4;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CRD's CEL address arithmetic (integer division on 32-bit values, no IP library) and the
 * operator's {@link Ipv4} must agree. Random topologies from a fixed seed (reproducible) are judged
 * by both layers, rule by rule: the CEL rule fails exactly when SpecValidator reports the same
 * problem.
 */
class CelJavaAgreementTest {

  private static final int CASES = 150;
  private final Random random = new Random(20261122);

  private static final ObjectNode LAB;

  static {
    try {
      LAB =
          (ObjectNode)
              new YAMLMapper()
                  .readTree(Path.of("src/test/resources/valid-specs/lab-layout.yaml").toFile());
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static ObjectNode lab() {
    return LAB.deepCopy();
  }

  private String randomAddress() {
    return Ipv4.format(random.nextLong(1L << 32));
  }

  /** An address inside the network half of the time, anywhere otherwise. */
  private String nearby(Ipv4.Cidr network) {
    return random.nextBoolean()
        ? Ipv4.format(network.network() + random.nextLong(network.size()))
        : randomAddress();
  }

  /** Both layers' verdicts on one resource, computed once. */
  private record Verdicts(List<String> schema, List<String> operator) {
    static Verdicts of(JsonNode resource) throws IOException {
      return new Verdicts(
          SpecCorpusTest.schemaErrors(resource), SpecCorpusTest.operatorErrors(resource));
    }

    boolean celFails(String message) {
      return schema.stream().anyMatch(e -> e.contains(message));
    }

    boolean operatorFails(String fragment) {
      return operator.stream().anyMatch(e -> e.contains(fragment));
    }
  }

  @Test
  void privateNetworkMembershipAndHostBits() throws IOException {
    int inside = 0;
    for (int i = 0; i < CASES; i++) {
      ObjectNode resource = lab();
      ObjectNode spec = (ObjectNode) resource.get("spec");
      int prefix = 8 + random.nextInt(21); // 8..28: room for the other four nodes
      Ipv4.Cidr network = new Ipv4.Cidr(random.nextLong(1L << 32), prefix);
      // every other node inside the network, so that only osm2's address decides the rule
      List<JsonNode> others =
          List.of(
              spec.withArray("sessionManagers").get(0),
              spec.withArray("quorumNodes").get(0),
              spec.withArray("quorumNodes").get(1),
              spec.get("database").get("node"));
      for (int n = 0; n < others.size(); n++) {
        ((ObjectNode) others.get(n)).put("privateAddress", Ipv4.format(network.network() + 1 + n));
      }
      // host bits only sometimes, so that both outcomes of that rule occur
      String cidr = random.nextInt(4) == 0 ? network.toString() : network.networkText();
      ((ObjectNode) spec.get("privateNetwork")).put("cidr", cidr);
      String address = nearby(network);
      ((ObjectNode) spec.withArray("sessionManagers").get(1)).put("privateAddress", address);
      String label = cidr + " / " + address;
      Verdicts v = Verdicts.of(resource);

      boolean celOutside = v.celFails(CelRules.PRIVATE_IN_CIDR_MSG);
      boolean javaOutside = v.operatorFails(address + " is not inside spec.privateNetwork.cidr");
      assertThat(celOutside)
          .as(label)
          .isEqualTo(!network.contains(Ipv4.parse(address).getAsLong()));
      assertThat(javaOutside).as(label).isEqualTo(celOutside);
      assertThat(v.celFails(CelRules.CIDR_NO_HOST_BITS_MSG))
          .as(label)
          .isEqualTo(v.operatorFails("has host bits set"))
          .isEqualTo(network.hasHostBits() && cidr.equals(network.toString()));
      inside += celOutside ? 0 : 1;
    }
    assertThat(inside).as("both outcomes exercised").isBetween(CASES / 4, CASES - CASES / 4);
  }

  @Test
  void vipNetworkContainsSessionManagersAndAvoidsNetworkAndBroadcast() throws IOException {
    int contained = 0;
    int edge = 0;
    for (int i = 0; i < CASES; i++) {
      ObjectNode resource = lab();
      ObjectNode spec = (ObjectNode) resource.get("spec");
      int prefix = 1 + random.nextInt(32); // 1..32
      // keep clear of the private network 198.19.100.0/24 so that the overlap rule stays quiet
      long vip;
      do {
        vip = random.nextLong(1L << 32);
      } while (new Ipv4.Cidr(vip, prefix)
          .overlaps(Ipv4.Cidr.parse("198.19.100.0/24").orElseThrow()));
      Ipv4.Cidr network = new Ipv4.Cidr(vip, prefix);
      if (random.nextInt(5) == 0 && prefix <= 30) { // the network or broadcast address now and then
        vip = random.nextBoolean() ? network.network() : network.broadcast();
        network = new Ipv4.Cidr(vip, prefix);
      }
      ObjectNode vipNode = (ObjectNode) spec.get("vip");
      vipNode.put("address", Ipv4.format(vip));
      vipNode.put("cidrNetmask", prefix);
      vipNode.remove("snatDestinations");
      ArrayNode sessionManagers = spec.withArray("sessionManagers");
      String sm0 = nearby(network);
      String sm1 = nearby(network);
      ((ObjectNode) sessionManagers.get(0)).put("serviceAddress", sm0);
      ((ObjectNode) sessionManagers.get(1)).put("serviceAddress", sm1);
      List<String> others = List.of("198.18.0.13", "198.18.0.14", "198.18.0.21");
      if (sm0.equals(sm1)
          || others.contains(sm0)
          || others.contains(sm1)
          || sm0.equals(Ipv4.format(vip))
          || sm1.equals(Ipv4.format(vip))
          || others.contains(Ipv4.format(vip))) {
        continue; // address clashes are another rule's business
      }
      String label = Ipv4.format(vip) + "/" + prefix + " with " + sm0 + ", " + sm1;
      Verdicts v = Verdicts.of(resource);

      boolean expectedOutside =
          !network.contains(Ipv4.parse(sm0).getAsLong())
              || !network.contains(Ipv4.parse(sm1).getAsLong());
      boolean celOutside = v.celFails(CelRules.VIP_CONTAINS_SM_MSG);
      assertThat(celOutside).as(label).isEqualTo(expectedOutside);
      assertThat(v.operatorFails("is not inside the VIP's network"))
          .as(label)
          .isEqualTo(expectedOutside);

      boolean expectedEdge = network.isNetworkOrBroadcast(vip);
      assertThat(v.celFails(CelRules.VIP_NOT_NET_OR_BROADCAST_MSG))
          .as(label)
          .isEqualTo(expectedEdge);
      assertThat(v.operatorFails("address of " + network.networkText()))
          .as(label)
          .isEqualTo(expectedEdge);
      contained += expectedOutside ? 0 : 1;
      edge += expectedEdge ? 1 : 0;
    }
    assertThat(contained)
        .as("VIP networks containing both session managers")
        .isGreaterThan(CASES / 10);
    assertThat(edge).as("VIPs on a network or broadcast address").isGreaterThan(CASES / 20);
  }

  @Test
  void overlapOfServiceAndPrivateNetworks() throws IOException {
    int overlapping = 0;
    for (int i = 0; i < CASES; i++) {
      ObjectNode resource = lab();
      ObjectNode spec = (ObjectNode) resource.get("spec");
      int privatePrefix = 8 + random.nextInt(23);
      int vipPrefix = 8 + random.nextInt(23);
      Ipv4.Cidr vipNetwork = Ipv4.Cidr.parse("198.18.0.100/" + vipPrefix).orElseThrow();
      Ipv4.Cidr privateNetwork =
          new Ipv4.Cidr(
              random.nextBoolean()
                  ? Ipv4.parse("198.18.0.0").getAsLong() + random.nextLong(1 << 20)
                  : random.nextLong(1L << 32),
              privatePrefix);
      ((ObjectNode) spec.get("privateNetwork")).put("cidr", privateNetwork.networkText());
      ((ObjectNode) spec.get("vip")).put("cidrNetmask", vipPrefix);
      boolean expected = vipNetwork.overlaps(privateNetwork);
      String label = vipNetwork + " vs " + privateNetwork.networkText();
      Verdicts v = Verdicts.of(resource);
      assertThat(v.celFails(CelRules.NETWORKS_DISJOINT_MSG)).as(label).isEqualTo(expected);
      assertThat(v.operatorFails("overlaps spec.privateNetwork.cidr"))
          .as(label)
          .isEqualTo(expected);
      overlapping += expected ? 1 : 0;
    }
    assertThat(overlapping).isBetween(CASES / 10, CASES - CASES / 10);
  }
}
