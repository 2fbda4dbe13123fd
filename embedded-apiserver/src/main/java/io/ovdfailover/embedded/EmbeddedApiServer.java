package io.ovdfailover.embedded;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * An in-memory Kubernetes API server in this JVM, for trying the operator without a cluster:
 * fabric8's CRUD mock store behind {@link ApiServerAdapter}, with the admission of custom resources
 * a real one does ({@link Admission}), served on 127.0.0.1 (plain http, no authentication) by
 * {@link Transport}. It only ever listens on the loopback address, and everything in it is lost
 * when the process ends.
 */
public final class EmbeddedApiServer implements AutoCloseable {
  public static final int DEFAULT_PORT = 18443;
  static final VersionInfo VERSION =
      new VersionInfo.Builder()
          .withMajor("1")
          .withMinor("32")
          .withGitVersion("v1.32.0-ovd-embedded")
          .withPlatform("linux/amd64")
          .withGoVersion("n/a")
          .build();

  private final Transport server;

  private EmbeddedApiServer(Transport server) {
    this.server = server;
  }

  /** Starts on 127.0.0.1:port with admission on, as a cluster has it; port 0 picks a free port. */
  public static EmbeddedApiServer start(int port) {
    return start(port, Admission.ON);
  }

  /** Starts on 127.0.0.1:port; port 0 picks a free port. */
  public static EmbeddedApiServer start(int port, Admission admission) {
    KubernetesCrudDispatcher store =
        admission == Admission.ON
            ? new AdmittingStore(Serialization.jsonMapper())
            : new KubernetesCrudDispatcher();
    ApiServerAdapter adapter =
        new ApiServerAdapter(store, Serialization.jsonMapper(), VERSION, Clock.systemUTC());
    Transport server;
    try {
      server = Transport.start(InetAddress.getLoopbackAddress(), port, adapter);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "the embedded API server could not listen on 127.0.0.1:"
              + port
              + " (in use? choose another with --embedded-port, 0 picks a free one): "
              + e.getMessage(),
          e);
    }
    return new EmbeddedApiServer(server);
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  public int port() {
    return server.port();
  }

  /**
   * A client for this server only: it reads no kubeconfig, environment or proxy settings. HTTP/1.1
   * only: over plain http the JDK client otherwise asks to upgrade to HTTP/2 (h2c), the mock
   * server's Vert.x accepts, and a request can then wait for ever on the upgraded connection (a CI
   * run hung in a server-side apply; fabric8 PR 7662).
   */
  public KubernetesClient newClient() {
    return clientFor(url());
  }

  static KubernetesClient clientFor(String url) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url)
            .withNamespace("default")
            .withOauthToken("embedded")
            .withHttp2Disable(true)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Writes a kubeconfig for kubectl pointing at this server (context {@code ovd-embedded},
   * namespace default).
   */
  public Path writeKubeconfig(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Files.writeString(
        absolute,
        String.join(
            "\n",
            "# Written by the embedded API server (ovd-failover-operator), which has no authentication:",
            "# the token below is a placeholder it ignores.",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: ovd-embedded",
            "  cluster:",
            "    server: " + url(),
            "users:",
            "- name: ovd-embedded",
            "  user:",
            "    token: embedded",
            "contexts:",
            "- name: ovd-embedded",
            "  context:",
            "    cluster: ovd-embedded",
            "    user: ovd-embedded",
            "    namespace: default",
            "current-context: ovd-embedded",
            ""));
    return absolute;
  }

  @Override
  public void close() {
    server.close();
  }
}
