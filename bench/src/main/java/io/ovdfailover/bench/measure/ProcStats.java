package io.ovdfailover.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory, threads and CPU time from /proc (Linux): what the kernel charges it,
 * as a container's memory limit would see it.
 *
 * @param rssBytes VmRSS: resident anonymous, file and shared memory
 * @param rssAnonBytes RssAnon: heap, stacks, malloc arenas, metaspace (what grows with load)
 * @param threads the Threads line
 * @param cpuSeconds user + system time since the process started
 */
public record ProcStats(long rssBytes, long rssAnonBytes, int threads, double cpuSeconds) {
  /** USER_HZ: the unit of utime and stime; 100 on Linux for x86 and arm. */
  private static final double TICKS_PER_SECOND = 100.0;

  public static ProcStats of(long pid) throws IOException {
    long rss = 0;
    long anon = 0;
    int threads = 0;
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = kib(line);
      } else if (line.startsWith("RssAnon:")) {
        anon = kib(line);
      } else if (line.startsWith("Threads:")) {
        threads = Integer.parseInt(line.substring("Threads:".length()).strip());
      }
    }
    // fields after the command name, which is in parentheses and may hold spaces
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after "pid (comm) "
    double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    return new ProcStats(rss, anon, threads, cpu);
  }

  private static long kib(String line) {
    String[] parts = line.split("\\s+");
    return Long.parseLong(parts[1]) * 1024;
  }
}
