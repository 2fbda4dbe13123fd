package io.ovdfailover.steps;

import static io.ovdfailover.hosts.ShellQuote.quote;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.hosts.ShellQuote;
import java.util.List;

/**
 * A directory with mode and owner: "Create the lsyncd configuration folder" ({@code mkdir -p
 * /etc/lsyncd}), {@code mkdir -p /root/.ssh}, and on EL7 {@code mkdir /var/log/corosync/}.
 */
public record DirectoryStep(
    String path, String mode, String owner, String group, String description) implements Step {
  public DirectoryStep {
    ShellQuote.requireSafePath(path);
    if (!mode.matches("0[0-7]{3}")) {
      throw new IllegalArgumentException("mode must be four octal digits like 0755: " + mode);
    }
  }

  @Override
  public String name() {
    return path + "/";
  }

  @Override
  public FactsRequest probes() {
    return FactsRequest.ofPaths(List.of(path));
  }

  @Override
  public List<Command> changes(NodeContext node) {
    PathState state = node.facts().path(path);
    if (state instanceof PathState.Directory d) {
      if (d.mode().equals(mode) && d.owner().equals(owner) && d.group().equals(group)) {
        return List.of();
      }
      return List.of(Scripts.fixOwnerAndMode(path, mode, owner, group));
    }
    // mkdir -p fails by itself when a file is in the way: nothing is replaced
    return List.of(
        Command.change(
            description,
            "mkdir -p "
                + quote(path)
                + " && "
                + Scripts.setOwnerAndMode(path, mode, owner, group)));
  }
}
