package io.ovdfailover.steps;

import static io.ovdfailover.hosts.ShellQuote.quote;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.ShellQuote;
import java.util.List;

/**
 * A file or link that must not exist ("Remove the OSM cron": {@code unlink
 * /etc/cron.d/ovd-session-manager} on osm2). Directories are refused: removing a tree is never what
 * a step of the guide means.
 */
public record AbsentStep(String path, String description, boolean downtime) implements Step {
  public AbsentStep {
    ShellQuote.requireSafePath(path);
  }

  public static AbsentStep of(String path, String description) {
    return new AbsentStep(path, description, false);
  }

  @Override
  public String name() {
    return "absent " + path;
  }

  @Override
  public FactsRequest probes() {
    return FactsRequest.ofPaths(List.of(path));
  }

  @Override
  public List<Command> changes(NodeContext node) {
    if (!node.facts().path(path).exists()) {
      return List.of();
    }
    return List.of(
        Command.change(description, Scripts.refuseDirectory(path) + "rm -f " + quote(path)));
  }
}
