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
  SSMTP
}
