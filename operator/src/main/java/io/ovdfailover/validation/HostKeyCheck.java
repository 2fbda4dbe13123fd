package io.ovdfailover.validation;

import io.ovdfailover.api.Patterns;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pinned host key of {@code spec.ssh.hostKey}. The CRD's CEL rule checks the shape (known_hosts
 * line, public key or SHA256 fingerprint); this also decodes it: a fingerprint must be a 32-byte
 * SHA-256 digest, and a key's blob must be valid base64 that names the same algorithm as the text
 * before it (a truncated or mixed-up paste is caught before the first connection rather than
 * reported as a changed host key).
 */
final class HostKeyCheck {
  private HostKeyCheck() {}

  private static final Pattern SHAPE = Pattern.compile(Patterns.HOST_KEY);
  private static final Pattern KEY_TYPE = Pattern.compile("^" + Patterns.HOST_KEY_TYPE + "$");

  static final String FORMAT =
      "must be a known_hosts line (host ssh-ed25519 AAAA...), a public key "
          + "(ssh-ed25519 AAAA...) or a fingerprint (SHA256:...)";

  /** What is wrong with the host key text, or empty if it can be used as a pin. */
  static Optional<String> problem(String hostKey) {
    if (!SHAPE.matcher(hostKey).matches()) {
      return Optional.of(FORMAT);
    }
    if (hostKey.startsWith("SHA256:")) {
      String digest = hostKey.substring("SHA256:".length()).replace("=", "");
      byte[] bytes = Base64.getDecoder().decode(digest + "=");
      return bytes.length == 32
          ? Optional.empty()
          : Optional.of(
              "the SHA256 fingerprint does not decode to 32 bytes: copy it whole from ssh-keygen -l");
    }
    String[] tokens = hostKey.split(" ");
    int typeIndex = KEY_TYPE.matcher(tokens[0]).matches() ? 0 : 1;
    String type = tokens[typeIndex];
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(tokens[typeIndex + 1]);
    } catch (IllegalArgumentException e) {
      return Optional.of(
          "the key after "
              + type
              + " is not valid base64: copy it whole from the node's "
              + "/etc/ssh/ssh_host_*_key.pub or from ssh-keyscan");
    }
    String embedded = embeddedType(blob);
    if (!type.equals(embedded)) {
      return Optional.of(
          "the key says "
              + type
              + " but its data holds "
              + (embedded == null ? "no key type" : embedded)
              + ": copy the line whole from the node's /etc/ssh/ssh_host_*_key.pub or from ssh-keyscan");
    }
    return Optional.empty();
  }

  /**
   * The algorithm name an SSH public key blob starts with (a uint32 length and the name), or null.
   */
  private static String embeddedType(byte[] blob) {
    if (blob.length < 4) {
      return null;
    }
    int length = ByteBuffer.wrap(blob, 0, 4).getInt();
    if (length <= 0 || length > 64 || 4 + length > blob.length) {
      return null;
    }
    return new String(blob, 4, length, StandardCharsets.US_ASCII);
  }
}
