package io.ovdfailover.steps.guide;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Step;
import java.util.List;

/**
 * Chapter I's "Reload the system network configuration", only when the private address is not on
 * the node yet: reloading the network of a node whose address is already up would risk the service
 * NIC (and our SSH session) for nothing. The configuration file itself is a separate {@link
 * io.ovdfailover.steps.FileStep}.
 *
 * @param serving whether the node holds or may hold the resources: the guide's reload (restart
 *     networking, netplan apply) takes every interface down and up, the VIP's included, so it then
 *     waits for downtime
 */
public record PrivateAddressStep(String nic, String address, String applyScript, boolean serving)
    implements Step {
  public PrivateAddressStep(String nic, String address, String applyScript) {
    this(nic, address, applyScript, false);
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
    return List.of(
        Command.change(
            "bring up " + address + " on " + nic + " (" + applyScript + ")", applyScript));
  }
}
