package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer unpacking ImageIT relies on, on small images made here with tar. */
class ImageTarballTest {
  @TempDir Path tmp;

  /** A layer tar of the given files (name, content; content null: an empty directory). */
  private Path layer(String name, boolean gzip, String... files) throws IOException {
    Path dir = tmp.resolve("src-" + name);
    Files.createDirectories(dir);
    for (int i = 0; i < files.length; i += 2) {
      Path f = dir.resolve(files[i]);
      if (files[i + 1] == null) {
        Files.createDirectories(f);
      } else {
        Files.createDirectories(f.getParent());
        Files.writeString(f, files[i + 1]);
      }
    }
    Path tar = tmp.resolve(name + (gzip ? ".tar.gz" : ".tar"));
    Tools.runOk(dir, "tar", gzip ? "-czf" : "-cf", tar.toString(), "-C", dir.toString(), ".");
    return tar;
  }

  @Test
  void laysLayersInOrderWithWhiteoutsAndOpaqueDirectories() throws IOException {
    Path base =
        layer(
            "base",
            false,
            "etc/a",
            "1",
            "etc/b",
            "1",
            "opt/old/x",
            "1",
            "opt/keep",
            "1",
            "gone/deep/file",
            "1",
            "var/empty",
            null);
    Path app =
        layer(
            "app",
            true,
            "etc/b",
            "2",
            "etc/.wh.a",
            "",
            "opt/.wh..wh..opq",
            "",
            "opt/new",
            "2",
            ".wh.gone",
            "",
            "app/main.jar",
            "2");
    Path top = layer("top", true, "etc/.wh.never-there", "", "app/.wh.main.jar", "");

    Path root = tmp.resolve("root");
    ImageTarball.unpack(List.of(base, app, top), root);

    assertThat(root.resolve("etc/a")).doesNotExist();
    assertThat(root.resolve("etc/b")).hasContent("2");
    assertThat(root.resolve("opt/old")).doesNotExist();
    assertThat(root.resolve("opt/keep")).doesNotExist();
    assertThat(root.resolve("opt/new")).hasContent("2");
    assertThat(root.resolve("gone")).doesNotExist();
    assertThat(root.resolve("app/main.jar")).doesNotExist();
    assertThat(root.resolve("app")).isDirectory();
    assertThat(root.resolve("var/empty")).isDirectory();
    try (var all = Files.walk(root)) {
      assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".wh."));
    }
  }

  @Test
  void readsTheManifestOfADockerFormatTarball() throws IOException {
    Path image = tmp.resolve("image");
    Files.createDirectories(image);
    Files.copy(layer("l1", true, "a", "1"), image.resolve("l1.tar.gz"));
    Files.copy(layer("l2", false, "b", "2"), image.resolve("l2.tar"));
    Files.writeString(image.resolve("c.json"), "{\"config\":{\"User\":\"65532:65532\"}}");
    Files.writeString(
        image.resolve("manifest.json"),
        "[{\"Config\":\"c.json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"l1.tar.gz\",\"l2.tar\"]}]");
    Path tarball = tmp.resolve("image.tar");
    Tools.runOk(image, "tar", "-cf", tarball.toString(), "-C", image.toString(), ".");

    ImageTarball.Image read = ImageTarball.open(tarball, tmp.resolve("opened"));
    assertThat(read.config().at("/config/User").asText()).isEqualTo("65532:65532");
    assertThat(read.layers())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("l1.tar.gz", "l2.tar");
    ImageTarball.unpack(read.layers(), tmp.resolve("root"));
    assertThat(tmp.resolve("root/a")).hasContent("1");
    assertThat(tmp.resolve("root/b")).hasContent("2");
  }

  @Test
  void refusesEntriesOutsideTheRoot() {
    assertThat(ImageTarball.normalize("./usr/bin/")).isEqualTo("usr/bin");
    assertThat(ImageTarball.normalize("/etc/.wh.a")).isEqualTo("etc/.wh.a");
    assertThatThrownBy(() -> ImageTarball.normalize("etc/../../host"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
