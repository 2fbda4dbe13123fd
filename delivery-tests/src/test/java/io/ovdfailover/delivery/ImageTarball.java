package io.ovdfailover.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * An image tarball in the Docker format (`docker save`, Jib's buildTar): manifest.json, the config
 * and the layers, each a tar (plain or gzip). {@link #unpack} lays the layers over one another in
 * order into a root directory as a container runtime does, whiteouts included: {@code .wh.NAME}
 * removes NAME of the layers below, {@code .wh..wh..opq} empties its directory of them. Uses the
 * machine's GNU tar.
 */
final class ImageTarball {
  static final String WHITEOUT = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";

  /** The image's config (Entrypoint, User, ... under "config") and its layer files, in order. */
  record Image(JsonNode config, List<Path> layers) {}

  private ImageTarball() {}

  /** Extracts the tarball into dir and reads its manifest (the first image in it). */
  static Image open(Path tarball, Path dir) throws IOException {
    Files.createDirectories(dir);
    Tools.runOk(dir, "tar", "-xf", tarball.toAbsolutePath().toString(), "-C", dir.toString());
    JsonNode manifest = Repo.JSON.readTree(dir.resolve("manifest.json").toFile()).get(0);
    List<Path> layers = new ArrayList<>();
    manifest.get("Layers").forEach(l -> layers.add(inside(dir, l.asText())));
    return new Image(
        Repo.JSON.readTree(inside(dir, manifest.get("Config").asText()).toFile()), layers);
  }

  /** Lays the layers, in order, into root. */
  static void unpack(List<Path> layers, Path root) throws IOException {
    Files.createDirectories(root);
    for (Path layer : layers) {
      String listing = Tools.runOk(root, "tar", "-tf", layer.toAbsolutePath().toString());
      // whiteouts hide what the layers below have: applied before this layer's own files land
      for (String entry : listing.lines().toList()) {
        String path = normalize(entry);
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!name.startsWith(WHITEOUT)) {
          continue;
        }
        String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        Path dir = parent.isEmpty() ? root : root.resolve(parent);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        checkInside(root, dir);
        if (name.equals(OPAQUE)) {
          try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
              delete(child);
            }
          }
        } else {
          delete(dir.resolve(name.substring(WHITEOUT.length())));
        }
      }
      Tools.runOk(
          root,
          "tar",
          "-xf",
          layer.toAbsolutePath().toString(),
          "-C",
          root.toString(),
          "--numeric-owner",
          "--exclude=" + WHITEOUT + "*");
    }
  }

  /** An entry's path relative to the root: no leading ./ or /, no "..". */
  static String normalize(String entry) {
    String path = entry;
    while (path.startsWith("./") || path.startsWith("/")) {
      path = path.substring(path.startsWith("./") ? 2 : 1);
    }
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (List.of(path.split("/")).contains("..")) {
      throw new IllegalArgumentException("layer entry outside the root: " + entry);
    }
    return path;
  }

  /**
   * A whiteout's directory resolved through no symbolic link out of the root (they are absolute).
   */
  private static void checkInside(Path root, Path dir) throws IOException {
    if (!dir.toRealPath().startsWith(root.toRealPath())) {
      throw new IllegalStateException(dir + " leads out of the image root " + root);
    }
  }

  private static void delete(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static Path inside(Path dir, String name) {
    Path file = dir.resolve(normalize(name));
    if (!Files.isRegularFile(file)) {
      throw new UncheckedIOException(new IOException(name + " is not in the image tarball"));
    }
    return file;
  }
}
