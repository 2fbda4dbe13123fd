package io.ovdfailover.steps.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.DistroProfile;
import io.ovdfailover.hosts.DistroProfiles;
import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.MysqlFeature;
import io.ovdfailover.hosts.MysqlFlavor;
import io.ovdfailover.hosts.MysqlServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL sent to the database node follows the installed server's version, read from its package
 * in the facts. The rhel-7, rhel-8 and ubuntu-22.04 fixtures are assembled by hand, not recorded
 * from a host (facts/README.md): their package versions are what those releases ship.
 */
class TargetPreparationTest {
  private static final String PASSWORD = "s3cr3t'Pa55";
  private static final String GRANT_HOST = "192.168.100.0/255.255.255.0";
  private static final String BIND = "192.168.100.21";
  private static final TargetDatabase TARGET =
      new TargetDatabase("dbmy.priv", 3306, "ovd", new DbCredentials("ovd", PASSWORD));

  @TempDir Path tmp;

  /** The server a profile's fixture shows installed. */
  private static MysqlServer installed(String fixture) {
    DistroProfile p = DistroProfiles.byKey(fixture).orElseThrow();
    return p.mysql().server(Fixtures.facts(fixture)).orElseThrow();
  }

  private static DatabaseNodeLayout layout(String profile, MysqlServer server) {
    return DatabaseNodeLayout.forDistro(
        DistroProfiles.byKey(profile).orElseThrow().mysql(), server, BIND, GRANT_HOST);
  }

  /**
   * A database node whose drop-in and running server already listen on the private address, with
   * neither the database nor the user: what its read-only probe prints. Records every command.
   */
  private static final class NewDatabaseNode implements HostShell {
    final List<Command> commands = new ArrayList<>();
    final DatabaseNodeLayout layout;

    NewDatabaseNode(DatabaseNodeLayout layout) {
      this.layout = layout;
    }

    @Override
    public String nodeName() {
      return "dbmy";
    }

    @Override
    public CommandResult run(Command c) {
      commands.add(c);
      String probe =
          "dropin="
              + Base64.getEncoder()
                  .encodeToString(layout.dropInContent().getBytes(StandardCharsets.UTF_8))
              + "\neffective="
              + BIND
              + "\nrunning="
              + BIND
              + "\ndatabase=0\nuser=0\n";
      return new CommandResult(0, c.mutating() ? "" : probe, "", Duration.ZERO);
    }

    List<Command> changes() {
      return commands.stream().filter(Command::mutating).toList();
    }

    String stdin(Command c) {
      return new String(c.stdin(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void rhel7sMariaDb55GetsGrantIdentifiedByAndSetPassword() throws Exception {
    MysqlServer server = installed("rhel-7");
    assertIs(server, MysqlFlavor.MARIADB, 5, 5, 68);
    NewDatabaseNode node = new NewDatabaseNode(layout("rhel-7", server));
    TargetPreparation prep = new TargetPreparation(node, node.layout, TARGET, new CommandLog());

    prep.ensure(true);
    prep.resetPassword();

    assertThat(node.changes()).hasSize(2);
    String create = node.stdin(node.changes().get(0));
    assertThat(create)
        .contains("CREATE DATABASE IF NOT EXISTS `ovd`;")
        .contains(
            "GRANT ALL PRIVILEGES ON `ovd`.* TO 'ovd'@'192.168.100.0/255.255.255.0'"
                + " IDENTIFIED BY 's3cr3t\\'Pa55';")
        .doesNotContain("CREATE USER");
    assertThat(node.stdin(node.changes().get(1)))
        .contains(
            "SET PASSWORD FOR 'ovd'@'192.168.100.0/255.255.255.0' = PASSWORD('s3cr3t\\'Pa55');")
        .doesNotContain("ALTER USER");
    // 5.5 has no @@bind_address: the probe reads the listening socket instead of failing on it
    Command probe = node.commands.get(0);
    assertThat(probe.mutating()).isFalse();
    assertThat(probe.script()).doesNotContain("@@bind_address").contains("ss -ltn");
    assertSecretOnlyOnStdin(node);
  }

  @Test
  void currentServersGetCreateUserIfNotExistsAndAlterUser() throws Exception {
    for (String fixture :
        List.of("rhel-8", "rhel-9", "debian-12", "ubuntu-16.04", "ubuntu-22.04")) {
      MysqlServer server = installed(fixture);
      NewDatabaseNode node = new NewDatabaseNode(layout(fixture, server));
      TargetPreparation prep = new TargetPreparation(node, node.layout, TARGET, new CommandLog());

      prep.ensure(true);
      prep.resetPassword();

      assertThat(node.stdin(node.changes().get(0)))
          .as(fixture + " " + server)
          .contains(
              "CREATE USER IF NOT EXISTS 'ovd'@'192.168.100.0/255.255.255.0'"
                  + " IDENTIFIED BY 's3cr3t\\'Pa55';")
          .contains("GRANT ALL PRIVILEGES ON `ovd`.* TO 'ovd'@'192.168.100.0/255.255.255.0';");
      assertThat(node.stdin(node.changes().get(1)))
          .as(fixture)
          .contains("ALTER USER 'ovd'@'192.168.100.0/255.255.255.0' IDENTIFIED BY")
          .doesNotContain("PASSWORD(");
      assertThat(node.commands.get(0).script()).as(fixture).contains("@@bind_address");
      assertSecretOnlyOnStdin(node);
    }
  }

  @Test
  void featuresFollowTheVersionOfEachFlavor() {
    MysqlServer mariadb101 = MysqlServer.of(MysqlFlavor.MARIADB, "10.1.48");
    assertThat(mariadb101.has(MysqlFeature.CREATE_USER_IF_NOT_EXISTS)).isTrue();
    assertThat(mariadb101.has(MysqlFeature.ALTER_USER)).isFalse();
    assertThat(MysqlServer.of(MysqlFlavor.MARIADB, "10.2.44").has(MysqlFeature.ALTER_USER))
        .isTrue();
    assertThat(
            MysqlServer.of(MysqlFlavor.MARIADB, "10.2.44").has(MysqlFeature.BIND_ADDRESS_VARIABLE))
        .isFalse();
    assertThat(installed("rhel-8").has(MysqlFeature.BIND_ADDRESS_VARIABLE)).isTrue();
    // MySQL numbers its releases differently: 5.7.33 (Ubuntu 16.04) has all three
    MysqlServer mysql57 = installed("ubuntu-16.04");
    assertIs(mysql57, MysqlFlavor.MYSQL, 5, 7, 33);
    assertThat(MysqlFeature.values()).allMatch(mysql57::has);
    // dpkg's epoch is not part of the version
    assertIs(installed("debian-12"), MysqlFlavor.MARIADB, 10, 11, 19);
  }

  /** RHEL 7's ss (iproute 4.11) prints all IPv4 addresses as '*', newer ones as 0.0.0.0. */
  @Test
  void theListeningAddressOfAServerWithoutBindAddressVariableComesFromSs() throws Exception {
    assertThat(running("LISTEN     0      50     192.168.100.21:3306        *:*")).isEqualTo(BIND);
    assertThat(running("LISTEN     0      50          *:3306                  *:*"))
        .isEqualTo("0.0.0.0");
    assertThat(running("LISTEN 0 80 0.0.0.0:3306 0.0.0.0:*")).isEqualTo("0.0.0.0");
    assertThat(running("LISTEN 0 80 [::]:3306 [::]:*")).isEqualTo("::");
    assertThat(running("LISTEN 0 80 127.0.0.1:33060 0.0.0.0:*")).isEmpty();
  }

  private String running(String listening) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin-" + Math.abs(listening.hashCode())));
    Path ss = bin.resolve("ss");
    Files.writeString(
        ss,
        "#!/bin/sh\ncat <<'EOF'\nState      Recv-Q Send-Q Local Address:Port  Peer Address:Port\n"
            + "LISTEN     0      128          *:22                    *:*\n"
            + listening
            + "\nEOF\n");
    Files.setPosixFilePermissions(ss, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder p =
        new ProcessBuilder("sh", "-c", TargetPreparation.listeningAddress(3306))
            .redirectErrorStream(true);
    p.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process started = p.start();
    String out = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(started.waitFor()).as(out).isZero();
    assertThat(out).startsWith("running=");
    return out.strip().substring("running=".length());
  }

  /** The flavor and the version's numbers (the package's text, e.g. 5.5.68-1.el7, is kept). */
  private static void assertIs(MysqlServer server, MysqlFlavor flavor, Integer... version) {
    assertThat(server.flavor()).isEqualTo(flavor);
    assertThat(server.version().numbers()).containsExactly(version);
  }

  private static void assertSecretOnlyOnStdin(NewDatabaseNode node) {
    assertThat(node.commands)
        .allSatisfy(
            c -> {
              assertThat(c.script()).doesNotContain("s3cr3t");
              assertThat(c.description()).doesNotContain("s3cr3t");
            });
  }
}
