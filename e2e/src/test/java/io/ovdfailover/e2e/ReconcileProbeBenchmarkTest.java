package io.ovdfailover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.converge.GuideConverger;
import io.ovdfailover.converge.Procedures;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.FactsProbe;
import io.ovdfailover.hosts.FactsProber;
import io.ovdfailover.hosts.FactsRequest;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.ssh.CommandCounter;
import io.ovdfailover.hosts.ssh.SshConnectionPool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The no-op reconcile probe over the lab's five nodes, beside the OpenSSH client doing nothing
 * ({@code ssh node true}) on the same nodes. A benchmark, not a test: it prints figures and runs
 * only with {@code -Dbenchmark=true} on a lab the operator has converged (see docs/host-engine.md
 * for the whole recipe):
 *
 * <pre>OVD_LAB_KEEP=1 mvn -B -q -o -pl operator,e2e test -Dtest=ReconcileProbeBenchmarkTest \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true</pre>
 *
 * The operator side is exactly what a converged pass reads ({@link GuideConverger#observe()}): the
 * facts probe on every node, with the Pacemaker state on the four cluster nodes and crm_mon + CIB
 * on the coordinator (the first quorum node is asked only when the coordinator has no quorate
 * view), over a warm connection pool; then each node's probe alone. Each is measured twice in turn:
 * reading everything (the nodes' {@code FactsMemory} forgotten) and with the change stamps the full
 * read left, as every later pass on a converged cluster runs. The OpenSSH side opens fresh
 * connections (no ControlMaster), as a script calling {@code ssh} would.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@ExtendWith(LabExtension.class)
class ReconcileProbeBenchmarkTest {
  static final int RUNS = Integer.getInteger("benchmark.runs", 30);

  @Test
  void noOpReconcileProbeBesideOpenSsh(Lab lab) throws Exception {
    // the SSH client's and the pool's INFO lines would be measured too
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    OvdFailoverClusterSpec spec = LabShells.sampleSpec();
    List<String> nodes = spec.allNodes().stream().map(n -> n.name).toList();
    for (String n : nodes) {
      requireLabRoute(lab.svcAddress(n));
    }
    CommandCounter counter = new CommandCounter();
    StringBuilder report = new StringBuilder();
    List<Long> full = new ArrayList<>();
    List<Long> probe = new ArrayList<>();
    Map<String, List<Long>> fullAlone = new LinkedHashMap<>();
    Map<String, List<Long>> alone = new LinkedHashMap<>();
    Map<String, List<Double>> fullHostCpu = new LinkedHashMap<>();
    Map<String, List<Double>> hostCpu = new LinkedHashMap<>();
    String coordinator = spec.sessionManagers.get(0).name;
    try (SshConnectionPool pool = LabShells.guardedPool(counter)) {
      Map<String, HostShell> shells = LabShells.shells(lab, pool, spec);
      // the probe only reads: no secret or database stage is needed to observe
      GuideConverger converger =
          new GuideConverger(spec, shells::get, new GuideConverger.Secrets("unused"), false, null);

      // warm the pool (connect, key exchange, auth) and check the lab is the converged cluster
      FactsProber.Result warm = converger.observe();
      assertThat(warm.failures()).as("every lab node answers").isEmpty();
      CrmMonStatus crm =
          io.ovdfailover.converge.ClusterView.choose(converger.clusterViewNodes(), warm.facts())
              .crmMon()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "no cluster view: converge the lab first (io.ovdfailover.dev.LabConverge)"));
      assertThat(crm.withQuorum()).as("the cluster view has quorum").isTrue();
      assertThat(crm.nodes())
          .as("four online cluster nodes")
          .hasSize(4)
          .allMatch(CrmMonStatus.Node::online);

      // A/B in turn, one pair per round: A reads everything (each node's memory forgotten first,
      // as the operator did before change stamps), B is the next pass with the memory A left,
      // what a converged operator does every minute
      counter.resetAll();
      for (int i = 0; i < RUNS; i++) {
        shells.values().forEach(ReconcileProbeBenchmarkTest::forget);
        long t0 = System.nanoTime();
        FactsProber.Result a = converger.observe();
        full.add(System.nanoTime() - t0);
        long t1 = System.nanoTime();
        FactsProber.Result b = converger.observe();
        probe.add(System.nanoTime() - t1);
        assertThat(a.failures()).isEmpty();
        assertThat(b.failures()).isEmpty();
        assertThat(b.facts().get(coordinator).crmMon())
            .isEqualTo(a.facts().get(coordinator).crmMon());
      }
      Map<String, CommandCounter.Counts> counts = counter.snapshot();

      // each node's probe alone, one node at a time: what a pass waits for when every node has a
      // CPU of its own (the lab's nodes share the host's 2 cores, so the parallel figures above
      // are also the sum of their CPU work); again full and stamped in turn
      Set<String> pacemaker =
          spec.pacemakerNodes().stream().map(n -> n.name).collect(Collectors.toSet());
      for (int i = 0; i < RUNS; i++) {
        for (String n : nodes) {
          FactsRequest request =
              Procedures.guideBuildRequest(spec)
                  .withPacemakerState(pacemaker.contains(n))
                  .withClusterState(n.equals(coordinator));
          HostShell shell = shells.get(n);
          forget(shell);
          long t0 = System.nanoTime();
          FactsProber.probeOne(shell, request);
          fullAlone.computeIfAbsent(n, k -> new ArrayList<>()).add(System.nanoTime() - t0);
          long t1 = System.nanoTime();
          FactsProber.probeOne(shell, request);
          alone.computeIfAbsent(n, k -> new ArrayList<>()).add(System.nanoTime() - t1);
          // the same probes, with the shell's `times` at its exit: the CPU it and its children
          // used on the host, what the operator costs the customer's VM per pass
          fullHostCpu
              .computeIfAbsent(n, k -> new ArrayList<>())
              .add(timedCpu(shell, FactsProbe.command(request)));
          hostCpu
              .computeIfAbsent(n, k -> new ArrayList<>())
              .add(
                  timedCpu(
                      shell,
                      FactsProbe.command(
                          request, shell.factsMemory().orElseThrow().stamps(request))));
        }
      }
      report.append(
          String.format(
              "%nno-op reconcile probe on the lab, %d nodes, %d runs of each, in turn, warm pool"
                  + " (load %s)%n",
              nodes.size(), RUNS, loadAverage()));
      report.append(
          String.format(
              "  operator (MINA sshd, GuideConverger.observe), full read:    median %7.1f ms  p90 %7.1f ms%n",
              ms(percentile(full, 50)), ms(percentile(full, 90))));
      report.append(
          String.format(
              "  operator (MINA sshd, GuideConverger.observe), change stamps: median %7.1f ms  p90 %7.1f ms"
                  + "  (%.2f x the full read; pair by pair: median %.2f)%n",
              ms(percentile(probe, 50)),
              ms(percentile(probe, 90)),
              ms(percentile(probe, 50)) / ms(percentile(full, 50)),
              medianRatio(probe, full)));
      for (String n : nodes) {
        CommandCounter.Counts c = counts.getOrDefault(n, CommandCounter.Counts.ZERO);
        report.append(
            String.format(
                "    %-5s commands per pass: %.2f (read %d, mutating %d)%n",
                n, c.total() / (2.0 * RUNS), c.read(), c.mutating()));
      }
    }

    report.append("  each node's probe alone (one node at a time), median, full -> stamped:");
    alone.forEach(
        (n, samples) ->
            report.append(
                String.format(
                    " %s %.1f -> %.1f ms",
                    n, ms(percentile(fullAlone.get(n), 50)), ms(percentile(samples, 50)))));
    report.append(
        String.format(
            "; slowest node %.1f -> %.1f ms%n",
            fullAlone.values().stream().mapToDouble(v -> ms(percentile(v, 50))).max().orElse(0),
            alone.values().stream().mapToDouble(v -> ms(percentile(v, 50))).max().orElse(0)));
    report.append(
        "  host CPU per probe (the shell and its children, user + system), mean, full -> stamped:");
    hostCpu.forEach(
        (n, samples) ->
            report.append(
                String.format(" %s %.1f -> %.1f ms", n, mean(fullHostCpu.get(n)), mean(samples))));
    report.append(
        String.format(
            "; all five %.1f -> %.1f ms%n",
            fullHostCpu.values().stream().mapToDouble(ReconcileProbeBenchmarkTest::mean).sum(),
            hostCpu.values().stream().mapToDouble(ReconcileProbeBenchmarkTest::mean).sum()));

    List<Long> openssh = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      openssh.add(openSshTrueOnAll(lab, nodes));
    }
    report.append(
        String.format(
            "  OpenSSH client (ssh node true, 5 in parallel, fresh connections): median %7.1f ms"
                + "  p90 %7.1f ms%n",
            ms(percentile(openssh, 50)), ms(percentile(openssh, 90))));
    report.append(
        String.format(
            "  ratio operator probe / OpenSSH true: %.2f (load after: %s)%n",
            ms(percentile(probe, 50)) / ms(percentile(openssh, 50)), loadAverage()));
    System.out.println(report);
  }

  /** The probe's CPU on the host: the shell's {@code times} at its exit. */
  private static double timedCpu(HostShell shell, Command probe) throws Exception {
    String timed = "trap 'times >&2' EXIT\n" + probe.script();
    return cpuMillis(shell.runChecked(Command.read("facts probe, timed", timed)).stderr());
  }

  private static double mean(List<Double> samples) {
    return samples.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  /** The median of b[i] / a[i]: each pair ran back to back, under the same load. */
  private static double medianRatio(List<Long> b, List<Long> a) {
    List<Double> r = new ArrayList<>();
    for (int i = 0; i < b.size(); i++) {
      r.add(b.get(i) / (double) a.get(i));
    }
    Collections.sort(r);
    return r.get(r.size() / 2);
  }

  /** A shell's facts memory, forgotten: its next probe reads everything. */
  private static void forget(HostShell shell) {
    shell.factsMemory().ifPresent(io.ovdfailover.hosts.FactsMemory::clear);
  }

  /**
   * The sum of the four figures POSIX {@code times} prints (the shell's user and system time, then
   * its children's), in milliseconds; clock ticks, so a mean over many runs is what counts.
   */
  static double cpuMillis(String times) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)m([0-9.]+)s").matcher(times);
    double ms = 0;
    while (m.find()) {
      ms += (Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2))) * 1000;
    }
    return ms;
  }

  /** Wall time of {@code ssh root@node true} to every node at once, each a new connection. */
  private static long openSshTrueOnAll(Lab lab, List<String> nodes) throws Exception {
    long t0 = System.nanoTime();
    List<Process> ps = new ArrayList<>();
    for (String n : nodes) {
      ps.add(
          new ProcessBuilder(
                  "ssh",
                  "-F",
                  "/dev/null",
                  "-o",
                  "BatchMode=yes",
                  "-o",
                  "ControlMaster=no",
                  "-o",
                  "ControlPath=none",
                  "-o",
                  "UserKnownHostsFile=" + lab.knownHosts(),
                  "-o",
                  "StrictHostKeyChecking=yes",
                  "-o",
                  "ConnectTimeout=5",
                  "-i",
                  lab.rootKey().toString(),
                  "root@" + lab.svcAddress(n),
                  "true")
              .redirectErrorStream(true)
              .start());
    }
    for (int i = 0; i < ps.size(); i++) {
      Process p = ps.get(i);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("ssh " + nodes.get(i) + " true did not finish in 30 s");
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(
            "ssh "
                + nodes.get(i)
                + " true failed: "
                + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return System.nanoTime() - t0;
  }

  /** Nothing is sent to a lab address unless the host routes it through the lab's own veth. */
  private static void requireLabRoute(String address) throws Exception {
    Process p = new ProcessBuilder("ip", "route", "get", address).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    if (!out.contains(" dev ovdlab0 ")) {
      throw new IllegalStateException(
          "refusing to reach "
              + address
              + ": not routed via ovdlab0 (is the lab up?): "
              + out.strip());
    }
  }

  private static String loadAverage() throws Exception {
    return Files.readString(Path.of("/proc/loadavg"))
        .strip()
        .replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
  }

  private static long percentile(List<Long> samples, int p) {
    List<Long> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
