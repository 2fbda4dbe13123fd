package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovdfailover.embedded.EmbeddedApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator image itself (operator/target/ovd-failover-operator-image.tar, built by the `image`
 * profile: Jib on a Debian base from operator/image/build-base), run without a container engine:
 * its layers are unpacked in order into a root, and its entrypoint runs there as its user, PID 1 of
 * its own PID and mount namespaces, with the image's environment, on the image's JRE. --help must
 * answer, and the operator must get ready against an embedded API server (on this machine's
 * loopback, which the root shares). Needs root (unshare, chroot); skipped without the profile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageIT {
  private static final Duration READY_DEADLINE = Duration.ofSeconds(120);

  private Path work;
  private Path root;
  private JsonNode config;

  /** Why the image cannot be run here (each test is reported skipped with it), or null. */
  private String skipReason;

  @BeforeAll
  void unpack() throws IOException {
    String tarball = System.getProperty("image.tar", "");
    if (tarball.isBlank()) {
      skipReason =
          "the image profile is off: it turns on for root with mmdebstrap installed (apt-get install"
              + " mmdebstrap), or with -Pimage";
      return;
    }
    if (uid() != 0) {
      skipReason = "needs root (unshare and chroot into the image's root, uid 65532 inside)";
      return;
    }
    Path image = Path.of(tarball);
    assertThat(image).as("the image profile builds it in operator's package phase").exists();
    work = Path.of("target/image-smoke").toAbsolutePath();
    removeWork();
    long start = System.nanoTime();
    ImageTarball.Image opened = ImageTarball.open(image, work.resolve("tarball"));
    config = opened.config().get("config");
    root = work.resolve("root");
    ImageTarball.unpack(opened.layers(), root);
    System.out.printf(
        "unpacked %d layers in %d ms%n",
        opened.layers().size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  @BeforeEach
  void runnableHere() {
    assumeTrue(skipReason == null, skipReason);
  }

  @AfterAll
  void removeWork() {
    if (work != null) {
      Tools.run(work.getParent(), "rm", "-rf", "--one-file-system", work.toString());
    }
  }

  @Test
  void helpAnswersFromTheEntrypoint() throws Exception {
    Tools.Run help = runInImage(List.of("--help"), Map.of(), 120);
    assertThat(help.exitCode()).as(help.stderr()).isZero();
    assertThat(help.stdout())
        .startsWith("Usage: ")
        .contains("--metrics-port", "METRICS_PORT", "--watch-namespaces", "--leader-election");
  }

  @Test
  void theOperatorGetsReadyOnAnEmbeddedApiServer() throws Exception {
    try (EmbeddedApiServer server = EmbeddedApiServer.start(0);
        KubernetesClient client = server.newClient()) {
      for (Path crd : Repo.crdFiles(Repo.crdSource())) {
        try (InputStream in = Files.newInputStream(crd)) {
          client.load(in).serverSideApply();
        }
      }
      // where a Secret would be mounted: /tmp is the run's own (a fresh tmpfs, as a container's
      // layer)
      server.writeKubeconfig(root.resolve("etc/ovd-smoke/kubeconfig.yaml"));
      int port = freePort();
      Map<String, String> env = new LinkedHashMap<>();
      env.put("KUBECONFIG", "/etc/ovd-smoke/kubeconfig.yaml");
      env.put("METRICS_PORT", String.valueOf(port));
      env.put("LEADER_ELECTION", "false");
      Path out = work.resolve("operator.log");
      Process operator = start(List.of(), env, out);
      try {
        long start = System.nanoTime();
        int status = pollReadyz(port, operator);
        assertThat(status).as("/readyz; the operator's output: %s", read(out)).isEqualTo(200);
        System.out.printf(
            "/readyz 200 after %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        // stopped as a container is: SIGTERM to the JVM, PID 1 of its namespace (unshare's child)
        long stop = System.nanoTime();
        operator.children().forEach(ProcessHandle::destroy);
        assertThat(operator.waitFor(30, TimeUnit.SECONDS))
            .as("the operator stops within 30 s of SIGTERM; its output: %s", read(out))
            .isTrue();
        System.out.printf(
            "stopped by SIGTERM in %d ms (exit %d)%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stop), operator.exitValue());
      } finally {
        operator.destroyForcibly();
        operator.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * What the image is: the Dockerfile's user, port, labels and main class, on its own classpath.
   */
  @Test
  void matchesTheDockerfileAndCarriesOnlyTheProductionJars() throws IOException {
    assertThat(config.path("User").asText())
        .isEqualTo(DockerfileIT.withKeyword("USER").get(0).substring("USER ".length()));
    assertThat(config.path("ExposedPorts").fieldNames())
        .toIterable()
        .containsExactly(DockerfileIT.withKeyword("EXPOSE").get(0).substring(7) + "/tcp");
    String labels = DockerfileIT.withKeyword("LABEL").get(0);
    config
        .path("Labels")
        .fields()
        .forEachRemaining(
            l -> {
              if (l.getKey().startsWith("org.opencontainers.")) {
                assertThat(labels).contains(l.getKey() + "=\"" + l.getValue().asText() + "\"");
              }
            });
    assertThat(config.path("Labels").has("org.opencontainers.image.title")).isTrue();
    // the JVM's memory settings the benchmark chose (docs/performance.md), as the Dockerfile sets
    // them
    List<String> env = new ArrayList<>();
    config.path("Env").forEach(e -> env.add(e.asText()));
    List<String> dockerfileEnv =
        DockerfileIT.withKeyword("ENV").stream()
            .map(e -> e.substring("ENV ".length()).replace("\"", ""))
            .toList();
    assertThat(dockerfileEnv).hasSize(2);
    assertThat(env).containsAll(dockerfileEnv);

    String dockerfileEntrypoint = DockerfileIT.withKeyword("ENTRYPOINT").get(0);
    JsonNode dockerArgv =
        Repo.JSON.readTree(dockerfileEntrypoint.substring("ENTRYPOINT".length()).strip());
    JsonNode argv = config.path("Entrypoint");
    assertThat(argv.get(0)).isEqualTo(dockerArgv.get(0));
    assertThat(argv.get(argv.size() - 1)).isEqualTo(dockerArgv.get(dockerArgv.size() - 1));
    assertThat(argv.get(1).asText()).isEqualTo("-cp");

    // every classpath directory of the entrypoint, and nothing but the operator's jar and lib/
    List<String> imageJars = new ArrayList<>();
    for (String entry : argv.get(2).asText().split(":")) {
      assertThat(entry).endsWith("/*");
      Path dir = root.resolve(entry.substring(1, entry.length() - 2));
      try (Stream<Path> jars = Files.list(dir)) {
        jars.forEach(j -> imageJars.add(j.getFileName().toString()));
      }
    }
    List<String> expected = new ArrayList<>();
    expected.add("ovd-failover-operator.jar");
    Path target = Repo.root().resolve("operator/target");
    try (Stream<Path> lib = Files.list(target.resolve("lib"))) {
      lib.forEach(j -> expected.add(j.getFileName().toString()));
    }
    assertThat(imageJars).containsExactlyInAnyOrderElementsOf(expected);
    for (String jarName : imageJars) {
      Path jar =
          jarName.equals("ovd-failover-operator.jar")
              ? root.resolve("app/classpath").resolve(jarName)
              : root.resolve("app/libs").resolve(jarName);
      try (JarFile file = new JarFile(jar.toFile())) {
        assertThat(file.stream().map(e -> e.getName()))
            .as("test machinery in the image's %s", jarName)
            .noneMatch(n -> DockerfileIT.TEST_MACHINERY.stream().anyMatch(n::startsWith));
      }
    }
    // the image's JRE is Debian's, reached through the alternatives link as in any Debian system
    assertThat(root.resolve("usr/bin/java")).isSymbolicLink();
    assertThat(root.resolve("etc/ssl/certs/java/cacerts")).isRegularFile();
  }

  /**
   * The entrypoint plus args in the image's root: new mount and PID namespaces (the JVM is PID 1
   * there), the host's /dev, a new /proc and a /tmp of its own, the image's working directory, user
   * and environment.
   */
  private List<String> command(List<String> args) {
    String[] user = config.path("User").asText().split(":");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--pid",
                "--kill-child=SIGTERM",
                "--",
                "/bin/sh",
                "-ec",
                "r=$1; wd=$2; u=$3; g=$4; shift 4\n"
                    + "mount --make-rprivate /\n"
                    + "mount --rbind /dev \"$r/dev\"\n"
                    + "mount -t proc proc \"$r/proc\"\n"
                    + "mount -t tmpfs -o mode=1777 tmpfs \"$r/tmp\"\n"
                    + "exec unshare --root=\"$r\" --wd=\"$wd\" --setgid=\"$g\" --setuid=\"$u\" --"
                    + " \"$@\"",
                "sh",
                root.toString(),
                config.path("WorkingDir").asText("/"),
                user[0],
                user.length > 1 ? user[1] : user[0]));
    config.path("Entrypoint").forEach(a -> cmd.add(a.asText()));
    cmd.addAll(args);
    return cmd;
  }

  private ProcessBuilder builder(List<String> args, Map<String, String> extraEnv) {
    ProcessBuilder pb = new ProcessBuilder(command(args)).directory(work.toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    config
        .path("Env")
        .forEach(
            e -> {
              String[] kv = e.asText().split("=", 2);
              env.put(kv[0], kv[1]);
            });
    // the host's PATH finds unshare and mount; the image's own PATH is the same list of directories
    env.putAll(extraEnv);
    return pb;
  }

  private Tools.Run runInImage(List<String> args, Map<String, String> env, int seconds)
      throws Exception {
    Path out = Files.createTempFile(work, "run-", ".out");
    Path err = Files.createTempFile(work, "run-", ".err");
    Process p = builder(args, env).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    long start = System.nanoTime();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the image's entrypoint did not finish within " + seconds + " s");
    }
    System.out.printf(
        "%s exited %d after %d ms%n",
        args, p.exitValue(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    return new Tools.Run(p.exitValue(), read(out), read(err));
  }

  private Process start(List<String> args, Map<String, String> env, Path out) throws IOException {
    Process p = builder(args, env).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    p.getOutputStream().close();
    return p;
  }

  /** Polls until 200, the process's end or the deadline; the last status (0: no answer). */
  private static int pollReadyz(int port, Process operator) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
    int status = 0;
    while (System.nanoTime() < deadline && operator.isAlive()) {
      try {
        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200) {
          return status;
        }
      } catch (IOException notYet) {
        status = 0;
      }
      Thread.sleep(250);
    }
    return status;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int uid() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
