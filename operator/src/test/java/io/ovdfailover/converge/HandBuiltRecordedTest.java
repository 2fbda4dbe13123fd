package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.DatabaseSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.FactsParser;
import io.ovdfailover.hosts.Finding;
import io.ovdfailover.hosts.Fixtures;
import io.ovdfailover.hosts.HostFacts;
import io.ovdfailover.steps.NodeContext;
import io.ovdfailover.steps.Plan;
import io.ovdfailover.testsupport.Samples;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #16 on what the lab really showed: facts/hand-built-lab holds the five nodes' facts probes,
 * recorded by AdoptHandBuiltOnLabTest right after e2e/scenarios/hand-built (the guide's chapters
 * I-VI by hand, Debian 12) and before the operator ran. Every stage plans from them alone: the plan
 * is what the lab run then did (11 mutating commands, none of them a restart or a downtime action)
 * and the findings are what it reported.
 */
class HandBuiltRecordedTest {
  final OvdFailoverClusterSpec spec = spec();

  static OvdFailoverClusterSpec spec() {
    OvdFailoverClusterSpec s = Samples.cluster("ns", "lab").getSpec();
    s.clusterName = "ovd-sm";
    s.pacemaker.loadThreshold = "400%";
    s.database.reachableFrom = DatabaseSpec.ReachableFrom.Anywhere;
    return s;
  }

  Pass pass() throws Exception {
    Map<String, HostFacts> facts = new LinkedHashMap<>();
    Map<String, NodeContext> contexts = new LinkedHashMap<>();
    for (String n : Samples.NODE_NAMES) {
      HostFacts f = FactsParser.parse(n, Fixtures.text("hand-built-lab/" + n + ".txt"));
      facts.put(n, f);
      contexts.put(n, NodeContext.detect(f));
    }
    ClusterView view = ClusterView.choose(GuideConverger.clusterViewNodes(spec), facts);
    return new Pass(
        spec,
        facts,
        contexts,
        view,
        ClusterSituation.read(spec, facts, view),
        n -> {
          throw new AssertionError("planning must not run a command (" + n + ")");
        },
        new GuideConverger.Secrets("pw"),
        false);
  }

  @Test
  void theRecordedClusterIsRunningAndItsViewComesFromOsm1() throws Exception {
    Pass pass = pass();
    assertThat(pass.view().crmMon()).hasValueSatisfying(c -> assertThat(c.withQuorum()).isTrue());
    assertThat(pass.situation().formed()).isTrue();
    assertThat(pass.situation().everStarted()).isTrue();
    assertThat(pass.situation().overrides()).isEmpty();
  }

  @Test
  void everyStagePlansWhatTheLabRunDidAndNothingInterruptsService() throws Exception {
    Pass pass = pass();
    List<Plan.Row> rows = new ArrayList<>();
    for (Stage stage : Procedures.guideBuild(null)) {
      StagePlan plan = GuideConverger.guarded(stage, stage.plan(pass), pass.situation());
      assertThat(plan)
          .as(stage.name())
          .isNotInstanceOf(StagePlan.Blocked.class)
          .isNotInstanceOf(StagePlan.Held.class);
      if (plan instanceof StagePlan.Changes c) {
        assertThat(c.downtime()).as(stage.name()).isEmpty();
        c.rows()
            .forEach(r -> rows.add(new Plan.Row(r.node(), stage.name(), r.action(), r.downtime())));
      }
    }
    assertThat(rows).noneMatch(Plan.Row::downtime);
    assertThat(rows)
        .extracting(r -> r.node() + " " + r.step())
        .containsExactly(
            "osm1 vip source",
            "osm1 vip source",
            "osm2 vip source",
            "osm2 vip source",
            "osm1 cluster formation",
            "osm2 cluster formation",
            "pcs3 cluster formation",
            "pcs4 cluster formation",
            "osm1 resources",
            "osm1 after cluster",
            "osm2 after cluster");
    assertThat(rows.get(0).action()).contains("the guide's unit, without the guard rule");
    assertThat(rows.get(8).action()).isEqualTo("set cluster property load-threshold=400%");
  }

  @Test
  void theFindingsAreTheLabRunsAndNoneNeedsDowntime() throws Exception {
    Pass pass = pass();
    List<Finding> findings = new ArrayList<>();
    for (Stage stage : Procedures.guideBuild(null)) findings.addAll(stage.findings(pass));
    assertThat(findings)
        .extracting(f -> f.disposition() + " " + f.node() + " " + f.subject())
        .containsExactlyInAnyOrder(
            "Updated osm1 /etc/systemd/system/cluster-vip-src.service",
            "Updated osm2 /etc/systemd/system/cluster-vip-src.service",
            "Equivalent osm1 /etc/default/cluster-vip-src",
            "Equivalent osm2 /etc/default/cluster-vip-src",
            "Equivalent osm1 /root/.ssh/known_hosts",
            "Equivalent osm2 /root/.ssh/known_hosts",
            "Equivalent osm1 /etc/lsyncd/lsyncd.conf.lua",
            "Equivalent osm2 /etc/lsyncd/lsyncd.conf.lua",
            "Equivalent - virtual_ip",
            "Kept - virtual_ip_src",
            "Kept - lsyncd");
  }
}
