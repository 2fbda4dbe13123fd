package io.ovdfailover.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Reads a spec so that no object, however malformed, can stop the operator: an object the API
 * server stored before a schema change, written past an older CRD, or handed over by a server
 * without admission would otherwise fail the informer's whole list, and JOSDK stops the operator
 * when an informer cannot start. A spec of the wrong shape is read as an empty spec that carries
 * the problem ({@link Unreadable}), named by its field path, and the validation reports it on that
 * object. Unknown fields are ignored (a real API server prunes them); quoted scalars ("24" for a
 * number, "true" for a boolean) are errors, as the CRD's schema makes them.
 */
public abstract class LenientSpec<T extends LenientSpec.Unreadable> extends StdDeserializer<T> {

  /** A spec that may carry the reason it could not be read. */
  public interface Unreadable {
    /** Field path and problem, when the object's spec could not be read; null when it was. */
    String unreadable();

    void unreadable(String problem);
  }

  /**
   * What a spec class extends to carry the marker (never serialized, never in the CRD's schema).
   */
  public abstract static class Marked implements Unreadable {
    @com.fasterxml.jackson.annotation.JsonIgnore private String unreadable;

    @Override
    public String unreadable() {
      return unreadable;
    }

    @Override
    public void unreadable(String problem) {
      this.unreadable = problem;
    }
  }

  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();
  private static final int MAX_PROBLEM = 300;

  private final Class<T> type;
  private final Supplier<T> empty;

  protected LenientSpec(Class<T> type, Supplier<T> empty) {
    super(type);
    this.type = type;
    this.empty = empty;
  }

  @Override
  public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonNode tree = p.readValueAsTree();
    try {
      return STRICT.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      T spec = empty.get();
      spec.unreadable(describe(e));
      return spec;
    }
  }

  /** "spec.quorumNodes: a list is expected, found an object", without Java class names. */
  static String describe(JsonMappingException e) {
    StringBuilder path = new StringBuilder("spec");
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        path.append('.').append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String what;
    if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f
        && f.getTargetType() != null
        && f.getTargetType().isEnum()) {
      // the values the schema's enum lists, in the API's order
      what =
          "'"
              + f.getValue()
              + "' is not one of "
              + java.util.Arrays.stream(f.getTargetType().getEnumConstants())
                  .map(String::valueOf)
                  .collect(java.util.stream.Collectors.joining(", "));
    } else if (m.contains("from Array value") || m.contains("START_ARRAY")) {
      what = "a list is not expected here";
    } else if (m.contains("from Object value") || m.contains("START_OBJECT")) {
      what = "an object is not expected here";
    } else if (m.contains("Cannot coerce String") || m.contains("from String value")) {
      what = "a string (quoted value) where another type is expected";
    } else if (m.contains("Cannot coerce") || m.contains("Cannot deserialize value of type")) {
      what = "a value of the wrong type";
    } else {
      what = m.lines().findFirst().orElse("unreadable");
    }
    String problem = path + ": " + what;
    return problem.length() > MAX_PROBLEM ? problem.substring(0, MAX_PROBLEM) + "..." : problem;
  }
}
