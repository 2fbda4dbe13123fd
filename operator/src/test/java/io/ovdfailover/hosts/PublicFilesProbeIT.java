package io.ovdfailover.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe reads back public files (keys, authorized_keys) for the sync-key exchange, and only
 * those.
 */
class PublicFilesProbeIT {
  @TempDir Path dir;

  @Test
  void publicFilesComeBackVerbatimAndMissingOnesAreAbsent() throws Exception {
    Path key = dir.resolve("sync_rsa.pub");
    Files.writeString(key, "ssh-rsa AAAAB3NzaC1yc2E sync@osm1\n");
    Path auth = dir.resolve("authorized_keys");
    Files.writeString(
        auth, "from=\"198.19.100.12\",no-pty ssh-rsa AAAA sync@osm2\nssh-ed25519 AAAAC3 operator");
    FactsRequest r =
        new FactsRequest(
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            false,
            List.of(key.toString(), auth.toString(), dir.resolve("missing.pub").toString()),
            false,
            List.of(),
            List.of());
    HostFacts f = FactsProber.probeOne(new LocalShell("local"), r);
    assertThat(f.publicFile(key.toString()))
        .hasValueSatisfying(
            c -> assertThat(c.strip()).isEqualTo("ssh-rsa AAAAB3NzaC1yc2E sync@osm1"));
    assertThat(f.publicFile(auth.toString()))
        .hasValueSatisfying(
            c ->
                assertThat(c.lines().toList())
                    .containsExactly(
                        "from=\"198.19.100.12\",no-pty ssh-rsa AAAA sync@osm2",
                        "ssh-ed25519 AAAAC3 operator"));
    assertThat(f.publicFile(dir.resolve("missing.pub").toString())).isEmpty();
  }

  @Test
  void aFileThatMayHoldASecretIsNeverReadBack() {
    assertThatThrownBy(
            () ->
                new FactsRequest(
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    false,
                    List.of("/var/spool/ovd/session-manager/config"),
                    false,
                    List.of(),
                    List.of()))
        .hasMessageContaining("only public files");
    assertThatThrownBy(
            () ->
                new FactsRequest(
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    false,
                    List.of("/root/.ssh/sync_rsa"),
                    false,
                    List.of(),
                    List.of()))
        .hasMessageContaining("only public files");
  }

  @Test
  void onlyTheLogsKnownToHoldNoSecretAreTailed() {
    assertThatThrownBy(() -> FactsRequest.ofTails(List.of("/var/log/auth.log")))
        .hasMessageContaining("only READABLE_LOGS");
    assertThat(FactsRequest.ofTails(List.of("/var/log/lsyncd.log")).tails())
        .containsExactly("/var/log/lsyncd.log");
  }
}
