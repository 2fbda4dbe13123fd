package io.ovdfailover.api.crd;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovdfailover.api.ConditionType;
import io.ovdfailover.api.Conditions;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The schema of one {@code status.conditions} item: metav1.Condition with the validation Kubernetes
 * declares for it (k8s.io/apimachinery/pkg/apis/meta/v1, the {@code +kubebuilder} markers of type
 * Condition), so that a custom resource's conditions are checked as strictly as those of a built-in
 * one. The generator only sees fabric8's {@code Condition} model, which carries no validation, so
 * {@link CrdPostProcessor} replaces the generated item schema with this one.
 *
 * <p>The required fields are those metav1 requires: type, status, lastTransitionTime, reason and
 * message (message may be empty). {@link io.ovdfailover.api.Conditions} always writes all five.
 */
public final class ConditionSchema {
  private ConditionSchema() {}

  /** metav1: a CamelCase type, optionally prefixed with a DNS subdomain and a slash. */
  public static final String TYPE_PATTERN =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";

  public static final int TYPE_MAX_LENGTH = 316;

  /** metav1: a CamelCase identifier, never empty. */
  public static final String REASON_PATTERN = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

  public static final int REASON_MAX_LENGTH = 1024;

  /** metav1: the longest message the API server accepts. */
  public static final int MESSAGE_MAX_LENGTH = Conditions.MESSAGE_MAX_LENGTH;

  public static final List<String> REQUIRED =
      List.of("type", "status", "lastTransitionTime", "reason", "message");

  /**
   * The item schema, with descriptions that name the condition types the operator writes on this
   * kind.
   */
  static ObjectNode item(List<ConditionType> types) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode item = f.objectNode();
    item.put(
        "description",
        "One aspect of the observed state, as a Kubernetes condition (metav1.Condition): one entry "
            + "per type, whose lastTransitionTime moves only when its status changes.");
    ObjectNode properties = item.putObject("properties");
    properties
        .putObject("lastTransitionTime")
        .put(
            "description",
            "When status last changed (RFC 3339). A pass that finds the same state leaves it alone.")
        .put("format", "date-time")
        .put("type", "string");
    properties
        .putObject("message")
        .put(
            "description",
            "What the operator saw, in words: the node, resource or field concerned and what to do "
                + "about it. May be empty.")
        .put("maxLength", MESSAGE_MAX_LENGTH)
        .put("type", "string");
    properties
        .putObject("observedGeneration")
        .put(
            "description",
            "metadata.generation of the spec the condition was computed for: lower than the "
                + "object's generation means the operator has not caught up with the latest change yet.")
        .put("format", "int64")
        .put("minimum", 0)
        .put("type", "integer");
    properties
        .putObject("reason")
        .put(
            "description",
            "Why status has its value, as one CamelCase word (e.g. AllReachable, WaitingForMaintenance, "
                + "Unreachable): stable enough for scripts and alerts to match on.")
        .put("maxLength", REASON_MAX_LENGTH)
        .put("minLength", 1)
        .put("pattern", REASON_PATTERN)
        .put("type", "string");
    ObjectNode status =
        properties
            .putObject("status")
            .put(
                "description",
                "True, False or Unknown: whether the aspect named by type holds now.")
            .put("type", "string");
    status.putArray("enum").add("True").add("False").add("Unknown");
    properties
        .putObject("type")
        .put(
            "description",
            "Which aspect of the state: "
                + types.stream().map(Enum::name).collect(Collectors.joining(", "))
                + ".")
        .put("maxLength", TYPE_MAX_LENGTH)
        .put("pattern", TYPE_PATTERN)
        .put("type", "string");
    REQUIRED.forEach(item.putArray("required")::add);
    item.put("type", "object");
    return item;
  }
}
