package io.ovdfailover.failover;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.pacemaker.CibConfig;
import io.ovdfailover.pacemaker.OvdResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a failover test must not start now; each reason is shown to the user instead of attempting
 * the test.
 */
public final class FailoverPreconditions {
  private FailoverPreconditions() {}

  /**
   * @param ready whether the cluster's Ready condition is True
   * @param otherRun a description of another test or upgrade in progress, if any
   * @param ovdMismatch why the session managers' OVD versions do not qualify, if they do not
   */
  public static List<String> refusals(
      OvdFailoverClusterSpec spec,
      boolean ready,
      Optional<String> otherRun,
      Optional<String> ovdMismatch,
      Optional<CrmMonStatus> crm,
      Optional<CibConfig> cib) {
    List<String> why = new ArrayList<>();
    if (spec.paused) why.add("the cluster is paused (spec.paused)");
    if (spec.dryRun)
      why.add("the cluster is in dry run (spec.dryRun): nothing is changed, a test neither");
    if (!ready) why.add("the cluster is not Ready");
    otherRun.ifPresent(o -> why.add(o + " is in progress"));
    ovdMismatch.ifPresent(why::add);
    if (crm.isEmpty()) {
      why.add("the cluster state could not be read");
      return why;
    }
    for (NodeSpec sm : spec.sessionManagers) {
      String name = OvdResources.pacemakerNodeName(spec, sm);
      Optional<CrmMonStatus.Node> n = crm.get().node(name);
      if (n.isEmpty() || !n.get().online()) {
        why.add(sm.name + " is not online in the cluster");
      } else if (n.get().standby()) {
        why.add(sm.name + " is in standby");
      }
    }
    cib.ifPresent(
        c ->
            c.locations().stream()
                .filter(l -> l.id().startsWith("cli-prefer-") || l.id().startsWith("cli-ban-"))
                .forEach(
                    l ->
                        why.add(
                            "a leftover move constraint "
                                + l.id()
                                + " exists (pcs resource clear "
                                + (l.rsc() == null ? "" : l.rsc())
                                + ")")));
    return why;
  }
}
