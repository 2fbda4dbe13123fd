package io.ovdfailover.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool the build machine has (kubectl, lua5.1), with a deadline. */
final class Tools {
  record Run(int exitCode, String stdout, String stderr) {}

  private Tools() {}

  static Run run(Path workDir, String... command) {
    try {
      Path out = Files.createTempFile("tool-", ".out");
      Path err = Files.createTempFile("tool-", ".err");
      try {
        Process p =
            new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
        }
        return new Run(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new AssertionError(
          String.join(" ", command)
              + " could not start ("
              + e.getMessage()
              + "); .ci/run installs it",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static String runOk(Path workDir, String... command) {
    Run r = run(workDir, command);
    if (r.exitCode() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited " + r.exitCode() + ": " + r.stderr());
    }
    return r.stdout();
  }

  static List<String> argv(String... parts) {
    return new ArrayList<>(List.of(parts));
  }
}
