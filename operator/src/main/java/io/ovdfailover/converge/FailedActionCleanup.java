package io.ovdfailover.converge;

import io.ovdfailover.api.FailedActionCleanupSpec;
import io.ovdfailover.api.OvdFailoverClusterStatus.FailedActionRecord;
import io.ovdfailover.hosts.CrmMonStatus;
import io.ovdfailover.pacemaker.OvdResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Appendix 1's {@code pcs resource cleanup} as a policy: which failed actions of the six resources
 * to clean up now. Pure: the failures come from crm_mon, the history from status. A failure is left
 * alone for {@code afterSeconds}, doubled for each cleanup of the same resource and node in the
 * last hour, and no more than {@code maxPerHour} cleanups are made of one in an hour: a resource
 * that keeps failing needs a person, and its failure stays in sight.
 */
public final class FailedActionCleanup {
  private FailedActionCleanup() {}

  private static final Duration WINDOW = Duration.ofHours(1);

  /**
   * @param failures the failed actions of the guide's resources, each with when it was first seen
   * @param clean the ones to clean up now
   * @param kept the ones past the hour's limit (left for a person: they stay in the failures,
   *     marked {@code leftForAPerson})
   * @param newlyKept those of {@code kept} that were not left for a person before this decision:
   *     each gets one Warning Event
   * @param cleanups the last hour's cleanups (older ones dropped)
   */
  public record Decision(
      List<FailedActionRecord> failures,
      List<FailedActionRecord> clean,
      List<FailedActionRecord> kept,
      List<FailedActionRecord> newlyKept,
      List<FailedActionRecord> cleanups) {}

  public static Decision decide(
      FailedActionCleanupSpec policy,
      CrmMonStatus crm,
      List<FailedActionRecord> seenBefore,
      List<FailedActionRecord> cleanupsBefore,
      Instant now) {
    List<FailedActionRecord> cleanups =
        cleanupsBefore.stream()
            .filter(c -> Instant.parse(c.time).isAfter(now.minus(WINDOW)))
            .toList();
    List<FailedActionRecord> failures = new ArrayList<>();
    List<FailedActionRecord> clean = new ArrayList<>();
    List<FailedActionRecord> kept = new ArrayList<>();
    List<FailedActionRecord> newlyKept = new ArrayList<>();
    for (CrmMonStatus.FailedAction f : crm.failures()) {
      if (!OvdResources.ALL.contains(f.resource())) {
        continue; // the site's own resources are the site's
      }
      String firstSeen =
          seenBefore.stream()
              .filter(s -> same(s, f.resource(), f.node()))
              .map(s -> s.time)
              .findFirst()
              .orElse(now.toString());
      FailedActionRecord record =
          new FailedActionRecord(f.resource(), f.node(), f.describe(), firstSeen);
      failures.add(record);
      if (policy == null || !policy.enabled) {
        continue;
      }
      long done = cleanupsOf(cleanups, f.resource(), f.node());
      if (done >= policy.maxPerHour) {
        boolean before =
            seenBefore.stream()
                .anyMatch(
                    s -> same(s, f.resource(), f.node()) && Boolean.TRUE.equals(s.leftForAPerson));
        record.leftForAPerson = true;
        kept.add(record);
        if (!before) {
          newlyKept.add(record);
        }
        continue;
      }
      Duration wait =
          Duration.ofSeconds(policy.afterSeconds).multipliedBy(1L << Math.min(done, 20));
      if (!Instant.parse(firstSeen).plus(wait).isAfter(now)) {
        clean.add(record);
      }
    }
    return new Decision(failures, clean, kept, newlyKept, cleanups);
  }

  /** How many of {@code cleanups} were of {@code resource} on {@code node}. */
  public static long cleanupsOf(List<FailedActionRecord> cleanups, String resource, String node) {
    return cleanups.stream().filter(c -> same(c, resource, node)).count();
  }

  private static boolean same(FailedActionRecord r, String resource, String node) {
    return Objects.equals(r.resource, resource) && Objects.equals(r.node, node);
  }

  /** {@code crm_resource --cleanup}: what {@code pcs resource cleanup RESOURCE node=NODE} runs. */
  public static String command(FailedActionRecord r) {
    return "crm_resource --cleanup --resource "
        + io.ovdfailover.hosts.ShellQuote.quote(r.resource)
        + " --node "
        + io.ovdfailover.hosts.ShellQuote.quote(r.node);
  }
}
