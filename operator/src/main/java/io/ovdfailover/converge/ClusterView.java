package io.ovdfailover.converge;

import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.pacemaker.CibConfig;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster as one node sees it: its crm_mon and its CIB, read in that node's facts probe. Only a
 * partition with quorum speaks for the cluster, so the view is taken from the first asked node
 * whose crm_mon says {@code with_quorum="true"} (the coordinator first); failing that, from the
 * first one that answered at all (crm_mon or CIB) (a cluster not yet formed, or every asked node
 * without quorum: status still shows what it sees).
 *
 * @param node the node the view comes from (where a CIB change is pushed); null when no node gave a
 *     view
 */
public record ClusterView(String node, Optional<CrmMonStatus> crmMon, Optional<CibConfig> cib) {
  static final ClusterView NONE = new ClusterView(null, Optional.empty(), Optional.empty());

  /**
   * @param preference the nodes asked for cluster state, preferred first; absent nodes did not
   *     answer
   */
  public static ClusterView choose(Collection<String> preference, Map<String, HostFacts> facts) {
    Optional<String> quorate =
        preference.stream()
            .filter(
                n ->
                    facts.containsKey(n)
                        && facts.get(n).crmMon().map(CrmMonStatus::withQuorum).orElse(false))
            .findFirst();
    Optional<String> any =
        preference.stream()
            .filter(
                n ->
                    facts.containsKey(n)
                        && (facts.get(n).crmMon().isPresent() || facts.get(n).cibXml().isPresent()))
            .findFirst();
    return quorate.or(() -> any).map(n -> of(n, facts.get(n))).orElse(NONE);
  }

  private static ClusterView of(String node, HostFacts f) {
    return new ClusterView(node, f.crmMon(), f.cibXml().map(CibConfig::parse));
  }
}
