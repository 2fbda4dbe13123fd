package io.ovdfailover.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrinterColumnPathTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode object() throws Exception {
    return JSON.readTree(
        """
        {"metadata":{"name":"lab"},
         "spec":{"vip":{"address":"198.18.0.100"}},
         "status":{"conditions":[{"type":"SpecValid","reason":"SpecAccepted"},{"type":"Ready","reason":"HostsNotObserved"}],
                   "nodes":[{"name":"osm1"},{"name":"osm2"}]}}""");
  }

  @Test
  void dottedPathsFiltersAndIndexes() throws Exception {
    JsonNode o = object();
    assertThat(PrinterColumnPath.parse(".spec.vip.address").first(o).asText())
        .isEqualTo("198.18.0.100");
    assertThat(
            PrinterColumnPath.parse(".status.conditions[?(@.type==\"Ready\")].reason")
                .first(o)
                .asText())
        .isEqualTo("HostsNotObserved");
    assertThat(
            PrinterColumnPath.parse("{.status.conditions[?(@.type=='SpecValid')].reason}")
                .first(o)
                .asText())
        .isEqualTo("SpecAccepted");
    assertThat(PrinterColumnPath.parse(".status.nodes[1].name").first(o).asText())
        .isEqualTo("osm2");
    assertThat(PrinterColumnPath.parse(".status.nodes[-1].name").first(o).asText())
        .isEqualTo("osm2");
    assertThat(PrinterColumnPath.parse(".status.nodes[*].name").first(o).asText())
        .isEqualTo("osm1");
    assertThat(PrinterColumnPath.parse(".status.activeNode").first(o)).isNull();
    assertThat(PrinterColumnPath.parse(".status.conditions[?(@.type==\"Gone\")].reason").first(o))
        .isNull();
  }

  @Test
  void ageIsPrintedLikeKubectl() {
    assertThat(TableView.humanDuration(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    assertThat(TableView.humanDuration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(TableView.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(TableView.humanDuration(Duration.ofSeconds(5 * 60 + 3))).isEqualTo("5m3s");
    assertThat(TableView.humanDuration(Duration.ofMinutes(6))).isEqualTo("6m");
    assertThat(TableView.humanDuration(Duration.ofMinutes(95))).isEqualTo("95m");
    assertThat(TableView.humanDuration(Duration.ofMinutes(4 * 60 + 20))).isEqualTo("4h20m");
    assertThat(TableView.humanDuration(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(TableView.humanDuration(Duration.ofHours(3 * 24 + 5))).isEqualTo("3d5h");
    assertThat(TableView.humanDuration(Duration.ofDays(400))).isEqualTo("400d");
    assertThat(TableView.humanDuration(Duration.ofDays(2 * 365 + 30))).isEqualTo("2y30d");
    assertThat(TableView.humanDuration(Duration.ofDays(9 * 365))).isEqualTo("9y");
  }

  @Test
  void mergePatchFollowsRfc7386() throws Exception {
    JsonNode target =
        JSON.readTree("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"},\"list\":[1,2,3]}");
    JsonNode patch = JSON.readTree("{\"a\":\"z\",\"c\":{\"f\":null},\"list\":[9]}");
    assertThat(MergePatch.merge(target, patch))
        .isEqualTo(JSON.readTree("{\"a\":\"z\",\"c\":{\"d\":\"e\"},\"list\":[9]}"));
    assertThat(target.path("list").size()).as("the input is not modified").isEqualTo(3);
  }
}
