package io.ovdfailover.validation;

import io.ovdfailover.api.AlertsSpec;
import io.ovdfailover.api.CelRules;
import io.ovdfailover.api.ClusterNodeSpec;
import io.ovdfailover.api.CredentialsSecretRef;
import io.ovdfailover.api.DatabaseSpec;
import io.ovdfailover.api.FailoverTestSpec;
import io.ovdfailover.api.FarmServerSpec;
import io.ovdfailover.api.Ipv4;
import io.ovdfailover.api.Ipv4.Cidr;
import io.ovdfailover.api.LsyncdSpec;
import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.PacemakerSpec;
import io.ovdfailover.api.Patterns;
import io.ovdfailover.api.PrivateNetworkSpec;
import io.ovdfailover.api.SecretKeyRef;
import io.ovdfailover.api.SshAccessSpec;
import io.ovdfailover.api.VipSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Operator-side validation. A custom resource can reach the operator without the CRD's schema
 * having been applied (an older CRD, a mock API server), so every rule of the schema and its CEL
 * rules is checked again here before any SSH connection is made, plus what only the operator can
 * check (cron value ranges, the host key's encoding, a ClusterNode's place in its cluster). Each
 * problem names the field and says what to change. docs/api.md lists the rules and where each is
 * checked.
 */
public final class SpecValidator {

  /** One problem: the field path (e.g. {@code spec.vip.address}) and what is wrong with it. */
  public record Problem(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private static final Pattern IPV4 = Pattern.compile(Patterns.IPV4);
  private static final Pattern HOSTNAME_LABEL = Pattern.compile(Patterns.HOSTNAME_LABEL);
  private static final Pattern HOST = Pattern.compile(Patterns.HOST);
  private static final Pattern NIC = Pattern.compile(Patterns.NIC);
  private static final Pattern ABSOLUTE_PATH = Pattern.compile(Patterns.ABSOLUTE_PATH);
  private static final Pattern LSYNCD_FOLDER = Pattern.compile(Patterns.LSYNCD_FOLDER);
  private static final Pattern K8S_NAME = Pattern.compile(Patterns.K8S_NAME);
  private static final Pattern SECRET_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");
  private static final Pattern CLUSTER_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$");
  private static final Pattern OVD_VERSION = Pattern.compile("^[0-9]+\\.[0-9]+(\\.[0-9]+)?$");
  private static final Pattern DATABASE_NAME = Pattern.compile("^[A-Za-z0-9_]{1,64}$");
  private static final Pattern REQUEST_ID = Pattern.compile("^[A-Za-z0-9][-A-Za-z0-9_.:]{0,62}$");
  private static final Pattern LOGIN = Pattern.compile("^[a-z_][a-z0-9_-]{0,31}$");
  private static final Pattern LOAD_THRESHOLD = Pattern.compile(Patterns.LOAD_THRESHOLD);
  private static final Pattern TIME_ZONE = Pattern.compile(Patterns.TIME_ZONE);
  private static final Pattern EMAIL = Pattern.compile(Patterns.EMAIL);

  static final int MAX_QUORUM_NODES = 8;
  static final int MAX_SNAT_DESTINATIONS = 32;
  static final int MAX_LSYNCD_FOLDERS = 16;
  static final int MAX_FOLDER_LENGTH = 255;
  static final int MAX_HOST_KEY_LENGTH = 8192;
  static final int MAX_SCHEDULE_LENGTH = 100;
  static final int MAX_TIME_ZONE_LENGTH = 64;

  public List<Problem> validate(OvdFailoverClusterSpec spec) {
    Problems problems = new Problems();
    if (spec == null) {
      problems.add("spec", "is required");
      return problems.list;
    }
    if (unreadable(spec, problems)) {
      return problems.list;
    }
    if (spec.clusterName != null && !CLUSTER_NAME.matcher(spec.clusterName).matches()) {
      problems.add(
          "spec.clusterName",
          quote(spec.clusterName)
              + " is not a Pacemaker cluster name: 1 to 32 letters, digits, '-' or '_', starting with a letter or digit");
    }
    if (problems.required(
            "spec.ovdVersion",
            spec.ovdVersion,
            "the Inuvika OVD version of the session managers, e.g. 3.3.0")
        && !OVD_VERSION.matcher(spec.ovdVersion).matches()) {
      problems.add("spec.ovdVersion", quote(spec.ovdVersion) + " is not a version such as 3.3.0");
    }
    Optional<Cidr> privateCidr = privateNetwork(spec.privateNetwork, problems);
    Optional<Cidr> vipNetwork = vip(spec.vip, problems);
    topology(spec, problems);
    NodeRef.sessionManagers(spec).forEach(n -> node(n, problems));
    NodeRef.quorumNodes(spec).forEach(n -> node(n, problems));
    database(spec.database, problems);
    secretKeyRef("spec.haclusterPasswordSecret", spec.haclusterPasswordSecret, problems);
    uniqueNames(spec, problems);
    uniqueAddresses(spec, problems);
    vipPlacement(spec, vipNetwork, problems);
    privateAddresses(spec, privateCidr, problems);
    if (privateCidr.isPresent()
        && vipNetwork.isPresent()
        && privateCidr.get().overlaps(vipNetwork.get())) {
      problems.add(
          "spec.vip",
          "the VIP's network "
              + vipNetwork.get().networkText()
              + " overlaps spec.privateNetwork.cidr "
              + privateCidr.get().networkText()
              + ": the service network and the cluster network must be different networks");
    }
    lsyncd(spec.lsyncd, problems);
    failoverTest(spec.failoverTest, problems);
    pacemaker(spec.pacemaker, problems);
    alerts(spec.alerts, problems);
    farmServers(spec, problems);
    return problems.list;
  }

  public List<Problem> validate(ClusterNodeSpec spec) {
    Problems problems = new Problems();
    if (spec == null) {
      problems.add("spec", "is required");
      return problems.list;
    }
    if (unreadable(spec, problems)) {
      return problems.list;
    }
    if (problems.required(
            "spec.cluster", spec.cluster, "the name of the OvdFailoverCluster this node belongs to")
        && !K8S_NAME.matcher(spec.cluster).matches()) {
      problems.add("spec.cluster", quote(spec.cluster) + " is not a Kubernetes object name");
    }
    if (spec.nodeName != null && !HOSTNAME_LABEL.matcher(spec.nodeName).matches()) {
      problems.add(
          "spec.nodeName",
          quote(spec.nodeName)
              + " is not a hostname: lower-case letters, digits and '-', at most 63 characters");
    }
    if (spec.ssh == null) {
      problems.add(
          "spec.ssh",
          "is required: how the operator reaches the node (host, user, privateKeySecret, hostKey)");
    } else {
      ssh(spec.ssh, problems);
    }
    return problems.list;
  }

  /**
   * Operator-only: whether a ClusterNode names a node of its cluster's topology. The schema cannot
   * check this because it spans two objects.
   */
  public List<Problem> validateMembership(
      String metadataName, ClusterNodeSpec node, OvdFailoverClusterSpec cluster) {
    Problems problems = new Problems();
    String name = node.effectiveNodeName(metadataName);
    List<String> known = new ArrayList<>(cluster.allNodes().stream().map(n -> n.name).toList());
    cluster.linuxFarmServers().forEach(f -> known.add(f.name));
    if (!known.contains(name)) {
      problems.add(
          node.nodeName != null && !node.nodeName.isBlank() ? "spec.nodeName" : "metadata.name",
          "no node named "
              + name
              + " in OvdFailoverCluster "
              + node.cluster
              + " (its nodes: "
              + String.join(", ", known)
              + "); set spec.nodeName to one of them");
    }
    return problems.list;
  }

  // ---- cluster topology ----

  /** The third vote: quorum nodes, a quorum device on the database node, or fencing. */
  private static void quorum(
      OvdFailoverClusterSpec spec, int sessionManagers, int quorumNodes, Problems problems) {
    PacemakerSpec.Quorum quorum =
        spec.pacemaker == null
            ? PacemakerSpec.Quorum.QuorumNodes
            : spec.pacemaker.effectiveQuorum();
    if (quorum == PacemakerSpec.Quorum.QuorumNodes) {
      if (sessionManagers + quorumNodes < 3) {
        problems.add(
            "spec.quorumNodes",
            "Pacemaker needs at least three voting nodes, this topology has "
                + sessionManagers
                + " session managers and "
                + quorumNodes
                + " quorum nodes: add quorum nodes (the guide uses pcs3 and pcs4), or set"
                + " spec.pacemaker.quorum to QuorumDevice (corosync-qnetd on the database node)");
      }
      return;
    }
    if (quorumNodes > 0) {
      problems.add(
          "spec.quorumNodes",
          "must be empty with spec.pacemaker.quorum "
              + quorum
              + " (the two-node layout: the session managers are the only Pacemaker nodes)");
    }
    if (quorum == PacemakerSpec.Quorum.QuorumDevice
        && (spec.database == null || spec.database.node == null)) {
      problems.add(
          "spec.database.node",
          "is required with spec.pacemaker.quorum QuorumDevice: corosync-qnetd runs there");
    }
    if (quorum == PacemakerSpec.Quorum.TwoNode && !spec.pacemaker.stonithEnabled) {
      problems.add(
          "spec.pacemaker.quorum",
          "TwoNode needs fencing (spec.pacemaker.stonithEnabled: true, with the site's fence"
              + " devices): with two_node each session manager keeps quorum alone, so a cut private"
              + " link would leave the VIP and the Session Manager running on both (split brain);"
              + " use QuorumDevice (corosync-qnetd on the database node) or quorum nodes instead");
    }
  }

  private static void topology(OvdFailoverClusterSpec spec, Problems problems) {
    int sessionManagers = spec.sessionManagers == null ? 0 : spec.sessionManagers.size();
    int quorumNodes = spec.quorumNodes == null ? 0 : spec.quorumNodes.size();
    if (sessionManagers != 2) {
      problems.add(
          "spec.sessionManagers",
          "must list exactly two session-manager nodes (the guide's osm1 and osm2), found "
              + sessionManagers);
    }
    if (quorumNodes > MAX_QUORUM_NODES) {
      problems.add(
          "spec.quorumNodes",
          "lists " + quorumNodes + " nodes; at most " + MAX_QUORUM_NODES + " are supported");
    }
    quorum(spec, sessionManagers, quorumNodes, problems);
    NodeRef.sessionManagers(spec)
        .forEach(
            n -> {
              if (n.node() != null && n.node().serviceAddress == null) {
                problems.add(
                    n.path() + ".serviceAddress",
                    "is required for a session manager: its address on the service network, "
                        + "where the VIP lives");
              }
            });
  }

  private static void node(NodeRef ref, Problems problems) {
    NodeSpec node = ref.node();
    if (node == null) {
      problems.add(ref.path(), "is empty: give at least name and privateAddress");
      return;
    }
    if (problems.required(ref.path() + ".name", node.name, "the node's hostname, e.g. osm1")
        && !HOSTNAME_LABEL.matcher(node.name).matches()) {
      problems.add(
          ref.path() + ".name",
          quote(node.name)
              + " is not a hostname: lower-case letters, digits and '-', at most 63 characters, no dots");
    }
    if (problems.required(
        ref.path() + ".privateAddress",
        node.privateAddress,
        "the node's static address on the private network, e.g. 192.168.100.11")) {
      address(ref.path() + ".privateAddress", node.privateAddress, problems);
    }
    if (node.serviceAddress != null) {
      address(ref.path() + ".serviceAddress", node.serviceAddress, problems);
    }
    nic(ref.path() + ".serviceNic", node.serviceNic, problems);
    nic(ref.path() + ".privateNic", node.privateNic, problems);
  }

  static final int MAX_FARM_SERVERS = 64;

  /** Chapter IV step 4's servers: named once, apart from the cluster's nodes; Windows ones OAS. */
  private static void farmServers(OvdFailoverClusterSpec spec, Problems problems) {
    if (spec.farmServers == null) {
      return;
    }
    if (spec.farmServers.size() > MAX_FARM_SERVERS) {
      problems.add("spec.farmServers", "lists more than " + MAX_FARM_SERVERS + " servers");
      return;
    }
    Set<String> topology = new HashSet<>();
    NodeRef.all(spec).stream()
        .filter(r -> r.node() != null && r.node().name != null)
        .forEach(r -> topology.add(r.node().name));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < spec.farmServers.size(); i++) {
      FarmServerSpec f = spec.farmServers.get(i);
      String path = "spec.farmServers[" + i + "]";
      if (f == null) {
        problems.add(path, "is empty: give name and role");
        continue;
      }
      if (problems.required(path + ".name", f.name, "the server's name")) {
        if (!HOSTNAME_LABEL.matcher(f.name).matches()) {
          problems.add(path + ".name", quote(f.name) + " is not a host name label");
        } else if (topology.contains(f.name)) {
          problems.add(
              path + ".name",
              f.name
                  + " is a node of the cluster's topology: a farm server is another machine (the"
                  + " session managers' own Session Manager setting is the guide's chapter IV)");
        } else if (!seen.add(f.name)) {
          problems.add(path + ".name", f.name + " is listed twice");
        }
      }
      if (f.role == null) {
        problems.add(path + ".role", "is required: OAS, OFS, ESG, OWA or AC");
      } else if (f.os == FarmServerSpec.Os.Windows && f.role != FarmServerSpec.Role.OAS) {
        problems.add(path + ".os", CelRules.FARM_WINDOWS_OAS_MSG);
      }
    }
  }

  private static void uniqueNames(OvdFailoverClusterSpec spec, Problems problems) {
    Map<String, String> seen = new LinkedHashMap<>();
    for (NodeRef ref : NodeRef.all(spec)) {
      if (ref.node() == null || ref.node().name == null) {
        continue;
      }
      String first = seen.putIfAbsent(ref.node().name, ref.path());
      if (first != null) {
        problems.add(
            ref.path() + ".name",
            "node name "
                + ref.node().name
                + " is already used by "
                + first
                + "; names must be unique across sessionManagers, quorumNodes and database.node");
      }
    }
  }

  private static void uniqueAddresses(OvdFailoverClusterSpec spec, Problems problems) {
    Map<String, String> seen = new LinkedHashMap<>();
    for (NodeRef ref : NodeRef.all(spec)) {
      if (ref.node() == null) {
        continue;
      }
      for (String field : List.of("serviceAddress", "privateAddress")) {
        String address =
            field.equals("serviceAddress") ? ref.node().serviceAddress : ref.node().privateAddress;
        if (address == null) {
          continue;
        }
        String first = seen.putIfAbsent(address, ref.path() + "." + field);
        if (first != null) {
          problems.add(
              ref.path() + "." + field,
              address
                  + " is already used by "
                  + first
                  + "; every address must belong to one node only");
        }
      }
    }
    if (spec.vip != null && spec.vip.address != null && seen.containsKey(spec.vip.address)) {
      problems.add(
          "spec.vip.address",
          spec.vip.address
              + " is also "
              + seen.get(spec.vip.address)
              + "; the VIP must be an address of its own");
    }
  }

  // ---- VIP ----

  private static Optional<Cidr> vip(VipSpec vip, Problems problems) {
    if (vip == null) {
      problems.add("spec.vip", "is required: the virtual IP shared by the session managers");
      return Optional.empty();
    }
    OptionalLong address = OptionalLong.empty();
    if (problems.required(
        "spec.vip.address", vip.address, "the virtual IP address, e.g. 10.20.1.10")) {
      address = address("spec.vip.address", vip.address, problems);
    }
    boolean prefixValid = vip.cidrNetmask >= 1 && vip.cidrNetmask <= 32;
    if (!prefixValid) {
      problems.add(
          "spec.vip.cidrNetmask", vip.cidrNetmask + " is not a prefix length between 1 and 32");
    }
    nic("spec.vip.nic", vip.nic, problems);
    if (vip.snatDestinations != null) {
      if (vip.snatDestinations.isEmpty() || vip.snatDestinations.size() > MAX_SNAT_DESTINATIONS) {
        problems.add(
            "spec.vip.snatDestinations",
            "must list 1 to "
                + MAX_SNAT_DESTINATIONS
                + " destinations (0.0.0.0/0 for all traffic, as in the guide), found "
                + vip.snatDestinations.size());
      }
      for (int i = 0; i < vip.snatDestinations.size(); i++) {
        String destination = vip.snatDestinations.get(i);
        if (Cidr.parse(destination).isEmpty()) {
          problems.add(
              "spec.vip.snatDestinations[" + i + "]",
              quote(destination)
                  + " is not an IPv4 network or address in CIDR notation, e.g. 10.20.0.0/16, 10.20.1.31/32 or 0.0.0.0/0");
        }
      }
    }
    if (address.isEmpty() || !prefixValid) {
      return Optional.empty();
    }
    return Optional.of(new Cidr(address.getAsLong(), vip.cidrNetmask));
  }

  private static void vipPlacement(
      OvdFailoverClusterSpec spec, Optional<Cidr> vipNetwork, Problems problems) {
    if (vipNetwork.isEmpty()) {
      return;
    }
    Cidr vip = vipNetwork.get();
    if (vip.isNetworkOrBroadcast(vip.address())) {
      problems.add(
          "spec.vip.address",
          Ipv4.format(vip.address())
              + " is the "
              + (vip.address() == vip.network() ? "network" : "broadcast")
              + " address of "
              + vip.networkText()
              + "; choose a host address of that network");
    }
    for (NodeRef ref : NodeRef.sessionManagers(spec)) {
      NodeSpec node = ref.node();
      if (node == null) {
        continue;
      }
      OptionalLong service = Ipv4.parse(node.serviceAddress);
      if (service.isPresent() && !vip.contains(service.getAsLong())) {
        problems.add(
            ref.path() + ".serviceAddress",
            node.serviceAddress
                + " is not inside the VIP's network "
                + vip.networkText()
                + " (spec.vip.address/spec.vip.cidrNetmask); the VIP moves between the session "
                + "managers' service addresses, so both must be in its network");
      }
      if (node.serviceNic != null
          && spec.vip.nic != null
          && !node.serviceNic.equals(spec.vip.nic)) {
        problems.add(
            ref.path() + ".serviceNic",
            node.serviceNic
                + " differs from spec.vip.nic "
                + spec.vip.nic
                + ": IPaddr2 and cluster-vip-src use one NIC name on whichever session manager is active");
      }
    }
  }

  // ---- private network ----

  private static Optional<Cidr> privateNetwork(PrivateNetworkSpec network, Problems problems) {
    if (network == null) {
      problems.add(
          "spec.privateNetwork",
          "is required: the dedicated cluster network, e.g. cidr: 192.168.100.0/24");
      return Optional.empty();
    }
    if (network.domain != null && !HOSTNAME_LABEL.matcher(network.domain).matches()) {
      problems.add(
          "spec.privateNetwork.domain", quote(network.domain) + " is not a DNS label such as priv");
    }
    if (!problems.required(
        "spec.privateNetwork.cidr", network.cidr, "the private network, e.g. 192.168.100.0/24")) {
      return Optional.empty();
    }
    Optional<Cidr> cidr = Cidr.parse(network.cidr);
    if (cidr.isEmpty()) {
      problems.add(
          "spec.privateNetwork.cidr",
          quote(network.cidr) + " is not an IPv4 network in CIDR notation, e.g. 192.168.100.0/24");
    } else if (cidr.get().hasHostBits()) {
      problems.add(
          "spec.privateNetwork.cidr",
          network.cidr
              + " has host bits set: write the network address "
              + cidr.get().networkText());
    }
    return cidr;
  }

  private static void privateAddresses(
      OvdFailoverClusterSpec spec, Optional<Cidr> cidr, Problems problems) {
    if (cidr.isEmpty()) {
      return;
    }
    Cidr network = cidr.get();
    for (NodeRef ref : NodeRef.all(spec)) {
      if (ref.node() == null) {
        continue;
      }
      OptionalLong address = Ipv4.parse(ref.node().privateAddress);
      if (address.isEmpty()) {
        continue;
      }
      if (!network.contains(address.getAsLong())) {
        problems.add(
            ref.path() + ".privateAddress",
            ref.node().privateAddress
                + " is not inside spec.privateNetwork.cidr "
                + spec.privateNetwork.cidr);
      } else if (network.isNetworkOrBroadcast(address.getAsLong())) {
        problems.add(
            ref.path() + ".privateAddress",
            ref.node().privateAddress
                + " is the "
                + (address.getAsLong() == network.network() ? "network" : "broadcast")
                + " address of spec.privateNetwork.cidr "
                + spec.privateNetwork.cidr
                + "; choose a host address");
      }
    }
  }

  // ---- database ----

  private static void database(DatabaseSpec database, Problems problems) {
    if (database == null) {
      problems.add(
          "spec.database", "is required: a database node (node) or an existing server (external)");
      return;
    }
    if (database.node != null && database.external != null) {
      problems.add(
          "spec.database",
          "give either node (a database node the operator installs) or external "
              + "(an existing server), not both");
    } else if (database.node == null && database.external == null) {
      problems.add(
          "spec.database",
          "give node (a database node the operator installs) or external (an existing server)");
    }
    if (database.node != null) {
      node(new NodeRef("spec.database.node", database.node), problems);
    }
    if (database.external != null) {
      String host = database.external.host;
      if (problems.required(
              "spec.database.external.host", host, "the database server's name or address")
          && (!HOST.matcher(host).matches() || host.length() > 253)) {
        problems.add(
            "spec.database.external.host", quote(host) + " is not a host name or IPv4 address");
      }
      port("spec.database.external.port", database.external.port, problems);
    }
    if (database.name != null && !DATABASE_NAME.matcher(database.name).matches()) {
      problems.add(
          "spec.database.name",
          quote(database.name) + " is not a database name: 1 to 64 letters, digits or '_'");
    }
    credentials("spec.database.credentialsSecret", database.credentialsSecret, problems);
  }

  // ---- lsyncd, failover tests and Pacemaker ----

  private static void lsyncd(LsyncdSpec lsyncd, Problems problems) {
    var canary = lsyncd == null ? null : lsyncd.canary;
    if (canary != null && (canary.intervalSeconds < 10 || canary.intervalSeconds > 86400)) {
      problems.add(
          "spec.lsyncd.canary.intervalSeconds",
          canary.intervalSeconds + " is out of range: from 10 to 86400 seconds");
    }
    if (canary != null && (canary.maxLagSeconds < 20 || canary.maxLagSeconds > 3600)) {
      problems.add(
          "spec.lsyncd.canary.maxLagSeconds",
          canary.maxLagSeconds
              + " is out of range: from 20 to 3600 seconds (lsyncd alone batches changes for 15 s)");
    }
    if (lsyncd == null || lsyncd.folders == null) {
      return;
    }
    if (lsyncd.folders.isEmpty() || lsyncd.folders.size() > MAX_LSYNCD_FOLDERS) {
      problems.add(
          "spec.lsyncd.folders",
          "must list 1 to "
              + MAX_LSYNCD_FOLDERS
              + " folders, or be left out for the distro profile's folders; found "
              + lsyncd.folders.size());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < lsyncd.folders.size(); i++) {
      String folder = lsyncd.folders.get(i);
      String field = "spec.lsyncd.folders[" + i + "]";
      if (folder == null
          || "/".equals(folder)
          || !ABSOLUTE_PATH.matcher(folder).matches()
          || folder.length() > MAX_FOLDER_LENGTH) {
        problems.add(
            field,
            quote(folder)
                + " is not an absolute path other than / without spaces or shell characters"
                + " (at most "
                + MAX_FOLDER_LENGTH
                + " characters)");
      } else if (!LSYNCD_FOLDER.matcher(folder).matches()) {
        problems.add(
            field,
            quote(folder)
                + " is not in normal form: an empty, . or .. segment could make lsyncd "
                + "mirror (and delete in) another folder, or /");
      } else if (!seen.add(folder.replaceAll("/+$", ""))) {
        problems.add(field, folder + " is listed twice"); // operator-only
      }
    }
  }

  private static void alerts(AlertsSpec alerts, Problems problems) {
    if (alerts == null) {
      return;
    }
    List<String> recipients = alerts.recipients == null ? List.of() : alerts.recipients;
    if (recipients.size() > AlertsSpec.MAX_RECIPIENTS) {
      problems.add(
          "spec.alerts.recipients",
          "must list at most "
              + AlertsSpec.MAX_RECIPIENTS
              + " addresses; found "
              + recipients.size());
    }
    for (int i = 0; i < recipients.size(); i++) {
      String r = recipients.get(i);
      if (r == null || !EMAIL.matcher(r).matches()) {
        problems.add(
            "spec.alerts.recipients[" + i + "]",
            quote(r) + " is not a plain e-mail address (letters, digits and ._%+- before the @)");
      }
    }
    if (alerts.sender != null && !EMAIL.matcher(alerts.sender).matches()) {
      problems.add(
          "spec.alerts.sender",
          quote(alerts.sender)
              + " is not a plain e-mail address (letters, digits and ._%+- before the @)");
    }
    if (alerts.smtp == null) {
      if (!recipients.isEmpty()) {
        problems.add(
            "spec.alerts.smtp", "is required with recipients: the relay the alert mail goes to");
      }
      return;
    }
    if (alerts.smtp.host == null || !HOST.matcher(alerts.smtp.host).matches()) {
      problems.add(
          "spec.alerts.smtp.host", quote(alerts.smtp.host) + " is not a DNS name or IPv4 address");
    }
    if (alerts.smtp.port < 1 || alerts.smtp.port > 65535) {
      problems.add("spec.alerts.smtp.port", alerts.smtp.port + " is not a port (1 to 65535)");
    }
    if (alerts.smtp.tls == null) {
      problems.add("spec.alerts.smtp.tls", "must be None, StartTLS or TLS");
    }
    if (alerts.smtp.credentialsSecret != null) {
      credentials("spec.alerts.smtp.credentialsSecret", alerts.smtp.credentialsSecret, problems);
    }
  }

  private static void pacemaker(PacemakerSpec pacemaker, Problems problems) {
    if (pacemaker != null
        && pacemaker.loadThreshold != null
        && !LOAD_THRESHOLD.matcher(pacemaker.loadThreshold).matches()) {
      problems.add(
          "spec.pacemaker.loadThreshold",
          quote(pacemaker.loadThreshold)
              + " is not a load threshold: a whole percentage from 1% to 9999%, such as 400%");
    }
    Integer timeout = pacemaker == null ? null : pacemaker.systemdStartStopTimeoutSeconds;
    if (timeout != null
        && (timeout < PacemakerSpec.MIN_SYSTEMD_START_STOP_TIMEOUT_SECONDS
            || timeout > PacemakerSpec.MAX_SYSTEMD_START_STOP_TIMEOUT_SECONDS)) {
      problems.add(
          "spec.pacemaker.systemdStartStopTimeoutSeconds",
          timeout
              + " is out of range: from "
              + PacemakerSpec.MIN_SYSTEMD_START_STOP_TIMEOUT_SECONDS
              + " to "
              + PacemakerSpec.MAX_SYSTEMD_START_STOP_TIMEOUT_SECONDS
              + " seconds");
    }
    var cleanup = pacemaker == null ? null : pacemaker.failedActionCleanup;
    if (cleanup != null && (cleanup.maxPerHour < 1 || cleanup.maxPerHour > 60)) {
      problems.add(
          "spec.pacemaker.failedActionCleanup.maxPerHour",
          cleanup.maxPerHour + " is out of range: from 1 to 60 cleanups an hour");
    }
    if (cleanup != null && (cleanup.afterSeconds < 0 || cleanup.afterSeconds > 86400)) {
      problems.add(
          "spec.pacemaker.failedActionCleanup.afterSeconds",
          cleanup.afterSeconds + " is out of range: from 0 to 86400 seconds");
    }
  }

  private static void failoverTest(FailoverTestSpec test, Problems problems) {
    if (test == null) {
      return;
    }
    if (test.requestId != null && !REQUEST_ID.matcher(test.requestId).matches()) {
      problems.add(
          "spec.failoverTest.requestId",
          quote(test.requestId)
              + " is not a request id: 1 to 63 letters, digits, '-', '_', '.' or ':'");
    }
    if (test.schedule != null) {
      if (test.schedule.length() > MAX_SCHEDULE_LENGTH) {
        problems.add(
            "spec.failoverTest.schedule", "is longer than " + MAX_SCHEDULE_LENGTH + " characters");
      } else {
        CronCheck.problem(test.schedule)
            .ifPresent(p -> problems.add("spec.failoverTest.schedule", p));
      }
    }
    if (test.timeZone != null) {
      if (test.timeZone.length() > MAX_TIME_ZONE_LENGTH
          || !TIME_ZONE.matcher(test.timeZone).matches()) {
        problems.add(
            "spec.failoverTest.timeZone",
            quote(test.timeZone)
                + " is not a time zone name such as Europe/Paris (IANA time zone database)");
      } else {
        CronCheck.timeZoneProblem(test.timeZone)
            .ifPresent(p -> problems.add("spec.failoverTest.timeZone", p)); // operator-only
      }
    }
    if (test.http != null) {
      String path = test.http.path;
      if (path != null && (path.length() > 200 || !HTTP_PATH.matcher(path).matches())) {
        problems.add(
            "spec.failoverTest.http.path",
            quote(path) + " is not a URL path: it starts with / and has no spaces");
      }
      if (test.http.expectedStatus < 100 || test.http.expectedStatus > 599) {
        problems.add(
            "spec.failoverTest.http.expectedStatus",
            test.http.expectedStatus + " is not an HTTP status (100-599)");
      }
      String pattern = test.http.sessionManagerIdPattern;
      if (pattern != null) {
        try {
          java.util.regex.Pattern.compile(pattern);
        } catch (java.util.regex.PatternSyntaxException e) {
          problems.add(
              "spec.failoverTest.http.sessionManagerIdPattern",
              quote(pattern) + " is not a regular expression: " + e.getDescription());
        }
      }
    }
  }

  private static final java.util.regex.Pattern HTTP_PATH =
      java.util.regex.Pattern.compile("^/[!-~]*$");

  // ---- ClusterNode ----

  private static void ssh(SshAccessSpec ssh, Problems problems) {
    if (problems.required("spec.ssh.host", ssh.host, "the name or address the operator connects to")
        && (!HOST.matcher(ssh.host).matches() || ssh.host.length() > 253)) {
      problems.add("spec.ssh.host", quote(ssh.host) + " is not a host name or IPv4 address");
    }
    port("spec.ssh.port", ssh.port, problems);
    if (ssh.user != null && !LOGIN.matcher(ssh.user).matches()) {
      problems.add("spec.ssh.user", quote(ssh.user) + " is not a Linux login name");
    }
    if (ssh.user != null && !ssh.user.equals("root") && !ssh.sudo) {
      problems.add(
          "spec.ssh.sudo",
          "must be true for user "
              + ssh.user
              + ": a user other than root needs passwordless sudo (sudo -n, no tty) to configure the node");
    }
    secretKeyRef("spec.ssh.privateKeySecret", ssh.privateKeySecret, problems);
    if (ssh.hostKey == null) {
      if (!ssh.trustOnFirstUse) {
        problems.add(
            "spec.ssh.hostKey",
            "is required unless spec.ssh.trustOnFirstUse is true: give the node's host key "
                + "(ssh-keyscan or `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the node); the operator never "
                + "connects to a host it cannot verify");
      }
    } else if (ssh.hostKey.length() > MAX_HOST_KEY_LENGTH) {
      problems.add("spec.ssh.hostKey", "is longer than " + MAX_HOST_KEY_LENGTH + " characters");
    } else {
      HostKeyCheck.problem(ssh.hostKey).ifPresent(p -> problems.add("spec.ssh.hostKey", p));
    }
  }

  // ---- shared field checks ----

  private static OptionalLong address(String field, String value, Problems problems) {
    OptionalLong address = Ipv4.parse(value);
    if (address.isEmpty()) {
      problems.add(
          field, quote(value) + " is not an IPv4 address (dotted quad such as 192.168.100.11)");
    }
    return address;
  }

  private static void nic(String field, String value, Problems problems) {
    if (value != null && !NIC.matcher(value).matches()) {
      problems.add(
          field,
          quote(value) + " is not a network interface name (at most 15 characters, e.g. eth0)");
    }
  }

  private static void port(String field, int port, Problems problems) {
    if (port < 1 || port > 65535) {
      problems.add(field, port + " is not a TCP port (1 to 65535)");
    }
  }

  private static void secretKeyRef(String field, SecretKeyRef ref, Problems problems) {
    if (ref == null) {
      problems.add(field, "is required: the name (and key) of a Secret in the same namespace");
      return;
    }
    secretName(field + ".name", ref.name, problems);
    secretKey(field + ".key", ref.key, problems);
  }

  private static void credentials(String field, CredentialsSecretRef ref, Problems problems) {
    if (ref == null) {
      problems.add(field, "is required: a Secret with the database user and password");
      return;
    }
    secretName(field + ".name", ref.name, problems);
    secretKey(field + ".userKey", ref.userKey, problems);
    secretKey(field + ".passwordKey", ref.passwordKey, problems);
  }

  private static void secretName(String field, String name, Problems problems) {
    if (problems.required(field, name, "the Secret's name") && !K8S_NAME.matcher(name).matches()) {
      problems.add(field, quote(name) + " is not a Kubernetes object name");
    }
  }

  private static void secretKey(String field, String key, Problems problems) {
    if (key != null && (!SECRET_KEY.matcher(key).matches() || key.length() > 253)) {
      problems.add(field, quote(key) + " is not a Secret key: letters, digits, '-', '_' and '.'");
    }
  }

  /**
   * A spec of the wrong shape (see api.LenientSpec) is one problem, at the field where it went
   * wrong.
   */
  private static boolean unreadable(
      io.ovdfailover.api.LenientSpec.Unreadable spec, Problems problems) {
    String u = spec.unreadable();
    if (u == null) {
      return false;
    }
    int colon = u.indexOf(": ");
    problems.add(
        colon < 0 ? "spec" : u.substring(0, colon), colon < 0 ? u : u.substring(colon + 2));
    return true;
  }

  /**
   * Values are echoed bounded: a 100,000-character field must not be copied into conditions and
   * Events.
   */
  static final int MAX_ECHO = 80;

  private static String quote(String value) {
    if (value == null) {
      return "null";
    }
    return value.length() <= MAX_ECHO
        ? "\"" + value + "\""
        : "\"" + value.substring(0, MAX_ECHO) + "...\" (" + value.length() + " characters)";
  }

  /** A node of the topology with its field path. */
  private record NodeRef(String path, NodeSpec node) {
    static List<NodeRef> sessionManagers(OvdFailoverClusterSpec spec) {
      return list("spec.sessionManagers", spec.sessionManagers);
    }

    static List<NodeRef> quorumNodes(OvdFailoverClusterSpec spec) {
      return list("spec.quorumNodes", spec.quorumNodes);
    }

    static List<NodeRef> all(OvdFailoverClusterSpec spec) {
      List<NodeRef> all = new ArrayList<>(sessionManagers(spec));
      all.addAll(quorumNodes(spec));
      if (spec.database != null && spec.database.node != null) {
        all.add(new NodeRef("spec.database.node", spec.database.node));
      }
      return all;
    }

    private static List<NodeRef> list(String path, List<NodeSpec> nodes) {
      List<NodeRef> refs = new ArrayList<>();
      if (nodes != null) {
        for (int i = 0; i < nodes.size(); i++) {
          refs.add(new NodeRef(path + "[" + i + "]", nodes.get(i)));
        }
      }
      return refs;
    }
  }

  /** The problems found so far. */
  private static final class Problems {
    final List<Problem> list = new ArrayList<>();

    void add(String field, String message) {
      list.add(new Problem(field, message));
    }

    /** Records a problem if the value is missing; returns whether it is present. */
    boolean required(String field, String value, String what) {
      if (value == null || value.isBlank()) {
        add(field, "is required: " + what);
        return false;
      }
      return true;
    }
  }
}
