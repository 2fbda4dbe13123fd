package io.ovdfailover.api;

/**
 * The CEL expressions of the CRD's {@code x-kubernetes-validations}, kept in one place so that they
 * can be read together. They are used by {@code @ValidationRule} annotations on the api classes and
 * are compile-time constants for that reason.
 *
 * <p>Portability: the rules use only standard CEL and the strings extension every Kubernetes with
 * CEL validation enables (1.25 and later): {@code split}, {@code int()}, {@code matches}, the list
 * macros. The IP/CIDR library of Kubernetes 1.31 ({@code ip()}, {@code cidr()}) is not used. IPv4
 * arithmetic is done on 32-bit integers; standard CEL has no {@code let}, so a value is bound by a
 * one-element list and a macro: {@code [expr].all(x, ...)} or {@code [expr].map(x, ...)[0]}.
 *
 * <p>Cost: every list these rules iterate has a {@code maxItems} and every string a {@code
 * maxLength}, so the API server's cost estimate stays bounded.
 *
 * <p>Each rule also says where its error is reported and how it reads ({@code fieldPath} and {@code
 * reason}, Kubernetes 1.28+): a rule about one field names it ({@code spec.vip.nic: Invalid value:
 * ...}, {@code spec.ssh.hostKey: Required value: ...}); a rule about several lists at once (unique
 * names and addresses) stays at the object. An API server before 1.28 drops both and reports every
 * rule at its object, as before.
 */
public final class CelRules {
  private CelRules() {}

  // ---- reasons (x-kubernetes-validations reason): how the API server words a failed rule ----

  /** {@code <field>: Invalid value: "object": <message>}: the field's value is wrong. */
  public static final String INVALID = "FieldValueInvalid";

  /** {@code <field>: Required value: <message>}: the field must be given. */
  public static final String REQUIRED = "FieldValueRequired";

  /** {@code <field>: Forbidden: <message>}: the field must not be given. */
  public static final String FORBIDDEN = "FieldValueForbidden";

  // ---- building blocks (compile-time constants) ----

  /** The four octets {@code o} of an address turned into one integer. */
  private static final String OCTETS_TO_INT =
      "int(o[0]) * 16777216 + int(o[1]) * 65536 + int(o[2]) * 256 + int(o[3])";

  /** {@code POW[p]} is 2^(32-p): the size of a network with prefix length p. */
  private static final String POW =
      "[4294967296, 2147483648, 1073741824, 536870912, 268435456, 134217728, 67108864, "
          + "33554432, 16777216, 8388608, 4194304, 2097152, 1048576, 524288, 262144, 131072, 65536, 32768, 16384, 8192, "
          + "4096, 2048, 1024, 512, 256, 128, 64, 32, 16, 8, 4, 2, 1]";

  private static final String VIP_INT =
      "[self.vip.address.split('.')].map(o, " + OCTETS_TO_INT + ")[0]";
  private static final String VIP_SIZE = POW + "[self.vip.cidrNetmask]";
  private static final String PRIV_PREFIX = "int(self.privateNetwork.cidr.split('/')[1])";
  private static final String PRIV_NET_INT =
      "[self.privateNetwork.cidr.split('/')[0].split('.')].map(o, " + OCTETS_TO_INT + ")[0]";
  private static final String A_INT = "[a.split('.')].map(o, " + OCTETS_TO_INT + ")[0]";

  /*
   * Guards: a rule skips values whose pattern the schema already rejects (the API server still evaluates CEL after
   * a pattern error), so that a typo is reported once, by the schema, and not again as a CEL evaluation error.
   */
  private static final String VIP_OK =
      "(self.vip.address.matches(r'" + Patterns.IPV4 + "') && self.vip.cidrNetmask <= 32)";
  private static final String PRIV_OK =
      "self.privateNetwork.cidr.matches(r'" + Patterns.IPV4_CIDR + "')";
  private static final String A_OK = "a.matches(r'" + Patterns.IPV4 + "')";

  private static final String HAS_QUORUM = "has(self.quorumNodes)";
  private static final String HAS_DB_NODE = "(has(self.database) && has(self.database.node))";

  private static final String ALL_NAMES =
      "self.sessionManagers.map(n, n.name)"
          + " + ("
          + HAS_QUORUM
          + " ? self.quorumNodes.map(n, n.name) : [])"
          + " + ("
          + HAS_DB_NODE
          + " ? [self.database.node.name] : [])";

  private static final String ALL_PRIVATE =
      "self.sessionManagers.map(n, n.privateAddress)"
          + " + ("
          + HAS_QUORUM
          + " ? self.quorumNodes.map(n, n.privateAddress) : [])"
          + " + ("
          + HAS_DB_NODE
          + " ? [self.database.node.privateAddress] : [])";

  private static final String ALL_SERVICE =
      "self.sessionManagers.filter(n, has(n.serviceAddress)).map(n, n.serviceAddress)"
          + " + ("
          + HAS_QUORUM
          + " ? self.quorumNodes.filter(n, has(n.serviceAddress)).map(n, n.serviceAddress) : [])"
          + " + ("
          + HAS_DB_NODE
          + " && has(self.database.node.serviceAddress) ? [self.database.node.serviceAddress] : [])";

  private static final String ALL_NODE_ADDRESSES = ALL_SERVICE + " + " + ALL_PRIVATE;

  // ---- OvdFailoverClusterSpec ----

  public static final String TWO_SESSION_MANAGERS = "size(self.sessionManagers) == 2";
  public static final String TWO_SESSION_MANAGERS_MSG =
      "sessionManagers must list exactly two session-manager nodes (the guide's osm1 and osm2)";

  /** The spec's quorum choice, QuorumNodes when unset. */
  private static final String QUORUM =
      "(has(self.pacemaker) && has(self.pacemaker.quorum) ? self.pacemaker.quorum : 'QuorumNodes')";

  public static final String THREE_VOTERS =
      QUORUM
          + " != 'QuorumNodes' || size(self.sessionManagers) + ("
          + HAS_QUORUM
          + " ? size(self.quorumNodes) : 0) >= 3";
  public static final String THREE_VOTERS_MSG =
      "Pacemaker needs at least three voting nodes: sessionManagers plus "
          + "quorumNodes must count 3 or more (the guide uses two quorum nodes, pcs3 and pcs4), or "
          + "pacemaker.quorum must be QuorumDevice (corosync-qnetd on the database node)";

  public static final String TWO_NODE_LAYOUT =
      QUORUM + " == 'QuorumNodes' || !" + HAS_QUORUM + " || size(self.quorumNodes) == 0";
  public static final String TWO_NODE_LAYOUT_MSG =
      "quorumNodes must be empty with pacemaker.quorum QuorumDevice or TwoNode (the two-node"
          + " layout: the session managers are the only Pacemaker nodes)";

  public static final String QUORUM_DEVICE_HOST = QUORUM + " != 'QuorumDevice' || " + HAS_DB_NODE;
  public static final String QUORUM_DEVICE_HOST_MSG =
      "pacemaker.quorum QuorumDevice runs corosync-qnetd on the database node: database.node is"
          + " required";

  public static final String TWO_NODE_FENCING =
      QUORUM
          + " != 'TwoNode' || (has(self.pacemaker.stonithEnabled) && self.pacemaker.stonithEnabled)";
  public static final String TWO_NODE_FENCING_MSG =
      "pacemaker.quorum TwoNode needs fencing (pacemaker.stonithEnabled: true, with the site's"
          + " fence devices): with two_node each session manager keeps quorum alone, so a cut private"
          + " link would leave the VIP and the Session Manager running on both (split brain); use"
          + " QuorumDevice (corosync-qnetd on the database node) or quorum nodes instead";

  public static final String UNIQUE_NAMES =
      "[" + ALL_NAMES + "].all(l, l.all(x, l.exists_one(y, y == x)))";
  public static final String UNIQUE_NAMES_MSG =
      "node names must be unique across sessionManagers, quorumNodes and database.node";

  public static final String UNIQUE_ADDRESSES =
      "[" + ALL_NODE_ADDRESSES + "].all(l, l.all(x, l.exists_one(y, y == x)))";
  public static final String UNIQUE_ADDRESSES_MSG =
      "every serviceAddress and privateAddress must be used by one node only";

  // ---- farmServers ----

  private static final String HAS_FARM = "has(self.farmServers)";

  public static final String FARM_UNIQUE_NAMES =
      "!"
          + HAS_FARM
          + " || self.farmServers.all(x, self.farmServers.exists_one(y, y.name == x.name))";
  public static final String FARM_UNIQUE_NAMES_MSG = "farmServers: every name must be listed once";

  public static final String FARM_WINDOWS_OAS =
      "!"
          + HAS_FARM
          + " || self.farmServers.all(x, !has(x.os) || x.os != 'Windows' || x.role == 'OAS')";
  public static final String FARM_WINDOWS_OAS_MSG =
      "farmServers: a Windows server is an OAS (the guide's registry key is the application"
          + " server's); the other roles run on Linux";

  public static final String SM_SERVICE_ADDRESS =
      "self.sessionManagers.all(n, has(n.serviceAddress))";
  public static final String SM_SERVICE_ADDRESS_MSG =
      "every session manager needs a serviceAddress (its address on the service network, where the VIP lives)";

  public static final String VIP_NOT_NODE_ADDRESS =
      "!(" + ALL_NODE_ADDRESSES + ").exists(a, a == self.vip.address)";
  public static final String VIP_NOT_NODE_ADDRESS_MSG =
      "vip.address must not be the serviceAddress or privateAddress of a node";

  public static final String VIP_CONTAINS_SM =
      "!"
          + SM_SERVICE_ADDRESS
          + " || !"
          + VIP_OK
          + " || ["
          + VIP_SIZE
          + "].all(s, ["
          + VIP_INT
          + "].all(v, self.sessionManagers.all(n, [n.serviceAddress].all(a, !"
          + A_OK
          + " || "
          + A_INT
          + " / s == v / s))))";
  public static final String VIP_CONTAINS_SM_MSG =
      "the VIP's network (vip.address/vip.cidrNetmask) must contain "
          + "the serviceAddress of both session managers";

  public static final String VIP_NOT_NET_OR_BROADCAST =
      "!"
          + VIP_OK
          + " || self.vip.cidrNetmask >= 31 || ["
          + VIP_SIZE
          + "].all(s, ["
          + VIP_INT
          + "].all(v, v % s != 0 && v % s != s - 1))";
  public static final String VIP_NOT_NET_OR_BROADCAST_MSG =
      "vip.address must not be the network or broadcast address of vip.address/vip.cidrNetmask";

  public static final String VIP_NIC = "self.sessionManagers.all(n, n.serviceNic == self.vip.nic)";
  public static final String VIP_NIC_MSG =
      "the serviceNic of both session managers must be vip.nic: IPaddr2 and "
          + "cluster-vip-src use one NIC name on whichever session manager is active";

  public static final String PRIVATE_IN_CIDR =
      "!"
          + PRIV_OK
          + " || ["
          + PRIV_PREFIX
          + "].all(p, ["
          + POW
          + "[p]].all(s, ["
          + PRIV_NET_INT
          + "].all(net, ("
          + ALL_PRIVATE
          + ").all(a, !"
          + A_OK
          + " || "
          + A_INT
          + " / s == net / s))))";
  public static final String PRIVATE_IN_CIDR_MSG =
      "every privateAddress must lie inside privateNetwork.cidr";

  public static final String PRIVATE_NOT_NET_OR_BROADCAST =
      "!"
          + PRIV_OK
          + " || ["
          + PRIV_PREFIX
          + "].all(p, p >= 31 || ["
          + POW
          + "[p]].all(s, ("
          + ALL_PRIVATE
          + ").all(a, !"
          + A_OK
          + " || ["
          + A_INT
          + "].all(i, i % s != 0 && i % s != s - 1))))";
  public static final String PRIVATE_NOT_NET_OR_BROADCAST_MSG =
      "a privateAddress must not be the network or broadcast address of privateNetwork.cidr";

  public static final String NETWORKS_DISJOINT =
      "!"
          + PRIV_OK
          + " || !"
          + VIP_OK
          + " || ["
          + PRIV_PREFIX
          + "].all(p, ["
          + POW
          + "[p < self.vip.cidrNetmask ? p : self.vip.cidrNetmask]].all(s, "
          + VIP_INT
          + " / s != "
          + PRIV_NET_INT
          + " / s))";
  public static final String NETWORKS_DISJOINT_MSG =
      "the VIP's network (vip.address/vip.cidrNetmask) overlaps "
          + "privateNetwork.cidr: the service network and the cluster network must be different networks";

  // ---- PrivateNetworkSpec ----

  public static final String CIDR_NO_HOST_BITS =
      "!self.cidr.matches(r'"
          + Patterns.IPV4_CIDR
          + "') || [int(self.cidr.split('/')[1])].all(p, [self.cidr.split('/')[0]"
          + ".split('.')].map(o, "
          + OCTETS_TO_INT
          + ")[0] % "
          + POW
          + "[p] == 0)";
  public static final String CIDR_NO_HOST_BITS_MSG =
      "privateNetwork.cidr has host bits set: give the network address, e.g. 192.168.100.0/24";

  // ---- DatabaseSpec ----

  public static final String DB_NODE_OR_EXTERNAL = "has(self.node) || has(self.external)";
  public static final String DB_NODE_OR_EXTERNAL_MSG =
      "database needs node (a database node the operator installs) or external (an existing server)";

  public static final String DB_NOT_BOTH = "!(has(self.node) && has(self.external))";
  public static final String DB_NOT_BOTH_MSG =
      "database.external cannot be given with database.node: use either a database node the "
          + "operator installs or an existing server, not both";

  // ---- VipSpec ----

  public static final String SNAT_CIDRS =
      "!has(self.snatDestinations) || self.snatDestinations.all(d, d.matches(r'"
          + Patterns.IPV4_CIDR
          + "'))";
  public static final String SNAT_CIDRS_MSG =
      "vip.snatDestinations must be IPv4 networks or addresses in CIDR "
          + "notation, e.g. 10.20.0.0/16, 10.20.1.31/32 or 0.0.0.0/0";

  // ---- FailoverTestSpec ----

  public static final String CRON =
      "!has(self.schedule) || self.schedule.matches(r'" + Patterns.CRON5 + "')";
  public static final String CRON_MSG =
      "failoverTest.schedule must be a 5-field cron expression "
          + "(minute hour day-of-month month day-of-week, in failoverTest.timeZone), e.g. '0 3 * * 0'";

  // ---- AlertsSpec ----

  public static final String RECIPIENTS =
      "!has(self.recipients) || self.recipients.all(r, r.matches(r'" + Patterns.EMAIL + "'))";
  public static final String RECIPIENTS_MSG =
      "alerts.recipients must be plain e-mail addresses (letters, digits and ._%+- before the @, a DNS"
          + " name after it)";
  public static final String SMTP_WITH_RECIPIENTS =
      "!has(self.recipients) || size(self.recipients) == 0 || has(self.smtp)";
  public static final String SMTP_WITH_RECIPIENTS_MSG =
      "alerts.smtp is required with recipients: the relay the alert mail is sent through";

  // ---- LsyncdSpec ----

  public static final String FOLDERS =
      "!has(self.folders) || self.folders.all(f, f.matches(r'" + Patterns.LSYNCD_FOLDER + "'))";
  public static final String FOLDERS_MSG =
      "lsyncd.folders must be absolute paths other than /, in normal form (no "
          + "empty, . or .. segment), without spaces or shell characters";

  // ---- SshAccessSpec ----

  public static final String SUDO_FOR_NON_ROOT = "self.user == 'root' || self.sudo";
  public static final String SUDO_FOR_NON_ROOT_MSG =
      "ssh.user other than root needs ssh.sudo: true (passwordless sudo without a tty)";

  public static final String HOST_KEY_OR_TOFU = "has(self.hostKey) || self.trustOnFirstUse";
  public static final String HOST_KEY_OR_TOFU_MSG =
      "give ssh.hostKey (the node's host key to pin) or set "
          + "ssh.trustOnFirstUse: true; the operator never connects to a host it cannot verify";

  public static final String HOST_KEY_FORMAT =
      "!has(self.hostKey) || self.hostKey.matches(r'" + Patterns.HOST_KEY + "')";
  public static final String HOST_KEY_FORMAT_MSG =
      "ssh.hostKey must be a known_hosts line (host ssh-ed25519 AAAA...), "
          + "a public key (ssh-ed25519 AAAA...) or a fingerprint (SHA256:...)";
}
