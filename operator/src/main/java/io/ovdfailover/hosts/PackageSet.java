package io.ovdfailover.hosts;

/** Groups of packages the guide installs; each {@link DistroProfile} names the real packages. */
public enum PackageSet {
  /** "Install Pacemaker" on the OSM and pcs nodes. */
  PACEMAKER,
  /** The lsyncd software package (data synchronization between the OSM nodes). */
  LSYNCD,
  /** The iptables package (cluster-vip-src service). */
  IPTABLES,
  /** The wget package (Apache status checks of the ocf:heartbeat:apache agent). */
  WGET,
  /** MySQL on the dbmy node. */
  MYSQL_SERVER,
  /** ssmtp for the optional email notifications (Appendix 2). */
  SSMTP,
  /**
   * corosync-qdevice on the session managers of the two-node layout: asks the quorum device for the
   * deciding vote (not in the guide).
   */
  QUORUM_DEVICE,
  /**
   * corosync-qnetd, and pcs to set it up, on the database node of the two-node layout (not in the
   * guide; Debian and Ubuntu add pacemaker-common for the hacluster user, see DistroProfiles).
   */
  QUORUM_DEVICE_HOST
}
