package io.ovdfailover.hosts.ssh;

import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * Accepts only the pinned keys of one node, or, with trust on first use and no pin, the first key
 * presented. Remembers what the server presented so that a refusal can name both fingerprints.
 */
final class PinnedHostKeyVerifier {
  private final HostKeyPin pin;
  private final boolean trustOnFirstUse;
  private volatile String presentedFingerprint;
  private volatile String presentedType;
  private volatile boolean accepted;

  /**
   * @param pin the pinned keys, or null
   * @param trustOnFirstUse with no pin, accept the first key; with neither, every key is refused
   *     (and recorded, so that the user is told which fingerprint to verify and pin)
   */
  PinnedHostKeyVerifier(HostKeyPin pin, boolean trustOnFirstUse) {
    this.pin = pin;
    this.trustOnFirstUse = trustOnFirstUse;
  }

  /** The key exchange's question (one dial, one key): accept the key the server presented? */
  boolean verify(PublicKey key) {
    presentedFingerprint = HostKeyPin.fingerprint(key);
    presentedType = KeyUtils.getKeyType(key);
    accepted = pin == null ? trustOnFirstUse : pin.accepts(key);
    return accepted;
  }

  /** Fingerprint of the key the server presented, or null before key exchange. */
  String presentedFingerprint() {
    return presentedFingerprint;
  }

  String presentedType() {
    return presentedType;
  }

  /** Whether the server presented a key and this verifier refused it. */
  boolean refused() {
    return presentedFingerprint != null && !accepted;
  }

  HostKeyPin pin() {
    return pin;
  }

  @Override
  public String toString() {
    return pin != null
        ? "pinned " + pin
        : trustOnFirstUse ? "trust-on-first-use" : "no pin: refuse every key";
  }
}
