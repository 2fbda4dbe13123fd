package io.ovdfailover.steps;

import io.ovdfailover.hosts.DistroDetection;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostFacts;

/** What a step diffs against: one node's facts and the profile of its distribution. */
public record NodeContext(HostFacts facts, DistroProfile profile) {
  public String node() {
    return facts.node();
  }

  /**
   * Selects the profile from the facts' os-release.
   *
   * @throws HostException of kind {@link HostException.Kind#UNSUPPORTED} naming the distribution
   *     found and the supported ones
   */
  public static NodeContext detect(HostFacts facts) throws HostException {
    DistroDetection d = DistroProfiles.detect(facts);
    if (d instanceof DistroDetection.Supported s) {
      return new NodeContext(facts, s.profile());
    }
    throw new HostException(
        HostException.Kind.UNSUPPORTED, facts.node(), ((DistroDetection.Unsupported) d).message());
  }
}
