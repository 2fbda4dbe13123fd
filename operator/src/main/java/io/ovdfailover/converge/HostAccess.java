package io.ovdfailover.converge;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.SecretKeyRef;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.ssh.SshConnectionPool;
import io.ovdfailover.hosts.ssh.SshTarget;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns ClusterNodes and their key Secrets into SSH shells from the shared pool, and reads the
 * cluster's other Secrets. Secret values stay in memory: they are never logged, and problems name
 * the Secret and key, not the value.
 */
public final class HostAccess implements AutoCloseable {
  private final SecretReader secrets;
  private final SshConnectionPool pool;

  public HostAccess(KubernetesClient client, SshConnectionPool pool) {
    this(client, pool, java.time.Clock.systemUTC());
  }

  public HostAccess(KubernetesClient client, SshConnectionPool pool, java.time.Clock clock) {
    this.secrets = new SecretReader(client, clock);
    this.pool = pool;
  }

  /** Why a node's shell could not be set up (nothing was dialled). */
  public record Problem(HostException.Kind kind, String message) {}

  /** Shells of the nodes that could be set up, and why the others could not. */
  public record Shells(Map<String, HostShell> shells, Map<String, Problem> problems) {}

  /**
   * @param nodes ClusterNodes by topology node name
   */
  public Shells shells(String namespace, Map<String, ClusterNode> nodes) {
    Map<String, HostShell> shells = new LinkedHashMap<>();
    Map<String, Problem> problems = new LinkedHashMap<>();
    nodes.forEach(
        (name, node) -> {
          SecretKeyRef keyRef = node.getSpec().ssh.privateKeySecret;
          Secret secret = secrets.get(namespace, keyRef.name).orElse(null);
          if (secret == null) {
            problems.put(
                name,
                new Problem(
                    HostException.Kind.SECRET_MISSING,
                    "Secret "
                        + keyRef.name
                        + " (the SSH private key of ClusterNode "
                        + node.getMetadata().getName()
                        + ") does not exist"));
            return;
          }
          Optional<byte[]> key = valueOf(secret, keyRef.key);
          if (key.isEmpty()) {
            problems.put(
                name,
                new Problem(
                    HostException.Kind.SECRET_MISSING,
                    "Secret "
                        + keyRef.name
                        + " has no key "
                        + keyRef.key
                        + " (the SSH private key of ClusterNode "
                        + node.getMetadata().getName()
                        + ")"));
            return;
          }
          try {
            SshTarget target = SshTarget.from(name, pinnedOnFirstUse(node), key.get());
            shells.put(name, pool.shell(poolKey(namespace, node), target));
          } catch (HostException e) {
            problems.put(name, new Problem(e.kind(), e.getMessage()));
          }
        });
    return new Shells(shells, problems);
  }

  /** A Secret's value as text (passwords), if the Secret and key exist. */
  public Optional<String> secretText(String namespace, String secretName, String key) {
    return secretBytes(namespace, new SecretKeyRef(secretName, key))
        .map(b -> new String(b, StandardCharsets.UTF_8).strip());
  }

  /**
   * The node's SSH settings, with the key it accepted on first use as its pin once that key is in
   * the ClusterNode's status: from then on, across operator restarts, leader changes and rotations
   * of the private-key Secret, a different key is a HostKeyMismatch naming both fingerprints.
   */
  public static io.ovdfailover.api.SshAccessSpec pinnedOnFirstUse(ClusterNode node) {
    io.ovdfailover.api.SshAccessSpec ssh = node.getSpec().ssh;
    String learned = node.getStatus() == null ? null : node.getStatus().hostKeyFingerprint;
    if (!ssh.trustOnFirstUse
        || (ssh.hostKey != null && !ssh.hostKey.isBlank())
        || learned == null
        || learned.isBlank()) {
      return ssh;
    }
    io.ovdfailover.api.SshAccessSpec pinned = io.ovdfailover.api.SshAccessSpec.copyOf(ssh);
    pinned.hostKey = learned;
    pinned.trustOnFirstUse = false;
    return pinned;
  }

  private Optional<byte[]> secretBytes(String namespace, SecretKeyRef ref) {
    return secrets.get(namespace, ref.name).flatMap(s -> valueOf(s, ref.key));
  }

  private static Optional<byte[]> valueOf(Secret s, String key) {
    if (s.getData() != null && s.getData().get(key) != null) {
      return Optional.of(Base64.getDecoder().decode(s.getData().get(key)));
    }
    if (s.getStringData() != null && s.getStringData().get(key) != null) {
      return Optional.of(s.getStringData().get(key).getBytes(StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }

  /**
   * The fingerprint of the host key of the node's established connection (verified or accepted on
   * first use).
   */
  public Optional<String> presentedFingerprint(String namespace, ClusterNode node) {
    return pool.existing(poolKey(namespace, node))
        .map(c -> c.verifiedHostKeyFingerprint())
        .filter(f -> f != null);
  }

  /** Closes the connections of a deleted cluster's nodes. */
  public void release(ResourceID cluster, Iterable<ClusterNode> nodes) {
    secrets.forget(cluster.getNamespace().orElse(""));
    for (ClusterNode n : nodes) {
      pool.close(poolKey(cluster.getNamespace().orElse(""), n));
    }
  }

  public SshConnectionPool pool() {
    return pool;
  }

  private static String poolKey(String namespace, ClusterNode node) {
    return namespace + "/" + node.getMetadata().getName();
  }

  @Override
  public void close() {
    pool.close();
  }
}
