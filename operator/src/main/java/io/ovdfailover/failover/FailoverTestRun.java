package io.ovdfailover.failover;

import io.ovdfailover.api.FailoverHttpCheckSpec;
import io.ovdfailover.api.FailoverTestResult;
import io.ovdfailover.api.NodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CrmMonParser;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.hosts.HostShell;
import io.ovdfailover.pacemaker.OvdResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chapter VII done for the user: move {@code virtual_ip} to the passive session manager, watch
 * every resource follow, and verify what the guide has an admin verify (resources, VIP, outgoing
 * SNAT, the Session Manager answering through the VIP is the target's, lsyncd on the target),
 * leaving no move constraint behind.
 */
public final class FailoverTestRun {
  /** The guide's bar: everything switched within 10 seconds. */
  public static final Duration GUIDE_BAR = Duration.ofSeconds(10);

  private static final Duration DEADLINE = Duration.ofSeconds(90);

  /** At most one crm_mon a fifth of a second on the control node while a switchover is measured. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  /**
   * {@code pcs resource clear} after a failed test: one CIB change, but on a cluster that just
   * failed a test, so as long as any ordinary command.
   */
  private static final Duration CLEAR_TIMEOUT = Command.DEFAULT_TIMEOUT;

  /**
   * Pacemaker's own move and clear, as {@code pcs resource move}/{@code clear} run them: a
   * cli-prefer location constraint for virtual_ip, removed once everything arrived (the other five
   * follow virtual_ip through their colocations).
   */
  static final String MOVE = "crm_resource --move --resource " + OvdResources.VIRTUAL_IP;

  static final String CLEAR = "crm_resource --clear --resource " + OvdResources.VIRTUAL_IP;

  /** One verified check: its name, whether it held, and what was seen. */
  public record Check(String name, boolean ok, String detail) {}

  private final OvdFailoverClusterSpec spec;
  private final Function<String, HostShell> shells;
  private final Clock clock;
  private final Consumer<String> events;

  /**
   * @param events receives one line per started step and verified check (Kubernetes Events)
   */
  public FailoverTestRun(
      OvdFailoverClusterSpec spec,
      Function<String, HostShell> shells,
      Clock clock,
      Consumer<String> events) {
    this.spec = spec;
    this.shells = shells;
    this.clock = clock;
    this.events = events;
  }

  /**
   * Runs the test from {@code from} (the active session manager) to {@code to}. Pacemaker commands
   * run on {@code controlNode} (a quorum node: it is neither end of the move).
   */
  public FailoverTestResult run(String requestId, String from, String to, String controlNode) {
    FailoverTestResult rec = new FailoverTestResult();
    rec.requestId = requestId;
    rec.fromNode = from;
    rec.toNode = to;
    rec.startTime = now();
    return run(rec, controlNode);
  }

  /**
   * Runs the test {@code rec} describes (request, from, to, start time), filling in its outcome.
   */
  public FailoverTestResult run(FailoverTestResult rec, String controlNode) {
    String requestId = rec.requestId;
    String from = rec.fromNode;
    String to = rec.toNode;
    List<Check> checks = new ArrayList<>();
    boolean moved = false;
    DowntimeProbe probe = null;
    try {
      String idBefore = smIdOn(from, "127.0.0.1");
      String target =
          OvdResources.pacemakerNodeName(
              spec,
              spec.allNodes().stream().filter(n -> n.name.equals(to)).findFirst().orElseThrow());
      events.accept(
          "failover test " + requestId + ": moving virtual_ip from " + from + " to " + to);
      SwitchoverWatch watch = new SwitchoverWatch(OvdResources.ALL, target);
      HostShell control = shells.apply(controlNode);
      probe =
          DowntimeProbe.start(
              shells.apply(observer(controlNode)),
              requestId,
              spec.vip.address,
              http().effectivePath());
      long t0 = System.nanoTime();
      moved = true;
      // crm_resource, not pcs: the same cli-prefer constraint (pcs writes it by calling
      // crm_resource), without a Python start-up of about a second inside the measured time.
      // It returns once the constraint is in the CIB; the poll below sees the move happen.
      control.runChecked(
          Command.change("move virtual_ip to " + target, MOVE + " --node " + target)
              .withTimeout(DEADLINE));
      Command poll = Command.read("cluster status", CrmMonParser.XML_SCRIPT);
      while (!watch.complete() && elapsed(t0) < DEADLINE.toSeconds()) {
        double at = elapsed(t0);
        watch.observe(CrmMonParser.parse(control.runChecked(poll).stdout()), at);
        pace(t0, at);
      }
      watch.perResource().forEach((id, seconds) -> rec.resourceSeconds.put(id, round(seconds)));
      if (!watch.complete()) {
        throw new IllegalStateException(
            "not started on " + to + " after " + DEADLINE.toSeconds() + " s: " + watch.missing());
      }
      rec.switchoverSeconds = round(watch.switchoverSeconds());
      recordDowntime(rec, probe);
      probe = null;
      checks.add(
          new Check(
              "resources",
              true,
              "all six started on " + to + " after " + rec.switchoverSeconds + " s"));
      control.runChecked(Command.change("clear the move constraint", CLEAR));
      checks.addAll(verify(from, to, idBefore, control));
    } catch (HostException | RuntimeException e) {
      checks.add(new Check("switchover", false, e.getMessage()));
      recordDowntime(rec, probe);
      if (moved) {
        clearAfterFailure(requestId, controlNode, checks);
      }
    }
    return conclude(
        rec,
        checks,
        () ->
            "switched "
                + from
                + " -> "
                + to
                + " in "
                + rec.switchoverSeconds
                + " s"
                + (rec.switchoverSeconds > GUIDE_BAR.toSeconds()
                    ? " (over the guide's 10 s)"
                    : ""));
  }

  /**
   * The node that watches the service through the VIP: a quorum node that is not the control node
   * (neither end of the move, and not busy polling crm_mon); in the two-node layout the database
   * node (it holds no resource either); else the control node itself.
   */
  private String observer(String controlNode) {
    return spec.quorumNodes.stream()
        .map(n -> n.name)
        .filter(n -> !n.equals(controlNode))
        .findFirst()
        .or(() -> spec.quorumDeviceHost().map(n -> n.name))
        .orElse(controlNode);
  }

  /** Stops the probe (if one runs) and records the longest gap it saw. */
  private void recordDowntime(FailoverTestResult rec, DowntimeProbe probe) {
    if (probe == null) return;
    probe
        .stop()
        .ifPresent(
            d -> {
              rec.clientDowntimeSeconds = round(d.longestGapSeconds());
              events.accept(
                  "failover test "
                      + rec.requestId
                      + ": the Session Manager was unreachable through the VIP for at most "
                      + rec.clientDowntimeSeconds
                      + " s ("
                      + d.failed()
                      + " of "
                      + d.probes()
                      + " requests unanswered)");
            });
  }

  /**
   * A test that failed or ran out of time must not leave its move constraint behind: it would pin
   * the VIP, and refuse every later test. {@code pcs resource clear} removes the cli-prefer/cli-ban
   * constraints of virtual_ip whatever the pcs version, and does nothing when there are none.
   */
  private void clearAfterFailure(String requestId, String controlNode, List<Check> checks) {
    try {
      shells
          .apply(controlNode)
          .runChecked(
              Command.change("clear the failed test's move constraint", CLEAR)
                  .withTimeout(CLEAR_TIMEOUT));
      events.accept(
          "failover test " + requestId + ": the move constraint was cleared after the failure");
    } catch (HostException | RuntimeException e) {
      checks.add(
          new Check(
              "constraints",
              false,
              "the move constraint could not be cleared (pcs resource clear "
                  + OvdResources.VIRTUAL_IP
                  + " by hand): "
                  + e.getMessage()));
    }
  }

  /**
   * The switchover is measured by polling crm_mon on a quorum node; quorum nodes are small VMs, so
   * the polls are paced to at most one every {@link #POLL_INTERVAL} instead of back to back (about
   * 300 per test before).
   */
  private static void pace(long t0, double startedAt) {
    long waitMillis = POLL_INTERVAL.toMillis() - Math.round((elapsed(t0) - startedAt) * 1000);
    if (waitMillis > 0) {
      try {
        Thread.sleep(waitMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the switchover", e);
      }
    }
  }

  /**
   * One Event per check, then the result: Succeeded with {@code success}'s words, or Failed naming
   * what failed.
   */
  private FailoverTestResult conclude(
      FailoverTestResult rec, List<Check> checks, java.util.function.Supplier<String> success) {
    checks.forEach(
        c ->
            events.accept(
                "failover test "
                    + rec.requestId
                    + ": "
                    + c.name()
                    + (c.ok() ? " ok: " : " FAILED: ")
                    + c.detail()));
    boolean ok = checks.stream().allMatch(Check::ok);
    rec.result = ok ? "Succeeded" : "Failed";
    rec.endTime = now();
    rec.message =
        ok
            ? success.get()
            : checks.stream()
                .filter(c -> !c.ok())
                .map(c -> c.name() + ": " + c.detail())
                .reduce((a, b) -> a + "; " + b)
                .orElse("failed");
    return rec;
  }

  /**
   * Finishes a test an earlier operator process started and did not record (it was stopped
   * mid-test). What the control node shows decides how:
   *
   * <ul>
   *   <li>the move constraint is in the CIB while the resources have not arrived: Pacemaker is
   *       still at it, so it is looked at again on the next reconcile (empty), until the deadline;
   *   <li>the resources are still on the source and there is no move constraint: the stopped
   *       process had not moved anything (it stopped between recording the test Running and the
   *       move). The request stands, so the test runs now;
   *   <li>the resources arrived: the move constraint, if one was left, is cleared and the target is
   *       verified;
   *   <li>otherwise, once the deadline passed, the test failed and says where things stand.
   * </ul>
   *
   * @param active the session manager where all six resources run now, if they run together
   */
  public Optional<FailoverTestResult> resume(
      FailoverTestResult running, Optional<String> active, String controlNode) {
    FailoverTestResult rec = running;
    String from = rec.fromNode;
    String to = rec.toNode;
    boolean arrived = active.filter(to::equals).isPresent();
    boolean stayed = active.filter(from::equals).isPresent();
    Instant started = rec.startTime == null ? Instant.now(clock) : Instant.parse(rec.startTime);
    boolean inTime = Duration.between(started, Instant.now(clock)).compareTo(DEADLINE) < 0;
    if (!arrived && !stayed && inTime) {
      return Optional.empty();
    }
    List<Check> checks = new ArrayList<>();
    try {
      HostShell control = shells.apply(controlNode);
      String constraints =
          control
              .runChecked(Command.read("move constraints", "cibadmin --query --scope constraints"))
              .stdout();
      boolean constraint =
          constraints.contains("cli-prefer-" + OvdResources.VIRTUAL_IP)
              || constraints.contains("cli-ban-" + OvdResources.VIRTUAL_IP);
      if (stayed && !constraint) {
        events.accept(
            "failover test "
                + rec.requestId
                + ": the operator restarted before anything was moved;"
                + " running the test now");
        return Optional.of(run(rec, controlNode));
      }
      if (stayed && inTime) {
        return Optional.empty();
      }
      if (constraint) {
        control.runChecked(Command.change("clear the interrupted move's constraint", CLEAR));
      }
      if (arrived) {
        checks.add(
            new Check(
                "resources",
                true,
                "all six started on "
                    + to
                    + " (the operator restarted during the "
                    + "test: the switchover time was not measured)"));
        checks.addAll(verify(from, to, null, control));
      } else if (stayed) {
        checks.add(
            new Check(
                "switchover",
                false,
                "the operator restarted during the test and the resources are still"
                    + " on "
                    + from
                    + " "
                    + DEADLINE.toSeconds()
                    + " s after the move was issued: nothing was switched;"
                    + " request a new test"));
      } else {
        checks.add(
            new Check(
                "switchover",
                false,
                "the operator restarted during the test and the six resources are "
                    + "not started together on either session manager "
                    + DEADLINE.toSeconds()
                    + " s after it began"));
      }
    } catch (HostException | RuntimeException e) {
      checks.add(new Check("switchover", false, e.getMessage()));
    }
    return Optional.of(
        conclude(
            rec,
            checks,
            () -> "switched " + from + " -> " + to + "; finished after an operator restart"));
  }

  /** How the test asks the Session Manager through the VIP (spec.failoverTest.http, defaulted). */
  private FailoverHttpCheckSpec http() {
    return spec.failoverTest == null
        ? new FailoverHttpCheckSpec()
        : spec.failoverTest.effectiveHttp();
  }

  private Optional<Pattern> idPattern() {
    return Optional.ofNullable(http().sessionManagerIdPattern).map(Pattern::compile);
  }

  /**
   * What proves the move, none of it read from OVD's pages unless the spec says how: the VIP on the
   * target's NIC and on no other node, the SNAT rule and lsyncd with it, the SSH host key answering
   * on the VIP's port 22 (scanned from a quorum node) being one of the target's own, the Session
   * Manager answering through the VIP with the expected status, no move constraint left.
   */
  private List<Check> verify(String from, String to, String idBefore, HostShell control)
      throws HostException {
    List<Check> checks = new ArrayList<>();
    String vip = spec.vip.address;
    String nic = spec.vip.nic;
    String snat = "--to-source " + vip;
    String url = "http://" + vip + http().effectivePath();
    String state =
        "ip -o -4 addr show dev "
            + nic
            + "; echo @@; iptables -t nat -S POSTROUTING 2>&1; echo @@;"
            + " systemctl is-active lsyncd; echo @@; cat /etc/ssh/ssh_host_*_key.pub 2>/dev/null;"
            + " echo @@; "
            // the node's own page only where an ID is to be read; the source's Apache is stopped,
            // so what wget says must not fail the script
            + (idPattern().isPresent()
                ? "wget -qO- -T 5 http://127.0.0.1"
                    + http().effectivePath()
                    + " 2>/dev/null || true"
                : "true");
    String[] onTarget = sections(shells.apply(to), state, 5);
    String[] onSource = sections(shells.apply(from), state, 5);

    List<String> vipElsewhere = new ArrayList<>();
    if (onSource[0].contains(" " + vip + "/")) {
      vipElsewhere.add(from);
    }
    for (NodeSpec n : spec.allNodes()) {
      if (!n.name.equals(to) && !n.name.equals(from)) {
        String addrs =
            shells
                .apply(n.name)
                .runChecked(Command.read("addresses", "ip -o -4 addr show"))
                .stdout();
        if (addrs.contains(" " + vip + "/")) {
          vipElsewhere.add(n.name);
        }
      }
    }
    boolean vipOnTarget = onTarget[0].contains(" " + vip + "/");
    checks.add(
        new Check(
            "vip",
            vipOnTarget && vipElsewhere.isEmpty(),
            vip
                + " on "
                + nic
                + " of "
                + to
                + ": "
                + vipOnTarget
                + "; on another node: "
                + (vipElsewhere.isEmpty() ? "none" : String.join(", ", vipElsewhere))));
    boolean snatTarget = onTarget[1].contains(snat);
    boolean snatSource = onSource[1].contains(snat);
    checks.add(
        new Check(
            "snat",
            snatTarget && !snatSource,
            "SNAT to "
                + vip
                + " on "
                + to
                + ": "
                + snatTarget
                + ", on "
                + from
                + ": "
                + snatSource));
    boolean lsyncd = onTarget[2].strip().equals("active") && !onSource[2].strip().equals("active");
    checks.add(
        new Check(
            "lsyncd",
            lsyncd,
            "lsyncd on "
                + to
                + ": "
                + onTarget[2].strip()
                + ", on "
                + from
                + ": "
                + onSource[2].strip()));
    checks.add(identity(from, to, onTarget[3], onSource[3], control));

    String[] viaVip =
        sections(
            shells.apply(from),
            "wget -qS -O /dev/null -T 5 "
                + url
                + " 2>&1 | awk '/^  HTTP\\//{c=$2} END{print c}'"
                + (idPattern().isPresent()
                    ? "; echo @@; wget -qO- -T 5 " + url + " 2>/dev/null || true"
                    : ""),
            2);
    String status = viaVip[0].strip();
    int expected = http().expectedStatus;
    checks.add(
        new Check(
            "http",
            status.equals(String.valueOf(expected)),
            url
                + " answers "
                + (status.isEmpty() ? "nothing" : status)
                + " from "
                + from
                + " (expected "
                + expected
                + ")"));
    idPattern()
        .ifPresent(
            p -> {
              String idTarget = find(p, onTarget[4]);
              String idViaVip = find(p, viaVip[1]);
              checks.add(
                  new Check(
                      "session-manager-id",
                      idViaVip != null && idViaVip.equals(idTarget) && !idViaVip.equals(idBefore),
                      url
                          + " shows Session Manager ID "
                          + idViaVip
                          + " ("
                          + to
                          + ": "
                          + idTarget
                          + ", before: "
                          + idBefore
                          + ")"));
            });
    String constraints =
        control
            .runChecked(Command.read("constraints", "cibadmin --query --scope constraints"))
            .stdout();
    boolean clean = !constraints.contains("cli-prefer-") && !constraints.contains("cli-ban-");
    checks.add(
        new Check(
            "constraints",
            clean,
            clean ? "no move constraint left" : "a cli-prefer/cli-ban constraint is left"));
    return checks;
  }

  /**
   * The SSH host keys answering on the VIP's port 22, scanned from a quorum node, against the two
   * session managers' own public host keys: the target's, not the source's. Where no SSH server
   * answers on the VIP (sshd bound to other addresses) the check says so and the VIP's address is
   * the proof.
   */
  private Check identity(
      String from, String to, String targetKeys, String sourceKeys, HostShell control)
      throws HostException {
    String vip = spec.vip.address;
    String scanned =
        shells
            .apply(observer(control.nodeName()))
            .run(Command.read("host keys on the VIP", "ssh-keyscan -T 5 " + vip + " 2>/dev/null"))
            .stdout();
    java.util.Set<String> onVip = keyBlobs(scanned);
    if (onVip.isEmpty()) {
      return new Check(
          "identity",
          true,
          "no SSH server answers on " + vip + ":22: the VIP's address on " + to + " is the proof");
    }
    boolean target = onVip.stream().anyMatch(keyBlobs(targetKeys)::contains);
    boolean source = onVip.stream().anyMatch(keyBlobs(sourceKeys)::contains);
    return new Check(
        "identity",
        target && !source,
        vip
            + ":22 presents "
            + (target ? to + "'s host key" : source ? from + "'s host key" : "a key of neither")
            + " (scanned from "
            + observer(control.nodeName())
            + ")");
  }

  /** The base64 key blobs of authorized_keys- or known_hosts-style lines. */
  static java.util.Set<String> keyBlobs(String text) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (String line : text.lines().toList()) {
      String[] w = line.trim().split("\\s+");
      for (int i = 0; i + 1 < w.length; i++) {
        if (w[i].startsWith("ssh-") || w[i].startsWith("ecdsa-")) {
          out.add(w[i] + " " + w[i + 1]);
          break;
        }
      }
    }
    return out;
  }

  private static String[] sections(HostShell shell, String script, int count) throws HostException {
    String[] parts =
        shell.runChecked(Command.read("failover checks", script)).stdout().split("@@\n?", -1);
    return java.util.Arrays.copyOf(parts, Math.max(count, parts.length));
  }

  private static String find(Pattern p, String page) {
    Matcher m = p.matcher(page == null ? "" : page);
    return m.find() ? m.group() : null;
  }

  /** The Session Manager ID a node's own page shows, when the spec says how to find it. */
  private String smIdOn(String node, String host) throws HostException {
    Optional<Pattern> p = idPattern();
    if (p.isEmpty()) {
      return null;
    }
    String page =
        shells
            .apply(node)
            .run(
                Command.read(
                    "Session Manager page",
                    "wget -qO- -T 5 http://" + host + http().effectivePath() + " 2>/dev/null"))
            .stdout();
    return find(p.get(), page);
  }

  private static double elapsed(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double round(double s) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.2f", s));
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
