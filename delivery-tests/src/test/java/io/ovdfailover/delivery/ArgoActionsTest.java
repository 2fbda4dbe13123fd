package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovdfailover.embedded.CrdAdmission;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/argocd/actions/: the discovery and each action, run as Argo CD runs them ({@link ArgoLua})
 * on the lab's OvdFailoverCluster as the API server holds it. An action's result is what Argo CD
 * turns into a merge patch of the live object: the tests check that exact patch (never status,
 * which Argo CD would write through the status subresource) and that the API server would accept
 * the patched object ({@link CrdAdmission}: schema, defaults, CEL rules).
 */
class ArgoActionsTest {
  static final Path ACTIONS = Repo.deploy().resolve("argocd/actions");
  static final Path DISCOVERY = ACTIONS.resolve("discovery.lua");
  static final List<String> NAMES =
      List.of("allow-downtime", "forbid-downtime", "pause", "request-failover-test", "resume");
  private static final String ANNOTATION = "ovdfailover.io/failover-test";

  /** The id the request action gives at {@link ArgoLua#CLOCK}. */
  private static final String REQUEST_ID = "argocd-20261122T030512Z";

  private static final JsonNode CRD =
      Repo.documents(Repo.crdSource().resolve("ovdfailoverclusters.ovdfailover.io-v1.yml")).get(0);
  private static final CrdAdmission ADMISSION = new CrdAdmission(CRD);

  /** What discovery.lua says of one action. */
  record Offer(boolean disabled, String displayName) {}

  /**
   * The lab's cluster, Ready: deploy/samples/lab/10-cluster.yaml as the API server stores it
   * (defaults applied), with the metadata and status of test resource argocd/lab-ready.yaml.
   */
  static ObjectNode labReady() {
    JsonNode sample = Repo.documents(Repo.deploy().resolve("samples/lab/10-cluster.yaml")).get(0);
    CrdAdmission.Result admitted = ADMISSION.admit(sample);
    assertThat(admitted.causes()).as("the lab sample is admitted").isEmpty();
    ObjectNode live = admitted.object();
    JsonNode extra = resource("argocd/lab-ready.yaml");
    ((ObjectNode) live.get("metadata")).setAll((ObjectNode) extra.get("metadata"));
    live.set("status", extra.get("status").deepCopy());
    return live;
  }

  private static JsonNode resource(String name) {
    try (InputStream in = ArgoActionsTest.class.getClassLoader().getResourceAsStream(name)) {
      return Repo.YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Offer> discover(JsonNode obj) {
    return offers(ArgoLua.run(DISCOVERY, obj).orThrow());
  }

  private static Map<String, Offer> offers(JsonNode returned) {
    Map<String, Offer> offers = new TreeMap<>();
    returned
        .fields()
        .forEachRemaining(
            e ->
                offers.put(
                    e.getKey(),
                    new Offer(
                        e.getValue().path("disabled").asBoolean(false),
                        e.getValue().path("displayName").asText(null))));
    return offers;
  }

  /** The names discovery.lua offers and does not disable for {@code obj}. */
  static List<String> enabled(JsonNode obj) {
    return discover(obj).entrySet().stream()
        .filter(e -> !e.getValue().disabled())
        .map(Map.Entry::getKey)
        .toList();
  }

  static Path script(String action) {
    return ACTIONS.resolve(action).resolve("action.lua");
  }

  /** The object an action returns, as Argo CD reads it back. */
  static JsonNode act(String action, JsonNode live) {
    return ArgoLua.cleanReturned(ArgoLua.run(script(action), live).orThrow(), live);
  }

  /** The merge patch (RFC 7386) Argo CD sends for an action's result. */
  static JsonNode mergePatch(JsonNode from, JsonNode to) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    for (Iterator<String> it = from.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!to.has(name)) {
        patch.putNull(name);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = to.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode before = from.get(field.getKey());
      if (before == null) {
        patch.set(field.getKey(), field.getValue());
      } else if (!before.equals(field.getValue())) {
        patch.set(
            field.getKey(),
            before.isObject() && field.getValue().isObject()
                ? mergePatch(before, field.getValue())
                : field.getValue());
      }
    }
    return patch;
  }

  /**
   * Runs {@code action} on {@code live}: the patch Argo CD would send, after checking the result.
   */
  static JsonNode patchOf(String action, JsonNode live) {
    JsonNode result = act(action, live);
    assertThat(ADMISSION.validate(result))
        .as("%s: the API server accepts the result", action)
        .isEmpty();
    return mergePatch(live, result);
  }

  static JsonNode json(String text) {
    return ArgoHealthTest.json(text);
  }

  private static ObjectNode spec(ObjectNode obj) {
    return (ObjectNode) obj.get("spec");
  }

  private static ObjectNode status(ObjectNode obj) {
    return (ObjectNode) obj.get("status");
  }

  private static ObjectNode annotations(ObjectNode obj) {
    return (ObjectNode) obj.get("metadata").get("annotations");
  }

  private static ObjectNode condition(ObjectNode obj, String type) {
    for (JsonNode c : status(obj).get("conditions")) {
      if (c.path("type").asText().equals(type)) {
        return (ObjectNode) c;
      }
    }
    throw new AssertionError("no condition " + type);
  }

  // ---- discovery ----

  @Test
  void everyDiscoveredActionHasAScriptAndEveryScriptIsDiscovered() throws IOException {
    Map<String, Offer> offers = discover(labReady());
    assertThat(offers.keySet()).containsExactlyElementsOf(NAMES);
    assertThat(offers.values()).allSatisfy(o -> assertThat(o.displayName()).isNotBlank());
    try (Stream<Path> dirs = Files.list(ACTIONS)) {
      assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted())
          .containsExactlyElementsOf(NAMES);
    }
    assertThat(NAMES).allSatisfy(name -> assertThat(script(name)).isRegularFile());
  }

  @Test
  void aReadyClusterOffersATestDowntimeAndPause() {
    assertThat(enabled(labReady()))
        .containsExactly("allow-downtime", "pause", "request-failover-test");
  }

  @Test
  void aPausedClusterOffersResumeAndNoTest() {
    ObjectNode obj = labReady();
    spec(obj).put("paused", true);
    assertThat(enabled(obj)).containsExactly("allow-downtime", "resume");
  }

  @Test
  void allowedDowntimeOffersToForbidItAgain() {
    ObjectNode obj = labReady();
    ((ObjectNode) spec(obj).get("maintenance")).put("allowDowntime", true);
    assertThat(enabled(obj)).containsExactly("forbid-downtime", "pause", "request-failover-test");
  }

  @Test
  void noTestIsOfferedWhileOneRuns() {
    ObjectNode obj = labReady();
    ObjectNode running = status(obj).putObject("lastFailoverTest");
    running.put("requestId", "try-2").put("trigger", "Annotation").put("result", "Running");
    running.put("startTime", "2026-11-22T03:04:58Z").put("fromNode", "osm1").put("toNode", "osm2");
    annotations(obj).put(ANNOTATION, "try-2");
    ((ObjectNode) status(obj).get("failoverTestRequests")).put("annotationRequestId", "try-2");
    assertThat(enabled(obj)).doesNotContain("request-failover-test");
  }

  @Test
  void noTestIsOfferedWhileARequestWaitsToBeTakenUp() {
    ObjectNode annotated = labReady();
    annotations(annotated).put(ANNOTATION, "try-2");
    assertThat(enabled(annotated)).doesNotContain("request-failover-test");

    ObjectNode inGit = labReady();
    spec(inGit).putObject("failoverTest").put("requestId", "2026-11-22-drill");
    assertThat(enabled(inGit)).doesNotContain("request-failover-test");

    // taken up: the annotation stays, and a new test can be asked for
    ObjectNode taken = labReady();
    annotations(taken).put(ANNOTATION, "try-1");
    assertThat(enabled(taken)).contains("request-failover-test");
  }

  @Test
  void noTestIsOfferedWhenTheOperatorWouldRefuseIt() {
    ObjectNode degraded = labReady();
    status(degraded).put("phase", "Degraded");
    condition(degraded, "Ready").put("status", "False").put("reason", "NodeOffline");
    assertThat(enabled(degraded)).doesNotContain("request-failover-test");

    ObjectNode dryRun = labReady();
    spec(dryRun).put("dryRun", true);
    assertThat(enabled(dryRun)).doesNotContain("request-failover-test");
  }

  @Test
  void aNewClusterWithoutStatusOffersWhatNeedsNoStatus() {
    ObjectNode obj = labReady();
    obj.remove("status");
    assertThat(enabled(obj)).containsExactly("allow-downtime", "pause");
    assertThat(enabled(json("{\"metadata\": {}}"))).containsExactly("allow-downtime", "pause");
  }

  // ---- actions ----

  @Test
  void pauseAndResumeSetSpecPausedOnly() {
    ObjectNode obj = labReady();
    assertThat(patchOf("pause", obj)).isEqualTo(json("{\"spec\": {\"paused\": true}}"));
    spec(obj).put("paused", true);
    assertThat(patchOf("resume", obj)).isEqualTo(json("{\"spec\": {\"paused\": false}}"));
    // run again (the CLI does not look at "disabled"): nothing changes
    assertThat(patchOf("pause", obj)).isEqualTo(json("{}"));
  }

  @Test
  void allowAndForbidDowntimeSetMaintenanceAllowDowntimeOnly() {
    ObjectNode obj = labReady();
    assertThat(patchOf("allow-downtime", obj))
        .isEqualTo(json("{\"spec\": {\"maintenance\": {\"allowDowntime\": true}}}"));
    ((ObjectNode) spec(obj).get("maintenance")).put("allowDowntime", true);
    assertThat(patchOf("forbid-downtime", obj))
        .isEqualTo(json("{\"spec\": {\"maintenance\": {\"allowDowntime\": false}}}"));
  }

  @Test
  void allowDowntimeWorksWithoutAMaintenanceObject() {
    // written without spec.maintenance: the CRD defaults allowDowntime only inside the object
    ObjectNode obj = labReady();
    spec(obj).remove("maintenance");
    assertThat(patchOf("allow-downtime", obj))
        .isEqualTo(json("{\"spec\": {\"maintenance\": {\"allowDowntime\": true}}}"));
  }

  @Test
  void requestingATestSetsTheAnnotationToAFreshId() {
    ObjectNode obj = labReady();
    assertThat(patchOf("request-failover-test", obj))
        .isEqualTo(
            json(
                "{\"metadata\": {\"annotations\": {\""
                    + ANNOTATION
                    + "\": \""
                    + REQUEST_ID
                    + "\"}}}"));
    // the id would also do as spec.failoverTest.requestId
    String pattern =
        CRD.at(
                "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/failoverTest"
                    + "/properties/requestId/pattern")
            .asText();
    assertThat(REQUEST_ID).matches(pattern);
  }

  @Test
  void requestingATestReplacesARequestAlreadyTakenUp() {
    ObjectNode obj = labReady();
    annotations(obj).put(ANNOTATION, "try-1");
    assertThat(
            patchOf("request-failover-test", obj)
                .at("/metadata/annotations/" + escaped(ANNOTATION))
                .asText())
        .isEqualTo(REQUEST_ID);
  }

  @Test
  void requestingATestWorksWithoutAnnotationsOrStatus() {
    ObjectNode obj = labReady();
    ((ObjectNode) obj.get("metadata")).remove("annotations");
    obj.remove("status");
    assertThat(patchOf("request-failover-test", obj))
        .isEqualTo(
            json(
                "{\"metadata\": {\"annotations\": {\""
                    + ANNOTATION
                    + "\": \""
                    + REQUEST_ID
                    + "\"}}}"));
  }

  @Test
  void requestingATestWhileOneRunsOrWaitsIsAnError() {
    ObjectNode running = labReady();
    status(running)
        .putObject("lastFailoverTest")
        .put("requestId", "try-2")
        .put("result", "Running");
    assertThat(ArgoLua.run(script("request-failover-test"), running).error())
        .isEqualTo(
            "a failover test is running (request try-2): the operator would refuse another one;"
                + " wait for its result");

    ObjectNode waiting = labReady();
    annotations(waiting).put(ANNOTATION, "try-2");
    assertThat(ArgoLua.run(script("request-failover-test"), waiting).error())
        .isEqualTo("the request try-2 has not been taken up by the operator yet");
  }

  private static String escaped(String pointerSegment) {
    return pointerSegment.replace("~", "~0").replace("/", "~1");
  }

  // ---- the reference interpreter ----

  /**
   * Every object above, through discovery and every action, in luaj and in lua5.1: same answers.
   */
  @Test
  void lua51AgreesOnDiscoveryAndEveryAction() {
    List<JsonNode> objects = new ArrayList<>();
    objects.add(labReady());
    ObjectNode paused = labReady();
    spec(paused).put("paused", true);
    ((ObjectNode) spec(paused).get("maintenance")).put("allowDowntime", true);
    objects.add(paused);
    ObjectNode running = labReady();
    status(running)
        .putObject("lastFailoverTest")
        .put("requestId", "try-2")
        .put("result", "Running");
    objects.add(running);
    ObjectNode waiting = labReady();
    annotations(waiting).put(ANNOTATION, "try-2");
    objects.add(waiting);
    ObjectNode bare = labReady();
    bare.remove("status");
    spec(bare).remove("maintenance");
    ((ObjectNode) bare.get("metadata")).remove("annotations");
    objects.add(bare);

    List<ArgoLua.Case> cases = new ArrayList<>();
    for (JsonNode obj : objects) {
      cases.add(new ArgoLua.Case(DISCOVERY, obj));
      for (String name : NAMES) {
        cases.add(new ArgoLua.Case(script(name), obj));
      }
    }
    List<ArgoLua.Outcome> lua51 = ArgoLua.runWithLua51(cases);
    for (int i = 0; i < cases.size(); i++) {
      ArgoLua.Case c = cases.get(i);
      assertThat(lua51.get(i))
          .as("lua5.1: %s on case %d", ACTIONS.relativize(c.script()), i)
          .isEqualTo(ArgoLua.run(c.script(), c.object()));
    }
  }
}
