package io.ovdfailover.hosts.ssh;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started command on its channel: feeds stdin, collects stdout and stderr, waits for the exit
 * status within the command's timeout, and stops the remote process when that runs out.
 */
final class RemoteExecution {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteExecution.class);
  private static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

  private final Session.Command channel;
  private final Command command;
  private final SshTarget target;
  private final ExecutorService io;
  private final Duration outputWait;

  /**
   * @param io threads for the stdin writer and the two output readers (they block on channel data)
   * @param outputWait how long to wait for the readers once the channel closed
   */
  RemoteExecution(
      Session.Command channel,
      Command command,
      SshTarget target,
      ExecutorService io,
      Duration outputWait) {
    this.channel = channel;
    this.command = command;
    this.target = target;
    this.io = io;
    this.outputWait = outputWait;
  }

  /** Waits until the command ends or {@code deadline} ({@link System#nanoTime()}) passes. */
  CommandResult await(long start, long deadline) throws HostException {
    // Both outputs are read at once: a command filling stderr while stdout is read would otherwise
    // stall.
    Future<byte[]> stdout = io.submit(() -> drain(channel.getInputStream()));
    Future<byte[]> stderr = io.submit(() -> drain(channel.getErrorStream()));
    io.submit(this::feedStdin);
    try {
      channel.join(
          Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
          TimeUnit.MILLISECONDS);
    } catch (ConnectionException e) {
      // decide before abandoning: abandon() closes the channel on another thread, and a closed
      // channel would
      // otherwise turn this timeout into "connection lost" whenever that close wins the race
      boolean timedOut = SshFailures.hasCause(e, TimeoutException.class) && channel.isOpen();
      abandon(stdout, stderr);
      if (timedOut) {
        throw new HostException(
            Kind.TIMEOUT,
            target.node(),
            "'"
                + command.description()
                + "' did not finish "
                + "within "
                + SshFailures.seconds(command.timeout())
                + " and was stopped");
      }
      throw new HostException(
          Kind.UNREACHABLE,
          target.node(),
          "connection to "
              + target.address()
              + " was lost while running '"
              + command.description()
              + "' (it may or may not have completed): "
              + e.getMessage(),
          e);
    }
    String out = text(stdout);
    String err = text(stderr);
    return new CommandResult(exitCode(), out, err, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Asks the remote process to stop (coreutils {@code timeout} forwards the signal to the script's
   * process group), frees the output readers, and closes the channel off the caller's thread.
   */
  private void abandon(Future<byte[]> stdout, Future<byte[]> stderr) {
    try {
      channel.signal(Signal.TERM);
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: could not signal the command: {}", target.node(), e.toString());
    }
    // Interrupting the readers (instead of closing the streams) keeps late data from tearing down
    // the connection.
    stdout.cancel(true);
    stderr.cancel(true);
    io.submit(
        () -> {
          try {
            channel.close();
          } catch (IOException e) {
            LOG.debug("{}: closing an abandoned channel: {}", target.node(), e.toString());
          }
        });
  }

  private int exitCode() {
    Integer status = channel.getExitStatus();
    if (status != null) {
      return status;
    }
    Signal signal = channel.getExitSignal();
    return signal == null ? 255 : 128 + signalNumber(signal);
  }

  /** Linux numbers, so that a killed command reads like it does in a shell ($? = 128 + n). */
  private static int signalNumber(Signal s) {
    return switch (s) {
      case HUP -> 1;
      case INT -> 2;
      case QUIT -> 3;
      case ILL -> 4;
      case ABRT -> 6;
      case FPE -> 8;
      case KILL -> 9;
      case USR1 -> 10;
      case SEGV -> 11;
      case USR2 -> 12;
      case PIPE -> 13;
      case ALRM -> 14;
      case TERM -> 15;
      default -> 127;
    };
  }

  private static byte[] drain(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) != -1) {
      if (buffer.size() < MAX_OUTPUT_BYTES) {
        buffer.write(chunk, 0, Math.min(n, MAX_OUTPUT_BYTES - buffer.size()));
      }
    }
    return buffer.toByteArray();
  }

  /**
   * Writes stdin and closes it, so the script sees EOF; nothing about its content is ever logged.
   */
  private void feedStdin() {
    byte[] stdin = command.stdin();
    try (OutputStream out = channel.getOutputStream()) {
      if (stdin.length > 0) {
        out.write(stdin);
        out.flush();
      }
    } catch (IOException e) {
      LOG.debug(
          "{}: stdin not fully delivered ({} bytes): {}",
          target.node(),
          stdin.length,
          e.getClass().getName());
    }
  }

  private String text(Future<byte[]> output) throws HostException {
    try {
      return new String(
          output.get(outputWait.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(
          Kind.TIMEOUT,
          target.node(),
          "interrupted while reading the output of '" + command.description() + "'");
    } catch (ExecutionException | TimeoutException e) {
      throw new HostException(
          Kind.UNREACHABLE,
          target.node(),
          "the output of '"
              + command.description()
              + "' on "
              + target.address()
              + " could not be read: "
              + e,
          e);
    }
  }
}
