package io.ovdfailover.hosts.ssh;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One persistent {@link SshConnection} per node, reused across reconciles. The reconciler asks for
 * a node's shell with its current target (address, user, key, host key pin); a changed target
 * (edited spec, rotated key Secret) closes the old connection and opens a new one.
 */
public final class SshConnectionPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SshConnectionPool.class);

  private final SshSettings settings;
  private final CommandCounter counter;
  private final MeterRegistry meters;
  private final ExecutorService io;
  private final SshTransport transport;
  private final Map<String, SshConnection> connections = new ConcurrentHashMap<>();

  /**
   * @param meters registry for {@code ovd_ssh_commands_total{node,mutating}}, or null for none
   */
  public SshConnectionPool(SshSettings settings, CommandCounter counter, MeterRegistry meters) {
    this.settings = settings;
    this.counter = counter;
    this.meters = meters;
    AtomicInteger n = new AtomicInteger();
    // Dials: each waits for its connect, key exchange and login (the transport itself is NIO and
    // needs no thread per connection or command).
    this.io =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "ssh-io-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.transport = new SshTransport(settings);
  }

  public SshConnectionPool(SshSettings settings) {
    this(settings, new CommandCounter(), null);
  }

  /**
   * The shell of a node, opening nothing yet (the connection opens on the first command or {@code
   * connect()}).
   *
   * @param key unique key of the node across clusters, e.g. {@code namespace/clusternode-name};
   *     also the key of the command counts and the {@code node} tag of the metric
   * @param target how to reach it now
   */
  public SshConnection shell(String key, SshTarget target) {
    return connections.compute(
        key,
        (k, existing) -> {
          if (existing != null
              && !existing.isClosed()
              && (existing.target().sameEndpointAndCredentials(target)
                  || trustedOnFirstUse(existing, target))) {
            return existing;
          }
          if (existing != null) {
            LOG.info("{}: access changed ({} -> {}), reconnecting", k, existing.target(), target);
            existing.close();
          }
          return new SshConnection(k, target, settings, counter, meters, io, transport);
        });
  }

  /**
   * The unchanged spec of a node that was trusted on first use: keep the connection and its learned
   * pin.
   */
  private static boolean trustedOnFirstUse(SshConnection existing, SshTarget requested) {
    return requested.hostKeyPin() == null
        && requested.trustOnFirstUse()
        && existing.target().withHostKeyPin(null).sameEndpointAndCredentials(requested);
  }

  public Optional<SshConnection> existing(String key) {
    return Optional.ofNullable(connections.get(key));
  }

  /** Keys of the nodes with a connection, e.g. to close those whose ClusterNode is gone. */
  public java.util.Set<String> keys() {
    return java.util.Set.copyOf(connections.keySet());
  }

  /** Closes the node's connection (node deleted, or no longer part of a cluster). */
  public void close(String key) {
    SshConnection c = connections.remove(key);
    if (c != null) {
      c.close();
    }
  }

  public CommandCounter counter() {
    return counter;
  }

  public SshSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    connections.keySet().forEach(this::close);
    transport.close();
    io.shutdownNow();
  }
}
