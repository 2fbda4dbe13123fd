package io.ovdfailover.e2e;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failover test's timeline as Pacemaker's executor lived it: each resource's stop on the node it
 * left and start on the node it went to, from the two session managers' pacemaker.log (millisecond
 * timestamps; the controller logs "Requesting local execution of OP operation for RSC on NODE" when
 * it starts an operation and "Result of OP operation for RSC on NODE: ..." when it ends), rendered
 * as a Mermaid gantt chart for docs/failover.md.
 */
final class FailoverTimeline {
  /** What to grep on a node: the two lines of every start and stop. */
  static final String GREP =
      "grep -E 'Requesting local execution of (start|stop) operation"
          + "|Result of (start|stop) operation' /var/log/pacemaker/pacemaker.log";

  private static final Pattern LINE =
      Pattern.compile(
          "^(\\w{3} \\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) \\S+ .*?"
              + "(Requesting local execution of|Result of) (start|stop) operation for (\\S+) on");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy MMM dd HH:mm:ss.SSS", Locale.ROOT);

  /** One operation on one node. */
  record Operation(String node, String resource, String op, Instant begin, Instant end) {}

  private FailoverTimeline() {}

  /**
   * The start and stop operations of {@code resources} that began in [from, to], per node's log
   * (the lab's nodes log in UTC; the year is from's).
   */
  static List<Operation> operations(
      Map<String, String> logByNode, List<String> resources, Instant from, Instant to) {
    int year = from.atZone(ZoneOffset.UTC).getYear();
    List<Operation> out = new ArrayList<>();
    logByNode.forEach(
        (node, log) -> {
          Map<String, Instant> begun = new LinkedHashMap<>();
          for (String line : log.lines().toList()) {
            Matcher m = LINE.matcher(line);
            if (!m.find() || !resources.contains(m.group(4))) {
              continue;
            }
            Instant t =
                LocalDateTime.parse(year + " " + m.group(1), STAMP).toInstant(ZoneOffset.UTC);
            String key = m.group(4) + " " + m.group(3);
            if (m.group(2).startsWith("Requesting")) {
              begun.put(key, t);
            } else if (begun.containsKey(key)) {
              Instant b = begun.remove(key);
              if (!b.isBefore(from) && !b.isAfter(to)) {
                out.add(new Operation(node, m.group(4), m.group(3), b, t));
              }
            }
          }
        });
    // the stops, then the starts (Pacemaker runs them in that order on a move)
    out.sort(
        java.util.Comparator.comparing((Operation o) -> o.op().equals("start"))
            .thenComparing(Operation::begin));
    return out;
  }

  /** A Mermaid gantt chart of the operations, in milliseconds from the first one. */
  static String mermaid(String title, List<Operation> ops) {
    StringBuilder s = new StringBuilder("```mermaid\ngantt\n");
    s.append("  title ").append(title.replace(':', ' ')).append('\n');
    s.append("  dateFormat x\n  axisFormat %S.%L s\n");
    long t0 = ops.stream().mapToLong(o -> o.begin().toEpochMilli()).min().orElse(0);
    String section = null;
    for (Operation o : ops) {
      String sec = o.node() + (o.op().equals("stop") ? " stops" : " starts");
      if (!sec.equals(section)) {
        s.append("  section ").append(sec).append('\n');
        section = sec;
      }
      long b = o.begin().toEpochMilli() - t0;
      // a bar of at least 20 ms, so that an instant operation still shows
      long e = Math.max(o.end().toEpochMilli() - t0, b + 20);
      s.append("  ")
          .append(o.resource())
          .append(' ')
          .append(o.op())
          .append(" ")
          .append(o.end().toEpochMilli() - o.begin().toEpochMilli())
          .append(" ms : ")
          .append(b)
          .append(", ")
          .append(e)
          .append('\n');
    }
    return s.append("```\n").toString();
  }
}
