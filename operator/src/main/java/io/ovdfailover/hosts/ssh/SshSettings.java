package io.ovdfailover.hosts.ssh;

import java.time.Duration;
import java.util.Objects;

/**
 * Transport-wide settings.
 *
 * @param connectTimeout TCP connect, and separately key exchange and authentication, must each
 *     finish within
 * @param keepAliveInterval seconds between {@code keepalive@openssh.com} requests on an idle or
 *     busy connection
 * @param keepAliveMaxMissed unanswered keepalives after which the peer is declared dead and the
 *     connection dropped (detection takes about interval × (maxMissed + 1))
 * @param maxChannelsPerConnection commands run at once on one connection; OpenSSH's MaxSessions
 *     defaults to 10
 * @param tcpNoDelay disable Nagle's algorithm (on; off only to measure what it costs)
 * @param egressGuard where connections may go
 * @param downNodeWait how long a command waits for a reconnect to a node known to be down (its
 *     connection was lost, or the last dial did not reach it) before it is told the node is
 *     unreachable; the dial goes on in the background
 * @param hostKeyRecheck how old the last check of a node's host key may get on a connection that
 *     stays open before a fresh handshake checks it again (an open connection keeps talking to the
 *     sshd process that was verified, so a key rotated or a host replaced behind the same address
 *     shows only to a new handshake)
 */
public record SshSettings(
    Duration connectTimeout,
    Duration keepAliveInterval,
    int keepAliveMaxMissed,
    int maxChannelsPerConnection,
    boolean tcpNoDelay,
    EgressGuard egressGuard,
    Duration downNodeWait,
    Duration hostKeyRecheck) {
  public SshSettings {
    Objects.requireNonNull(hostKeyRecheck, "hostKeyRecheck");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(downNodeWait, "downNodeWait");
    Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
    egressGuard = egressGuard == null ? EgressGuard.none() : egressGuard;
    if (keepAliveInterval.toSeconds() < 1
        || keepAliveMaxMissed < 1
        || maxChannelsPerConnection < 1) {
      throw new IllegalArgumentException(
          "keepalive interval >= 1 s, missed >= 1 and channels >= 1 required");
    }
  }

  /**
   * 10 s connect timeout, keepalive every 2 s with 3 misses allowed, 8 channels. A node that dies
   * under an open connection is given up on after ~6-8 s: a probe in flight on that connection
   * holds the reconcile (and so the status showing the failover) that long; 5 s keepalives made it
   * 15-20 s on the lab. Once a node is known to be down, a command waits 2 s for a reconnect (ample
   * for a restarted sshd) instead of the whole connect timeout, so a pass over the other nodes is
   * not held by the lost one. The host key is checked again every 5 minutes on a connection that
   * stays open: one handshake (no login) per node, a few milliseconds of the host's CPU.
   */
  public static SshSettings defaults() {
    return new SshSettings(
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        3,
        8,
        true,
        EgressGuard.none(),
        Duration.ofSeconds(2),
        Duration.ofMinutes(5));
  }

  public SshSettings withConnectTimeout(Duration d) {
    return new SshSettings(
        d,
        keepAliveInterval,
        keepAliveMaxMissed,
        maxChannelsPerConnection,
        tcpNoDelay,
        egressGuard,
        downNodeWait,
        hostKeyRecheck);
  }

  public SshSettings withKeepAlive(Duration interval, int maxMissed) {
    return new SshSettings(
        connectTimeout,
        interval,
        maxMissed,
        maxChannelsPerConnection,
        tcpNoDelay,
        egressGuard,
        downNodeWait,
        hostKeyRecheck);
  }

  public SshSettings withMaxChannelsPerConnection(int n) {
    return new SshSettings(
        connectTimeout,
        keepAliveInterval,
        keepAliveMaxMissed,
        n,
        tcpNoDelay,
        egressGuard,
        downNodeWait,
        hostKeyRecheck);
  }

  public SshSettings withTcpNoDelay(boolean on) {
    return new SshSettings(
        connectTimeout,
        keepAliveInterval,
        keepAliveMaxMissed,
        maxChannelsPerConnection,
        on,
        egressGuard,
        downNodeWait,
        hostKeyRecheck);
  }

  public SshSettings withEgressGuard(EgressGuard guard) {
    return new SshSettings(
        connectTimeout,
        keepAliveInterval,
        keepAliveMaxMissed,
        maxChannelsPerConnection,
        tcpNoDelay,
        guard,
        downNodeWait,
        hostKeyRecheck);
  }

  public SshSettings withDownNodeWait(Duration d) {
    return new SshSettings(
        connectTimeout,
        keepAliveInterval,
        keepAliveMaxMissed,
        maxChannelsPerConnection,
        tcpNoDelay,
        egressGuard,
        d,
        hostKeyRecheck);
  }

  public SshSettings withHostKeyRecheck(Duration d) {
    return new SshSettings(
        connectTimeout,
        keepAliveInterval,
        keepAliveMaxMissed,
        maxChannelsPerConnection,
        tcpNoDelay,
        egressGuard,
        downNodeWait,
        d);
  }

  /**
   * Bound on dead-peer detection: the keepalive runner gives up after maxMissed unanswered
   * requests.
   */
  public Duration deadPeerDetectionBound() {
    return keepAliveInterval.multipliedBy(keepAliveMaxMissed + 1L);
  }
}
