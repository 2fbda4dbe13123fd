package io.ovdfailover.pacemaker;

import java.util.regex.Matcher;

/**
 * The installed pcs version, which decides the command syntax: the guide's "Ubuntu 22.04" forms are
 * pcs 0.10+ (`pcs host auth`, `cluster setup NAME nodes`, `colocation add A with B`), its "RHEL 7 /
 * Ubuntu 18.04" forms are pcs 0.9 (`pcs cluster auth`, `cluster setup --name NAME`, `colocation add
 * A B`).
 */
public record PcsVersion(int major, int minor, int patch) implements Comparable<PcsVersion> {
  private static final java.util.regex.Pattern VERSION =
      java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  public static PcsVersion parse(String text) {
    Matcher m = VERSION.matcher(text == null ? "" : text);
    if (!m.find()) {
      throw new IllegalArgumentException("not a pcs version: '" + text + "'");
    }
    return new PcsVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  /** pcs 0.10 introduced `pcs host auth`, `cluster setup NAME`, and `colocation add A with B`. */
  public boolean isPcs010OrLater() {
    return compareTo(new PcsVersion(0, 10, 0)) >= 0;
  }

  @Override
  public int compareTo(PcsVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) c = Integer.compare(minor, o.minor);
    if (c == 0) c = Integer.compare(patch, o.patch);
    return c;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
