package io.ovdfailover.steps.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import org.junit.jupiter.api.Test;

class NodeRoleTest {
  @Test
  void rolesInSpecOrderWithTheirStatusNames() {
    OvdFailoverClusterSpec spec = GuideFilesTest.guideSpec();
    assertThat(NodeRole.roles(spec))
        .containsExactly(
            entry("osm1", NodeRole.PREFERRED_SESSION_MANAGER),
            entry("osm2", NodeRole.SECOND_SESSION_MANAGER),
            entry("pcs3", NodeRole.QUORUM),
            entry("pcs4", NodeRole.QUORUM),
            entry("dbmy", NodeRole.DATABASE));
    // the wire values of ClusterNode.status.role and OvdFailoverCluster.status.nodes[].role
    assertThat(NodeRole.roles(spec).values())
        .extracting(NodeRole::statusName)
        .containsExactly("SessionManager", "SessionManager", "Quorum", "Quorum", "Database");
    assertThat(NodeRole.of(spec, "nobody")).isNull();
  }

  @Test
  void aSpecStillBeingWrittenHasTheRolesItNames() {
    OvdFailoverClusterSpec spec = GuideFilesTest.guideSpec();
    spec.database = null;
    spec.quorumNodes.get(0).name = null;
    assertThat(NodeRole.roles(spec)).containsOnlyKeys("osm1", "osm2", "pcs4");
    assertThat(NodeRole.roles(null)).isEmpty();
  }
}
