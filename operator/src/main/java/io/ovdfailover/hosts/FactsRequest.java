package io.ovdfailover.hosts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What the one-round-trip probe looks at on a node: package names (asked of dpkg and rpm alike),
 * systemd units, managed paths (files, directories and links: SHA-256, mode, owner, link target),
 * and whether to read the cluster state ({@code crm_mon}, CIB), which is only wanted from a couple
 * of cluster nodes per reconcile, and whether to read a Pacemaker node's membership files ({@link
 * PacemakerNodeFiles}), wanted on the cluster nodes.
 */
public record FactsRequest(
    List<String> packages,
    List<String> units,
    List<String> paths,
    List<LineQuery> lines,
    boolean clusterState,
    List<String> publicFiles,
    boolean pacemakerState) {
  public FactsRequest {
    packages = List.copyOf(new LinkedHashSet<>(packages));
    units = List.copyOf(new LinkedHashSet<>(units));
    paths = List.copyOf(new LinkedHashSet<>(paths));
    lines = List.copyOf(new LinkedHashSet<>(lines));
    publicFiles = List.copyOf(new LinkedHashSet<>(publicFiles));
    publicFiles.forEach(FactsRequest::requirePublic);
    packages.forEach(FactsRequest::requireName);
    units.forEach(FactsRequest::requireName);
    paths.forEach(FactsRequest::requireProbePath);
    lines.forEach(q -> requireProbePath(q.path()));
  }

  public FactsRequest(
      List<String> packages, List<String> units, List<String> paths, boolean clusterState) {
    this(packages, units, paths, List.of(), clusterState, List.of(), false);
  }

  public FactsRequest(
      List<String> packages,
      List<String> units,
      List<String> paths,
      List<LineQuery> lines,
      boolean clusterState) {
    this(packages, units, paths, lines, clusterState, List.of(), false);
  }

  public FactsRequest(
      List<String> packages,
      List<String> units,
      List<String> paths,
      List<LineQuery> lines,
      boolean clusterState,
      List<String> publicFiles) {
    this(packages, units, paths, lines, clusterState, publicFiles, false);
  }

  /**
   * Files whose content the probe returns: public by nature only (public keys, authorized_keys,
   * known_hosts), so that no secret ever travels back in facts. The sync-key exchange between the
   * session managers reads them.
   */
  public static final List<String> STANDARD_PUBLIC_FILES =
      List.of(
          "/root/.ssh/sync_rsa.pub",
          "/root/.ssh/authorized_keys",
          "/root/.ssh/known_hosts",
          "/etc/ssh/ssh_host_ed25519_key.pub");

  /** Units of the guide (both distro families' names: the probe does not know the distro yet). */
  public static final List<String> STANDARD_UNITS =
      List.of(
          "pcsd",
          "corosync",
          "pacemaker",
          "apache2",
          "httpd",
          "mariadb",
          "mysql",
          "lsyncd",
          "cluster-vip-src",
          "cron",
          "crond",
          "ufw",
          "firewalld");

  /** Files, directories and links the guide creates or relies on, on any node. */
  public static final List<String> STANDARD_PATHS =
      List.of(
          "/etc/hosts",
          "/etc/hostname",
          "/etc/default/cluster-vip-src",
          "/etc/systemd/system/cluster-vip-src.service",
          "/etc/systemd/system/lsyncd.service",
          "/etc/sysconfig/lsyncd",
          "/etc/lsyncd",
          "/etc/lsyncd/lsyncd.conf.lua",
          "/etc/lsyncd/lsyncd.cron",
          "/root/.ssh",
          "/root/.ssh/sync_rsa",
          "/root/.ssh/sync_rsa.pub",
          "/root/.ssh/authorized_keys",
          "/root/.ssh/known_hosts",
          "/var/spool/ovd/session-manager/config",
          "/etc/ovd/session-manager/sessionmanager.cron",
          "/etc/cron.d/ovd-session-manager",
          "/etc/cron.d/lsyncd",
          "/etc/httpd/conf.d/status.conf",
          "/var/lib/php/sessions",
          "/var/lib/php/session",
          "/etc/corosync/corosync.conf",
          "/var/lib/pcsd/known-hosts",
          "/var/lib/pcsd/tokens",
          "/var/log/corosync",
          "/usr/local/sbin/pcs-notify",
          "/etc/ssmtp/ssmtp.conf",
          PacemakerNodeFiles.STARTED_MARK_PATH);

  /**
   * The standard request: every package any profile manages, the guide's units and paths (including
   * each profile's network and MySQL server configuration files), without cluster state.
   */
  public static FactsRequest standard() {
    List<String> paths = new ArrayList<>(STANDARD_PATHS);
    paths.addAll(DistroProfiles.allProfileFiles());
    return new FactsRequest(
        DistroProfiles.allPackageNames(),
        STANDARD_UNITS,
        paths,
        DistroProfiles.allLineQueries(),
        false,
        STANDARD_PUBLIC_FILES,
        false);
  }

  public FactsRequest withClusterState(boolean wanted) {
    return new FactsRequest(packages, units, paths, lines, wanted, publicFiles, pacemakerState);
  }

  /**
   * Adds what cluster formation reads on a Pacemaker node ({@link PacemakerNodeFiles}) to the same
   * probe.
   */
  public FactsRequest withPacemakerState(boolean wanted) {
    return new FactsRequest(packages, units, paths, lines, clusterState, publicFiles, wanted);
  }

  public FactsRequest withPaths(List<String> more) {
    List<String> p = new ArrayList<>(paths);
    p.addAll(more);
    return new FactsRequest(packages, units, p, lines, clusterState, publicFiles, pacemakerState);
  }

  public FactsRequest withUnits(List<String> more) {
    List<String> u = new ArrayList<>(units);
    u.addAll(more);
    return new FactsRequest(packages, u, paths, lines, clusterState, publicFiles, pacemakerState);
  }

  public FactsRequest withLines(List<LineQuery> more) {
    List<LineQuery> l = new ArrayList<>(lines);
    l.addAll(more);
    return new FactsRequest(packages, units, paths, l, clusterState, publicFiles, pacemakerState);
  }

  private static void requirePublic(String path) {
    ShellQuote.requireSafePath(path);
    if (!(path.endsWith(".pub")
        || path.endsWith("/authorized_keys")
        || path.endsWith("/known_hosts"))) {
      throw new IllegalArgumentException(
          "only public files (*.pub, authorized_keys, known_hosts) are read back: " + path);
    }
  }

  /**
   * The probe joins stat's and sha256sum's output by path, and sha256sum escapes a backslash in a
   * name.
   */
  private static void requireProbePath(String path) {
    ShellQuote.requireSafePath(path);
    if (path.indexOf('\\') >= 0) {
      throw new IllegalArgumentException(
          "the facts probe does not look at paths with a backslash: '" + path + "'");
    }
  }

  private static void requireName(String name) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.+@:-]*")) {
      throw new IllegalArgumentException("not a package or unit name: '" + name + "'");
    }
  }
}
