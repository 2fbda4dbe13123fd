package io.ovdfailover.hosts.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The keepalive rule, tick by tick, and one thread for every connection. */
class KeepAlivesTest {
  static final Duration INTERVAL = Duration.ofSeconds(2);

  /** A connection whose answers the test decides. */
  static final class FakeLink implements KeepAlives.Link {
    volatile boolean open = true;
    final List<AtomicBoolean> requests = new ArrayList<>();
    final List<String> drops = new ArrayList<>();
    boolean answerAtOnce;
    IOException failure;

    @Override
    public boolean open() {
      return open;
    }

    @Override
    public synchronized BooleanSupplier send() throws IOException {
      if (failure != null) {
        throw failure;
      }
      AtomicBoolean answered = new AtomicBoolean(answerAtOnce);
      requests.add(answered);
      return answered::get;
    }

    @Override
    public synchronized void drop(String reason) {
      drops.add(reason);
      open = false;
    }
  }

  static final Executor DIRECT = Runnable::run;

  @Test
  void answeredRequestsKeepTheConnection() {
    FakeLink link = new FakeLink();
    link.answerAtOnce = true;
    KeepAlives.Watch w = new KeepAlives.Watch("osm1", link, INTERVAL, 3, DIRECT);
    for (int i = 0; i < 10; i++) {
      w.tick();
    }
    assertThat(link.requests).hasSize(10);
    assertThat(link.drops).isEmpty();
    assertThat(w.stopped()).isFalse();
  }

  @Test
  void theConnectionIsDroppedWhenARequestIsDueAndMaxMissedAreUnanswered() {
    FakeLink link = new FakeLink();
    KeepAlives.Watch w = new KeepAlives.Watch("osm1", link, INTERVAL, 3, DIRECT);
    w.tick();
    w.tick();
    w.tick();
    assertThat(link.drops).as("three requests out, none answered yet").isEmpty();
    w.tick();
    assertThat(link.drops).containsExactly("no answer to 3 keepalive(s) in 6 s");
    assertThat(link.requests).hasSize(3);
    assertThat(w.stopped()).isTrue();
    w.tick();
    assertThat(link.drops).as("dropped once").hasSize(1);
  }

  @Test
  void aLateAnswerClearsTheRequestsBeforeIt() {
    FakeLink link = new FakeLink();
    KeepAlives.Watch w = new KeepAlives.Watch("osm1", link, INTERVAL, 3, DIRECT);
    w.tick();
    w.tick();
    w.tick();
    // answers come in order: the third one's arrival means the server read all three
    link.requests.forEach(r -> r.set(true));
    w.tick();
    w.tick();
    assertThat(link.drops).isEmpty();
    assertThat(link.requests).hasSize(5);
  }

  @Test
  void aRequestStuckInItsWriteCountsAsUnansweredAtEveryTick() {
    FakeLink link = new FakeLink();
    List<Runnable> neverRun = new ArrayList<>();
    KeepAlives.Watch w = new KeepAlives.Watch("pcs3", link, INTERVAL, 3, neverRun::add);
    w.tick(); // the write starts and never returns
    w.tick();
    w.tick();
    assertThat(link.drops).isEmpty();
    w.tick();
    assertThat(link.drops).hasSize(1);
    assertThat(neverRun).as("no second write queued behind the stuck one").hasSize(1);
  }

  @Test
  void aFailedWriteDropsTheConnection() {
    FakeLink link = new FakeLink();
    link.failure = new IOException("Broken pipe");
    KeepAlives.Watch w = new KeepAlives.Watch("dbmy", link, INTERVAL, 3, DIRECT);
    w.tick();
    assertThat(link.drops).containsExactly("keepalive could not be sent: Broken pipe");
    assertThat(w.stopped()).isTrue();
  }

  @Test
  void aClosedConnectionEndsItsWatchWithoutADrop() {
    FakeLink link = new FakeLink();
    KeepAlives.Watch w = new KeepAlives.Watch("osm2", link, INTERVAL, 3, DIRECT);
    w.tick();
    link.open = false;
    w.tick();
    assertThat(w.stopped()).isTrue();
    assertThat(link.drops).isEmpty();
    assertThat(link.requests).hasSize(1);
  }

  @Test
  void oneThreadTimesTheKeepalivesOfEveryConnection() throws Exception {
    var senders = Executors.newCachedThreadPool();
    try (KeepAlives keepAlives = new KeepAlives(senders)) {
      List<FakeLink> answering = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        FakeLink l = new FakeLink();
        l.answerAtOnce = true;
        answering.add(l);
        keepAlives.watch("n" + i, l, Duration.ofMillis(20), 3);
      }
      FakeLink silent = new FakeLink();
      KeepAlives.Watch silentWatch = keepAlives.watch("silent", silent, Duration.ofMillis(20), 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> !silent.drops.isEmpty());
      assertThat(silentWatch.stopped()).isTrue();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> answering.stream().allMatch(l -> l.requests.size() >= 3));
      assertThat(answering).allMatch(l -> l.drops.isEmpty());
      long tickers =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().equals("ssh-keepalive"))
              .count();
      assertThat(tickers).isEqualTo(1);
    } finally {
      senders.shutdownNow();
    }
  }
}
