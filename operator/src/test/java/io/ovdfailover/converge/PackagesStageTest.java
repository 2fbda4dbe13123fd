package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.steps.guide.GuideStage;
import io.ovdfailover.testsupport.HostFactsBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The packages stage on a RHEL session manager without EPEL. Its facts come from the rhel-8
 * fixture, assembled by hand, not recorded from a host (facts/README.md), with lsyncd not
 * installed.
 */
class PackagesStageTest {
  private static HostFacts rhel8WithoutLsyncd(Set<String> repositories) {
    HostFacts f = Fixtures.facts("rhel-8");
    Map<String, String> packages = new HashMap<>(f.packages());
    packages.remove("lsyncd");
    return HostFactsBuilder.from(f)
        .packages(packages)
        .enabledRepositories(Optional.of(repositories))
        .build();
  }

  @Test
  void withoutEpelTheStageIsBlockedNamingItAndNothingRuns() {
    Pass pass =
        SiteFacts.bare().replace("osm1", rhel8WithoutLsyncd(Set.of("baseos", "appstream"))).pass();
    StagePlan plan = new PreparationStage(GuideStage.PACKAGES, Disruption.NONE).plan(pass);
    assertThat(plan)
        .isInstanceOfSatisfying(
            StagePlan.Blocked.class,
            b ->
                assertThat(b.why())
                    .contains("osm1: lsyncd is not installed and comes from EPEL")
                    .contains("enable EPEL"));
  }

  @Test
  void withEpelThePlanInstallsLsyncdFromIt() {
    Pass pass =
        SiteFacts.bare()
            .replace("osm1", rhel8WithoutLsyncd(Set.of("baseos", "appstream", "epel")))
            .pass();
    StagePlan plan = new PreparationStage(GuideStage.PACKAGES, Disruption.NONE).plan(pass);
    assertThat(plan)
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c ->
                assertThat(c.rows())
                    .anySatisfy(
                        r -> {
                          assertThat(r.node()).isEqualTo("osm1");
                          assertThat(r.action()).isEqualTo("install lsyncd (lsyncd, from EPEL)");
                        }));
  }
}
