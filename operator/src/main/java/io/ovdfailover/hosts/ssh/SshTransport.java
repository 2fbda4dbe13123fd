package io.ovdfailover.hosts.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one SSH client of a {@link SshConnectionPool}: Apache MINA sshd's, on NIO. Every connection
 * of the pool shares its few I/O threads and its one timer (which also sends the keepalives), so a
 * connection costs its buffers and no thread: with a hundred clusters (500 nodes) sshj's reader and
 * keepalive threads per connection were most of the operator's memory (docs/performance.md).
 *
 * <p>What the client must never do on its own is switched off: it reads no {@code ~/.ssh/config} (a
 * {@code HostName} or {@code ProxyJump} there would dial an address the egress guard never
 * checked), offers no key but the node's own Secret, tries no password, and accepts a host key only
 * through the connection's {@link PinnedHostKeyVerifier}.
 */
final class SshTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SshTransport.class);

  /** The verifier of one dial, handed to the client's key check through the connect context. */
  private static final AttributeRepository.AttributeKey<PinnedHostKeyVerifier> VERIFIER =
      new AttributeRepository.AttributeKey<>();

  /** Marks a dial that only checks the host key. */
  private static final AttributeRepository.AttributeKey<Boolean> KEY_CHECK_ONLY =
      new AttributeRepository.AttributeKey<>();

  /**
   * The key exchanges of a host key re-check. A connection that logs in keeps MINA's order, which
   * starts with the post-quantum hybrids (secrets travel on it); those cost ~100 ms of CPU in Java,
   * and every node's key is checked again every 5 minutes: with a hundred clusters (500 nodes) that
   * was most of the operator's CPU (bench100, 2026-12-07). The server's signature over a fresh
   * classic exchange proves its key as well.
   */
  private static final List<org.apache.sshd.common.kex.BuiltinDHFactories> KEY_CHECK_EXCHANGES =
      List.of(
          org.apache.sshd.common.kex.BuiltinDHFactories.curve25519,
          org.apache.sshd.common.kex.BuiltinDHFactories.curve25519_libssh,
          org.apache.sshd.common.kex.BuiltinDHFactories.ecdhp256,
          org.apache.sshd.common.kex.BuiltinDHFactories.dhgex256);

  /** The node's name, for the transport's own log lines. */
  private static final AttributeRepository.AttributeKey<String> NODE =
      new AttributeRepository.AttributeKey<>();

  /**
   * Key exchanges in flight at once. A key exchange is the costly part of a dial (tens of ms of CPU
   * on each side, more with a post-quantum hybrid); on NIO every handshake in flight shares the
   * same two I/O threads, so 500 dials started together (an operator start with a hundred clusters)
   * all progressed equally slowly, all missed the connect timeout together, and were all retried
   * together: no connection came up (bench100, 2026-12-07). Queued dials wait for a turn before
   * their connect timeout starts.
   */
  static final int MAX_HANDSHAKES = 8;

  /** The read buffer each connection keeps (MINA's default is 32 KiB). */
  static final int READ_BUFFER_BYTES = 8 * 1024;

  private final SshClient client;
  private final java.util.concurrent.Semaphore handshakes =
      new java.util.concurrent.Semaphore(MAX_HANDSHAKES, true);

  SshTransport(SshSettings settings) {
    client = SshClient.setUpDefaultClient();
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    client.setServerKeyVerifier(
        (session, remote, key) -> {
          PinnedHostKeyVerifier verifier = verifierOf(session);
          return verifier != null && verifier.verify(key);
        });
    // Without TCP_NODELAY each small SSH packet of a command waits for the peer's delayed ACK:
    // about 40 ms per command on an open connection instead of about 2 ms.
    CoreModuleProperties.TCP_NODELAY.set(client, settings.tcpNoDelay());
    CoreModuleProperties.SOCKET_KEEPALIVE.set(client, true);
    CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, settings.connectTimeout());
    CoreModuleProperties.AUTH_TIMEOUT.set(client, settings.connectTimeout());
    // An idle connection is the normal state between passes; the keepalives find a dead peer.
    CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
    // keepalive@openssh.com is a global request the server must answer (even with a failure): a
    // connection with keepAliveMaxMissed requests unanswered when the next is due is closed, so a
    // dead peer is given up on within interval x (maxMissed + 1). The requests are timed by the
    // client's one timer thread and written without blocking it.
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, settings.keepAliveInterval());
    CoreModuleProperties.HEARTBEAT_REQUEST.set(client, "keepalive@openssh.com");
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, settings.keepAliveMaxMissed());
    // Commands move a few KiB each; two threads serve hundreds of connections.
    CoreModuleProperties.NIO_WORKERS.set(client, 2);
    // Each connection keeps a read always pending into a buffer of its own, for its lifetime:
    // MINA's default 32 KiB made 16 MiB of a hundred clusters' heap. A probe's answer (a few KiB,
    // a CIB of some 50 KiB now and then) takes a few more reads with 8 KiB.
    CoreModuleProperties.NIO2_READ_BUFFER_SIZE.set(client, READ_BUFFER_BYTES);
    // The largest data packet the hosts may send on a channel. A connection's decoder buffer grows
    // to the largest packet it has received and keeps that size: with MINA's 32 KiB, every
    // connection that once read a CIB held 32 KiB more for its lifetime.
    CoreModuleProperties.MAX_PACKET_SIZE.set(client, (long) READ_BUFFER_BYTES);
    client.addSessionListener(new PinnedAlgorithmsFirst());
    client.start();
  }

  /**
   * Opens a TCP connection to the checked {@code address} (never a name: a second lookup could
   * answer differently) and starts the key exchange, which {@code verifier} decides. Returns once
   * the TCP connection is made; the caller logs in with {@code session.auth()}.
   */
  ClientSession connect(
      SshTarget target, InetAddress address, PinnedHostKeyVerifier verifier, Duration timeout)
      throws IOException {
    return connect(target, address, verifier, timeout, false);
  }

  /**
   * As {@link #connect(SshTarget, InetAddress, PinnedHostKeyVerifier, Duration)}, for a host key
   * re-check: a key exchange that ends before any login, so nothing secret ever travels on it and
   * the cheapest exchange will do (see {@link #KEY_CHECK_EXCHANGES}).
   */
  ClientSession connectForKeyCheck(
      SshTarget target, InetAddress address, PinnedHostKeyVerifier verifier, Duration timeout)
      throws IOException {
    return connect(target, address, verifier, timeout, true);
  }

  private ClientSession connect(
      SshTarget target,
      InetAddress address,
      PinnedHostKeyVerifier verifier,
      Duration timeout,
      boolean keyCheckOnly)
      throws IOException {
    HostConfigEntry entry =
        new HostConfigEntry("", address.getHostAddress(), target.port(), target.user());
    java.util.Map<AttributeRepository.AttributeKey<?>, Object> attributes =
        contextOf(target, verifier);
    if (keyCheckOnly) {
      attributes.put(KEY_CHECK_ONLY, Boolean.TRUE);
    }
    AttributeRepository context = AttributeRepository.ofAttributesMap(attributes);
    ConnectFuture future = client.connect(entry, context, null);
    return future.verify(timeout).getClientSession();
  }

  private static java.util.Map<AttributeRepository.AttributeKey<?>, Object> contextOf(
      SshTarget target, PinnedHostKeyVerifier verifier) {
    java.util.Map<AttributeRepository.AttributeKey<?>, Object> m = new java.util.HashMap<>();
    m.put(VERIFIER, verifier);
    m.put(NODE, target.node());
    return m;
  }

  /**
   * A server with both an ed25519 and an RSA key presents the one the client prefers: with only the
   * RSA key pinned, the key exchange must ask for RSA first or every dial is a mismatch. Runs
   * before the client's first key exchange message.
   */
  private static final class PinnedAlgorithmsFirst implements SessionListener {
    @Override
    public void sessionCreated(Session session) {
      if (!(session instanceof ClientSession client)) {
        return;
      }
      AttributeRepository context = client.getConnectionContext();
      if (context != null && Boolean.TRUE.equals(context.getAttribute(KEY_CHECK_ONLY))) {
        client.setKeyExchangeFactories(
            NamedFactory.setUpTransformedFactories(
                true, KEY_CHECK_EXCHANGES, org.apache.sshd.client.ClientBuilder.DH2KEX));
      }
      PinnedHostKeyVerifier verifier = verifierOf(client);
      if (verifier == null || verifier.pin() == null || verifier.pin().keyAlgorithms().isEmpty()) {
        return;
      }
      List<String> wanted = verifier.pin().keyAlgorithms();
      List<NamedFactory<Signature>> first = new ArrayList<>();
      List<NamedFactory<Signature>> rest = new ArrayList<>();
      for (NamedFactory<Signature> f : client.getSignatureFactories()) {
        (wanted.contains(f.getName()) ? first : rest).add(f);
      }
      first.sort(java.util.Comparator.comparingInt(f -> wanted.indexOf(f.getName())));
      first.addAll(rest);
      client.setSignatureFactories(first);
    }

    @Override
    public void sessionException(Session session, Throwable t) {
      if (session instanceof ClientSession client
          && t.getMessage() != null
          && t.getMessage().contains("heartbeat requests without reply")) {
        // MINA's words: "Got N heartbeat requests without reply"
        LOG.info(
            "{}: no answer to {} keepalive(s): dropping the connection",
            nodeOf(client),
            t.getMessage().replaceAll("\\D+", " ").strip());
      }
    }
  }

  private static PinnedHostKeyVerifier verifierOf(ClientSession session) {
    AttributeRepository context = session.getConnectionContext();
    return context == null ? null : context.getAttribute(VERIFIER);
  }

  private static String nodeOf(ClientSession session) {
    AttributeRepository context = session.getConnectionContext();
    String node = context == null ? null : context.getAttribute(NODE);
    return node == null ? String.valueOf(session.getConnectAddress()) : node;
  }

  /**
   * A turn to handshake: held from the TCP connect until the login is done or failed (or, for a
   * host key re-check, until the key exchange ends). Close it to give the turn back.
   */
  Turn turn() throws InterruptedException {
    handshakes.acquire();
    return new Turn();
  }

  /** One of the {@link #MAX_HANDSHAKES} turns; closing it twice gives it back once. */
  final class Turn implements AutoCloseable {
    private final java.util.concurrent.atomic.AtomicBoolean held =
        new java.util.concurrent.atomic.AtomicBoolean(true);

    @Override
    public void close() {
      if (held.compareAndSet(true, false)) {
        handshakes.release();
      }
    }
  }

  /** Whether a connection can run commands now. */
  static boolean usable(ClientSession s) {
    return s != null && s.isOpen() && s.isAuthenticated();
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (RuntimeException e) {
      LOG.debug("stopping the SSH client: {}", e.toString());
    }
  }
}
