package io.ovdfailover.hosts.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostException.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Private keys as a Secret holds them, in the formats ssh-keygen writes. */
class SshIdentityTest {
  static byte[] keygen(String... options) throws Exception {
    Path d = Files.createTempDirectory("ovd-identity-");
    try {
      List<String> cmd =
          new ArrayList<>(List.of("ssh-keygen", "-q", "-C", "", "-f", d.resolve("k").toString()));
      cmd.addAll(List.of(options));
      OpenSshServer.exec(cmd.toArray(String[]::new));
      return Files.readAllBytes(d.resolve("k"));
    } finally {
      OpenSshServer.exec("rm", "-r", d.toString());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "ssh-ed25519, -t ed25519, OPENSSH PRIVATE KEY",
    "ssh-rsa,     -t rsa -b 2048 -m PEM, RSA PRIVATE KEY",
    "ssh-rsa,     -t rsa -b 2048 -m PKCS8, PRIVATE KEY",
    "ecdsa-sha2-nistp256, -t ecdsa -b 256, OPENSSH PRIVATE KEY"
  })
  void readsTheFormatsSshKeygenWrites(String type, String options, String header) throws Exception {
    List<String> args = new ArrayList<>(List.of(options.split(" ")));
    args.addAll(List.of("-N", ""));
    byte[] key = keygen(args.toArray(String[]::new));
    assertThat(new String(key, StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN " + header + "-----");
    SshIdentity identity = SshIdentity.fromSecret("osm1", key);
    assertThat(identity.keyType()).isEqualTo(type);
    assertThat(identity.toString()).isEqualTo(type + " private key");
    // Windows line endings from a pasted Secret are tolerated
    byte[] crlf =
        new String(key, StandardCharsets.US_ASCII)
            .replace("\n", "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(SshIdentity.fromSecret("osm1", crlf).sameAs(identity))
        .isFalse(); // other bytes: a rotated Secret
    assertThat(SshIdentity.fromSecret("osm1", crlf).keyType()).isEqualTo(type);
  }

  @Test
  void encryptedKeysAreRefusedWithAHintAndWithoutKeyMaterial() throws Exception {
    byte[] key = keygen("-t", "ed25519", "-N", "a passphrase");
    String body = new String(key, StandardCharsets.US_ASCII).split("\n")[1];
    assertThatThrownBy(() -> SshIdentity.fromSecret("osm1", key))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.AUTH_FAILED);
              assertThat(e.getMessage())
                  .startsWith("osm1: cannot read the private key")
                  .contains("encrypted")
                  .doesNotContain(body.substring(0, 20));
              assertThat(e.getCause()).isNull();
            });
  }

  @Test
  void aPublicKeyOrNothingIsNotAPrivateKey() {
    for (String s :
        List.of(
            "",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDXcV7yr4rz3lGnqG/Z0iwbTAtkXkCJ9Wik1OrBgGU9R x")) {
      assertThatThrownBy(
              () -> SshIdentity.fromSecret("osm1", s.getBytes(StandardCharsets.US_ASCII)))
          .isInstanceOfSatisfying(
              HostException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.AUTH_FAILED);
                assertThat(e.getMessage()).doesNotContain("AAAAC3");
              });
    }
  }
}
