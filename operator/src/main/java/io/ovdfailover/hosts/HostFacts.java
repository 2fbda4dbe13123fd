package io.ovdfailover.hosts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one probe learned about one node, immutable. Built by {@link FactsParser} from the
 * output of {@link FactsProbe}; steps diff their desired state against it.
 *
 * @param uid user id the probe ran as (0 expected: /root/.ssh is only visible to root)
 * @param fqdn {@code hostname -f}, empty when the name does not resolve
 * @param hostsFile /etc/hosts as text (trailing newlines removed); {@code hosts} is its parsed form
 * @param packages installed packages (dpkg or rpm) to their version; absent when not installed
 * @param packageTool {@code dpkg} or {@code rpm}: which package database answered
 * @param systemd whether systemd answered; when false every unit is {@link UnitState#UNKNOWN}
 * @param paths every requested path to what is there
 * @param lines every requested {@link LineQuery} to what the file holds
 * @param crmMon cluster status, when asked for and the cluster answered
 * @param cibXml the CIB ({@code cibadmin --query}), when asked for and the cluster answered
 * @param problems things the probe could not learn, in words (for conditions and logs)
 * @param pacemakerFiles a Pacemaker node's membership files, when asked for ({@link
 *     FactsRequest#pacemakerState()}); {@code PacemakerNodeState.of} reads them
 * @param stamps modification and change times of the files asked for that exist
 * @param tails the last lines of the logs asked for that exist
 * @param votequorum votequorum's view on a Pacemaker node whose corosync.conf names a quorum device
 *     (the two-node layout), when asked for the Pacemaker state and corosync answered
 * @param enabledRepositories the ids of the yum/dnf repositories enabled in /etc/yum.repos.d; empty
 *     where there is no such directory (apt hosts) or the probe predates the question
 */
public record HostFacts(
    String node,
    OsRelease os,
    int uid,
    String hostname,
    String fqdn,
    String hostsFile,
    List<HostsEntry> hosts,
    List<InterfaceAddress> addresses,
    Map<String, String> packages,
    Optional<String> packageTool,
    boolean systemd,
    Map<String, UnitState> units,
    Map<String, PathState> paths,
    Map<LineQuery, LineState> lines,
    Optional<PcsInfo> pcs,
    Optional<SoftwareVersion> pacemaker,
    Optional<SoftwareVersion> corosync,
    Optional<CrmMonStatus> crmMon,
    Optional<String> cibXml,
    List<String> problems,
    Map<String, String> publicFiles,
    Optional<PacemakerNodeFiles> pacemakerFiles,
    Optional<Set<String>> enabledRepositories,
    Map<String, FileStamp> stamps,
    Map<String, String> tails,
    Optional<Votequorum> votequorum) {
  public HostFacts {
    hosts = List.copyOf(hosts);
    addresses = List.copyOf(addresses);
    packages = Map.copyOf(packages);
    units = Map.copyOf(units);
    paths = Map.copyOf(paths);
    lines = Map.copyOf(lines);
    problems = List.copyOf(problems);
    publicFiles = Map.copyOf(publicFiles);
    enabledRepositories = enabledRepositories.map(Set::copyOf);
    stamps = Map.copyOf(stamps);
    tails = Map.copyOf(tails);
  }

  /**
   * A file's times (see {@link FactsRequest#ofStamps}); empty when it is absent, unreadable, or was
   * not asked for.
   */
  public Optional<FileStamp> stamp(String path) {
    return Optional.ofNullable(stamps.get(path));
  }

  /** The last lines of a log (see {@link FactsRequest#ofTails}), if it was there to read. */
  public Optional<String> tail(String path) {
    return Optional.ofNullable(tails.get(path));
  }

  public boolean installed(String packageName) {
    return packages.containsKey(packageName);
  }

  /**
   * The unit's state; {@link UnitState#UNKNOWN} when systemd did not answer or the unit was not
   * probed.
   */
  public UnitState unit(String name) {
    return units.getOrDefault(name, UnitState.UNKNOWN);
  }

  /**
   * What is at a path. Asking for a path the probe was not told to look at is a programming error:
   * add it to the {@link FactsRequest} (steps declare their paths for that reason).
   */
  public PathState path(String path) {
    PathState s = paths.get(path);
    if (s == null) {
      throw new IllegalStateException(
          node + ": path " + path + " was not probed; add it to the FactsRequest");
    }
    return s;
  }

  /**
   * What the file holds for a line query; like {@link #path}, the query must have been in the
   * request.
   */
  public LineState line(LineQuery query) {
    LineState s = lines.get(query);
    if (s == null) {
      throw new IllegalStateException(
          node + ": line query " + query + " was not probed; add it to the FactsRequest");
    }
    return s;
  }

  /**
   * Content of a public file the probe read back (see {@link FactsRequest#ofPublicFiles}), if
   * present.
   */
  public Optional<String> publicFile(String path) {
    return Optional.ofNullable(publicFiles.get(path));
  }

  public boolean probed(String path) {
    return paths.containsKey(path);
  }

  /**
   * Whether some interface carries this address (the VIP check of the guide's troubleshooting
   * appendix).
   */
  public boolean hasAddress(String address) {
    return addresses.stream().anyMatch(a -> a.address().equals(address));
  }
}
