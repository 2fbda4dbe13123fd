package io.ovdfailover.converge;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Secrets a cluster names, read with {@code get} and kept for {@link #MAX_AGE}: a pass over
 * five nodes and a glance every few seconds would otherwise cost a GET per node each time.
 *
 * <p>Why not an informer: it needs {@code list} and {@code watch} on Secrets, namespace- or
 * cluster-wide, while the operator is granted {@code get} only (least privilege: docs/security.md).
 * A rotated Secret is therefore seen within {@link #MAX_AGE}; a missing one is asked for again at
 * every pass, so a Secret created after the status said it was missing is used at once.
 */
final class SecretReader {
  /** How long a Secret read is used before it is read again. */
  static final Duration MAX_AGE = Duration.ofSeconds(30);

  private record Read(Secret secret, Instant at) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Read> reads = new ConcurrentHashMap<>();

  SecretReader(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  Optional<Secret> get(String namespace, String name) {
    String key = namespace + "/" + name;
    Instant now = clock.instant();
    Read r = reads.get(key);
    if (r != null && Duration.between(r.at(), now).compareTo(MAX_AGE) < 0) {
      return Optional.of(r.secret());
    }
    Secret s = client.secrets().inNamespace(namespace).withName(name).get();
    if (s == null) {
      reads.remove(key);
      return Optional.empty();
    }
    reads.put(key, new Read(s, now));
    return Optional.of(s);
  }

  /**
   * Forgets every Secret of a namespace's deleted cluster (their values stay in memory no longer).
   */
  void forget(String namespace) {
    reads.keySet().removeIf(k -> k.startsWith(namespace + "/"));
  }
}
