package io.ovdfailover.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The subset of kubectl JSONPath that CRD printer columns use: {@code .a.b}, {@code [0]}, {@code
 * [*]} and equality filters {@code [?(@.type=="Ready")]}. A real API server evaluates these to
 * build the Table that {@code kubectl get} prints; the embedded server has to do the same or
 * kubectl shows only NAME and AGE.
 */
final class PrinterColumnPath {
  private final List<String> segments;

  private PrinterColumnPath(List<String> segments) {
    this.segments = segments;
  }

  static PrinterColumnPath parse(String path) {
    String p = path.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1);
    }
    List<String> segments = new ArrayList<>();
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
          end++;
        }
        if (end > i + 1) {
          segments.add(p.substring(i + 1, end));
        }
        i = end;
      } else if (c == '[') {
        int end = p.indexOf(']', i);
        if (end < 0) {
          throw new IllegalArgumentException("unbalanced [ in JSONPath " + path);
        }
        segments.add(p.substring(i, end + 1));
        i = end + 1;
      } else {
        throw new IllegalArgumentException("unsupported JSONPath " + path);
      }
    }
    return new PrinterColumnPath(segments);
  }

  /** The first value the path selects, or null when it selects nothing. */
  JsonNode first(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (String segment : segments) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        step(node, segment, next);
      }
      current = next;
    }
    for (JsonNode n : current) {
      if (n != null && !n.isMissingNode() && !n.isNull()) {
        return n;
      }
    }
    return null;
  }

  private static void step(JsonNode node, String segment, List<JsonNode> out) {
    if (!segment.startsWith("[")) {
      JsonNode child = node.get(segment);
      if (child != null) {
        out.add(child);
      }
      return;
    }
    String inner = segment.substring(1, segment.length() - 1).trim();
    if (!node.isArray()) {
      return;
    }
    if (inner.equals("*")) {
      node.forEach(out::add);
    } else if (inner.startsWith("?(") && inner.endsWith(")")) {
      Filter filter = Filter.parse(inner.substring(2, inner.length() - 1));
      node.forEach(
          element -> {
            if (filter.matches(element)) {
              out.add(element);
            }
          });
    } else {
      int index = Integer.parseInt(inner);
      JsonNode element = node.get(index < 0 ? node.size() + index : index);
      if (element != null) {
        out.add(element);
      }
    }
  }

  /** {@code @.field.sub=="value"} (or {@code !=}). */
  private record Filter(PrinterColumnPath field, String value, boolean equal) {
    static Filter parse(String expression) {
      boolean equal = !expression.contains("!=");
      String[] parts = expression.split(equal ? "==" : "!=", 2);
      String left = parts[0].trim();
      if (parts.length != 2 || !left.startsWith("@")) {
        throw new IllegalArgumentException("unsupported JSONPath filter " + expression);
      }
      String right = parts[1].trim();
      if (right.length() >= 2 && (right.startsWith("\"") || right.startsWith("'"))) {
        right = right.substring(1, right.length() - 1);
      }
      return new Filter(PrinterColumnPath.parse(left.substring(1)), right, equal);
    }

    boolean matches(JsonNode element) {
      JsonNode v = field.first(element);
      boolean same = v != null && v.asText().equals(value);
      return equal == same;
    }
  }
}
