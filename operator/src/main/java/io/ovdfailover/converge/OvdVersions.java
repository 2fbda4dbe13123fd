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

  /** A session manager's version for status: the version, or why there is none. */
  public Optional<String> describe(String node) {
    Optional<String> v = installed.get(node);
    if (v == null) return Optional.empty();
    return Optional.of(v.orElse("not installed (" + packageName + ")"));
  }
}
