package io.ovdfailover.converge;

import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.HostFacts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chapter II: "Both osm1 and osm2 are required to have the exact same version of Inuvika OVD
 * installed." The Session Manager package's version on each session manager, read from the facts
 * probe (dpkg or rpm), compared as the package manager prints it.
 *
 * @param packageName the spec's Session Manager package
 * @param installed session manager to its installed version, empty when the package is not
 *     installed; a session manager that did not answer is absent (nothing is known of it)
 */
public record OvdVersions(String packageName, Map<String, Optional<String>> installed) {
  public OvdVersions {
    installed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(installed));
  }

  /** What the probe must ask for the comparison: the package, on every node. */
  public static FactsRequest probes(OvdFailoverClusterSpec spec) {
    return FactsRequest.ofPackages(List.of(spec.effectiveSessionManagerPackage()));
  }

  public static OvdVersions read(OvdFailoverClusterSpec spec, Map<String, HostFacts> facts) {
    String pkg = spec.effectiveSessionManagerPackage();
    Map<String, Optional<String>> installed = new LinkedHashMap<>();
    for (NodeSpec sm : spec.sessionManagers) {
      HostFacts f = facts.get(sm.name);
      if (f != null) {
        installed.put(sm.name, Optional.ofNullable(f.packages().get(pkg)));
      }
    }
    return new OvdVersions(pkg, installed);
  }

  /**
   * Why the session managers do not qualify, naming each one's version: they differ, or one has the
   * package and the other not. Empty when they agree, when neither has it (the package name may be
   * another: nothing to compare, see {@link #describe}), or when one was not seen.
   */
  public Optional<String> mismatch() {
    // one distinct value: the same version on both, or the package on neither
    if (installed.size() < 2 || installed.values().stream().distinct().count() == 1) {
      return Optional.empty();
    }
    List<String> parts =
        installed.entrySet().stream()
            .map(e -> e.getKey() + " has " + e.getValue().orElse("no " + packageName))
            .toList();
    return Optional.of(
        "the session managers run different OVD versions ("
            + String.join(", ", parts)
            + "); chapter II wants the exact same version on both");
  }

  /**
   * The upstream part of a package version as dpkg or rpm prints it: without the epoch ({@code 1:})
   * and the Debian revision or RPM release (after the last {@code -}): {@code 3.3.1} of {@code
   * 1:3.3.1-2}.
   */
  public static String upstream(String packageVersion) {
    String v = packageVersion.replaceFirst("^[0-9]+:", "");
    int dash = v.lastIndexOf('-');
    return dash > 0 ? v.substring(0, dash) : v;
  }

  /**
   * Orders two upstream versions by their dot-separated parts, numerically where both parts are
   * numbers (3.10 after 3.9), as text otherwise.
   */
  public static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      String p = i < x.length ? x[i] : "0";
      String q = i < y.length ? y[i] : "0";
      int c =
          p.matches("[0-9]{1,9}") && q.matches("[0-9]{1,9}")
              ? Integer.compare(Integer.parseInt(p), Integer.parseInt(q))
              : p.compareTo(q);
      if (c != 0) return c;
    }
    return 0;
  }

  /**
   * The session managers whose installed version is below {@code target} (spec.ovdVersion), when an
   * upgrade can run: each has the package and none is above the target (the operator never
   * downgrades). Empty otherwise.
   */
  public java.util.Set<String> below(String target) {
    if (installed.isEmpty() || installed.values().stream().anyMatch(Optional::isEmpty)) {
      return java.util.Set.of();
    }
    boolean above =
        installed.values().stream().anyMatch(v -> compare(upstream(v.get()), target) > 0);
    if (above) {
      return java.util.Set.of();
    }
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    installed.forEach(
        (node, v) -> {
          if (compare(upstream(v.get()), target) < 0) out.add(node);
        });
    return out;
  }

  public boolean atTarget(String node, String target) {
    Optional<String> v = installed.getOrDefault(node, Optional.empty());
    return v.isPresent() && compare(upstream(v.get()), target) == 0;
  }

  /** A session manager's version for status: the version, or why there is none. */
  public Optional<String> describe(String node) {
    Optional<String> v = installed.get(node);
    if (v == null) return Optional.empty();
    return Optional.of(v.orElse("not installed (" + packageName + ")"));
  }
}
