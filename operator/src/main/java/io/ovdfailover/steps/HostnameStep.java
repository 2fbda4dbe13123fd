package io.ovdfailover.steps;

import static io.ovdfailover.hosts.ShellQuote.quote;

import io.ovdfailover.hosts.Command;
import java.util.List;

/**
 * "Set the hostname according to your plan": {@code hostnamectl set-hostname {node_name}}. The
 * guide's companion edit of /etc/hosts (replace the old name) is {@link HostsFileStep} with the
 * same hostname.
 */
public record HostnameStep(String hostname) implements Step {
  public HostnameStep {
    if (!hostname.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9-]{1,63})*")) {
      throw new IllegalArgumentException("not a valid hostname: '" + hostname + "'");
    }
  }

  @Override
  public String name() {
    return "hostname";
  }

  @Override
  public List<Command> changes(NodeContext node) {
    if (node.facts().hostname().equals(hostname)) {
      return List.of();
    }
    return List.of(
        Command.change(
            "Set the hostname according to your plan (" + hostname + ")",
            "hostnamectl set-hostname " + quote(hostname)));
  }
}
