package io.ovdfailover.api.crd;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ovdfailover.api.ClusterNode;
import io.ovdfailover.api.OvdFailoverCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's CRDs as the build generated them ({@code META-INF/fabric8/<plural>.<group>-v1.yml},
 * produced at {@code process-classes} and packaged in the jar), so the embedded server and the
 * tests install exactly what a cluster would get.
 */
public final class CrdManifests {
  public static final List<Class<? extends HasMetadata>> RESOURCES =
      List.of(OvdFailoverCluster.class, ClusterNode.class);

  private CrdManifests() {}

  public static String resourceName(Class<? extends HasMetadata> type) {
    return "META-INF/fabric8/"
        + HasMetadata.getPlural(type)
        + "."
        + HasMetadata.getGroup(type)
        + "-v1.yml";
  }

  public static List<CustomResourceDefinition> load() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (Class<? extends HasMetadata> type : RESOURCES) {
      String name = resourceName(type);
      try (InputStream in = CrdManifests.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException(
              name
                  + " is not on the classpath: run `mvn process-classes` (the CRD "
                  + "generator writes it) or use the packaged jar");
        }
        crds.add(serialization.unmarshal(in, CustomResourceDefinition.class));
      } catch (IOException e) {
        throw new UncheckedIOException(name, e);
      }
    }
    return crds;
  }

  /**
   * Names of the project's CRDs the cluster does not have. A client not allowed to read CRDs (403)
   * cannot tell; it gets an empty list and JOSDK's own start-up error if one is really missing.
   */
  public static List<String> missing(KubernetesClient client) {
    List<String> missing = new ArrayList<>();
    for (Class<? extends HasMetadata> type : RESOURCES) {
      String name = HasMetadata.getPlural(type) + "." + HasMetadata.getGroup(type);
      try {
        if (client.apiextensions().v1().customResourceDefinitions().withName(name).get() == null) {
          missing.add(name);
        }
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 403) {
          throw e;
        }
      }
    }
    return missing;
  }

  /** Creates or updates both CRDs (server-side apply). */
  public static void install(KubernetesClient client) {
    for (CustomResourceDefinition crd : load()) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
    }
  }
}
