package io.ovdfailover.testsupport;

import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.HostsEntry;
import io.ovdfailover.hosts.InterfaceAddress;
import io.ovdfailover.hosts.LineQuery;
import io.ovdfailover.hosts.LineState;
import io.ovdfailover.hosts.PacemakerNodeFiles;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.hosts.UnitState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A copy of recorded facts with some of them changed, for tests: {@code
 * HostFactsBuilder.from(facts).unit("pacemaker", running).build()}. HostFacts is an immutable
 * record of 23 components; this writes the copy once.
 */
public final class HostFactsBuilder {
  private final HostFacts f;
  private String node;
  private String hostname;
  private String hostsFile;
  private List<HostsEntry> hosts;
  private List<InterfaceAddress> addresses;
  private Map<String, String> packages;
  private boolean systemd;
  private final Map<String, UnitState> units;
  private final Map<String, PathState> paths;
  private final Map<LineQuery, LineState> lines;
  private Optional<CrmMonStatus> crmMon;
  private Optional<String> cibXml;
  private final Map<String, String> publicFiles;
  private Optional<PacemakerNodeFiles> pacemakerFiles;
  private Optional<java.util.Set<String>> enabledRepositories;
  private Optional<io.ovdfailover.hosts.PcsInfo> pcs;
  private final Map<String, io.ovdfailover.hosts.FileStamp> stamps;
  private final Map<String, String> tails;
  private Optional<io.ovdfailover.hosts.Votequorum> votequorum;

  private HostFactsBuilder(HostFacts f) {
    this.f = f;
    node = f.node();
    hostname = f.hostname();
    hostsFile = f.hostsFile();
    hosts = f.hosts();
    addresses = f.addresses();
    packages = f.packages();
    systemd = f.systemd();
    units = new HashMap<>(f.units());
    paths = new HashMap<>(f.paths());
    lines = new HashMap<>(f.lines());
    crmMon = f.crmMon();
    cibXml = f.cibXml();
    publicFiles = new HashMap<>(f.publicFiles());
    stamps = new HashMap<>(f.stamps());
    tails = new HashMap<>(f.tails());
    pacemakerFiles = f.pacemakerFiles();
    enabledRepositories = f.enabledRepositories();
    pcs = f.pcs();
    votequorum = f.votequorum();
  }

  public static HostFactsBuilder from(HostFacts facts) {
    return new HostFactsBuilder(facts);
  }

  /** The installed packages, name to version, instead of the host's own. */
  public HostFactsBuilder packages(Map<String, String> installed) {
    packages = Map.copyOf(installed);
    return this;
  }

  public HostFactsBuilder node(String name) {
    node = name;
    return this;
  }

  public HostFactsBuilder hostname(String name) {
    hostname = name;
    return this;
  }

  /** /etc/hosts as text, and its parsed entries with it. */
  public HostFactsBuilder hostsFile(String text) {
    hostsFile = text;
    hosts = HostsEntry.parseAll(text);
    return this;
  }

  public HostFactsBuilder addresses(List<InterfaceAddress> all) {
    addresses = all;
    return this;
  }

  public HostFactsBuilder systemd(boolean answered) {
    systemd = answered;
    return this;
  }

  public HostFactsBuilder unit(String name, UnitState state) {
    units.put(name, state);
    return this;
  }

  public HostFactsBuilder units(Map<String, UnitState> all) {
    units.clear();
    units.putAll(all);
    return this;
  }

  public HostFactsBuilder path(String path, PathState state) {
    paths.put(path, state);
    return this;
  }

  public HostFactsBuilder paths(Map<String, PathState> all) {
    paths.clear();
    paths.putAll(all);
    return this;
  }

  /** A file the probe printed (public files: keys, known_hosts, the guide's readable configs). */
  public HostFactsBuilder publicFile(String path, String content) {
    publicFiles.put(path, content);
    return this;
  }

  public HostFactsBuilder line(LineQuery query, LineState state) {
    lines.put(query, state);
    return this;
  }

  public HostFactsBuilder clusterView(Optional<CrmMonStatus> crm, Optional<String> cib) {
    crmMon = crm;
    cibXml = cib;
    return this;
  }

  public HostFactsBuilder pacemakerFiles(Optional<PacemakerNodeFiles> files) {
    pacemakerFiles = files;
    return this;
  }

  /** The installed pcs (version and capabilities), or none. */
  public HostFactsBuilder pcs(Optional<io.ovdfailover.hosts.PcsInfo> installed) {
    pcs = installed;
    return this;
  }

  /** The yum/dnf repository ids enabled in /etc/yum.repos.d (empty: no such directory). */
  public HostFactsBuilder stamp(String path, io.ovdfailover.hosts.FileStamp stamp) {
    if (stamp == null) {
      stamps.remove(path);
    } else {
      stamps.put(path, stamp);
    }
    return this;
  }

  public HostFactsBuilder tail(String path, String lines) {
    tails.put(path, lines);
    return this;
  }

  /** Votequorum's view on this node ({@code corosync-quorumtool -s}), or none. */
  public HostFactsBuilder votequorum(Optional<io.ovdfailover.hosts.Votequorum> view) {
    votequorum = view;
    return this;
  }

  public HostFactsBuilder enabledRepositories(Optional<java.util.Set<String>> ids) {
    enabledRepositories = ids;
    return this;
  }

  /**
   * Only the units, paths, line queries and public files named: what a probe that asked for no more
   * would show.
   */
  public HostFactsBuilder probedOnly(
      List<String> unitNames,
      List<String> pathNames,
      List<LineQuery> queries,
      List<String> publicFileNames) {
    units.keySet().retainAll(unitNames);
    paths.keySet().retainAll(pathNames);
    lines.keySet().retainAll(queries);
    publicFiles.keySet().retainAll(publicFileNames);
    return this;
  }

  public HostFacts build() {
    return new HostFacts(
        node,
        f.os(),
        f.uid(),
        hostname,
        f.fqdn(),
        hostsFile,
        hosts,
        addresses,
        packages,
        f.packageTool(),
        systemd,
        units,
        paths,
        lines,
        pcs,
        f.pacemaker(),
        f.corosync(),
        crmMon,
        cibXml,
        f.problems(),
        publicFiles,
        pacemakerFiles,
        enabledRepositories,
        stamps,
        tails,
        votequorum);
  }
}
