package io.ovdfailover.delivery;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Renders the chart offline with Helm (helm-java bundles Helm as a native library: no cluster, no
 * network).
 */
final class Charts {
  static final String RELEASE = "ovd-failover-operator";
  static final String NAMESPACE = "ovd-failover-system";

  /**
   * helm-java defaults to Kubernetes 1.20; render for a current cluster (the chart needs >= 1.25).
   */
  static final String KUBE_VERSION = "v1.31.0";

  private Charts() {}

  static Helm chart() {
    return new Helm(Repo.chart());
  }

  /**
   * `helm template ovd-failover-operator charts/ovd-failover-operator -n ovd-failover-system -f
   * overrides.yaml`. The overrides go through a values file rather than --set so that types (lists,
   * numbers, strings) are exactly what a user's values file would hold.
   */
  static String render(Map<String, Object> overrides) {
    return render(chart(), overrides);
  }

  private static String render(Helm chart, Map<String, Object> overrides) {
    TemplateCommand template =
        chart.template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
    if (!overrides.isEmpty()) {
      template.withValuesFile(valuesFile(overrides));
    }
    return template.call();
  }

  static Manifests renderObjects(Map<String, Object> overrides) {
    return new Manifests(Repo.documents(render(overrides)));
  }

  /**
   * The chart with its hooks (the {@code helm test} pod) among the objects. Helm sets objects with
   * a {@code helm.sh/hook} annotation apart from the manifest, and helm-java's template returns the
   * manifest only; so this renders a copy of the chart whose templates carry the annotation under
   * another name, and gives it its name back in the output.
   */
  static Manifests renderWithHooks(Map<String, Object> overrides) {
    try {
      Path copy = Files.createTempDirectory("chart-with-hooks-");
      try (var files = Files.walk(Repo.chart())) {
        for (Path source : files.toList()) {
          Path target = copy.resolve(Repo.chart().relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else if (source.startsWith(Repo.chart().resolve("templates"))) {
            Files.writeString(target, Files.readString(source).replace(HOOK, HIDDEN_HOOK));
          } else {
            Files.copy(source, target);
          }
        }
      }
      String rendered = render(new Helm(copy), overrides);
      return new Manifests(Repo.documents(rendered.replace(HIDDEN_HOOK, HOOK)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String HOOK = "helm.sh/hook";
  private static final String HIDDEN_HOOK = "rendered-by-test.ovdfailover.io/hook";

  static Manifests renderDefaults() {
    return renderObjects(Map.of());
  }

  private static Path valuesFile(Map<String, Object> overrides) {
    try {
      Path file = Files.createTempFile("values-", ".yaml");
      file.toFile().deleteOnExit();
      Repo.YAML.writeValue(file.toFile(), overrides);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
