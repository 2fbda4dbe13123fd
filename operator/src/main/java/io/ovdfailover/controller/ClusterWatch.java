package io.ovdfailover.controller;

import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.converge.HostDriver;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.pacemaker.OvdResources;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A glance at a formed cluster between full observations: one {@code crm_mon} on one cluster node
 * every few seconds (JOSDK polls it per cluster). When what it shows changes (a node lost or back,
 * the resources moved, one failed), the cluster is reconciled at once, so status shows a failover
 * seconds after Pacemaker finished it rather than at the next observe interval; and which nodes do
 * not answer over SSH, so that a node lost or back shows in status within a glance or two.
 * Read-only; nothing is fetched before the cluster is formed.
 */
final class ClusterWatch
    implements PerResourcePollingEventSource.ResourceFetcher<
        ClusterWatch.Glance, OvdFailoverCluster> {

  /**
   * What a glance saw, reduced to what status depends on: node states and where each resource runs.
   */
  record Glance(String summary) {}

  private final HostDriver driver;
  private final Function<OvdFailoverCluster, Map<String, ClusterNode>> nodes;

  /**
   * @param nodes the cluster's ClusterNodes by node name (from the informer's cache)
   */
  ClusterWatch(HostDriver driver, Function<OvdFailoverCluster, Map<String, ClusterNode>> nodes) {
    this.driver = driver;
    this.nodes = nodes;
  }

  @Override
  public Set<Glance> fetchResources(OvdFailoverCluster cluster) {
    var status = cluster.getStatus();
    boolean formed =
        status != null
            && status.conditions != null
            && io.ovdfailover.api.Conditions.isTrue(
                status.conditions, io.ovdfailover.api.ConditionType.ClusterFormed);
    if (!formed) {
      return Set.of();
    }
    HostDriver.Glance seen = driver.glance(cluster, nodes.apply(cluster));
    // A node whose connection dropped or came back changes the glance too: Pacemaker may not show
    // it (a member back from a power cut whose cluster services are not started yet), and status
    // says which nodes answer.
    return Set.of(
        new Glance(
            seen.crm().map(ClusterWatch::summary).orElse("no cluster node answered")
                + (seen.notAnswering().isEmpty() ? "" : " not answering: " + seen.notAnswering())));
  }

  static String summary(CrmMonStatus crm) {
    String nodeStates =
        crm.nodes().stream()
            .map(n -> n.name() + (n.online() ? n.standby() ? ":standby" : ":online" : ":offline"))
            .sorted()
            .collect(Collectors.joining(","));
    String resources =
        OvdResources.ALL.stream()
            .map(
                id ->
                    id
                        + "@"
                        + crm.resource(id)
                            .map(
                                r ->
                                    String.join("+", r.nodes())
                                        + ":"
                                        + r.role()
                                        + (r.failed() ? ":failed" : ""))
                            .orElse("-"))
            .collect(Collectors.joining(","));
    return nodeStates + " " + resources;
  }
}
