package io.ovdfailover.hosts.ssh;

import io.ovdfailover.api.SshAccessSpec;
import io.ovdfailover.hosts.HostException;
import java.util.Objects;

/**
 * Everything needed to reach one node: where, as whom, with which key, and which host key to
 * expect.
 *
 * @param node topology name (osm1, pcs3...), used in messages
 * @param host host name or address
 * @param port SSH port
 * @param user login user
 * @param sudo run commands through {@code sudo -n} (a non-root login)
 * @param identity the client key
 * @param hostKeyPin pinned host keys, or null
 * @param trustOnFirstUse accept the first key presented when there is no pin
 */
public record SshTarget(
    String node,
    String host,
    int port,
    String user,
    boolean sudo,
    SshIdentity identity,
    HostKeyPin hostKeyPin,
    boolean trustOnFirstUse) {
  public SshTarget {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(identity, "identity");
  }

  /**
   * Builds the target from a ClusterNode's spec and the bytes of its private key Secret.
   *
   * @throws HostException AUTH_FAILED for an unreadable key, UNSUPPORTED for an unreadable hostKey
   */
  public static SshTarget from(String node, SshAccessSpec spec, byte[] privateKey)
      throws HostException {
    HostKeyPin pin = null;
    if (spec.hostKey != null && !spec.hostKey.isBlank()) {
      try {
        pin = HostKeyPin.parse(spec.hostKey);
      } catch (IllegalArgumentException e) {
        throw new HostException(HostException.Kind.UNSUPPORTED, node, e.getMessage());
      }
    }
    return new SshTarget(
        node,
        spec.host,
        spec.port,
        spec.user == null ? "root" : spec.user,
        spec.sudo,
        SshIdentity.fromSecret(node, privateKey),
        pin,
        spec.trustOnFirstUse);
  }

  public SshTarget withHostKeyPin(HostKeyPin pin) {
    return new SshTarget(node, host, port, user, sudo, identity, pin, trustOnFirstUse);
  }

  public SshTarget withSudo(boolean useSudo) {
    return new SshTarget(node, host, port, user, useSudo, identity, hostKeyPin, trustOnFirstUse);
  }

  /** Whether a connection built for {@code other} can serve this target unchanged. */
  boolean sameEndpointAndCredentials(SshTarget other) {
    return other != null
        && node.equals(other.node)
        && host.equals(other.host)
        && port == other.port
        && user.equals(other.user)
        && sudo == other.sudo
        && identity.sameAs(other.identity)
        && Objects.equals(pinText(hostKeyPin), pinText(other.hostKeyPin))
        && trustOnFirstUse == other.trustOnFirstUse;
  }

  private static Object pinText(HostKeyPin pin) {
    return pin == null ? null : pin.fingerprints();
  }

  /** "root@10.0.0.1:22", for messages. */
  public String address() {
    return user + "@" + host + ":" + port;
  }

  @Override
  public String toString() {
    return node + "(" + address() + (sudo ? ", sudo" : "") + ")";
  }
}
