package io.ovdfailover.hosts.ssh;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started command on its channel: feeds stdin, collects stdout and stderr, waits for the exit
 * status within the command's timeout, and stops the remote process when that runs out. The
 * client's I/O threads write the output into memory as it arrives: no thread waits on a command.
 */
final class RemoteExecution {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteExecution.class);
  private static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

  private final ChannelExec channel;
  private final Command command;
  private final SshTarget target;
  private final Output stdout = new Output();
  private final Output stderr = new Output();

  /** A channel not opened yet: {@link #await} opens it. */
  RemoteExecution(ChannelExec channel, Command command, SshTarget target) {
    this.channel = channel;
    this.command = command;
    this.target = target;
    channel.setOut(stdout);
    channel.setErr(stderr);
  }

  /**
   * Feeds stdin (then EOF, so that a script reading it ends) and waits until the command ends or
   * {@code deadline} ({@link System#nanoTime()}) passes.
   */
  CommandResult await(long start, long deadline) throws HostException {
    feedStdin();
    Set<ClientChannelEvent> events =
        channel.waitFor(
            EnumSet.of(ClientChannelEvent.CLOSED),
            Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    if (!events.contains(ClientChannelEvent.CLOSED)) {
      boolean lost = !channel.getSession().isOpen();
      abandon();
      if (!lost) {
        throw new HostException(
            Kind.TIMEOUT,
            target.node(),
            "'"
                + command.description()
                + "' did not finish within "
                + SshFailures.seconds(command.timeout())
                + " and was stopped");
      }
    }
    if (channel.getExitStatus() == null
        && channel.getExitSignal() == null
        && !channel.getSession().isOpen()) {
      throw new HostException(
          Kind.UNREACHABLE,
          target.node(),
          "connection to "
              + target.address()
              + " was lost while running '"
              + command.description()
              + "' (it may or may not have completed)");
    }
    return new CommandResult(
        exitCode(), stdout.text(), stderr.text(), Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Asks the remote process to stop (coreutils {@code timeout} forwards the signal to the script's
   * process group) and closes the channel. The signal is a plain channel request (RFC 4254 6.9):
   * the client has no call for it.
   */
  private void abandon() {
    try {
      Buffer signal = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
      signal.putUInt(channel.getRecipient());
      signal.putString("signal");
      signal.putBoolean(false);
      signal.putString("TERM");
      channel.writePacket(signal);
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: could not signal the command: {}", target.node(), e.toString());
    }
    channel.close(false);
  }

  private int exitCode() {
    Integer status = channel.getExitStatus();
    if (status != null) {
      return status;
    }
    String signal = channel.getExitSignal();
    return signal == null ? 255 : 128 + signalNumber(signal);
  }

  /** Linux numbers, so that a killed command reads like it does in a shell ($? = 128 + n). */
  private static int signalNumber(String s) {
    return switch (s) {
      case "HUP" -> 1;
      case "INT" -> 2;
      case "QUIT" -> 3;
      case "ILL" -> 4;
      case "ABRT" -> 6;
      case "FPE" -> 8;
      case "KILL" -> 9;
      case "USR1" -> 10;
      case "SEGV" -> 11;
      case "USR2" -> 12;
      case "PIPE" -> 13;
      case "ALRM" -> 14;
      case "TERM" -> 15;
      default -> 127;
    };
  }

  /**
   * Writes stdin and closes it, so the script sees EOF; nothing about its content is ever logged.
   */
  private void feedStdin() {
    byte[] stdin = command.stdin();
    try (OutputStream in = channel.getInvertedIn()) {
      if (stdin.length > 0) {
        in.write(stdin);
        in.flush();
      }
    } catch (IOException e) {
      LOG.debug(
          "{}: stdin not fully delivered ({} bytes): {}",
          target.node(),
          stdin.length,
          e.getClass().getName());
    }
  }

  /** Output kept in memory up to {@link #MAX_OUTPUT_BYTES}; the rest is read and dropped. */
  private static final class Output extends ByteArrayOutputStream {
    @Override
    public synchronized void write(byte[] b, int off, int len) {
      super.write(b, off, Math.max(0, Math.min(len, MAX_OUTPUT_BYTES - count)));
    }

    @Override
    public synchronized void write(int b) {
      if (count < MAX_OUTPUT_BYTES) {
        super.write(b);
      }
    }

    synchronized String text() {
      return new String(buf, 0, count, StandardCharsets.UTF_8);
    }
  }
}
