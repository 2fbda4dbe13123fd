package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The topology diagram is Mermaid text in two places (the README, for users, and docs/design.md,
 * the map): they stay one diagram, and it names what the guide's setup is made of.
 */
class DiagramsTest {
  private static final Pattern MERMAID = Pattern.compile("```mermaid\n(.*?)```", Pattern.DOTALL);

  static List<String> diagrams(String file) {
    List<String> out = new ArrayList<>();
    Matcher m = MERMAID.matcher(Repo.read(Repo.root().resolve(file)));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theReadmeAndTheDesignPageShowTheSameTopology() {
    List<String> readme = diagrams("README.md");
    assertThat(readme).hasSize(1);
    assertThat(diagrams("docs/design.md")).contains(readme.get(0));
  }

  @Test
  void theTopologyNamesTheGuidesHostsNetworksAndResources() {
    String topology = diagrams("README.md").get(0);
    assertThat(topology)
        .startsWith("flowchart")
        .contains("osm1", "osm2", "pcs3", "pcs4", "dbmy")
        .contains("service network", "private network", "VIP", "SNAT", "lsyncd")
        .contains("virtual_ip", "virtual_ip_src", "httpd", "osm_cron", "lsyncd_cron")
        .contains("quorum", "SSH, pinned host keys");
  }
}
