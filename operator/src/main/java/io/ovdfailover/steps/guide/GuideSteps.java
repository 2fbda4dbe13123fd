package io.ovdfailover.steps.guide;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.HostsEntry;
import io.ovdfailover.hosts.LsyncdFixup;
import io.ovdfailover.hosts.PackageSet;
import io.ovdfailover.steps.AbsentStep;
import io.ovdfailover.steps.DirectoryStep;
import io.ovdfailover.steps.FileStep;
import io.ovdfailover.steps.FirewallStep;
import io.ovdfailover.steps.HostnameStep;
import io.ovdfailover.steps.HostsFileStep;
import io.ovdfailover.steps.LineStep;
import io.ovdfailover.steps.PackagesStep;
import io.ovdfailover.steps.SiteFileStep;
import io.ovdfailover.steps.Step;
import io.ovdfailover.steps.UnitStep;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guide's preparation steps for one node, by stage, from the spec and the node's distro
 * profile. Only desired state is declared here; each step diffs it against the node's facts.
 */
public final class GuideSteps {
  private GuideSteps() {}

  /** What a session manager needs to know of the other one; read from the other's facts. */
  public record Peer(
      String privateAddress, Optional<String> syncPublicKey, Optional<String> hostPublicKey) {}

  public static Map<GuideStage, List<Step>> forNode(
      OvdFailoverClusterSpec spec, String nodeName, DistroProfile profile) {
    return forNode(spec, nodeName, profile, Optional.empty());
  }

  /**
   * @param peer the other session manager, when {@code nodeName} is one and the other's facts are
   *     known
   */
  public static Map<GuideStage, List<Step>> forNode(
      OvdFailoverClusterSpec spec, String nodeName, DistroProfile profile, Optional<Peer> peer) {
    return forNode(spec, nodeName, profile, peer, false);
  }

  /**
   * @param serving whether the node holds or may hold the resources: what would interrupt it waits
   *     for downtime
   */
  public static Map<GuideStage, List<Step>> forNode(
      OvdFailoverClusterSpec spec,
      String nodeName,
      DistroProfile profile,
      Optional<Peer> peer,
      boolean serving) {
    NodeRole role = NodeRole.of(spec, nodeName);
    if (role == null) {
      throw new IllegalArgumentException(nodeName + " is not in the cluster's topology");
    }
    NodeSpec node =
        spec.allNodes().stream().filter(n -> n.name.equals(nodeName)).findFirst().orElseThrow();
    Map<GuideStage, List<Step>> stages = new EnumMap<>(GuideStage.class);
    for (GuideStage s : GuideStage.values()) stages.put(s, new ArrayList<>());

    hostPreparation(spec, node, profile, serving, stages.get(GuideStage.HOST_PREPARATION));
    packages(spec, role, profile, stages.get(GuideStage.PACKAGES));
    if (role.sessionManager()) {
      sessionManager(spec, profile, stages, peer, serving);
    }
    // "Firewall and Ports": only where the profile's firewall is installed and running (Debian 12
    // has none)
    if (role.pacemakerNode()) {
      stages
          .get(GuideStage.PACEMAKER_PREPARATION)
          .add(
              new FirewallStep(
                  FirewallStep.Purpose.PACEMAKER,
                  "open the Pacemaker ports 2224, 3121, 9929/tcp and 5405, 9929/udp to the private"
                      + " network",
                  privateNetwork(spec)));
    }
    if (role == NodeRole.DATABASE) {
      stages
          .get(GuideStage.HOST_PREPARATION)
          .add(
              new FirewallStep(
                  FirewallStep.Purpose.MYSQL,
                  "allow incoming traffic on port TCP 3306",
                  spec.database.reachableFrom
                          == io.ovdfailover.api.DatabaseSpec.ReachableFrom.PrivateNetwork
                      ? privateNetwork(spec)
                      : io.ovdfailover.hosts.Firewall.ANY));
    }
    if (role == NodeRole.DATABASE && spec.quorumDeviceHost().isPresent()) {
      // the two-node layout (not in the guide): the coordinator's pcs and both qdevices reach it
      stages
          .get(GuideStage.PACEMAKER_PREPARATION)
          .add(
              new FirewallStep(
                  FirewallStep.Purpose.QUORUM_DEVICE,
                  "open pcsd's 2224/tcp and corosync-qnetd's 5403/tcp to the private network",
                  privateNetwork(spec)));
    }
    if (role.pacemakerNode() && profile.corosyncLogDir()) {
      stages
          .get(GuideStage.PACEMAKER_PREPARATION)
          .add(
              new DirectoryStep(
                  "/var/log/corosync", "0755", "root", "root", "create /var/log/corosync/ (EL7)"));
    }
    if (role == NodeRole.PREFERRED_SESSION_MANAGER) {
      stages
          .get(GuideStage.CLUSTER_HANDOVER)
          .add(
              io.ovdfailover.steps.SymlinkStep.of(
                  "/etc/cron.d/ovd-session-manager",
                  "/etc/ovd/session-manager/sessionmanager.cron",
                  "make the OSM cron the link osm_cron manages"));
    }
    if (role == NodeRole.SECOND_SESSION_MANAGER) {
      List<Step> replica = stages.get(GuideStage.REPLICA);
      replica.add(
          new UnitStep(
              profile.apache().service(), UnitStep.Goal.STOPPED, "stop Apache on the replica"));
      replica.add(
          AbsentStep.of("/etc/cron.d/ovd-session-manager", "remove the OSM cron on the replica"));
      replica.add(
          new UnitStep(
              profile.mysqlService(), UnitStep.Goal.DISABLED, "disable the replica's local MySQL"));
      replica.add(
          new UnitStep(
              profile.mysqlService(), UnitStep.Goal.STOPPED, "stop the replica's local MySQL"));
    }
    return stages;
  }

  private static void hostPreparation(
      OvdFailoverClusterSpec spec,
      NodeSpec node,
      DistroProfile profile,
      boolean serving,
      List<Step> out) {
    out.add(new HostnameStep(node.name));
    List<HostsEntry> entries =
        GuideHosts.entriesFor(spec, node.name).stream()
            .map(e -> new HostsEntry(e.address(), e.names()))
            .toList();
    out.add(new HostsFileStep(entries, Optional.of(node.name)));
    String cidr = node.privateAddress + "/" + prefixOf(spec.privateNetwork.cidr);
    out.add(
        FileStep.of(
            profile.network().file(),
            profile.network().content(node.privateNic, cidr),
            profile.network().fileMode(),
            "root",
            "root",
            "configure " + node.privateNic + " with " + cidr));
    out.add(new PrivateAddressStep(node.privateNic, node.privateAddress, serving));
  }

  private static void packages(
      OvdFailoverClusterSpec spec, NodeRole role, DistroProfile profile, List<Step> out) {
    packagesOfTheGuide(role, profile, out);
    // the two-node layout's third vote (not in the guide): corosync-qnetd on the database node,
    // asked by corosync-qdevice on both session managers
    if (spec.quorumDeviceHost().isPresent()) {
      if (role == NodeRole.DATABASE) {
        out.add(
            PackagesStep.of(
                PackageSet.QUORUM_DEVICE_HOST, "install corosync-qnetd and pcs (quorum device)"));
      } else if (role.sessionManager()) {
        out.add(
            PackagesStep.of(PackageSet.QUORUM_DEVICE, "install corosync-qdevice (quorum device)"));
      }
    }
  }

  private static void packagesOfTheGuide(NodeRole role, DistroProfile profile, List<Step> out) {
    switch (role) {
      case DATABASE -> {
        out.add(PackagesStep.of(PackageSet.MYSQL_SERVER, "install MySQL/MariaDB (chapter III)"));
        // "Enable the service", "Start the service": Debian's and Ubuntu's packages start the
        // server
        // themselves, RHEL's does not; each step plans nothing where the unit already is so
        String unit = profile.mysqlService();
        out.add(
            new UnitStep(unit, UnitStep.Goal.ENABLED, "enable " + unit + " at boot (chapter III)"));
        out.add(new UnitStep(unit, UnitStep.Goal.STARTED, "start " + unit + " (chapter III)"));
      }
      case QUORUM ->
          out.add(PackagesStep.of(PackageSet.PACEMAKER, "install Pacemaker, Corosync and pcs"));
      case PREFERRED_SESSION_MANAGER, SECOND_SESSION_MANAGER -> {
        out.add(PackagesStep.of(PackageSet.IPTABLES, "install iptables (chapter IV)"));
        out.add(PackagesStep.of(PackageSet.LSYNCD, "install lsyncd"));
        out.add(PackagesStep.of(PackageSet.WGET, "install wget"));
        out.add(PackagesStep.of(PackageSet.PACEMAKER, "install Pacemaker, Corosync and pcs"));
      }
    }
  }

  private static void sessionManager(
      OvdFailoverClusterSpec spec,
      DistroProfile profile,
      Map<GuideStage, List<Step>> stages,
      Optional<Peer> peer,
      boolean serving) {
    // a cluster built by hand has the guide's unit: it gains the guard, nothing restarts
    stages
        .get(GuideStage.VIP_SOURCE)
        .add(
            new SiteFileStep(
                FileStep.of(
                        GuideFiles.CLUSTER_VIP_SRC_UNIT_PATH,
                        GuideFiles.clusterVipSrcUnit(),
                        "0644",
                        "root",
                        "root",
                        "write the cluster-vip-src service")
                    .withAfterChange("systemctl daemon-reload"),
                GuideFiles.MARKER,
                GuideFiles::configMeaning,
                Optional.of(
                    new SiteFileStep.Predecessor(
                        GuideFiles.GUIDE_CLUSTER_VIP_SRC_UNIT, GuideFiles.GUIDE_UNIT_UPDATE)),
                SiteFileStep.OnDifference.KEEP,
                Optional.empty()));
    // its values are the spec's; under a running rule they change only with downtime
    stages
        .get(GuideStage.VIP_SOURCE)
        .add(
            new SiteFileStep(
                FileStep.of(
                    GuideFiles.CLUSTER_VIP_SRC_DEFAULTS_PATH,
                    GuideFiles.clusterVipSrcDefaults(
                        spec.vip.nic, spec.vip.address, spec.vip.snatDestinations),
                    "0644",
                    "root",
                    "root",
                    "write /etc/default/cluster-vip-src"),
                GuideFiles.MARKER,
                GuideFiles::clusterVipSrcDefaultsMeaning,
                Optional.empty(),
                SiteFileStep.OnDifference.APPLY,
                serving
                    ? Optional.of(
                        Command.change(
                            "the running SNAT rule was inserted with the old values and is removed"
                                + " by the file's: cluster-vip-src is stopped, the file rewritten,"
                                + " cluster-vip-src started again (outgoing traffic leaves from the"
                                + " node's own address meanwhile)",
                            GuideFiles.RESTART_AROUND_DEFAULTS))
                    : Optional.empty()));

    stages.get(GuideStage.SYNC_KEYS).add(new SyncKeyStep());
    peer.ifPresent(
        p -> {
          p.syncPublicKey()
              .ifPresent(
                  k ->
                      stages
                          .get(GuideStage.SYNC_TRUST)
                          .add(
                              new PublicFileLineStep(
                                  "/root/.ssh/authorized_keys",
                                  GuideFiles.restrictedAuthorizedKey(p.privateAddress(), k),
                                  "0600",
                                  "trust the other session manager's sync key (from="
                                      + p.privateAddress()
                                      + ", no-pty...)")));
          p.hostPublicKey()
              .ifPresent(
                  k ->
                      stages
                          .get(GuideStage.SYNC_TRUST)
                          .add(
                              KnownHostStep.of(
                                  p.privateAddress(),
                                  k,
                                  "know the other session manager's host key as "
                                      + GuideFiles.THE_OTHER_OSM)));
        });

    List<Step> lsyncd = stages.get(GuideStage.LSYNCD);
    lsyncd.add(
        new DirectoryStep(
            "/etc/lsyncd", "0755", "root", "root", "create the lsyncd configuration folder"));
    lsyncd.add(lsyncdFixup(profile.lsyncdFixup()));
    // an lsyncd configuration written by hand holds the site's choices (excludes, options): the
    // same meaning is accepted, another one is kept and reported
    lsyncd.add(
        new SiteFileStep(
            FileStep.of(
                GuideFiles.LSYNCD_CONFIG_PATH,
                GuideFiles.lsyncdConfig(lsyncdFolders(spec, profile)),
                "0644",
                "root",
                "root",
                "write the lsyncd configuration"),
            GuideFiles.MARKER,
            GuideFiles::configMeaning,
            Optional.empty(),
            SiteFileStep.OnDifference.KEEP,
            Optional.empty()));
    lsyncd.add(
        FileStep.of(
            GuideFiles.LSYNCD_CRON_PATH,
            GuideFiles.lsyncdCron(),
            "0644",
            "root",
            "root",
            "write the lsyncd cron file"));
    // Pacemaker starts lsyncd on the VIP holder only: a boot-time lsyncd on the passive node could
    // delete newer
    // files on the active one (delete = true runs at startup)
    lsyncd.add(
        new UnitStep(
            "lsyncd",
            UnitStep.Goal.DISABLED,
            "keep lsyncd from starting at boot (Pacemaker starts it)"));
    if (!serving) {
      // Debian's package starts lsyncd's LSB script when it is installed, and systemd then keeps
      // the unit "active (exited)" even where the script started nothing, across the daemon-reload
      // that brings in the guide's own unit. Left so, Pacemaker's start of lsyncd on osm1 is a
      // no-op (nothing syncs), and its first probe on the joining osm2 finds lsyncd "active on 2
      // nodes" and restarts it on the active node (both seen on the lab). Stopped while the node
      // cannot hold the resources (no Pacemaker, no VIP, no Heartbeat there); once it can, lsyncd
      // there is Pacemaker's or the legacy pair's
      lsyncd.add(
          new UnitStep(
              "lsyncd",
              UnitStep.Goal.STOPPED,
              "stop lsyncd, started by its package at install (Pacemaker runs it on the VIP holder"
                  + " only)"));
    }

    profile
        .apache()
        .statusConf()
        .ifPresent(
            conf ->
                stages
                    .get(GuideStage.APACHE)
                    .add(
                        FileStep.of(
                                io.ovdfailover.hosts.ApacheLayout.EL7_STATUS_CONF_PATH,
                                conf,
                                "0644",
                                "root",
                                "root",
                                "add Apache's server-status page (EL7)")
                            .withAfterChange("systemctl reload httpd || true")));

    stages
        .get(GuideStage.AFTER_CLUSTER)
        .add(
            new UnitStep(
                profile.apache().service(),
                UnitStep.Goal.DISABLED,
                "keep Apache from starting at boot (Pacemaker's httpd resource starts it)"));
    // the guide's extra, opt-in: after the database stage found the database moved (it comes
    // first), and never on the database node (this is a session manager's list)
    if (spec.database != null && spec.database.uninstallLocalServer) {
      stages
          .get(GuideStage.AFTER_CLUSTER)
          .add(
              new io.ovdfailover.steps.LocalServerRemovalStep(
                  spec.effectiveSessionManagerPackage()));
    }
  }

  /**
   * "Fixup missing packaging": the unit file the guide gives whole (Debian, Ubuntu), or on RHEL the
   * one line that must be present in the package's /etc/sysconfig/lsyncd, edited in place so that
   * the file's other lines (an admin's, the package's comments) stay.
   */
  private static Step lsyncdFixup(LsyncdFixup fix) {
    Optional<Step> line =
        fix.requiredLine()
            .map(
                q -> LineStep.of(q, "ensure " + q.line() + " in " + q.path() + " (lsyncd fix-up)"));
    return line.orElseGet(
        () -> {
          FileStep file =
              FileStep.of(
                  fix.file(), fix.content(), "0644", "root", "root", "fix up lsyncd's packaging");
          return fix.afterChange() == null ? file : file.withAfterChange(fix.afterChange());
        });
  }

  /** The spec's folders, else the guide's three (the PHP session folder per distro). */
  public static List<String> lsyncdFolders(OvdFailoverClusterSpec spec, DistroProfile profile) {
    if (spec.lsyncd != null && spec.lsyncd.folders != null && !spec.lsyncd.folders.isEmpty()) {
      return spec.lsyncd.folders;
    }
    return List.of(
        "/var/spool/ovd/session-manager", "/etc/ovd/session-manager", profile.phpSessionDir());
  }

  private static int prefixOf(String cidr) {
    return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
  }

  /** The private network in canonical notation (the cluster's traffic: corosync, pcsd, MySQL). */
  private static String privateNetwork(OvdFailoverClusterSpec spec) {
    return spec.privateNetwork.network().networkText();
  }
}
