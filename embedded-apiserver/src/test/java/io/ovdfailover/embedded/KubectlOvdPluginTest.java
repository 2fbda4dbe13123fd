package io.ovdfailover.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl ovd} (plugin/kubectl-ovd) run the way a user runs it: the real kubectl finds the
 * plugin on PATH and runs it against the embedded API server, which holds the project's CRDs (with
 * admission: a spec field the plugin patches that the CRD does not have is pruned) and the lab
 * samples. This test plays the operator: it writes status through the status subresource. Needs
 * kubectl ($KUBECTL, /usr/bin/kubectl or PATH); without it the test fails, unless
 * OVD_SKIP_KUBECTL=1. The session is written to target/kubectl-ovd/transcript.txt.
 */
class KubectlOvdPluginTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path PLUGIN = ROOT.resolve("plugin/kubectl-ovd");
  private static final Path WORK = Path.of("target", "kubectl-ovd").toAbsolutePath();
  private static final String API = "ovdfailover.io/v1alpha1";
  private static final String ANNOTATION = "ovdfailover.io/failover-test";
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final StringBuilder TRANSCRIPT = new StringBuilder();

  private static String kubectl;
  private static EmbeddedApiServer server;
  private static KubernetesClient client;
  private static Path kubeconfig;

  @BeforeAll
  static void start() throws IOException {
    kubectl = KubectlBinary.require(": the kubectl ovd plugin is tested with the real kubectl");
    Files.createDirectories(WORK);
    server = EmbeddedApiServer.start(0);
    client = server.newClient();
    KubectlBinary.installCrds(client, ROOT);
    kubeconfig = server.writeKubeconfig(WORK.resolve("kubeconfig.yaml"));
  }

  @AfterAll
  static void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    Files.createDirectories(WORK);
    Files.writeString(WORK.resolve("transcript.txt"), TRANSCRIPT);
  }

  // ---------------------------------------------------------------------------------------------
  // the cluster as the operator would leave it

  private static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      clusters() {
    return client.genericKubernetesResources(API, "OvdFailoverCluster");
  }

  private static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      nodes() {
    return client.genericKubernetesResources(API, "ClusterNode");
  }

  /**
   * Every test starts from the lab samples in default, with the operator's status, and nothing
   * else.
   */
  @BeforeEach
  void labWithStatus() throws IOException {
    for (var kind : List.of(clusters(), nodes())) {
      for (GenericKubernetesResource r : kind.inAnyNamespace().list().getItems()) {
        kind.inNamespace(r.getMetadata().getNamespace())
            .withName(r.getMetadata().getName())
            .delete();
      }
    }
    apply("default", ROOT.resolve("deploy/samples/lab/00-secrets.yaml"));
    apply("default", ROOT.resolve("deploy/samples/lab/10-cluster.yaml"));
    apply("default", ROOT.resolve("deploy/samples/lab/20-nodes.yaml"));
    Map<String, Object> status = labStatus();
    writeStatus("default", "lab", s -> s.putAll(status));
  }

  private static void apply(String namespace, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      for (HasMetadata item : client.load(in).items()) {
        client.resource(item).inNamespace(namespace).serverSideApply();
      }
    }
  }

  private static void apply(String namespace, String yaml) {
    for (HasMetadata item :
        client
            .load(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
            .items()) {
      client.resource(item).inNamespace(namespace).serverSideApply();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> labStatus() throws IOException {
    try (InputStream in = resource("kubectl-ovd/lab-status.yaml")) {
      return YAML.readValue(in, LinkedHashMap.class);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = KubectlOvdPluginTest.class.getClassLoader().getResourceAsStream(name);
    assertThat(in).as(name).isNotNull();
    return in;
  }

  /** What the operator does: changes the status and writes it through the status subresource. */
  @SuppressWarnings("unchecked")
  private static void writeStatus(
      String namespace, String name, Consumer<Map<String, Object>> change) {
    for (int attempt = 1; ; attempt++) {
      GenericKubernetesResource r = clusters().inNamespace(namespace).withName(name).get();
      Object current = r.getAdditionalProperties().get("status");
      Map<String, Object> status =
          current instanceof Map<?, ?> m
              ? new LinkedHashMap<>((Map<String, Object>) m)
              : new LinkedHashMap<>();
      change.accept(status);
      r.setAdditionalProperty("status", status);
      try {
        clusters().inNamespace(namespace).resource(r).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static GenericKubernetesResource lab() {
    return clusters().inNamespace("default").withName("lab").get();
  }

  @SuppressWarnings("unchecked")
  private static Object specField(GenericKubernetesResource r, String... path) {
    Object o = r.getAdditionalProperties().get("spec");
    for (String p : path) {
      o = o instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(p) : null;
    }
    return o;
  }

  private static String annotation() {
    Map<String, String> a = lab().getMetadata().getAnnotations();
    return a == null ? null : a.get(ANNOTATION);
  }

  // ---------------------------------------------------------------------------------------------
  // running kubectl ovd

  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private static ProcessBuilder process(Path config, String... args) {
    List<String> command = new ArrayList<>(List.of(kubectl, "ovd"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(WORK.toFile());
    Map<String, String> env = pb.environment();
    env.remove("KUBECTL"); // the plugin runs the kubectl it finds on PATH, as installed
    env.put(
        "PATH",
        PLUGIN.getParent()
            + File.pathSeparator
            + Path.of(kubectl).getParent()
            + File.pathSeparator
            + "/usr/bin:/bin");
    env.put("KUBECONFIG", config.toString());
    // every run has a new port: keep kubectl's discovery cache out of ~/.kube
    env.put("KUBECACHEDIR", WORK.resolve("cache").toString());
    return pb;
  }

  private static Run ovd(String... args) throws Exception {
    return ovdWith(kubeconfig, args);
  }

  private static Run ovdWith(Path config, String... args) throws Exception {
    Path out = Files.createTempFile(WORK, "out", ".txt");
    Path err = Files.createTempFile(WORK, "err", ".txt");
    try {
      Process p =
          process(config, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("kubectl ovd " + String.join(" ", args) + " did not finish within 60 s");
      }
      Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
      record(args, run);
      return run;
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }

  private static synchronized void record(String[] args, Run run) {
    TRANSCRIPT
        .append("$ kubectl ovd ")
        .append(String.join(" ", args))
        .append('\n')
        .append(run.all());
    if (!run.all().endsWith("\n")) {
      TRANSCRIPT.append('\n');
    }
    TRANSCRIPT.append("(exit ").append(run.exit()).append(")\n\n");
  }

  private static Run ok(String... args) throws Exception {
    Run run = ovd(args);
    assertThat(run.exit())
        .as("exit code of kubectl ovd %s; output:%n%s", String.join(" ", args), run.all())
        .isZero();
    return run;
  }

  private static Run fails(int exit, String... args) throws Exception {
    Run run = ovd(args);
    assertThat(run.exit())
        .as("exit code of kubectl ovd %s; output:%n%s", String.join(" ", args), run.all())
        .isEqualTo(exit);
    return run;
  }

  // ---------------------------------------------------------------------------------------------
  // the script itself

  @Test
  void theScriptIsOneExecutableFileThatShellsParseAndShellcheckPasses() throws Exception {
    assertThat(Files.isExecutable(PLUGIN)).as(PLUGIN + " is executable").isTrue();
    assertThat(Files.readString(PLUGIN)).startsWith("#!/bin/sh\n");
    for (String shell : List.of("bash", "sh")) {
      Run run = tool(shell, "-n", PLUGIN.toString());
      assertThat(run.exit()).as("%s -n: %s", shell, run.all()).isZero();
    }
    if (onPath("shellcheck")) {
      Run run = tool("shellcheck", "-s", "sh", PLUGIN.toString());
      assertThat(run.exit()).as("shellcheck:%n%s", run.all()).isZero();
    } else {
      System.err.println(
          "shellcheck is not installed: plugin/kubectl-ovd was checked with sh -n and bash -n only");
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static Run tool(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), output, "");
  }

  @Test
  void whatThePluginReadsIsInTheCrds() throws Exception {
    JsonNode crd =
        YAML.readTree(
            ROOT.resolve("deploy/crds/ovdfailoverclusters.ovdfailover.io-v1.yml").toFile());
    JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties");
    // the realistic status of these tests uses only fields the CRD's status has
    JsonNode status = new ObjectMapper().valueToTree(labStatus());
    assertFitsSchema(status, schema.get("status"), "status");
    // the annotation the script sets is the one the operator reads (named in the CRD's status docs)
    assertThat(crd.toString()).contains(ANNOTATION);
    assertThat(Files.readString(PLUGIN)).contains("ANNOTATION=" + ANNOTATION + "\n");
    // the spec switches it patches
    assertThat(schema.at("/spec/properties/paused/type").asText()).isEqualTo("boolean");
    assertThat(schema.at("/spec/properties/maintenance/properties/allowDowntime/type").asText())
        .isEqualTo("boolean");
  }

  private static void assertFitsSchema(JsonNode value, JsonNode schema, String path) {
    assertThat(schema).as("the CRD has no %s", path).isNotNull();
    if (value.isObject()) {
      JsonNode properties = schema.get("properties");
      JsonNode additional = schema.get("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode sub =
            properties != null && properties.has(field.getKey())
                ? properties.get(field.getKey())
                : additional;
        assertFitsSchema(field.getValue(), sub, path + "." + field.getKey());
      }
    } else if (value.isArray()) {
      for (JsonNode item : value) {
        assertFitsSchema(item, schema.get("items"), path + "[]");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // status, plan, history

  @Test
  void statusSummarisesNodesResourcesActiveNodeTestsPlanAndConditions() throws Exception {
    String out = ok("status").out();
    assertThat(out)
        .contains(
            "OvdFailoverCluster lab (namespace default)",
            "Phase:        WaitingForMaintenance",
            "Active node:  osm1",
            "Nodes ready:  5/5",
            "VIP:          198.18.0.100 on eth0; Pacemaker cluster ovd-sm; OVD 3.3.0",
            "allowDowntime=false paused=false dryRun=false",
            "Resources (active node osm1):",
            "Last failover tests:",
            "Pending actions (the plan):",
            "Conditions:");
    // a line per node, with what the ClusterNode says about reaching it
    assertThat(out)
        .containsPattern(
            "osm1 +SessionManager +yes +Online +debian-12 +osm1 \\(root@198\\.18\\.0\\.11:22\\)")
        .containsPattern(
            "pcs4 +Quorum +yes +Online +debian-12 +pcs4 \\(root@198\\.18\\.0\\.14:22\\) +probe took 4\\.1 s")
        .containsPattern("dbmy +Database +yes +- +debian-12 +dbmy \\(root@198\\.18\\.0\\.21:22\\)");
    assertThat(out)
        .containsPattern("virtual_ip +ocf:heartbeat:IPaddr2 +osm1 +Started\n")
        .containsPattern("lsyncd +systemd:lsyncd +osm1 +Started FAILED\n")
        .containsPattern(
            "drill-2 +Annotation +Succeeded +2026-11-22T03:00:01.120Z  osm2 -> osm1, switchover 6.2 s\n")
        .containsPattern("drill-1 +Spec +Refused +2026-11-21T09:12:00.000Z\n")
        .containsPattern(
            "osm1 +resources +update resource virtual_ip: cidr_netmask 25 -> 24 \\[downtime\\]")
        .containsPattern("pcs3 +pacemaker +set cluster property load-threshold=400%\n")
        .containsPattern(
            "Ready +False +WaitingForMaintenance +resources: waiting for spec.maintenance.allowDowntime")
        .containsPattern(
            "ClusterFormed +True +AllMembers +all 4 Pacemaker nodes are members of ovd-sm");
    assertThat(out).doesNotContain("<no value>", "<nil>");
    // the name given, -n and --context passed through to kubectl give the same
    assertThat(ok("status", "lab", "-n", "default", "--context", "ovd-embedded").out())
        .isEqualTo(out);

    // a test the operator is running
    writeStatus(
        "default",
        "lab",
        s -> s.put("lastFailoverTest", test("drill-3", "Running", null, "moving the resources")));
    assertThat(ok("status").out())
        .contains(
            "running now: drill-3 osm1 -> osm2, started 2026-11-23T09:00:00.000Z",
            "drill-2"); // the history is still listed
  }

  @Test
  void statusBeforeTheOperatorReportedListsTheClusterNodes() throws Exception {
    apply(
        "fresh",
        Files.readString(ROOT.resolve("deploy/samples/lab/10-cluster.yaml"))
            .replace("name: lab", "name: fresh"));
    apply(
        "fresh",
        """
        apiVersion: ovdfailover.io/v1alpha1
        kind: ClusterNode
        metadata: {name: osm1}
        spec:
          cluster: fresh
          ssh: {host: 198.18.0.11, privateKeySecret: {name: ovd-ssh-key}, trustOnFirstUse: true}
        """);
    String out = ok("status", "--namespace=fresh").out();
    assertThat(out)
        .contains(
            "OvdFailoverCluster fresh (namespace fresh)",
            "No status yet: the operator has not reported on this cluster",
            "(none in status yet; the ClusterNodes naming this cluster:)")
        .containsPattern("osm1 +osm1 +root@198\\.18\\.0\\.11:22 +-");
    assertThat(out).doesNotContain("<no value>", "<nil>");
  }

  @Test
  void planListsThePendingActionsPerNode() throws Exception {
    String out = ok("plan").out();
    assertThat(out)
        .isEqualTo(
            """
            OvdFailoverCluster lab (phase WaitingForMaintenance): 3 pending action(s), 2 waiting for downtime (kubectl ovd allow-downtime lab)
            osm1:
              resources      update resource virtual_ip: cidr_netmask 25 -> 24 [downtime]
              vip-src        rewrite /etc/default/cluster-vip-src (ADDRESS) [downtime]
            pcs3:
              pacemaker      set cluster property load-threshold=400%
            """);
    assertThat(ok("plan", "lab", "--node", "pcs3").out())
        .isEqualTo(
            """
            OvdFailoverCluster lab, node pcs3 (phase WaitingForMaintenance): 1 pending action(s)
            pcs3:
              pacemaker      set cluster property load-threshold=400%
            """);
    assertThat(ok("plan", "--node=dbmy").out())
        .isEqualTo(
            "OvdFailoverCluster lab, node dbmy (phase WaitingForMaintenance): no pending actions\n");
    assertThat(fails(1, "plan", "--node", "osm9").err())
        .contains(
            "osm9 is not a node of OvdFailoverCluster lab (its nodes: osm1 osm2 pcs3 pcs4 dbmy");

    writeStatus("default", "lab", s -> s.put("pendingActions", List.of()));
    assertThat(ok("plan").out())
        .isEqualTo("OvdFailoverCluster lab (phase WaitingForMaintenance): no pending actions\n");
  }

  @Test
  void historyListsTheRecordedTests() throws Exception {
    String out = ok("history").out();
    List<String> lines = out.lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("REQUEST").contains("RESULT", "SWITCHOVER", "MESSAGE");
    assertThat(lines.get(1))
        .containsPattern(
            "^drill-2 +Annotation +Succeeded +osm2->osm1 +6.2 s +2026-11-22T03:00:01.120Z +the six resources run on osm1");
    assertThat(lines.get(2))
        .containsPattern(
            "^drill-1 +Spec +Refused +- +- +2026-11-21T09:12:00.000Z +refused: the cluster is not Ready");

    writeStatus("default", "lab", s -> s.remove("failoverTestHistory"));
    assertThat(ok("history", "lab").out())
        .isEqualTo(
            "OvdFailoverCluster lab: no failover test recorded yet (kubectl ovd test lab)\n");
  }

  // ---------------------------------------------------------------------------------------------
  // test

  /** Records a test the way FailoverTestCoordinator does: Running first, then the history entry. */
  private static Map<String, Object> test(
      String id, String result, Double seconds, String message) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("requestId", id);
    t.put("trigger", "Annotation");
    t.put("result", result);
    t.put("startTime", "2026-11-23T09:00:00.000Z");
    t.put("fromNode", "osm1");
    t.put("toNode", "osm2");
    if (seconds != null) {
      t.put("switchoverSeconds", seconds);
      t.put("resourceSeconds", Map.of("virtual_ip", 1.8, "httpd", seconds));
    }
    t.put("message", message);
    return t;
  }

  @SuppressWarnings("unchecked")
  private static void operatorRecords(String id, String result, Double seconds, String message) {
    writeStatus(
        "default",
        "lab",
        s -> {
          Map<String, Object> t = test(id, result, seconds, message);
          s.put("lastFailoverTest", t);
          List<Object> history = new ArrayList<>();
          history.add(t);
          history.addAll((List<Object>) s.getOrDefault("failoverTestHistory", List.of()));
          s.put("failoverTestHistory", history);
        });
  }

  private static void operatorTakesUp(String id) {
    writeStatus(
        "default",
        "lab",
        s -> {
          s.put("lastFailoverTest", test(id, "Running", null, "moving the resources to osm2"));
          s.put("failoverTestRequests", Map.of("annotationRequestId", id));
        });
  }

  /**
   * Starts `kubectl ovd test --follow`, plays the operator, and returns what the plugin printed.
   */
  private static Run followWhileOperatorRuns(
      String result, Double seconds, String message, String... extra) throws Exception {
    Path out = Files.createTempFile(WORK, "follow", ".txt");
    String before = annotation();
    List<String> args = new ArrayList<>(List.of("test", "--follow", "--timeout", "60"));
    args.addAll(List.of(extra));
    Process p =
        process(kubeconfig, args.toArray(String[]::new))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    p.getOutputStream().close();
    try {
      String id = waitFor(() -> Objects.equals(annotation(), before) ? null : annotation());
      operatorTakesUp(id);
      waitFor(() -> Files.readString(out).contains("Running") ? "seen" : null);
      assertThat(p.isAlive()).as("kubectl ovd test --follow waits while the test runs").isTrue();
      operatorRecords(id, result, seconds, message);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("ends once the test is recorded").isTrue();
      Run run = new Run(p.exitValue(), Files.readString(out), "");
      record(args.toArray(String[]::new), run);
      return run;
    } finally {
      p.destroyForcibly();
      Files.delete(out);
    }
  }

  interface Probe {
    String get() throws Exception;
  }

  private static String waitFor(Probe probe) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      String value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(200);
    }
    return fail("not within 30 s");
  }

  @Test
  void testFollowRequestsATestAndWaitsForItsRecord() throws Exception {
    Run run =
        followWhileOperatorRuns(
            "Succeeded",
            5.9,
            "the six resources run on osm2; the VIP answers with osm2's Session Manager ID");
    String id = annotation();
    assertThat(id).matches("ovd-test-\\d{8}T\\d{6}Z");
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out())
        .contains(
            "OvdFailoverCluster lab: failover test "
                + id
                + " requested (annotation "
                + ANNOTATION
                + ")",
            "failover test " + id + ": Running, osm1 -> osm2, started 2026-11-23T09:00:00.000Z",
            "failover test " + id + ": Succeeded, osm1 -> osm2, switchover 5.9 s",
            "per resource: httpd 5.9 s, virtual_ip 1.8 s",
            "the VIP answers with osm2's Session Manager ID");
    assertThat(ok("history").out().lines().skip(1).findFirst().orElseThrow()).startsWith(id);
  }

  @Test
  void testFollowExitsNonZeroWhenTheTestFailedOrWasRefused() throws Exception {
    Run failed =
        followWhileOperatorRuns(
            "Failed",
            7.5,
            "http://198.18.0.100/ovd/ answered osm1's Session Manager ID",
            "--id",
            "drill-3");
    assertThat(annotation()).isEqualTo("drill-3");
    assertThat(failed.exit()).as(failed.out()).isEqualTo(1);
    assertThat(failed.out())
        .contains(
            "failover test drill-3: Failed, osm1 -> osm2, switchover 7.5 s",
            "answered osm1's Session Manager ID");

    Run refused =
        followWhileOperatorRuns("Refused", null, "refused: spec.paused is true", "--id=drill-4");
    assertThat(refused.exit()).as(refused.out()).isEqualTo(1);
    assertThat(refused.out())
        .contains("failover test drill-4: Refused, osm1 -> osm2\n", "refused: spec.paused is true");
  }

  @Test
  void testWithoutFollowOnlyRequestsAndARequestIdRunsOnce() throws Exception {
    String out = ok("test", "lab", "--id", "drill-5").out();
    assertThat(annotation()).isEqualTo("drill-5");
    assertThat(out)
        .contains(
            "OvdFailoverCluster lab: failover test drill-5 requested (annotation "
                + ANNOTATION
                + ")",
            "kubectl ovd history lab");
    // drill-2 is in the history, drill-5 is on the annotation: neither would run again
    assertThat(fails(1, "test", "--id", "drill-2").err())
        .contains("request id drill-2 was already used on OvdFailoverCluster lab");
    assertThat(fails(1, "test", "--id", "drill-5").err())
        .contains("request id drill-5 was already used");
    assertThat(fails(2, "test", "--id", "-bad id").err())
        .contains("--id -bad id: a request id is 1-63 of");
    assertThat(annotation()).isEqualTo("drill-5");
  }

  @Test
  void testFollowGivesUpAtItsDeadlineWhenNoOperatorTakesItUp() throws Exception {
    Run run = fails(3, "test", "--follow", "--timeout", "1");
    assertThat(run.err())
        .contains("the operator has not taken up failover test ovd-test-", "within 1 s");
  }

  // ---------------------------------------------------------------------------------------------
  // the spec switches

  @Test
  void allowDowntimePauseAndResumePatchTheSpec() throws Exception {
    assertThat(ok("allow-downtime").out())
        .isEqualTo(
            "OvdFailoverCluster lab: spec.maintenance.allowDowntime=true (was false): the steps that interrupt the Session Manager may run now\n");
    assertThat(specField(lab(), "maintenance", "allowDowntime")).isEqualTo(true);
    assertThat(ok("allow-downtime", "lab", "--off").out())
        .contains("spec.maintenance.allowDowntime=false (was true)");
    assertThat(specField(lab(), "maintenance", "allowDowntime")).isEqualTo(false);

    assertThat(ok("pause").out()).contains("OvdFailoverCluster lab: spec.paused=true (was false)");
    assertThat(specField(lab(), "paused")).isEqualTo(true);
    assertThat(ok("status").out()).contains("allowDowntime=false paused=true dryRun=false");
    assertThat(ok("resume", "lab").out()).contains("spec.paused=false (was true)");
    assertThat(specField(lab(), "paused")).isEqualTo(false);
    // the rest of the spec is left as it was
    assertThat(specField(lab(), "vip", "address")).isEqualTo("198.18.0.100");
  }

  @Test
  void theSwitchesPatchTheClusterOfTheNamespaceGiven() throws Exception {
    apply(
        "other",
        Files.readString(ROOT.resolve("deploy/samples/lab/10-cluster.yaml"))
            .replace("name: lab", "name: lab-b"));
    ok("pause", "-n", "other");
    assertThat(specField(clusters().inNamespace("other").withName("lab-b").get(), "paused"))
        .isEqualTo(true);
    assertThat(specField(lab(), "paused")).isEqualTo(false);
  }

  // ---------------------------------------------------------------------------------------------
  // errors and help

  @Test
  void errorsNameWhatIsMissing() throws Exception {
    assertThat(fails(1, "status", "nope").err())
        .contains("no OvdFailoverCluster \"nope\" in namespace default");
    assertThat(fails(1, "pause", "nope").err())
        .contains("no OvdFailoverCluster \"nope\" in namespace default");
    assertThat(fails(1, "history", "-n", "empty").err())
        .contains("no OvdFailoverCluster in namespace empty (choose another namespace with -n");

    apply(
        "default",
        Files.readString(ROOT.resolve("deploy/samples/lab/10-cluster.yaml"))
            .replace("name: lab", "name: lab2"));
    assertThat(fails(1, "plan").err())
        .contains(
            "2 OvdFailoverClusters in namespace default (lab lab2): name one, e.g. kubectl ovd plan lab");
    assertThat(ok("plan", "lab2").out())
        .contains(
            "OvdFailoverCluster lab2 (no status yet: the operator has not reported on this cluster): no pending actions\n");

    assertThat(fails(2, "frob").err()).contains("unknown command \"frob\"");
    assertThat(fails(2, "status", "--follow").err())
        .contains("--follow is not an option of status", "kubectl ovd status --help");
    assertThat(fails(2, "status", "a", "b").err()).contains("too many arguments: b");
    assertThat(fails(2, "plan", "--node").err()).contains("--node needs a value");
    assertThat(fails(2, "test", "--follow", "--timeout", "soon").err())
        .contains("--timeout soon: a number of seconds");
    assertThat(fails(2).err()).contains("Usage:");
  }

  @Test
  void contextIsPassedToKubectlAndAMissingApiIsNamed() throws Exception {
    // a kubeconfig whose current context is a dead server: only --context reaches the embedded one
    Path twoContexts = WORK.resolve("two-contexts.yaml");
    Files.writeString(
        twoContexts,
        Files.readString(kubeconfig)
            .replace("current-context: ovd-embedded", "current-context: dead")
            .replace(
                "contexts:\n",
                "contexts:\n- name: dead\n  context:\n    cluster: dead\n    user: ovd-embedded\n")
            .replace(
                "clusters:\n",
                "clusters:\n- name: dead\n  cluster:\n    server: http://127.0.0.1:1\n"));
    assertThat(ovdWith(twoContexts, "plan", "--context", "ovd-embedded").exit()).isZero();
    assertThat(ovdWith(twoContexts, "plan", "--context=ovd-embedded", "--node", "pcs3").out())
        .contains("pcs3:");
    Run dead = ovdWith(twoContexts, "plan");
    assertThat(dead.exit()).isEqualTo(1);
    assertThat(dead.err()).contains("127.0.0.1:1", "kubectl ovd: kubectl failed (above)");

    try (EmbeddedApiServer bare = EmbeddedApiServer.start(0)) {
      Path bareConfig = bare.writeKubeconfig(WORK.resolve("bare-kubeconfig.yaml"));
      Run run = ovdWith(bareConfig, "status");
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err()).contains("the CRDs of ovd-failover-operator are not installed");
    }
  }

  @Test
  void everyCommandHasItsHelp() throws Exception {
    String main = ok("--help").out();
    assertThat(main)
        .contains("kubectl ovd COMMAND [NAME] [options]", "-n, --namespace NS", "--context CTX");
    for (String command :
        List.of("status", "plan", "test", "history", "allow-downtime", "pause", "resume")) {
      assertThat(main).contains("  " + command + " [NAME]");
      assertThat(ok(command, "--help").out())
          .startsWith("Usage: kubectl ovd " + command + " [NAME]");
      assertThat(ok("help", command).out()).startsWith("Usage: kubectl ovd " + command + " [NAME]");
    }
    assertThat(ok("test", "-h").out()).contains("--follow", "--timeout SECONDS", "--id ID");
  }

  @Test
  void theKrewManifestInstallsTheOneFile() throws Exception {
    JsonNode plugin = YAML.readTree(ROOT.resolve("plugin/ovd.yaml").toFile());
    assertThat(plugin.path("apiVersion").asText())
        .isEqualTo("krew.googlecontainertools.github.com/v1alpha2");
    assertThat(plugin.path("kind").asText()).isEqualTo("Plugin");
    assertThat(plugin.at("/metadata/name").asText()).isEqualTo("ovd");
    String version = plugin.at("/spec/version").asText();
    assertThat(version).matches("v\\d+\\.\\d+\\.\\d+");
    assertThat(plugin.at("/spec/shortDescription").asText()).isNotBlank();
    JsonNode platform = plugin.at("/spec/platforms/0");
    assertThat(platform.path("bin").asText()).isEqualTo("kubectl-ovd");
    assertThat(platform.at("/files/0/from").asText()).isEqualTo("kubectl-ovd");
    assertThat(platform.path("uri").asText()).endsWith("/kubectl-ovd-" + version + ".tar.gz");
    assertThat(platform.path("sha256").asText()).matches("[0-9a-f]{64}");
  }
}
