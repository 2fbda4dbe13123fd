package io.ovdfailover.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.HostShell;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The guide's per-node work runs node beside node, each node's actions in order. */
class PlanExecutorParallelTest {
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final Map<String, HostShell> shells = new ConcurrentHashMap<>();

  private HostShell shell(String node, CountDownLatch bothStarted, String failOn) {
    return new HostShell() {
      @Override
      public String nodeName() {
        return node;
      }

      @Override
      public CommandResult run(Command c) {
        ran.add(node + ": " + c.script());
        if (c.script().equals("first")) {
          bothStarted.countDown();
          try {
            // sequential execution would never see the other node start: the latch would time out
            assertThat(bothStarted.await(5, TimeUnit.SECONDS))
                .as("the other node runs too")
                .isTrue();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
        int exit = c.script().equals(failOn) ? 1 : 0;
        return new CommandResult(exit, "", exit == 0 ? "" : "it failed", Duration.ZERO);
      }
    };
  }

  private static Plan plan(String... nodes) {
    return new Plan(
        java.util.Arrays.stream(nodes)
            .map(
                n ->
                    new NodePlan(
                        n,
                        List.of(
                            new Action(n, "s", Command.change("first", "first"), false),
                            new Action(n, "s", Command.change("second", "second"), false),
                            new Action(n, "s", Command.change("third", "third"), false)),
                        List.of()))
            .toList());
  }

  @Test
  void nodesRunSideBySideEachInItsOwnOrder() {
    CountDownLatch both = new CountDownLatch(2);
    shells.put("osm1", shell("osm1", both, null));
    shells.put("pcs3", shell("pcs3", both, null));

    PlanExecutor.Report r = PlanExecutor.executeNodesInParallel(plan("osm1", "pcs3"), shells::get);

    assertThat(r.succeeded()).isTrue();
    assertThat(r.completed()).hasSize(6);
    for (String n : List.of("osm1", "pcs3")) {
      assertThat(ran.stream().filter(l -> l.startsWith(n + ":")))
          .containsExactly(n + ": first", n + ": second", n + ": third");
    }
  }

  @Test
  void afterAFailureNoNodeStartsAnotherAction() {
    CountDownLatch both = new CountDownLatch(2);
    shells.put("osm1", shell("osm1", both, "first"));
    shells.put("pcs3", shell("pcs3", both, "never"));

    PlanExecutor.Report r = PlanExecutor.executeNodesInParallel(plan("osm1", "pcs3"), shells::get);

    assertThat(r.succeeded()).isFalse();
    assertThat(r.failure().orElseThrow().message()).startsWith("osm1: step 's', action");
    assertThat(ran).doesNotContain("osm1: second", "osm1: third");
  }

  @Test
  void oneNodeRunsInTheCallersThreadAsBefore() {
    shells.put("osm1", shell("osm1", new CountDownLatch(1), null));

    PlanExecutor.Report r = PlanExecutor.executeNodesInParallel(plan("osm1"), shells::get);

    assertThat(r.succeeded()).isTrue();
    assertThat(ran).containsExactly("osm1: first", "osm1: second", "osm1: third");
  }
}
