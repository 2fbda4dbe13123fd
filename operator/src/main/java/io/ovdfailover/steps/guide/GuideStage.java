package io.ovdfailover.steps.guide;

/**
 * The guide's preparation work, in the order the guide does it; the cluster itself comes after
 * {@link #REPLICA}.
 */
public enum GuideStage {
  /** Chapter I: hostname, /etc/hosts with the private names, the second NIC's static address. */
  HOST_PREPARATION,
  /**
   * Chapters III–V: the packages each role needs (MySQL on the database node; iptables, lsyncd,
   * wget, Pacemaker).
   */
  PACKAGES,
  /**
   * Chapter IV: the cluster-vip-src unit and its settings (started by Pacemaker, never enabled by
   * hand).
   */
  VIP_SOURCE,
  /** Chapter V: the session managers' own sync keys. */
  SYNC_KEYS,
  /**
   * Chapter V: each session manager trusts the other's sync key (restricted) and knows its host
   * key.
   */
  SYNC_TRUST,
  /** Chapter V: lsyncd's folder, packaging fix-up, configuration and hourly HUP cron file. */
  LSYNCD,
  /** Chapter V: Apache's status page where the distribution lacks it (EL7). */
  APACHE,
  /**
   * Chapter V: what Pacemaker needs on each of its nodes besides pcsd (EL7's corosync log folder).
   */
  PACEMAKER_PREPARATION,
  /**
   * Appendix 2: ssmtp, its configuration and the alert agent on every Pacemaker node. Its steps are
   * built by {@code converge.AlertsStage}, which has the SMTP account; none here.
   */
  ALERTS,
  /**
   * Chapter V: the second session manager made a replica (Apache stopped, OSM cron removed, local
   * MySQL off).
   */
  REPLICA,
  /**
   * Before the resources exist, on the preferred session manager: the OSM cron file becomes the
   * link {@code osm_cron} manages (ocf:heartbeat:symlink refuses to start over a regular file).
   */
  CLUSTER_HANDOVER,
  /**
   * Beyond the guide: once Pacemaker owns Apache, a rebooted session manager must not start a
   * second one.
   */
  AFTER_CLUSTER
}
