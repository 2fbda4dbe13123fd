package io.ovdfailover.hosts.ssh;

import io.ovdfailover.hosts.HostException;

/** Builds targets for the test sshd. */
final class SshTestSupport {
  private SshTestSupport() {}

  static SshTarget target(OpenSshServer sshd, String user, OpenSshServer.ClientKey key, String pin)
      throws HostException {
    return new SshTarget(
        "node1",
        sshd.host(),
        sshd.port(),
        user,
        !"root".equals(user),
        SshIdentity.fromSecret("node1", key.privateKey()),
        pin == null ? null : HostKeyPin.parse(pin),
        false);
  }

  /** Short timeouts so that failures show quickly. */
  static SshSettings fastSettings() {
    return SshSettings.defaults().withConnectTimeout(java.time.Duration.ofSeconds(5));
  }
}
