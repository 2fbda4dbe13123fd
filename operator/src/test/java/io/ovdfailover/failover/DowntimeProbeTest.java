package io.ovdfailover.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's loop run for real by the local shell against a local HTTP server that stands for the
 * Session Manager behind the VIP. No fixed sleeps: the test waits for requests to arrive.
 */
class DowntimeProbeTest {
  @TempDir Path dir;

  private final AtomicBoolean serving = new AtomicBoolean(true);
  private final AtomicInteger answered = new AtomicInteger();

  private HttpServer server() throws Exception {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/ovd/",
        ex -> {
          // an outage: the service answers 503 (Apache up, the Session Manager not)
          int status = serving.get() ? 200 : 503;
          if (status == 200) answered.incrementAndGet();
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    http.start();
    return http;
  }

  private CompletableFuture<String> run(int port, Path stop) {
    String script = DowntimeProbe.script("127.0.0.1", port, "/ovd/", stop.toString());
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void anOutageInTheMiddleIsTheLongestGap() throws Exception {
    HttpServer http = server();
    try {
      Path stop = dir.resolve("stop");
      CompletableFuture<String> probe = run(http.getAddress().getPort(), stop);
      await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() >= 3);
      serving.set(false);
      int before = answered.get();
      long outageStart = System.nanoTime();
      // at least a second of 503s, as the probe counts them
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> System.nanoTime() - outageStart > 1_000_000_000L);
      assertThat(answered.get()).isEqualTo(before);
      serving.set(true);
      await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() >= before + 3);
      Files.createFile(stop);
      DowntimeProbe.Result r = DowntimeProbe.parse(probe.get()).orElseThrow();
      assertThat(r.longestGapSeconds()).isBetween(1.0, 5.0);
      assertThat(r.failed()).isGreaterThanOrEqualTo(3);
      assertThat(r.probes()).isGreaterThan(r.failed());
      assertThat(stop).as("the loop removes its stop file").doesNotExist();
    } finally {
      http.stop(0);
    }
  }

  @Test
  void withoutAnOutageTheGapIsAboutTheInterval() throws Exception {
    HttpServer http = server();
    try {
      Path stop = dir.resolve("stop");
      CompletableFuture<String> probe = run(http.getAddress().getPort(), stop);
      await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() >= 5);
      Files.createFile(stop);
      DowntimeProbe.Result r = DowntimeProbe.parse(probe.get()).orElseThrow();
      assertThat(r.failed()).isZero();
      assertThat(r.longestGapSeconds()).isGreaterThanOrEqualTo(0.1).isLessThan(1.0);
    } finally {
      http.stop(0);
    }
  }

  @Test
  void nothingAnsweringGivesNoFigure() throws Exception {
    HttpServer http = server();
    int port = http.getAddress().getPort();
    http.stop(0); // the port refuses: the VIP is nowhere
    Path stop = dir.resolve("stop");
    CompletableFuture<String> probe = run(port, stop);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Files.exists(stop) || stopAfter(stop, 5));
    String out = probe.get();
    assertThat(out).contains("longest_gap_ms=-1");
    assertThat(DowntimeProbe.parse(out)).isEmpty();
  }

  private int polls;

  /** Lets the loop run a few rounds, then asks it to stop. */
  private boolean stopAfter(Path stop, int rounds) throws Exception {
    if (++polls >= rounds) Files.createFile(stop);
    return polls >= rounds;
  }

  @Test
  void theResultLineParses() {
    assertThat(DowntimeProbe.parse("x\nlongest_gap_ms=2350 probes=40 failed=18\n"))
        .contains(new DowntimeProbe.Result(2.35, 40, 18));
    assertThat(DowntimeProbe.parse("")).isEmpty();
  }
}
