package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The Helm chart, linted and rendered offline by Helm itself, then checked object by object. */
class ChartTest {

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = Charts.chart().lint().strict().call();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void defaultsRenderTheOperatorWithClusterWideRbacAndLeaderElection() {
    Manifests m = Charts.renderDefaults();
    assertThat(m.keys())
        .containsExactlyInAnyOrder(
            "ServiceAccount/ovd-failover-system/ovd-failover-operator",
            "ClusterRole//ovd-failover-operator",
            "ClusterRoleBinding//ovd-failover-operator",
            "ClusterRole//ovd-failover-operator-view",
            "ClusterRole//ovd-failover-operator-edit",
            "Role/ovd-failover-system/ovd-failover-operator-leader-election",
            "RoleBinding/ovd-failover-system/ovd-failover-operator-leader-election",
            "Service/ovd-failover-system/ovd-failover-operator-metrics",
            "Deployment/ovd-failover-system/ovd-failover-operator");
    assertThat(m.one("Deployment").path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(env(m.operatorContainer()))
        .containsEntry("WATCH_NAMESPACES", "")
        .containsEntry("LEADER_ELECTION", "true")
        .containsEntry("LEASE_NAME", "ovd-failover-operator")
        .containsEntry("METRICS_PORT", "8080")
        .containsEntry("LOG_LEVEL", "INFO")
        .containsEntry("LOG_FORMAT", "json")
        .containsEntry("OBSERVE_INTERVAL", "60s")
        .containsEntry("RETRY_INTERVAL", "30s")
        .containsEntry("WATCH_INTERVAL", "5s")
        .containsEntry("DRIVE_HOSTS", "true")
        .containsEntry("SSH_EGRESS", "");
    JsonNode leNamespace = envVar(m.operatorContainer(), "POD_NAMESPACE");
    assertThat(leNamespace.at("/valueFrom/fieldRef/fieldPath").asText())
        .isEqualTo("metadata.namespace");
  }

  @Test
  void clusterRoleGrantsExactlyTheMinimumAndNoSecretWrites() {
    Manifests m = Charts.renderDefaults();
    assertThat(Rbac.grants(m.find("ClusterRole", "ovd-failover-operator", null).orElseThrow()))
        .isEqualTo(Rbac.WATCH_GRANTS);
    assertThat(Rbac.grants(m.one("Role"))).isEqualTo(Rbac.LEADER_ELECTION_GRANTS);
    for (String kind : List.of("ClusterRole", "Role")) {
      for (JsonNode role : m.ofKind(kind)) {
        assertThat(Rbac.grants(role))
            .as("%s grants", Manifests.key(role))
            .noneMatch(g -> g.contains("*"))
            .noneMatch(g -> g.startsWith("/secrets") && !g.matches("/secrets(\\[.*])?:get"))
            .noneMatch(
                g -> g.contains("escalate") || g.contains("bind") || g.contains("impersonate"));
      }
    }
    JsonNode binding = m.one("ClusterRoleBinding");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo("ovd-failover-operator");
    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("ovd-failover-operator");
    assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(Charts.NAMESPACE);
  }

  @Test
  void watchNamespacesScopeEveryGrantToRolesInThoseNamespaces() {
    Manifests m = Charts.renderObjects(Map.of("watchNamespaces", List.of("ovd-prod", "ovd-lab")));
    // only the roles for people, which the built-in view/edit/admin bindings scope to a namespace
    assertThat(m.ofKind("ClusterRole"))
        .extracting(r -> r.at("/metadata/name").asText())
        .containsExactlyInAnyOrder("ovd-failover-operator-view", "ovd-failover-operator-edit");
    assertThat(m.ofKind("ClusterRoleBinding")).isEmpty();
    for (String ns : List.of("ovd-prod", "ovd-lab")) {
      JsonNode role =
          m.find("Role", "ovd-failover-operator", ns)
              .orElseThrow(() -> new AssertionError(m.keys()));
      assertThat(Rbac.grants(role)).isEqualTo(Rbac.WATCH_GRANTS);
      JsonNode binding = m.find("RoleBinding", "ovd-failover-operator", ns).orElseThrow();
      assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("Role");
      assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(Charts.NAMESPACE);
    }
    // Leases stay in the operator's own namespace, whatever it watches.
    JsonNode leaderRole =
        m.find("Role", "ovd-failover-operator-leader-election", Charts.NAMESPACE).orElseThrow();
    assertThat(Rbac.grants(leaderRole)).isEqualTo(Rbac.LEADER_ELECTION_GRANTS);
    assertThat(m.ofKind("Role")).hasSize(3);
    assertThat(env(m.operatorContainer())).containsEntry("WATCH_NAMESPACES", "ovd-prod,ovd-lab");
  }

  @Test
  void secretNamesNarrowSecretAccessToThoseNames() {
    Manifests m =
        Charts.renderObjects(
            Map.of(
                "watchNamespaces", List.of("ovd-prod"),
                "rbac", Map.of("secretNames", List.of("ovd-ssh-key", "ovd-hacluster"))));
    JsonNode role = m.find("Role", "ovd-failover-operator", "ovd-prod").orElseThrow();
    JsonNode secretsRule =
        StreamSupport.stream(role.path("rules").spliterator(), false)
            .filter(r -> r.path("resources").toString().contains("secrets"))
            .findFirst()
            .orElseThrow();
    assertThat(secretsRule.path("resourceNames").toString())
        .isEqualTo("[\"ovd-ssh-key\",\"ovd-hacluster\"]");
    assertThat(Rbac.grants(role)).noneMatch(g -> g.equals("/secrets:get"));
  }

  @Test
  void userRolesAggregateIntoViewEditAndAdminWithReadOrReadWriteOnTheTwoKindsOnly() {
    Manifests m = Charts.renderDefaults();
    JsonNode view = m.find("ClusterRole", "ovd-failover-operator-view", null).orElseThrow();
    assertThat(view.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-view").asText())
        .isEqualTo("true");
    assertThat(view.at("/metadata/labels").toString()).doesNotContain("aggregate-to-edit");
    assertThat(Rbac.grants(view)).isEqualTo(Rbac.USER_VIEW_GRANTS);
    JsonNode edit = m.find("ClusterRole", "ovd-failover-operator-edit", null).orElseThrow();
    assertThat(edit.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-edit").asText())
        .isEqualTo("true");
    assertThat(edit.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-admin").asText())
        .isEqualTo("true");
    assertThat(Rbac.grants(edit)).isEqualTo(Rbac.USER_EDIT_GRANTS);
    // nobody gets the status (the operator's to write) or Secrets through them
    assertThat(Rbac.grants(edit)).noneMatch(g -> g.contains("/status") || g.contains("secrets"));

    Manifests off = Charts.renderObjects(Map.of("rbac", Map.of("aggregateToUserRoles", false)));
    assertThat(off.keys()).noneMatch(k -> k.endsWith("-view") || k.endsWith("-edit"));
    assertThat(off.find("ClusterRole", "ovd-failover-operator", null)).isPresent();
  }

  @Test
  void leaderElectionOffDropsTheLeaseRole() {
    Manifests m =
        Charts.renderObjects(Map.of("leaderElection", Map.of("enabled", false, "leaseName", "x")));
    assertThat(m.keys()).noneMatch(k -> k.contains("leader-election"));
    assertThat(env(m.operatorContainer())).containsEntry("LEADER_ELECTION", "false");
  }

  @Test
  void moreThanOneReplicaNeedsLeaderElection() {
    assertThat(
            Charts.renderObjects(Map.of("replicaCount", 2))
                .one("Deployment")
                .at("/spec/replicas")
                .asInt())
        .isEqualTo(2);
    assertThatThrownBy(
            () ->
                Charts.render(
                    Map.of(
                        "replicaCount",
                        2,
                        "leaderElection",
                        Map.of("enabled", false, "leaseName", "x"))))
        .hasMessageContaining("replicaCount > 1 requires leaderElection.enabled=true");
  }

  @Test
  void podIsRestrictedReadOnlyAndNonRoot() {
    Manifests m = Charts.renderDefaults();
    JsonNode pod = m.one("Deployment").at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(65532);
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    JsonNode sc = m.operatorContainer().path("securityContext");
    assertThat(sc.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(sc.path("allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(sc.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(sc.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(sc.at("/capabilities/add").isMissingNode()).isTrue();
    assertThat(sc.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    // The read-only root needs a writable /tmp for the JVM.
    assertThat(m.operatorContainer().at("/volumeMounts/0/mountPath").asText()).isEqualTo("/tmp");
    assertThat(pod.at("/volumes/0/name").asText()).isEqualTo("tmp");
    assertThat(pod.at("/volumes/0/emptyDir").isObject()).isTrue();
    JsonNode resources = m.operatorContainer().path("resources");
    assertThat(resources.at("/requests/cpu").asText()).isNotEmpty();
    assertThat(resources.at("/requests/memory").asText()).isNotEmpty();
    assertThat(resources.at("/limits/memory").asText()).isNotEmpty();
  }

  @Test
  void probesAndMetricsServiceUseTheMetricsPort() {
    Manifests m = Charts.renderObjects(Map.of("metrics", Map.of("port", 9090)));
    JsonNode c = m.operatorContainer();
    assertThat(c.at("/ports/0/name").asText()).isEqualTo("metrics");
    assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(9090);
    assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(c.at("/livenessProbe/httpGet/port").asText()).isEqualTo("metrics");
    assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(c.at("/readinessProbe/httpGet/port").asText()).isEqualTo("metrics");
    assertThat(env(c)).containsEntry("METRICS_PORT", "9090");
    JsonNode service = m.one("Service");
    assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(9090);
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("metrics");
    assertThat(service.at("/spec/selector"))
        .isEqualTo(m.one("Deployment").at("/spec/selector/matchLabels"));
  }

  @Test
  void healthOnAPortOfItsOwnMovesTheProbesAndLeavesMetricsAlone() {
    Manifests m = Charts.renderObjects(Map.of("health", Map.of("port", 8081)));
    JsonNode c = m.operatorContainer();
    assertThat(c.path("ports").toString())
        .contains("\"name\":\"metrics\",\"containerPort\":8080")
        .contains("\"name\":\"health\",\"containerPort\":8081");
    assertThat(c.at("/livenessProbe/httpGet/port").asText()).isEqualTo("health");
    assertThat(c.at("/readinessProbe/httpGet/port").asText()).isEqualTo("health");
    assertThat(env(c)).containsEntry("METRICS_PORT", "8080").containsEntry("HEALTH_PORT", "8081");
    JsonNode service = m.one("Service");
    assertThat(service.at("/spec/ports/1/name").asText()).isEqualTo("health");
    assertThat(service.at("/spec/ports/1/targetPort").asText()).isEqualTo("health");
    // without it: one port, no HEALTH_PORT (the operator's default)
    assertThat(env(Charts.renderDefaults().operatorContainer())).doesNotContainKey("HEALTH_PORT");
    assertThat(Charts.renderDefaults().one("Service").at("/spec/ports").size()).isEqualTo(1);
    assertThatThrownBy(() -> Charts.render(Map.of("health", Map.of("port", 8080))))
        .hasMessageContaining("health.port must differ from metrics.port");
  }

  @Test
  void startupProbeIsOptInAndChecksHealthWithItsTimings() {
    assertThat(Charts.renderDefaults().operatorContainer().has("startupProbe")).isFalse();
    JsonNode probe =
        Charts.renderObjects(
                Map.of("startupProbe", Map.of("enabled", true, "failureThreshold", 60)))
            .operatorContainer()
            .path("startupProbe");
    assertThat(probe.at("/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(probe.at("/httpGet/port").asText()).isEqualTo("metrics");
    assertThat(probe.path("failureThreshold").asInt()).isEqualTo(60);
    assertThat(probe.path("periodSeconds").asInt()).isEqualTo(5);
    assertThat(probe.has("enabled")).as("a chart switch, not a probe field").isFalse();
    assertThat(
            Charts.renderObjects(
                    Map.of("startupProbe", Map.of("enabled", true), "health", Map.of("port", 8081)))
                .operatorContainer()
                .at("/startupProbe/httpGet/port")
                .asText())
        .isEqualTo("health");
  }

  @Test
  void extraVolumesAndMountsComeAfterTheTmpOne() {
    Manifests m =
        Charts.renderObjects(
            Map.of(
                "extraVolumes",
                List.of(Map.of("name", "proxy-ca", "configMap", Map.of("name", "corp-ca"))),
                "extraVolumeMounts",
                List.of(
                    Map.of("name", "proxy-ca", "mountPath", "/etc/proxy-ca", "readOnly", true))));
    JsonNode pod = m.one("Deployment").at("/spec/template/spec");
    assertThat(pod.at("/volumes/0/name").asText()).isEqualTo("tmp");
    assertThat(pod.at("/volumes/1/configMap/name").asText()).isEqualTo("corp-ca");
    JsonNode mounts = m.operatorContainer().path("volumeMounts");
    assertThat(mounts.at("/0/mountPath").asText()).isEqualTo("/tmp");
    assertThat(mounts.at("/1/mountPath").asText()).isEqualTo("/etc/proxy-ca");
    assertThat(mounts.at("/1/readOnly").asBoolean()).isTrue();
  }

  @Test
  void topologySpreadConstraintsGetThePodsSelectorUnlessTheyHaveOne() {
    Manifests m =
        Charts.renderObjects(
            Map.of(
                "replicaCount",
                2,
                "topologySpreadConstraints",
                List.of(
                    Map.of(
                        "maxSkew",
                        1,
                        "topologyKey",
                        "topology.kubernetes.io/zone",
                        "whenUnsatisfiable",
                        "ScheduleAnyway"),
                    Map.of(
                        "maxSkew",
                        1,
                        "topologyKey",
                        "kubernetes.io/hostname",
                        "whenUnsatisfiable",
                        "DoNotSchedule",
                        "labelSelector",
                        Map.of("matchLabels", Map.of("team", "vdi"))))));
    JsonNode spread = m.one("Deployment").at("/spec/template/spec/topologySpreadConstraints");
    assertThat(spread.size()).isEqualTo(2);
    assertThat(spread.at("/0/topologyKey").asText()).isEqualTo("topology.kubernetes.io/zone");
    assertThat(spread.at("/0/labelSelector/matchLabels"))
        .isEqualTo(m.one("Deployment").at("/spec/selector/matchLabels"));
    assertThat(spread.at("/1/labelSelector/matchLabels").toString())
        .isEqualTo("{\"team\":\"vdi\"}");
    assertThat(
            Charts.renderDefaults()
                .one("Deployment")
                .at("/spec/template/spec")
                .has("topologySpreadConstraints"))
        .isFalse();
  }

  @Test
  void helmTestAsksHealthAndReadinessThroughTheServiceFromARestrictedPod() {
    Manifests m = Charts.renderWithHooks(Map.of());
    JsonNode test = m.one("Pod");
    assertThat(test.at("/metadata/annotations/helm.sh~1hook").asText()).isEqualTo("test");
    assertThat(test.at("/metadata/annotations/helm.sh~1hook-delete-policy").asText())
        .isEqualTo("before-hook-creation,hook-succeeded");
    // the Service selects the operator pods, never the test pod
    JsonNode selector = m.one("Service").at("/spec/selector");
    boolean selected = true;
    for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) selector::fields) {
      selected &= e.getValue().equals(test.at("/metadata/labels").path(e.getKey()));
    }
    assertThat(selected).as("the Service's selector matches the test pod").isFalse();
    JsonNode c = test.at("/spec/containers/0");
    assertThat(c.path("image").asText()).isEqualTo("busybox:1.36");
    assertThat(env(c))
        .containsEntry(
            "OPERATOR", "http://ovd-failover-operator-metrics.ovd-failover-system.svc:8080");
    assertThat(c.path("command").toString())
        .contains("$OPERATOR/healthz")
        .contains("$OPERATOR/readyz");
    assertThat(test.at("/spec/restartPolicy").asText()).isEqualTo("Never");
    assertThat(test.at("/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(c.at("/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");

    // health on its own port: the test follows it
    assertThat(
            env(
                Charts.renderWithHooks(Map.of("health", Map.of("port", 8081)))
                    .one("Pod")
                    .at("/spec/containers/0")))
        .containsEntry(
            "OPERATOR", "http://ovd-failover-operator-metrics.ovd-failover-system.svc:8081");
    // no Service to ask through, or switched off: no test
    assertThat(
            Charts.renderWithHooks(Map.of("metrics", Map.of("service", Map.of("enabled", false))))
                .ofKind("Pod"))
        .isEmpty();
    assertThat(Charts.renderWithHooks(Map.of("tests", Map.of("enabled", false))).ofKind("Pod"))
        .isEmpty();
    // an install's manifest, like helm-java's template, holds no hook
    assertThat(Charts.renderDefaults().ofKind("Pod")).isEmpty();
  }

  static Map<String, Object> networkPolicy(Map<String, Object> more) {
    Map<String, Object> np = new java.util.LinkedHashMap<>();
    np.put("enabled", true);
    np.put("ssh", Map.of("cidrs", List.of("10.20.0.0/24", "10.20.1.7/32"), "ports", List.of(22)));
    np.put("apiServer", Map.of("cidrs", List.of("172.18.0.2/32"), "ports", List.of(6443)));
    np.putAll(more);
    return Map.of("networkPolicy", np);
  }

  @Test
  void networkPolicyLetsOutOnlySshToTheNodesTheApiServerAndDnsAndInOnlyToMetrics() {
    assertThat(Charts.renderDefaults().ofKind("NetworkPolicy")).isEmpty();
    Manifests m = Charts.renderObjects(networkPolicy(Map.of()));
    JsonNode np = m.one("NetworkPolicy");
    assertThat(np.at("/spec/podSelector/matchLabels"))
        .isEqualTo(m.one("Deployment").at("/spec/selector/matchLabels"));
    assertThat(np.at("/spec/policyTypes").toString()).isEqualTo("[\"Ingress\",\"Egress\"]");

    JsonNode egress = np.at("/spec/egress");
    assertThat(egress.size()).isEqualTo(3);
    JsonNode ssh = egress.get(0);
    assertThat(ssh.at("/to").toString())
        .isEqualTo(
            "[{\"ipBlock\":{\"cidr\":\"10.20.0.0/24\"}},{\"ipBlock\":{\"cidr\":\"10.20.1.7/32\"}}]");
    assertThat(ssh.at("/ports").toString()).isEqualTo("[{\"port\":22,\"protocol\":\"TCP\"}]");
    JsonNode api = egress.get(1);
    assertThat(api.at("/to/0/ipBlock/cidr").asText()).isEqualTo("172.18.0.2/32");
    assertThat(api.at("/ports/0/port").asInt()).isEqualTo(6443);
    JsonNode dns = egress.get(2);
    assertThat(dns.at("/to/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
        .isEqualTo("kube-system");
    assertThat(dns.at("/to/0/podSelector/matchLabels/k8s-app").asText()).isEqualTo("kube-dns");
    assertThat(dns.at("/ports").toString())
        .isEqualTo("[{\"port\":53,\"protocol\":\"UDP\"},{\"port\":53,\"protocol\":\"TCP\"}]");

    // in: the metrics port, from anyone unless restricted
    JsonNode ingress = np.at("/spec/ingress");
    assertThat(ingress.size()).isEqualTo(1);
    assertThat(ingress.at("/0/ports").toString())
        .isEqualTo("[{\"port\":\"metrics\",\"protocol\":\"TCP\"}]");
    assertThat(ingress.at("/0/from").isMissingNode()).isTrue();
  }

  @Test
  void networkPolicyRestrictedMetricsStillLetTheHelmTestPodIn() {
    Map<String, Object> values =
        new java.util.LinkedHashMap<>(
            networkPolicy(
                Map.of(
                    "metricsFrom",
                    List.of(
                        Map.of(
                            "namespaceSelector",
                            Map.of(
                                "matchLabels",
                                Map.of("kubernetes.io/metadata.name", "monitoring")))))));
    values.put("health", Map.of("port", 8081));
    Manifests m = Charts.renderWithHooks(values);
    JsonNode ingress = m.one("NetworkPolicy").at("/spec/ingress/0");
    assertThat(ingress.at("/ports/1/port").asText()).isEqualTo("health");
    assertThat(
            ingress
                .at("/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name")
                .asText())
        .isEqualTo("monitoring");
    JsonNode testPeer = ingress.at("/from/1/podSelector/matchLabels");
    JsonNode testPod = m.one("Pod").at("/metadata/labels");
    testPeer
        .fields()
        .forEachRemaining(e -> assertThat(testPod.path(e.getKey())).isEqualTo(e.getValue()));
  }

  @Test
  void networkPolicyNeedsTheNodesAndTheApiServer() {
    assertThatThrownBy(() -> Charts.render(Map.of("networkPolicy", Map.of("enabled", true))))
        .hasMessageContaining("needs networkPolicy.ssh.cidrs");
    assertThatThrownBy(
            () ->
                Charts.render(
                    Map.of(
                        "networkPolicy",
                        Map.of("enabled", true, "ssh", Map.of("cidrs", List.of("10.0.0.0/8"))))))
        .hasMessageContaining("needs networkPolicy.apiServer.cidrs");
    // not driving the hosts: no SSH rule, and none needed
    Manifests observer =
        Charts.renderObjects(
            Map.of(
                "driveHosts",
                false,
                "networkPolicy",
                Map.of("enabled", true, "apiServer", Map.of("cidrs", List.of("172.18.0.2/32")))));
    assertThat(observer.one("NetworkPolicy").at("/spec/egress").size()).isEqualTo(2);
    assertThat(observer.one("NetworkPolicy").toString()).doesNotContain("\"port\":22");
  }

  @Test
  void serviceMonitorIsOffByDefaultAndScrapesTheMetricsServiceWhenOn() {
    assertThat(Charts.renderDefaults().ofKind("ServiceMonitor")).isEmpty();
    Manifests m =
        Charts.renderObjects(
            Map.of(
                "metrics",
                Map.of(
                    "serviceMonitor",
                    Map.of("enabled", true, "labels", Map.of("release", "prometheus")))));
    JsonNode sm = m.one("ServiceMonitor");
    assertThat(sm.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
    assertThat(sm.at("/spec/endpoints/0/port").asText()).isEqualTo("metrics");
    assertThat(sm.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    assertThat(sm.at("/spec/selector/matchLabels"))
        .isEqualTo(m.one("Service").at("/spec/selector"));
  }

  @Test
  void schedulingImageAndPodValuesReachThePod() {
    Manifests m =
        Charts.renderObjects(
            Map.of(
                "image",
                    Map.of(
                        "repository",
                        "registry.example/ovd/operator",
                        "tag",
                        "1.2.3",
                        "pullPolicy",
                        "Always"),
                "nodeSelector", Map.of("kubernetes.io/os", "linux"),
                "tolerations",
                    List.of(Map.of("key", "infra", "operator", "Exists", "effect", "NoSchedule")),
                "affinity", Map.of("nodeAffinity", Map.of()),
                "podAnnotations", Map.of("example.io/team", "vdi"),
                "logLevel", "DEBUG",
                "logFormat", "text",
                "observeIntervalSeconds", 15,
                "retryIntervalSeconds", 120));
    JsonNode pod = m.one("Deployment").at("/spec/template");
    JsonNode c = m.operatorContainer();
    assertThat(c.path("image").asText()).isEqualTo("registry.example/ovd/operator:1.2.3");
    assertThat(c.path("imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(pod.at("/spec/nodeSelector/kubernetes.io~1os").asText()).isEqualTo("linux");
    assertThat(pod.at("/spec/tolerations/0/key").asText()).isEqualTo("infra");
    assertThat(pod.at("/spec/affinity/nodeAffinity").isObject()).isTrue();
    assertThat(pod.at("/metadata/annotations/example.io~1team").asText()).isEqualTo("vdi");
    assertThat(env(c))
        .containsEntry("LOG_LEVEL", "DEBUG")
        .containsEntry("LOG_FORMAT", "text")
        .containsEntry("OBSERVE_INTERVAL", "15s")
        .containsEntry("RETRY_INTERVAL", "120s");
  }

  @Test
  void existingServiceAccountWithoutChartRbac() {
    Manifests m =
        Charts.renderObjects(
            Map.of(
                "serviceAccount", Map.of("create", false, "name", "ovd-operator-sa"),
                "rbac", Map.of("create", false)));
    assertThat(m.ofKind("ServiceAccount")).isEmpty();
    assertThat(m.keys()).noneMatch(k -> k.startsWith("ClusterRole") || k.startsWith("Role"));
    assertThat(m.one("Deployment").at("/spec/template/spec/serviceAccountName").asText())
        .isEqualTo("ovd-operator-sa");
    // RBAC bound to an account nobody named would bind nothing useful.
    assertThatThrownBy(() -> Charts.render(Map.of("serviceAccount", Map.of("create", false))))
        .hasMessageContaining(
            "serviceAccount.create=false with rbac.create=true needs serviceAccount.name");
    Manifests bound =
        Charts.renderObjects(
            Map.of("serviceAccount", Map.of("create", false, "name", "ovd-operator-sa")));
    assertThat(bound.one("ClusterRoleBinding").at("/subjects/0/name").asText())
        .isEqualTo("ovd-operator-sa");
  }

  @Test
  void serviceMonitorNeedsTheMetricsService() {
    assertThatThrownBy(
            () ->
                Charts.render(
                    Map.of(
                        "metrics",
                        Map.of(
                            "service",
                            Map.of("enabled", false),
                            "serviceMonitor",
                            Map.of("enabled", true)))))
        .hasMessageContaining(
            "metrics.serviceMonitor.enabled=true needs metrics.service.enabled=true");
    assertThat(
            Charts.renderObjects(Map.of("metrics", Map.of("service", Map.of("enabled", false))))
                .ofKind("Service"))
        .isEmpty();
  }

  @Test
  void defaultImageIsTheChartAppVersion() {
    JsonNode chartYaml = Repo.documents(Repo.chart().resolve("Chart.yaml")).get(0);
    assertThat(Charts.renderDefaults().operatorContainer().path("image").asText())
        .isEqualTo(DockerfileIT.IMAGE + ":" + chartYaml.path("appVersion").asText());
  }

  static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (JsonNode e : container.path("env")) {
      if (e.has("value")) {
        env.put(e.path("name").asText(), e.path("value").asText());
      }
    }
    return env;
  }

  static JsonNode envVar(JsonNode container, String name) {
    List<JsonNode> found = new ArrayList<>();
    container
        .path("env")
        .forEach(
            e -> {
              if (name.equals(e.path("name").asText())) {
                found.add(e);
              }
            });
    assertThat(found).as("env %s", name).hasSize(1);
    return found.get(0);
  }
}
