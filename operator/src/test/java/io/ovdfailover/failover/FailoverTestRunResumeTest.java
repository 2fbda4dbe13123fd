package io.ovdfailover.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ovdfailover.api.FailoverTestResult;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.Command;
import io.ovdfailover.hosts.CommandResult;
import io.ovdfailover.hosts.CrmMonParser;
import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.HostShell;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A test found Running after an operator restart, from osm2 to osm1: what the control node (pcs3)
 * shows decides whether it is waited for, run now, verified or failed.
 */
class FailoverTestRunResumeTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  private static final String ID_OSM1 = "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE";
  private static final String ID_OSM2 = "FFFFF-GGGGG-HHHHH-JJJJJ-KKKKK";

  /**
   * The lab's nodes as seen after the resources are on osm1; pcs3 answers with the fields below.
   */
  private final class Lab implements HostShell {
    final String name;

    Lab(String name) {
      this.name = name;
    }

    @Override
    public String nodeName() {
      return name;
    }

    @Override
    public CommandResult run(Command c) {
      commands.add(name + ": " + c.script());
      String s = c.script();
      String out;
      if (s.startsWith("cibadmin --query --scope constraints")) {
        out = "<constraints>" + constraints + "</constraints>";
      } else if (s.startsWith("crm_resource --move")) {
        if (moveFails) {
          // the constraint was written, then the command failed (as when the CIB update timed
          // out)
          constraints =
              "<rsc_location id=\"cli-prefer-virtual_ip\" rsc=\"virtual_ip\" node=\"osm2.priv\"/>";
          return new CommandResult(
              1, "", "Error performing operation: Timer expired", Duration.ZERO);
        }
        out = "";
      } else if (s.startsWith("crm_resource --clear")) {
        constraints = "";
        out = "";
      } else if (s.equals(CrmMonParser.XML_SCRIPT)) {
        out = Fixtures.text("cluster/crm_mon-started.xml"); // all six on osm1.priv
      } else if (s.contains("ovd-failover-downtime")) {
        out = ""; // the downtime probe on pcs4: nothing measured here
      } else if (s.startsWith("wget -qO- -T 5 http://127.0.0.1")) {
        out = page(name.equals("osm2") ? ID_OSM2 : ID_OSM1);
      } else if (s.startsWith("wget -qS")) {
        // through the VIP: the status, then the page (it names no node: the real farm's case)
        out = vipStatus + "\n@@\n" + vipPage + "\n";
      } else if (s.startsWith("ssh-keyscan")) {
        // the VIP's port 22, scanned from a quorum node: osm1 holds the VIP
        out = scannedOnVip;
      } else if (s.equals("ip -o -4 addr show")) {
        out = "2: eth0    inet 198.18.0.13/24 scope global eth0\n";
      } else if (s.startsWith("ip -o -4 addr")) {
        out =
            name.equals("osm1")
                ? "2: eth0 inet 198.18.0.100/24 scope global eth0\n@@\n-A POSTROUTING -o eth0 -d 198.18.0.0/24 -j SNAT"
                    + " --to-source 198.18.0.100\n@@\nactive\n@@\nssh-ed25519 KEY-OSM1 root@osm1\n@@\n"
                    + page(ID_OSM1)
                : "2: eth0 inet 198.18.0.12/24 scope global eth0\n@@\n-P POSTROUTING ACCEPT\n@@\ninactive\n@@\n"
                    + "ssh-ed25519 KEY-OSM2 root@osm2\n@@\n"
                    + page(ID_OSM2);
      } else {
        throw new AssertionError("unexpected command on " + name + ": " + s);
      }
      return new CommandResult(0, out, "", Duration.ZERO);
    }
  }

  /** What the stand-in pages show: no ID by default, as a real Session Manager's may not. */
  private boolean pagesShowIds;

  private String scannedOnVip = "198.18.0.100 ssh-ed25519 KEY-OSM1\n";
  private String vipStatus = "200";
  private String vipPage = "<p>Open Virtual Desktop</p>";

  private String page(String id) {
    return pagesShowIds
        ? "<p>Session Manager ID " + id + "</p>\n"
        : "<p>Open Virtual Desktop</p>\n";
  }

  private final List<String> commands = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private String constraints = "";
  private boolean moveFails;
  private FailoverTestRun run;
  private OvdFailoverClusterSpec spec;
  private Map<String, HostShell> lab;

  @BeforeEach
  void setUp() throws Exception {
    spec =
        new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .treeToValue(
                new YAMLMapper()
                    .readTree(Path.of("src/test/resources/valid-specs/lab-layout.yaml").toFile())
                    .get("spec"),
                OvdFailoverClusterSpec.class);
    lab = new java.util.HashMap<>();
    for (String n : List.of("osm1", "osm2", "pcs3", "pcs4", "dbmy")) {
      lab.put(n, new Lab(n));
    }
    run = new FailoverTestRun(spec, lab::get, Clock.fixed(NOW, ZoneOffset.UTC), events::add);
  }

  private static FailoverTestResult running(Duration ago) {
    FailoverTestResult rec = new FailoverTestResult();
    rec.requestId = "r1";
    rec.fromNode = "osm2";
    rec.toNode = "osm1";
    rec.result = "Running";
    rec.startTime = NOW.minus(ago).toString();
    return rec;
  }

  private static final String MOVE_TO_OSM2 =
      "pcs3: crm_resource --move --resource virtual_ip --node osm2.priv";
  private static final String CLEAR = "pcs3: crm_resource --clear --resource virtual_ip";

  private List<String> changes() {
    return commands.stream()
        .filter(c -> c.contains("crm_resource --move") || c.contains("crm_resource --clear"))
        .toList();
  }

  @Test
  void aTestWhoseMoveFailsClearsItsMoveConstraintSoLaterTestsAreNotBlocked() {
    moveFails = true;

    FailoverTestResult r = run.run("r2", "osm1", "osm2", "pcs3");

    assertThat(r.result).isEqualTo("Failed");
    assertThat(changes()).containsExactly(MOVE_TO_OSM2, CLEAR);
    assertThat(constraints).isEmpty();
    assertThat(events)
        .anyMatch(e -> e.contains("the move constraint was cleared after the failure"));
  }

  @Test
  void nothingWasMovedYetSoTheTestRunsNow() {
    FailoverTestResult r =
        run.resume(running(Duration.ofSeconds(5)), Optional.of("osm2"), "pcs3").orElseThrow();

    assertThat(r.result).as(r.message).isEqualTo("Succeeded");
    assertThat(r.message).startsWith("switched osm2 -> osm1 in ");
    assertThat(changes())
        .containsExactly("pcs3: crm_resource --move --resource virtual_ip --node osm1.priv", CLEAR);
    assertThat(events)
        .anyMatch(e -> e.contains("restarted before anything was moved; running the test now"));
  }

  @Test
  void aMoveConstraintOnTheCibMeansPacemakerIsStillAtItAndIsWaitedFor() {
    constraints =
        "<rsc_location id=\"cli-prefer-virtual_ip\" rsc=\"virtual_ip\" node=\"osm1.priv\"/>";

    assertThat(run.resume(running(Duration.ofSeconds(5)), Optional.of("osm2"), "pcs3")).isEmpty();
    assertThat(changes()).isEmpty();
  }

  @Test
  void resourcesThatArrivedAreVerifiedAndTheLeftConstraintCleared() {
    constraints =
        "<rsc_location id=\"cli-prefer-virtual_ip\" rsc=\"virtual_ip\" node=\"osm1.priv\"/>";

    FailoverTestResult r =
        run.resume(running(Duration.ofSeconds(20)), Optional.of("osm1"), "pcs3").orElseThrow();

    assertThat(r.result).as(r.message).isEqualTo("Succeeded");
    assertThat(r.message).isEqualTo("switched osm2 -> osm1; finished after an operator restart");
    assertThat(changes()).containsExactly(CLEAR);
  }

  @Test
  void aMoveThatNeverHappenedFailsAfterTheDeadlineAndLeavesNoConstraint() {
    constraints =
        "<rsc_location id=\"cli-prefer-virtual_ip\" rsc=\"virtual_ip\" node=\"osm1.priv\"/>";

    FailoverTestResult r =
        run.resume(running(Duration.ofSeconds(91)), Optional.of("osm2"), "pcs3").orElseThrow();

    assertThat(r.result).isEqualTo("Failed");
    assertThat(r.message)
        .contains("still on osm2 90 s after the move was issued: nothing was switched");
    assertThat(changes()).containsExactly(CLEAR);
  }

  @Test
  void resourcesOnNeitherNodeAreWaitedForUntilTheDeadlineWithoutAskingAnyNode() {
    assertThat(run.resume(running(Duration.ofSeconds(5)), Optional.empty(), "pcs3")).isEmpty();
    assertThat(commands).isEmpty();
  }

  @Test
  void withoutAnIdOnThePageTheVipsHostKeyAndAddressProveTheTarget() {
    FailoverTestResult r = run.run("r3", "osm2", "osm1", "pcs3");

    assertThat(r.result).as(r.message).isEqualTo("Succeeded");
    assertThat(events)
        .anyMatch(e -> e.contains("198.18.0.100:22 presents osm1's host key (scanned from pcs4)"))
        .anyMatch(e -> e.contains("198.18.0.100 on eth0 of osm1: true; on another node: none"))
        .anyMatch(e -> e.contains("http://198.18.0.100/ovd/ answers 200 from osm2 (expected 200)"));
    assertThat(commands)
        .as("no page is read for an ID")
        .noneMatch(c -> c.contains(": wget -qO- -T 5 http://127.0.0.1"));
  }

  @Test
  void theSourcesHostKeyOnTheVipFailsTheTest() {
    scannedOnVip = "198.18.0.100 ssh-ed25519 KEY-OSM2\n";

    FailoverTestResult r = run.run("r4", "osm2", "osm1", "pcs3");

    assertThat(r.result).isEqualTo("Failed");
    assertThat(r.message).contains("198.18.0.100:22 presents osm2's host key");
  }

  @Test
  void anUnexpectedStatusThroughTheVipFailsTheTest() {
    vipStatus = "503";

    FailoverTestResult r = run.run("r5", "osm2", "osm1", "pcs3");

    assertThat(r.result).isEqualTo("Failed");
    assertThat(r.message).contains("http://198.18.0.100/ovd/ answers 503 from osm2 (expected 200)");
  }

  @Test
  void aConfiguredIdPatternMustFindTheTargetsIdThroughTheVip() {
    pagesShowIds = true;
    spec.failoverTest.http.sessionManagerIdPattern = "[A-Z0-9]{5}(-[A-Z0-9]{5}){4}";
    run = new FailoverTestRun(spec, lab::get, Clock.fixed(NOW, ZoneOffset.UTC), events::add);

    vipPage = "<p>Session Manager ID " + ID_OSM1 + "</p>";
    FailoverTestResult ok = run.run("r6", "osm2", "osm1", "pcs3");
    assertThat(ok.result).as(ok.message).isEqualTo("Succeeded");
    assertThat(events).anyMatch(e -> e.contains("shows Session Manager ID " + ID_OSM1));

    vipPage = "<p>Session Manager ID " + ID_OSM2 + "</p>";
    FailoverTestResult stale = run.run("r7", "osm2", "osm1", "pcs3");
    assertThat(stale.result).isEqualTo("Failed");
    assertThat(stale.message).contains("shows Session Manager ID " + ID_OSM2);
  }
}
