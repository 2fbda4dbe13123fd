package io.ovdfailover.bench.measure;

import io.ovdfailover.bench.hosts.Traffic;

/**
 * One look at the operator process: from /proc, from its /metrics, and from the simulated hosts.
 *
 * @param t seconds since the operator was started
 * @param heapUsed heap in use (all pools), bytes
 * @param heapCommitted heap the JVM has taken from the OS, bytes
 * @param liveData the old generation after the last collection that reached it (Micrometer's
 *     jvm.gc.live.data.size): what stays, for telling growth from garbage
 * @param clusterReconciles OvdFailoverCluster reconciles so far (JOSDK's timer count)
 * @param nodeReconciles ClusterNode reconciles so far
 * @param mutatingCommands SSH commands that change a host, so far (ovd_ssh_commands_total)
 * @param readCommands read-only SSH commands so far
 * @param openConnections SSH connections logged in now (as the simulated hosts see them)
 * @param ready clusters in phase Ready
 */
public record Sample(
    double t,
    long rss,
    long rssAnon,
    int threads,
    double cpuSeconds,
    double heapUsed,
    double heapCommitted,
    double nonHeapUsed,
    double liveData,
    double clusterReconciles,
    double nodeReconciles,
    double mutatingCommands,
    double readCommands,
    int openConnections,
    Traffic.Counts hosts,
    long ready) {}
