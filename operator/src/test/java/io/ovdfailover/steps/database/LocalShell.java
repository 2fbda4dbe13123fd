package io.ovdfailover.steps.database;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link HostShell} for one simulated host of the test lab: runs the script with {@code sh -c} on
 * this machine, feeds stdin, with the host's environment (PATH with its systemctl, MYSQL_HOME with
 * its option files, HOME as its /root). Remembers what it ran; a hook may act after each command
 * (crash, tamper with data).
 */
final class LocalShell implements HostShell {
  /** Called after each command, with its result; may throw {@link SimulatedCrash}. */
  interface Hook {
    void after(LocalShell shell, Command command, CommandResult result);
  }

  /** The operator process dies here: nothing after this point of the pass runs. */
  static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(String message) {
      super(message);
    }
  }

  private final String name;
  private final Map<String, String> env;
  private final List<Command> ran = Collections.synchronizedList(new ArrayList<>());
  private volatile Hook hook = (s, c, r) -> {};
  private volatile java.util.function.Predicate<Command> killWhich = c -> false;
  private volatile java.nio.file.Path killReady;

  LocalShell(String name, Map<String, String> env) {
    this.name = name;
    this.env = Map.copyOf(env);
  }

  void hook(Hook h) {
    this.hook = h;
  }

  private volatile Process abandoned;

  /**
   * The operator dies while the first matching command runs, once {@code ready} exists: {@link
   * #run} throws {@link SimulatedCrash} and leaves the command running on the host, as a remote
   * command does when the SSH connection drops. {@link #killAbandoned()} kills it later.
   */
  void abandonDuring(java.util.function.Predicate<Command> which, java.nio.file.Path ready) {
    this.killWhich = which;
    this.killReady = ready;
  }

  /**
   * SIGKILL for the abandoned command: the shell first (so its trap cannot run), then its children.
   */
  void killAbandoned() throws InterruptedException {
    List<ProcessHandle> children = abandoned.descendants().toList();
    abandoned.destroyForcibly().waitFor();
    children.forEach(ProcessHandle::destroyForcibly);
  }

  List<Command> ran() {
    return List.copyOf(ran);
  }

  long mutatingRan() {
    return ran().stream().filter(Command::mutating).count();
  }

  @Override
  public String nodeName() {
    return name;
  }

  @Override
  public CommandResult run(Command command) throws HostException {
    long t0 = System.nanoTime();
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder("sh", "-c", command.script());
      pb.environment().putAll(env);
      p = pb.start();
    } catch (IOException e) {
      throw new HostException(HostException.Kind.UNREACHABLE, name, "cannot start sh", e);
    }
    AtomicReference<byte[]> out = new AtomicReference<>(new byte[0]);
    AtomicReference<byte[]> err = new AtomicReference<>(new byte[0]);
    Thread tOut = drain(p.getInputStream(), out);
    Thread tErr = drain(p.getErrorStream(), err);
    try (OutputStream in = p.getOutputStream()) {
      in.write(command.stdin());
    } catch (IOException e) {
      // the script exited without reading all of stdin: its exit code tells
    }
    if (killWhich.test(command)) {
      killWhich = c -> false;
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .pollInterval(java.time.Duration.ofMillis(20))
          .until(() -> java.nio.file.Files.exists(killReady));
      abandoned = p;
      ran.add(command);
      throw new SimulatedCrash("operator killed during '" + command.description() + "'");
    }
    try {
      if (!p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new HostException(
            HostException.Kind.TIMEOUT, name, "'" + command.description() + "' timed out");
      }
      tOut.join();
      tErr.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(HostException.Kind.TIMEOUT, name, "interrupted", e);
    }
    CommandResult r =
        new CommandResult(
            p.exitValue(),
            new String(out.get(), StandardCharsets.UTF_8),
            new String(err.get(), StandardCharsets.UTF_8),
            Duration.ofNanos(System.nanoTime() - t0));
    ran.add(command);
    hook.after(this, command, r);
    return r;
  }

  private static Thread drain(InputStream s, AtomicReference<byte[]> into) {
    Thread t =
        new Thread(
            () -> {
              try (s) {
                into.set(s.readAllBytes());
              } catch (IOException ignored) {
                // process gone
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
