package io.ovdfailover.embedded;

import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Where the real kubectl is, for the tests that drive the embedded server with it. */
final class KubectlBinary {
  private KubectlBinary() {}

  /** $KUBECTL, then /usr/bin/kubectl, then the first kubectl on PATH. */
  static Optional<String> find() {
    List<String> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv("KUBECTL")).ifPresent(candidates::add);
    candidates.add("/usr/bin/kubectl");
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      candidates.add(dir + "/kubectl");
    }
    return candidates.stream().filter(c -> Files.isExecutable(Path.of(c))).findFirst();
  }

  /**
   * The kubectl {@link #find} finds; without one the test fails ({@code why} says why it needs the
   * real one, if it has more to say), or is skipped when OVD_SKIP_KUBECTL=1.
   */
  static String require(String why) {
    Optional<String> found = find();
    if (found.isEmpty()) {
      Assumptions.assumeFalse(
          "1".equals(System.getenv("OVD_SKIP_KUBECTL")), "kubectl not found; OVD_SKIP_KUBECTL=1");
      fail(
          "kubectl is not installed (looked at $KUBECTL, /usr/bin/kubectl and PATH)"
              + why
              + ". Install it (e.g. `apt-get install kubernetes-client`, as .ci/run does) or set"
              + " OVD_SKIP_KUBECTL=1 to skip this test.");
    }
    return found.get();
  }

  /** The project's CRDs (deploy/crds under {@code root}), applied server-side. */
  static void installCrds(KubernetesClient client, Path root) throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("deploy/crds"))) {
      for (Path crd : files.sorted().toList()) {
        try (InputStream in = Files.newInputStream(crd)) {
          client.load(in).serverSideApply();
        }
      }
    }
  }
}
