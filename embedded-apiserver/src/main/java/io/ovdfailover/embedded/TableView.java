package io.ovdfailover.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side printing: turns an object or a list into the {@code meta.k8s.io/v1 Table} that {@code
 * kubectl get} asks for ({@code Accept: application/json;as=Table;...}). Custom resources get the
 * CRD's additionalPrinterColumns, everything else NAME and AGE, as a real API server does.
 */
final class TableView {
  /** One printer column of a CRD (or the default Age column). */
  record Column(
      String name, String type, String format, String description, int priority, String jsonPath) {}

  static final List<Column> DEFAULT_COLUMNS =
      List.of(
          new Column(
              "Age",
              "date",
              "",
              "CreationTimestamp is a timestamp representing the server time when this object "
                  + "was created.",
              0,
              ".metadata.creationTimestamp"));

  /**
   * Events as `kubectl get events` prints them from a real API server (OBJECT shows the name only).
   */
  static final List<Column> EVENT_COLUMNS =
      List.of(
          new Column("Last Seen", "date", "", "Time of the last occurrence.", 0, ".lastTimestamp"),
          new Column("Type", "string", "", "Normal or Warning.", 0, ".type"),
          new Column("Reason", "string", "", "Why the event was recorded.", 0, ".reason"),
          new Column(
              "Object", "string", "", "The object the event is about.", 0, ".involvedObject.name"),
          new Column("Message", "string", "", "Human-readable description.", 0, ".message"));

  private final ObjectMapper json;
  private final Clock clock;

  TableView(ObjectMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  /** Columns of a CRD's served version, or the defaults when it declares none. */
  static List<Column> columnsOf(JsonNode crd, String version) {
    JsonNode columns = null;
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        columns = v.get("additionalPrinterColumns");
      }
    }
    if (columns == null || columns.isEmpty()) {
      return DEFAULT_COLUMNS;
    }
    List<Column> result = new ArrayList<>();
    for (JsonNode c : columns) {
      result.add(
          new Column(
              c.path("name").asText(),
              c.path("type").asText("string"),
              c.path("format").asText(""),
              c.path("description").asText(""),
              c.path("priority").asInt(0),
              c.path("jsonPath").asText()));
    }
    return result;
  }

  /**
   * @param body an object or a list, as the CRUD store returns it
   * @param includeObject None, Object or PartialObjectMetadata (the {@code includeObject} query
   *     parameter)
   */
  ObjectNode render(JsonNode body, List<Column> columns, String includeObject) {
    ObjectNode table =
        json.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    if (body.path("metadata").has("resourceVersion")) {
      metadata.put("resourceVersion", body.path("metadata").path("resourceVersion").asText());
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions
        .addObject()
        .put("name", "Name")
        .put("type", "string")
        .put("format", "name")
        .put("description", "Name must be unique within a namespace.")
        .put("priority", 0);
    List<PrinterColumnPath> paths = new ArrayList<>();
    for (Column c : columns) {
      definitions
          .addObject()
          .put("name", c.name())
          .put("type", c.type())
          .put("format", c.format())
          .put("description", c.description())
          .put("priority", c.priority());
      paths.add(PrinterColumnPath.parse(c.jsonPath()));
    }
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> objects = new ArrayList<>();
    if (body.has("items")) {
      body.path("items").forEach(objects::add);
    } else {
      objects.add(body);
    }
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(object.path("metadata").path("name").asText());
      for (int i = 0; i < columns.size(); i++) {
        cells.add(cell(columns.get(i).type(), paths.get(i).first(object)));
      }
      if ("Object".equals(includeObject)) {
        row.set("object", object);
      } else if (!"None".equals(includeObject)) {
        row.putObject("object")
            .put("kind", "PartialObjectMetadata")
            .put("apiVersion", "meta.k8s.io/v1")
            .set("metadata", object.path("metadata"));
      }
    }
    return table;
  }

  private JsonNode cell(String type, JsonNode value) {
    if (value == null) {
      return json.nullNode();
    }
    switch (type) {
      case "date":
        try {
          return json.getNodeFactory()
              .textNode(
                  humanDuration(Duration.between(Instant.parse(value.asText()), clock.instant())));
        } catch (DateTimeParseException e) {
          return json.getNodeFactory().textNode("<invalid>");
        }
      case "integer":
        return value.isNumber()
            ? json.getNodeFactory().numberNode(value.asLong())
            : json.nullNode();
      case "number":
        return value.isNumber() ? value : json.nullNode();
      case "boolean":
        return value.isBoolean() ? value : json.nullNode();
      default:
        return json.getNodeFactory()
            .textNode(value.isValueNode() ? value.asText() : value.toString());
    }
  }

  /**
   * The AGE format of kubectl (apimachinery's HumanDuration): 45s, 5m3s, 95m, 4h20m, 3d5h, 400d,
   * 2y30d.
   */
  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return withRest(minutes, "m", seconds % 60, "s");
    } else if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return withRest(hours, "h", minutes % 60, "m");
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      return withRest(hours / 24, "d", hours % 24, "h");
    } else if (hours < 24 * 365 * 2) {
      return (hours / 24) + "d";
    } else if (hours < 24 * 365 * 8) {
      return withRest(hours / 24 / 365, "y", (hours / 24) % 365, "d");
    }
    return (hours / 24 / 365) + "y";
  }

  private static String withRest(long major, String majorUnit, long rest, String restUnit) {
    return rest == 0 ? major + majorUnit : major + majorUnit + rest + restUnit;
  }
}
