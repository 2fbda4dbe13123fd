package io.ovdfailover.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * metav1.Condition bookkeeping: one entry per type; lastTransitionTime changes only when status
 * flips, so a re-reconcile that finds the same state does not churn the resource.
 */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  /**
   * The longest message the CRD's schema accepts (metav1.Condition's maxLength): an API server
   * refuses the whole status write over a longer one, so longer messages are cut.
   */
  public static final int MESSAGE_MAX_LENGTH = 32768;

  private static final String CUT = " [...]";

  private Conditions() {}

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  public static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
    return find(conditions, type.name());
  }

  public static boolean isTrue(List<Condition> conditions, ConditionType type) {
    return isTrue(conditions, type.name());
  }

  /** Sets the condition of this type to True or False, with a reason from one of the enums. */
  public static boolean set(
      List<Condition> conditions,
      ConditionType type,
      boolean value,
      Enum<?> reason,
      String message,
      Long observedGeneration,
      Clock clock) {
    return set(conditions, type, value, reason.name(), message, observedGeneration, clock);
  }

  /** Sets the condition of this type to True or False, with a reason derived elsewhere. */
  public static boolean set(
      List<Condition> conditions,
      ConditionType type,
      boolean value,
      String reason,
      String message,
      Long observedGeneration,
      Clock clock) {
    return set(
        conditions, type.name(), value ? TRUE : FALSE, reason, message, observedGeneration, clock);
  }

  /** Sets (adds or updates) the condition of this type. Returns true if anything changed. */
  public static boolean set(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration,
      Clock clock) {
    if (reason == null || reason.isEmpty()) {
      throw new IllegalArgumentException("condition reason must be a non-empty CamelCase word");
    }
    Condition existing = find(conditions, type).orElse(null);
    if (existing == null) {
      Condition c = new Condition();
      c.setType(type);
      c.setStatus(status);
      c.setReason(reason);
      c.setMessage(bounded(message));
      c.setObservedGeneration(observedGeneration);
      c.setLastTransitionTime(now(clock));
      conditions.add(c);
      return true;
    }
    boolean changed = false;
    if (!status.equals(existing.getStatus())) {
      existing.setStatus(status);
      existing.setLastTransitionTime(now(clock));
      changed = true;
    }
    String msg = bounded(message);
    if (!reason.equals(existing.getReason())
        || !msg.equals(existing.getMessage())
        || !java.util.Objects.equals(observedGeneration, existing.getObservedGeneration())) {
      existing.setReason(reason);
      existing.setMessage(msg);
      existing.setObservedGeneration(observedGeneration);
      changed = true;
    }
    return changed;
  }

  /** The message as stored: never null, at most {@link #MESSAGE_MAX_LENGTH} characters. */
  static String bounded(String message) {
    if (message == null) {
      return "";
    }
    // maxLength counts characters (code points), as the API server does, not UTF-16 units
    if (message.codePointCount(0, message.length()) <= MESSAGE_MAX_LENGTH) {
      return message;
    }
    int end = message.offsetByCodePoints(0, MESSAGE_MAX_LENGTH - CUT.length());
    return message.substring(0, end) + CUT;
  }

  private static String now(Clock clock) {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
