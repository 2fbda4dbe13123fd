package io.ovdfailover.converge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovdfailover.api.FailedActionCleanupSpec;
import io.ovdfailover.api.OvdFailoverClusterStatus.FailedActionRecord;
import io.ovdfailover.hosts.CrmMonStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailedActionCleanupTest {
  static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");

  static CrmMonStatus failing(String... resources) {
    List<CrmMonStatus.FailedAction> failures =
        java.util.Arrays.stream(resources)
            .map(
                r ->
                    new CrmMonStatus.FailedAction(r, "osm1.priv", "monitor", "not running", "", ""))
            .toList();
    return new CrmMonStatus(
        "2.1.5", Optional.of("pcs3.priv"), true, List.of(), List.of(), failures);
  }

  static FailedActionCleanupSpec policy(boolean enabled) {
    FailedActionCleanupSpec p = new FailedActionCleanupSpec();
    p.enabled = enabled;
    p.afterSeconds = 60;
    p.maxPerHour = 2;
    return p;
  }

  @Test
  void offTheFailuresAreOnlyReportedAndTheSitesOwnResourcesNotAtAll() {
    FailedActionCleanup.Decision d =
        FailedActionCleanup.decide(
            policy(false), failing("lsyncd", "site_backup"), List.of(), List.of(), T0);
    assertThat(d.failures())
        .extracting(f -> f.message)
        .containsExactly("lsyncd monitor on osm1.priv: not running");
    assertThat(d.failures().get(0).time).isEqualTo(T0.toString());
    assertThat(d.clean()).isEmpty();
  }

  @Test
  void aFailureWaitsItsBackoffDoubledPerCleanupAndStopsAtTheHoursLimit() {
    FailedActionCleanupSpec p = policy(true);
    List<FailedActionRecord> seen =
        FailedActionCleanup.decide(p, failing("lsyncd"), List.of(), List.of(), T0).failures();
    assertThat(
            FailedActionCleanup.decide(p, failing("lsyncd"), seen, List.of(), T0.plusSeconds(59))
                .clean())
        .isEmpty();
    assertThat(
            FailedActionCleanup.decide(p, failing("lsyncd"), seen, List.of(), T0.plusSeconds(60))
                .clean())
        .singleElement()
        .satisfies(f -> assertThat(f.resource).isEqualTo("lsyncd"));

    // one cleanup this hour: the next wait is 120 s from the failure's first sight
    List<FailedActionRecord> once =
        List.of(new FailedActionRecord("lsyncd", "osm1.priv", "x", T0.plusSeconds(60).toString()));
    assertThat(
            FailedActionCleanup.decide(p, failing("lsyncd"), seen, once, T0.plusSeconds(119))
                .clean())
        .isEmpty();
    assertThat(
            FailedActionCleanup.decide(p, failing("lsyncd"), seen, once, T0.plusSeconds(120))
                .clean())
        .hasSize(1);

    // two this hour: the limit; the failure stays, reported as kept
    List<FailedActionRecord> twice =
        List.of(
            once.get(0),
            new FailedActionRecord("lsyncd", "osm1.priv", "x", T0.plusSeconds(300).toString()));
    FailedActionCleanup.Decision d =
        FailedActionCleanup.decide(p, failing("lsyncd"), seen, twice, T0.plusSeconds(900));
    assertThat(d.clean()).isEmpty();
    assertThat(d.kept()).hasSize(1);
    assertThat(d.failures().get(0).leftForAPerson).isTrue();
    assertThat(d.newlyKept()).as("one Warning Event when it is first left").hasSize(1);
    assertThat(
            FailedActionCleanup.decide(
                    p, failing("lsyncd"), d.failures(), twice, T0.plusSeconds(930))
                .newlyKept())
        .as("not again on the next reconciles")
        .isEmpty();
    // an hour after the first cleanup it counts no more
    d = FailedActionCleanup.decide(p, failing("lsyncd"), seen, twice, T0.plusSeconds(3661));
    assertThat(d.cleanups()).hasSize(1);
    assertThat(d.clean()).hasSize(1);
  }

  @Test
  void theCleanupIsCrmResourcesWithTheNamesQuoted() {
    assertThat(
            FailedActionCleanup.command(
                new FailedActionRecord("httpd", "osm1.priv", "httpd monitor", T0.toString())))
        .isEqualTo("crm_resource --cleanup --resource httpd --node osm1.priv");
  }
}
