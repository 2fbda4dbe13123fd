package io.ovdfailover.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.pacemaker.PacemakerNodeState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facts probe's Pacemaker sections on a real shell: corosync.conf and pcsd's authentication
 * files are bind-mounted over the real paths in a private mount namespace, so the probe script runs
 * unchanged.
 */
class PacemakerStateProbeIT {
  static final String TOKEN_A = "0f5c9e1d-5e0b-4a57-8c3e-token-of-osm1";
  static final String TOKEN_B = "9a8b7c6d-1111-4222-8333-token-of-pcs3";

  @TempDir Path tmp;

  @BeforeEach
  void needsUnshare() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        new LocalShell("local").run(Command.read("unshare?", "unshare -m true")).ok(),
        "unshare -m is not permitted here");
  }

  /** A shell where /var/lib/pcsd is {@code pcsd} and corosync.conf is {@code conf}. */
  private LocalShell nodeWith(Path pcsd, Path conf) throws Exception {
    Path wrapper = tmp.resolve("node-sh");
    Files.writeString(
        wrapper,
        "#!/bin/sh\n"
            + "exec unshare -m sh -c 'set -e; mkdir -p /var/lib/pcsd /etc/corosync; "
            + "mount --bind "
            + pcsd
            + " /var/lib/pcsd; mount --bind "
            + conf
            + " /etc/corosync/corosync.conf; "
            + "exec sh -c \"$1\"' node-sh \"$2\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
    return new LocalShell("pcs3", wrapper.toString(), Map.of());
  }

  private Path corosyncConf() throws Exception {
    return Files.writeString(
        tmp.resolve("corosync.conf"),
        """
        totem {
          version: 2
          cluster_name: ovd-sm
        }
        nodelist {
          node {
            ring0_addr: osm1.priv
            name: osm1.priv
            nodeid: 1
          }
          node {
            ring0_addr: pcs3.priv
            name: pcs3.priv
            nodeid: 3
          }
        }
        """);
  }

  @Test
  void knownHostsOfPcs010AreReadAsNamesWithoutTokens() throws Exception {
    Path pcsd = Files.createDirectories(tmp.resolve("pcsd"));
    Files.writeString(
        pcsd.resolve("known-hosts"),
        """
        {"format_version": 1, "data_version": 3, "known_hosts": {
          "osm1.priv": {"dest_list": [{"addr": "osm1.priv", "port": 2224}], "token": "%s"},
          "pcs3.priv": {"dest_list": [{"addr": "pcs3.priv", "port": 2224}], "token": "%s"}}}
        """
            .formatted(TOKEN_A, TOKEN_B));
    LocalShell node = nodeWith(pcsd, corosyncConf());

    String output =
        node.runChecked(FactsProbe.command(Fixtures.guideRequest().withPacemakerState(true)))
            .stdout();
    HostFacts f = FactsParser.parse("pcs3", output);

    assertThat(output).doesNotContain(TOKEN_A).doesNotContain(TOKEN_B);
    PacemakerNodeFiles files = f.pacemakerFiles().orElseThrow();
    assertThat(files.knownHosts()).containsExactly("osm1.priv", "pcs3.priv");
    assertThat(files.corosyncConf())
        .hasValueSatisfying(c -> assertThat(c).contains("cluster_name: ovd-sm"));
    PacemakerNodeState state = PacemakerNodeState.of(f);
    assertThat(state.corosync().clusterName()).isEqualTo("ovd-sm");
    assertThat(state.corosync().nodeNames()).containsExactly("osm1.priv", "pcs3.priv");
    assertThat(state.knownHosts()).containsExactly("osm1.priv", "pcs3.priv");
  }

  @Test
  void tokensFileOfPcs09IsReadAsNamesWithoutTokens() throws Exception {
    Path pcsd = Files.createDirectories(tmp.resolve("pcsd09"));
    Files.writeString(
        pcsd.resolve("tokens"),
        """
        {"format_version": 2, "data_version": 2, "tokens": {"osm1.priv": "%s", "pcs3.priv": "%s"}}
        """
            .formatted(TOKEN_A, TOKEN_B));

    String output =
        nodeWith(pcsd, corosyncConf())
            .runChecked(FactsProbe.command(Fixtures.guideRequest().withPacemakerState(true)))
            .stdout();

    assertThat(output).doesNotContain(TOKEN_A).doesNotContain(TOKEN_B);
    assertThat(FactsParser.parse("pcs3", output).pacemakerFiles().orElseThrow().knownHosts())
        .containsExactly("osm1.priv", "pcs3.priv");
  }

  @Test
  void nodeNeverAuthenticatedHasNoKnownHostsAndNoMark() throws Exception {
    Path pcsd = Files.createDirectories(tmp.resolve("empty-pcsd"));

    HostFacts f =
        FactsParser.parse(
            "pcs3",
            nodeWith(pcsd, corosyncConf())
                .runChecked(FactsProbe.command(Fixtures.guideRequest().withPacemakerState(true)))
                .stdout());

    PacemakerNodeFiles files = f.pacemakerFiles().orElseThrow();
    assertThat(files.knownHosts()).isEmpty();
    assertThat(files.haclusterMark()).isEmpty();
    assertThat(f.problems()).noneMatch(p -> p.contains("known hosts"));
  }

  @Test
  void sectionsAreOnlyInTheProbeWhenAskedFor() {
    assertThat(FactsProbe.script(Fixtures.guideRequest(), "0123abcd")).contains("\nPACEMAKER=''\n");
    assertThat(FactsProbe.script(Fixtures.guideRequest().withPacemakerState(true), "0123abcd"))
        .contains("\nPACEMAKER=1\n");
    assertThat(FactsParser.parse("osm1", Fixtures.text("debian-12.txt")).pacemakerFiles())
        .isEmpty();
  }
}
