package io.ovdfailover.hosts;

import java.util.ArrayList;
import java.util.List;

/** One non-comment line of /etc/hosts: an address and its names (canonical name first). */
public record HostsEntry(String address, List<String> names) {
  public HostsEntry {
    names = List.copyOf(names);
  }

  /** Parses /etc/hosts text; comments (from {@code #}) and blank lines are skipped. */
  public static List<HostsEntry> parseAll(String text) {
    List<HostsEntry> out = new ArrayList<>();
    for (String raw : text.split("\n")) {
      HostsEntry e = parseLine(raw);
      if (e != null) {
        out.add(e);
      }
    }
    return List.copyOf(out);
  }

  /** The entry on one line, or null for a comment or blank line. */
  public static HostsEntry parseLine(String raw) {
    int hash = raw.indexOf('#');
    String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
    if (line.isEmpty()) {
      return null;
    }
    String[] f = line.split("\\s+");
    return new HostsEntry(f[0], List.of(f).subList(1, f.length));
  }
}
