package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/argocd/health.lua against OvdFailoverCluster documents in every state the operator
 * reports.
 */
class ArgoHealthTest {
  private static final String SCRIPT = Repo.read(Repo.deploy().resolve("argocd/health.lua"));
  private static final Set<String> ARGO_STATUSES =
      Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");
  private static final Set<String> KNOWN_PHASES =
      Set.of("Pending", "Converging", "Ready", "DryRun");

  /** An OvdFailoverCluster at metadata.generation 3, with the given status (null: none yet). */
  static ObjectNode cluster(String statusJson) {
    ObjectNode obj =
        (ObjectNode)
            json(
                """
        {"apiVersion": "ovdfailover.io/v1alpha1", "kind": "OvdFailoverCluster",
         "metadata": {"name": "ovd", "namespace": "ovd-production", "generation": 3},
         "spec": {"clusterName": "ovd", "paused": false}}""");
    if (statusJson != null) {
      obj.set("status", json(statusJson));
    }
    return obj;
  }

  static JsonNode json(String text) {
    try {
      return Repo.JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static ArgoHealth.Result health(JsonNode obj) {
    return ArgoHealth.evaluate(SCRIPT, obj);
  }

  @Test
  void readyAtTheCurrentGenerationIsHealthy() {
    ArgoHealth.Result r =
        health(
            cluster(
                """
        {"observedGeneration": 3, "phase": "Ready", "activeNode": "osm1", "message": "osm1 active, 5/5 nodes online"}"""));
    assertThat(r).isEqualTo(new ArgoHealth.Result("Healthy", "osm1 active, 5/5 nodes online"));
  }

  @Test
  void readyWithoutMessageStillSaysReady() {
    assertThat(health(cluster("{\"observedGeneration\": 3, \"phase\": \"Ready\"}")))
        .isEqualTo(new ArgoHealth.Result("Healthy", "Ready"));
  }

  /** The cluster with spec.paused set. */
  static ObjectNode paused(ObjectNode obj) {
    ((ObjectNode) obj.get("spec")).put("paused", true);
    return obj;
  }

  @ParameterizedTest
  @ValueSource(strings = {"Degraded", "Failed"})
  void aPausedClusterWithAProblemIsStillDegraded(String phase) {
    // what the operator writes after a paused pass that found osm2 offline
    ArgoHealth.Result r =
        health(
            paused(
                cluster(
                    """
        {"observedGeneration": 3, "phase": "%s",
         "message": "paused: observing only, no change is made; converged, but not every node is online or the resources are not all started"}"""
                        .formatted(phase))));
    assertThat(r)
        .isEqualTo(
            new ArgoHealth.Result(
                "Degraded",
                "Paused (spec.paused: the hosts are observed, not changed). "
                    + phase
                    + ": paused: observing only, no change is made; converged, but not every node"
                    + " is online or the resources are not all started"));
  }

  @Test
  void aPausedHealthyClusterIsSuspendedAndSaysItIsHealthy() {
    ArgoHealth.Result r =
        health(
            paused(
                cluster(
                    """
        {"observedGeneration": 3, "phase": "Ready",
         "message": "paused: observing only, no change is made; converged; active session manager osm1"}""")));
    assertThat(r)
        .isEqualTo(
            new ArgoHealth.Result(
                "Suspended",
                "Paused (spec.paused: the hosts are observed, not changed). paused: observing"
                    + " only, no change is made; converged; active session manager osm1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Pending", "Converging", "DryRun"})
  void aPausedClusterOnItsWayIsSuspendedWithItsPhase(String phase) {
    ArgoHealth.Result r =
        health(
            paused(
                cluster(
                    "{\"observedGeneration\": 3, \"phase\": \"%s\", \"message\": \"m\"}"
                        .formatted(phase))));
    assertThat(r.status()).isEqualTo("Suspended");
    assertThat(r.message())
        .startsWith("Paused (spec.paused: the hosts are observed, not changed). ")
        .contains(phase.equals("DryRun") ? "Dry run" : phase + ": m");
  }

  @Test
  void aPausedClusterWaitsForTheOperatorLikeAnyOther() {
    // setting spec.paused is a spec change: until the operator has seen it, nothing is known
    assertThat(health(paused(cluster("{\"observedGeneration\": 2, \"phase\": \"Degraded\"}"))))
        .isEqualTo(
            new ArgoHealth.Result(
                "Progressing", "Waiting for the operator to observe generation 3"));
  }

  @Test
  void waitingForMaintenanceIsDegradedAndNamesWhatTheUserMustDo() {
    ArgoHealth.Result r =
        health(
            cluster(
                """
        {"observedGeneration": 3, "phase": "WaitingForMaintenance",
         "message": "vip: virtual_ip restarts with its new parameters; set spec.maintenance.allowDowntime",
         "conditions": [{"type": "Stalled", "status": "True", "reason": "WaitingForMaintenance"}]}"""));
    assertThat(r)
        .isEqualTo(
            new ArgoHealth.Result(
                "Degraded",
                "WaitingForMaintenance: the next step interrupts the service and waits for"
                    + " spec.maintenance.allowDowntime: true (Argo CD action allow-downtime); vip:"
                    + " virtual_ip restarts with its new parameters; set"
                    + " spec.maintenance.allowDowntime"));
  }

  @Test
  void aDryRunIsSuspendedAndPointsToThePlan() {
    ArgoHealth.Result r = health(cluster("{\"observedGeneration\": 3, \"phase\": \"DryRun\"}"));
    assertThat(r.status()).isEqualTo("Suspended");
    assertThat(r.message()).contains("status.pendingActions");
  }

  @Test
  void noStatusYetIsProgressing() {
    assertThat(health(cluster(null)))
        .isEqualTo(
            new ArgoHealth.Result("Progressing", "Waiting for the operator to report status"));
    assertThat(health(cluster("{}")).status()).isEqualTo("Progressing");
    assertThat(health(cluster("{\"conditions\": []}")).status()).isEqualTo("Progressing");
  }

  @Test
  void olderObservedGenerationIsProgressingEvenIfReady() {
    assertThat(
            health(
                cluster(
                    "{\"observedGeneration\": 2, \"phase\": \"Ready\", \"message\": \"fine\"}")))
        .isEqualTo(
            new ArgoHealth.Result(
                "Progressing", "Waiting for the operator to observe generation 3"));
    // Degraded for an old spec is not yet a verdict on the new one either.
    assertThat(health(cluster("{\"observedGeneration\": 2, \"phase\": \"Degraded\"}")).status())
        .isEqualTo("Progressing");
  }

  @Test
  void missingObservedGenerationIsProgressing() {
    assertThat(health(cluster("{\"phase\": \"Ready\"}")))
        .isEqualTo(
            new ArgoHealth.Result(
                "Progressing", "Waiting for the operator to observe generation 3"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Pending", "Converging"})
  void workInProgressPhasesAreProgressingWithTheStatusMessage(String phase) {
    ArgoHealth.Result r =
        health(
            cluster(
                """
        {"observedGeneration": 3, "phase": "%s", "message": "pcs3: installing pacemaker"}"""
                    .formatted(phase)));
    assertThat(r)
        .isEqualTo(new ArgoHealth.Result("Progressing", phase + ": pcs3: installing pacemaker"));
  }

  @Test
  void withoutStatusMessageTheReadyConditionExplains() {
    ArgoHealth.Result r =
        health(
            cluster(
                """
        {"observedGeneration": 3, "phase": "WaitingForMaintenance",
         "conditions": [
           {"type": "NodesReachable", "status": "True", "reason": "AllReachable", "message": "5/5 reachable"},
           {"type": "Ready", "status": "False", "reason": "MaintenanceWindow",
            "message": "moving the VIP needs downtime; next window Sat 02:00"}]}"""));
    assertThat(r)
        .isEqualTo(
            new ArgoHealth.Result(
                "Degraded",
                "WaitingForMaintenance: the next step interrupts the service and waits for"
                    + " spec.maintenance.allowDowntime: true (Argo CD action allow-downtime); moving"
                    + " the VIP needs downtime; next window Sat 02:00"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Degraded", "Failed"})
  void degradedAndFailedAreDegradedWithTheirMessage(String phase) {
    ArgoHealth.Result r =
        health(
            cluster(
                """
        {"observedGeneration": 3, "phase": "%s", "message": "osm2 unreachable over SSH"}"""
                    .formatted(phase)));
    assertThat(r)
        .isEqualTo(new ArgoHealth.Result("Degraded", phase + ": osm2 unreachable over SSH"));
  }

  @Test
  void degradedWithoutAnyMessagePointsToConditionsAndEvents() {
    ArgoHealth.Result r =
        health(
            cluster(
                """
        {"observedGeneration": 3, "phase": "Failed", "message": "",
         "conditions": [{"type": "Ready", "status": "False"}, {"type": "Ready"}, "not-an-object"]}"""));
    assertThat(r)
        .isEqualTo(
            new ArgoHealth.Result("Degraded", "Failed: see the resource's conditions and events"));
  }

  @Test
  void unknownPhaseIsUnknown() {
    assertThat(health(cluster("{\"observedGeneration\": 3, \"phase\": \"Exploded\"}")))
        .isEqualTo(new ArgoHealth.Result("Unknown", "Unknown phase Exploded"));
  }

  @Test
  void toleratesMissingMetadataSpecAndOddTypes() {
    assertThat(
            health(json("{\"status\": {\"phase\": \"Ready\", \"observedGeneration\": 1}}"))
                .status())
        .isEqualTo("Healthy");
    assertThat(health(json("{\"metadata\": {}, \"status\": {\"phase\": \"Converging\"}}")).status())
        .isEqualTo("Progressing");
    assertThat(
            health(
                    json(
                        "{\"spec\": {\"paused\": \"yes\"}, \"metadata\": {\"generation\": 1},"
                            + " \"status\": {\"phase\": \"Ready\", \"observedGeneration\": 1}}"))
                .status())
        .as("only a boolean true pauses")
        .isEqualTo("Healthy");
    assertThat(health(json("{\"status\": \"garbage\"}")).status()).isEqualTo("Progressing");
    assertThat(
            health(
                    json(
                        "{\"spec\": \"garbage\", \"metadata\": \"garbage\","
                            + " \"status\": {\"phase\": \"Ready\"}}"))
                .status())
        .isEqualTo("Healthy");
    assertThat(health(json("{}")).status()).isEqualTo("Progressing");
  }

  /**
   * Every combination of the inputs the script reads: it always answers with an Argo status and a
   * message.
   */
  @Test
  void everyCombinationYieldsAnArgoStatusAndAMessage() {
    List<String> phases =
        new ArrayList<>(
            List.of(
                "Pending",
                "Converging",
                "WaitingForMaintenance",
                "Ready",
                "Degraded",
                "Failed",
                "DryRun",
                "Weird",
                ""));
    phases.add(null);
    List<ObjectNode> objects = new ArrayList<>();
    List<ArgoHealth.Result> luajResults = new ArrayList<>();
    for (Boolean paused : new Boolean[] {null, false, true}) {
      for (String phase : phases) {
        for (Integer observed : new Integer[] {null, 2, 3}) {
          for (String message : new String[] {null, "", "msg"}) {
            for (boolean readyCondition : new boolean[] {false, true}) {
              ObjectNode obj = cluster(null);
              if (paused == null) {
                ((ObjectNode) obj.get("spec")).remove("paused");
              } else {
                ((ObjectNode) obj.get("spec")).put("paused", paused);
              }
              ObjectNode status = obj.putObject("status");
              if (phase != null) {
                status.put("phase", phase);
              }
              if (observed != null) {
                status.put("observedGeneration", observed);
              }
              if (message != null) {
                status.put("message", message);
              }
              ArrayNode conditions = status.putArray("conditions");
              if (readyCondition) {
                conditions
                    .addObject()
                    .put("type", "Ready")
                    .put("status", "False")
                    .put("message", "cond");
              }
              ArgoHealth.Result r = health(obj);
              assertThat(r.status()).as(obj.toString()).isIn(ARGO_STATUSES);
              assertThat(r.message()).as(obj.toString()).isNotBlank();
              boolean current = observed != null && observed == 3;
              boolean problem =
                  phase != null
                      && Set.of("Degraded", "Failed", "WaitingForMaintenance").contains(phase);
              boolean known = problem || (phase != null && KNOWN_PHASES.contains(phase));
              if (phase == null || phase.isEmpty() || !current) {
                assertThat(r.status()).as(obj.toString()).isEqualTo("Progressing");
              } else if (!known) {
                assertThat(r.status()).as(obj.toString()).isEqualTo("Unknown");
              } else if (problem) {
                assertThat(r.status()).as(obj.toString()).isEqualTo("Degraded");
              } else if (Boolean.TRUE.equals(paused)) {
                assertThat(r.status()).as(obj.toString()).isEqualTo("Suspended");
              } else if (phase.equals("Ready")) {
                assertThat(r.status()).isEqualTo("Healthy");
              }
              if (Boolean.TRUE.equals(paused) && current && known) {
                assertThat(r.message()).as(obj.toString()).startsWith("Paused (spec.paused");
              }
              objects.add(obj);
              luajResults.add(r);
            }
          }
        }
      }
    }
    assertThat(objects).hasSize(3 * 10 * 3 * 3 * 2);
    // The reference Lua 5.1 interpreter (Argo CD's gopher-lua is 5.1; luaj is 5.2) agrees on every
    // case.
    List<ArgoHealth.Result> lua51Results =
        ArgoHealth.evaluateWithLua51(Repo.deploy().resolve("argocd/health.lua"), objects);
    for (int i = 0; i < objects.size(); i++) {
      assertThat(lua51Results.get(i))
          .as("lua5.1 on %s", objects.get(i))
          .isEqualTo(luajResults.get(i));
    }
  }

  @Test
  void lua51AgreesOnTheNamedCases() {
    List<ObjectNode> objects =
        List.of(
            cluster(null),
            cluster("{\"observedGeneration\": 2, \"phase\": \"Ready\"}"),
            cluster(
                "{\"observedGeneration\": 3, \"phase\": \"Ready\", \"message\": \"osm1 active\"}"),
            cluster(
                "{\"observedGeneration\": 3, \"phase\": \"Failed\", \"message\": \"\\\"quoted\\\" \\\\ path\"}"),
            cluster(
                "{\"observedGeneration\": 3, \"phase\": \"Converging\", \"conditions\": "
                    + "[{\"type\": \"Ready\", \"message\": \"pcs3: installing\"}]}"),
            paused(
                cluster(
                    "{\"observedGeneration\": 3, \"phase\": \"Degraded\", \"message\": \"m\"}")),
            paused(
                cluster("{\"observedGeneration\": 3, \"phase\": \"Ready\", \"message\": \"m\"}")),
            cluster("{\"observedGeneration\": 3, \"phase\": \"WaitingForMaintenance\"}"));
    List<ArgoHealth.Result> lua51 =
        ArgoHealth.evaluateWithLua51(Repo.deploy().resolve("argocd/health.lua"), objects);
    assertThat(lua51)
        .containsExactly(
            new ArgoHealth.Result("Progressing", "Waiting for the operator to report status"),
            new ArgoHealth.Result(
                "Progressing", "Waiting for the operator to observe generation 3"),
            new ArgoHealth.Result("Healthy", "osm1 active"),
            new ArgoHealth.Result("Degraded", "Failed: \"quoted\" \\ path"),
            new ArgoHealth.Result("Progressing", "Converging: pcs3: installing"),
            new ArgoHealth.Result(
                "Degraded",
                "Paused (spec.paused: the hosts are observed, not changed). Degraded: m"),
            new ArgoHealth.Result(
                "Suspended", "Paused (spec.paused: the hosts are observed, not changed). m"),
            new ArgoHealth.Result(
                "Degraded",
                "WaitingForMaintenance: the next step interrupts the service and waits for"
                    + " spec.maintenance.allowDowntime: true (Argo CD action allow-downtime); see"
                    + " status.pendingActions"));
    for (int i = 0; i < objects.size(); i++) {
      assertThat(health(objects.get(i))).isEqualTo(lua51.get(i));
    }
  }
}
