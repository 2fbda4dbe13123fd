package io.ovdfailover.hosts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test utility: a {@link HostShell} that runs commands on this machine with {@code sh -c}, feeding
 * stdin, the way the SSH transport runs them on a node. Used to run the probe and steps for real in
 * tests.
 */
public final class LocalShell implements HostShell {
  private final String nodeName;
  private final String shell;
  private final Map<String, String> env;

  public LocalShell(String nodeName) {
    this(nodeName, "sh", Map.of());
  }

  /**
   * @param shell {@code sh} (dash on Debian), {@code dash} or {@code bash}
   * @param env extra environment, e.g. {@code CIB_file} to point crm_mon and cibadmin at a CIB file
   */
  public LocalShell(String nodeName, String shell, Map<String, String> env) {
    this.nodeName = nodeName;
    this.shell = shell;
    this.env = Map.copyOf(env);
  }

  @Override
  public String nodeName() {
    return nodeName;
  }

  @Override
  public CommandResult run(Command command) throws HostException {
    long t0 = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(shell, "-c", command.script());
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new HostException(
          HostException.Kind.UNREACHABLE,
          nodeName,
          "cannot start " + shell + ": " + e.getMessage(),
          e);
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    try (OutputStream in = p.getOutputStream()) {
      in.write(command.stdin());
    } catch (IOException e) {
      // the script may exit without reading stdin: its exit code tells
    }
    try {
      if (!p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new HostException(
            HostException.Kind.TIMEOUT,
            nodeName,
            "'" + command.description() + "' did not finish within " + command.timeout());
      }
      return new CommandResult(
          p.exitValue(), out.join(), err.join(), Duration.ofNanos(System.nanoTime() - t0));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new HostException(HostException.Kind.TIMEOUT, nodeName, "interrupted", e);
    }
  }

  private static String drain(InputStream s) {
    try (s) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      s.transferTo(b);
      return b.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
