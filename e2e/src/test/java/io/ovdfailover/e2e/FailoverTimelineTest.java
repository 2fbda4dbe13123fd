package io.ovdfailover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The timeline's reading of pacemaker.log (no lab needed). */
class FailoverTimelineTest {
  static final String OSM1 =
      """
      Dec 06 17:40:00.100 osm1 pacemaker-controld  [900] (do_lrm_rsc_op) notice: Requesting local execution of stop operation for httpd on osm1.priv | transition_key=1:5:0:x op_key=httpd_stop_0
      Dec 06 17:40:01.350 osm1 pacemaker-controld  [900] (log_executor_event) notice: Result of stop operation for httpd on osm1.priv: ok | graph action confirmed; call=40 key=httpd_stop_0 rc=0
      Dec 06 17:40:01.360 osm1 pacemaker-controld  [900] (do_lrm_rsc_op) notice: Requesting local execution of stop operation for virtual_ip on osm1.priv | transition_key=2:5:0:x
      Dec 06 17:40:01.400 osm1 pacemaker-controld  [900] (log_executor_event) notice: Result of stop operation for virtual_ip on osm1.priv: ok | call=41
      Dec 06 17:30:00.000 osm1 pacemaker-controld  [900] (do_lrm_rsc_op) notice: Requesting local execution of start operation for other_rsc on osm1.priv
      """;
  static final String OSM2 =
      """
      Dec 06 17:40:01.420 osm2 pacemaker-controld  [700] (do_lrm_rsc_op) notice: Requesting local execution of start operation for virtual_ip on osm2.priv | transition_key=3:5:0:x
      Dec 06 17:40:01.480 osm2 pacemaker-controld  [700] (log_executor_event) notice: Result of start operation for virtual_ip on osm2.priv: 0 (ok) | call=12
      Dec 06 17:40:01.500 osm2 pacemaker-controld  [700] (do_lrm_rsc_op) notice: Requesting local execution of start operation for httpd on osm2.priv
      Dec 06 17:40:03.600 osm2 pacemaker-controld  [700] (log_executor_event) notice: Result of start operation for httpd on osm2.priv: ok
      """;

  @Test
  void stopsThenStartsInMillisecondsFromTheFirst() {
    List<FailoverTimeline.Operation> ops =
        FailoverTimeline.operations(
            Map.of("osm1", OSM1, "osm2", OSM2),
            List.of("virtual_ip", "httpd"),
            Instant.parse("2026-12-06T17:39:59Z"),
            Instant.parse("2026-12-06T17:41:00Z"));
    assertThat(ops)
        .extracting(o -> o.node() + " " + o.resource() + " " + o.op())
        .containsExactly(
            "osm1 httpd stop", "osm1 virtual_ip stop", "osm2 virtual_ip start", "osm2 httpd start");
    String chart = FailoverTimeline.mermaid("e2e-1: osm1 -> osm2", ops);
    assertThat(chart)
        .startsWith("```mermaid\ngantt\n")
        .contains("  section osm1 stops\n  httpd stop 1250 ms : 0, 1250\n")
        .contains("  section osm2 starts\n  virtual_ip start 60 ms : 1320, 1380\n")
        .contains("  httpd start 2100 ms : 1400, 3500\n")
        .endsWith("```\n");
  }
}
