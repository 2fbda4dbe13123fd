package io.ovdfailover.hosts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What the one-round-trip probe looks at on a node: package names (asked of dpkg and rpm alike),
 * systemd units, managed paths (files, directories and links: SHA-256, mode, owner, link target),
 * line queries, public files read back, and whether to read the cluster state ({@code crm_mon},
 * CIB), which is only wanted from a couple of cluster nodes per reconcile, and whether to read a
 * Pacemaker node's membership files ({@link PacemakerNodeFiles}), wanted on the cluster nodes.
 *
 * <p>A pass asks for what the stages of its procedure read (each declares it, steps through {@code
 * Step.probes()}), combined with {@link #plus}: see {@code converge.Procedures.factsRequest}.
 */
public record FactsRequest(
    List<String> packages,
    List<String> units,
    List<String> paths,
    List<LineQuery> lines,
    boolean clusterState,
    List<String> publicFiles,
    boolean pacemakerState,
    List<String> stamps,
    List<String> tails) {
  public FactsRequest {
    packages = List.copyOf(new LinkedHashSet<>(packages));
    units = List.copyOf(new LinkedHashSet<>(units));
    paths = List.copyOf(new LinkedHashSet<>(paths));
    lines = List.copyOf(new LinkedHashSet<>(lines));
    publicFiles = List.copyOf(new LinkedHashSet<>(publicFiles));
    publicFiles.forEach(FactsRequest::requirePublic);
    stamps = List.copyOf(new LinkedHashSet<>(stamps));
    tails = List.copyOf(new LinkedHashSet<>(tails));
    stamps.forEach(FactsRequest::requireProbePath);
    tails.forEach(FactsRequest::requireLog);
    packages.forEach(FactsRequest::requireName);
    units.forEach(FactsRequest::requireName);
    paths.forEach(FactsRequest::requireProbePath);
    lines.forEach(q -> requireProbePath(q.path()));
  }

  /** Nothing asked beyond what every probe prints (os-release, hostname, addresses, pcs). */
  public static final FactsRequest NONE =
      new FactsRequest(
          List.of(), List.of(), List.of(), List.of(), false, List.of(), false, List.of(),
          List.of());

  public static FactsRequest ofPackages(Collection<String> names) {
    return new FactsRequest(
        List.copyOf(names),
        List.of(),
        List.of(),
        List.of(),
        false,
        List.of(),
        false,
        List.of(),
        List.of());
  }

  public static FactsRequest ofUnits(Collection<String> names) {
    return new FactsRequest(
        List.of(),
        List.copyOf(names),
        List.of(),
        List.of(),
        false,
        List.of(),
        false,
        List.of(),
        List.of());
  }

  public static FactsRequest ofPaths(Collection<String> paths) {
    return new FactsRequest(
        List.of(),
        List.of(),
        List.copyOf(paths),
        List.of(),
        false,
        List.of(),
        false,
        List.of(),
        List.of());
  }

  public static FactsRequest ofLines(Collection<LineQuery> queries) {
    return new FactsRequest(
        List.of(),
        List.of(),
        List.of(),
        List.copyOf(queries),
        false,
        List.of(),
        false,
        List.of(),
        List.of());
  }

  /**
   * Files whose content the probe returns: public by nature only (public keys, authorized_keys,
   * known_hosts), so that no secret ever travels back in facts.
   */
  public static FactsRequest ofPublicFiles(Collection<String> files) {
    return new FactsRequest(
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        false,
        List.copyOf(files),
        false,
        List.of(),
        List.of());
  }

  /** Everything either request asks for, in order, each once. */
  public FactsRequest plus(FactsRequest other) {
    return new FactsRequest(
        concat(packages, other.packages),
        concat(units, other.units),
        concat(paths, other.paths),
        concat(lines, other.lines),
        clusterState || other.clusterState,
        concat(publicFiles, other.publicFiles),
        pacemakerState || other.pacemakerState,
        concat(stamps, other.stamps),
        concat(tails, other.tails));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  public FactsRequest withClusterState(boolean wanted) {
    return new FactsRequest(
        packages, units, paths, lines, wanted, publicFiles, pacemakerState, stamps, tails);
  }

  /**
   * Adds what cluster formation reads on a Pacemaker node ({@link PacemakerNodeFiles}) to the same
   * probe.
   */
  public FactsRequest withPacemakerState(boolean wanted) {
    return new FactsRequest(
        packages, units, paths, lines, clusterState, publicFiles, wanted, stamps, tails);
  }

  /**
   * Configuration files the guide has an admin write that hold no secret (a unit, the VIP's
   * addresses, lsyncd's folders and options): read back so that a file written by hand can be
   * compared with the operator's by meaning (steps.SiteFileStep), not only by hash.
   */
  public static final java.util.Set<String> READABLE_CONFIG_FILES =
      java.util.Set.of(
          "/etc/systemd/system/cluster-vip-src.service",
          "/etc/default/cluster-vip-src",
          "/etc/lsyncd/lsyncd.conf.lua",
          // the legacy guide's Heartbeat pair (node names, timings, the VIP); never authkeys
          "/etc/ha.d/ha.cf",
          "/etc/ha.d/haresources",
          // Appendix 2's alert agent's lines for Kubernetes Events: the alerts' own variables
          "/var/log/ovd-failover/pacemaker-alerts.log");

  /**
   * Files whose modification and change times the probe prints ({@link HostFacts#stamps}): the
   * lsyncd canary's, whose change time on the target is when rsync brought it there.
   */
  public static FactsRequest ofStamps(Collection<String> paths) {
    return new FactsRequest(
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        false,
        List.of(),
        false,
        List.copyOf(paths),
        List.of());
  }

  /**
   * Logs whose last {@value #TAIL_LINES} lines the probe prints ({@link HostFacts#tails}): only
   * {@link #READABLE_LOGS}, which hold no secret and may be too large to read whole.
   */
  public static FactsRequest ofTails(Collection<String> logs) {
    return new FactsRequest(
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        false,
        List.of(),
        false,
        List.of(),
        List.copyOf(logs));
  }

  public static final int TAIL_LINES = 40;

  /** Logs the probe may print the end of: appendix 1's lsyncd log (file names and rsync errors). */
  public static final java.util.Set<String> READABLE_LOGS = java.util.Set.of("/var/log/lsyncd.log");

  private static void requireLog(String path) {
    ShellQuote.requireSafePath(path);
    if (!READABLE_LOGS.contains(path)) {
      throw new IllegalArgumentException("only READABLE_LOGS are tailed: " + path);
    }
  }

  private static void requirePublic(String path) {
    ShellQuote.requireSafePath(path);
    if (!(path.endsWith(".pub")
        || path.endsWith("/authorized_keys")
        || path.endsWith("/known_hosts")
        || READABLE_CONFIG_FILES.contains(path))) {
      throw new IllegalArgumentException(
          "only public files (*.pub, authorized_keys, known_hosts, "
              + "READABLE_CONFIG_FILES) are read back: "
              + path);
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
