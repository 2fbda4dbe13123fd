package io.ovdfailover.pacemaker;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.PacemakerNodeFiles;
import io.ovdfailover.hosts.UnitState;
import io.ovdfailover.hosts.Votequorum;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chapters V and VI up to the resources: pcsd running, Debian's default cluster destroyed, the
 * hacluster password set, the nodes authenticated, the cluster set up with the first session
 * manager and the quorum nodes, and started; then, once the resources exist, the second session
 * manager joined with {@code pcs cluster node add --start}, as the guide does last. Every action is
 * derived from the nodes' observed state, so a formed cluster yields no action.
 */
public final class ClusterFormation {
  /**
   * How long pcs itself waits for the nodes it starts ({@code --wait}): corosync and pacemaker on a
   * small VM start in seconds, two minutes covers a loaded host without hiding a node that never
   * comes up.
   */
  private static final String START_WAIT = "--wait=120";

  /**
   * Commands that start nodes: pcs's own wait ({@link #START_WAIT}) plus a minute for pcs to reach
   * pcsd and sync the configuration, so that pcs, not the SSH timeout, reports a slow start.
   */
  private static final Duration STARTING = Duration.ofSeconds(180);

  /**
   * A rebuilt node removed, then added and started: {@link #STARTING} plus a minute for the removal
   * (pcs stops the node's services and rewrites corosync.conf on every member).
   */
  private static final Duration REMOVING_AND_STARTING = Duration.ofSeconds(240);

  /**
   * pcs authenticating nodes against their pcsd, one after the other: a slow node among five fits,
   * a dead one does not hold the pass for long.
   */
  private static final Duration AUTHENTICATING = Duration.ofSeconds(90);

  /**
   * pcs setting up or destroying a cluster (writes or removes corosync.conf on every node listed,
   * destroy also stops the services): more than authentication, less than a start.
   */
  private static final Duration SETTING_UP = Duration.ofSeconds(120);

  /** chpasswd and one small file, on the node itself: only a hung PAM module takes longer. */
  private static final Duration LOCAL_CHANGE = Duration.ofSeconds(30);

  private ClusterFormation() {}

  /** The quorum device's daemon on its host (the two-node layout). */
  public static final String QNETD_UNIT = "corosync-qnetd";

  /** What asks it for the vote, on each session manager of the two-node layout. */
  public static final String QDEVICE_UNIT = "corosync-qdevice";

  /**
   * How long votequorum keeps the device's vote without a poll (corosync-qdevice's {@code timeout},
   * 10000 by default). The session manager cut off from the other also loses qnetd, and keeps the
   * vote until this runs out, while the other is given the vote as soon as corosync has formed the
   * new membership (token 3000 + consensus 3600 ms). With the default the cut-off node kept quorum,
   * and the VIP, about 10 s after the cut: the lab saw the VIP on both for 2.6 s. Below the
   * membership time it lets go when the new membership forms, the moment the other side is given
   * the vote: still a race (0.26 s on both once), which {@link #QDEVICE_SETTLE_SECONDS} orders.
   */
  static final int QDEVICE_TIMEOUT_MS = 3000;

  /**
   * Seconds a member waits, after the membership changed, before it asks qnetd for the vote (a
   * heuristic run only then, {@code mode=sync}, that always passes). Without fencing nothing else
   * orders the two sides of a cut: the node cut off loses quorum when the new membership forms, and
   * Pacemaker there stops the resources, at the very moment the other is given the vote and starts
   * them. The lab saw the VIP on both for 0.26 s with no delay; with 2 s, over four cuts, the node
   * cut off had let go 0.74 to 2.08 s before the other took the VIP (its release varies by 1.5 s,
   * the takeover does not): 3 s keeps a margin under load. A requested switchover changes no
   * membership and does not wait; a node that dies is taken over this much later.
   */
  static final int QDEVICE_SETTLE_SECONDS = 3;

  /** A command for one node (topology name). */
  public record Action(String node, Command command) {}

  /** Actions to run in order, and problems only the user can solve (nothing is run for them). */
  public record Plan(List<Action> actions, List<String> blockers, List<String> waitsFor) {
    public Plan(List<Action> actions, List<String> blockers) {
      this(actions, blockers, List.of());
    }

    public boolean isEmpty() {
      return actions.isEmpty() && blockers.isEmpty() && waitsFor.isEmpty();
    }
  }

  /**
   * Everything up to a running cluster of the first session manager and the quorum nodes.
   *
   * @param startStopped whether members whose cluster services are down are started: the cluster's
   *     own first start-up, or a spec that gives the operator the start-up (a member stopped by an
   *     admin is otherwise left alone and reported)
   */
  public static Plan formCore(
      OvdFailoverClusterSpec spec,
      Map<String, PacemakerNodeState> states,
      String password,
      boolean startStopped) {
    List<Action> actions = new ArrayList<>();
    List<String> blockers = new ArrayList<>();
    List<String> waits = new ArrayList<>();
    String domain = spec.privateNetwork.domain;
    NodeSpec coordinator = spec.sessionManagers.get(0);
    List<NodeSpec> pacemakerNodes = spec.pacemakerNodes();

    for (NodeSpec n : pacemakerNodes) {
      PacemakerNodeState s = states.get(n.name);
      if (s == null || !s.pcsInstalled()) {
        waits.add("pcs on " + n.name + " (packages)");
        continue;
      }
      if (!s.pcsdEnabled() || !s.pcsdActive()) {
        actions.add(
            new Action(
                n.name, Command.change("enable and start pcsd", "systemctl enable --now pcsd")));
      }
      CorosyncConf c = s.corosync();
      if (c != null && !isOurs(spec, c)) {
        if (c.isDistroDefault()) {
          actions.add(
              new Action(
                  n.name,
                  Command.change("delete the distribution's default cluster", "pcs cluster destroy")
                      .withTimeout(SETTING_UP)));
        } else {
          blockers.add(
              n.name
                  + " belongs to cluster '"
                  + c.clusterName()
                  + "' "
                  + c.nodeNames()
                  + ", not '"
                  + spec.clusterName
                  + "'; if that cluster is to go, run `pcs cluster destroy` on "
                  + n.name);
        }
      }
      String mark = haclusterMark(n.name, password);
      if (!mark.equals(s.haclusterMark())) {
        // no mark at all on a member: the cluster was formed without the operator
        boolean adopted =
            isOurs(spec, c) && (s.haclusterMark() == null || s.haclusterMark().isBlank());
        actions.add(new Action(n.name, setHaclusterPassword(password, mark, adopted)));
      }
    }
    if (!blockers.isEmpty() || !waits.isEmpty()) {
      return new Plan(actions, blockers, waits);
    }

    PacemakerNodeState coord = states.get(coordinator.name);
    PcsVersion pcs = coord.pcs();
    List<String> allNames = pacemakerNodes.stream().map(n -> n.name + "." + domain).toList();
    if (!coord.knownHosts().containsAll(allNames)) {
      actions.add(
          new Action(
              coordinator.name,
              authenticate(pcs, allNames, "authenticate the cluster nodes", password)));
    }

    boolean formed = isOurs(spec, coord.corosync());
    if (!formed) {
      List<String> core = new ArrayList<>();
      core.add(coordinator.name + "." + domain);
      for (NodeSpec q : spec.quorumNodes) core.add(q.name + "." + domain);
      String setup =
          pcs.isPcs010OrLater()
              ? "pcs cluster setup " + spec.clusterName + " " + String.join(" ", core)
              : "pcs cluster setup --name " + spec.clusterName + " " + String.join(" ", core);
      actions.add(
          new Action(
              coordinator.name,
              Command.change("create the cluster " + spec.clusterName + " with " + core, setup)
                  .withTimeout(SETTING_UP)));
      actions.add(new Action(coordinator.name, startAll()));
    } else {
      // a rebuilt member (it lost its corosync.conf) cannot be started: rejoin() adds it again
      List<String> lost = lostMembership(spec, states);
      boolean allRunning =
          coord.corosync().nodeNames().stream()
              .filter(m -> !lost.contains(m))
              .allMatch(
                  member -> {
                    PacemakerNodeState ms = stateByPrivateName(spec, states, member);
                    return ms != null && ms.corosyncActive() && ms.pacemakerActive();
                  });
      if (!allRunning && startStopped) {
        actions.add(new Action(coordinator.name, startAll()));
      }
    }
    return new Plan(actions, blockers);
  }

  /**
   * The guide's last step: add the second session manager to the running cluster and start it
   * there.
   *
   * @param startStopped whether a second session manager already added but stopped is started (see
   *     formCore)
   */
  public static Plan joinSecondSessionManager(
      OvdFailoverClusterSpec spec, Map<String, PacemakerNodeState> states, boolean startStopped) {
    NodeSpec coordinator = spec.sessionManagers.get(0);
    NodeSpec second = spec.sessionManagers.get(1);
    String secondName = second.name + "." + spec.privateNetwork.domain;
    PacemakerNodeState coord = states.get(coordinator.name);
    PacemakerNodeState s2 = states.get(second.name);
    List<Action> actions = new ArrayList<>();
    if (coord == null || !isOurs(spec, coord.corosync())) {
      return new Plan(actions, List.of(), List.of("cluster formation"));
    }
    if (!coord.corosync().nodeNames().contains(secondName)) {
      actions.add(
          new Action(
              coordinator.name,
              Command.change(
                      "add " + secondName + " to the cluster and start it" + rereadWords(spec),
                      addAndStart(spec, secondName))
                  .withTimeout(STARTING)));
    } else if (startStopped
        && s2 != null
        && !lostMembership(spec, states).contains(secondName)
        && (!s2.corosyncActive() || !s2.pacemakerActive())) {
      actions.add(
          new Action(
              coordinator.name,
              Command.change(
                      "start the cluster on " + secondName,
                      "pcs cluster start " + secondName + " " + START_WAIT)
                  .withTimeout(STARTING)));
    }
    return new Plan(actions, List.of());
  }

  /** {@code pcs cluster node add NAME --start}, then {@link #reread} for the new member. */
  private static String addAndStart(OvdFailoverClusterSpec spec, String name) {
    return "pcs cluster node add " + name + " --start " + START_WAIT + reread(spec);
  }

  /**
   * After a node joins: the spec's load-threshold set again, deleted and written back, so that the
   * new member's controller uses it. A controller reads the cluster options when it starts, from
   * its own CIB, which on a joining node is still empty; the cluster's CIB then arrives as a
   * replace, after which Pacemaker 2.0 and 2.1 do not read the options again (only a change that
   * arrives as a diff makes every controller read them). Seen on the lab: osm2, joined after the
   * resources' push had set 2000%, throttled at the default 80% (docs/performance.md, 2026-12-07
   * 17:47). The property is node-local in effect (each controller throttles its own node's
   * actions); the two writes change nothing else and restart nothing. Empty when the spec leaves
   * the property alone.
   */
  static String reread(OvdFailoverClusterSpec spec) {
    String value = spec.pacemaker.loadThreshold;
    if (value == null) {
      return "";
    }
    String attr = "crm_attribute --type crm_config --name load-threshold";
    return " && { "
        + attr
        + " --delete >/dev/null 2>&1; "
        + attr
        + " --update "
        + io.ovdfailover.hosts.ShellQuote.quote(value)
        + "; }";
  }

  private static String rereadWords(OvdFailoverClusterSpec spec) {
    return spec.pacemaker.loadThreshold == null
        ? ""
        : ", then load-threshold="
            + spec.pacemaker.loadThreshold
            + " written again so that its controller reads it";
  }

  /**
   * Members the cluster still lists (some member's corosync.conf names them) whose own
   * corosync.conf does not name the cluster: a VM rebuilt with the same identity. It cannot be
   * started; it must be added again.
   */
  public static List<String> lostMembership(
      OvdFailoverClusterSpec spec, Map<String, PacemakerNodeState> states) {
    java.util.Set<String> listed = new java.util.LinkedHashSet<>();
    for (PacemakerNodeState s : states.values()) {
      if (s != null && isOurs(spec, s.corosync())) {
        listed.addAll(s.corosync().nodeNames());
      }
    }
    List<String> lost = new ArrayList<>();
    for (NodeSpec n : spec.pacemakerNodes()) {
      String name = n.name + "." + spec.privateNetwork.domain;
      PacemakerNodeState own = states.get(n.name);
      boolean ownConf = own != null && isOurs(spec, own.corosync());
      if (listed.contains(name) && !ownConf) {
        lost.add(name);
      }
    }
    return lost;
  }

  /**
   * A rebuilt member (see {@link #lostMembership}), or a quorum node missing from the formed
   * cluster, is brought (back) in through a member that runs: authenticated again (its pcsd has new
   * tokens), removed if still listed, and added with {@code pcs cluster node add --start}, which
   * gives it corosync.conf and the cluster's keys. The resources are not touched. It waits until
   * the node is prepared (pcs, pcsd, the hacluster password).
   */
  public static Plan rejoin(
      OvdFailoverClusterSpec spec, Map<String, PacemakerNodeState> states, String password) {
    String domain = spec.privateNetwork.domain;
    List<String> lost = lostMembership(spec, states);
    // through the first member that runs, in the spec's order (the coordinator when it runs)
    String via =
        spec.pacemakerNodes().stream()
            .map(n -> n.name)
            .filter(
                n -> {
                  PacemakerNodeState s = states.get(n);
                  return s != null
                      && isOurs(spec, s.corosync())
                      && s.corosyncActive()
                      && s.pacemakerActive();
                })
            .findFirst()
            .orElse(null);
    if (via == null) {
      return new Plan(List.of(), List.of());
    }
    List<String> listed = states.get(via).corosync().nodeNames();
    List<Action> actions = new ArrayList<>();
    List<String> waits = new ArrayList<>();
    for (NodeSpec n : spec.pacemakerNodes()) {
      String name = n.name + "." + domain;
      boolean missingQuorumNode = spec.quorumNodes.contains(n) && !listed.contains(name);
      if (!lost.contains(name) && !missingQuorumNode) {
        continue;
      }
      PacemakerNodeState s = states.get(n.name);
      if (s == null
          || !s.pcsInstalled()
          || !s.pcsdActive()
          || !haclusterMark(n.name, password).equals(s.haclusterMark())
          || (s.corosync() != null && !isOurs(spec, s.corosync()))) {
        waits.add(
            "the preparation of " + n.name + " (pcs, pcsd, hacluster password, no other cluster)");
        continue;
      }
      PcsVersion pcs = states.get(via).pcs();
      actions.add(
          new Action(
              via, authenticate(pcs, List.of(name), "authenticate " + name + " again", password)));
      String add = addAndStart(spec, name);
      actions.add(
          new Action(
              via,
              Command.change(
                      (listed.contains(name)
                              ? "add the rebuilt "
                                  + name
                                  + " to the cluster again (removed, then added and started)"
                              : "add " + name + " to the cluster and start it")
                          + rereadWords(spec),
                      listed.contains(name)
                          ? "pcs cluster node remove " + name + " && " + add
                          : add)
                  .withTimeout(REMOVING_AND_STARTING)));
    }
    return new Plan(actions, List.of(), waits);
  }

  /**
   * The two-node layout's third vote, once both session managers are members: corosync-qnetd on the
   * database node (pcsd and the hacluster password there, so that pcs on the coordinator can fetch
   * its CA and have the cluster's certificate signed), then {@code pcs quorum device add}, which
   * gives both session managers the certificate and starts corosync-qdevice. Adding the device to a
   * running cluster restarts nothing; until it is there, the pair runs with the two_node flag pcs
   * set when the second session manager joined.
   *
   * <p>Once the device is configured, the stage holds until every session manager counts its vote:
   * {@code pcs quorum device add} returns before corosync-qdevice has reached qnetd, and a pair
   * without the third vote (two_node is gone) loses quorum with either node. A qnetd found stopped
   * is started again; nothing of the cluster stops for that.
   *
   * @param host the quorum device host's pcs, pcsd and hacluster mark, empty before its facts
   * @param qnetd corosync-qnetd on that host
   * @param votequorum votequorum as each session manager sees it, where corosync answered
   */
  public static Plan quorumDevice(
      OvdFailoverClusterSpec spec,
      Map<String, PacemakerNodeState> states,
      Optional<PacemakerNodeState> host,
      UnitState qnetd,
      Map<String, Votequorum> votequorum,
      String password) {
    Optional<NodeSpec> device = spec.quorumDeviceHost();
    if (device.isEmpty()) {
      return new Plan(List.of(), List.of());
    }
    String domain = spec.privateNetwork.domain;
    NodeSpec coordinator = spec.sessionManagers.get(0);
    String second = spec.sessionManagers.get(1).name + "." + domain;
    String hostName = device.get().name + "." + domain;
    PacemakerNodeState coord = states.get(coordinator.name);
    if (coord == null
        || !isOurs(spec, coord.corosync())
        || !coord.corosync().nodeNames().contains(second)) {
      return new Plan(List.of(), List.of(), List.of("the second session manager's join"));
    }
    String configured = coord.corosync().quorumDeviceHost();
    if (configured != null && configured.equals(hostName)) {
      return deviceVotes(device.get().name, qnetd, votequorum);
    }
    if (configured != null) {
      return new Plan(
          List.of(),
          List.of(
              "the cluster's quorum device is "
                  + configured
                  + ", not "
                  + hostName
                  + "; if it is to go, run `pcs quorum device remove` on "
                  + coordinator.name));
    }
    PacemakerNodeState h = host.orElse(null);
    if (h == null || !h.pcsInstalled()) {
      return new Plan(
          List.of(),
          List.of(),
          List.of("pcs and corosync-qnetd on " + device.get().name + " (packages)"));
    }
    List<Action> actions = new ArrayList<>();
    String node = device.get().name;
    if (!h.pcsdEnabled() || !h.pcsdActive()) {
      actions.add(
          new Action(node, Command.change("enable and start pcsd", "systemctl enable --now pcsd")));
    }
    String mark = haclusterMark(node, password);
    if (!mark.equals(h.haclusterMark())) {
      actions.add(new Action(node, setHaclusterPassword(password, mark, false)));
    }
    if (!qnetd.active() || !qnetd.enabled()) {
      // Debian's package creates qnetd's certificate database and starts the daemon; pcs creates
      // the database where the package did not (RHEL), and refuses to create it twice
      actions.add(
          new Action(
              node,
              Command.change(
                      "set up and start corosync-qnetd (quorum device)",
                      "if [ -e /etc/corosync/qnetd/nssdb/cert9.db ]"
                          + " || [ -e /etc/corosync/qnetd/nssdb/cert8.db ];"
                          + " then systemctl enable --now corosync-qnetd;"
                          + " else pcs qdevice setup model net --enable --start; fi")
                  .withTimeout(SETTING_UP)));
    }
    if (!coord.knownHosts().contains(hostName)) {
      actions.add(
          new Action(
              coordinator.name,
              authenticate(
                  coord.pcs(),
                  List.of(hostName),
                  "authenticate the quorum device host " + hostName,
                  password)));
    }
    actions.add(
        new Action(
            coordinator.name,
            Command.change(
                    "add the quorum device " + hostName + " (model net, algorithm ffsplit)",
                    "pcs quorum device add timeout="
                        + QDEVICE_TIMEOUT_MS
                        + " model net host="
                        + hostName
                        + " algorithm=ffsplit heuristics mode=sync 'exec_settle=/bin/sleep "
                        + QDEVICE_SETTLE_SECONDS
                        + "'")
                .withTimeout(STARTING)));
    return new Plan(actions, List.of());
  }

  /** The configured device's vote: qnetd running, and every answering member counting the vote. */
  private static Plan deviceVotes(
      String deviceNode, UnitState qnetd, Map<String, Votequorum> votequorum) {
    if (qnetd.known() && !qnetd.active()) {
      return new Plan(
          List.of(
              new Action(
                  deviceNode,
                  Command.change(
                          "start corosync-qnetd (quorum device)",
                          "systemctl enable --now " + QNETD_UNIT)
                      .withTimeout(SETTING_UP))),
          List.of());
    }
    List<String> without =
        votequorum.entrySet().stream()
            .filter(e -> !e.getValue().deviceVotesHere())
            .map(
                e ->
                    e.getKey()
                        + " ("
                        + (e.getValue().localDevice().isEmpty()
                            ? "no device"
                            : e.getValue().localDevice())
                        + ", total votes "
                        + e.getValue().totalVotes()
                        + " of "
                        + e.getValue().expectedVotes()
                        + ")")
            .toList();
    return without.isEmpty()
        ? new Plan(List.of(), List.of())
        : new Plan(
            List.of(),
            List.of(),
            List.of("the quorum device's vote on " + String.join(", ", without)));
  }

  /** Whether the cluster services start at boot: a spec option (the guide leaves them disabled). */
  public static Plan bootPolicy(
      OvdFailoverClusterSpec spec, Map<String, PacemakerNodeState> states) {
    List<Action> actions = new ArrayList<>();
    for (NodeSpec n : spec.pacemakerNodes()) {
      PacemakerNodeState s = states.get(n.name);
      if (s == null || !isOurs(spec, s.corosync())) continue;
      boolean want = spec.pacemaker.startOnBoot;
      if (s.clusterEnabledAtBoot() != want) {
        actions.add(
            new Action(
                n.name,
                Command.change(
                    (want ? "enable" : "disable") + " the cluster services at boot",
                    "pcs cluster " + (want ? "enable" : "disable"))));
      }
    }
    return new Plan(actions, List.of());
  }

  /**
   * Whether corosync.conf describes the spec's cluster: it carries the spec's name, or, for a
   * cluster formed by hand under another name, every node it lists is one of the spec's Pacemaker
   * nodes (by private name) and the first session manager is among them. Such a cluster is adopted
   * under its own name ({@link #findings}): renaming would restart the cluster stack everywhere.
   * Any other cluster is somebody else's and is never touched.
   */
  public static boolean isOurs(OvdFailoverClusterSpec spec, CorosyncConf c) {
    if (c == null) {
      return false;
    }
    if (c.clusterName().equals(spec.clusterName)) {
      return true;
    }
    if (c.isDistroDefault() || c.nodeNames().isEmpty()) {
      return false;
    }
    String domain = spec.privateNetwork.domain;
    java.util.Set<String> names =
        spec.pacemakerNodes().stream()
            .map(n -> n.name + "." + domain)
            .collect(java.util.stream.Collectors.toSet());
    return names.containsAll(c.nodeNames())
        && c.nodeNames().contains(spec.sessionManagers.get(0).name + "." + domain);
  }

  /**
   * What formation accepts about a cluster formed without the operator: another cluster name (kept:
   * renaming it means stopping the cluster on every node, which the operator does not do).
   */
  public static List<io.ovdfailover.hosts.Finding> findings(
      OvdFailoverClusterSpec spec, Map<String, PacemakerNodeState> states) {
    PacemakerNodeState coord = states.get(spec.sessionManagers.get(0).name);
    if (coord == null
        || !isOurs(spec, coord.corosync())
        || coord.corosync().clusterName().equals(spec.clusterName)) {
      return List.of();
    }
    String live = coord.corosync().clusterName();
    return List.of(
        new io.ovdfailover.hosts.Finding(
            io.ovdfailover.hosts.Finding.CLUSTER,
            "cluster name",
            io.ovdfailover.hosts.Finding.Disposition.Kept,
            "corosync.conf names the cluster '"
                + live
                + "' (members "
                + coord.corosync().nodeNames()
                + "), the spec '"
                + spec.clusterName
                + "': the same nodes, adopted under its own name; renaming a cluster means"
                + " stopping it on every node (downtime) and the operator does not: set"
                + " spec.clusterName to '"
                + live
                + "' to match"));
  }

  /**
   * The node keeps a salted digest of the password it was given, so the operator can tell whether
   * the Secret changed without reading /etc/shadow; the digest is root-only and includes the node
   * name.
   */
  public static String haclusterMark(String node, String password) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(("ovd-failover-operator:hacluster:" + node + ":").getBytes(StandardCharsets.UTF_8));
      d.update(password.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Command setHaclusterPassword(String password, String mark, boolean member) {
    // password and mark on stdin: no secret in any argument list (printf is a shell builtin)
    return new Command(
        member
            ? "set the hacluster password from the Secret (a member of a cluster formed without the"
                + " operator: no record that it was set from the Secret; pcsd's tokens stay valid,"
                + " nothing restarts)"
            : "set the hacluster password",
        """
        set -eu
        umask 077
        IFS= read -r pw
        IFS= read -r mark
        printf 'hacluster:%s\\n' "$pw" | chpasswd
        mkdir -p /var/lib/ovd-failover
        printf '%s\\n' "$mark" > __MARK__
        """
            .replace("__MARK__", PacemakerNodeFiles.MARK_PATH),
        (password + "\n" + mark + "\n").getBytes(StandardCharsets.UTF_8),
        true,
        LOCAL_CHANGE);
  }

  /**
   * pcsd's authentication of {@code names} from the node running this pcs ({@code pcs host auth},
   * {@code pcs cluster auth} before pcs 0.10); the password on stdin.
   */
  private static Command authenticate(
      PcsVersion pcs, List<String> names, String description, String password) {
    String verb = pcs.isPcs010OrLater() ? "pcs host auth" : "pcs cluster auth";
    return new Command(
        description + " (" + verb + ")",
        verb + " " + String.join(" ", names) + " -u hacluster",
        (password + "\n").getBytes(StandardCharsets.UTF_8),
        true,
        AUTHENTICATING);
  }

  /**
   * Also leaves the mark that tells later passes the cluster ran (ClusterSituation.everStarted).
   */
  private static Command startAll() {
    return Command.change(
            "start the cluster on all nodes",
            "pcs cluster start --all "
                + START_WAIT
                + " && mkdir -p /var/lib/ovd-failover && touch "
                + PacemakerNodeFiles.STARTED_MARK_PATH)
        .withTimeout(STARTING);
  }

  private static PacemakerNodeState stateByPrivateName(
      OvdFailoverClusterSpec spec, Map<String, PacemakerNodeState> states, String privateName) {
    for (NodeSpec n : spec.pacemakerNodes()) {
      if ((n.name + "." + spec.privateNetwork.domain).equals(privateName))
        return states.get(n.name);
    }
    return null;
  }
}
