package io.ovdfailover.pacemaker;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands on this machine with {@code CIB_file} set, so that the real pcs, cibadmin and
 * crm_diff work on a CIB file instead of a running cluster. Counts the mutating commands it runs.
 */
final class CibFileShell implements HostShell {
  private final Path cibFile;
  int mutating;

  CibFileShell(Path cibFile) {
    this.cibFile = cibFile;
  }

  @Override
  public String nodeName() {
    return "local-cib-file";
  }

  @Override
  public CommandResult run(Command command) throws HostException {
    long t0 = System.nanoTime();
    try {
      ProcessBuilder pb = new ProcessBuilder("sh", "-c", command.script());
      pb.environment().put("CIB_file", cibFile.toString());
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(command.stdin());
      }
      if (!p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new HostException(
            HostException.Kind.TIMEOUT, nodeName(), command.description() + " timed out");
      }
      if (command.mutating()) {
        mutating++;
      }
      return new CommandResult(
          p.exitValue(),
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
          new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8),
          Duration.ofNanos(System.nanoTime() - t0));
    } catch (java.io.IOException e) {
      throw new HostException(HostException.Kind.UNREACHABLE, nodeName(), e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(HostException.Kind.TIMEOUT, nodeName(), "interrupted", e);
    }
  }
}
