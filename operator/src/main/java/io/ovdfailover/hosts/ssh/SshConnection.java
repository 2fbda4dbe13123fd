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
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.kex.KexState;
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
  private final SshTransport transport;
  private final Semaphore channels;
  private final Object connectLock = new Object();
  private final AtomicInteger connectionsOpened = new AtomicInteger();

  /** The stamped facts of this node; forgotten with each new connection (it may be a new host). */
  private final io.ovdfailover.hosts.FactsMemory factsMemory =
      new io.ovdfailover.hosts.FactsMemory();

  private volatile SshTarget target;
  private volatile ClientSession client;

  /**
   * Why the node is known to be down, or null; cleared by a dial that reaches it. Written under
   * connectLock.
   */
  private volatile HostException down;

  /** The dial in flight, or null. Guarded by connectLock. */
  private CompletableFuture<ClientSession> dialing;

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
      SshTransport transport) {
    this.key = key;
    this.target = target;
    this.settings = settings;
    this.counter = counter;
    this.meters = meters;
    this.io = io;
    this.transport = transport;
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
    return SshTransport.usable(client);
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
          client.close(true);
          client = null;
        }
        CompletableFuture<ClientSession> dial = CompletableFuture.supplyAsync(this::dial, io);
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
      RemoteExecution execution = start(command, line);
      // The timeout is the command's own running time: connecting and waiting for a channel are
      // bounded apart.
      long start = System.nanoTime();
      long deadline = start + command.timeout().toNanos();
      CommandResult result = execution.await(start, deadline);
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
  private RemoteExecution start(Command command, String line) throws HostException {
    for (int attempt = 1; ; attempt++) {
      ClientSession c = connected();
      long opening = System.nanoTime();
      ChannelExec channel = null;
      RemoteExecution execution;
      try {
        channel = c.createExecChannel(line);
        execution = new RemoteExecution(channel, command, target);
        // the exec request goes with the open: once it is confirmed the command runs
        channel.open().verify(settings.connectTimeout());
      } catch (IOException | IllegalStateException e) {
        if (channel != null) {
          channel.close(true);
        }
        // the session may not have marked itself closed yet when the channel open already woke
        // to the reset a rebooted node answers a stale connection with
        boolean dead = !c.isOpen() || socketFailure(e);
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
      return execution;
    }
  }

  /**
   * Whether a failed channel open came from the connection's socket (a reset, an end of stream),
   * not from the server refusing the channel (an {@code SshChannelOpenException}, on a live
   * connection).
   */
  static boolean socketFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SshChannelOpenException) {
        return false;
      }
      if (t instanceof java.net.SocketException
          || t instanceof java.io.EOFException
          || t instanceof java.nio.channels.ClosedChannelException) {
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

  private ClientSession connected() throws HostException {
    ClientSession c = client;
    if (usable(c)) {
      recheckHostKeyIfDue(c);
      return c;
    }
    CompletableFuture<ClientSession> dial;
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
        c.close(true);
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

  private static boolean usable(ClientSession c) {
    return SshTransport.usable(c);
  }

  /**
   * Runs on the io pool; completes with the new client or with the dial's {@link HostException}.
   */
  private ClientSession dial() {
    ClientSession c;
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
        c.close(true);
        throw new CompletionException(
            new HostException(
                Kind.UNREACHABLE,
                target.node(),
                "the connection to " + target.address() + " was closed"));
      }
      client = c;
      down = null;
      return c;
    }
  }

  private ClientSession await(CompletableFuture<ClientSession> dial, HostException knownDown)
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

  private ClientSession open() throws HostException {
    SshTarget t = target;
    InetAddress address = settings.egressGuard().check(t.node(), t.host(), t.port());
    String where = address.getHostAddress() + ":" + t.port();
    PinnedHostKeyVerifier verifier = new PinnedHostKeyVerifier(t.hostKeyPin(), t.trustOnFirstUse());
    long begin = System.nanoTime();
    ClientSession c = null;
    try (SshTransport.Turn turn = turn(t)) {
      c = transport.connect(t, address, verifier, settings.connectTimeout());
      c.addPublicKeyIdentity(t.identity().keyPair());
      c.auth().verify(settings.connectTimeout());
    } catch (IOException e) {
      presentedHostKeyFingerprint =
          verifier.presentedFingerprint() != null
              ? verifier.presentedFingerprint()
              : presentedHostKeyFingerprint;
      SshFailures.Stage reached = reached(c);
      if (c != null) {
        c.close(true);
      }
      throw SshFailures.connectFailed(e, reached, t, where, verifier, settings.connectTimeout());
    }
    keyCheckedAt = checkedNow();
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

  /**
   * "Checked now" at a connect, antedated by up to half the re-check interval: connections opened
   * together (an operator start: 500 in a minute or two) would otherwise come due together every
   * interval, and their re-checks queue for the few handshake turns while commands wait on them.
   */
  private long checkedNow() {
    long half = settings.hostKeyRecheck().toNanos() / 2;
    return System.nanoTime()
        - (half > 0 ? java.util.concurrent.ThreadLocalRandom.current().nextLong(half) : 0);
  }

  /** Waits for a turn to handshake ({@link SshTransport#MAX_HANDSHAKES} at once). */
  private SshTransport.Turn turn(SshTarget t) throws HostException {
    try {
      return transport.turn();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(
          Kind.UNREACHABLE, t.node(), "interrupted while waiting to connect to " + t.address());
    }
  }

  /** How far a failed dial got: what its error means depends on it. */
  private static SshFailures.Stage reached(ClientSession c) {
    if (c == null) {
      return SshFailures.Stage.TCP;
    }
    return c.getServerVersion() != null && c.getKexState() == KexState.DONE
        ? SshFailures.Stage.LOGIN
        : SshFailures.Stage.HANDSHAKE;
  }

  /**
   * The open connection talks to the sshd process that was verified when it was made; whether the
   * host behind the address still presents the pinned key shows only to a new handshake. One runs
   * every {@link SshSettings#hostKeyRecheck()} (key exchange only, no login); the other commands
   * meanwhile go on. A different key closes the connection and fails this command with {@code
   * HostKeyMismatch}, as a reconnect would; a node that does not answer the extra handshake is
   * checked again at the next command.
   */
  private void recheckHostKeyIfDue(ClientSession current) throws HostException {
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
      ClientSession probe = null;
      try (SshTransport.Turn turn = turn(t)) {
        probe = transport.connectForKeyCheck(t, address, verifier, settings.connectTimeout());
        // key exchange done (the key was accepted) or the connection closed (it was not)
        probe.waitFor(
            java.util.EnumSet.of(ClientSessionEvent.WAIT_AUTH, ClientSessionEvent.CLOSED),
            settings.connectTimeout());
      } catch (IOException e) {
        LOG.debug("{}: host key re-check did not complete: {}", t.node(), e.toString());
      } finally {
        if (probe != null) {
          probe.close(true);
        }
      }
      if (!verifier.refused()) {
        if (verifier.presentedFingerprint() != null) {
          keyCheckedAt = System.nanoTime(); // spread once, at the connect: keep the spacing
          LOG.debug("{}: host key {} checked again", t.node(), verifier.presentedFingerprint());
        }
        return; // no answer: checked again at the next command
      }
      presentedHostKeyFingerprint = verifier.presentedFingerprint();
      synchronized (connectLock) {
        if (client == current) {
          current.close(true);
          client = null;
        }
      }
      LOG.warn(
          "{}: {} now presents host key {}, not the pinned one: connection closed",
          t.node(),
          where,
          presentedHostKeyFingerprint);
      throw SshFailures.connectFailed(
          new IOException("host key refused"),
          SshFailures.Stage.HANDSHAKE,
          t,
          where,
          verifier,
          settings.connectTimeout());
    } finally {
      recheck.unlock();
    }
  }

  /** Forgets a dead client; {@code lost}, if given, marks the node as known to be down. */
  private void dropIfCurrent(ClientSession c, HostException lost) {
    synchronized (connectLock) {
      if (client == c && !c.isOpen()) {
        c.close(true);
        client = null;
        if (lost != null) {
          down = lost;
        }
      }
    }
  }

  @Override
  public void close() {
    synchronized (connectLock) {
      closed = true;
      if (client != null) {
        client.close(true);
        client = null;
      }
    }
  }

  @Override
  public String toString() {
    return "SshConnection[" + target + "]";
  }
}
