package io.ovdfailover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Helm chart's defaults (charts/ovd-failover-operator/values.yaml) give the operator's
 * container, read so that the benchmark runs the operator as the chart would: its JVM options, its
 * memory and CPU limits (as the JVM would see them in the container), its settings, and how often
 * its ServiceMonitor has Prometheus scrape /metrics.
 */
record ChartSettings(
    String javaToolOptions,
    long memoryLimitBytes,
    int cpuLimit,
    Map<String, String> env,
    long scrapeIntervalSeconds) {

  static ChartSettings read(Path repo) throws IOException {
    JsonNode v =
        new YAMLMapper()
            .readTree(repo.resolve("charts/ovd-failover-operator/values.yaml").toFile());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LOG_FORMAT", v.path("logFormat").asText("json"));
    env.put("LOG_LEVEL", v.path("logLevel").asText("INFO"));
    env.put("OBSERVE_INTERVAL", v.path("observeIntervalSeconds").asInt(60) + "s");
    env.put("RETRY_INTERVAL", v.path("retryIntervalSeconds").asInt(30) + "s");
    env.put("WATCH_INTERVAL", v.path("watchIntervalSeconds").asInt(5) + "s");
    env.put("LEADER_ELECTION", Boolean.toString(v.at("/leaderElection/enabled").asBoolean(true)));
    env.put("LEASE_NAME", v.at("/leaderElection/leaseName").asText("ovd-failover-operator"));
    String arenas = v.path("mallocArenaMax").asText("");
    if (!arenas.isBlank()) {
      env.put("MALLOC_ARENA_MAX", arenas);
    }
    return new ChartSettings(
        v.path("javaToolOptions").asText(""),
        bytes(v.at("/resources/limits/memory").asText("512Mi")),
        cpus(v.at("/resources/limits/cpu").asText("1")),
        env,
        Options.duration(v.at("/metrics/serviceMonitor/interval").asText("30s")).toSeconds());
  }

  /** Kubernetes quantities as the chart writes memory: 512Mi, 1Gi, 300M, plain bytes. */
  static long bytes(String quantity) {
    String q = quantity.strip();
    Map<String, Long> units =
        Map.of(
            "Ki",
            1L << 10,
            "Mi",
            1L << 20,
            "Gi",
            1L << 30,
            "K",
            1000L,
            "M",
            1000_000L,
            "G",
            1000_000_000L);
    for (var u : units.entrySet()) {
      if (q.endsWith(u.getKey())) {
        return Long.parseLong(q.substring(0, q.length() - u.getKey().length())) * u.getValue();
      }
    }
    return Long.parseLong(q);
  }

  /** A CPU limit as the JVM rounds it in a container: 1, 2, 500m (one), 1500m (two). */
  static int cpus(String quantity) {
    String q = quantity.strip();
    double n =
        q.endsWith("m")
            ? Double.parseDouble(q.substring(0, q.length() - 1)) / 1000
            : Double.parseDouble(q);
    return Math.max(1, (int) Math.ceil(n));
  }
}
