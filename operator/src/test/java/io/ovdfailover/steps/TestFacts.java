package io.ovdfailover.steps;

import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.LineQuery;
import io.ovdfailover.hosts.LineState;
import io.ovdfailover.hosts.PathState;
import io.ovdfailover.hosts.UnitState;
import io.ovdfailover.testsupport.HostFactsBuilder;
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

  /**
   * @param distro a fixture name: ubuntu-* and rhel-* are assembled by hand, not recorded from a
   *     host; debian-12 is recorded (facts/README.md)
   */
  static TestFacts of(String distro) {
    return new TestFacts(Fixtures.facts(distro));
  }

  TestFacts path(String path, PathState state) {
    f = HostFactsBuilder.from(f).path(path, state).build();
    return this;
  }

  /** The same host with these installed packages (name to version) instead of its own. */
  TestFacts packages(Map<String, String> installed) {
    f = HostFactsBuilder.from(f).packages(installed).build();
    return this;
  }

  /** A unit's state, as systemd would tell it (so systemd answered). */
  TestFacts unit(String unit, UnitState state) {
    f = HostFactsBuilder.from(f).systemd(true).unit(unit, state).build();
    return this;
  }

  /** The yum/dnf repositories enabled on the host, by id. */
  TestFacts repositories(java.util.Set<String> enabled) {
    f = HostFactsBuilder.from(f).enabledRepositories(java.util.Optional.of(enabled)).build();
    return this;
  }

  TestFacts line(LineQuery q, LineState state) {
    f = HostFactsBuilder.from(f).line(q, state).build();
    return this;
  }

  TestFacts hosts(String hostname, String hostsFile) {
    f = HostFactsBuilder.from(f).hostname(hostname).hostsFile(hostsFile).build();
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
