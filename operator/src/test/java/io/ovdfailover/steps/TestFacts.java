package io.ovdfailover.steps;

import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.HostsEntry;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.hosts.UnitState;
import java.util.HashMap;
import java.util.Map;

/**
 * Variations of parsed fixture facts for diff tests (the record is immutable: each change copies
 * it).
 */
final class TestFacts {
  private HostFacts f;

  private TestFacts(HostFacts f) {
    this.f = f;
  }

  static TestFacts of(String distro) {
    return new TestFacts(Fixtures.facts(distro));
  }

  TestFacts path(String path, PathState state) {
    Map<String, PathState> m = new HashMap<>(f.paths());
    m.put(path, state);
    f =
        new HostFacts(
            f.node(),
            f.os(),
            f.uid(),
            f.hostname(),
            f.fqdn(),
            f.hostsFile(),
            f.hosts(),
            f.addresses(),
            f.packages(),
            f.packageTool(),
            f.systemd(),
            f.units(),
            m,
            f.lines(),
            f.pcs(),
            f.pacemaker(),
            f.corosync(),
            f.crmMon(),
            f.cibXml(),
            f.problems(),
            f.publicFiles(),
            f.pacemakerFiles());
    return this;
  }

  /** The same host with these installed packages (name to version) instead of its own. */
  TestFacts packages(Map<String, String> installed) {
    f =
        new HostFacts(
            f.node(),
            f.os(),
            f.uid(),
            f.hostname(),
            f.fqdn(),
            f.hostsFile(),
            f.hosts(),
            f.addresses(),
            installed,
            f.packageTool(),
            f.systemd(),
            f.units(),
            f.paths(),
            f.lines(),
            f.pcs(),
            f.pacemaker(),
            f.corosync(),
            f.crmMon(),
            f.cibXml(),
            f.problems(),
            f.publicFiles(),
            f.pacemakerFiles());
    return this;
  }

  TestFacts unit(String unit, UnitState state) {
    Map<String, UnitState> m = new HashMap<>(f.units());
    m.put(unit, state);
    f =
        new HostFacts(
            f.node(),
            f.os(),
            f.uid(),
            f.hostname(),
            f.fqdn(),
            f.hostsFile(),
            f.hosts(),
            f.addresses(),
            f.packages(),
            f.packageTool(),
            true,
            m,
            f.paths(),
            f.lines(),
            f.pcs(),
            f.pacemaker(),
            f.corosync(),
            f.crmMon(),
            f.cibXml(),
            f.problems(),
            f.publicFiles(),
            f.pacemakerFiles());
    return this;
  }

  TestFacts line(io.ovdfailover.hosts.LineQuery q, io.ovdfailover.hosts.LineState state) {
    Map<io.ovdfailover.hosts.LineQuery, io.ovdfailover.hosts.LineState> m =
        new HashMap<>(f.lines());
    m.put(q, state);
    f =
        new HostFacts(
            f.node(),
            f.os(),
            f.uid(),
            f.hostname(),
            f.fqdn(),
            f.hostsFile(),
            f.hosts(),
            f.addresses(),
            f.packages(),
            f.packageTool(),
            f.systemd(),
            f.units(),
            f.paths(),
            m,
            f.pcs(),
            f.pacemaker(),
            f.corosync(),
            f.crmMon(),
            f.cibXml(),
            f.problems(),
            f.publicFiles(),
            f.pacemakerFiles());
    return this;
  }

  TestFacts hosts(String hostname, String hostsFile) {
    f =
        new HostFacts(
            f.node(),
            f.os(),
            f.uid(),
            hostname,
            f.fqdn(),
            hostsFile,
            HostsEntry.parseAll(hostsFile),
            f.addresses(),
            f.packages(),
            f.packageTool(),
            f.systemd(),
            f.units(),
            f.paths(),
            f.lines(),
            f.pcs(),
            f.pacemaker(),
            f.corosync(),
            f.crmMon(),
            f.cibXml(),
            f.problems(),
            f.publicFiles(),
            f.pacemakerFiles());
    return this;
  }

  HostFacts facts() {
    return f;
  }

  NodeContext context() {
    try {
      return NodeContext.detect(f);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static NodeContext context(String distro) {
    return of(distro).context();
  }
}
