package io.ovdfailover.reconcile;

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
 * Turns ClusterNodes and their key Secrets into SSH shells from the shared pool, and reads the cluster's other
 * Secrets. Secret values stay in memory: they are never logged, and problems name the Secret and key, not the value.
 */
public final class HostAccess implements AutoCloseable {
  private final KubernetesClient client;
  private final SshConnectionPool pool;

  public HostAccess(KubernetesClient client, SshConnectionPool pool) {
    this.client = client;
    this.pool = pool;
  }

  /** Shells of the nodes that could be set up, and why the others could not. */
  public record Shells(Map<String, HostShell> shells, Map<String, String> problems) {}

  /**
   * @param nodes ClusterNodes by topology node name
   */
  public Shells shells(String namespace, Map<String, ClusterNode> nodes) {
    Map<String, HostShell> shells = new LinkedHashMap<>();
    Map<String, String> problems = new LinkedHashMap<>();
    nodes.forEach((name, node) -> {
      SecretKeyRef keyRef = node.getSpec().ssh.privateKeySecret;
      Optional<byte[]> key = secretBytes(namespace, keyRef);
      if (key.isEmpty()) {
        problems.put(name, "Secret " + keyRef.name + " has no key " + keyRef.key + " (the SSH private key)");
        return;
      }
      try {
        SshTarget target = SshTarget.from(name, node.getSpec().ssh, key.get());
        shells.put(name, pool.shell(poolKey(namespace, node), target));
      } catch (HostException e) {
        problems.put(name, e.getMessage());
      }
    });
    return new Shells(shells, problems);
  }

  /** A Secret's value as text (passwords), if the Secret and key exist. */
  public Optional<String> secretText(String namespace, String secretName, String key) {
    return secretBytes(namespace, new SecretKeyRef(secretName, key)).map(b -> new String(b, StandardCharsets.UTF_8).strip());
  }

  private Optional<byte[]> secretBytes(String namespace, SecretKeyRef ref) {
    Secret s = client.secrets().inNamespace(namespace).withName(ref.name).get();
    if (s == null) {
      return Optional.empty();
    }
    if (s.getData() != null && s.getData().get(ref.key) != null) {
      return Optional.of(Base64.getDecoder().decode(s.getData().get(ref.key)));
    }
    if (s.getStringData() != null && s.getStringData().get(ref.key) != null) {
      return Optional.of(s.getStringData().get(ref.key).getBytes(StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }

  /** The fingerprint the node's sshd presented on the open connection, if connected. */
  public Optional<String> presentedFingerprint(String namespace, ClusterNode node) {
    return pool.existing(poolKey(namespace, node)).map(c -> c.presentedHostKeyFingerprint()).filter(f -> f != null);
  }

  /** Closes the connections of a deleted cluster's nodes. */
  public void release(ResourceID cluster, Iterable<ClusterNode> nodes) {
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
