package io.ovdfailover.pacemaker;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.ShellQuote;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;

/**
 * Renders a list of changes as ONE command for one cluster node: copy the live CIB, apply the pcs
 * commands to the copy ({@code pcs -f}), and push only the difference ({@code cib-push
 * diff-against}). The push is a patch against the CIB read by the same script, so a concurrent
 * change elsewhere in the CIB is not overwritten; a concurrent change to the same resources makes a
 * pcs command fail and the next reconcile starts over.
 */
public final class CibPush {
  /**
   * A handful of {@code pcs -f} edits of a file (each a Python start, 0.5-2 s) and one push that
   * Pacemaker applies on every node: two minutes leaves room for a large change on a slow node.
   */
  private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(120);

  private CibPush() {}

  /**
   * Shell run on the same node around the push: {@code before} right before it (after the slow
   * {@code pcs -f} edits, so that what it stops is down only for the push and the resources'
   * start), {@code undo} when the push fails, {@code after} once it succeeded.
   */
  public record Around(String before, String undo, String after) {
    public static final Around NOTHING = new Around("", "", "");
  }

  public static Command command(List<CibChange> changes, PcsVersion pcs) {
    return command(changes, pcs, Around.NOTHING);
  }

  public static Command command(List<CibChange> changes, PcsVersion pcs, Around around) {
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("nothing to push");
    }
    StringBuilder s = new StringBuilder();
    s.append("set -eu\n");
    s.append("umask 077\n");
    s.append("d=$(mktemp -d /tmp/ovd-cib.XXXXXX)\n");
    s.append("trap 'rm -rf \"$d\"' EXIT\n");
    s.append("cibadmin --query > \"$d/live.xml\"\n");
    s.append("cp \"$d/live.xml\" \"$d/new.xml\"\n");
    StringJoiner what = new StringJoiner("; ");
    for (CibChange c : changes) {
      if (c instanceof CibChange.Conflict) {
        throw new IllegalArgumentException("conflicts are reported, not applied: " + c.describe());
      }
      s.append("pcs -f \"$d/new.xml\"");
      for (String arg : c.pcsArgs(pcs)) {
        s.append(' ').append(ShellQuote.quote(arg));
      }
      s.append('\n');
      what.add(c.describe());
    }
    if (around.equals(Around.NOTHING)) {
      s.append("pcs cluster cib-push \"$d/new.xml\" diff-against=\"$d/live.xml\"\n");
    } else {
      // a failure of what comes before the push is undone like a failed push
      s.append("if ! { ").append(around.before()).append("\n}");
      s.append(" || ! pcs cluster cib-push \"$d/new.xml\" diff-against=\"$d/live.xml\"; then\n");
      s.append(around.undo()).append("\nexit 1\nfi\n");
      s.append(around.after()).append('\n');
    }
    // what runs around the push (a service's stop) gets its own two minutes
    Duration timeout =
        around.equals(Around.NOTHING) ? PUSH_TIMEOUT : PUSH_TIMEOUT.plus(Duration.ofSeconds(120));
    return new Command("pcs: " + what, s.toString(), null, true, timeout);
  }
}
