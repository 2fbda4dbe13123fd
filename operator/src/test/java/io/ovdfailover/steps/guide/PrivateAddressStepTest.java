package io.ovdfailover.steps.guide;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.InterfaceAddress;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Planner;
import io.ovdfailover.testsupport.HostFactsBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The private address is brought up on its interface only, never by restarting the whole network
 * (the guide's {@code systemctl restart network} / {@code restart networking}, which also takes the
 * service NIC and its VIP down). The ubuntu and rhel fixtures are assembled by hand, not recorded
 * from a host (facts/README.md); each is an osm1 with 192.168.100.11/24 on eth1 and the service
 * address and the VIP on eth0.
 */
class PrivateAddressStepTest {
  private static final String NEW_ADDRESS = "192.168.100.31";

  private static NodeContext node(HostFacts facts) throws Exception {
    return NodeContext.detect(facts);
  }

  /** The fixture without its eth1 address: a second NIC that is not configured yet. */
  private static HostFacts eth1Bare(String fixture) {
    HostFacts f = Fixtures.facts(fixture);
    List<InterfaceAddress> withoutEth1 =
        f.addresses().stream().filter(a -> !a.device().equals("eth1")).toList();
    return HostFactsBuilder.from(f).addresses(withoutEth1).build();
  }

  private static String script(PrivateAddressStep step, HostFacts facts) throws Exception {
    List<Command> c = step.changes(node(facts));
    assertThat(c).hasSize(1);
    return c.get(0).script();
  }

  @Test
  void ifupdownAndNetworkScriptsBringUpTheOneInterface() throws Exception {
    for (String fixture : List.of("rhel-7", "ubuntu-16.04")) {
      PrivateAddressStep step = new PrivateAddressStep("eth1", NEW_ADDRESS);
      assertThat(script(step, eth1Bare(fixture))).as(fixture).isEqualTo("ifup eth1");
      // eth1 carries another address: ifup alone would leave it as it is
      assertThat(script(step, Fixtures.facts(fixture)))
          .as(fixture)
          .isEqualTo("ifdown eth1; ifup eth1");
      // the address is there: nothing
      assertThat(
              new PrivateAddressStep("eth1", "192.168.100.11")
                  .changes(node(Fixtures.facts(fixture))))
          .as(fixture)
          .isEmpty();
    }
  }

  @Test
  void aNewAliasIsBroughtUpAloneAndItsBaseInterfaceIsNeverTakenDown() throws Exception {
    // eth0 carries the service address and the VIP in the fixture
    assertThat(script(new PrivateAddressStep("eth0:1", NEW_ADDRESS), Fixtures.facts("rhel-7")))
        .isEqualTo("ifup eth0:1");
  }

  @Test
  void networkManagerHostsActivateTheOneConnection() throws Exception {
    for (String fixture : List.of("rhel-8", "rhel-9")) {
      assertThat(script(new PrivateAddressStep("eth1", NEW_ADDRESS), Fixtures.facts(fixture)))
          .as(fixture)
          .isEqualTo("nmcli connection reload && nmcli connection up eth1");
    }
  }

  @Test
  void noRowRestartsTheWholeNetwork() throws Exception {
    for (String fixture :
        List.of("ubuntu-16.04", "ubuntu-18.04", "ubuntu-22.04", "rhel-7", "rhel-8", "rhel-9")) {
      assertThat(script(new PrivateAddressStep("eth1", NEW_ADDRESS), Fixtures.facts(fixture)))
          .as(fixture)
          .doesNotContain("systemctl restart");
    }
  }

  /** On a node that may serve, it still waits for spec.maintenance.allowDowntime. */
  @Test
  void onAServingNodeItIsADowntimeAction() throws Exception {
    assertThat(
            Planner.plan(
                    node(eth1Bare("rhel-7")),
                    List.of(new PrivateAddressStep("eth1", NEW_ADDRESS, true)))
                .needsDowntime())
        .isTrue();
    assertThat(
            Planner.plan(
                    node(eth1Bare("rhel-7")),
                    List.of(new PrivateAddressStep("eth1", NEW_ADDRESS, false)))
                .needsDowntime())
        .isFalse();
  }
}
