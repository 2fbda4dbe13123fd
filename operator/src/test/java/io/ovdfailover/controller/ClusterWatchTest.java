package io.ovdfailover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.ovdfailover.api.Conditions;
import io.ovdfailover.api.OvdFailoverCluster;
import io.ovdfailover.api.OvdFailoverClusterStatus;
import io.ovdfailover.converge.HostDriver;
import io.ovdfailover.testsupport.Samples;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The glance between observations: only at formed clusters, and it changes exactly when a failover
 * shows.
 */
class ClusterWatchTest {
  final HostDriver driver = mock(HostDriver.class);
  final ClusterWatch watch = new ClusterWatch(driver, c -> Map.of());
  final OvdFailoverCluster cluster = Samples.cluster("ns", "lab");

  @Test
  void aClusterNotFormedYetIsNotLookedAt() {
    assertThat(watch.fetchResources(cluster)).isEmpty();
    verify(driver, never()).glance(any(), any());
  }

  @Test
  void theGlanceChangesWhenTheResourcesMoveAndOnlyThen() throws Exception {
    OvdFailoverClusterStatus s = new OvdFailoverClusterStatus();
    s.conditions = new ArrayList<>();
    Conditions.set(
        s.conditions, "ClusterFormed", "True", "AllMembers", "formed", 1L, Clock.systemUTC());
    cluster.setStatus(s);
    when(driver.glance(any(), any()))
        .thenReturn(new HostDriver.Glance(ReconcilerFailoverTestsTest.crm(x -> x), List.of()));
    var onOsm1 = watch.fetchResources(cluster);
    assertThat(watch.fetchResources(cluster)).isEqualTo(onOsm1);
    assertThat(onOsm1.iterator().next().summary())
        .contains("osm1.priv:online")
        .contains("virtual_ip@osm1.priv:Started");
    when(driver.glance(any(), any()))
        .thenReturn(
            new HostDriver.Glance(
                ReconcilerFailoverTestsTest.crm(ReconcilerFailoverTestsTest::osm1Offline),
                List.of("osm1")));
    var afterFailover = watch.fetchResources(cluster);
    assertThat(afterFailover).isNotEqualTo(onOsm1);
    assertThat(afterFailover.iterator().next().summary())
        .contains("osm1.priv:offline")
        .contains("httpd@osm2.priv:Started");
    when(driver.glance(any(), any()))
        .thenReturn(new HostDriver.Glance(java.util.Optional.empty(), List.of()));
    assertThat(watch.fetchResources(cluster).iterator().next().summary())
        .isEqualTo("no cluster node answered");
  }

  /**
   * A member back from a power cut with its cluster services not started yet looks the same to
   * Pacemaker; that it answers over SSH again is what reconciles the cluster (to start it, and to
   * say so in status) without waiting for the next retry.
   */
  @Test
  void aNodeThatAnswersAgainChangesTheGlanceEvenWhenPacemakerShowsNothingNew() throws Exception {
    OvdFailoverClusterStatus s = new OvdFailoverClusterStatus();
    s.conditions = new ArrayList<>();
    Conditions.set(
        s.conditions, "ClusterFormed", "True", "AllMembers", "formed", 1L, Clock.systemUTC());
    cluster.setStatus(s);
    var offline = ReconcilerFailoverTestsTest.crm(ReconcilerFailoverTestsTest::osm1Offline);
    when(driver.glance(any(), any())).thenReturn(new HostDriver.Glance(offline, List.of("osm1")));
    var lost = watch.fetchResources(cluster);
    assertThat(lost.iterator().next().summary()).endsWith(" not answering: [osm1]");
    when(driver.glance(any(), any())).thenReturn(new HostDriver.Glance(offline, List.of()));
    assertThat(watch.fetchResources(cluster)).isNotEqualTo(lost);
  }
}
