package io.ovdfailover.pacemaker;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the operator reads from /etc/corosync/corosync.conf: the cluster name, the node names, and
 * the quorum device's host (the two-node layout).
 *
 * @param quorumDeviceHost {@code host} of the {@code quorum { device { net { ... } } }} section, or
 *     null without a quorum device
 */
public record CorosyncConf(String clusterName, List<String> nodeNames, String quorumDeviceHost) {
  private static final Pattern DEVICE_HOST =
      Pattern.compile("(?s)\\bquorum\\s*\\{.*?\\bdevice\\s*\\{.*?\\bhost\\s*:\\s*(\\S+)");
  private static final Pattern CLUSTER_NAME =
      Pattern.compile("(?m)^\\s*cluster_name\\s*:\\s*(\\S+)");
  private static final Pattern NODE_NAME = Pattern.compile("(?m)^\\s*name\\s*:\\s*(\\S+)");
  private static final Pattern RING0 = Pattern.compile("(?m)^\\s*ring0_addr\\s*:\\s*(\\S+)");

  public CorosyncConf {
    nodeNames = List.copyOf(nodeNames);
  }

  public CorosyncConf(String clusterName, List<String> nodeNames) {
    this(clusterName, nodeNames, null);
  }

  /** Parses corosync.conf text; returns null for empty text (no cluster configured). */
  public static CorosyncConf parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Matcher cn = CLUSTER_NAME.matcher(text);
    String name = cn.find() ? cn.group(1) : "";
    List<String> nodes = new ArrayList<>();
    int nodelist = text.indexOf("nodelist");
    if (nodelist >= 0) {
      String section = text.substring(nodelist);
      Matcher m = NODE_NAME.matcher(section);
      while (m.find()) {
        nodes.add(m.group(1));
      }
      if (nodes.isEmpty()) { // pcs 0.9 wrote only ring0_addr
        Matcher r = RING0.matcher(section);
        while (r.find()) {
          nodes.add(r.group(1));
        }
      }
    }
    Matcher device = DEVICE_HOST.matcher(text);
    return new CorosyncConf(name, nodes, device.find() ? device.group(1) : null);
  }

  /**
   * Debian's and Ubuntu's corosync package install and start a one-node cluster named "debian" with
   * a node "node1" on 127.0.0.1. While it exists, `pcs host auth` prints "Authorized" but saves
   * nothing. It is safe to destroy; any other cluster is somebody's and is not.
   */
  public boolean isDistroDefault() {
    return "debian".equals(clusterName)
        && nodeNames.size() <= 1
        && (nodeNames.isEmpty() || nodeNames.get(0).equals("node1"));
  }
}
