package io.ovdfailover.steps;

import static io.ovdfailover.hosts.ShellQuote.quote;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.LineQuery;
import java.util.List;

/**
 * "Ensure that the following line is present" in a file the package owns (RHEL's
 * /etc/sysconfig/lsyncd): other lines are kept; with a prefix, the first line starting with it is
 * replaced and later ones are dropped, else the line is appended. The file keeps its owner and
 * mode; it is created (root, umask 022) if missing.
 */
public record LineStep(LineQuery query, String description, boolean downtime) implements Step {
  public static LineStep of(LineQuery query, String description) {
    return new LineStep(query, description, false);
  }

  @Override
  public String name() {
    return query.path() + ": " + (query.prefix().isEmpty() ? query.line() : query.prefix());
  }

  @Override
  public FactsRequest probes() {
    return FactsRequest.ofPaths(List.of(query.path())).plus(FactsRequest.ofLines(List.of(query)));
  }

  @Override
  public List<Command> changes(NodeContext node) {
    if (node.facts().line(query).satisfied(query)) {
      return List.of();
    }
    String script =
        "set -e\np="
            + quote(query.path())
            + "\nd=$(dirname \"$p\")\nmkdir -p \"$d\"\n"
            + "[ -e \"$p\" ] || : > \"$p\"\n"
            + "t=$(mktemp \"$d/.ovd-line.XXXXXX\")\ntrap 'rm -f \"$t\"' EXIT\n"
            + "awk -v l="
            + quote(query.line())
            + " -v k="
            + quote(query.prefix())
            + " '"
            + "{ s = $0; sub(/^[ \\t]+/, \"\", s) }\n"
            + "k != \"\" && index(s, k) == 1 { if (!done) { print l; done = 1 }; next }\n"
            + "{ print }\nEND { if (!done) print l }' \"$p\" > \"$t\"\n"
            + "chown --reference=\"$p\" \"$t\"\nchmod --reference=\"$p\" \"$t\"\nmv -f \"$t\" \"$p\"\n";
    return List.of(Command.change(description, script));
  }
}
