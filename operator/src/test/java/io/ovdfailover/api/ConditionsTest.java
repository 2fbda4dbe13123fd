package io.ovdfailover.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.ovdfailover.api.crd.ConditionSchema;
import io.ovdfailover.converge.AdminOverride;
import io.ovdfailover.converge.FailoverTestCoordinator;
import io.ovdfailover.hosts.HostException;
import io.ovdfailover.steps.database.MigrationException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the operator writes in conditions passes the CRD's metav1.Condition schema, which an API
 * server applies to every status write: an invalid reason or an over-long message would make the
 * whole write fail, and the status would freeze.
 */
class ConditionsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-29T01:30:00Z"), ZoneOffset.UTC);

  @Test
  void everyFieldMetav1RequiresIsWritten() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(
        conditions, ConditionType.Ready, false, ConditionReason.Converging, null, 3L, CLOCK);
    Condition c = conditions.get(0);
    assertThat(c.getType()).isEqualTo("Ready");
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("Converging");
    assertThat(c.getMessage()).as("required, may be empty").isEmpty();
    assertThat(c.getLastTransitionTime()).isEqualTo("2026-03-29T01:30:00Z");
    assertThat(c.getObservedGeneration()).isEqualTo(3L);
    assertThat(ConditionSchema.REQUIRED)
        .containsExactly("type", "status", "lastTransitionTime", "reason", "message");
  }

  @Test
  void aMessageLongerThanTheSchemaAllowsIsCut() {
    String longMessage = "é".repeat(Conditions.MESSAGE_MAX_LENGTH + 10);
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(
        conditions,
        ConditionType.NodesReachable,
        false,
        ConditionReason.Unreachable,
        longMessage,
        1L,
        CLOCK);
    String stored = conditions.get(0).getMessage();
    assertThat(stored.codePointCount(0, stored.length())).isEqualTo(Conditions.MESSAGE_MAX_LENGTH);
    assertThat(stored).endsWith(" [...]");
    String fits = "x".repeat(Conditions.MESSAGE_MAX_LENGTH);
    assertThat(Conditions.bounded(fits)).isSameAs(fits);
  }

  @Test
  void everyReasonAndTypeTheOperatorWritesMatchesTheSchema() {
    Pattern reason = Pattern.compile(ConditionSchema.REASON_PATTERN);
    Pattern type = Pattern.compile(ConditionSchema.TYPE_PATTERN);
    List<String> reasons =
        Stream.of(
                Arrays.stream(ConditionReason.values()).map(Enum::name),
                Arrays.stream(AdminOverride.Kind.values()).map(Enum::name),
                // Ready, Reconciling and Stalled may take the phase as their reason
                Arrays.stream(Phase.values()).map(Enum::name),
                Arrays.stream(HostException.Kind.values()).map(HostException.Kind::reason),
                Arrays.stream(MigrationException.Reason.values())
                    .map(MigrationException.Reason::reason),
                // FailoverTested takes the test's result as its reason
                Stream.of(
                    FailoverTestCoordinator.RUNNING,
                    FailoverTestCoordinator.SUCCEEDED,
                    FailoverTestCoordinator.FAILED,
                    FailoverTestCoordinator.REFUSED))
            .flatMap(s -> s)
            .toList();
    assertThat(reasons)
        .allSatisfy(
            r ->
                assertThat(reason.matcher(r).matches())
                    .as("reason %s matches %s", r, ConditionSchema.REASON_PATTERN)
                    .isTrue());
    assertThat(ConditionType.values())
        .allSatisfy(t -> assertThat(type.matcher(t.name()).matches()).as(t.name()).isTrue());
    assertThat(ConditionType.ON_CLUSTER).doesNotContain(ConditionType.Registered);
    assertThat(
            Stream.concat(ConditionType.ON_CLUSTER.stream(), ConditionType.ON_NODE.stream())
                .distinct())
        .containsExactlyInAnyOrder(ConditionType.values());
  }
}
