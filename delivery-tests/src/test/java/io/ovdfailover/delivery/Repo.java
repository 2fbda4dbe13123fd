package io.ovdfailover.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Paths of the delivered files in the repository, and YAML reading shared by the delivery tests.
 */
final class Repo {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  private Repo() {}

  /** The repository's top directory (set by the pom; the module's parent when run from an IDE). */
  static Path root() {
    String configured = System.getProperty("project.rootdir");
    Path root = configured != null ? Path.of(configured) : Path.of("..");
    return root.toAbsolutePath().normalize();
  }

  static Path chart() {
    return root().resolve("charts/ovd-failover-operator");
  }

  static Path deploy() {
    return root().resolve("deploy");
  }

  /**
   * The CRDs of record: the committed top-level {@code crds/} when it exists, else the files the
   * operator build generates (the top-level copy is made by another part of the build and may be
   * missing on a branch).
   */
  static Path crdSource() {
    Path committed = root().resolve("crds");
    if (Files.isDirectory(committed) && !crdFiles(committed).isEmpty()) {
      return committed;
    }
    return root().resolve("operator/target/classes/META-INF/fabric8");
  }

  /** The CRD manifests in a directory, sorted by file name. */
  static List<Path> crdFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
          .filter(p -> !p.getFileName().toString().startsWith("kustomization."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every non-empty document of a multi-document YAML text. */
  static List<JsonNode> documents(String yaml) {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  static List<JsonNode> documents(Path file) {
    try {
      return documents(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
