package io.ovdfailover.failover;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.hosts.ShellQuote;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user of the Session Manager sees during a failover test: from a node that takes no part in
 * the move (a quorum node), the Session Manager's page is asked for through the VIP every 100 ms,
 * and the longest time between two answers is the client-observed downtime. The operator's
 * switchover figure (all six resources started) says when Pacemaker is done; this one says how long
 * nobody could reach the service.
 *
 * <p>The probe is one shell loop on the observer, a long-running read command beside the test. It
 * ends when the operator touches its stop file (after the switchover), or at its own deadline, so
 * an operator that dies mid-test leaves nothing running. Each request has a 0.5 s limit: while the
 * VIP is nowhere, a connect would otherwise wait for TCP's own timeout.
 */
final class DowntimeProbe {
  /** Between two requests: the 100 ms resolution. */
  static final Duration INTERVAL = Duration.ofMillis(100);

  /** The probe stops itself after this long even if nobody touches its stop file. */
  static final Duration MAX = Duration.ofSeconds(150);

  private static final Pattern RESULT =
      Pattern.compile("longest_gap_ms=(-?\\d+) probes=(\\d+) failed=(\\d+)");

  /** The longest gap between two answers through the VIP, and how many requests went unanswered. */
  record Result(double longestGapSeconds, int probes, int failed) {}

  private final HostShell observer;
  private final String stopFile;
  private final CompletableFuture<CommandResult> running;

  private DowntimeProbe(HostShell observer, String stopFile, CompletableFuture<CommandResult> run) {
    this.observer = observer;
    this.stopFile = stopFile;
    this.running = run;
  }

  /** Starts the loop on {@code observer}; it asks {@code http://vip/path} until stopped. */
  static DowntimeProbe start(HostShell observer, String requestId, String vip, String path) {
    String stopFile = "/run/ovd-failover-downtime-" + requestId.replaceAll("[^A-Za-z0-9_.-]", "_");
    Command loop =
        Command.read("client-observed downtime probe", script(vip, path, stopFile))
            .withTimeout(MAX.plusSeconds(30));
    CompletableFuture<CommandResult> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return observer.run(loop);
              } catch (HostException e) {
                throw new CompletionException(e);
              }
            });
    return new DowntimeProbe(observer, stopFile, run);
  }

  /**
   * The loop. An answer is an HTTP status line of 2xx or 3xx, read over bash's /dev/tcp (no curl or
   * wget needed on a quorum node). Times are the observer's own clock in milliseconds; the gap is
   * measured between answers, so it includes the failed requests' own time limits.
   */
  static String script(String vip, String path, String stopFile) {
    return script(vip, 80, path, stopFile);
  }

  static String script(String vip, int port, String path, String stopFile) {
    String request =
        "printf 'GET %s HTTP/1.0\\r\\nHost: %s\\r\\nConnection: close\\r\\n\\r\\n' "
            + ShellQuote.quote(path)
            + " "
            + ShellQuote.quote(vip)
            + " >&3";
    String once =
        "exec 3<>/dev/tcp/"
            + vip
            + "/"
            + port
            + " && "
            + request
            + " && IFS= read -r line <&3 && case \"$line\" in \"HTTP/1.\"?\" \"[23]*) exit 0;; esac; exit 1";
    return "stop="
        + ShellQuote.quote(stopFile)
        + "; rm -f \"$stop\"\n"
        + "end=$(( $(date +%s) + "
        + MAX.toSeconds()
        + " )); last=; gap=-1; probes=0; failed=0\n"
        + "while [ ! -e \"$stop\" ] && [ \"$(date +%s)\" -lt \"$end\" ]; do\n"
        + "  probes=$((probes + 1))\n"
        + "  if timeout 0.5 bash -c "
        + ShellQuote.quote(once)
        + " 2>/dev/null; then\n"
        + "    now=$(date +%s%3N)\n"
        + "    if [ -n \"$last\" ] && [ $((now - last)) -gt \"$gap\" ]; then gap=$((now - last)); fi\n"
        + "    last=$now\n"
        + "  else failed=$((failed + 1)); fi\n"
        + "  sleep "
        + INTERVAL.toMillis() / 1000.0
        + "\n"
        + "done\n"
        + "rm -f \"$stop\"\n"
        + "echo \"longest_gap_ms=$gap probes=$probes failed=$failed\"\n";
  }

  /**
   * Stops the loop and reads its figure; empty when the probe could not run or never saw two
   * answers (then there is no gap to speak of, and the test's own checks say what went wrong).
   */
  Optional<Result> stop() {
    try {
      observer.run(
          Command.change("stop the downtime probe", "touch " + ShellQuote.quote(stopFile)));
      CommandResult r = running.get(10, TimeUnit.SECONDS);
      return parse(r.stdout());
    } catch (HostException
        | TimeoutException
        | RuntimeException
        | java.util.concurrent.ExecutionException e) {
      running.cancel(true);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  static Optional<Result> parse(String stdout) {
    Matcher m = RESULT.matcher(stdout == null ? "" : stdout);
    if (!m.find() || Long.parseLong(m.group(1)) < 0) return Optional.empty();
    return Optional.of(
        new Result(
            Long.parseLong(m.group(1)) / 1000.0,
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3))));
  }
}
