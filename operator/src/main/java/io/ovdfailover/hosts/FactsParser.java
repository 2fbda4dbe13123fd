package io.ovdfailover.hosts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the probe's sectioned output into {@link HostFacts}. Strict about structure (header,
 * markers, end marker, os-release), lenient about tools: a missing tool or a failed optional query
 * becomes an empty value and a line in {@link HostFacts#problems()}, never an exception.
 */
public final class FactsParser {
  private FactsParser() {}

  /**
   * One section: its name, status ({@code ok}, {@code rc=N}, {@code missing}; {@code same} for a
   * stamped section the node did not read again, see {@link FactsMemory}), change stamp (empty for
   * sections without one) and body.
   */
  record Section(String name, String status, String stamp, String body) {
    static final String SAME = "same";

    Section(String name, String status, String body) {
      this(name, status, "", body);
    }

    boolean present() {
      return !status.equals("missing");
    }

    boolean ok() {
      return status.equals("ok") || status.equals("rc=0");
    }
  }

  /**
   * Parses one probe's output; a {@link FactsFormatException} says what is wrong (the caller names
   * the node).
   */
  public static HostFacts parse(String node, String output) {
    return parse(node, splitSections(output));
  }

  /** Parses sections split from a probe's output, after {@link FactsMemory#complete}. */
  static HostFacts parse(String node, Map<String, Section> sections) {
    for (Section sec : sections.values()) {
      if (sec.status().equals(Section.SAME)) {
        throw new FactsFormatException(
            "section " + sec.name() + " was answered 'same' but no earlier answer is kept");
      }
    }
    return parseSections(node, sections);
  }

  static Map<String, Section> splitSections(String output) {
    String[] lines = output.split("\n", -1);
    int start = 0;
    while (start < lines.length && !lines[start].startsWith(FactsProbe.HEADER + " ")) {
      start++; // a login banner or shell noise before the header is tolerated
    }
    if (start == lines.length) {
      String head = output.strip();
      throw new FactsFormatException(
          "no facts probe header in the output (it starts with: '"
              + (head.length() > 80 ? head.substring(0, 80) + "..." : head)
              + "')");
    }
    String[] header = lines[start].split(" ");
    if (header.length < 3 || !header[1].equals(String.valueOf(FactsProbe.FORMAT_VERSION))) {
      throw new FactsFormatException("unsupported facts probe header '" + lines[start] + "'");
    }
    String marker = "@@" + header[2] + " ";
    Map<String, Section> sections = new LinkedHashMap<>();
    sections.put("header", new Section("header", "ok", lines[start]));
    String name = null;
    String status = null;
    String stamp = null;
    StringBuilder body = new StringBuilder();
    boolean ended = false;
    for (int i = start + 1; i < lines.length && !ended; i++) {
      String line = lines[i];
      if (line.startsWith(marker)) {
        if (name != null) {
          sections.put(name, new Section(name, status, stamp, stripLastNewline(body)));
        }
        // @@<token> NAME STATUS [STAMP]: the stamp is the rest of the line, spaces and all
        String[] m = line.substring(marker.length()).split(" ", 3);
        name = m[0];
        status = m.length > 1 ? m[1].strip() : "ok";
        stamp = m.length > 2 ? m[2] : "";
        body.setLength(0);
        ended = name.equals("end");
      } else if (name != null) {
        body.append(line).append('\n');
      }
    }
    if (!ended) {
      throw new FactsFormatException(
          "facts probe output is incomplete (no end marker; last section: "
              + (name == null ? "none" : name)
              + ")");
    }
    return sections;
  }

  private static String stripLastNewline(StringBuilder b) {
    int n = b.length();
    return n > 0 && b.charAt(n - 1) == '\n' ? b.substring(0, n - 1) : b.toString();
  }

  private static HostFacts parseSections(String node, Map<String, Section> s) {
    List<String> problems = new ArrayList<>();
    int uid = -1;
    for (String f : s.get("header").body().split(" ")) {
      if (f.startsWith("uid=") && f.length() > 4) {
        uid = Integer.parseInt(f.substring(4));
      }
    }
    if (uid != 0) {
      problems.add(
          "the probe ran as uid " + uid + ", not root: files under /root may be reported absent");
    }
    Section osSection = require(s, "os-release");
    if (!osSection.present()) {
      throw new FactsFormatException("neither /etc/os-release nor /usr/lib/os-release is readable");
    }
    OsRelease os = OsRelease.parse(osSection.body());
    String hostname = require(s, "hostname").body().strip();
    Section fqdnSection = require(s, "fqdn");
    String fqdn = fqdnSection.ok() ? fqdnSection.body().strip() : "";
    if (!fqdnSection.ok()) {
      problems.add(
          "hostname -f failed (" + fqdnSection.status() + "): the hostname does not resolve");
    }
    Section hostsSection = require(s, "hosts");
    String hostsFile = hostsSection.present() ? hostsSection.body() : "";
    Section addr = require(s, "addresses");
    List<InterfaceAddress> addresses =
        addr.present() ? InterfaceAddress.parseIpOneLine(addr.body()) : List.of();
    if (!addr.present()) {
      problems.add("the ip command is missing: interface addresses unknown");
    }

    Map<String, String> packages = new LinkedHashMap<>();
    Optional<String> tool =
        parsePackages(require(s, "dpkg"), require(s, "rpm"), packages, problems);

    Map<String, UnitState> units = new LinkedHashMap<>();
    boolean systemd = parseUnits(require(s, "units"), units);
    if (!systemd) {
      problems.add(
          "systemd did not answer (systemctl missing or the host was not booted with systemd)");
    }
    Map<String, PathState> paths = parsePaths(require(s, "paths").body());
    Section linesSection = s.get("lines");
    Map<LineQuery, LineState> lines =
        linesSection == null ? Map.of() : parseLines(linesSection.body(), problems);

    Optional<PcsInfo> pcs = parsePcs(require(s, "pcs"), packages, problems);
    Optional<SoftwareVersion> pacemaker =
        installedVersion(s.get("pacemakerd"), packages.get("pacemaker"));
    Optional<SoftwareVersion> corosync =
        installedVersion(s.get("corosync"), packages.get("corosync"));

    Optional<CrmMonStatus> crmMon = parseCrmMon(s.get("crm_mon"), problems);
    Optional<String> cib = parseCib(s.get("cib"), problems);
    return new HostFacts(
        node,
        os,
        uid,
        hostname,
        fqdn,
        hostsFile,
        HostsEntry.parseAll(hostsFile),
        addresses,
        packages,
        tool,
        systemd,
        units,
        paths,
        lines,
        pcs,
        pacemaker,
        corosync,
        crmMon,
        cib,
        problems,
        parseFileSections(s, "pub."),
        parsePacemakerFiles(s, problems),
        parseRepositories(s.get("repos")),
        parseStamps(s.get("stamps")),
        parseFileSections(s, "tail."),
        parseVotequorum(s.get("votequorum")));
  }

  /**
   * Section votequorum: {@code corosync-quorumtool -s}, printed where corosync.conf names a quorum
   * device; it exits 2 when the node is not quorate, with the same report.
   */
  private static Optional<Votequorum> parseVotequorum(Section section) {
    return section == null || !section.present()
        ? Optional.empty()
        : Votequorum.parse(section.body());
  }

  /**
   * Section stamps: {@code path TAB %y TAB %z} for a file, {@code - TAB path} or {@code E TAB path}
   * for one absent or unreadable (left out). Absent from output recorded before the probe asked.
   */
  static Map<String, FileStamp> parseStamps(Section stamps) {
    Map<String, FileStamp> out = new LinkedHashMap<>();
    if (stamps == null) {
      return out;
    }
    for (String line : stamps.body().split("\n")) {
      if (line.isEmpty()) continue;
      String[] f = line.split("\t", -1);
      if (f.length == 2 && (f[0].equals("-") || f[0].equals("E"))) continue;
      if (f.length != 3) {
        throw new FactsFormatException("unreadable stamps line '" + line + "'");
      }
      out.put(f[0], new FileStamp(FileStamp.parseStatTime(f[1]), FileStamp.parseStatTime(f[2])));
    }
    return out;
  }

  /**
   * Section repos: one enabled repository id a line; absent from output recorded before the probe
   * asked, "missing" where /etc/yum.repos.d does not exist.
   */
  private static Optional<Set<String>> parseRepositories(Section repos) {
    if (repos == null || !repos.ok()) {
      return Optional.empty();
    }
    Set<String> ids = new TreeSet<>();
    repos.body().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(ids::add);
    return Optional.of(ids);
  }

  /**
   * Sections {@code <prefix>N} (pub.N: public files; tail.N: the ends of logs): the first body line
   * is the path, the rest the file's content, for the files that were there to read.
   */
  private static Map<String, String> parseFileSections(
      Map<String, Section> sections, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Section sec : sections.values()) {
      if (!sec.name().startsWith(prefix) || !sec.ok()) continue;
      String body = sec.body();
      int nl = body.indexOf('\n');
      out.put(nl < 0 ? body : body.substring(0, nl), nl < 0 ? "" : body.substring(nl + 1));
    }
    return out;
  }

  /** Sections pcm-*: present when the Pacemaker state was asked for. */
  private static Optional<PacemakerNodeFiles> parsePacemakerFiles(
      Map<String, Section> s, List<String> problems) {
    Section conf = s.get("pcm-corosync-conf");
    if (conf == null) {
      return Optional.empty();
    }
    Section known = require(s, "pcm-known-hosts");
    Section mark = require(s, "pcm-mark");
    Set<String> names = new TreeSet<>();
    if (known.ok()) {
      known.body().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(names::add);
    } else if (known.present()) {
      problems.add("pcsd's known hosts could not be listed (" + known.status() + ")");
    }
    return Optional.of(
        new PacemakerNodeFiles(
            conf.ok() ? Optional.of(conf.body()) : Optional.empty(),
            names,
            mark.ok() ? mark.body() : ""));
  }

  /** Installed packages from dpkg and rpm; returns which database answered. */
  private static Optional<String> parsePackages(
      Section dpkg, Section rpm, Map<String, String> packages, List<String> problems) {
    Optional<String> tool = Optional.empty();
    if (dpkg.present()) {
      parseDpkg(dpkg.body(), packages);
      tool = Optional.of("dpkg");
    }
    if (rpm.present()) {
      // both databases may exist (rpm is installable on Debian): the union of what they report
      // installed
      parseRpm(rpm.body(), packages);
      tool = tool.isPresent() ? tool : Optional.of("rpm");
    }
    if (tool.isEmpty()) {
      problems.add("neither dpkg-query nor rpm is available: installed packages unknown");
    }
    return tool;
  }

  /** crm_mon XML when cluster state was asked for (section present) and the cluster answered. */
  private static Optional<CrmMonStatus> parseCrmMon(Section crm, List<String> problems) {
    if (crm == null) {
      return Optional.empty();
    }
    if (!crm.present()) {
      problems.add("crm_mon is not installed");
    } else if (crm.body().isBlank()) {
      problems.add("crm_mon printed nothing (" + crm.status() + ")");
    } else {
      try {
        return Optional.of(CrmMonParser.parse(crm.body()));
      } catch (FactsFormatException e) {
        problems.add(e.getMessage() + " (" + crm.status() + ")");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> parseCib(Section cib, List<String> problems) {
    if (cib == null) {
      return Optional.empty();
    }
    if (cib.ok() && cib.body().contains("<cib")) {
      return Optional.of(cib.body());
    }
    problems.add("cibadmin --query failed (" + cib.status() + ")");
    return Optional.empty();
  }

  /**
   * pcs from {@code pcs --version --full} output, or (status {@code file}) from the capability list
   * of pcsd's capabilities.xml with the version of the installed pcs package.
   */
  static Optional<PcsInfo> parsePcs(
      Section section, Map<String, String> packages, List<String> problems) {
    if (section.status().equals("file")) {
      String version = packages.get("pcs");
      if (version == null) {
        problems.add("pcs is installed but not from a package: its version is unknown");
        return Optional.empty();
      }
      // a Debian epoch ("1:") is not part of the upstream version
      return Optional.of(PcsInfo.parse(version.replaceFirst("^\\d+:", "") + "\n" + section.body()));
    }
    if (section.ok() && !section.body().isBlank()) {
      return Optional.of(PcsInfo.parse(section.body()));
    }
    if (section.present()) {
      problems.add("pcs --version failed (" + section.status() + ")");
    }
    return Optional.empty();
  }

  private static Section require(Map<String, Section> s, String name) {
    Section section = s.get(name);
    if (section == null) {
      throw new FactsFormatException("section '" + name + "' is missing from the probe output");
    }
    return section;
  }

  /**
   * A cluster daemon's version: from the package database (the probe no longer starts {@code
   * pacemakerd --version} and {@code corosync -v}, ~25 ms a node), or from their sections in probe
   * output recorded before.
   */
  private static Optional<SoftwareVersion> installedVersion(
      Section printed, String packageVersion) {
    if (printed != null) {
      return version(printed);
    }
    if (packageVersion == null || packageVersion.isBlank()) {
      return Optional.empty();
    }
    try {
      // a Debian epoch ("1:") is not part of the upstream version
      return Optional.of(SoftwareVersion.parse(packageVersion.replaceFirst("^\\d+:", "")));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<SoftwareVersion> version(Section section) {
    if (!section.ok() || section.body().isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SoftwareVersion.parse(section.body().split("\n")[0]));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code name<TAB>install ok installed<TAB>version}; other states (config-files, not-installed)
   * are absent.
   */
  static void parseDpkg(String body, Map<String, String> out) {
    for (String line : body.split("\n")) {
      String[] f = line.split("\t");
      if (f.length == 3 && f[1].endsWith(" installed") && !f[2].isBlank()) {
        out.put(f[0], f[2]);
      }
    }
  }

  /**
   * {@code name<TAB>version-release}; "package x is not installed" lines carry no tab and are
   * skipped.
   */
  static void parseRpm(String body, Map<String, String> out) {
    for (String line : body.split("\n")) {
      String[] f = line.split("\t");
      if (f.length == 2 && !f[0].isBlank()) {
        out.put(f[0], f[1]);
      }
    }
  }

  /**
   * Returns whether systemd answered for at least one unit it was asked about. Blocks marked {@code
   * nofile} are the probe's own answer for units with no unit file (systemd was not asked): they
   * count only when no unit was asked at all, so that a systemd that stopped answering is not
   * hidden behind them.
   */
  static boolean parseUnits(Section section, Map<String, UnitState> out) {
    if (!section.present()) {
      return false;
    }
    boolean answered = false;
    boolean asked = false;
    boolean reportedWithoutAsking = false;
    String unit = null;
    String status = "";
    Map<String, String> props = new LinkedHashMap<>();
    for (String line : (section.body() + "\n=").split("\n")) {
      if (line.startsWith("=")) {
        if (unit != null && props.containsKey("LoadState")) {
          out.put(
              unit,
              new UnitState(
                  props.get("LoadState"),
                  props.getOrDefault("UnitFileState", ""),
                  props.getOrDefault("ActiveState", ""),
                  props.getOrDefault("SubState", "")));
          answered |= status.startsWith("rc=");
          reportedWithoutAsking |= status.equals("nofile");
        }
        String[] header = line.substring(1).strip().split(" ", 2);
        unit = header[0].isEmpty() ? null : header[0];
        status = header.length > 1 ? header[1].strip() : "";
        asked |= unit != null && !status.equals("nofile");
        props.clear();
      } else {
        int eq = line.indexOf('=');
        if (eq > 0) {
          props.put(line.substring(0, eq), line.substring(eq + 1).strip());
        }
      }
    }
    return answered || (!asked && reportedWithoutAsking);
  }

  static Map<String, PathState> parsePaths(String body) {
    Map<String, PathState> out = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length < 2) {
        throw new FactsFormatException("unreadable paths line '" + line + "'");
      }
      String path = f[1];
      PathState state =
          switch (f[0]) {
            case "-" -> PathState.ABSENT;
            case "F" -> {
              String[] st = field(f, 3, line).split(" ");
              if (st.length != 3 || !field(f, 2, line).matches("[0-9a-f]{64}")) {
                throw new FactsFormatException("unreadable file line '" + line + "'");
              }
              yield new PathState.RegularFile(f[2], PathState.normaliseMode(st[0]), st[1], st[2]);
            }
            case "D" -> {
              String[] st = field(f, 2, line).split(" ");
              if (st.length != 3) {
                throw new FactsFormatException("unreadable directory line '" + line + "'");
              }
              yield new PathState.Directory(PathState.normaliseMode(st[0]), st[1], st[2]);
            }
            case "L" ->
                new PathState.Symlink(field(f, 3, line), field(f, 2, line).equals("dangling"));
            case "E" -> new PathState.Unreadable();
            case "O" -> new PathState.Other();
            default -> throw new FactsFormatException("unknown path kind in '" + line + "'");
          };
      out.put(path, state);
    }
    return out;
  }

  /**
   * {@code exact<TAB>withPrefix<TAB>path<TAB>line<TAB>prefix}; {@code -} counts: no file, {@code
   * E}: unreadable.
   */
  static Map<LineQuery, LineState> parseLines(String body, List<String> problems) {
    Map<LineQuery, LineState> out = new LinkedHashMap<>();
    for (String raw : body.split("\n")) {
      if (raw.isEmpty()) {
        continue;
      }
      String[] f = raw.split("\t", -1);
      if (f.length != 5) {
        throw new FactsFormatException("unreadable lines line '" + raw + "'");
      }
      LineQuery q = new LineQuery(f[2], f[3], f[4]);
      switch (f[0]) {
        case "-" -> out.put(q, LineState.NO_FILE);
        case "E" -> {
          problems.add("cannot read " + q.path());
          out.put(q, LineState.NO_FILE);
        }
        default -> {
          try {
            out.put(q, new LineState(true, Integer.parseInt(f[0]), Integer.parseInt(f[1])));
          } catch (NumberFormatException e) {
            throw new FactsFormatException("unreadable lines line '" + raw + "'", e);
          }
        }
      }
    }
    return out;
  }

  private static String field(String[] f, int i, String line) {
    if (f.length <= i) {
      throw new FactsFormatException("too few fields in paths line '" + line + "'");
    }
    return f[i];
  }
}
