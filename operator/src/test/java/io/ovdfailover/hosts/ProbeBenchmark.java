package io.ovdfailover.hosts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Benchmark, not a test: medians of the whole facts probe on this machine and of the two ways to
 * learn pcs's capabilities (starting pcs, or reading pcsd's capabilities.xml). Run after {@code mvn
 * test-compile}: {@code java -cp operator/target/classes:operator/target/test-classes
 * io.ovdfailover.hosts.ProbeBenchmark 15}
 */
public final class ProbeBenchmark {
  private ProbeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    LocalShell shell = new LocalShell("local");
    Command probe = FactsProbe.command(Fixtures.guideRequest());
    Command probeWithCluster = FactsProbe.command(Fixtures.guideRequest().withClusterState(true));
    Command pcsFull = Command.read("pcs --version --full", "pcs --version --full >/dev/null");
    Command capFile =
        Command.read(
            "capabilities.xml",
            "sed -n 's/.*<capability id=\"\\([^\"]*\\)\" in-pcs=\"1\".*/"
                + "\\1/p' /usr/share/pcsd/capabilities.xml | tr '\\n' ' ' >/dev/null");
    shell.runChecked(probe); // warm the page cache
    double p = median(shell, probe, runs);
    double pc = median(shell, probeWithCluster, runs);
    double full = median(shell, pcsFull, runs);
    double file = median(shell, capFile, runs);
    System.out.printf(
        "runs=%d load=%s%n",
        runs,
        shell.runChecked(Command.read("load", "cut -d' ' -f1-3 /proc/loadavg")).stdout().strip());
    System.out.printf("facts probe (standard request)      median %7.1f ms%n", p);
    System.out.printf("facts probe (with crm_mon + CIB)    median %7.1f ms%n", pc);
    System.out.printf("pcs --version --full                median %7.1f ms%n", full);
    System.out.printf("sed capabilities.xml                median %7.1f ms%n", file);
    System.out.printf("ratio pcs --version --full / capabilities.xml: %.1fx%n", full / file);
  }

  private static double median(LocalShell shell, Command c, int runs) throws HostException {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      shell.runChecked(c);
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    Collections.sort(ms);
    return runs % 2 == 1 ? ms.get(runs / 2) : (ms.get(runs / 2 - 1) + ms.get(runs / 2)) / 2;
  }
}
