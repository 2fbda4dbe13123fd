package io.ovdfailover.delivery;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.util.Map;

/** Renders the chart offline with Helm (helm-java bundles Helm as a native library: no cluster, no network). */
final class Charts {
  static final String RELEASE = "ovd-failover-operator";
  static final String NAMESPACE = "ovd-failover-system";
  /** helm-java defaults to Kubernetes 1.20; render for a current cluster (the chart needs >= 1.25). */
  static final String KUBE_VERSION = "v1.31.0";

  private Charts() {}

  static Helm chart() {
    return new Helm(Repo.chart());
  }

  /** `helm template ovd-failover-operator charts/ovd-failover-operator -n ovd-failover-system --set k=v ...` */
  static String render(Map<String, Object> sets) {
    TemplateCommand template =
        chart().template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
    sets.forEach(template::set);
    return template.call();
  }

  static Manifests renderObjects(Map<String, Object> sets) {
    return new Manifests(Repo.documents(render(sets)));
  }
}
