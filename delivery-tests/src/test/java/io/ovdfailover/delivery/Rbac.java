package io.ovdfailover.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * RBAC rules flattened to "group/resource:verb" grants, so that rule sets compare regardless of
 * layout.
 */
final class Rbac {
  private Rbac() {}

  static Set<String> grants(JsonNode role) {
    Set<String> grants = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            String names = rule.has("resourceNames") ? rule.path("resourceNames").toString() : "";
            grants.add(group.asText() + "/" + resource.asText() + names + ":" + verb.asText());
          }
        }
      }
    }
    return grants;
  }

  /**
   * What the operator needs where it watches custom resources; anything beyond this is a finding.
   */
  static final Set<String> WATCH_GRANTS =
      new TreeSet<>(
          Set.of(
              "ovdfailover.io/ovdfailoverclusters:get",
              "ovdfailover.io/ovdfailoverclusters:list",
              "ovdfailover.io/ovdfailoverclusters:watch",
              "ovdfailover.io/ovdfailoverclusters:patch",
              "ovdfailover.io/ovdfailoverclusters:update",
              "ovdfailover.io/clusternodes:get",
              "ovdfailover.io/clusternodes:list",
              "ovdfailover.io/clusternodes:watch",
              "ovdfailover.io/clusternodes:patch",
              "ovdfailover.io/clusternodes:update",
              "ovdfailover.io/ovdfailoverclusters/status:patch",
              "ovdfailover.io/ovdfailoverclusters/status:update",
              "ovdfailover.io/clusternodes/status:patch",
              "ovdfailover.io/clusternodes/status:update",
              "ovdfailover.io/ovdfailoverclusters/finalizers:update",
              "ovdfailover.io/clusternodes/finalizers:update",
              "/secrets:get",
              "/events:create",
              "/events:patch"));

  static final Set<String> LEADER_ELECTION_GRANTS =
      new TreeSet<>(
          Set.of(
              "coordination.k8s.io/leases:get",
              "coordination.k8s.io/leases:create",
              "coordination.k8s.io/leases:update"));

  /** What the built-in view role gets through the chart's aggregated ClusterRole. */
  static final Set<String> USER_VIEW_GRANTS =
      new TreeSet<>(
          Set.of(
              "ovdfailover.io/ovdfailoverclusters:get",
              "ovdfailover.io/ovdfailoverclusters:list",
              "ovdfailover.io/ovdfailoverclusters:watch",
              "ovdfailover.io/clusternodes:get",
              "ovdfailover.io/clusternodes:list",
              "ovdfailover.io/clusternodes:watch"));

  /** What the built-in edit and admin roles get: view's, and changing the resources. */
  static final Set<String> USER_EDIT_GRANTS = new TreeSet<>(USER_VIEW_GRANTS);

  static {
    for (String resource : new String[] {"ovdfailoverclusters", "clusternodes"}) {
      for (String verb : new String[] {"create", "update", "patch", "delete"}) {
        USER_EDIT_GRANTS.add("ovdfailover.io/" + resource + ":" + verb);
      }
    }
  }
}
