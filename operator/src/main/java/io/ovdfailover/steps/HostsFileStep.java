package io.ovdfailover.steps;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.HostsEntry;
import io.ovdfailover.hosts.PathState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * /etc/hosts carries the wanted entries ("Internal network names": {@code 192.168.100.11
 * osm1.priv}, ...; on the OSM nodes {@code the-other-osm} appended to the other node's line), each
 * name on exactly one address: a name found on another line is removed there (a {@code 127.0.1.1
 * osm1.priv} line would make corosync bind to loopback). With a hostname, the old hostname is
 * replaced by the new one everywhere, as the guide's "System Hostname Definition" asks. Comments
 * and unrelated lines are kept as they are.
 *
 * <p>One step holds all entries of a node: entries are diffed against one snapshot of the file, so
 * two steps rewriting it would undo each other. The write checks that the file still has the probed
 * SHA-256.
 */
public record HostsFileStep(List<HostsEntry> entries, Optional<String> hostname) implements Step {
  public static final String PATH = "/etc/hosts";

  public HostsFileStep {
    entries = List.copyOf(entries);
  }

  @Override
  public String name() {
    return PATH;
  }

  @Override
  public FactsRequest probes() {
    return FactsRequest.ofPaths(List.of(PATH));
  }

  @Override
  public List<Command> changes(NodeContext node) {
    String current = node.facts().hostsFile();
    String desired = desiredContent(current, node.facts().hostname());
    if (desired.equals(current)) {
      return List.of();
    }
    String expectedSha =
        node.facts().path(PATH) instanceof PathState.RegularFile f ? f.sha256() : null;
    byte[] content = (desired + "\n").getBytes(StandardCharsets.UTF_8);
    return List.of(
        new Command(
            "Edit the /etc/hosts configuration file (internal network names)",
            Scripts.writeStdinTo(PATH, "0644", "root", "root", expectedSha),
            content,
            true,
            Command.DEFAULT_TIMEOUT));
  }

  /** A line of the file: raw text, or address + names (+ comment) once we changed it. */
  private static final class Line {
    final String raw;
    final String address;
    final List<String> names;
    final String comment;
    boolean changed;

    Line(String raw) {
      this.raw = raw;
      int hash = raw.indexOf('#');
      this.comment = hash >= 0 ? raw.substring(hash) : "";
      HostsEntry e = HostsEntry.parseLine(raw);
      this.address = e == null ? null : e.address();
      this.names = e == null ? new ArrayList<>() : new ArrayList<>(e.names());
    }

    Line(String address, List<String> names) {
      this.raw = null;
      this.address = address;
      this.names = new ArrayList<>(names);
      this.comment = "";
      this.changed = true;
    }

    boolean removeName(String name) {
      boolean removed = names.remove(name);
      changed |= removed;
      return removed;
    }

    String render() {
      if (!changed) {
        return raw;
      }
      return address + " " + String.join(" ", names) + (comment.isEmpty() ? "" : " " + comment);
    }
  }

  /** The file as it should be, given its current text and the node's current hostname. */
  String desiredContent(String current, String currentHostname) {
    List<Line> lines = new ArrayList<>();
    if (!current.isEmpty()) {
      for (String raw : current.split("\n", -1)) {
        lines.add(new Line(raw));
      }
    }
    hostname.ifPresent(newName -> renameHost(lines, currentHostname, newName));
    for (HostsEntry wanted : entries) {
      Line home = null;
      for (Line line : lines) {
        if (line.address == null) {
          continue;
        }
        if (line.address.equals(wanted.address()) && home == null) {
          home = line;
          for (String n : wanted.names()) {
            if (!line.names.contains(n)) {
              line.names.add(n);
              line.changed = true;
            }
          }
        } else {
          wanted.names().forEach(line::removeName);
        }
      }
      if (home == null) {
        lines.add(new Line(wanted.address(), wanted.names()));
      }
    }
    List<String> out = new ArrayList<>();
    for (Line line : lines) {
      if (line.changed && line.address != null && line.names.isEmpty()) {
        continue; // every name of this line moved elsewhere: the bare address would be invalid
      }
      out.add(line.render());
    }
    return String.join("\n", out);
  }

  private static void renameHost(List<Line> lines, String oldName, String newName) {
    if (oldName.isEmpty() || oldName.equals(newName) || oldName.equals("localhost")) {
      return;
    }
    for (Line line : lines) {
      int i = line.names.indexOf(oldName);
      if (i >= 0) {
        if (line.names.contains(newName)) {
          line.names.remove(i);
        } else {
          line.names.set(i, newName);
        }
        line.changed = true;
      }
    }
  }
}
