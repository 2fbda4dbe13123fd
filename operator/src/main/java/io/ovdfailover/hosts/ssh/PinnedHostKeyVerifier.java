package io.ovdfailover.hosts.ssh;

import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Accepts only the pinned keys of one node, or, with trust on first use and no pin, the first key
 * presented. Remembers what the server presented so that a refusal can name both fingerprints.
 */
final class PinnedHostKeyVerifier implements HostKeyVerifier {
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

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    presentedFingerprint = HostKeyPin.fingerprint(key);
    presentedType = KeyType.fromKey(key).toString();
    accepted = pin == null ? trustOnFirstUse : pin.accepts(key);
    return accepted;
  }

  @Override
  public List<String> findExistingAlgorithms(String hostname, int port) {
    return pin == null ? List.of() : pin.keyAlgorithms();
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
