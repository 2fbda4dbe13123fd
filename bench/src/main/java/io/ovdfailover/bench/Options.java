package io.ovdfailover.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's command line: {@code --name=value} each.
 *
 * @param repo the repository's top directory
 * @param clusters labs in the loaded run
 * @param duration how long the loaded run is measured once every cluster is Ready
 * @param idle how long the one-cluster run is measured; zero skips it
 * @param sample time between two samples
 * @param suite the recordings the hosts answer with (a directory under
 *     operator/src/test/resources/facts)
 * @param out where the results go
 * @param readyTimeout how long to wait for every cluster to be Ready before measuring anyway
 * @param operatorJvm JVM options added after the chart's (space-separated), to try other settings
 * @param operatorEnv environment variables added to the chart's ({@code K=V,K=V}), to try other
 *     settings
 * @param diagnostics after the measurement, a class histogram and a thread dump of the operator
 *     (jcmd; a few seconds each)
 */
record Options(
    Path repo,
    int clusters,
    Duration duration,
    Duration idle,
    Duration sample,
    String suite,
    Path out,
    Duration readyTimeout,
    List<String> operatorJvm,
    java.util.Map<String, String> operatorEnv,
    boolean diagnostics) {

  static Options parse(String[] args) {
    Path repo = Path.of(".");
    int clusters = 100;
    Duration duration = Duration.ofMinutes(2);
    Duration idle = Duration.ofMinutes(1);
    Duration sample = Duration.ofSeconds(10);
    String suite = "debian-13-lab";
    Path out = null;
    Duration readyTimeout = Duration.ofMinutes(10);
    List<String> jvm = List.of();
    boolean diagnostics = true;
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --name=value, not " + a);
      }
      String v = a.substring(eq + 1);
      switch (a.substring(2, eq)) {
        case "repo" -> repo = Path.of(v);
        case "clusters" -> clusters = Integer.parseInt(v);
        case "duration" -> duration = duration(v);
        case "idle" -> idle = duration(v);
        case "sample" -> sample = duration(v);
        case "suite" -> suite = v;
        case "out" -> out = Path.of(v);
        case "ready-timeout" -> readyTimeout = duration(v);
        case "operator-jvm" -> jvm = Arrays.stream(v.split(" ")).filter(s -> !s.isBlank()).toList();
        case "diagnostics" -> diagnostics = Boolean.parseBoolean(v);
        case "operator-env" -> {
          for (String kv : v.split(",")) {
            int e = kv.indexOf('=');
            if (e > 0) {
              env.put(kv.substring(0, e), kv.substring(e + 1));
            }
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    repo = repo.toAbsolutePath().normalize();
    return new Options(
        repo,
        clusters,
        duration,
        idle,
        sample,
        suite,
        out == null ? repo.resolve("bench/target/bench100") : out.toAbsolutePath(),
        readyTimeout,
        jvm,
        env,
        diagnostics);
  }

  /** 30s, 10m, 1h, or plain seconds. */
  static Duration duration(String v) {
    String s = v.strip();
    if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
    if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
    if (s.endsWith("h")) return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
    return Duration.ofSeconds(Long.parseLong(s));
  }
}
