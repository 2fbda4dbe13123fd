package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.hosts.Fixtures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The safety rules of issue 14 on the stages' plans, from facts alone: nothing that stops a service
 * runs on a node that holds or may hold the resources, and nothing disruptive runs without a
 * quorate view or under maintenance-mode.
 */
class StageSafetyTest {

  /**
   * The replica's services, running as on a standalone farm (the guide stops them before osm2
   * joins).
   */
  static SiteFacts withReplicaServices(SiteFacts site) {
    return site.unit("osm2", "apache2", true).unit("osm2", "mariadb", true);
  }

  @Test
  void theReplicaIsPreparedOnAGreenfieldSite() {
    // the packages stage left Debian's default one-node cluster running on osm2: it serves nothing
    StagePlan plan =
        new ReplicaStage()
            .plan(withReplicaServices(SiteFacts.bare()).distroDefaultCluster("osm2").pass());
    assertThat(plan).isInstanceOf(StagePlan.Changes.class);
    assertThat(((StagePlan.Changes) plan).rows())
        .allMatch(r -> r.node().equals("osm2"))
        .anyMatch(r -> r.action().equals("stop Apache on the replica"));
  }

  @Test
  void withCrmMonFailingAndTheResourcesOnOsm2TheReplicaStageStopsNothing() {
    // the failure of issue 14: crm_mon fails on the coordinator and the quorum node, osm2 serves
    SiteFacts site =
        withReplicaServices(SiteFacts.converged())
            .vipOn("osm2")
            .view("osm1", null, SiteFacts.CIB_STARTED)
            .view("pcs3", null, null);
    assertThat(new ReplicaStage().plan(site.pass()))
        .as("osm2 is a member in corosync.conf")
        .isInstanceOf(StagePlan.Converged.class);
  }

  @Test
  void aNonMemberThatHoldsTheVipIsNotMadeAReplica() {
    // e.g. a site where osm2 serves by hand while the cluster is being rebuilt
    SiteFacts site = withReplicaServices(SiteFacts.bare()).vipOn("osm2");
    assertThat(new ReplicaStage().plan(site.pass()))
        .isInstanceOfSatisfying(
            StagePlan.Held.class, h -> assertThat(h.why()).contains("osm2 may be serving"));
  }

  @Test
  void noDisruptiveStageRunsWithoutAQuorateView() {
    SiteFacts site =
        SiteFacts.converged()
            .view(
                "osm1", Fixtures.text("cluster/crm_mon-pcs4-no-quorum.xml"), SiteFacts.CIB_STARTED);
    ClusterSituation s = site.situation();
    assertThat(s.quorate()).isFalse();
    StagePlan changes = new StagePlan.Changes(List.of(), Optional.empty(), Optional::empty);
    assertThat(GuideConverger.guarded(stage(Disruption.NODE_SERVICES), changes, s))
        .isInstanceOf(StagePlan.Held.class);
    assertThat(GuideConverger.guarded(stage(Disruption.CLUSTER), changes, s))
        .isInstanceOf(StagePlan.Held.class);
    assertThat(GuideConverger.guarded(stage(Disruption.NONE), changes, s)).isSameAs(changes);
    // before the cluster ever ran nothing serves from it: formation itself must go on
    assertThat(
            GuideConverger.guarded(
                stage(Disruption.CLUSTER), changes, SiteFacts.bare().situation()))
        .isSameAs(changes);
  }

  @Test
  void maintenanceModeHoldsEveryClusterChange() {
    String cib =
        SiteFacts.CIB_STARTED.replace(
            "name=\"stonith-enabled\" value=\"false\"/>",
            "name=\"stonith-enabled\" value=\"false\"/><nvpair id=\"mm\" name=\"maintenance-mode\" value=\"true\"/>");
    ClusterSituation s = SiteFacts.converged().view("osm1", SiteFacts.CRM_STARTED, cib).situation();
    StagePlan changes = new StagePlan.Changes(List.of(), Optional.empty(), Optional::empty);
    assertThat(GuideConverger.guarded(stage(Disruption.CLUSTER), changes, s))
        .isInstanceOfSatisfying(
            StagePlan.Held.class, h -> assertThat(h.why()).contains("maintenance-mode"));
  }

  @Test
  void theCibIsPushedOnlyThroughAQuoratePartitionAndAVipChangeWaitsForDowntime() {
    // the recorded CIB's VIP (10.20.1.10) differs from the spec's: an update of the running
    // virtual_ip
    SiteFacts quorate = SiteFacts.converged();
    assertThat(new ResourcesStage(io.ovdfailover.steps.Checkpoints.NONE).plan(quorate.pass()))
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c -> {
              assertThat(c.downtime())
                  .hasValueSatisfying(d -> assertThat(d).contains("virtual_ip restarts"));
              assertThat(c.rows()).allMatch(r -> r.node().equals("osm1"));
            });
    SiteFacts noQuorum =
        SiteFacts.converged()
            .view(
                "osm1", Fixtures.text("cluster/crm_mon-pcs4-no-quorum.xml"), SiteFacts.CIB_STARTED);
    assertThat(new ResourcesStage(io.ovdfailover.steps.Checkpoints.NONE).plan(noQuorum.pass()))
        .isInstanceOfSatisfying(
            StagePlan.Held.class, h -> assertThat(h.why()).contains("no partition with quorum"));
  }

  @Test
  void reloadingTheNetworkOfANodeThatMayServeWaitsForDowntime() {
    // the recorded hosts lack their private address: bringing it up (ifup, nmcli, netplan apply)
    // can interrupt the node that serves
    StagePlan plan =
        new PreparationStage(
                io.ovdfailover.steps.guide.GuideStage.HOST_PREPARATION, Disruption.NONE)
            .plan(SiteFacts.converged().pass());
    assertThat(plan)
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c -> {
              assertThat(c.downtime()).isPresent();
              assertThat(c.rows())
                  .filteredOn(r -> r.action().startsWith("bring up"))
                  .allSatisfy(
                      r ->
                          assertThat(r.downtime())
                              .as(r.node())
                              .isEqualTo(r.node().startsWith("osm")));
            });
  }

  @Test
  void aResourceDisabledByAnAdminIsNotEnabledAgain() {
    String disabled =
        SiteFacts.CIB_STARTED.replaceFirst(
            "(<primitive id=\"lsyncd\"[^>]*>)",
            "$1<meta_attributes id=\"m\"><nvpair id=\"m-tr\" name=\"target-role\" value=\"Stopped\"/></meta_attributes>");
    StagePlan plan =
        new ResourcesStage(io.ovdfailover.steps.Checkpoints.NONE)
            .plan(SiteFacts.converged().view("osm1", SiteFacts.CRM_STARTED, disabled).pass());
    assertThat(plan)
        .isInstanceOfSatisfying(
            StagePlan.Changes.class,
            c -> assertThat(c.rows()).noneMatch(r -> r.action().contains("enable")));
  }

  /**
   * Ubuntu 16.04's pcs 0.9.149 has neither cib-push diff-against (0.9.156) nor the guide's regexp%
   * location constraints (0.9.157): the resources stage says so instead of failing mid-push.
   */
  @Test
  void aPcsTooOldForTheResourcesBlocksTheStageNamingWhatItLacks() {
    String withoutLsyncdCron =
        SiteFacts.CIB_STARTED.replaceFirst(
            "<rsc_colocation id=\"colocation-lsyncd_cron[^>]*/>", "");
    StagePlan plan =
        new ResourcesStage(io.ovdfailover.steps.Checkpoints.NONE)
            .plan(
                SiteFacts.converged()
                    .view("osm1", SiteFacts.CRM_STARTED, withoutLsyncdCron)
                    .pcs("osm1", "0.9.149")
                    .pass());
    assertThat(plan)
        .isInstanceOfSatisfying(
            StagePlan.Blocked.class,
            b ->
                assertThat(b.why())
                    .startsWith("pcs 0.9.149 on osm1 has no cib-push diff-against (pcs 0.9.156)")
                    .contains("regexp%"));
    // RHEL 7's 0.9.169 has both: the same diff is planned
    assertThat(
            new ResourcesStage(io.ovdfailover.steps.Checkpoints.NONE)
                .plan(
                    SiteFacts.converged()
                        .view("osm1", SiteFacts.CRM_STARTED, withoutLsyncdCron)
                        .pcs("osm1", "0.9.169")
                        .pass()))
        .isInstanceOf(StagePlan.Changes.class);
  }

  private static Stage stage(Disruption d) {
    return new Stage() {
      public String name() {
        return "a " + d + " stage";
      }

      public Disruption disruption() {
        return d;
      }

      public StagePlan plan(Pass pass) {
        throw new AssertionError("not planned here");
      }
    };
  }
}
