package io.ovdfailover.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.hosts.PacemakerNodeFiles;
import io.ovdfailover.hosts.UnitState;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterFormationTest {
  static final String PW = "s3cret-hacluster";
  final OvdFailoverClusterSpec spec = CibEngineIT.labSpec();

  /**
   * corosync.conf as Debian 12's corosync package installs it (recorded right after 'apt-get
   * install pcs').
   */
  static String recordedDefaultCorosyncConf() throws Exception {
    try (var in =
        ClusterFormationTest.class.getResourceAsStream("/pacemaker/probe-debian12-fresh-pcs.txt")) {
      String probe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return probe.substring(
          probe.indexOf("@@corosync-conf\n") + 16, probe.indexOf("@@known-hosts"));
    }
  }

  /**
   * A node right after 'apt-get install pcs': units enabled, not running (recorded without systemd
   * as PID 1).
   */
  static PacemakerNodeState freshNode(String node) throws Exception {
    UnitState enabledStopped = new UnitState("loaded", "enabled", "inactive", "dead");
    return PacemakerNodeState.of(
        node,
        new PcsVersion(0, 11, 5),
        enabledStopped,
        enabledStopped,
        enabledStopped,
        new PacemakerNodeFiles(Optional.of(recordedDefaultCorosyncConf()), Set.of(), ""));
  }

  @Test
  void recordedProbeOfAFreshDebianNodeShowsTheDefaultCluster() throws Exception {
    PacemakerNodeState s = freshNode("pcs3");
    assertThat(s.pcs()).isEqualTo(new PcsVersion(0, 11, 5));
    assertThat(s.pcsdEnabled()).isTrue();
    assertThat(s.corosync().clusterName()).isEqualTo("debian");
    assertThat(s.corosync().nodeNames()).containsExactly("node1");
    assertThat(s.corosync().isDistroDefault()).isTrue();
    assertThat(s.knownHosts()).isEmpty();
    assertThat(s.haclusterMark()).isEmpty();
  }

  Map<String, PacemakerNodeState> fresh() throws Exception {
    Map<String, PacemakerNodeState> m = new HashMap<>();
    for (String n : List.of("osm1", "osm2", "pcs3", "pcs4")) {
      m.put(n, freshNode(n));
    }
    return m;
  }

  static PacemakerNodeState formed(String node, List<String> members, boolean running) {
    return new PacemakerNodeState(
        node,
        new PcsVersion(0, 11, 5),
        true,
        true,
        running,
        running,
        false,
        new CorosyncConf("ovd-sm", members),
        Set.of("osm1.priv", "osm2.priv", "pcs3.priv", "pcs4.priv"),
        ClusterFormation.haclusterMark(node, PW));
  }

  @Test
  void freshNodesGetTheGuidesSequence() throws Exception {
    ClusterFormation.Plan plan = ClusterFormation.formCore(spec, fresh(), PW, true);
    assertThat(plan.blockers()).isEmpty();
    List<String> steps =
        plan.actions().stream().map(a -> a.node() + ": " + a.command().description()).toList();
    assertThat(steps)
        .containsSubsequence(
            "osm1: enable and start pcsd",
            "osm1: delete the distribution's default cluster",
            "osm1: set the hacluster password",
            "pcs4: set the hacluster password",
            "osm1: authenticate the cluster nodes (pcs host auth)",
            "osm1: create the cluster ovd-sm with [osm1.priv, pcs3.priv, pcs4.priv]",
            "osm1: start the cluster on all nodes");
    // the second session manager is prepared (destroyed, password, auth) but joins only at the end
    assertThat(steps).contains("osm2: delete the distribution's default cluster");
    assertThat(plan.actions()).allMatch(a -> a.command().mutating());
  }

  @Test
  void thePasswordTravelsOnStdinOnly() throws Exception {
    ClusterFormation.Plan plan = ClusterFormation.formCore(spec, fresh(), PW, true);
    assertThat(plan.actions())
        .allSatisfy(
            a -> {
              assertThat(a.command().script()).doesNotContain(PW);
              assertThat(a.command().description()).doesNotContain(PW);
              assertThat(a.command().toString()).doesNotContain(PW);
            });
    assertThat(plan.actions())
        .filteredOn(a -> a.command().description().startsWith("authenticate"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.command().script())
                  .isEqualTo("pcs host auth osm1.priv osm2.priv pcs3.priv pcs4.priv -u hacluster");
              assertThat(new String(a.command().stdin(), StandardCharsets.UTF_8))
                  .isEqualTo(PW + "\n");
            });
  }

  @Test
  void aFormedRunningClusterNeedsNothing() {
    List<String> core = List.of("osm1.priv", "pcs3.priv", "pcs4.priv");
    Map<String, PacemakerNodeState> m = new HashMap<>();
    for (String n : List.of("osm1", "pcs3", "pcs4")) m.put(n, formed(n, core, true));
    m.put(
        "osm2",
        new PacemakerNodeState(
            "osm2",
            new PcsVersion(0, 11, 5),
            true,
            true,
            false,
            false,
            false,
            null,
            Set.of(),
            ClusterFormation.haclusterMark("osm2", PW)));
    assertThat(ClusterFormation.formCore(spec, m, PW, false).isEmpty()).isTrue();
    assertThat(ClusterFormation.bootPolicy(spec, m).isEmpty()).isTrue();

    ClusterFormation.Plan join = ClusterFormation.joinSecondSessionManager(spec, m, false);
    assertThat(join.actions())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.command().script())
                    .isEqualTo("pcs cluster node add osm2.priv --start --wait=120"));

    // with a load-threshold in the spec, the joined node's controller is made to read it
    spec.pacemaker.loadThreshold = "2000%";
    assertThat(ClusterFormation.joinSecondSessionManager(spec, m, false).actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.command().script())
                  .isEqualTo(
                      "pcs cluster node add osm2.priv --start --wait=120 && {"
                          + " crm_attribute --type crm_config --name load-threshold --delete"
                          + " >/dev/null 2>&1; crm_attribute --type crm_config --name load-threshold"
                          + " --update 2000%; }");
              assertThat(a.command().description())
                  .endsWith(
                      "then load-threshold=2000% written again so that its controller reads it");
            });
    spec.pacemaker.loadThreshold = null;

    List<String> all = List.of("osm1.priv", "pcs3.priv", "pcs4.priv", "osm2.priv");
    for (String n : List.of("osm1", "osm2", "pcs3", "pcs4")) m.put(n, formed(n, all, true));
    assertThat(ClusterFormation.joinSecondSessionManager(spec, m, false).isEmpty()).isTrue();
  }

  @Test
  void aStoppedMemberIsStartedOnlyWhenAllowedAndAChangedPasswordIsSetAgain() {
    List<String> all = List.of("osm1.priv", "pcs3.priv", "pcs4.priv", "osm2.priv");
    Map<String, PacemakerNodeState> m = new HashMap<>();
    for (String n : List.of("osm1", "osm2", "pcs3", "pcs4"))
      m.put(n, formed(n, all, !n.equals("pcs4")));
    ClusterFormation.Plan plan = ClusterFormation.formCore(spec, m, "a-new-password", true);
    assertThat(plan.actions())
        .extracting(a -> a.node() + ": " + a.command().description())
        .containsExactly(
            "osm1: set the hacluster password",
            "osm2: set the hacluster password",
            "pcs3: set the hacluster password",
            "pcs4: set the hacluster password",
            "osm1: start the cluster on all nodes");
    assertThat(plan.actions())
        .last()
        .satisfies(
            a ->
                assertThat(a.command().script())
                    .as("the start leaves the mark that the cluster ran")
                    .endsWith("touch " + PacemakerNodeFiles.STARTED_MARK_PATH));

    // an admin's pcs cluster stop on pcs4 stands
    assertThat(ClusterFormation.formCore(spec, m, PW, false).actions())
        .noneMatch(a -> a.command().script().contains("cluster start"));
    m.put("osm2", formed("osm2", all, false));
    assertThat(ClusterFormation.joinSecondSessionManager(spec, m, false).isEmpty()).isTrue();
    assertThat(ClusterFormation.joinSecondSessionManager(spec, m, true).actions())
        .singleElement()
        .satisfies(a -> assertThat(a.command().script()).startsWith("pcs cluster start osm2.priv"));
  }

  @Test
  void aNodeOfSomeoneElsesClusterIsNeverDestroyed() {
    Map<String, PacemakerNodeState> m = new HashMap<>();
    for (String n : List.of("osm1", "osm2", "pcs3", "pcs4")) {
      m.put(n, formed(n, List.of("osm1.priv", "pcs3.priv", "pcs4.priv"), true));
    }
    m.put(
        "pcs4",
        new PacemakerNodeState(
            "pcs4",
            new PcsVersion(0, 11, 5),
            true,
            true,
            true,
            true,
            false,
            new CorosyncConf("payroll", List.of("pay1", "pay2", "pcs4")),
            Set.of(),
            ClusterFormation.haclusterMark("pcs4", PW)));
    ClusterFormation.Plan plan = ClusterFormation.formCore(spec, m, PW, false);
    assertThat(plan.blockers())
        .singleElement()
        .asString()
        .contains("pcs4 belongs to cluster 'payroll'");
    assertThat(plan.actions()).noneMatch(a -> a.command().script().contains("destroy"));
  }

  @Test
  void pcs09UsesClusterAuthAndSetupDashDashName() throws Exception {
    Map<String, PacemakerNodeState> m = fresh();
    m.replaceAll(
        (k, s) ->
            new PacemakerNodeState(
                k,
                PcsVersion.parse("0.9.164"),
                true,
                true,
                false,
                false,
                false,
                null,
                Set.of(),
                ""));
    List<String> scripts =
        ClusterFormation.formCore(spec, m, PW, false).actions().stream()
            .map(a -> a.command().script())
            .toList();
    assertThat(scripts)
        .contains(
            "pcs cluster auth osm1.priv osm2.priv pcs3.priv pcs4.priv -u hacluster",
            "pcs cluster setup --name ovd-sm osm1.priv pcs3.priv pcs4.priv");
  }

  /**
   * pcs4 rebuilt with the same identity: packages, pcsd and password again, but no corosync.conf.
   */
  static PacemakerNodeState rebuilt(String node, String password) {
    return new PacemakerNodeState(
        node,
        new PcsVersion(0, 11, 5),
        true,
        true,
        false,
        false,
        false,
        null,
        Set.of(),
        ClusterFormation.haclusterMark(node, password));
  }

  @Test
  void aRebuiltQuorumNodeIsAuthenticatedAgainAndAddedBackNotStarted() {
    List<String> all = List.of("osm1.priv", "pcs3.priv", "pcs4.priv", "osm2.priv");
    Map<String, PacemakerNodeState> m = new HashMap<>();
    for (String n : List.of("osm1", "osm2", "pcs3")) m.put(n, formed(n, all, true));
    m.put("pcs4", rebuilt("pcs4", PW));

    assertThat(ClusterFormation.lostMembership(spec, m)).containsExactly("pcs4.priv");
    // found on the lab: `pcs cluster start --all` every 31 s, failing on pcs4 with HTTP 401
    assertThat(ClusterFormation.formCore(spec, m, PW, true).actions())
        .noneMatch(a -> a.command().script().contains("cluster start"));
    ClusterFormation.Plan rejoin = ClusterFormation.rejoin(spec, m, PW);
    assertThat(rejoin.actions())
        .extracting(a -> a.node() + ": " + a.command().script())
        .containsExactly(
            "osm1: pcs host auth pcs4.priv -u hacluster",
            "osm1: pcs cluster node remove pcs4.priv && pcs cluster node add pcs4.priv --start --wait=120");
    assertThat(rejoin.actions())
        .allSatisfy(a -> assertThat(a.command().script()).doesNotContain(PW));

    // not prepared yet (no password): it waits, nothing runs
    m.put("pcs4", rebuilt("pcs4", "an-older-password"));
    assertThat(ClusterFormation.rejoin(spec, m, PW).actions()).isEmpty();
    assertThat(ClusterFormation.rejoin(spec, m, PW).waitsFor())
        .singleElement()
        .asString()
        .contains("pcs4");

    // a converged cluster has nobody to bring back
    m.put("pcs4", formed("pcs4", all, true));
    assertThat(ClusterFormation.rejoin(spec, m, PW).isEmpty()).isTrue();
  }
}
