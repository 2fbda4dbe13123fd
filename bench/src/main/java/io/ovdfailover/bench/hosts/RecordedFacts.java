package io.ovdfailover.bench.hosts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node's facts probe output as recorded on the lab (operator/src/test/resources/facts/SUITE/
 * NODE.txt), cut into the probe's sections and items, so that any later probe is answered from it:
 * each package, unit, path, line query and public file the probe asks for is looked up in the
 * recording. What was not recorded is answered as absent and listed in {@link Answer#unrecorded()}
 * (a benchmark whose probe asks for more than the lab recorded says so rather than inventing it).
 */
public final class RecordedFacts {
  /** A section of the recording: status ({@code ok}, {@code rc=N}, {@code missing}) and body. */
  record Section(String status, List<String> body) {}

  /** A probe's answer and the items it asked for that the recording does not have. */
  public record Answer(String output, List<String> unrecorded) {}

  private final String node;
  private final String uidField;
  private final Map<String, Section> sections;
  private final Map<String, String> packageLines = new LinkedHashMap<>();
  private final Map<String, List<String>> unitBlocks = new LinkedHashMap<>();
  private final Map<String, String> pathLines = new LinkedHashMap<>();
  private final Map<String, String> lineAnswers = new LinkedHashMap<>();
  private final Map<String, Section> publicFiles = new LinkedHashMap<>();

  private RecordedFacts(String node, String uidField, Map<String, Section> sections) {
    this.node = node;
    this.uidField = uidField;
    this.sections = sections;
    for (String l : body("dpkg")) {
      packageLines.put(l.split("\t", -1)[0], l);
    }
    String unit = null;
    for (String l : body("units")) {
      if (l.startsWith("=")) {
        unit = l.substring(1).split(" ", 2)[0];
        unitBlocks.put(unit, new ArrayList<>());
      }
      if (unit != null) {
        unitBlocks.get(unit).add(l);
      }
    }
    for (String l : body("paths")) {
      String[] f = l.split("\t", -1);
      if (f.length > 1) {
        pathLines.put(f[1], l);
      }
    }
    for (String l : body("lines")) {
      String[] f = l.split("\t", -1);
      if (f.length >= 5) {
        lineAnswers.put(lineKey(f[2], f[3], f[4]), l);
      }
    }
    sections.forEach(
        (name, s) -> {
          if (name.startsWith("pub.") && !s.body().isEmpty()) {
            publicFiles.put(s.body().get(0), s);
          }
        });
  }

  /**
   * Parses a recording: comment lines before the header are skipped, the header's token opens every
   * section marker.
   */
  public static RecordedFacts parse(String node, String text) {
    String[] lines = text.split("\n", -1);
    int i = 0;
    while (i < lines.length && !lines[i].startsWith("@@ovd-facts ")) {
      i++;
    }
    if (i == lines.length) {
      throw new IllegalArgumentException(node + ": no facts probe header in the recording");
    }
    String[] header = lines[i].split(" ");
    String marker = "@@" + header[2] + " ";
    String uid = header.length > 3 ? header[3] : "uid=0";
    Map<String, Section> sections = new LinkedHashMap<>();
    String name = null;
    String status = null;
    List<String> body = new ArrayList<>();
    for (i++; i < lines.length; i++) {
      if (lines[i].startsWith(marker)) {
        if (name != null) {
          sections.put(name, new Section(status, body));
        }
        String[] m = lines[i].substring(marker.length()).split(" ", 2);
        name = m[0];
        status = m.length > 1 ? m[1] : "ok";
        body = new ArrayList<>();
        if (name.equals("end")) {
          break;
        }
      } else if (name != null) {
        body.add(lines[i]);
      }
    }
    if (!"end".equals(name)) {
      throw new IllegalArgumentException(node + ": the recording has no end marker");
    }
    return new RecordedFacts(node, uid, sections);
  }

  /** Whether the recorded node runs Pacemaker (its probe found crm_mon). */
  public boolean pacemakerNode() {
    Section crm = sections.get("crm_mon");
    return crm != null && !crm.status().equals("missing");
  }

  public String node() {
    return node;
  }

  /**
   * The probe's output for {@code in}, with the cluster view (crm_mon and CIB, recorded on the same
   * converged cluster) given as text when asked for.
   */
  public Answer answer(ProbeInputs in, String crmMonXml, String cibXml) {
    List<String> unrecorded = new ArrayList<>();
    StringBuilder out = new StringBuilder(64 * 1024);
    String t = in.token();
    out.append("@@ovd-facts 1 ").append(t).append(' ').append(uidField).append('\n');
    for (String name : List.of("os-release", "hostname", "fqdn", "hosts", "addresses")) {
      verbatim(out, t, name);
    }

    // change stamps as the probe prints them (the operator's FactsMemory): the recording's package
    // database never moves, and the CIB's opening tag is its stamp
    String pkgStamp = "simulated " + node + " packages";
    boolean packagesSame = pkgStamp.equals(in.knownStamps().get("K_PKG"));
    Section dpkg = sections.get("dpkg");
    if (packagesSame) {
      for (String name : List.of("dpkg", "rpm")) {
        section(out, t, name, "same " + pkgStamp);
      }
    } else if (dpkg == null || dpkg.status().equals("missing")) {
      section(out, t, "dpkg", "missing " + pkgStamp);
    } else {
      List<String> found = new ArrayList<>();
      for (String p : in.packages()) {
        String l = packageLines.get(p);
        if (l == null) {
          unrecorded.add("package " + p);
        } else {
          found.add(l);
        }
      }
      // dpkg-query exits 1 when a name is not installed or not known; the recording says which
      section(
          out,
          t,
          "dpkg",
          (found.size() < in.packages().size() ? "rc=1" : dpkg.status()) + " " + pkgStamp);
      found.forEach(l -> out.append(l).append('\n'));
    }
    if (!packagesSame) {
      verbatim(out, t, "rpm", " " + pkgStamp);
    }

    Section units = sections.get("units");
    if (units == null || units.status().equals("missing")) {
      section(out, t, "units", "missing");
    } else {
      section(out, t, "units", "ok");
      for (String u : in.units()) {
        List<String> block = unitBlocks.get(u);
        if (block == null) {
          unrecorded.add("unit " + u);
          // what the probe prints for a unit with no unit file that is not running
          out.append('=')
              .append(u)
              .append(
                  " nofile\nLoadState=not-found\nUnitFileState=\nActiveState=inactive\nSubState=dead\n");
        } else {
          block.forEach(l -> out.append(l).append('\n'));
        }
      }
    }
    if (packagesSame) {
      section(out, t, "pcs", "same " + pkgStamp);
    } else {
      verbatim(out, t, "pcs", " " + pkgStamp);
    }

    section(out, t, "paths", "ok");
    for (String p : in.paths()) {
      String l = pathLines.get(p);
      if (l == null) {
        unrecorded.add("path " + p);
        out.append("-\t").append(p).append('\n');
      } else {
        out.append(l).append('\n');
      }
    }

    section(out, t, "lines", "ok");
    for (String q : in.lines()) {
      String[] f = q.split("\t", -1);
      String path = f[0];
      String line = f.length > 1 ? f[1] : "";
      String prefix = f.length > 2 ? f[2] : "";
      String l = lineAnswers.get(lineKey(path, line, prefix));
      if (l == null) {
        unrecorded.add("line query " + path + " " + line);
        out.append("-\t-\t")
            .append(path)
            .append('\t')
            .append(line)
            .append('\t')
            .append(prefix)
            .append('\n');
      } else {
        out.append(l).append('\n');
      }
    }

    for (int i = 0; i < in.publicFiles().size(); i++) {
      String f = in.publicFiles().get(i);
      Section s = publicFiles.get(f);
      if (s == null) {
        unrecorded.add("public file " + f);
        section(out, t, "pub." + i, "missing");
        out.append(f).append('\n');
      } else {
        section(out, t, "pub." + i, s.status());
        s.body().forEach(l -> out.append(l).append('\n'));
      }
    }

    // the recordings predate these questions: no file to stamp, no log to tail
    section(out, t, "stamps", "ok");
    for (String p : in.stamps()) {
      unrecorded.add("stamp " + p);
      out.append("-\t").append(p).append('\n');
    }
    for (int i = 0; i < in.tails().size(); i++) {
      unrecorded.add("tail " + in.tails().get(i));
      section(out, t, "tail." + i, "missing");
      out.append(in.tails().get(i)).append('\n');
    }

    if (in.pacemakerState()) {
      for (String name : List.of("pcm-corosync-conf", "pcm-known-hosts", "pcm-mark")) {
        if (!sections.containsKey(name)) {
          unrecorded.add("section " + name);
          section(out, t, name, "missing");
        } else {
          verbatim(out, t, name);
        }
      }
    }
    if (in.clusterState()) {
      String cib = cibXml.strip();
      String cibStamp = cib.startsWith("<cib ") ? cib.substring(0, cib.indexOf('>')) : "";
      if (pacemakerNode()
          && !cibStamp.isEmpty()
          && cibStamp.equals(in.knownStamps().get("K_CIB"))) {
        section(out, t, "crm_mon", "same " + cibStamp);
        section(out, t, "cib", "same " + cibStamp);
      } else if (pacemakerNode()) {
        section(out, t, "crm_mon", "rc=0 " + cibStamp);
        out.append(crmMonXml.strip()).append('\n');
        section(out, t, "cib", "rc=0 " + cibStamp);
        out.append(cib).append('\n');
      } else {
        section(out, t, "crm_mon", "missing");
        section(out, t, "cib", "missing");
      }
    }
    section(out, t, "end", "ok");
    return new Answer(out.toString(), unrecorded);
  }

  private void verbatim(StringBuilder out, String token, String name) {
    verbatim(out, token, name, "");
  }

  /** A recorded section as it was, its status followed by {@code stamp} (empty or " STAMP"). */
  private void verbatim(StringBuilder out, String token, String name, String stamp) {
    Section s = sections.get(name);
    if (s == null) {
      section(out, token, name, "missing" + stamp);
      return;
    }
    section(out, token, name, s.status() + stamp);
    s.body().forEach(l -> out.append(l).append('\n'));
  }

  private static void section(StringBuilder out, String token, String name, String status) {
    out.append("@@").append(token).append(' ').append(name).append(' ').append(status).append('\n');
  }

  private List<String> body(String name) {
    return Optional.ofNullable(sections.get(name)).map(Section::body).orElse(List.of());
  }

  private static String lineKey(String path, String line, String prefix) {
    return path + '\t' + line + '\t' + prefix;
  }
}
