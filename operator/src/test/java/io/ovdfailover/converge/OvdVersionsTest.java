package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.testsupport.Samples;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chapter II's warning, "both osm1 and osm2 are required to have the exact same version of Inuvika
 * OVD installed", as the operator reads it from the facts and acts on it: a cluster is not formed
 * over two versions, a running one keeps running and refuses failover tests.
 */
class OvdVersionsTest {
  static final String PKG = OvdFailoverClusterSpec.DEFAULT_SESSION_MANAGER_PACKAGE;
  final OvdFailoverClusterSpec spec = Samples.cluster("ns", "lab").getSpec();

  @Test
  void differentVersionsNameEachSessionManagersOwn() {
    SiteFacts site =
        SiteFacts.bare().installed("osm1", PKG, "3.3.0-1").installed("osm2", PKG, "3.3.1-1");
    OvdVersions v = OvdVersions.read(spec, site.facts());
    assertThat(v.mismatch())
        .contains(
            "the session managers run different OVD versions (osm1 has 3.3.0-1, osm2 has"
                + " 3.3.1-1); chapter II wants the exact same version on both");
    assertThat(v.describe("osm2")).contains("3.3.1-1");
  }

  @Test
  void onlyOneWithThePackageIsAMismatchNeitherIsNothingToCompare() {
    SiteFacts one = SiteFacts.bare().installed("osm1", PKG, "3.3.0-1");
    assertThat(OvdVersions.read(spec, one.facts()).mismatch())
        .hasValueSatisfying(m -> assertThat(m).contains("osm2 has no " + PKG));

    OvdVersions none = OvdVersions.read(spec, SiteFacts.bare().facts());
    assertThat(none.mismatch()).isEmpty();
    assertThat(none.describe("osm1")).contains("not installed (" + PKG + ")");
  }

  @Test
  void aSessionManagerThatDidNotAnswerIsNotCompared() {
    SiteFacts site = SiteFacts.bare().installed("osm1", PKG, "3.3.0-1");
    var facts = new java.util.HashMap<>(site.facts());
    facts.remove("osm2");
    OvdVersions v = OvdVersions.read(spec, facts);
    assertThat(v.mismatch()).isEmpty();
    assertThat(v.describe("osm2")).isEmpty();
  }

  @Test
  void theSpecNamesAnotherPackage() {
    spec.sessionManagerPackage = "ovd-session-manager";
    SiteFacts site =
        SiteFacts.bare()
            .installed("osm1", "ovd-session-manager", "3.3.0")
            .installed("osm2", "ovd-session-manager", "3.3.0");
    assertThat(OvdVersions.read(spec, site.facts()).mismatch()).isEmpty();
    assertThat(OvdVersions.probes(spec).packages()).containsExactly("ovd-session-manager");
  }

  @Test
  void noClusterIsFormedOverTwoVersions() {
    SiteFacts site =
        SiteFacts.bare().installed("osm1", PKG, "3.3.0-1").installed("osm2", PKG, "3.3.1-1");
    StagePlan plan = formation().plan(site.pass());
    assertThat(plan).isInstanceOf(StagePlan.Blocked.class);
    assertThat(((StagePlan.Blocked) plan).why()).contains("osm1 has 3.3.0-1, osm2 has 3.3.1-1");

    SiteFacts same =
        SiteFacts.bare().installed("osm1", PKG, "3.3.1-1").installed("osm2", PKG, "3.3.1-1");
    assertThat(formation().plan(same.pass())).isNotInstanceOf(StagePlan.Blocked.class);
  }

  @Test
  void aRunningClusterMidUpgradeIsNotHeld() {
    SiteFacts site =
        SiteFacts.converged().installed("osm1", PKG, "3.3.0-1").installed("osm2", PKG, "3.3.1-1");
    assertThat(formation().plan(site.pass())).isNotInstanceOf(StagePlan.Blocked.class);
  }

  @Test
  void theProbeAsksForThePackage() {
    assertThat(Procedures.guideBuildRequest(spec).packages()).contains(PKG);
  }

  private static Stage formation() {
    List<Stage> stages = Procedures.guideBuild(null);
    return stages.stream()
        .filter(s -> s.name().equals("cluster formation"))
        .findFirst()
        .orElseThrow();
  }
}
