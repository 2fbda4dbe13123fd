package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.steps.guide.GuideAlerts;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class AlertEventsTest {
  static final java.time.Instant T = java.time.Instant.ofEpochSecond(2000);

  public static HostFacts withLog(String node, String log) {
    HostFacts f = Fixtures.facts("debian-12");
    Map<String, String> files = new LinkedHashMap<>(f.publicFiles());
    files.put(GuideAlerts.EVENT_LOG_PATH, log);
    return new HostFacts(
        node,
        f.os(),
        f.uid(),
        f.hostname(),
        f.fqdn(),
        f.hostsFile(),
        f.hosts(),
        f.addresses(),
        f.packages(),
        f.packageTool(),
        f.systemd(),
        f.units(),
        f.paths(),
        f.lines(),
        f.pcs(),
        f.pacemaker(),
        f.corosync(),
        f.crmMon(),
        f.cibXml(),
        f.problems(),
        files,
        f.pacemakerFiles(),
        f.enabledRepositories(),
        f.stamps(),
        f.tails(),
        f.votequorum());
  }

  public static String line(
      String time,
      String from,
      String kind,
      String node,
      String rsc,
      String task,
      String rc,
      String desc) {
    return String.join("\t", time, from, kind, node, rsc, task, rc, desc) + "\n";
  }

  @Test
  void oneEventSeenFromSeveralNodesIsOneEventNamingThemAndOnlyNewLinesCount() {
    String lost3 = line("1000.10", "pcs3", "node", "pcs4.priv", "", "", "", "lost");
    String lostO = line("1000.30", "osm1", "node", "pcs4.priv", "", "", "", "lost");
    String start =
        line("1001.00", "osm2", "resource", "osm2.priv", "virtual_ip", "start", "0", "ok");
    String old = line("900.00", "osm1", "resource", "osm1.priv", "httpd", "stop", "0", "ok");
    Map<String, HostFacts> facts =
        Map.of(
            "pcs3", withLog("pcs3", lost3),
            "osm1", withLog("osm1", old + lostO),
            "osm2", withLog("osm2", start));

    AlertEvents.Batch first =
        AlertEvents.since(facts, null, java.time.Instant.ofEpochSecond(950, 500_000_000));
    assertThat(first.events()).as("what the logs held before the first look").isEmpty();
    assertThat(first.recordedUntil()).contains("950.500000000");
    AlertEvents.Batch batch = AlertEvents.since(facts, first.recordedUntil().get(), T);
    assertThat(batch.events())
        .extracting(AlertEvents.AlertEvent::message)
        .containsExactly(
            "Pacemaker alert: node pcs4.priv is lost (seen by osm1, pcs3)",
            "Pacemaker alert: virtual_ip start on osm2.priv: ok (seen by osm2)");
    assertThat(batch.events())
        .extracting(AlertEvents.AlertEvent::type)
        .containsExactly(EventRecorder.Type.Warning, EventRecorder.Type.Normal);
    assertThat(batch.recordedUntil()).contains("1001.00");

    AlertEvents.Batch again = AlertEvents.since(facts, batch.recordedUntil().get(), T);
    assertThat(again.events()).isEmpty();
    assertThat(again.recordedUntil()).contains("1001.00");
  }

  @Test
  void routineMonitorResultsAndCancellationsAreNoEvents() {
    String log =
        line("1001.0", "osm2", "resource", "osm2.priv", "httpd", "start", "0", "ok")
            + line("1001.1", "osm2", "resource", "osm2.priv", "httpd", "monitor", "0", "ok")
            + line("1002.0", "osm2", "resource", "osm2.priv", "httpd", "monitor", "0", "Cancelled")
            + line(
                "1003.0", "osm2", "resource", "osm2.priv", "httpd", "monitor", "7", "not running");
    assertThat(AlertEvents.since(Map.of("osm2", withLog("osm2", log)), "1000", T).events())
        .extracting(AlertEvents.AlertEvent::message)
        .containsExactly(
            "Pacemaker alert: httpd start on osm2.priv: ok (seen by osm2)",
            "Pacemaker alert: httpd monitor on osm2.priv: not running (seen by osm2)");
  }

  @Test
  void aLongBacklogIsCappedWithACount() {
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 45; i++) {
      log.append(
          line(
              1000 + i * 10 + ".0",
              "osm1",
              "resource",
              "osm1.priv",
              "httpd",
              "monitor",
              "7",
              "not running"));
    }
    AlertEvents.Batch batch =
        AlertEvents.since(Map.of("osm1", withLog("osm1", log.toString())), "999", T);
    assertThat(batch.events()).hasSize(AlertEvents.MAX_PER_PASS + 1);
    assertThat(batch.events().get(0).message()).startsWith("Pacemaker alerts: 15 older ones");
    assertThat(batch.events().get(1).type()).isEqualTo(EventRecorder.Type.Warning);
  }
}
