package io.ovdfailover.hosts.ssh;

import io.ovdfailover.hosts.HostException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The client key a node is reached with, read in memory from a Secret's bytes (OpenSSH {@code
 * openssh-key-v1} such as ed25519, or PEM: {@code BEGIN RSA PRIVATE KEY}, PKCS#8). Nothing is
 * written to disk. {@link #toString()} and all messages name only the key type and a digest, never
 * key material.
 */
public final class SshIdentity {
  private final KeyPair keyPair;
  private final String keyType;
  private final byte[] digest;

  private SshIdentity(KeyPair keyPair, String keyType, byte[] digest) {
    this.keyPair = keyPair;
    this.keyType = keyType;
    this.digest = digest;
  }

  /**
   * Reads an unencrypted private key.
   *
   * @param node node name, for the message
   * @param secretBytes the Secret's value (as decoded from base64 by the client library)
   * @throws HostException {@link HostException.Kind#AUTH_FAILED} when the bytes hold no usable key
   */
  public static SshIdentity fromSecret(String node, byte[] secretBytes) throws HostException {
    String text =
        new String(secretBytes, StandardCharsets.UTF_8).replace("\r\n", "\n").strip() + "\n";
    try {
      Iterable<KeyPair> pairs =
          SecurityUtils.loadKeyPairIdentities(
              null,
              SECRET,
              new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
              FilePasswordProvider.EMPTY);
      Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
      if (it == null || !it.hasNext()) {
        throw new HostException(
            HostException.Kind.AUTH_FAILED,
            node,
            "the private key Secret holds no OpenSSH or PEM private key");
      }
      KeyPair pair = it.next();
      return new SshIdentity(pair, KeyUtils.getKeyType(pair), sha256(secretBytes));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      // The cause is dropped on purpose: parser messages may quote parts of the key.
      String hint =
          text.contains("ENCRYPTED")
                  || text.contains("Proc-Type: 4,ENCRYPTED")
                  || isEncryptedOpenSsh(text)
              ? "it is encrypted with a passphrase; store an unencrypted key (the Secret is the protection)"
              : "expected an unencrypted OpenSSH (ed25519) or PEM (RSA) private key";
      throw new HostException(
          HostException.Kind.AUTH_FAILED,
          node,
          "cannot read the private key from its Secret: " + hint);
    }
  }

  KeyPair keyPair() {
    return keyPair;
  }

  /** ssh-ed25519, ssh-rsa... */
  public String keyType() {
    return keyType;
  }

  /** Same Secret bytes, same identity: a rotated key makes the pool reconnect. */
  boolean sameAs(SshIdentity other) {
    return other != null && Arrays.equals(digest, other.digest);
  }

  @Override
  public String toString() {
    return keyType + " private key";
  }

  private static boolean isEncryptedOpenSsh(String text) {
    // openssh-key-v1 stores the cipher name right after the magic; "none" means unencrypted.
    int begin = text.indexOf("-----BEGIN OPENSSH PRIVATE KEY-----");
    int end = text.indexOf("-----END OPENSSH PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      return false;
    }
    try {
      String b64 = text.substring(begin + 35, end).replaceAll("\\s", "");
      byte[] raw = java.util.Base64.getDecoder().decode(b64);
      String head = new String(raw, 0, Math.min(raw.length, 40), StandardCharsets.US_ASCII);
      return !head.contains("none");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Names the key in the parser's own messages, which are never shown (they may quote the key). */
  private static final NamedResource SECRET = NamedResource.ofName("private key Secret");
}
