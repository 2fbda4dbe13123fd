package io.ovdfailover.hosts.ssh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The host keys a node may present, parsed from {@code spec.ssh.hostKey}. Accepted forms, one or
 * more per value (one per line; blank lines and {@code #} comments are skipped):
 *
 * <ul>
 *   <li>a known_hosts line: {@code osm1,10.0.0.1 ssh-ed25519 AAAA... [comment]} (the host field,
 *       plain or hashed, is not matched: the whole value belongs to this one node);
 *   <li>a public key: {@code ssh-ed25519 AAAA... [comment]}, as in {@code
 *       /etc/ssh/ssh_host_ed25519_key.pub};
 *   <li>an OpenSSH fingerprint: {@code SHA256:} followed by unpadded base64, as printed by {@code
 *       ssh-keygen -lf}.
 * </ul>
 *
 * Every key is compared by its SHA256 fingerprint.
 */
public final class HostKeyPin {
  private final Set<String> fingerprints;
  private final List<String> keyAlgorithms;

  private HostKeyPin(Set<String> fingerprints, List<String> keyAlgorithms) {
    this.fingerprints = Set.copyOf(fingerprints);
    this.keyAlgorithms = List.copyOf(keyAlgorithms);
  }

  /** A pin accepting exactly one fingerprint (used after trust on first use). */
  public static HostKeyPin ofFingerprint(String fingerprint) {
    return parse(fingerprint);
  }

  /**
   * Parses the pin.
   *
   * @throws IllegalArgumentException with a message naming the offending line number (never its
   *     content beyond its key type)
   */
  public static HostKeyPin parse(String text) {
    Set<String> fingerprints = new LinkedHashSet<>();
    List<String> algorithms = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      int n = i + 1;
      if (f[0].startsWith("@")) {
        throw new IllegalArgumentException(
            "hostKey line "
                + n
                + ": known_hosts markers ("
                + f[0]
                + ") are not supported; pin the host's own key");
      }
      if (f[0].regionMatches(true, 0, "SHA256:", 0, 7)) {
        fingerprints.add(normalizeFingerprint(f[0], n));
      } else if (isKeyType(f[0])) {
        addKey(f[0], f.length > 1 ? f[1] : null, n, fingerprints, algorithms);
      } else if (f.length >= 3 && isKeyType(f[1])) {
        addKey(f[1], f[2], n, fingerprints, algorithms);
      } else if (f[0].startsWith("MD5:") || f[0].matches("(?i)([0-9a-f]{2}:){15}[0-9a-f]{2}")) {
        throw new IllegalArgumentException(
            "hostKey line "
                + n
                + ": MD5 fingerprints are not accepted; use the "
                + "SHA256 form printed by `ssh-keygen -lf <key>.pub`");
      } else {
        throw new IllegalArgumentException(
            "hostKey line "
                + n
                + ": expected a known_hosts line, a public key "
                + "(`ssh-ed25519 AAAA...`) or a fingerprint (`SHA256:...`)");
      }
    }
    if (fingerprints.isEmpty()) {
      throw new IllegalArgumentException("hostKey holds no key");
    }
    return new HostKeyPin(fingerprints, algorithms);
  }

  /** Whether {@code key} is one of the pinned keys. */
  public boolean accepts(PublicKey key) {
    return fingerprints.contains(fingerprint(key));
  }

  /** The pinned fingerprints, for messages. */
  public Set<String> fingerprints() {
    return fingerprints;
  }

  /**
   * Host key algorithms of the pinned keys, so that key exchange asks the server for a key we can
   * verify (a server with both an ed25519 and an RSA key otherwise presents ed25519 even when only
   * RSA is pinned). Empty when only fingerprints are pinned: their key type is unknown.
   */
  public List<String> keyAlgorithms() {
    return keyAlgorithms;
  }

  /**
   * The OpenSSH SHA256 fingerprint of a key: {@code SHA256:} and unpadded base64 of the SHA-256 of
   * its blob.
   */
  public static String fingerprint(PublicKey key) {
    ByteArrayBuffer blob = new ByteArrayBuffer();
    blob.putRawPublicKey(key);
    return fingerprintOfBlob(blob.getCompactData());
  }

  static String fingerprintOfBlob(byte[] blob) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static void addKey(
      String type, String base64, int n, Set<String> fingerprints, List<String> algorithms) {
    if (base64 == null) {
      throw new IllegalArgumentException(
          "hostKey line " + n + ": " + type + " key without its base64 data");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "hostKey line " + n + ": the " + type + " key is not valid base64");
    }
    if (!type.equals(blobType(blob))) {
      throw new IllegalArgumentException(
          "hostKey line " + n + ": the key data does not hold a " + type + " key");
    }
    fingerprints.add(fingerprintOfBlob(blob));
    for (String algorithm : algorithmsFor(type)) {
      if (!algorithms.contains(algorithm)) {
        algorithms.add(algorithm);
      }
    }
  }

  /**
   * An ssh-rsa key signs with rsa-sha2-512/256 on current servers; the key type alone would not
   * match them.
   */
  private static List<String> algorithmsFor(String type) {
    return type.equals("ssh-rsa")
        ? List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa")
        : List.of(type);
  }

  private static String blobType(byte[] blob) {
    if (blob.length < 4) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(blob);
    int len = b.getInt();
    if (len <= 0 || len > b.remaining()) {
      return null;
    }
    return new String(blob, 4, len, StandardCharsets.US_ASCII);
  }

  private static boolean isKeyType(String s) {
    return s.startsWith("ssh-") || s.startsWith("ecdsa-sha2-") || s.startsWith("sk-");
  }

  private static String normalizeFingerprint(String f, int n) {
    String b64 = f.substring(7);
    while (b64.endsWith("=")) {
      b64 = b64.substring(0, b64.length() - 1);
    }
    byte[] digest;
    try {
      digest = Base64.getDecoder().decode(b64 + "=".repeat((4 - b64.length() % 4) % 4));
    } catch (IllegalArgumentException e) {
      digest = new byte[0];
    }
    if (digest.length != 32) {
      throw new IllegalArgumentException(
          "hostKey line " + n + ": a SHA256 fingerprint is 43 base64 characters");
    }
    return "SHA256:" + b64;
  }

  @Override
  public String toString() {
    return String.join(" or ", fingerprints);
  }
}
