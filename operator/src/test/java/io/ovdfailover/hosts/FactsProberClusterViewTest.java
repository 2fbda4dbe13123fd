package io.ovdfailover.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Where {@link FactsProber} reads the cluster view (crm_mon and CIB): from the first preferred node
 * only, and from the next one, with a second probe, only when the first gives no view with quorum
 * and Pacemaker runs on the next.
 */
class FactsProberClusterViewTest {
  private static final List<String> PREFERENCE = List.of("osm1", "pcs3");

  /**
   * A node that answers the probe as the facts parser expects it, and records what it was asked.
   */
  static final class FakeNode implements HostShell {
    final String name;
    final boolean pacemakerRunning;
    final String crmMonFixture; // null: crm_mon has no cluster to answer for
    final boolean reachable;
    final List<Boolean> clusterStateAsked = new ArrayList<>();
    int failFromCall = Integer.MAX_VALUE; // calls from this one on time out

    FakeNode(String name, boolean reachable, boolean pacemakerRunning, String crmMonFixture) {
      this.name = name;
      this.reachable = reachable;
      this.pacemakerRunning = pacemakerRunning;
      this.crmMonFixture = crmMonFixture;
    }

    @Override
    public String nodeName() {
      return name;
    }

    @Override
    public CommandResult run(Command command) throws HostException {
      if (!reachable) {
        throw new HostException(HostException.Kind.UNREACHABLE, name, "connection refused");
      }
      if (clusterStateAsked.size() + 1 >= failFromCall) {
        clusterStateAsked.add(command.script().contains("\nCLUSTER=1\n"));
        throw new HostException(HostException.Kind.TIMEOUT, name, "no answer in 60 s");
      }
      Matcher m = Pattern.compile("(?m)^T=([0-9a-f]+)$").matcher(command.script());
      assertThat(m.find()).as("a facts probe").isTrue();
      String t = "@@" + m.group(1) + " ";
      boolean cluster = command.script().contains("\nCLUSTER=1\n");
      clusterStateAsked.add(cluster);
      StringBuilder out =
          new StringBuilder("@@ovd-facts 1 " + m.group(1) + " uid=0\n")
              .append(t)
              .append("os-release ok\nID=debian\nVERSION_ID=\"12\"\n")
              .append(t)
              .append("hostname rc=0\n")
              .append(name)
              .append('\n')
              .append(t)
              .append("fqdn rc=0\n")
              .append(name)
              .append('\n')
              .append(t)
              .append("hosts ok\n127.0.0.1 localhost\n")
              .append(t)
              .append("addresses rc=0\n")
              .append(t)
              .append("dpkg rc=0\n")
              .append(t)
              .append("rpm missing\n")
              .append(t)
              .append("units ok\n=pacemaker rc=0\nLoadState=loaded\nUnitFileState=enabled\n")
              .append(
                  pacemakerRunning
                      ? "ActiveState=active\nSubState=running\n"
                      : "ActiveState=inactive\nSubState=dead\n")
              .append(t)
              .append("pcs missing\n")
              .append(t)
              .append("paths ok\n")
              .append(t)
              .append("lines ok\n");
      if (cluster) {
        if (crmMonFixture == null) {
          out.append(t).append("crm_mon rc=102\n").append(t).append("cib rc=107\n");
        } else {
          out.append(t)
              .append("crm_mon rc=0\n")
              .append(Fixtures.text("cluster/" + crmMonFixture))
              .append('\n')
              .append(t)
              .append("cib rc=0\n")
              .append(Fixtures.text("cluster/cib-started.xml"))
              .append('\n');
        }
      }
      out.append(t).append("end ok\n");
      return new CommandResult(0, out.toString(), "", java.time.Duration.ZERO);
    }
  }

  private static FactsProber.Result probe(FakeNode... nodes) throws InterruptedException {
    return new FactsProber(Fixtures.guideRequest()).probe(List.of(nodes), PREFERENCE, Set.of());
  }

  @Test
  void aQuorateCoordinatorIsTheOnlyNodeAskedAndEveryNodeAnswersOneCommand() throws Exception {
    FakeNode osm1 = new FakeNode("osm1", true, true, "crm_mon-started.xml");
    FakeNode pcs3 = new FakeNode("pcs3", true, true, "crm_mon-started.xml");
    FakeNode dbmy = new FakeNode("dbmy", true, false, null);

    FactsProber.Result r = probe(osm1, pcs3, dbmy);

    assertThat(osm1.clusterStateAsked).containsExactly(true);
    assertThat(pcs3.clusterStateAsked).containsExactly(false);
    assertThat(dbmy.clusterStateAsked).containsExactly(false);
    assertThat(r.facts().get("osm1").crmMon()).isPresent();
    assertThat(r.facts().get("pcs3").crmMon()).isEmpty();
    assertThat(r.complete()).isTrue();
  }

  @Test
  void aDownCoordinatorSendsASecondProbeToTheQuorumNodeRunningPacemaker() throws Exception {
    FakeNode osm1 = new FakeNode("osm1", false, true, "crm_mon-started.xml");
    FakeNode pcs3 = new FakeNode("pcs3", true, true, "crm_mon-pcs3-osm1-down.xml");

    FactsProber.Result r = probe(osm1, pcs3);

    assertThat(pcs3.clusterStateAsked).containsExactly(false, true);
    assertThat(r.facts().get("pcs3").crmMon().orElseThrow().withQuorum()).isTrue();
    assertThat(r.facts().get("pcs3").cibXml()).isPresent();
    assertThat(r.failures()).containsOnlyKeys("osm1");
  }

  @Test
  void aCoordinatorWithoutQuorumSendsASecondProbeToTheQuorumNode() throws Exception {
    FakeNode osm1 = new FakeNode("osm1", true, true, "crm_mon-pcs4-no-quorum.xml");
    FakeNode pcs3 = new FakeNode("pcs3", true, true, "crm_mon-started.xml");

    FactsProber.Result r = probe(osm1, pcs3);

    assertThat(osm1.clusterStateAsked).containsExactly(true);
    assertThat(pcs3.clusterStateAsked).containsExactly(false, true);
    assertThat(r.facts().get("osm1").crmMon().orElseThrow().withQuorum()).isFalse();
    assertThat(r.facts().get("pcs3").crmMon().orElseThrow().withQuorum()).isTrue();
  }

  @Test
  void aClusterNotYetFormedCostsNoSecondCommand() throws Exception {
    FakeNode osm1 = new FakeNode("osm1", true, false, null);
    FakeNode pcs3 = new FakeNode("pcs3", true, false, null);

    FactsProber.Result r = probe(osm1, pcs3);

    assertThat(osm1.clusterStateAsked).containsExactly(true);
    assertThat(pcs3.clusterStateAsked).containsExactly(false);
    assertThat(r.facts().get("osm1").crmMon()).isEmpty();
    assertThat(r.complete()).isTrue();
  }

  @Test
  void aFailingSecondProbeKeepsTheFirstProbesFactsAndReportsNoFailure() throws Exception {
    FakeNode osm1 = new FakeNode("osm1", false, true, "crm_mon-started.xml");
    FakeNode pcs3 = new FakeNode("pcs3", true, true, "crm_mon-pcs3-osm1-down.xml");
    pcs3.failFromCall = 2;

    FactsProber.Result r = probe(osm1, pcs3);

    assertThat(pcs3.clusterStateAsked).containsExactly(false, true);
    assertThat(r.failures()).containsOnlyKeys("osm1");
    assertThat(r.facts().get("pcs3").hostname()).isEqualTo("pcs3");
    assertThat(r.facts().get("pcs3").crmMon()).isEmpty();
  }
}
