package io.ovdfailover.hosts.ssh;

import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.channels.InterruptedByTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Turns what went wrong into a {@link HostException} whose message tells the user what to check.
 */
final class SshFailures {
  private SshFailures() {}

  /** How far a dial got before it failed. */
  enum Stage {
    /** No TCP connection. */
    TCP,
    /** TCP connected; no finished key exchange. */
    HANDSHAKE,
    /** Key exchange done, host key accepted; the login did not complete. */
    LOGIN
  }

  /** A failed connect, handshake or login. */
  static HostException connectFailed(
      IOException e,
      Stage stage,
      SshTarget t,
      String where,
      PinnedHostKeyVerifier verifier,
      Duration connectTimeout) {
    String node = t.node();
    if (verifier.refused()) {
      String presented = verifier.presentedType() + " " + verifier.presentedFingerprint();
      if (verifier.pin() == null) {
        return new HostException(
            Kind.HOST_KEY_UNKNOWN,
            node,
            "no host key is pinned for "
                + where
                + ", which "
                + "presented "
                + presented
                + "; verify it out of band (`ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub` "
                + "on the node) and set spec.ssh.hostKey, or set trustOnFirstUse: true");
      }
      return new HostException(
          Kind.HOST_KEY_MISMATCH,
          node,
          "host key mismatch for "
              + where
              + ": expected "
              + verifier.pin()
              + ", presented "
              + presented
              + "; if the node was reinstalled, verify the new key out "
              + "of band and update spec.ssh.hostKey");
    }
    if (stage == Stage.LOGIN && !timedOut(e)) {
      return new HostException(
          Kind.AUTH_FAILED,
          node,
          where
              + " refused the "
              + t.identity().keyType()
              + " key for user '"
              + t.user()
              + "': is its public key in ~"
              + t.user()
              + "/.ssh/authorized_keys?");
    }
    if (hasCause(e, ConnectException.class)) {
      return new HostException(
          Kind.UNREACHABLE,
          node,
          "connection refused by " + where + ": is sshd running and the port right?");
    }
    if (hasCause(e, NoRouteToHostException.class)) {
      return new HostException(
          Kind.UNREACHABLE,
          node,
          "no route to " + where + ": is the host up and the address right?");
    }
    if (stage == Stage.TCP && timedOut(e)) {
      return new HostException(
          Kind.UNREACHABLE,
          node,
          "no answer from "
              + where
              + " within "
              + seconds(connectTimeout)
              + ": is the host up, and does a firewall drop SSH?");
    }
    if (stage == Stage.HANDSHAKE && timedOut(e)) {
      return new HostException(
          Kind.UNREACHABLE,
          node,
          where
              + " accepted the TCP connection but completed no "
              + "SSH handshake within "
              + seconds(connectTimeout)
              + ": is it an SSH server, and not overloaded?");
    }
    return new HostException(
        Kind.UNREACHABLE, node, "cannot connect to " + where + ": " + e.getMessage(), e);
  }

  /** sudo's own refusal is an access problem of the node, not a failure of the script. */
  static void checkSudo(SshTarget t, CommandResult r) throws HostException {
    if (!t.sudo() || r.exitCode() != 1 || r.stderr() == null) {
      return;
    }
    String err = r.stderr().strip();
    if (err.startsWith("sudo: a password is required")
        || err.startsWith("sudo: a terminal is required")
        || err.contains("you must have a tty to run sudo")
        || err.contains("is not in the sudoers file")
        || err.contains("is not allowed to execute")) {
      throw new HostException(
          Kind.AUTH_FAILED,
          t.node(),
          "user '"
              + t.user()
              + "' cannot run commands through "
              + "`sudo -n` without a password and a tty ("
              + r.stderrTail(120)
              + "); add a sudoers drop-in: `"
              + t.user()
              + " ALL=(ALL) NOPASSWD: ALL` and `Defaults:"
              + t.user()
              + " !requiretty`");
    }
  }

  /**
   * A wait that ran out: the client's own timeouts say so only in their message ("timeout", "timed
   * out"), the socket's by type.
   */
  static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
      if (t instanceof SocketTimeoutException
          || t instanceof TimeoutException
          || t instanceof InterruptedByTimeoutException
          || m.contains("timeout")
          || m.contains("timed out")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
