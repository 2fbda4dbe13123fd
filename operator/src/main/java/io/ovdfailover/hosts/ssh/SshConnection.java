package io.ovdfailover.hosts.ssh;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostException.Kind;
import io.ovdfailover.hosts.HostShell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
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
  private static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

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
    long start = System.nanoTime();
    long deadline = start + command.timeout().toNanos();
    acquireChannel(command, t);
    try {
      Session.Command cmd = start(command, line);
      CommandResult result = await(cmd, command, start, deadline);
      checkSudo(t, result);
      return result;
    } finally {
      channels.release();
    }
  }

  private void acquireChannel(Command command, SshTarget t) throws HostException {
    try {
      if (!channels.tryAcquire(command.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
        throw new HostException(Kind.TIMEOUT, t.node(), "'" + command.description() + "' waited "
            + seconds(command.timeout()) + " for one of the " + settings.maxChannelsPerConnection()
            + " channels of the connection");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(Kind.TIMEOUT, t.node(), "interrupted before '" + command.description() + "'");
    }
  }

  /** Opens a channel and starts the command; a connection found dead is reopened once (nothing ran on it yet). */
  private Session.Command start(Command command, String line) throws HostException {
    for (int attempt = 1; ; attempt++) {
      SSHClient c = connected();
      Session session;
      try {
        session = c.startSession();
      } catch (IOException e) {
        boolean dead = !c.isConnected();
        dropIfCurrent(c);
        if (dead && attempt == 1) {
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

  private CommandResult await(Session.Command cmd, Command command, long start, long deadline)
      throws HostException {
    Future<byte[]> stdout = io.submit(() -> drain(cmd.getInputStream()));
    Future<byte[]> stderr = io.submit(() -> drain(cmd.getErrorStream()));
    io.submit(() -> feed(cmd.getOutputStream(), command.stdin()));
    try {
      cmd.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
    } catch (ConnectionException e) {
      if (hasCause(e, TimeoutException.class) && cmd.isOpen()) {
        abandon(cmd, stdout, stderr);
        throw new HostException(Kind.TIMEOUT, target.node(), "'" + command.description() + "' did not finish "
            + "within " + seconds(command.timeout()) + " and was stopped");
      }
      abandon(cmd, stdout, stderr);
      throw new HostException(Kind.UNREACHABLE, target.node(), "connection to " + target.address()
          + " was lost while running '" + command.description() + "' (it may or may not have completed): "
          + e.getMessage(), e);
    }
    String out = text(stdout);
    String err = text(stderr);
    return new CommandResult(exitCode(cmd), out, err, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Asks the remote process to stop, frees the output readers, and closes the channel off this thread. */
  private void abandon(Session.Command cmd, Future<byte[]> stdout, Future<byte[]> stderr) {
    try {
      cmd.signal(Signal.TERM);
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: could not signal the command: {}", target.node(), e.toString());
    }
    // Interrupting the readers (instead of closing the streams) keeps late data from tearing down the connection.
    stdout.cancel(true);
    stderr.cancel(true);
    io.submit(() -> closeQuietly(cmd));
  }

  private static int exitCode(Session.Command cmd) {
    Integer status = cmd.getExitStatus();
    if (status != null) {
      return status;
    }
    Signal signal = cmd.getExitSignal();
    return signal == null ? 255 : 128 + signalNumber(signal);
  }

  /** Linux numbers, so that a killed command reads like it does in a shell ($? = 128 + n). */
  private static int signalNumber(Signal s) {
    return switch (s) {
      case HUP -> 1;
      case INT -> 2;
      case QUIT -> 3;
      case ILL -> 4;
      case ABRT -> 6;
      case FPE -> 8;
      case KILL -> 9;
      case USR1 -> 10;
      case SEGV -> 11;
      case USR2 -> 12;
      case PIPE -> 13;
      case ALRM -> 14;
      case TERM -> 15;
      default -> 127;
    };
  }

  /** sudo's own refusal is an access problem of the node, not a failure of the script. */
  private static void checkSudo(SshTarget t, CommandResult r) throws HostException {
    if (!t.sudo() || r.exitCode() != 1 || r.stderr() == null) {
      return;
    }
    String err = r.stderr().strip();
    if (err.startsWith("sudo: a password is required") || err.startsWith("sudo: a terminal is required")
        || err.contains("you must have a tty to run sudo") || err.contains("is not in the sudoers file")
        || err.contains("is not allowed to execute")) {
      throw new HostException(Kind.AUTH_FAILED, t.node(), "user '" + t.user() + "' cannot run commands through "
          + "`sudo -n` without a password and a tty (" + r.stderrTail(120) + "); add a sudoers drop-in: `"
          + t.user() + " ALL=(ALL) NOPASSWD: ALL` and `Defaults:" + t.user() + " !requiretty`");
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
      throw classify(e, t, where, verifier);
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

  private HostException classify(IOException e, SshTarget t, String where, PinnedHostKeyVerifier verifier) {
    String node = t.node();
    if (verifier.refused()) {
      String presented = verifier.presentedType() + " " + verifier.presentedFingerprint();
      if (t.hostKeyPin() == null) {
        return new HostException(Kind.HOST_KEY_UNKNOWN, node, "no host key is pinned for " + where + ", which "
            + "presented " + presented + "; verify it out of band (`ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` "
            + "on the node) and set spec.ssh.hostKey, or set trustOnFirstUse: true");
      }
      return new HostException(Kind.HOST_KEY_MISMATCH, node, "host key mismatch for " + where + ": expected "
          + t.hostKeyPin() + ", presented " + presented + "; if the node was reinstalled, verify the new key out "
          + "of band and update spec.ssh.hostKey");
    }
    if (e instanceof UserAuthException) {
      return new HostException(Kind.AUTH_FAILED, node, where + " refused the " + t.identity().keyType()
          + " key for user '" + t.user() + "': is its public key in ~" + t.user() + "/.ssh/authorized_keys?");
    }
    if (hasCause(e, ConnectException.class)) {
      return new HostException(Kind.UNREACHABLE, node, "connection refused by " + where
          + ": is sshd running and the port right?");
    }
    if (hasCause(e, NoRouteToHostException.class)) {
      return new HostException(Kind.UNREACHABLE, node, "no route to " + where
          + ": is the host up and the address right?");
    }
    if (e instanceof SocketTimeoutException) {
      return new HostException(Kind.UNREACHABLE, node, "no answer from " + where + " within "
          + seconds(settings.connectTimeout()) + ": is the host up, and does a firewall drop SSH?");
    }
    if (e instanceof TransportException
        && (hasCause(e, SocketTimeoutException.class) || hasCause(e, TimeoutException.class))) {
      return new HostException(Kind.UNREACHABLE, node, where + " accepted the TCP connection but completed no "
          + "SSH handshake within " + seconds(settings.connectTimeout()) + ": is it an SSH server, and not "
          + "overloaded?");
    }
    return new HostException(Kind.UNREACHABLE, node, "cannot connect to " + where + ": " + e.getMessage(), e);
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

  private static byte[] drain(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) != -1) {
      if (buffer.size() < MAX_OUTPUT_BYTES) {
        buffer.write(chunk, 0, Math.min(n, MAX_OUTPUT_BYTES - buffer.size()));
      }
    }
    return buffer.toByteArray();
  }

  /** Writes stdin and closes it, so the script sees EOF; nothing about its content is ever logged. */
  private void feed(OutputStream out, byte[] stdin) {
    try (out) {
      if (stdin.length > 0) {
        out.write(stdin);
        out.flush();
      }
    } catch (IOException e) {
      LOG.debug("{}: stdin not fully delivered ({} bytes): {}", target.node(), stdin.length, e.getClass().getName());
    }
  }

  private String text(Future<byte[]> output) throws HostException {
    try {
      return new String(output.get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS),
          StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(Kind.TIMEOUT, target.node(), "interrupted while reading command output");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new HostException(Kind.UNREACHABLE, target.node(), "output of a command on " + target.address()
          + " could not be read: " + e, e);
    }
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
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
