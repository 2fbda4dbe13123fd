package io.ovdfailover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * What a client sees of the Session Manager through the VIP while a lab test changes the cluster: a
 * loop on a node that takes no part (pcs3) sends {@code GET /ovd/} every 0.1 s over bash's /dev/tcp
 * and logs each answer (2xx or 3xx) or its absence with the node's clock.
 */
final class HttpWatch {
  private static final String LOG = "/run/e2e-http-watch.log";
  private static final String UNIT = "e2e-http-watch";

  /**
   * @param probes requests sent
   * @param unanswered requests without an answer
   * @param longestGapMs the longest time between two answers
   * @param outages each stretch without an answer, "from..to (ms)" in the node's epoch milliseconds
   * @param answeringAtEnd whether the last request was answered
   */
  record Result(
      int probes, int unanswered, long longestGapMs, List<String> outages, boolean answeringAtEnd) {
    @Override
    public String toString() {
      return String.format(
          "%d requests, %d unanswered, longest gap between answers %d ms; unanswered stretches: %s",
          probes, unanswered, longestGapMs, outages);
    }
  }

  private final Lab lab;
  private final String node;

  private HttpWatch(Lab lab, String node) {
    this.lab = lab;
    this.node = node;
  }

  /** One request: exits 0 when the Session Manager answers 2xx or 3xx through {@code vip}. */
  static String once(String vip) {
    return "exec 3<>/dev/tcp/"
        + vip
        + "/80 && printf 'GET /ovd/ HTTP/1.0\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n' >&3"
        + " && IFS= read -r line <&3 && case \"$line\" in \"HTTP/1.\"?\" \"[23]*) exit 0;; esac;"
        + " exit 1";
  }

  /** Whether the Session Manager answers through {@code vip} now, asked from {@code node}. */
  static boolean answers(Lab lab, String node, String vip) {
    return lab.exec(node, "timeout 2 bash -c " + HandBuiltScenario.quote(once(vip))).ok();
  }

  static HttpWatch start(Lab lab, String node, String vip) {
    String loop =
        "rm -f "
            + LOG
            + "; while :; do if timeout 0.5 bash -c "
            + HandBuiltScenario.quote(once(vip))
            + " 2>/dev/null; then s=1; else s=0; fi; echo \"$s $(date +%s%3N)\" >> "
            + LOG
            + "; sleep 0.1; done";
    assertThat(
            lab.exec(
                    node,
                    "systemctl stop "
                        + UNIT
                        + " 2>/dev/null; systemd-run --quiet --unit="
                        + UNIT
                        + " bash -c "
                        + HandBuiltScenario.quote(loop))
                .ok())
        .as("the HTTP watch on %s", node)
        .isTrue();
    return new HttpWatch(lab, node);
  }

  /** Stops the loop and reads its log. */
  Result stop() {
    lab.exec(node, "systemctl stop " + UNIT);
    long last = -1;
    long longest = 0;
    long downSince = -1;
    int probes = 0;
    int failed = 0;
    List<String> outages = new ArrayList<>();
    for (String line : lab.exec(node, "cat " + LOG).stdout().split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length != 2) continue;
      probes++;
      long t = Long.parseLong(f[1]);
      if (f[0].equals("1")) {
        if (last >= 0) longest = Math.max(longest, t - last);
        if (downSince >= 0) {
          outages.add(String.format("%d..%d (%d ms)", downSince, t, t - downSince));
          downSince = -1;
        }
        last = t;
      } else {
        failed++;
        if (downSince < 0) downSince = t;
      }
    }
    return new Result(probes, failed, longest, outages, downSince < 0 && last >= 0);
  }
}
