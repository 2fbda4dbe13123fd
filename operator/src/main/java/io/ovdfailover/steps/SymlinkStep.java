package io.ovdfailover.steps;

import static io.ovdfailover.hosts.ShellQuote.quote;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.hosts.ShellQuote;
import java.util.List;

/**
 * A symbolic link {@code link -> target} (what {@code ocf:heartbeat:symlink} manages for the cron
 * files).
 */
public record SymlinkStep(String link, String target, String description, boolean downtime)
    implements Step {
  public SymlinkStep {
    ShellQuote.requireSafePath(link);
    if (target.isEmpty() || target.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("not a usable link target: '" + target + "'");
    }
  }

  public static SymlinkStep of(String link, String target, String description) {
    return new SymlinkStep(link, target, description, false);
  }

  @Override
  public String name() {
    return link;
  }

  @Override
  public FactsRequest probes() {
    return FactsRequest.ofPaths(List.of(link));
  }

  @Override
  public List<Command> changes(NodeContext node) {
    if (node.facts().path(link) instanceof PathState.Symlink s && s.target().equals(target)) {
      return List.of();
    }
    return List.of(
        Command.change(
            description,
            "set -e\nmkdir -p \"$(dirname "
                + quote(link)
                + ")\"\n"
                + Scripts.refuseDirectory(link)
                + "ln -sfn "
                + quote(target)
                + " "
                + quote(link)));
  }
}
