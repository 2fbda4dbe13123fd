package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image recipe, checked up to where a container engine would take over (there is none on the
 * build machine): everything it copies exists after `mvn package`, the class it starts is in the
 * jar, and it runs as non-root without a shell. Runs in `mvn verify` (failsafe), after the operator
 * module has been packaged.
 */
class DockerfileIT {
  /** The image name the chart, deploy/ and docs/install.md use. */
  static final String IMAGE = "ghcr.io/ovdfailover/ovd-failover-operator";

  private static final Path DOCKERFILE = Repo.root().resolve("operator/Dockerfile");

  /** docker build context: the directory of the Dockerfile. */
  private static final Path CONTEXT = DOCKERFILE.getParent();

  /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
  static List<String> instructions() {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Repo.read(DOCKERFILE).lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
      } else {
        out.add(current.append(trimmed).toString().strip());
        current.setLength(0);
      }
    }
    return out.stream().filter(s -> !s.isEmpty()).toList();
  }

  static List<String> withKeyword(String keyword) {
    return instructions().stream().filter(i -> i.toUpperCase().startsWith(keyword + " ")).toList();
  }

  @Test
  void everythingTheImageCopiesExistsAfterMvnPackage() {
    List<String> copies = withKeyword("COPY");
    assertThat(copies).isNotEmpty();
    for (String copy : copies) {
      String[] words = copy.split("\\s+");
      String source = words[words.length - 2];
      Path path = CONTEXT.resolve(source);
      assertThat(path).as("%s (run `mvn package` first)", copy).exists();
      if (source.endsWith("/")) {
        try (var files = Files.list(path)) {
          assertThat(files.filter(f -> f.toString().endsWith(".jar")).count())
              .as(copy)
              .isGreaterThan(10);
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
    }
  }

  @Test
  void buildContextSendsOnlyWhatTheImageCopies() {
    // operator/.dockerignore excludes everything, then re-includes exactly the COPY sources: the
    // context stays
    // small (no sources, no test output) and nothing unexpected can land in the image.
    List<String> rules =
        Repo.read(CONTEXT.resolve(".dockerignore"))
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(rules.get(0)).isEqualTo("*");
    List<String> reincluded =
        rules.stream().filter(r -> r.startsWith("!")).map(r -> r.substring(1)).toList();
    List<String> sources =
        withKeyword("COPY").stream().map(c -> c.split("\\s+")).map(w -> w[w.length - 2]).toList();
    assertThat(reincluded).containsExactlyInAnyOrderElementsOf(sources);
  }

  @Test
  void startsTheOperatorMainClassOnTheCopiedClasspath() throws IOException {
    String entrypoint = withKeyword("ENTRYPOINT").get(0);
    JsonNode argv = Repo.JSON.readTree(entrypoint.substring("ENTRYPOINT".length()).strip());
    assertThat(argv.isArray()).as("exec form (the image has no shell): %s", entrypoint).isTrue();
    String mainClass = argv.get(argv.size() - 1).asText();
    String classpath = argv.get(argv.size() - 2).asText();
    assertThat(classpath).isEqualTo("/app/ovd-failover-operator.jar:/app/lib/*");
    assertThat(withKeyword("COPY"))
        .anyMatch(c -> c.endsWith(" /app/ovd-failover-operator.jar"))
        .anyMatch(c -> c.endsWith(" /app/lib/"));
    try (JarFile jar = new JarFile(CONTEXT.resolve("target/ovd-failover-operator.jar").toFile())) {
      assertThat(jar.getEntry(mainClass.replace('.', '/') + ".class"))
          .as("%s in the operator jar", mainClass)
          .isNotNull();
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(mainClass);
    }
  }

  /**
   * Package prefixes of test machinery: the embedded API server (module embedded-apiserver), the
   * mock server under it, and the CEL and JSON-schema evaluators of its admission.
   */
  static final List<String> TEST_MACHINERY =
      List.of(
          "io/ovdfailover/embedded/",
          "io/fabric8/kubernetes/client/server/mock/",
          "io/fabric8/mockwebserver/",
          "dev/cel/",
          "com/networknt/schema/");

  @Test
  void theImageCarriesNoTestMachinery() throws IOException {
    List<Path> jars = new ArrayList<>();
    jars.add(CONTEXT.resolve("target/ovd-failover-operator.jar"));
    try (var lib = Files.list(CONTEXT.resolve("target/lib"))) {
      lib.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
    }
    assertThat(jars.stream().map(j -> j.getFileName().toString()))
        .hasSizeGreaterThan(10)
        .noneMatch(
            name ->
                name.startsWith("kubernetes-server-mock")
                    || name.startsWith("mockwebserver")
                    || name.startsWith("cel-")
                    || name.startsWith("json-schema-validator")
                    || name.startsWith("ovd-failover-embedded"));
    for (Path file : jars) {
      try (JarFile jar = new JarFile(file.toFile())) {
        List<String> found =
            jar.stream()
                .map(e -> e.getName())
                .filter(name -> TEST_MACHINERY.stream().anyMatch(name::startsWith))
                .limit(3)
                .toList();
        assertThat(found).as("test machinery in %s", file.getFileName()).isEmpty();
      }
    }
  }

  @Test
  void runsAsNumericNonRootUserWithoutShellCommands() {
    List<String> users = withKeyword("USER");
    assertThat(users).hasSize(1);
    Matcher uid = Pattern.compile("USER (\\d+)(:(\\d+))?").matcher(users.get(0));
    assertThat(uid.matches())
        .as("numeric USER so runAsNonRoot can be verified: %s", users.get(0))
        .isTrue();
    assertThat(Integer.parseInt(uid.group(1))).isPositive();
    // The chart runs the pod with the same uid.
    JsonNode pod = Charts.renderDefaults().one("Deployment").at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsUser").asInt())
        .isEqualTo(Integer.parseInt(uid.group(1)));
    // Nothing runs at build time: the base image has no shell.
    assertThat(withKeyword("RUN")).isEmpty();
    assertThat(withKeyword("FROM")).singleElement().asString().contains("nonroot");
  }

  @Test
  void exposesTheMetricsPortOfTheChart() {
    int port = Charts.renderDefaults().operatorContainer().at("/ports/0/containerPort").asInt();
    assertThat(withKeyword("EXPOSE")).containsExactly("EXPOSE " + port);
  }

  @Test
  void installDocsBuildAndPushTheImageTheChartDeploys() {
    String docs = Repo.read(Repo.root().resolve("docs/install.md"));
    JsonNode chartYaml = Repo.documents(Repo.chart().resolve("Chart.yaml")).get(0);
    String tagged = IMAGE + ":" + chartYaml.path("appVersion").asText();
    assertThat(docs)
        .contains("docker build -t " + tagged + " operator/")
        .contains("podman build -t " + tagged + " operator/")
        .contains("push " + tagged);
    assertThat(Repo.read(DOCKERFILE)).contains("docker build -t " + tagged + " operator/");
  }
}
