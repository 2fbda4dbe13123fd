package io.ovdfailover.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the scripts of one scenario under e2e/scenarios on lab nodes, as an admin would type them:
 * each script is the command ({@code sh -c}, it holds no secret), its values the environment, a
 * secret its stdin.
 */
final class ScenarioScripts {
  private final Lab lab;
  private final Path dir;

  /** One line per script run: node, script, seconds. */
  final List<String> log = new ArrayList<>();

  /**
   * @param dir the scenario's folder, e.g. {@code scenarios/hand-built}
   */
  ScenarioScripts(Lab lab, Path dir) {
    this.lab = lab;
    this.dir = dir;
  }

  /** Runs {@code script} on {@code node}; returns its stdout, throws naming it when it fails. */
  String run(String node, String script, Map<String, String> env, String secret) {
    String text;
    try {
      text = Files.readString(dir.resolve(script));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder command = new StringBuilder();
    env.forEach((k, v) -> command.append(k).append('=').append(quote(v)).append(' '));
    command.append("sh -c ").append(quote(text));
    long t0 = System.nanoTime();
    Lab.Result r =
        secret == null
            ? lab.exec(node, command.toString())
            : lab.exec(node, command.toString(), secret + "\n");
    log.add(String.format("%-5s %-26s %6.1f s", node, script, (System.nanoTime() - t0) / 1e9));
    if (!r.ok()) {
      throw new IllegalStateException(
          dir.getFileName() + " scenario: " + script + " failed on " + node + ": " + r);
    }
    return r.stdout();
  }

  static String lastLine(String s) {
    String[] lines = s.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  static Map<String, String> env(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
