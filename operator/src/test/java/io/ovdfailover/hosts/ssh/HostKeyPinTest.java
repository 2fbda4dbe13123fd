package io.ovdfailover.hosts.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HostKeyPinTest {
  static String ed25519Pub;
  static String ed25519Fingerprint;
  static String rsaPub;
  static String rsaFingerprint;

  @BeforeAll
  static void keys() throws Exception {
    Path d = Files.createTempDirectory("ovd-pin-");
    OpenSshServer.exec(
        "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "root@osm1", "-f", d + "/e");
    OpenSshServer.exec("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", d + "/r");
    ed25519Pub = Files.readString(d.resolve("e.pub")).strip();
    rsaPub = Files.readString(d.resolve("r.pub")).strip();
    // ssh-keygen's own fingerprints are the reference
    ed25519Fingerprint = OpenSshServer.exec("ssh-keygen", "-lf", d + "/e.pub").split(" ")[1];
    rsaFingerprint = OpenSshServer.exec("ssh-keygen", "-lf", d + "/r.pub").split(" ")[1];
    OpenSshServer.exec("rm", "-r", d.toString());
  }

  @Test
  void bareKeyGivesSshKeygensFingerprintAndItsAlgorithm() {
    HostKeyPin pin = HostKeyPin.parse(ed25519Pub);
    assertThat(pin.fingerprints()).containsExactly(ed25519Fingerprint);
    assertThat(pin.keyAlgorithms()).containsExactly("ssh-ed25519");
  }

  @Test
  void knownHostsLinesWithSeveralKeysAndComments() {
    HostKeyPin pin =
        HostKeyPin.parse(
            "# osm1 as scanned\n\nosm1,10.0.0.1 "
                + ed25519Pub
                + "\r\n"
                + "[osm1]:2222 "
                + rsaPub
                + "\n");
    assertThat(pin.fingerprints()).containsExactlyInAnyOrder(ed25519Fingerprint, rsaFingerprint);
    assertThat(pin.keyAlgorithms())
        .containsExactly("ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");
  }

  @Test
  void fingerprintWithOrWithoutPadding() {
    assertThat(HostKeyPin.parse(ed25519Fingerprint).fingerprints())
        .containsExactly(ed25519Fingerprint);
    assertThat(HostKeyPin.parse(ed25519Fingerprint + "=").fingerprints())
        .containsExactly(ed25519Fingerprint);
    assertThat(HostKeyPin.parse(ed25519Fingerprint).keyAlgorithms()).isEmpty();
  }

  @Test
  void rejectsWhatItCannotVerify() {
    assertThatThrownBy(() -> HostKeyPin.parse("")).hasMessageContaining("no key");
    assertThatThrownBy(() -> HostKeyPin.parse("SHA256:tooShort")).hasMessageContaining("43 base64");
    assertThatThrownBy(() -> HostKeyPin.parse("MD5:12:34")).hasMessageContaining("MD5");
    assertThatThrownBy(() -> HostKeyPin.parse("12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0"))
        .hasMessageContaining("MD5");
    assertThatThrownBy(() -> HostKeyPin.parse("@cert-authority *.lab " + ed25519Pub))
        .hasMessageContaining("markers");
    assertThatThrownBy(() -> HostKeyPin.parse("ssh-rsa " + ed25519Pub.split(" ")[1]))
        .hasMessageContaining("does not hold a ssh-rsa key");
    assertThatThrownBy(() -> HostKeyPin.parse("ssh-ed25519 !!!")).hasMessageContaining("base64");
    assertThatThrownBy(() -> HostKeyPin.parse("osm1 something")).hasMessageContaining("line 1");
  }
}
