package io.ovdfailover.steps.guide;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Step;
import java.util.List;

/**
 * Chapter I's "Reload the system network configuration", only when the private address is not on
 * the node yet: reloading the network of a node whose address is already up would risk the service
 * NIC (and our SSH session) for nothing. The configuration file itself is a separate {@link
 * io.ovdfailover.steps.FileStep}. The command comes from the profile's {@link
 * io.ovdfailover.hosts.NetworkConfig} and the node's facts: this interface only ({@code ifup},
 * {@code nmcli connection up}), where the guide restarts the whole network.
 *
 * @param serving whether the node holds or may hold the resources: bringing an interface down and
 *     up (and netplan's apply, which reconciles every interface) can interrupt it, so it then waits
 *     for downtime
 */
public record PrivateAddressStep(String nic, String address, boolean serving) implements Step {
  public PrivateAddressStep(String nic, String address) {
    this(nic, address, false);
  }

  @Override
  public boolean downtime() {
    return serving;
  }

  @Override
  public String name() {
    return "private address " + address + " on " + nic;
  }

  @Override
  public List<Command> changes(NodeContext node) {
    if (node.facts().hasAddress(address)) {
      return List.of();
    }
    String apply = node.profile().network().applyScript(nic, node.facts());
    return List.of(
        Command.change("bring up " + address + " on " + nic + " (" + apply + ")", apply));
  }
}
