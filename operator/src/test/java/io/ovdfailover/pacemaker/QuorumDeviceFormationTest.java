package io.ovdfailover.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.OvdFailoverClusterSpec;
import io.ovdfailover.api.PacemakerSpec;
import io.ovdfailover.hosts.UnitState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The two-node layout: the session managers alone, corosync-qnetd on the database node. */
class QuorumDeviceFormationTest {
  static final String PW = ClusterFormationTest.PW;
  static final UnitState RUNNING = new UnitState("loaded", "enabled", "active", "running");
  static final UnitState STOPPED = new UnitState("loaded", "disabled", "inactive", "dead");

  static OvdFailoverClusterSpec twoNodeSpec() {
    OvdFailoverClusterSpec spec = CibEngineIT.labSpec();
    spec.quorumNodes = new ArrayList<>();
    spec.pacemaker.quorum = PacemakerSpec.Quorum.QuorumDevice;
    return spec;
  }

  final OvdFailoverClusterSpec spec = twoNodeSpec();

  static PacemakerNodeState member(String node, CorosyncConf conf, Set<String> known) {
    return new PacemakerNodeState(
        node,
        new PcsVersion(0, 11, 5),
        true,
        true,
        true,
        true,
        false,
        conf,
        known,
        ClusterFormation.haclusterMark(node, PW));
  }

  /** dbmy after the packages: pcs there, pcsd enabled and stopped, no password yet. */
  static PacemakerNodeState freshHost() {
    return new PacemakerNodeState(
        "dbmy", new PcsVersion(0, 11, 5), true, false, false, false, false, null, Set.of(), "");
  }

  /** corosync.conf of the two session managers with a quorum device on HOST. */
  static final String WITH_DEVICE =
      """
      totem {
          version: 2
          cluster_name: ovd-sm
      }
      nodelist {
          node {
              ring0_addr: osm1.priv
              name: osm1.priv
              nodeid: 1
          }
          node {
              ring0_addr: osm2.priv
              name: osm2.priv
              nodeid: 2
          }
      }
      quorum {
          provider: corosync_votequorum
          device {
              model: net
              votes: 1
              net {
                  algorithm: ffsplit
                  host: HOST
              }
          }
      }
      """;

  @Test
  void theCoreClusterIsTheFirstSessionManagerAloneAndTheDeviceWaitsForTheSecond() {
    Map<String, PacemakerNodeState> m = new HashMap<>();
    m.put("osm1", member("osm1", null, Set.of()));
    m.put("osm2", member("osm2", null, Set.of()));
    ClusterFormation.Plan core = ClusterFormation.formCore(spec, m, PW, true);
    assertThat(core.actions())
        .extracting(a -> a.command().script())
        .contains("pcs cluster setup ovd-sm osm1.priv");

    CorosyncConf one = new CorosyncConf("ovd-sm", List.of("osm1.priv"));
    m.put("osm1", member("osm1", one, Set.of("osm1.priv", "osm2.priv")));
    ClusterFormation.Plan device =
        ClusterFormation.quorumDevice(spec, m, Optional.of(freshHost()), STOPPED, Map.of(), PW);
    assertThat(device.actions()).isEmpty();
    assertThat(device.waitsFor()).containsExactly("the second session manager's join");
  }

  @Test
  void theDeviceIsSetUpOnTheDatabaseNodeThenAddedThroughTheCoordinator() {
    CorosyncConf pair = new CorosyncConf("ovd-sm", List.of("osm1.priv", "osm2.priv"));
    Map<String, PacemakerNodeState> m = new HashMap<>();
    m.put("osm1", member("osm1", pair, Set.of("osm1.priv", "osm2.priv")));
    m.put("osm2", member("osm2", pair, Set.of()));

    ClusterFormation.Plan noPcs =
        ClusterFormation.quorumDevice(spec, m, Optional.empty(), STOPPED, Map.of(), PW);
    assertThat(noPcs.actions()).isEmpty();
    assertThat(noPcs.waitsFor()).containsExactly("pcs and corosync-qnetd on dbmy (packages)");

    ClusterFormation.Plan plan =
        ClusterFormation.quorumDevice(spec, m, Optional.of(freshHost()), STOPPED, Map.of(), PW);
    assertThat(plan.actions())
        .extracting(ClusterFormation.Action::node)
        .containsExactly("dbmy", "dbmy", "dbmy", "osm1", "osm1");
    assertThat(plan.actions().get(2).command().script()).contains("pcs qdevice setup model net");
    assertThat(plan.actions().get(3).command().script())
        .isEqualTo("pcs host auth dbmy.priv -u hacluster");
    assertThat(plan.actions().get(4).command().script())
        .isEqualTo(
            "pcs quorum device add timeout=3000 model net host=dbmy.priv algorithm=ffsplit"
                + " heuristics mode=sync 'exec_settle=/bin/sleep 3'");
    // no password in any argument
    plan.actions().forEach(a -> assertThat(a.command().script()).doesNotContain(PW));

    // Debian's package already runs qnetd; the password and pcsd are there: auth and add only
    PacemakerNodeState ready =
        new PacemakerNodeState(
            "dbmy",
            new PcsVersion(0, 11, 5),
            true,
            true,
            false,
            false,
            false,
            null,
            Set.of(),
            ClusterFormation.haclusterMark("dbmy", PW));
    assertThat(
            ClusterFormation.quorumDevice(spec, m, Optional.of(ready), RUNNING, Map.of(), PW)
                .actions())
        .extracting(ClusterFormation.Action::node)
        .containsExactly("osm1", "osm1");
  }

  @Test
  void aClusterWithItsDeviceNeedsNothingAndAnotherDeviceIsReportedNotReplaced() {
    CorosyncConf ours = CorosyncConf.parse(WITH_DEVICE.replace("HOST", "dbmy.priv"));
    assertThat(ours.quorumDeviceHost()).isEqualTo("dbmy.priv");
    assertThat(ours.nodeNames()).containsExactly("osm1.priv", "osm2.priv");
    Map<String, PacemakerNodeState> m = new HashMap<>();
    m.put("osm1", member("osm1", ours, Set.of("osm1.priv", "osm2.priv", "dbmy.priv")));
    m.put("osm2", member("osm2", ours, Set.of()));
    assertThat(
            ClusterFormation.quorumDevice(spec, m, Optional.of(freshHost()), RUNNING, Map.of(), PW)
                .isEmpty())
        .isTrue();

    CorosyncConf other = CorosyncConf.parse(WITH_DEVICE.replace("HOST", "qnetd.example.org"));
    m.put("osm1", member("osm1", other, Set.of("osm1.priv", "osm2.priv")));
    ClusterFormation.Plan plan =
        ClusterFormation.quorumDevice(spec, m, Optional.of(freshHost()), RUNNING, Map.of(), PW);
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.blockers())
        .singleElement()
        .asString()
        .contains("qnetd.example.org", "pcs quorum device remove");

    // without a device section, no host; the guide's layout never gets a device
    assertThat(
            CorosyncConf.parse(WITH_DEVICE.replaceAll("(?s)device \\{.*?\\n        \\}", ""))
                .quorumDeviceHost())
        .isNull();
    OvdFailoverClusterSpec guide = CibEngineIT.labSpec();
    assertThat(
            ClusterFormation.quorumDevice(guide, m, Optional.of(freshHost()), STOPPED, Map.of(), PW)
                .isEmpty())
        .isTrue();
  }

  static final String VOTING =
      """
      Quorum information
      ------------------
      Date:             Tue Dec  8 00:19:11 2026
      Quorum provider:  corosync_votequorum
      Nodes:            2
      Node ID:          1
      Ring ID:          1.e
      Quorate:          Yes

      Votequorum information
      ----------------------
      Expected votes:   3
      Highest expected: 3
      Total votes:      3
      Quorum:           2
      Flags:            Quorate Qdevice

      Membership information
      ----------------------
          Nodeid      Votes    Qdevice Name
               1          1    A,V,NMW osm1.priv (local)
               2          1    A,V,NMW osm2.priv
               0          1            Qdevice
      """;

  /** What CI's lab printed right after {@code pcs quorum device add}: the device not yet there. */
  static final String NOT_YET =
      VOTING
          .replace("Total votes:      3", "Total votes:      2")
          .replace("A,V,NMW", "NA,NV,NMW")
          .replace("0          1            Qdevice", "0          0            Qdevice (votes 1)");

  @Test
  void aConfiguredDeviceIsWaitedForUntilEveryMemberCountsItsVoteAndAStoppedQnetdIsStarted() {
    CorosyncConf ours = CorosyncConf.parse(WITH_DEVICE.replace("HOST", "dbmy.priv"));
    Map<String, PacemakerNodeState> m = new HashMap<>();
    m.put("osm1", member("osm1", ours, Set.of("osm1.priv", "osm2.priv", "dbmy.priv")));
    m.put("osm2", member("osm2", ours, Set.of()));
    io.ovdfailover.hosts.Votequorum voting =
        io.ovdfailover.hosts.Votequorum.parse(VOTING).orElseThrow();
    io.ovdfailover.hosts.Votequorum notYet =
        io.ovdfailover.hosts.Votequorum.parse(NOT_YET).orElseThrow();
    assertThat(voting.deviceVotesHere()).isTrue();
    assertThat(notYet).isEqualTo(new io.ovdfailover.hosts.Votequorum(3, 2, "NA,NV,NMW"));
    assertThat(notYet.deviceVotesHere()).isFalse();
    // corosync not running: the tool prints nothing, and nothing is known
    assertThat(io.ovdfailover.hosts.Votequorum.parse("")).isEmpty();

    ClusterFormation.Plan waiting =
        ClusterFormation.quorumDevice(
            spec, m, Optional.of(freshHost()), RUNNING, Map.of("osm1", voting, "osm2", notYet), PW);
    assertThat(waiting.actions()).isEmpty();
    assertThat(waiting.waitsFor())
        .containsExactly("the quorum device's vote on osm2 (NA,NV,NMW, total votes 2 of 3)");

    assertThat(
            ClusterFormation.quorumDevice(
                    spec,
                    m,
                    Optional.of(freshHost()),
                    RUNNING,
                    Map.of("osm1", voting, "osm2", voting),
                    PW)
                .isEmpty())
        .isTrue();

    ClusterFormation.Plan qnetdDown =
        ClusterFormation.quorumDevice(
            spec, m, Optional.of(freshHost()), STOPPED, Map.of("osm1", notYet), PW);
    assertThat(qnetdDown.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.node()).isEqualTo("dbmy");
              assertThat(a.command().script()).isEqualTo("systemctl enable --now corosync-qnetd");
            });
  }
}
