package io.ovdfailover.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.Finding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: a cluster an admin formed by hand from the guide under another name than the spec's.
 * Before, formation saw "another cluster" on every node and blocked, suggesting pcs cluster
 * destroy; now the same members make it the spec's cluster under its own name, reported.
 */
class ClusterNameAdoptionTest {
  static final String PW = "s3cret-hacluster";
  final OvdFailoverClusterSpec spec = CibEngineIT.labSpec();
  static final List<String> ALL = List.of("osm1.priv", "pcs3.priv", "pcs4.priv", "osm2.priv");

  static PacemakerNodeState handBuilt(String node, String clusterName, List<String> members) {
    return new PacemakerNodeState(
        node,
        new PcsVersion(0, 11, 5),
        true,
        true,
        true,
        true,
        false,
        new CorosyncConf(clusterName, members),
        Set.copyOf(ALL),
        ""); // formed without the operator: no mark of the hacluster password
  }

  Map<String, PacemakerNodeState> cluster(String name, List<String> members) {
    Map<String, PacemakerNodeState> m = new HashMap<>();
    for (String n : List.of("osm1", "osm2", "pcs3", "pcs4")) m.put(n, handBuilt(n, name, members));
    return m;
  }

  @Test
  void theSameMembersUnderAnotherNameAreAdoptedAndReportedNotBlocked() {
    Map<String, PacemakerNodeState> states = cluster("ovdcluster", ALL);
    ClusterFormation.Plan core = ClusterFormation.formCore(spec, states, PW, false);
    assertThat(core.blockers()).isEmpty();
    assertThat(core.actions())
        .as("no setup, no destroy, no start: only the password the operator has no record of")
        .extracting(a -> a.command().script())
        .noneMatch(s -> s.contains("pcs cluster"));
    assertThat(core.actions())
        .extracting(a -> a.command().description())
        .allMatch(d -> d.startsWith("set the hacluster password from the Secret (a member"));
    assertThat(ClusterFormation.joinSecondSessionManager(spec, states, false).isEmpty()).isTrue();
    assertThat(ClusterFormation.rejoin(spec, states, PW).isEmpty()).isTrue();
    assertThat(ClusterFormation.bootPolicy(spec, states).isEmpty()).isTrue();
    assertThat(ClusterFormation.findings(spec, states))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.subject()).isEqualTo("cluster name");
              assertThat(f.disposition()).isEqualTo(Finding.Disposition.Kept);
              assertThat(f.message())
                  .contains("'ovdcluster'", "'ovd-sm'", "set spec.clusterName to 'ovdcluster'");
            });
  }

  @Test
  void aClusterWithANodeOutsideTheSpecIsSomebodyElsesAndBlocks() {
    List<String> foreign = List.of("osm1.priv", "pcs3.priv", "pcs4.priv", "web7.priv");
    ClusterFormation.Plan core =
        ClusterFormation.formCore(spec, cluster("webfarm", foreign), PW, false);
    assertThat(core.blockers())
        .isNotEmpty()
        .allMatch(b -> b.contains("belongs to cluster 'webfarm'"));
    assertThat(ClusterFormation.findings(spec, cluster("webfarm", foreign))).isEmpty();
  }

  @Test
  void theDistributionsDefaultClusterIsNeverTakenForOurs() {
    assertThat(ClusterFormation.isOurs(spec, new CorosyncConf("debian", List.of("node1"))))
        .isFalse();
    assertThat(ClusterFormation.isOurs(spec, new CorosyncConf("ovd-sm", List.of()))).isTrue();
    assertThat(
            ClusterFormation.isOurs(
                spec, new CorosyncConf("other", List.of("pcs3.priv", "pcs4.priv"))))
        .as("without the first session manager")
        .isFalse();
  }
}
