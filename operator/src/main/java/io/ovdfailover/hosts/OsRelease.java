package io.ovdfailover.hosts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of /etc/os-release that matter: {@code ID}, {@code VERSION_ID}, {@code PRETTY_NAME},
 * {@code ID_LIKE}.
 */
public record OsRelease(
    String id, String versionId, String prettyName, String idLike, Map<String, String> all) {
  public OsRelease {
    all = Map.copyOf(all);
  }

  /**
   * Parses os-release syntax: {@code KEY=value}, {@code KEY="value"} or {@code KEY='value'}, #
   * comments.
   */
  public static OsRelease parse(String text) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      int eq = line.indexOf('=');
      if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
        continue;
      }
      kv.put(line.substring(0, eq), unquote(line.substring(eq + 1)));
    }
    if (!kv.containsKey("ID")) {
      throw new FactsFormatException("os-release has no ID= line");
    }
    return new OsRelease(
        kv.get("ID").toLowerCase(),
        kv.getOrDefault("VERSION_ID", ""),
        kv.getOrDefault("PRETTY_NAME", kv.get("ID")),
        kv.getOrDefault("ID_LIKE", ""),
        kv);
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && (v.charAt(0) == '"' || v.charAt(0) == '\'')
        && v.charAt(v.length() - 1) == v.charAt(0)) {
      v = v.substring(1, v.length() - 1);
    }
    return v.replace("\\\"", "\"").replace("\\$", "$").replace("\\\\", "\\");
  }

  /** {@code ID=debian VERSION_ID=12}: how messages name the distribution. */
  public String describe() {
    return "os-release ID=" + id + " VERSION_ID=" + (versionId.isEmpty() ? "(none)" : versionId);
  }
}
