package io.ovdfailover.steps;

import static io.ovdfailover.hosts.ShellQuote.quote;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.PathState;
import java.util.List;

/** A directory with a mode and owner ("mkdir -p /etc/lsyncd", "mkdir /var/log/corosync/" on EL7). */
public record DirectoryStep(String path, String mode, String owner, String group, String description) implements Step {
  @Override
  public String name() {
    return path;
  }

  @Override
  public List<String> probedPaths() {
    return List.of(path);
  }

  @Override
  public List<Command> changes(NodeContext node) {
    PathState s = node.facts().path(path);
    if (s instanceof PathState.Directory d && d.mode().equals(mode) && d.owner().equals(owner)
        && d.group().equals(group)) {
      return List.of();
    }
    String p = quote(path);
    return List.of(Command.change(description, "mkdir -p " + p + " && chown " + quote(owner + ":" + group) + " " + p
        + " && chmod " + mode + " " + p));
  }
}
