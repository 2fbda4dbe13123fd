package io.ovdfailover.hosts.ssh;

import static io.ovdfailover.hosts.ssh.SshTestSupport.fastSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovdfailover.api.SecretKeyRef;
import io.ovdfailover.api.SshAccessSpec;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostException.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Host key pinning against a real sshd that has an ed25519 and an RSA host key. */
class SshHostKeyIT {
  @RegisterExtension static final OpenSshServer SSHD = new OpenSshServer();

  static OpenSshServer.ClientKey key;
  static SshConnectionPool pool;
  static String ed25519Fingerprint;

  @BeforeAll
  static void setUp() throws Exception {
    key = SSHD.newClientKey("ed25519");
    SSHD.authorize("root", key);
    pool = new SshConnectionPool(fastSettings());
    ed25519Fingerprint = SSHD.hostFingerprint("ed25519");
  }

  @AfterAll
  static void tearDown() {
    pool.close();
  }

  private SshConnection shell(String name, String hostKey, boolean tofu) throws HostException {
    SshAccessSpec spec = new SshAccessSpec();
    spec.host = SSHD.host();
    spec.port = SSHD.port();
    spec.user = "root";
    spec.privateKeySecret = new SecretKeyRef("node-key", "ssh-privatekey");
    spec.hostKey = hostKey;
    spec.trustOnFirstUse = tofu;
    return pool.shell("ns/" + name, SshTarget.from(name, spec, key.privateKey()));
  }

  @Test
  void fingerprintPinIsAccepted() throws Exception {
    SshConnection shell = shell("fp", SSHD.hostFingerprint("ed25519"), false);
    assertThat(shell.runChecked(Command.read("probe", "echo ok")).stdout()).isEqualTo("ok\n");
    assertThat(shell.presentedHostKeyFingerprint()).isEqualTo(SSHD.hostFingerprint("ed25519"));
  }

  @Test
  void knownHostsLinesArePinsAndTheirKeyTypeIsRequested() throws Exception {
    // Only the RSA key is pinned: key exchange must ask for RSA although the server prefers
    // ed25519.
    String knownHosts =
        "# scanned\n["
            + SSHD.host()
            + "]:"
            + SSHD.port()
            + " "
            + SSHD.hostPublicKey("rsa")
            + "\n"
            + "|1|c29tZXNhbHQ=|aGFzaGVkaG9zdG5hbWU= "
            + SSHD.hostPublicKey("rsa")
            + "\n";
    SshConnection shell = shell("kh", knownHosts, false);
    shell.connect();
    assertThat(shell.presentedHostKeyFingerprint()).isEqualTo(SSHD.hostFingerprint("rsa"));
  }

  @Test
  void barePublicKeyPinIsAccepted() throws Exception {
    SshConnection shell = shell("bare", SSHD.hostPublicKey("ed25519"), false);
    shell.connect();
    assertThat(shell.presentedHostKeyFingerprint()).isEqualTo(SSHD.hostFingerprint("ed25519"));
  }

  @Test
  void otherKeyIsRefusedAsMismatchNamingBothFingerprints() throws Exception {
    String other =
        OpenSshServer.exec(
                "sh",
                "-c",
                "d=$(mktemp -d) && ssh-keygen -q -t ed25519 -N '' -f $d/k "
                    + "&& cat $d/k.pub && rm -r $d")
            .strip();
    String otherFingerprint = HostKeyPin.parse(other).fingerprints().iterator().next();
    SshConnection shell = shell("mismatch", other, false);
    assertThatThrownBy(() -> shell.run(Command.read("probe", "true")))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.HOST_KEY_MISMATCH);
              assertThat(e.getMessage())
                  .contains("expected " + otherFingerprint)
                  .contains("presented ssh-ed25519 " + ed25519Fingerprint);
            });
    assertThat(shell.presentedHostKeyFingerprint()).isEqualTo(SSHD.hostFingerprint("ed25519"));
    assertThat(shell.isConnected()).isFalse();
  }

  @Test
  void noPinAndNoTrustOnFirstUseIsUnknown() throws Exception {
    SshConnection shell = shell("nopin", null, false);
    assertThatThrownBy(shell::connect)
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.HOST_KEY_UNKNOWN);
              assertThat(e.getMessage()).contains("no host key is pinned", ed25519Fingerprint);
            });
  }

  @Test
  void trustOnFirstUseReturnsTheFingerprintAndPinsItForReconnects() throws Exception {
    SshConnection shell = shell("tofu", null, true);
    assertThat(shell.runChecked(Command.read("probe", "echo ok")).stdout()).isEqualTo("ok\n");
    assertThat(shell.presentedHostKeyFingerprint()).isEqualTo(SSHD.hostFingerprint("ed25519"));
    assertThat(shell.target().hostKeyPin().fingerprints())
        .containsExactly(SSHD.hostFingerprint("ed25519"));
    // The reconciler asks again with the unchanged spec: same connection, learned pin kept.
    assertThat(shell("tofu", null, true)).isSameAs(shell);
  }

  @Test
  void reinstalledNodeWithNewHostKeyIsRefusedOnReconnect() throws Exception {
    // A separate sshd: reinstalling it must not disturb the other tests' server.
    OpenSshServer node = new OpenSshServer();
    node.start();
    try (SshConnectionPool own = new SshConnectionPool(fastSettings())) {
      node.authorize("root", key);
      String oldFingerprint = node.hostFingerprint("ed25519");
      SshConnection pinned =
          own.shell("ns/pinned", SshTestSupport.target(node, "root", key, oldFingerprint));
      SshTarget tofuTarget = SshTestSupport.target(node, "root", key, null);
      SshConnection tofu =
          own.shell(
              "ns/tofu",
              new SshTarget(
                  tofuTarget.node(),
                  tofuTarget.host(),
                  tofuTarget.port(),
                  "root",
                  false,
                  tofuTarget.identity(),
                  null,
                  true));
      pinned.runChecked(Command.read("probe", "true"));
      tofu.runChecked(Command.read("probe", "true"));

      node.reinstall();
      String newFingerprint = node.hostFingerprint("ed25519");
      for (SshConnection shell : java.util.List.of(pinned, tofu)) {
        assertRefusedAsMismatch(shell, oldFingerprint, newFingerprint);
      }
    } finally {
      node.stop();
    }
  }

  @Test
  void aKeyRotatedBehindAnOpenConnectionIsNoticedAtTheNextRecheck() throws Exception {
    OpenSshServer node = new OpenSshServer();
    node.start();
    // rechecked before every command here; the default is every 5 minutes
    try (SshConnectionPool rechecking =
            new SshConnectionPool(fastSettings().withHostKeyRecheck(java.time.Duration.ZERO));
        SshConnectionPool control = new SshConnectionPool(fastSettings())) {
      node.authorize("root", key);
      String oldFingerprint = node.hostFingerprint("ed25519");
      SshTarget pinned = SshTestSupport.target(node, "root", key, oldFingerprint);
      SshConnection shell = rechecking.shell("ns/rechecked", pinned);
      SshConnection unchecked = control.shell("ns/unchecked", pinned);
      shell.runChecked(Command.read("probe", "true"));
      shell.runChecked(Command.read("probe", "true"));
      unchecked.runChecked(Command.read("probe", "true"));
      assertThat(shell.connectionsOpened()).as("a passing re-check keeps the connection").isOne();

      node.rotateHostKeysKeepingConnections();
      String newFingerprint = node.hostFingerprint("ed25519");

      // the open connection alone would never show it: it still talks to the old sshd process
      unchecked.runChecked(Command.read("probe", "true"));
      assertRefusedAsMismatch(shell, oldFingerprint, newFingerprint);
      assertThat(shell.isConnected()).as("the old connection is closed").isFalse();
      assertThatThrownBy(() -> shell.run(Command.read("probe", "true")))
          .as("and not reopened to the new key")
          .isInstanceOfSatisfying(
              HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.HOST_KEY_MISMATCH));
    } finally {
      node.stop();
    }
  }

  /** The next command fails with HostKeyMismatch naming both keys, and the new key is recorded. */
  private static void assertRefusedAsMismatch(
      SshConnection shell, String oldFingerprint, String newFingerprint) {
    assertThatThrownBy(() -> shell.run(Command.read("probe", "true")))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.HOST_KEY_MISMATCH);
              assertThat(e.getMessage())
                  .contains(
                      "expected " + oldFingerprint, "presented ssh-ed25519 " + newFingerprint);
            });
    assertThat(shell.presentedHostKeyFingerprint()).isEqualTo(newFingerprint);
  }

  @Test
  void unreadablePinIsUnsupported() {
    assertThatThrownBy(() -> shell("bad", "not a key at all", false))
        .isInstanceOfSatisfying(
            HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED));
  }
}
