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

  /** What chapter VI's one CIB push needs of pcs, each with the first pcs that has it. */
  public enum Feature {
    /** {@code pcs cluster cib-push FILE diff-against=FILE}: only the difference is pushed. */
    CIB_PUSH_DIFF_AGAINST(new PcsVersion(0, 9, 156), "cib-push diff-against (pcs 0.9.156)"),
    /** A resource name pattern in a location constraint: the guide's {@code regexp%(...)}. */
    LOCATION_RESOURCE_PATTERN(
        new PcsVersion(0, 9, 157), "location constraints on a regexp% pattern (pcs 0.9.157)");

    private final PcsVersion since;
    private final String words;

    Feature(PcsVersion since, String words) {
      this.since = since;
      this.words = words;
    }

    /** The feature in words, with the pcs release that brought it. */
    public String words() {
      return words;
    }
  }

  public boolean has(Feature feature) {
    return compareTo(feature.since) >= 0;
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
