package io.ovdfailover.steps.guide;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.ShellQuote;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Step;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A line present in a public file the probe reads back (authorized_keys, known_hosts), other lines
 * untouched: the operator's own login key lives in the same authorized_keys. The line travels on
 * stdin and is appended only if it is still missing when the command runs.
 */
public record PublicFileLineStep(String path, String line, String mode, String description)
    implements Step {
  /** A grep and an append on the node itself: only a stuck disk takes longer. */
  private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(30);

  @Override
  public String name() {
    return path + " line";
  }

  @Override
  public FactsRequest probes() {
    return FactsRequest.ofPublicFiles(List.of(path));
  }

  @Override
  public List<Command> changes(NodeContext node) {
    boolean present =
        node.facts()
            .publicFile(path)
            .map(c -> c.lines().anyMatch(l -> l.strip().equals(line)))
            .orElse(false);
    if (present) {
      return List.of();
    }
    String p = ShellQuote.quote(path);
    String script =
        "set -e\nIFS= read -r line\nd=$(dirname "
            + p
            + ")\nmkdir -p \"$d\"\n"
            + "[ -e "
            + p
            + " ] || { : > "
            + p
            + "; chmod "
            + mode
            + " "
            + p
            + "; }\n"
            + "grep -qxF -- \"$line\" "
            + p
            + " || printf '%s\\n' \"$line\" >> "
            + p
            + "\n";
    return List.of(
        new Command(
            description,
            script,
            (line + "\n").getBytes(StandardCharsets.UTF_8),
            true,
            APPEND_TIMEOUT));
  }
}
