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
 * How the operator reaches one VM of a cluster over SSH (address, user, key, pinned host key), and
 * what it last saw there. The node's role and addresses are part of the cluster's topology in
 * {@link OvdFailoverClusterSpec}, so that cross-node rules can be validated in one object.
 */
@JsonClassDescription(
    "SSH access to one VM of an OvdFailoverCluster (one of the guide's osm1, osm2, pcs3, pcs4, dbmy): "
        + "the address the operator connects to, the login, the private key and the host key it "
        + "expects. The node's role and addresses are in the cluster's spec; status shows what the "
        + "operator last saw on the node.")
@Group(OvdFailoverCluster.GROUP)
@Version(OvdFailoverCluster.VERSION)
@Kind("ClusterNode")
@Singular("clusternode")
@Plural("clusternodes")
@ShortNames({"ovdnode", "ovdnodes"})
@AdditionalPrinterColumn(
    name = "Cluster",
    jsonPath = ".spec.cluster",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Role",
    jsonPath = ".status.role",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Host",
    jsonPath = ".spec.ssh.host",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reachable",
    jsonPath = ".status.conditions[?(@.type==\"Reachable\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Pacemaker",
    jsonPath = ".status.pacemaker",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "OS",
    jsonPath = ".status.os",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Host-Key",
    jsonPath = ".status.hostKeyFingerprint",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Pacemaker-Version",
    jsonPath = ".status.pacemakerVersion",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Last-Probe",
    jsonPath = ".status.lastProbeTime",
    type = AdditionalPrinterColumn.Type.DATE,
    priority = 1)
public class ClusterNode extends CustomResource<ClusterNodeSpec, ClusterNodeStatus>
    implements Namespaced {

  /**
   * A malformed spec is read as one that says why, instead of failing the informer (see {@link
   * LenientSpec}).
   */
  @Override
  @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = ClusterNodeSpec.Lenient.class)
  public void setSpec(ClusterNodeSpec spec) {
    super.setSpec(spec);
  }
}
