package io.ovdfailover.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.hosts.CrmMonStatus.Resource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SwitchoverWatchTest {
  static CrmMonStatus snapshot(String... placements) {
    List<Resource> rs = new java.util.ArrayList<>();
    for (String p : placements) {
      String[] kv = p.split("@");
      String role = kv.length > 1 ? "Started" : "Stopped";
      rs.add(
          new Resource(
              kv[0],
              "ocf:heartbeat:Dummy",
              role,
              kv.length > 1,
              false,
              true,
              kv.length > 1 ? List.of(kv[1]) : List.of()));
    }
    return new CrmMonStatus("2.1.5", Optional.empty(), true, List.of(), rs);
  }

  @Test
  void timesEachResourceFromTheFirstSnapshotThatShowsItOnTheTarget() {
    SwitchoverWatch w = new SwitchoverWatch(List.of("virtual_ip", "httpd", "lsyncd"), "osm2.priv");
    w.observe(snapshot("virtual_ip@osm1.priv", "httpd@osm1.priv", "lsyncd@osm1.priv"), 0.1);
    w.observe(snapshot("virtual_ip@osm2.priv", "httpd", "lsyncd@osm1.priv"), 0.9);
    assertThat(w.complete()).isFalse();
    assertThat(w.missing()).containsExactly("httpd", "lsyncd");
    w.observe(snapshot("virtual_ip@osm2.priv", "httpd@osm2.priv", "lsyncd@osm2.priv"), 2.4);
    w.observe(snapshot("virtual_ip@osm2.priv", "httpd@osm2.priv", "lsyncd@osm2.priv"), 2.6);
    assertThat(w.complete()).isTrue();
    assertThat(w.perResource())
        .containsEntry("virtual_ip", 0.9)
        .containsEntry("httpd", 2.4)
        .containsEntry("lsyncd", 2.4);
    assertThat(w.switchoverSeconds()).isEqualTo(2.4);
  }

  @Test
  void aResourceRunningOnBothNodesOrFailedDoesNotCount() {
    SwitchoverWatch w = new SwitchoverWatch(List.of("httpd"), "osm2.priv");
    CrmMonStatus both =
        new CrmMonStatus(
            "2.1.5",
            Optional.empty(),
            true,
            List.of(),
            List.of(
                new Resource(
                    "httpd",
                    "ocf:heartbeat:apache",
                    "Started",
                    true,
                    false,
                    true,
                    List.of("osm1.priv", "osm2.priv"))));
    w.observe(both, 1.0);
    CrmMonStatus failed =
        new CrmMonStatus(
            "2.1.5",
            Optional.empty(),
            true,
            List.of(),
            List.of(
                new Resource(
                    "httpd",
                    "ocf:heartbeat:apache",
                    "Started",
                    true,
                    true,
                    true,
                    List.of("osm2.priv"))));
    w.observe(failed, 1.5);
    assertThat(w.complete()).isFalse();
  }
}
