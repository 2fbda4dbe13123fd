package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One Session Manager failover setup as the current guide builds it: two session managers sharing a
 * VIP, quorum-only Pacemaker nodes, and a database node or external database. Host access lives in
 * {@link ClusterNode}s that name this cluster.
 */
@JsonClassDescription(
    "One Inuvika OVD Session Manager failover setup, as the vendor's Session Manager Failover Guide "
        + "builds it: two session managers (osm1, osm2) in an active/passive Pacemaker cluster behind a "
        + "virtual IP, quorum-only Pacemaker nodes (pcs3, pcs4), and the shared MySQL/MariaDB database on "
        + "a database node (dbmy) or an existing server. The operator drives the hosts over SSH toward "
        + "this spec, reports what it sees in status, and runs failover tests on request or on a "
        + "schedule. Each host's SSH access is a ClusterNode that names this cluster.")
@Group(OvdFailoverCluster.GROUP)
@Version(OvdFailoverCluster.VERSION)
@Kind("OvdFailoverCluster")
@Singular("ovdfailovercluster")
@Plural("ovdfailoverclusters")
@ShortNames({"ovdclusters", "ovdcluster", "ovdc"})
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Active",
    jsonPath = ".status.activeNode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "VIP",
    jsonPath = ".spec.vip.address",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Nodes",
    jsonPath = ".status.nodesReady",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Last-Test",
    jsonPath = ".status.lastFailoverTest.result",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Test-Secs",
    jsonPath = ".status.lastFailoverTest.switchoverSeconds",
    type = AdditionalPrinterColumn.Type.NUMBER)
// when the last test ended, shown as an age (3h) like CronJob's LAST SCHEDULE; empty while it runs
@AdditionalPrinterColumn(
    name = "Tested",
    jsonPath = ".status.lastFailoverTest.endTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Cluster",
    jsonPath = ".spec.clusterName",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "OVD",
    jsonPath = ".spec.ovdVersion",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Message",
    jsonPath = ".status.message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
public class OvdFailoverCluster
    extends CustomResource<OvdFailoverClusterSpec, OvdFailoverClusterStatus> implements Namespaced {
  public static final String GROUP = "ovdfailover.io";
  public static final String VERSION = "v1alpha1";

  /**
   * A malformed spec is read as one that says why, instead of failing the informer (see {@link
   * LenientSpec}).
   */
  @Override
  @com.fasterxml.jackson.databind.annotation.JsonDeserialize(
      using = OvdFailoverClusterSpec.Lenient.class)
  public void setSpec(OvdFailoverClusterSpec spec) {
    super.setSpec(spec);
  }
}
