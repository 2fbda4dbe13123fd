package io.ovdfailover.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code kubectl describe} lists events with {@code fieldSelector=involvedObject.name=x,...}:
 * filter here.
 */
final class EventFilter {
  private EventFilter() {}

  static boolean applies(String path, Map<String, String> query) {
    return path.matches("^/api/v1/(namespaces/[^/]+/)?events$")
        && query.getOrDefault("fieldSelector", "").contains("involvedObject.");
  }

  static String unfilteredPath(String path, Map<String, String> query) {
    String labels = query.get("labelSelector");
    return labels == null
        ? path
        : path + "?labelSelector=" + java.net.URLEncoder.encode(labels, StandardCharsets.UTF_8);
  }

  static JsonNode filter(JsonNode list, Map<String, String> query) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (String requirement : query.get("fieldSelector").split(",")) {
      String[] kv = requirement.split("==?", 2);
      if (kv.length == 2 && kv[0].startsWith("involvedObject.")) {
        wanted.put(kv[0].substring("involvedObject.".length()), kv[1]);
      }
    }
    ObjectNode copy = ((ObjectNode) list).deepCopy();
    ArrayNode kept = copy.putArray("items");
    for (JsonNode event : list.path("items")) {
      boolean match =
          wanted.entrySet().stream()
              .allMatch(
                  w -> event.path("involvedObject").path(w.getKey()).asText().equals(w.getValue()));
      if (match) {
        kept.add(event);
      }
    }
    return copy;
  }
}
