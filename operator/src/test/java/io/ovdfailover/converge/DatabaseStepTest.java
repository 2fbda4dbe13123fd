package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.steps.database.DbCredentials;
import io.ovdfailover.steps.guide.GuideFilesTest;
import io.ovdfailover.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The database checks are skipped only while their inputs are unchanged and the last verification
 * is recent.
 */
class DatabaseStepTest {
  final OvdFailoverClusterSpec spec = GuideFilesTest.guideSpec();
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T06:00:00Z"));
  final List<String> contacted = new ArrayList<>();
  final DatabaseStep.Verified verified = new DatabaseStep.Verified();
  final DatabaseStep step =
      new DatabaseStep(
          node -> unreachable(node),
          new DbCredentials("ovd", "s3cret"),
          verified,
          clock,
          io.ovdfailover.steps.Checkpoints.NONE);
  final Map<String, HostFacts> facts =
      Map.of(
          spec.sessionManagers.get(0).name, facts("osm1"), spec.database.node.name, facts("dbmy"));

  static HostFacts facts(String node) {
    try {
      return Fixtures.facts("debian-12");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  HostShell unreachable(String node) {
    contacted.add(node);
    return new HostShell() {
      @Override
      public String nodeName() {
        return node;
      }

      @Override
      public io.ovdfailover.hosts.CommandResult run(io.ovdfailover.hosts.Command command)
          throws HostException {
        throw new HostException(HostException.Kind.UNREACHABLE, node, "unreachable in this test");
      }
    };
  }

  @Test
  void aRecentVerificationWithUnchangedFactsCostsNoCommand() {
    verified.fingerprint = step.fingerprint(spec, facts);
    verified.at = clock.instant();
    clock.advance(Duration.ofMinutes(9));
    assertThat(step.run(spec, facts, false)).isEmpty();
    assertThat(contacted).isEmpty();
  }

  @Test
  void anOldVerificationOrChangedFactsAreCheckedAgainOnTheHosts() {
    verified.fingerprint = step.fingerprint(spec, facts);
    verified.at = clock.instant();
    clock.advance(Duration.ofMinutes(11));
    assertThat(step.run(spec, facts, false))
        .hasValueSatisfying(o -> assertThat(o.outcome()).isEqualTo(GuideConverger.Outcome.FAILED));
    assertThat(contacted).isNotEmpty();
    assertThat(verified.fingerprint).as("a failed check forgets the verification").isNull();

    contacted.clear();
    verified.fingerprint = "the config hash before someone edited it";
    verified.at = clock.instant();
    step.run(spec, facts, false);
    assertThat(contacted).isNotEmpty();
  }

  @Test
  void otherCredentialsMeanAnotherFingerprintAndTheDigestHidesThem() {
    DatabaseStep other =
        new DatabaseStep(
            this::unreachable,
            new DbCredentials("ovd", "rotated"),
            verified,
            clock,
            io.ovdfailover.steps.Checkpoints.NONE);
    assertThat(other.fingerprint(spec, facts))
        .isNotEqualTo(step.fingerprint(spec, facts))
        .doesNotContain("rotated")
        .doesNotContain("s3cret");
  }

  /**
   * The drop-in that sets bind-address is only read from a directory the server's my.cnf includes:
   * RHEL's /etc/my.cnf includes /etc/my.cnf.d (rhel-7 wrote /etc/99-ovd-failover.cnf, which no
   * server reads), Debian's MariaDB /etc/mysql/mariadb.conf.d, Ubuntu's MySQL
   * /etc/mysql/mysql.conf.d.
   */
  @Test
  void everyRowsDropInIsInADirectoryItsServerReads() {
    java.util.Map<String, String> readBy =
        java.util.Map.of(
            "rhel", "/etc/my.cnf.d/",
            "debian", "/etc/mysql/mariadb.conf.d/",
            "ubuntu", "/etc/mysql/mysql.conf.d/");
    for (io.ovdfailover.hosts.DistroProfile p : io.ovdfailover.hosts.DistroProfiles.ALL) {
      String dropIn =
          DatabaseStep.databaseNodeLayout(
                  spec, p, io.ovdfailover.hosts.MysqlServer.of(p.mysql().flavor(), "10.11"))
              .dropInPath();
      assertThat(dropIn)
          .as(p.key())
          .isEqualTo(readBy.get(p.osId()) + "99-ovd-failover.cnf")
          // the server's own file is in the same directory, read before 99-
          .startsWith(p.mysqlServerConfig().substring(0, p.mysqlServerConfig().lastIndexOf('/')));
    }
  }

  /**
   * The SQL for the OVD user depends on the server's version, read from its package: a server that
   * is not the distribution's package is reported, and nothing runs.
   */
  @Test
  void aDatabaseNodeWithoutTheServerPackageIsBlockedBeforeAnyCommand() {
    Map<String, HostFacts> noServer =
        Map.of(
            spec.sessionManagers.get(0).name,
            facts("osm1"),
            spec.database.node.name,
            io.ovdfailover.testsupport.HostFactsBuilder.from(facts("dbmy"))
                .packages(Map.of())
                .build());
    assertThat(step.run(spec, noServer, false))
        .hasValueSatisfying(
            o -> {
              assertThat(o.outcome()).isEqualTo(GuideConverger.Outcome.BLOCKED);
              assertThat(o.message()).contains("mariadb-server is not installed");
            });
    assertThat(contacted).doesNotContain(spec.database.node.name);
  }
}
