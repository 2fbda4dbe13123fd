package io.ovdfailover.testsupport;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.ClusterNodeSpec;
import io.ovdfailover.api.CredentialsSecretRef;
import io.ovdfailover.api.DatabaseSpec;
import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.OvdFailoverClusterStatus;
import io.ovdfailover.api.PrivateNetworkSpec;
import io.ovdfailover.api.SecretKeyRef;
import io.ovdfailover.api.SshAccessSpec;
import io.ovdfailover.api.VipSpec;
import java.util.ArrayList;
import java.util.List;

/** The lab's five-node layout (deploy/samples/lab) as Java objects. */
public final class Samples {
  public static final List<String> NODE_NAMES = List.of("osm1", "osm2", "pcs3", "pcs4", "dbmy");

  private Samples() {}

  public static OvdFailoverCluster cluster(String namespace, String name) {
    OvdFailoverClusterSpec spec = new OvdFailoverClusterSpec();
    spec.ovdVersion = "3.3.0";
    spec.privateNetwork = new PrivateNetworkSpec("198.19.100.0/24");
    spec.vip = new VipSpec("198.18.0.100", 24);
    spec.sessionManagers =
        new ArrayList<>(
            List.of(
                new NodeSpec("osm1", "198.18.0.11", "198.19.100.11"),
                new NodeSpec("osm2", "198.18.0.12", "198.19.100.12")));
    spec.quorumNodes =
        new ArrayList<>(
            List.of(
                new NodeSpec("pcs3", "198.18.0.13", "198.19.100.13"),
                new NodeSpec("pcs4", "198.18.0.14", "198.19.100.14")));
    spec.database = new DatabaseSpec();
    spec.database.node = new NodeSpec("dbmy", "198.18.0.21", "198.19.100.21");
    spec.database.credentialsSecret = new CredentialsSecretRef("ovd-db");
    spec.haclusterPasswordSecret = new SecretKeyRef("hacluster-password", "password");
    OvdFailoverCluster cluster = new OvdFailoverCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    cluster.setSpec(spec);
    return cluster;
  }

  public static ClusterNode node(String namespace, String cluster, String nodeName, int octet) {
    ClusterNodeSpec spec = new ClusterNodeSpec();
    spec.cluster = cluster;
    spec.nodeName = nodeName;
    spec.ssh = new SshAccessSpec();
    spec.ssh.host = "198.18.0." + octet;
    spec.ssh.privateKeySecret = new SecretKeyRef("ovd-ssh-key", "ssh-privatekey");
    spec.ssh.trustOnFirstUse = true;
    ClusterNode node = new ClusterNode();
    node.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(nodeName).build());
    node.setSpec(spec);
    return node;
  }

  public static int octet(String nodeName) {
    return switch (nodeName) {
      case "osm1" -> 11;
      case "osm2" -> 12;
      case "pcs3" -> 13;
      case "pcs4" -> 14;
      default -> 21;
    };
  }

  /**
   * What {@code cluster}'s status says of node {@code name} (its ClusterNode of the same name,
   * reachable), as the status's only node: a status is made if the cluster has none. The summary is
   * returned for the test to change.
   */
  public static OvdFailoverClusterStatus.NodeSummary observedNode(
      OvdFailoverCluster cluster, String name) {
    if (cluster.getStatus() == null) {
      cluster.setStatus(new OvdFailoverClusterStatus());
    }
    OvdFailoverClusterStatus.NodeSummary summary = new OvdFailoverClusterStatus.NodeSummary();
    summary.name = name;
    summary.clusterNode = name;
    summary.reachable = true;
    cluster.getStatus().nodes = List.of(summary);
    return summary;
  }
}
