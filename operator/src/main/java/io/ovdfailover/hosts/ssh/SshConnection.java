package io.ovdfailover.hosts.ssh;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostException.Kind;
import io.ovdfailover.hosts.HostShell;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent SSH connection to one node, and the {@link HostShell} on it. Every command gets its own channel, so
 * several commands run at once on one connection (up to {@link SshSettings#maxChannelsPerConnection()}). The
 * connection is opened on first use and reopened when it was lost (keepalive found the peer dead, the network
 * dropped, sshd restarted).
 */
public final class SshConnection implements HostShell, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SshConnection.class);
  /** A channel open that fails faster than this found the connection already dead (stale), not dying. */
  private static final long STALE_WITHIN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

  private final String key;
  private final SshSettings settings;
  private final CommandCounter counter;
  private final MeterRegistry meters;
  private final ExecutorService io;
  private final Semaphore channels;
  private final Object connectLock = new Object();
  private final AtomicInteger connectionsOpened = new AtomicInteger();

  private volatile SshTarget target;
  private volatile SSHClient client;
  private volatile String presentedHostKeyFingerprint;
  private volatile boolean closed;

  SshConnection(String key, SshTarget target, SshSettings settings, CommandCounter counter, MeterRegistry meters,
                ExecutorService io) {
    this.key = key;
    this.target = target;
    this.settings = settings;
    this.counter = counter;
    this.meters = meters;
    this.io = io;
    this.channels = new Semaphore(settings.maxChannelsPerConnection(), true);
  }

  @Override
  public String nodeName() {
    return target.node();
  }

  public SshTarget target() {
    return target;
  }

  /**
   * SHA256 fingerprint of the host key the node presented at the last handshake (accepted, or refused as a
   * mismatch or unpinned key), or null before any handshake. After trust on first use this is the key to record in
   * status and to pin from then on.
   */
  public String presentedHostKeyFingerprint() {
    return presentedHostKeyFingerprint;
  }

  /** How many times a connection was opened (1 while the first one lives). */
  public int connectionsOpened() {
    return connectionsOpened.get();
  }

  public boolean isConnected() {
    SSHClient c = client;
    return c != null && c.isConnected() && c.isAuthenticated();
  }

  /** Whether {@link #close()} was called; a closed connection runs nothing more. */
  public boolean isClosed() {
    return closed;
  }

  /** Opens the connection now if it is not open: verifies reachability, the host key and the login. */
  public void connect() throws HostException {
    connected();
  }

  @Override
  public CommandResult run(Command command) throws HostException {
    SshTarget t = target;
    String line = RemoteCommandLine.of(command.script(), t.sudo(), command.timeout());
    if (RemoteCommandLine.tooLong(line)) {
      throw new HostException(Kind.UNSUPPORTED, t.node(), "'" + command.description() + "' is longer than the "
          + "128 KiB a command line may have; send large content through stdin");
    }
    acquireChannel(command, t);
    try {
      Session.Command cmd = start(command, line);
      // The timeout is the command's own running time: connecting and waiting for a channel are bounded apart.
      long start = System.nanoTime();
      long deadline = start + command.timeout().toNanos();
      CommandResult result = new RemoteExecution(cmd, command, t, io, settings.connectTimeout())
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
        throw new HostException(Kind.TIMEOUT, t.node(), "'" + command.description() + "' waited "
            + SshFailures.seconds(command.timeout()) + " for one of the " + settings.maxChannelsPerConnection()
            + " channels of the connection");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(Kind.TIMEOUT, t.node(), "interrupted before '" + command.description() + "'");
    }
  }

  /**
   * Opens a channel and starts the command; a connection found dead at once (stale: the node restarted its sshd or
   * rebooted while idle) is reopened once, nothing ran on it yet. One that died while the channel was being opened
   * (the keepalive gave up on a vanished node) is reported unreachable now: reconnecting would hold the caller for
   * the whole connect timeout, and with it the status that shows the node lost.
   */
  private Session.Command start(Command command, String line) throws HostException {
    for (int attempt = 1; ; attempt++) {
      SSHClient c = connected();
      Session session;
      long opening = System.nanoTime();
      try {
        session = c.startSession();
      } catch (IOException e) {
        boolean dead = !c.isConnected();
        boolean foundDead = System.nanoTime() - opening < STALE_WITHIN_NANOS;
        dropIfCurrent(c);
        if (dead && foundDead && attempt == 1) {
          LOG.info("{}: connection to {} was lost, reconnecting", target.node(), target.address());
          continue;
        }
        throw new HostException(Kind.UNREACHABLE, target.node(), "cannot open a channel to " + target.address()
            + ": " + e.getMessage(), e);
      }
      count(command);
      try {
        return session.exec(line);
      } catch (IOException e) {
        closeQuietly(session);
        throw new HostException(Kind.UNREACHABLE, target.node(), "could not start '" + command.description()
            + "' on " + target.address() + ": " + e.getMessage(), e);
      }
    }
  }

  private void count(Command command) {
    counter.record(key, command.mutating());
    if (meters != null) {
      Counter.builder("ovd.ssh.commands")
          .description("Commands sent over SSH")
          .tag("node", key)
          .tag("mutating", Boolean.toString(command.mutating()))
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
    if (c != null && c.isConnected() && c.isAuthenticated()) {
      return c;
    }
    synchronized (connectLock) {
      if (closed) {
        throw new HostException(Kind.UNREACHABLE, target.node(), "the connection to " + target.address()
            + " was closed");
      }
      c = client;
      if (c != null && c.isConnected() && c.isAuthenticated()) {
        return c;
      }
      if (c != null) {
        LOG.info("{}: connection to {} was lost, reconnecting", target.node(), target.address());
        closeQuietly(c);
        client = null;
      }
      client = open();
      return client;
    }
  }

  private SSHClient open() throws HostException {
    SshTarget t = target;
    InetAddress address = settings.egressGuard().check(t.node(), t.host(), t.port());
    String where = address.getHostAddress() + ":" + t.port();
    PinnedHostKeyVerifier verifier = new PinnedHostKeyVerifier(t.hostKeyPin(), t.trustOnFirstUse());
    int timeoutMs = (int) settings.connectTimeout().toMillis();
    SSHClient c = new SSHClient(SshClientConfig.shared());
    if (settings.tcpNoDelay()) {
      c.setSocketFactory(NoDelaySocketFactory.INSTANCE);
    }
    c.setConnectTimeout(timeoutMs);
    c.setTimeout(timeoutMs); // socket reads: bounds waiting for the banner; sshj's reader ignores it afterwards
    c.getTransport().setTimeoutMs(timeoutMs);
    c.getConnection().setTimeoutMs(timeoutMs);
    KeepAlive keepAlive = c.getConnection().getKeepAlive();
    keepAlive.setKeepAliveInterval((int) settings.keepAliveInterval().toSeconds());
    if (keepAlive instanceof KeepAliveRunner runner) {
      runner.setMaxAliveCount(settings.keepAliveMaxMissed());
    }
    c.addHostKeyVerifier(verifier);
    long begin = System.nanoTime();
    try {
      // Dial the checked address, not the name: a second lookup could answer differently.
      c.connect(address.getHostAddress(), t.port());
      c.authPublickey(t.user(), c.loadKeys(t.identity().keyPair()));
    } catch (IOException e) {
      presentedHostKeyFingerprint = verifier.presentedFingerprint() != null ? verifier.presentedFingerprint()
          : presentedHostKeyFingerprint;
      closeQuietly(c);
      throw SshFailures.connectFailed(e, t, where, verifier, settings.connectTimeout());
    }
    presentedHostKeyFingerprint = verifier.presentedFingerprint();
    if (t.hostKeyPin() == null) {
      // Trust on first use: from now on this key, and only this key, is accepted on reconnects.
      target = t.withHostKeyPin(HostKeyPin.ofFingerprint(presentedHostKeyFingerprint));
      LOG.warn("{}: trusted the host key {} {} of {} on first use; pin it in spec.ssh.hostKey", t.node(),
          verifier.presentedType(), presentedHostKeyFingerprint, where);
    }
    int n = connectionsOpened.incrementAndGet();
    LOG.info("{}: connected to {}@{} in {} ms (connection #{}, host key {})", t.node(), t.user(), where,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), n, presentedHostKeyFingerprint);
    return c;
  }

  private void dropIfCurrent(SSHClient c) {
    synchronized (connectLock) {
      if (client == c && !c.isConnected()) {
        closeQuietly(c);
        client = null;
      }
    }
  }

  @Override
  public void close() {
    synchronized (connectLock) {
      closed = true;
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
