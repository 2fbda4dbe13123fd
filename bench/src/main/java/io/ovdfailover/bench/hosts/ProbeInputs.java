package io.ovdfailover.bench.hosts;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one facts probe asks, read back from the script the operator sent: its inputs are shell
 * assignments in front of the probe's text ({@code T=...}, {@code PKGS=...}, ... {@code
 * CLUSTER=...}, see the operator's {@code FactsProbe.script}), each value bare or single-quoted.
 *
 * @param token the probe's random token, which every section marker of the answer must carry
 * @param lines line queries as sent: path, line and optional prefix separated by tabs
 * @param knownStamps the change stamps the operator sent back (K_PKG, K_CIB: its {@code
 *     FactsMemory}), by input name; empty values left out
 */
public record ProbeInputs(
    String token,
    List<String> packages,
    List<String> units,
    List<String> paths,
    List<String> lines,
    List<String> publicFiles,
    List<String> stamps,
    List<String> tails,
    boolean pacemakerState,
    boolean clusterState,
    Map<String, String> knownStamps) {

  /** The first line of the probe's own text, after the inputs (facts-probe.sh). */
  static final String PROBE_MARK = "# ovd-failover facts probe";

  private static final List<String> NAMES =
      List.of(
          "T",
          "PKGS",
          "UNITS",
          "PATHS",
          "LINES",
          "PUBLIC",
          "STAMPS",
          "TAILS",
          "TAILN",
          "MARK",
          "PACEMAKER",
          "CLUSTER",
          "K_PKG",
          "K_CIB");

  /** The inputs, or empty when the script is not the facts probe. */
  public static Optional<ProbeInputs> of(String script) {
    if (!script.startsWith("T=") || !script.contains(PROBE_MARK)) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    int at = 0;
    for (String name : NAMES) {
      String prefix = name + "=";
      if (!script.startsWith(prefix, at)) {
        throw new IllegalArgumentException("facts probe without input " + name);
      }
      at += prefix.length();
      StringBuilder value = new StringBuilder();
      // a value is single-quoted parts and \' escapes up to the end of its line (ShellQuote.quote)
      while (at < script.length() && script.charAt(at) != '\n') {
        char c = script.charAt(at);
        if (c == '\'') {
          int end = script.indexOf('\'', at + 1);
          if (end < 0) {
            throw new IllegalArgumentException("unterminated quote in input " + name);
          }
          value.append(script, at + 1, end);
          at = end + 1;
        } else if (c == '\\' && at + 1 < script.length()) {
          value.append(script.charAt(at + 1));
          at += 2;
        } else {
          value.append(c);
          at++;
        }
      }
      at++; // the newline
      values.put(name, value.toString());
    }
    return Optional.of(
        new ProbeInputs(
            values.get("T"),
            words(values.get("PKGS")),
            words(values.get("UNITS")),
            lines(values.get("PATHS")),
            lines(values.get("LINES")),
            lines(values.get("PUBLIC")),
            lines(values.get("STAMPS")),
            lines(values.get("TAILS")),
            !values.get("PACEMAKER").isEmpty(),
            !values.get("CLUSTER").isEmpty(),
            Map.of(
                    "K_PKG", values.get("K_PKG"),
                    "K_CIB", values.get("K_CIB"))
                .entrySet()
                .stream()
                .filter(e -> !e.getValue().isEmpty())
                .collect(
                    java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
  }

  private static List<String> words(String value) {
    return Arrays.stream(value.split(" ")).filter(s -> !s.isEmpty()).toList();
  }

  private static List<String> lines(String value) {
    return Arrays.stream(value.split("\n")).filter(s -> !s.isEmpty()).toList();
  }
}
