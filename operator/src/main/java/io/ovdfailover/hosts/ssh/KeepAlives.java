package io.ovdfailover.hosts.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.connection.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keepalives of all of a pool's connections, timed by one thread. sshj's own keepalive is a
 * thread per connection that sleeps between requests: with a hundred clusters (500 nodes) that was
 * 500 threads, about 100 KB of stack each, for one small packet every two seconds per connection
 * (docs/performance.md, "One operator, a hundred clusters").
 *
 * <p>The rule is the one sshj's keepalive applies: a {@code keepalive@openssh.com} global request
 * every interval (the server must answer it, even with a failure), and when a request is due while
 * {@code maxMissed} earlier ones are still unanswered, the connection is dropped as lost; so a dead
 * peer is given up on within interval × (maxMissed + 1). The requests are written on the I/O pool:
 * a peer that stops reading can block a write, and that must hold only its own connection. A
 * request still blocked in its write counts as unanswered at every tick it stays so.
 */
final class KeepAlives implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeepAlives.class);

  /** What the keepalives need of a connection. */
  interface Link {
    /** Whether the connection is still up; a watch ends by itself once it is not. */
    boolean open();

    /**
     * Sends one keepalive request without waiting for the answer.
     *
     * @return whether the answer has arrived (asked at later ticks)
     */
    BooleanSupplier send() throws IOException;

    /** Drops the connection as lost: its commands fail and the next one reconnects. */
    void drop(String reason);
  }

  private final ScheduledThreadPoolExecutor ticker;
  private final Executor senders;

  /**
   * @param senders where the requests are written (the pool's I/O threads)
   */
  KeepAlives(Executor senders) {
    this.senders = senders;
    this.ticker =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "ssh-keepalive");
              t.setDaemon(true);
              return t;
            });
    // a closed connection's task must not stay in the queue until its next run
    ticker.setRemoveOnCancelPolicy(true);
  }

  /** Starts the keepalives of a connection; they stop when it closes or {@link Watch#stop()}. */
  Watch watch(String node, Link link, Duration interval, int maxMissed) {
    Watch w = new Watch(node, link, interval, maxMissed, senders);
    long ms = Math.max(1, interval.toMillis());
    // the first one at a random point of the first interval: connections opened together (an
    // operator start, 500 nodes in a few seconds) would otherwise send theirs in one burst every
    // interval, and the I/O pool would start a thread for each request of the burst
    long first = 1 + java.util.concurrent.ThreadLocalRandom.current().nextLong(ms);
    w.task = ticker.scheduleAtFixedRate(w::tick, first, ms, TimeUnit.MILLISECONDS);
    return w;
  }

  /** The keepalives of one connection. */
  static final class Watch {
    private final String node;
    private final Link link;
    private final Duration interval;
    private final int maxMissed;
    private final Executor senders;
    private final Queue<BooleanSupplier> unanswered = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    /** Ticks the request being written has been waiting for its write. */
    private final AtomicInteger blockedTicks = new AtomicInteger();

    private volatile boolean stopped;
    private volatile ScheduledFuture<?> task;

    Watch(String node, Link link, Duration interval, int maxMissed, Executor senders) {
      this.node = node;
      this.link = link;
      this.interval = interval;
      this.maxMissed = maxMissed;
      this.senders = senders;
    }

    /** One interval has passed: check the earlier requests, then send the next one. */
    void tick() {
      if (stopped) {
        return;
      }
      if (!link.open()) {
        stop();
        return;
      }
      while (!unanswered.isEmpty() && unanswered.peek().getAsBoolean()) {
        unanswered.poll();
      }
      int blocked = sending.get() ? blockedTicks.incrementAndGet() : 0;
      int missed = unanswered.size() + blocked;
      if (missed >= maxMissed) {
        stop();
        String reason =
            "no answer to "
                + missed
                + " keepalive(s) in "
                + interval.multipliedBy(maxMissed).toSeconds()
                + " s";
        LOG.info("{}: {}: dropping the connection", node, reason);
        link.drop(reason);
        return;
      }
      if (!sending.compareAndSet(false, true)) {
        return; // the previous request is still being written: counted above
      }
      try {
        senders.execute(this::send);
      } catch (RejectedExecutionException e) {
        sending.set(false);
        stop(); // the pool is closing
      }
    }

    private void send() {
      try {
        unanswered.add(link.send());
      } catch (IOException | RuntimeException e) {
        stop();
        link.drop("keepalive could not be sent: " + e.getMessage());
      } finally {
        blockedTicks.set(0);
        sending.set(false);
      }
    }

    /** No more keepalives for this connection (closed, dropped or replaced). */
    void stop() {
      stopped = true;
      ScheduledFuture<?> t = task;
      if (t != null) {
        t.cancel(false);
      }
    }

    boolean stopped() {
      return stopped;
    }
  }

  /** An sshj connection as a {@link Link}. */
  static Link of(SSHClient client) {
    return new Link() {
      @Override
      public boolean open() {
        return client.isConnected() && client.getTransport().isRunning();
      }

      @Override
      public BooleanSupplier send() throws IOException {
        var answer =
            client.getConnection().sendGlobalRequest("keepalive@openssh.com", true, new byte[0]);
        // a failure reply (SSH_MSG_REQUEST_FAILURE, OpenSSH's answer) is an answer too
        return answer::isFulfilled;
      }

      @Override
      public void drop(String reason) {
        client
            .getTransport()
            .die(new ConnectionException(DisconnectReason.CONNECTION_LOST, reason));
      }
    };
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
