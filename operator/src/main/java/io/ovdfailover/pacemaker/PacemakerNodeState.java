package io.ovdfailover.pacemaker;

import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.PacemakerNodeFiles;
import io.ovdfailover.hosts.UnitState;
import java.util.List;
import java.util.Set;

/**
 * What one Pacemaker node (session manager or quorum node) looks like to cluster formation. It
 * costs no command of its own: it is read from the node's facts probe, asked with {@code
 * FactsRequest.withPacemakerState(true)} (corosync.conf, pcsd's known host names, the hacluster
 * mark) plus the pcs version and unit states every probe already carries. pcsd's known-hosts file
 * holds tokens: the probe prints only the host names from it.
 */
public record PacemakerNodeState(
    String node,
    PcsVersion pcs,
    boolean pcsdEnabled,
    boolean pcsdActive,
    boolean corosyncActive,
    boolean pacemakerActive,
    boolean clusterEnabledAtBoot,
    CorosyncConf corosync,
    Set<String> knownHosts,
    String haclusterMark) {

  /** What {@link #of(HostFacts)} reads besides the membership files: the cluster's units. */
  public static final FactsRequest PROBES =
      FactsRequest.ofUnits(List.of("pcsd", "corosync", "pacemaker"));

  public boolean pcsInstalled() {
    return pcs != null;
  }

  /**
   * The node's state from its facts.
   *
   * @throws IllegalArgumentException when the probe was not asked for the Pacemaker state (a
   *     programming error)
   */
  public static PacemakerNodeState of(HostFacts facts) {
    PacemakerNodeFiles files =
        facts
            .pacemakerFiles()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        facts.node()
                            + ": the facts probe was not asked for the Pacemaker state (FactsRequest.withPacemakerState)"));
    PcsVersion pcs = facts.pcs().map(p -> PcsVersion.parse(p.version().text())).orElse(null);
    return of(
        facts.node(),
        pcs,
        facts.unit("pcsd"),
        facts.unit("corosync"),
        facts.unit("pacemaker"),
        files);
  }

  static PacemakerNodeState of(
      String node,
      PcsVersion pcs,
      UnitState pcsd,
      UnitState corosync,
      UnitState pacemaker,
      PacemakerNodeFiles files) {
    return new PacemakerNodeState(
        node,
        pcs,
        pcsd.enabled(),
        pcsd.active(),
        corosync.active(),
        pacemaker.active(),
        corosync.enabled() && pacemaker.enabled(),
        CorosyncConf.parse(files.corosyncConf().orElse(null)),
        files.knownHosts(),
        files.haclusterMark());
  }
}
