package io.ovdfailover.hosts.ssh;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostException.Kind;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.metrics.OvdMetric;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent SSH connection to one node, and the {@link HostShell} on it. Every command gets
 * its own channel, so several commands run at once on one connection (up to {@link
 * SshSettings#maxChannelsPerConnection()}). The connection is opened on first use and reopened when
 * it was lost (keepalive found the peer dead, the network dropped, sshd restarted).
 *
 * <p>Dials run in the background. A command waits for the whole dial while the node is not known to
 * be down; once it is (its connection was lost, or the last dial did not reach it) a command waits
 * only {@link SshSettings#downNodeWait()} and is then told the node is unreachable while the dial
 * goes on. A powered-off session manager would otherwise hold every pass, and with it the status
 * that shows the failover, for the connect timeout.
 */
public final class SshConnection implements HostShell, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SshConnection.class);

  /**
   * A channel open that fails faster than this found the connection already dead (stale), not
   * dying.
   */
  private static final long STALE_WITHIN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

  private final String key;
  private final SshSettings settings;
  private final CommandCounter counter;
  private final MeterRegistry meters;
  private final ExecutorService io;
  private final KeepAlives keepAlives;
  private final Semaphore channels;
  private final Object connectLock = new Object();
  private final AtomicInteger connectionsOpened = new AtomicInteger();

  /** The stamped facts of this node; forgotten with each new connection (it may be a new host). */
  private final io.ovdfailover.hosts.FactsMemory factsMemory =
      new io.ovdfailover.hosts.FactsMemory();

  private volatile SshTarget target;
  private volatile SSHClient client;

  /** The keepalives of {@link #client}; replaced with it. Written under connectLock. */
  private KeepAlives.Watch keepAlive;

  /**
   * Why the node is known to be down, or null; cleared by a dial that reaches it. Written under
   * connectLock.
   */
  private volatile HostException down;

  /** The dial in flight, or null. Guarded by connectLock. */
  private CompletableFuture<SSHClient> dialing;

  private volatile String presentedHostKeyFingerprint;

  /**
   * The host key of the last connection that was established (verified, or accepted on first use).
   */
  private volatile String verifiedHostKeyFingerprint;

  private volatile boolean closed;

  /** When the host key was last verified by a handshake (System.nanoTime()). */
  private volatile long keyCheckedAt;

  /** Held by the one command that checks the host key again; the others go on meanwhile. */
  private final java.util.concurrent.locks.ReentrantLock recheck =
      new java.util.concurrent.locks.ReentrantLock();

  SshConnection(
      String key,
      SshTarget target,
      SshSettings settings,
      CommandCounter counter,
      MeterRegistry meters,
      ExecutorService io,
      KeepAlives keepAlives) {
    this.key = key;
    this.target = target;
    this.settings = settings;
    this.counter = counter;
    this.meters = meters;
    this.io = io;
    this.keepAlives = keepAlives;
    this.channels = new Semaphore(settings.maxChannelsPerConnection(), true);
  }

  @Override
  public String nodeName() {
    return target.node();
  }

  @Override
  public java.util.Optional<io.ovdfailover.hosts.FactsMemory> factsMemory() {
    return java.util.Optional.of(factsMemory);
  }

  public SshTarget target() {
    return target;
  }

  /**
   * SHA256 fingerprint of the host key the node presented at the last handshake (accepted, or
   * refused as a mismatch or unpinned key), or null before any handshake. After trust on first use
   * this is the key to record in status and to pin from then on.
   */
  public String presentedHostKeyFingerprint() {
    return presentedHostKeyFingerprint;
  }

  /** The key of an established connection only: a refused key is never reported as the node's. */
  public String verifiedHostKeyFingerprint() {
    return verifiedHostKeyFingerprint;
  }

  /** How many times a connection was opened (1 while the first one lives). */
  public int connectionsOpened() {
    return connectionsOpened.get();
  }

  public boolean isConnected() {
    SSHClient c = client;
    return c != null && c.isConnected() && c.isAuthenticated();
  }

  /**
   * Up, or not and then a dial in the background (one at a time) so that the next call can see the
   * node back: the cluster watch asks this of every node every few seconds, which bounds how long a
   * node that came back is still reported lost. Never blocks.
   */
  @Override
  public boolean answersNow() {
    if (isConnected()) {
      return true;
    }
    synchronized (connectLock) {
      if (!closed && dialing == null && !usable(client)) {
        if (client != null) {
          closeQuietly(client);
          client = null;
        }
        CompletableFuture<SSHClient> dial = CompletableFuture.supplyAsync(this::dial, io);
        dialing = dial;
        // the dial's failure is already recorded in `down`; nothing waits for it here
        dial.exceptionally(e -> null);
      }
    }
    return false;
  }

  /** Whether {@link #close()} was called; a closed connection runs nothing more. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Opens the connection now if it is not open: verifies reachability, the host key and the login.
   */
  public void connect() throws HostException {
    connected();
  }

  @Override
  public CommandResult run(Command command) throws HostException {
    SshTarget t = target;
    String line = RemoteCommandLine.of(command.script(), t.sudo(), command.timeout());
    if (RemoteCommandLine.tooLong(line)) {
      throw new HostException(
          Kind.UNSUPPORTED,
          t.node(),
          "'"
              + command.description()
              + "' is longer than the "
              + "128 KiB a command line may have; send large content through stdin");
    }
    acquireChannel(command, t);
    try {
      Session.Command cmd = start(command, line);
      // The timeout is the command's own running time: connecting and waiting for a channel are
      // bounded apart.
      long start = System.nanoTime();
      long deadline = start + command.timeout().toNanos();
      CommandResult result =
          new RemoteExecution(cmd, command, t, io, settings.connectTimeout())
              .await(start, deadline);
      SshFailures.checkSudo(t, result);
      return result;
    } finally {
      channels.release();
    }
  }

  private void acquireChannel(Command command, SshTarget t) throws HostException {
    try {
      if (!channels.tryAcquire(command.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
        throw new HostException(
            Kind.TIMEOUT,
            t.node(),
            "'"
                + command.description()
                + "' waited "
                + SshFailures.seconds(command.timeout())
                + " for one of the "
                + settings.maxChannelsPerConnection()
                + " channels of the connection");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(
          Kind.TIMEOUT, t.node(), "interrupted before '" + command.description() + "'");
    }
  }

  /**
   * Opens a channel and starts the command; a connection found dead at once (stale: the node
   * restarted its sshd or rebooted while idle) is reopened once, nothing ran on it yet. One that
   * died while the channel was being opened (the keepalive gave up on a vanished node) is reported
   * unreachable now: reconnecting would hold the caller for the whole connect timeout, and with it
   * the status that shows the node lost.
   */
  private Session.Command start(Command command, String line) throws HostException {
    for (int attempt = 1; ; attempt++) {
      SSHClient c = connected();
      Session session;
      long opening = System.nanoTime();
      try {
        session = c.startSession();
      } catch (IOException e) {
        // the transport may not have marked itself closed yet when the channel open already woke
        // to the reset a rebooted node answers a stale connection with
        boolean dead = !c.isConnected() || socketFailure(e);
        boolean foundDead = System.nanoTime() - opening < STALE_WITHIN_NANOS;
        if (dead && foundDead && attempt == 1) {
          dropIfCurrent(c, null);
          LOG.info("{}: connection to {} was lost, reconnecting", target.node(), target.address());
          continue;
        }
        HostException lost =
            new HostException(
                Kind.UNREACHABLE,
                target.node(),
                "cannot open a channel to " + target.address() + ": " + e.getMessage(),
                e);
        dropIfCurrent(c, dead ? lost : null);
        throw lost;
      }
      count(command);
      try {
        return session.exec(line);
      } catch (IOException e) {
        closeQuietly(session);
        throw new HostException(
            Kind.UNREACHABLE,
            target.node(),
            "could not start '"
                + command.description()
                + "' on "
                + target.address()
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  /**
   * Whether a failed channel open came from the connection's socket (a reset, an end of stream),
   * not from the server refusing the channel (an {@code OpenFailException}, on a live connection).
   */
  static boolean socketFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof net.schmizz.sshj.connection.channel.OpenFailException) {
        return false;
      }
      if (t instanceof java.net.SocketException
          || t instanceof java.io.EOFException
          || t instanceof net.schmizz.sshj.transport.TransportException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private void count(Command command) {
    counter.record(key, command.mutating());
    if (meters != null) {
      Counter.builder(OvdMetric.SSH_COMMANDS.meterName())
          .description(OvdMetric.SSH_COMMANDS.help())
          .tag(OvdMetric.Label.NODE.key(), key)
          .tag(OvdMetric.Label.MUTATING.key(), Boolean.toString(command.mutating()))
          .register(meters)
          .increment();
    }
    if (command.mutating()) {
      LOG.info("{}: {}", target.node(), command.description());
    } else {
      LOG.debug("{}: {}", target.node(), command.description());
    }
  }

  private SSHClient connected() throws HostException {
    SSHClient c = client;
    if (usable(c)) {
      recheckHostKeyIfDue(c);
      return c;
    }
    CompletableFuture<SSHClient> dial;
    HostException knownDown;
    synchronized (connectLock) {
      if (closed) {
        throw new HostException(
            Kind.UNREACHABLE,
            target.node(),
            "the connection to " + target.address() + " was closed");
      }
      c = client;
      if (usable(c)) {
        return c;
      }
      if (c != null) {
        LOG.info("{}: connection to {} was lost, reconnecting", target.node(), target.address());
        closeQuietly(c);
        client = null;
        if (down == null) {
          down =
              new HostException(
                  Kind.UNREACHABLE,
                  target.node(),
                  "the connection to " + target.address() + " was lost");
        }
      }
      if (dialing == null) {
        dialing = CompletableFuture.supplyAsync(this::dial, io);
      }
      dial = dialing;
      knownDown = down;
    }
    return await(dial, knownDown);
  }

  private static boolean usable(SSHClient c) {
    return c != null && c.isConnected() && c.isAuthenticated();
  }

  /**
   * Runs on the io pool; completes with the new client or with the dial's {@link HostException}.
   */
  private SSHClient dial() {
    SSHClient c;
    try {
      c = open();
    } catch (HostException e) {
      synchronized (connectLock) {
        dialing = null;
        // Only a node that did not answer is down; one that refused the key or login answers at
        // once.
        down = e.kind() == Kind.UNREACHABLE ? e : null;
      }
      throw new CompletionException(e);
    } catch (RuntimeException e) {
      synchronized (connectLock) {
        dialing = null; // the next command dials again instead of meeting this failure for ever
      }
      throw e;
    }
    synchronized (connectLock) {
      dialing = null;
      if (closed) {
        closeQuietly(c);
        throw new CompletionException(
            new HostException(
                Kind.UNREACHABLE,
                target.node(),
                "the connection to " + target.address() + " was closed"));
      }
      client = c;
      down = null;
      stopKeepAlive();
      keepAlive =
          keepAlives.watch(
              target.node(),
              KeepAlives.of(c),
              settings.keepAliveInterval(),
              settings.keepAliveMaxMissed());
      return c;
    }
  }

  private SSHClient await(CompletableFuture<SSHClient> dial, HostException knownDown)
      throws HostException {
    try {
      if (knownDown == null) {
        return dial.get(); // bounded by the dial's own connect and handshake timeouts
      }
      return dial.get(settings.downNodeWait().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new HostException(
          Kind.UNREACHABLE, target.node(), knownDown.detail() + "; reconnecting in the background");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HostException h) {
        throw h;
      }
      throw new HostException(
          Kind.UNREACHABLE,
          target.node(),
          "cannot connect to " + target.address() + ": " + e.getCause(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(
          Kind.TIMEOUT, target.node(), "interrupted while connecting to " + target.address());
    }
  }

  private SSHClient open() throws HostException {
    SshTarget t = target;
    InetAddress address = settings.egressGuard().check(t.node(), t.host(), t.port());
    String where = address.getHostAddress() + ":" + t.port();
    PinnedHostKeyVerifier verifier = new PinnedHostKeyVerifier(t.hostKeyPin(), t.trustOnFirstUse());
    // sshj's own keepalive stays off (its interval is 0 by default): it would be a thread per
    // connection; the pool's KeepAlives sends them once the login is done, see dial()
    SSHClient c = newClient(verifier);
    long begin = System.nanoTime();
    try {
      // Dial the checked address, not the name: a second lookup could answer differently.
      c.connect(address.getHostAddress(), t.port());
      c.authPublickey(t.user(), c.loadKeys(t.identity().keyPair()));
    } catch (IOException e) {
      presentedHostKeyFingerprint =
          verifier.presentedFingerprint() != null
              ? verifier.presentedFingerprint()
              : presentedHostKeyFingerprint;
      closeQuietly(c);
      throw SshFailures.connectFailed(e, t, where, verifier, settings.connectTimeout());
    }
    keyCheckedAt = System.nanoTime();
    presentedHostKeyFingerprint = verifier.presentedFingerprint();
    verifiedHostKeyFingerprint = presentedHostKeyFingerprint;
    if (t.hostKeyPin() == null) {
      // Trust on first use: from now on this key, and only this key, is accepted on reconnects.
      target = t.withHostKeyPin(HostKeyPin.ofFingerprint(presentedHostKeyFingerprint));
      LOG.warn(
          "{}: trusted the host key {} {} of {} on first use; pin it in spec.ssh.hostKey",
          t.node(),
          verifier.presentedType(),
          presentedHostKeyFingerprint,
          where);
    }
    factsMemory.clear();
    int n = connectionsOpened.incrementAndGet();
    LOG.info(
        "{}: connected to {}@{} in {} ms (connection #{}, host key {})",
        t.node(),
        t.user(),
        where,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
        n,
        presentedHostKeyFingerprint);
    return c;
  }

  private SSHClient newClient(PinnedHostKeyVerifier verifier) {
    int timeoutMs = (int) settings.connectTimeout().toMillis();
    SSHClient c = new SSHClient(SshClientConfig.shared());
    if (settings.tcpNoDelay()) {
      c.setSocketFactory(NoDelaySocketFactory.INSTANCE);
    }
    c.setConnectTimeout(timeoutMs);
    // socket reads: bounds waiting for the banner; sshj's reader ignores it afterwards
    c.setTimeout(timeoutMs);
    c.getTransport().setTimeoutMs(timeoutMs);
    c.getConnection().setTimeoutMs(timeoutMs);
    c.addHostKeyVerifier(verifier);
    return c;
  }

  /**
   * The open connection talks to the sshd process that was verified when it was made; whether the
   * host behind the address still presents the pinned key shows only to a new handshake. One runs
   * every {@link SshSettings#hostKeyRecheck()} (key exchange only, no login); the other commands
   * meanwhile go on. A different key closes the connection and fails this command with {@code
   * HostKeyMismatch}, as a reconnect would; a node that does not answer the extra handshake is
   * checked again at the next command.
   */
  private void recheckHostKeyIfDue(SSHClient current) throws HostException {
    if (System.nanoTime() - keyCheckedAt < settings.hostKeyRecheck().toNanos()
        || !recheck.tryLock()) {
      return;
    }
    try {
      if (System.nanoTime() - keyCheckedAt < settings.hostKeyRecheck().toNanos()) {
        return;
      }
      SshTarget t = target;
      InetAddress address = settings.egressGuard().check(t.node(), t.host(), t.port());
      String where = address.getHostAddress() + ":" + t.port();
      PinnedHostKeyVerifier verifier = new PinnedHostKeyVerifier(t.hostKeyPin(), false);
      SSHClient probe = newClient(verifier);
      try {
        probe.connect(address.getHostAddress(), t.port());
        keyCheckedAt = System.nanoTime();
        LOG.debug("{}: host key {} checked again", t.node(), verifier.presentedFingerprint());
      } catch (IOException e) {
        if (!verifier.refused()) {
          LOG.debug("{}: host key re-check did not complete: {}", t.node(), e.toString());
          return;
        }
        presentedHostKeyFingerprint = verifier.presentedFingerprint();
        synchronized (connectLock) {
          if (client == current) {
            closeQuietly(current);
            client = null;
          }
        }
        LOG.warn(
            "{}: {} now presents host key {}, not the pinned one: connection closed",
            t.node(),
            where,
            presentedHostKeyFingerprint);
        throw SshFailures.connectFailed(e, t, where, verifier, settings.connectTimeout());
      } finally {
        closeQuietly(probe);
      }
    } finally {
      recheck.unlock();
    }
  }

  /** Forgets a dead client; {@code lost}, if given, marks the node as known to be down. */
  private void dropIfCurrent(SSHClient c, HostException lost) {
    synchronized (connectLock) {
      if (client == c && !c.isConnected()) {
        closeQuietly(c);
        client = null;
        if (lost != null) {
          down = lost;
        }
      }
    }
  }

  /** Under connectLock: the keepalives of a client that is being replaced or closed. */
  private void stopKeepAlive() {
    if (keepAlive != null) {
      keepAlive.stop();
      keepAlive = null;
    }
  }

  @Override
  public void close() {
    synchronized (connectLock) {
      closed = true;
      stopKeepAlive();
      if (client != null) {
        closeQuietly(client);
        client = null;
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("close failed: {}", e.toString());
    }
  }

  @Override
  public String toString() {
    return "SshConnection[" + target + "]";
  }
}
