package io.ovdfailover.steps.database;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Session Manager configuration ({@code /var/spool/ovd/session-manager/config}), edited as
 * JSON: the guide warns that a broken file breaks the Session Manager, so the three {@code
 * general.sql} keys are set on the parsed tree and every other key keeps its value and its place.
 * The guide shows flat keys ({@code "general.sql.host": ...}); nested objects ({@code general → sql
 * → host}) are handled too.
 */
public final class SessionManagerConfig {
  // Exact decimals: a number is written back as it was read (no 1.10 -> 1.1 or float rounding).
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final ObjectNode root;
  private final boolean pretty;

  private SessionManagerConfig(ObjectNode root, boolean pretty) {
    this.root = root;
    this.pretty = pretty;
  }

  /**
   * Parses the file. The error message gives only the position: Jackson's own messages quote tokens
   * of the input, which could be the password.
   */
  public static SessionManagerConfig parse(byte[] json, String what) throws MigrationException {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      String at =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new MigrationException(
          MigrationException.Reason.CONFIG_INVALID, what + " is not valid JSON" + at);
    } catch (IOException e) {
      throw new MigrationException(
          MigrationException.Reason.CONFIG_INVALID, what + " could not be read");
    }
    if (!(node instanceof ObjectNode obj)) {
      throw new MigrationException(
          MigrationException.Reason.CONFIG_INVALID, what + " is not a JSON object");
    }
    boolean pretty = new String(json, StandardCharsets.UTF_8).strip().contains("\n");
    return new SessionManagerConfig(obj, pretty);
  }

  /**
   * The value of a dotted key such as {@code general.sql.host}, flat or nested; null when absent.
   */
  public String get(String dottedKey) {
    JsonNode flat = root.get(dottedKey);
    if (flat != null) {
      return flat.isNull() ? null : flat.asText();
    }
    JsonNode n = root;
    for (String part : dottedKey.split("\\.")) {
      n = n == null ? null : n.get(part);
    }
    return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
  }

  public SqlSettings sql() {
    return new SqlSettings(
        get("general.sql.host"),
        get("general.sql.user"),
        get("general.sql.password"),
        get("general.sql.database"));
  }

  /** A copy with these dotted keys set as strings; everything else unchanged. */
  public SessionManagerConfig with(Map<String, String> values) {
    ObjectNode copy = root.deepCopy();
    values.forEach((key, value) -> set(copy, key, value));
    return new SessionManagerConfig(copy, pretty);
  }

  /** A copy pointing at the target: host, user, password, and the database name when it differs. */
  public SessionManagerConfig pointedAt(TargetDatabase target) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("general.sql.host", target.host());
    values.put("general.sql.user", target.credentials().user());
    values.put("general.sql.password", target.credentials().password());
    if (!target.name().equals(get("general.sql.database"))) {
      values.put("general.sql.database", target.name());
    }
    return with(values);
  }

  private static void set(ObjectNode root, String dottedKey, String value) {
    if (root.has(dottedKey)) {
      root.put(dottedKey, value);
      return;
    }
    String[] parts = dottedKey.split("\\.");
    ObjectNode parent = root;
    for (int i = 0; i < parts.length - 1 && parent != null; i++) {
      JsonNode child = parent.get(parts[i]);
      parent = child instanceof ObjectNode o ? o : null;
    }
    if (parent != null) {
      parent.put(parts[parts.length - 1], value);
    } else {
      root.put(dottedKey, value); // the guide's flat form
    }
  }

  /** The file content, in the layout (pretty or single line) the original had. */
  public byte[] toBytes() {
    try {
      String text =
          pretty
              ? MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n"
              : MAPPER.writeValueAsString(root);
      return text.getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a parsed JSON tree", e);
    }
  }

  /** The tree, for comparisons in tests and checks. */
  public JsonNode tree() {
    return root.deepCopy();
  }

  @Override
  public String toString() {
    return "SessionManagerConfig["
        + root.size()
        + " keys]"; // never the content: it holds the password
  }
}
