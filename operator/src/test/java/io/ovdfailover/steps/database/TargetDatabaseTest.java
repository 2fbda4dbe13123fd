package io.ovdfailover.steps.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovdfailover.api.DatabaseSpec;
import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.PrivateNetworkSpec;
import org.junit.jupiter.api.Test;

class TargetDatabaseTest {
  static final DbCredentials OVD = new DbCredentials("ovd", "pw");

  @Test
  void aDatabaseNodeIsReachedByItsPrivateNameAsInTheGuide() {
    DatabaseSpec spec = new DatabaseSpec();
    spec.node = new NodeSpec("dbmy", null, "192.168.100.21");
    TargetDatabase t =
        TargetDatabase.fromSpec(spec, new PrivateNetworkSpec("192.168.100.0/24"), OVD);
    assertThat(t.host()).isEqualTo("dbmy.priv");
    assertThat(t.label()).isEqualTo("dbmy.priv:3306/ovd");
  }

  @Test
  void anExternalServerKeepsItsHostAndPort() {
    DatabaseSpec spec = new DatabaseSpec();
    spec.external = new DatabaseSpec.ExternalDatabaseSpec();
    spec.external.host = "mysql.corp.example";
    spec.external.port = 3307;
    spec.name = "ovd_prod";
    assertThat(
            TargetDatabase.fromSpec(spec, new PrivateNetworkSpec("192.168.100.0/24"), OVD).label())
        .isEqualTo("mysql.corp.example:3307/ovd_prod");
  }

  private static final io.ovdfailover.hosts.MysqlServer MARIADB_10_11 =
      io.ovdfailover.hosts.MysqlServer.of(io.ovdfailover.hosts.MysqlFlavor.MARIADB, "10.11.6");

  @Test
  void layoutsFollowTheDistroProfile() {
    assertThat(
            DatabaseNodeLayout.forDistro(
                    io.ovdfailover.hosts.DistroProfiles.byKey("debian-12").orElseThrow().mysql(),
                    MARIADB_10_11,
                    "0.0.0.0",
                    "%")
                .dropInPath())
        .isEqualTo("/etc/mysql/mariadb.conf.d/99-ovd-failover.cnf");
    assertThat(
            DatabaseNodeLayout.forDistro(
                    io.ovdfailover.hosts.DistroProfiles.byKey("rhel-8").orElseThrow().mysql(),
                    MARIADB_10_11,
                    "0.0.0.0",
                    "%")
                .dropInPath())
        .isEqualTo("/etc/my.cnf.d/99-ovd-failover.cnf");
    SessionManagerLayout rhel = SessionManagerLayout.forDistro("apache", "apache", "mariadb");
    assertThat(rhel.configPath()).isEqualTo("/var/spool/ovd/session-manager/config");
    assertThat(rhel.webUser()).isEqualTo("apache");
  }

  @Test
  void passwordsThatCannotTravelAsOneStdinLineAreRejected() {
    assertThatThrownBy(() -> new DbCredentials("ovd", "a\nb"))
        .hasMessageNotContaining("a\nb")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TargetDatabase("h;rm", 3306, "ovd", OVD))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
