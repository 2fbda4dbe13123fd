package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Desired state of a failover setup. Every site-specific value of the current guide has a field
 * here.
 */
@JsonClassDescription(
    "The failover setup wanted: the plan the guide asks for before anything is installed (cluster "
        + "name, the dedicated cluster network, the virtual IP, each node's name and addresses), the "
        + "shared database, and what the operator may do now (downtime for the Maintenance Mode steps, "
        + "pause, dry run, failover tests).")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = CelRules.TWO_SESSION_MANAGERS,
    message = CelRules.TWO_SESSION_MANAGERS_MSG,
    fieldPath = ".sessionManagers",
    reason = CelRules.INVALID)
@ValidationRule(
    value = CelRules.THREE_VOTERS,
    message = CelRules.THREE_VOTERS_MSG,
    fieldPath = ".quorumNodes",
    reason = CelRules.REQUIRED)
@ValidationRule(
    value = CelRules.TWO_NODE_LAYOUT,
    message = CelRules.TWO_NODE_LAYOUT_MSG,
    fieldPath = ".quorumNodes",
    reason = CelRules.INVALID)
@ValidationRule(
    value = CelRules.QUORUM_DEVICE_HOST,
    message = CelRules.QUORUM_DEVICE_HOST_MSG,
    fieldPath = ".database",
    reason = CelRules.REQUIRED)
@ValidationRule(
    value = CelRules.TWO_NODE_FENCING,
    message = CelRules.TWO_NODE_FENCING_MSG,
    fieldPath = ".pacemaker.quorum",
    reason = CelRules.INVALID)
// unique names and addresses span three lists: reported at spec, the message names them
@ValidationRule(
    value = CelRules.UNIQUE_NAMES,
    message = CelRules.UNIQUE_NAMES_MSG,
    reason = CelRules.INVALID)
@ValidationRule(
    value = CelRules.UNIQUE_ADDRESSES,
    message = CelRules.UNIQUE_ADDRESSES_MSG,
    reason = CelRules.INVALID)
@ValidationRule(
    value = CelRules.FARM_UNIQUE_NAMES,
    message = CelRules.FARM_UNIQUE_NAMES_MSG,
    fieldPath = ".farmServers",
    reason = CelRules.INVALID)
@ValidationRule(
    value = CelRules.FARM_WINDOWS_OAS,
    message = CelRules.FARM_WINDOWS_OAS_MSG,
    fieldPath = ".farmServers",
    reason = CelRules.INVALID)
@ValidationRule(
    value = CelRules.SM_SERVICE_ADDRESS,
    message = CelRules.SM_SERVICE_ADDRESS_MSG,
    fieldPath = ".sessionManagers",
    reason = CelRules.REQUIRED)
@ValidationRule(
    value = CelRules.VIP_NOT_NODE_ADDRESS,
    message = CelRules.VIP_NOT_NODE_ADDRESS_MSG,
    fieldPath = ".vip.address",
    reason = CelRules.INVALID)
@ValidationRule(
    value = CelRules.VIP_CONTAINS_SM,
    message = CelRules.VIP_CONTAINS_SM_MSG,
    fieldPath = ".vip",
    reason = CelRules.INVALID)
@ValidationRule(
    value = CelRules.VIP_NOT_NET_OR_BROADCAST,
    message = CelRules.VIP_NOT_NET_OR_BROADCAST_MSG,
    fieldPath = ".vip.address",
    reason = CelRules.INVALID)
@ValidationRule(
    value = CelRules.VIP_NIC,
    message = CelRules.VIP_NIC_MSG,
    fieldPath = ".vip.nic",
    reason = CelRules.INVALID)
@ValidationRule(
    value = CelRules.PRIVATE_IN_CIDR,
    message = CelRules.PRIVATE_IN_CIDR_MSG,
    fieldPath = ".privateNetwork.cidr",
    reason = CelRules.INVALID)
// the address at fault may be in any of three lists: reported at spec
@ValidationRule(
    value = CelRules.PRIVATE_NOT_NET_OR_BROADCAST,
    message = CelRules.PRIVATE_NOT_NET_OR_BROADCAST_MSG,
    reason = CelRules.INVALID)
@ValidationRule(
    value = CelRules.NETWORKS_DISJOINT,
    message = CelRules.NETWORKS_DISJOINT_MSG,
    fieldPath = ".vip",
    reason = CelRules.INVALID)
public class OvdFailoverClusterSpec extends LenientSpec.Marked {
  /** Reads the spec of an {@link OvdFailoverCluster} leniently. */
  public static final class Lenient extends LenientSpec<OvdFailoverClusterSpec> {
    public Lenient() {
      super(OvdFailoverClusterSpec.class, OvdFailoverClusterSpec::new);
    }
  }

  @JsonPropertyDescription(
      "Pacemaker cluster name given to `pcs cluster setup` (the guide's `ovd-sm`).")
  @Default("ovd-sm")
  @Pattern("^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
  @Size(max = 32)
  public String clusterName = "ovd-sm";

  @JsonPropertyDescription(
      "Inuvika OVD version installed on both session managers (they must be equal), e.g. 3.3.0.")
  @Required
  @Pattern("^[0-9]+\\.[0-9]+(\\.[0-9]+)?$")
  @Size(max = 16)
  public String ovdVersion;

  /** What {@link #sessionManagerPackage} means when unset. */
  public static final String DEFAULT_SESSION_MANAGER_PACKAGE = "inuvika-ovd-session-manager";

  @JsonPropertyDescription(
      "The OVD Session Manager's package (dpkg or rpm), whose version must be the same on both "
          + "session managers (chapter II). The guide does not name it; check with dpkg -l '*ovd*' or rpm -qa '*ovd*'. "
          + "When neither session manager has it, status says so and nothing is refused.")
  @Pattern("^[a-z0-9][a-z0-9+._-]*$")
  @Size(max = 64)
  public String sessionManagerPackage;

  /** The spec's package name, or the default. */
  public String effectiveSessionManagerPackage() {
    return sessionManagerPackage == null ? DEFAULT_SESSION_MANAGER_PACKAGE : sessionManagerPackage;
  }

  @JsonPropertyDescription("The dedicated cluster network (the guide's `priv` VLAN).")
  @Required
  public PrivateNetworkSpec privateNetwork;

  @JsonPropertyDescription(
      "The virtual IP shared by the two session managers, and the SNAT rule of `cluster-vip-src`.")
  @Required
  public VipSpec vip;

  @JsonPropertyDescription(
      "Exactly two session-manager nodes (osm1, osm2). The first is the preferred active node: "
          + "the existing farm's Session Manager, whose database is migrated.")
  @Required
  @Size(max = 2)
  public List<NodeSpec> sessionManagers = new ArrayList<>();

  @JsonPropertyDescription(
      "Quorum-only Pacemaker nodes (the guide's pcs3, pcs4). OVD resources never run there.")
  @Size(max = 8)
  public List<NodeSpec> quorumNodes = new ArrayList<>();

  @JsonPropertyDescription(
      "The shared OVD database: a node the operator installs MariaDB/MySQL on, or an external server.")
  @Required
  public DatabaseSpec database;

  @JsonPropertyDescription(
      "Secret holding the password the operator sets for the `hacluster` user on every cluster node.")
  @Required
  public SecretKeyRef haclusterPasswordSecret;

  @JsonPropertyDescription("lsyncd data synchronisation between the session managers.")
  public LsyncdSpec lsyncd = new LsyncdSpec();

  @JsonPropertyDescription("Pacemaker options the guide leaves to the site.")
  public PacemakerSpec pacemaker = new PacemakerSpec();

  @JsonPropertyDescription(
      "Pacemaker's alerts by e-mail through ssmtp on every cluster node (the guide's Appendix 2),"
          + " and as Kubernetes Events. Unset: no alert is configured, and one the operator"
          + " configured before is removed from the CIB.")
  public AlertsSpec alerts;

  @JsonPropertyDescription(
      "The farm's servers that reach the Session Manager by IP (chapter IV, step 4): each Linux one"
          + " gets the VIP as its Session Manager host, its OVD service restarted inside"
          + " maintenance; a Windows OAS is listed as a manual step. Sites that reach the Session"
          + " Manager by a DNS name move that record instead and list nothing here.")
  @Size(max = 64)
  public List<FarmServerSpec> farmServers = new ArrayList<>();

  /**
   * What the operator does with the legacy guide's pair of session managers: Heartbeat (its Ubuntu
   * path) or the two-node Pacemaker cluster "osmha" (its EL7 path).
   */
  public enum LegacyPairAction {
    /** Change nothing on any node while it is there; status says what was found. */
    Keep,
    /**
     * Build the current design in its place: Heartbeat hands the VIP over inside the resources'
     * push; the osmha cluster is dissolved before the new one forms (downtime either way).
     */
    Migrate
  }

  @JsonPropertyDescription(
      "What to do when the session managers run the legacy guide's pair: Heartbeat (its Ubuntu path) "
          + "or the two-node Pacemaker cluster of its EL7 path (osmha, no-quorum-policy=ignore). Keep "
          + "(default): change nothing on any node and report what was found. Migrate: move it to the "
          + "current design; the steps that interrupt the Session Manager wait for "
          + "spec.maintenance.allowDowntime. Heartbeat: everything before the switch leaves it serving "
          + "(packages, lsyncd, the database move, the Pacemaker cluster on the first session manager "
          + "and the quorum nodes); it stops on the standby before that node becomes the replica, and "
          + "on the active node right before Pacemaker's resources are pushed (a failed push starts it "
          + "again); the pair must serve from the first session manager. osmha: dissolved (standby "
          + "first) before the new cluster forms, down until its resources run. Then PHP sessions go "
          + "back to files (the web console's users log in again) and memcached stops. See "
          + "docs/migration.md.")
  @Default("Keep")
  @Size(max = 8)
  public LegacyPairAction legacyPair = LegacyPairAction.Keep;

  /** The spec's choice, Keep when unset. */
  public LegacyPairAction effectiveLegacyPair() {
    return legacyPair == null ? LegacyPairAction.Keep : legacyPair;
  }

  @JsonPropertyDescription("Whether steps the guide runs in Maintenance Mode may run now.")
  public MaintenanceSpec maintenance = new MaintenanceSpec();

  @JsonPropertyDescription("Failover tests (chapter VII) on request and on schedule.")
  public FailoverTestSpec failoverTest = new FailoverTestSpec();

  @JsonPropertyDescription("Stop all changes to the hosts; status is still observed and reported.")
  @Default("false")
  public boolean paused;

  @JsonPropertyDescription(
      "Dry run: observe every host and publish the whole plan (every stage, with what later "
          + "stages wait for) in status.pendingActions, phase DryRun, without running any mutating command or failover "
          + "test. Use it for a first look at what the operator would do to hosts that already serve.")
  @Default("false")
  public boolean dryRun;

  /**
   * All nodes of the topology: session managers first, then quorum nodes, then the database node if
   * any.
   */
  public List<NodeSpec> allNodes() {
    List<NodeSpec> all = new ArrayList<>();
    if (sessionManagers != null) all.addAll(sessionManagers);
    if (quorumNodes != null) all.addAll(quorumNodes);
    if (database != null && database.node != null) all.add(database.node);
    return all;
  }

  /** The farm servers the operator dials: the Linux ones (a Windows one is a manual step). */
  public List<FarmServerSpec> linuxFarmServers() {
    return farmServers == null
        ? List.of()
        : farmServers.stream().filter(f -> f != null && f.linux()).toList();
  }

  /** The node that runs corosync-qnetd: the database node, with pacemaker.quorum QuorumDevice. */
  public java.util.Optional<NodeSpec> quorumDeviceHost() {
    if (pacemaker == null
        || pacemaker.effectiveQuorum() != PacemakerSpec.Quorum.QuorumDevice
        || database == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(database.node);
  }

  /** The nodes that run Pacemaker: both session managers and the quorum nodes. */
  public List<NodeSpec> pacemakerNodes() {
    List<NodeSpec> nodes = new ArrayList<>();
    if (sessionManagers != null) nodes.addAll(sessionManagers);
    if (quorumNodes != null) nodes.addAll(quorumNodes);
    return nodes;
  }
}
