package io.ovdfailover.hosts;

import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a Pacemaker node's own files say about its membership, read by the facts probe when {@link
 * FactsRequest#pacemakerState()} is asked for: corosync.conf, the host names pcsd has authenticated
 * (from {@code /var/lib/pcsd/known-hosts}, or {@code tokens} for pcs 0.9: the names only, the
 * tokens never leave the node) and the operator's hacluster password mark. Combined with the pcs
 * version and the pcsd/corosync/pacemaker unit states of the same facts, it makes {@code
 * io.ovdfailover.pacemaker.PacemakerNodeState}.
 */
public record PacemakerNodeFiles(
    Optional<String> corosyncConf, Set<String> knownHosts, String haclusterMark) {
  /**
   * Where the operator records which hacluster password it set (a salted hash, see
   * ClusterFormation).
   */
  public static final String MARK_PATH = "/var/lib/ovd-failover/hacluster.mark";

  /**
   * Left by the operator once it started the cluster it formed: later passes then know the cluster
   * ran even while all its members are down (written by pacemaker.ClusterFormation, read by
   * converge.ClusterSituation; here because the facts probe must look at it).
   */
  public static final String STARTED_MARK_PATH = "/var/lib/ovd-failover/cluster-started";

  public PacemakerNodeFiles {
    knownHosts = Collections.unmodifiableSortedSet(new TreeSet<>(knownHosts));
    haclusterMark = haclusterMark == null ? "" : haclusterMark.strip();
  }
}
