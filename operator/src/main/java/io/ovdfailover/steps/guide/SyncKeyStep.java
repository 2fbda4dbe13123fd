package io.ovdfailover.steps.guide;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Step;
import java.util.List;

/**
 * Chapter V: the session manager's own key pair for lsyncd's rsync over SSH ({@code ssh-keygen -N
 * '' -f /root/.ssh/sync_rsa}). Generated on the node, so the private key never leaves it; an
 * existing pair is kept.
 */
public record SyncKeyStep() implements Step {
  static final String PUBLIC = GuideFiles.SYNC_KEY_PATH + ".pub";

  @Override
  public String name() {
    return GuideFiles.SYNC_KEY_PATH;
  }

  @Override
  public FactsRequest probes() {
    return FactsRequest.ofPaths(List.of(GuideFiles.SYNC_KEY_PATH, PUBLIC));
  }

  @Override
  public List<Command> changes(NodeContext node) {
    boolean pair =
        node.facts().path(GuideFiles.SYNC_KEY_PATH) instanceof PathState.RegularFile
            && node.facts().path(PUBLIC) instanceof PathState.RegularFile;
    if (pair) {
      return List.of();
    }
    return List.of(
        Command.change(
            "generate the sync key pair (ssh-keygen -f /root/.ssh/sync_rsa)",
            "set -e; mkdir -p /root/.ssh; chmod 700 /root/.ssh; rm -f /root/.ssh/sync_rsa /root/.ssh/sync_rsa.pub; "
                + "ssh-keygen -q -t rsa -b 3072 -N '' -C \"sync@$(hostname)\" -f /root/.ssh/sync_rsa"));
  }
}
