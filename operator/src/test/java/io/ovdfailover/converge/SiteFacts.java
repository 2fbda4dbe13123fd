package io.ovdfailover.converge;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.CrmMonParser;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.InterfaceAddress;
import io.ovdfailover.hosts.PacemakerNodeFiles;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.hosts.UnitState;
import io.ovdfailover.testsupport.HostFactsBuilder;
import io.ovdfailover.testsupport.Samples;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lab's five nodes as facts, built from the Debian 12 facts recorded on a real host and changed
 * one property at a time (who runs the cluster, where the VIP is, what crm_mon and the CIB say), so
 * the safety rules can be checked on every situation a live site can be in.
 */
final class SiteFacts {
  static final OvdFailoverClusterSpec SPEC = Samples.cluster("ns", "lab").getSpec();
  static final String CRM_STARTED = Fixtures.text("cluster/crm_mon-started.xml");
  static final String CIB_STARTED = Fixtures.text("cluster/cib-started.xml");
  static final List<String> CORE = List.of("osm1.priv", "pcs3.priv", "pcs4.priv");
  static final List<String> ALL = List.of("osm1.priv", "pcs3.priv", "pcs4.priv", "osm2.priv");

  private final Map<String, HostFacts> nodes = new LinkedHashMap<>();

  /** Bare Debian 12 hosts: no cluster anywhere. */
  static SiteFacts bare() {
    SiteFacts s = new SiteFacts();
    for (String n : Samples.NODE_NAMES) s.nodes.put(n, base(n));
    return s;
  }

  /**
   * The converged lab: all four members run, the six resources on osm1 (its NIC carries the VIP),
   * view on osm1.
   */
  static SiteFacts converged() {
    SiteFacts s = bare();
    for (String n : List.of("osm1", "osm2", "pcs3", "pcs4")) s.member(n, ALL, true);
    s.vipOn("osm1").view("osm1", CRM_STARTED, CIB_STARTED).mark("osm1");
    return s;
  }

  SiteFacts member(String node, List<String> members, boolean running) {
    return member(node, members, running, SPEC.clusterName);
  }

  /**
   * A member of the cluster {@code clusterName} (another one than the spec's: a foreign cluster).
   */
  SiteFacts member(String node, List<String> members, boolean running, String clusterName) {
    HostFacts f = nodes.get(node);
    Map<String, UnitState> units = new HashMap<>(f.units());
    UnitState state =
        running
            ? new UnitState("loaded", "disabled", "active", "running")
            : new UnitState("loaded", "disabled", "inactive", "dead");
    units.put("corosync", state);
    units.put("pacemaker", state);
    String conf =
        "totem {\n  cluster_name: "
            + clusterName
            + "\n}\nnodelist {\n"
            + String.join(
                "", members.stream().map(m -> "  node {\n    name: " + m + "\n  }\n").toList())
            + "}\n";
    nodes.put(
        node,
        with(
            f,
            units,
            f.addresses(),
            f.paths(),
            Optional.of(new PacemakerNodeFiles(Optional.of(conf), Set.copyOf(ALL), "")),
            f.crmMon(),
            f.cibXml()));
    return this;
  }

  /** Debian's corosync package: a one-node cluster "debian" started at installation. */
  SiteFacts distroDefaultCluster(String node) {
    HostFacts f = nodes.get(node);
    Map<String, UnitState> units = new HashMap<>(f.units());
    units.put("corosync", new UnitState("loaded", "enabled", "active", "running"));
    units.put("pacemaker", new UnitState("loaded", "enabled", "active", "running"));
    String conf =
        "totem {\n  cluster_name: debian\n}\nnodelist {\n  node {\n    name: node1\n"
            + "    ring0_addr: 127.0.0.1\n  }\n}\n";
    nodes.put(
        node,
        with(
            f,
            units,
            f.addresses(),
            f.paths(),
            Optional.of(new PacemakerNodeFiles(Optional.of(conf), Set.of(), "")),
            f.crmMon(),
            f.cibXml()));
    return this;
  }

  SiteFacts vipOn(String node) {
    HostFacts f = nodes.get(node);
    List<InterfaceAddress> a = new ArrayList<>(f.addresses());
    a.add(new InterfaceAddress("eth0", "inet", SPEC.vip.address + "/24", true));
    nodes.put(node, with(f, f.units(), a, f.paths(), f.pacemakerFiles(), f.crmMon(), f.cibXml()));
    return this;
  }

  /**
   * What the node's probe read of the cluster: crm_mon and CIB text, null for a command that
   * failed.
   */
  SiteFacts view(String node, String crmXml, String cibXml) {
    HostFacts f = nodes.get(node);
    nodes.put(
        node,
        with(
            f,
            f.units(),
            f.addresses(),
            f.paths(),
            f.pacemakerFiles(),
            Optional.ofNullable(crmXml).map(CrmMonParser::parse),
            Optional.ofNullable(cibXml)));
    return this;
  }

  SiteFacts unit(String node, String unit, boolean active) {
    HostFacts f = nodes.get(node);
    Map<String, UnitState> units = new HashMap<>(f.units());
    units.put(
        unit,
        new UnitState(
            "loaded", "enabled", active ? "active" : "inactive", active ? "running" : "dead"));
    nodes.put(
        node, with(f, units, f.addresses(), f.paths(), f.pacemakerFiles(), f.crmMon(), f.cibXml()));
    return this;
  }

  Pass pass() {
    return pass(SPEC);
  }

  /** The pass of a cluster whose spec is {@code spec} (the lab sample's, changed by a test). */
  Pass pass(OvdFailoverClusterSpec spec) {
    Map<String, io.ovdfailover.steps.NodeContext> contexts = new LinkedHashMap<>();
    nodes.forEach(
        (n, f) -> {
          try {
            contexts.put(n, io.ovdfailover.steps.NodeContext.detect(f));
          } catch (io.ovdfailover.hosts.HostException e) {
            throw new AssertionError(e);
          }
        });
    return new Pass(
        spec,
        facts(),
        contexts,
        view(),
        situation(),
        n -> {
          throw new AssertionError("planning must not run a command (" + n + ")");
        },
        new GuideConverger.Secrets("pw"),
        false);
  }

  /**
   * The same site as a probe that asked for {@code request} only would show it: paths, line
   * queries, units and public files it did not ask for are gone (reading such a path throws).
   */
  SiteFacts probedOnly(FactsRequest request) {
    nodes.replaceAll(
        (n, f) ->
            HostFactsBuilder.from(f)
                .probedOnly(
                    request.units(), request.paths(), request.lines(), request.publicFiles())
                .build());
    return this;
  }

  /** The node's pcs: {@code pcs --version} as it prints it, no capabilities (pcs 0.9). */
  SiteFacts pcs(String node, String version) {
    nodes.put(
        node,
        HostFactsBuilder.from(nodes.get(node))
            .pcs(Optional.of(io.ovdfailover.hosts.PcsInfo.parse(version)))
            .build());
    return this;
  }

  /** The node with {@code pkg} installed at {@code version} besides its own packages. */
  SiteFacts installed(String node, String pkg, String version) {
    HostFacts f = nodes.get(node);
    Map<String, String> packages = new HashMap<>(f.packages());
    packages.put(pkg, version);
    nodes.put(node, HostFactsBuilder.from(f).packages(packages).build());
    return this;
  }

  /** The node's facts replaced, e.g. by another distribution's fixture. */
  SiteFacts replace(String node, HostFacts facts) {
    nodes.put(node, HostFactsBuilder.from(facts).node(node).build());
    return this;
  }

  /** What is at {@code path} on the node, as its probe saw it. */
  SiteFacts path(String node, String path, PathState state) {
    nodes.put(node, HostFactsBuilder.from(nodes.get(node)).path(path, state).build());
    return this;
  }

  /**
   * A farm server beside the lab's nodes: a Debian host whose probe saw {@code files} (absent
   * otherwise) and, for each of {@code lines}, the count of exact lines given.
   */
  SiteFacts farmServer(
      String node,
      Map<String, PathState> files,
      Map<io.ovdfailover.hosts.LineQuery, Integer> lines) {
    HostFactsBuilder b = HostFactsBuilder.from(Fixtures.facts("debian-12-cluster")).node(node);
    for (String p :
        List.of(
            FarmServers.SLAVESERVER_CONF,
            FarmServers.WEB_ACCESS_CONFIG,
            FarmServers.ADMIN_CONSOLE_CONFIG,
            FarmServers.RESTART_MARK)) {
      b.path(p, files.getOrDefault(p, new PathState.Absent()));
    }
    for (FarmServers.Setting setting : FarmServers.Setting.values()) {
      for (io.ovdfailover.hosts.LineQuery q : setting.vipLines(SPEC.vip.address)) {
        int n = lines.getOrDefault(q, 0);
        b.line(q, new io.ovdfailover.hosts.LineState(files.containsKey(q.path()), n, 1));
      }
    }
    nodes.put(node, b.build());
    return this;
  }

  /** A public file's content on the node, as its probe read it back. */
  SiteFacts publicFile(String node, String path, String content) {
    nodes.put(node, HostFactsBuilder.from(nodes.get(node)).publicFile(path, content).build());
    return this;
  }

  /** A unit's state on the node, as its probe saw it. */
  SiteFacts unitState(String node, String unit, UnitState state) {
    nodes.put(node, HostFactsBuilder.from(nodes.get(node)).unit(unit, state).build());
    return this;
  }

  /** A file's modification and change times on the node, as its probe saw them. */
  SiteFacts stamp(String node, String path, io.ovdfailover.hosts.FileStamp stamp) {
    nodes.put(node, HostFactsBuilder.from(nodes.get(node)).stamp(path, stamp).build());
    return this;
  }

  /** The operator's start-up mark on the node. */
  SiteFacts mark(String node) {
    HostFacts f = nodes.get(node);
    Map<String, PathState> paths = new HashMap<>(f.paths());
    paths.put(
        PacemakerNodeFiles.STARTED_MARK_PATH,
        new PathState.RegularFile("e3b0", "0644", "root", "root"));
    nodes.put(
        node, with(f, f.units(), f.addresses(), paths, f.pacemakerFiles(), f.crmMon(), f.cibXml()));
    return this;
  }

  Map<String, HostFacts> facts() {
    return Map.copyOf(nodes);
  }

  ClusterSituation situation() {
    return ClusterSituation.read(SPEC, facts(), view());
  }

  ClusterView view() {
    return ClusterView.choose(GuideConverger.clusterViewNodes(SPEC), facts());
  }

  /** crm_mon-started.xml with the six resources on osm2 instead of osm1. */
  static String crmOnOsm2() {
    return CRM_STARTED.replace(
        "<node name=\"osm1.priv\" id=\"1\" cached=\"true\"/>",
        "<node name=\"osm2.priv\" id=\"2\" cached=\"true\"/>");
  }

  private static HostFacts base(String node) {
    HostFacts f = Fixtures.facts("debian-12-cluster");
    Map<String, PathState> paths = new HashMap<>(f.paths());
    paths.put(PacemakerNodeFiles.STARTED_MARK_PATH, new PathState.Absent());
    Map<String, UnitState> units = new HashMap<>(f.units());
    units.put("corosync", new UnitState("loaded", "disabled", "inactive", "dead"));
    units.put("pacemaker", new UnitState("loaded", "disabled", "inactive", "dead"));
    boolean pacemakerNode = !node.equals("dbmy");
    return HostFactsBuilder.from(f)
        .node(node)
        .hostname(node)
        .units(units)
        .paths(paths)
        .clusterView(Optional.empty(), Optional.empty())
        .pacemakerFiles(
            pacemakerNode
                ? Optional.of(new PacemakerNodeFiles(Optional.empty(), Set.of(), ""))
                : Optional.empty())
        .build();
  }

  private static HostFacts with(
      HostFacts f,
      Map<String, UnitState> units,
      List<InterfaceAddress> addresses,
      Map<String, PathState> paths,
      Optional<PacemakerNodeFiles> files,
      Optional<CrmMonStatus> crm,
      Optional<String> cib) {
    return HostFactsBuilder.from(f)
        .units(units)
        .addresses(addresses)
        .paths(paths)
        .pacemakerFiles(files)
        .clusterView(crm, cib)
        .build();
  }
}
