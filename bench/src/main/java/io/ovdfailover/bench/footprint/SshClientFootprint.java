package io.ovdfailover.bench.footprint;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * What an open SSH connection costs the operator's process, per client library: N connections to an
 * in-process server on loopback, one command run on each, then the resident set, heap and threads
 * after a full collection, against the same process before it connected. {@code operator} is the
 * operator's own transport ({@code SshConnectionPool}, on Apache MINA sshd's NIO client since
 * December 2026), {@code mina} MINA's bare client, {@code sshj} the client the operator had before
 * (a reader thread per connection; docs/performance.md). Run it under the chart's JVM settings:
 *
 * <pre>
 * java -XX:MaxRAM=768m -XX:MaxRAMPercentage=50 -XX:TieredStopAtLevel=1 -cp CLASSPATH \
 *   io.ovdfailover.bench.footprint.SshClientFootprint operator|mina|sshj 500
 * </pre>
 *
 * The server runs in a child JVM, so that only the client is measured. Loopback only.
 */
public final class SshClientFootprint {
  private SshClientFootprint() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("server")) {
      serve(Path.of(args[1]));
      return;
    }
    String kind = args[0];
    int n = Integer.parseInt(args[1]);
    Path portFile = Files.createTempFile("footprint", ".port");
    Files.delete(portFile);
    Process server =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SshClientFootprint.class.getName(),
                "server",
                portFile.toString())
            .inheritIO()
            .start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("no server");
        Thread.sleep(50); // a harness start-up wait, not a test: the server writes its port
      }
      int port = Integer.parseInt(Files.readString(portFile).strip());
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair key = g.generateKeyPair();
      Clients clients =
          switch (kind) {
            case "operator" -> new OperatorPool(key, port);
            case "mina" -> new Mina(key, port);
            default -> new Sshj(key, port);
          };
      clients.open(1); // load the classes before the baseline
      clients.closeAll();
      Sample before = Sample.take();
      clients.open(n);
      Sample after = Sample.take();
      System.out.printf(
          "%s, %d connections: RSS %.1f -> %.1f MiB (%.1f KiB each), heap used after GC %.1f -> %.1f MiB (%.1f KiB each), threads %d -> %d%n",
          kind,
          n,
          before.rssKib / 1024.0,
          after.rssKib / 1024.0,
          (after.rssKib - before.rssKib) / (double) n,
          before.heapBytes / 1048576.0,
          after.heapBytes / 1048576.0,
          (after.heapBytes - before.heapBytes) / 1024.0 / n,
          before.threads,
          after.threads);
      clients.closeAll();
    } finally {
      server.destroy();
    }
  }

  private record Sample(long rssKib, long heapBytes, int threads) {
    static Sample take() throws Exception {
      for (int i = 0; i < 3; i++) {
        System.gc();
      }
      long rss = 0;
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) rss = Long.parseLong(l.replaceAll("\\D", ""));
      }
      return new Sample(
          rss,
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
          Thread.activeCount());
    }
  }

  private interface Clients {
    void open(int n) throws Exception;

    void closeAll() throws Exception;
  }

  private static final class Sshj implements Clients {
    private final KeyPair key;
    private final int port;
    private final List<SSHClient> open = new ArrayList<>();

    Sshj(KeyPair key, int port) {
      this.key = key;
      this.port = port;
    }

    @Override
    public void open(int n) throws Exception {
      DefaultConfig config = new DefaultConfig();
      for (int i = 0; i < n; i++) {
        SSHClient c = new SSHClient(config);
        c.addHostKeyVerifier(new PromiscuousVerifier());
        c.connect(InetAddress.getLoopbackAddress(), port);
        c.authPublickey("root", c.loadKeys(key));
        try (Session s = c.startSession()) {
          Session.Command cmd = s.exec("true");
          cmd.join();
        }
        open.add(c);
      }
    }

    @Override
    public void closeAll() throws Exception {
      for (SSHClient c : open) c.close();
      open.clear();
    }
  }

  /** The operator's pool: a connection per node key, each opened by one command. */
  private static final class OperatorPool implements Clients {
    private final io.ovdfailover.hosts.ssh.SshTarget target;
    private final List<io.ovdfailover.hosts.ssh.SshConnectionPool> pools = new ArrayList<>();

    OperatorPool(KeyPair key, int port) throws Exception {
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + java.util.Base64.getMimeEncoder(
                      64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                  .encodeToString(key.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      target =
          new io.ovdfailover.hosts.ssh.SshTarget(
              "node",
              InetAddress.getLoopbackAddress().getHostAddress(),
              port,
              "root",
              false,
              io.ovdfailover.hosts.ssh.SshIdentity.fromSecret(
                  "node", pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
              null,
              true);
    }

    @Override
    public void open(int n) throws Exception {
      var pool =
          new io.ovdfailover.hosts.ssh.SshConnectionPool(
              io.ovdfailover.hosts.ssh.SshSettings.defaults());
      pools.add(pool);
      for (int i = 0; i < n; i++) {
        pool.shell("ns/node-" + i, target)
            .runChecked(io.ovdfailover.hosts.Command.read("footprint", "true"));
      }
    }

    @Override
    public void closeAll() {
      pools.forEach(io.ovdfailover.hosts.ssh.SshConnectionPool::close);
      pools.clear();
    }
  }

  private static final class Mina implements Clients {
    private final KeyPair key;
    private final int port;
    private final SshClient client = SshClient.setUpDefaultClient();
    private final List<ClientSession> open = new ArrayList<>();

    Mina(KeyPair key, int port) {
      this.key = key;
      this.port = port;
      client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
      client.start();
    }

    @Override
    public void open(int n) throws Exception {
      for (int i = 0; i < n; i++) {
        ClientSession s =
            client
                .connect("root", InetAddress.getLoopbackAddress().getHostAddress(), port)
                .verify(Duration.ofSeconds(10))
                .getSession();
        s.addPublicKeyIdentity(key);
        s.auth().verify(Duration.ofSeconds(10));
        s.executeRemoteCommand("true");
        open.add(s);
      }
    }

    @Override
    public void closeAll() throws Exception {
      for (ClientSession s : open) s.close();
      open.clear();
    }
  }

  /** The server: any key logs in, every command exits 0 at once. */
  private static void serve(Path portFile) throws Exception {
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    server.setPort(0);
    server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
    server.setPublickeyAuthenticator((user, k, session) -> true);
    server.setCommandFactory(
        (channel, command) ->
            new Command() {
              private org.apache.sshd.server.ExitCallback exit;

              @Override
              public void setExitCallback(org.apache.sshd.server.ExitCallback callback) {
                exit = callback;
              }

              @Override
              public void setInputStream(InputStream in) {}

              @Override
              public void setOutputStream(OutputStream out) {}

              @Override
              public void setErrorStream(OutputStream err) {}

              @Override
              public void start(ChannelSession channel, org.apache.sshd.server.Environment env) {
                exit.onExit(0);
              }

              @Override
              public void destroy(ChannelSession channel) {}
            });
    server.start();
    Files.writeString(portFile, Integer.toString(server.getPort()));
    Thread.currentThread().join();
  }
}
