package io.ovdfailover.embedded;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
}
