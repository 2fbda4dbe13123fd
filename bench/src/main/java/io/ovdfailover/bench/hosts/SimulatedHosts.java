package io.ovdfailover.bench.hosts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * The simulated hosts: one in-process SSH server (Apache MINA sshd) listening on one loopback port
 * per node. The port a connection arrives on says which node it reached, so each node proves itself
 * with its own host key (the operator pins one per ClusterNode) and answers as that node. Only the
 * operator's client key logs in, as root. One server instead of five hundred keeps the harness's
 * own threads and CPU small on a 2-core machine: it competes with the operator it measures.
 */
public final class SimulatedHosts implements AutoCloseable {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** SshServer with its acceptor reachable, so that more ports can be bound after start. */
  private static final class MultiPortServer extends SshServer {
    IoAcceptor acceptor() {
      return acceptor;
    }
  }

  private final MultiPortServer server;
  private final Map<Integer, SimulatedNode> byPort = new ConcurrentHashMap<>();
  private final Traffic traffic = new Traffic();
  private final ExecutorService commands;

  private SimulatedHosts(PublicKey operatorKey, int commandThreads) {
    AtomicInteger n = new AtomicInteger();
    commands =
        Executors.newFixedThreadPool(
            commandThreads,
            r -> {
              Thread t = new Thread(r, "simulated-command-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server = (MultiPortServer) ServerBuilder.builder().factory(MultiPortServer::new).build();
    server.setHost(LOOPBACK.getHostAddress());
    server.setPort(0);
    server.setKeyPairProvider(
        new KeyPairProvider() {
          @Override
          public Iterable<KeyPair> loadKeys(SessionContext session) {
            SimulatedNode node = session == null ? null : nodeAt(session.getLocalAddress());
            return node == null ? List.of() : List.of(node.hostKey());
          }
        });
    server.setPublickeyAuthenticator(
        (user, key, session) -> "root".equals(user) && KeyUtils.compareKeys(key, operatorKey));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    // OpenSSH's default: no idle limit (the operator's keepalives would keep it open anyway)
    CoreModuleProperties.IDLE_TIMEOUT.set(server, Duration.ZERO);
    server.addSessionListener(
        new SessionListener() {
          @Override
          public void sessionCreated(Session session) {
            traffic.connected();
          }

          @Override
          public void sessionEvent(Session session, Event event) {
            if (event == Event.Authenticated) {
              traffic.authenticated();
            }
          }
        });
    server.setCommandFactory((channel, line) -> new SimulatedCommand(channel, line));
  }

  /**
   * Starts the server (no node yet).
   *
   * @param operatorKey the only client key allowed in
   */
  public static SimulatedHosts start(PublicKey operatorKey) throws IOException {
    SimulatedHosts hosts = new SimulatedHosts(operatorKey, 4);
    hosts.server.start();
    return hosts;
  }

  /** A new node on a port of its own, with a new ed25519 host key. */
  public SimulatedNode add(
      String key, RecordedFacts facts, RecordedCluster cluster, DatabaseAnswers database)
      throws IOException, GeneralSecurityException {
    KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
    IoAcceptor acceptor = server.acceptor();
    synchronized (acceptor) {
      Set<SocketAddress> before = new HashSet<>(acceptor.getBoundAddresses());
      acceptor.bind(new InetSocketAddress(LOOPBACK, 0));
      Set<SocketAddress> now = new HashSet<>(acceptor.getBoundAddresses());
      now.removeAll(before);
      if (now.size() != 1) {
        throw new IOException("could not tell which port was bound for " + key + ": " + now);
      }
      int port = ((InetSocketAddress) now.iterator().next()).getPort();
      SimulatedNode node = new SimulatedNode(key, port, hostKey, facts, cluster, database);
      byPort.put(port, node);
      return node;
    }
  }

  public Traffic traffic() {
    return traffic;
  }

  /** Authenticated SSH connections open now. */
  public int openConnections() {
    return (int) server.getActiveSessions().stream().filter(Session::isAuthenticated).count();
  }

  private SimulatedNode nodeAt(SocketAddress local) {
    return local instanceof InetSocketAddress a ? byPort.get(a.getPort()) : null;
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
    commands.shutdownNow();
  }

  /** One exec request: answered on the command pool, never on the server's I/O threads. */
  private final class SimulatedCommand implements Command {
    private final SimulatedNode node;
    private final String line;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    SimulatedCommand(ChannelSession channel, String line) {
      this.node = nodeAt(channel.getSession().getLocalAddress());
      this.line = line;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      commands.submit(this::run);
    }

    private void run() {
      int status = 255;
      try {
        String script = ExecLine.script(line);
        // only the MySQL commands read stdin (the credential line, then SQL): the others must not
        // wait for an EOF a real shell would never wait for
        String stdin = script.contains("IFS= read -r line") ? readAll(in) : "";
        SimulatedNode.Reply reply = node.answer(script, stdin, traffic);
        out.write(reply.stdout());
        out.flush();
        err.write(reply.stderr());
        err.flush();
        status = reply.exit();
      } catch (IOException | RuntimeException e) {
        try {
          err.write(("simulated host: " + e + "\n").getBytes(StandardCharsets.UTF_8));
          err.flush();
        } catch (IOException ignored) {
          // the channel is gone: nothing to tell
        }
      } finally {
        exit.onExit(status);
      }
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return b.toString(StandardCharsets.UTF_8);
  }
}
