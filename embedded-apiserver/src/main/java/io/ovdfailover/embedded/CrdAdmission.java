package io.ovdfailover.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the API server does with a custom resource before storing it, for one version of one CRD:
 * unknown fields are pruned (unless {@code x-kubernetes-preserve-unknown-fields}), nulls of
 * non-nullable fields dropped, defaults applied, then the structural schema is checked and every
 * {@code x-kubernetes-validations} rule is evaluated with a real CEL implementation, {@code self}
 * bound to the value at the rule's place. Errors read as the API server writes them ({@code
 * spec.vip.address: Invalid value: "x": spec.vip.address in body should match '...'}); a rule's
 * {@code fieldPath} and {@code reason} place and word its error as the API server's do ({@code
 * spec.ssh.hostKey: Required value: ...}).
 *
 * <p>Not done: transition rules ({@code oldSelf}; refused when the CRD is read, the project's CRDs
 * have none), {@code messageExpression}, {@code format}, and the Kubernetes CEL libraries beyond
 * the strings extension (IP/CIDR, quantity, URL). Used by the embedded server and by the operator's
 * tests of its CRDs, so that both see the same verdicts.
 */
public final class CrdAdmission {

  /**
   * One x-kubernetes-validations rule of the CRD, compiled.
   *
   * @param fieldPath the rule's {@code fieldPath} normalized as the API server does ({@code
   *     .vip['address']} becomes {@code vip.address}), empty when the rule has none: a failure is
   *     reported at the rule's place followed by this path
   * @param reason the rule's {@code reason}: FieldValueInvalid (the default), FieldValueRequired,
   *     FieldValueForbidden or FieldValueDuplicate, which decides how the failure reads
   */
  public record Rule(
      String schemaPath,
      String expression,
      String message,
      String fieldPath,
      String reason,
      CelRuntime.Program program) {}

  /** The reasons a rule may give (apiextensions' FieldValueErrorReason). */
  static final Set<String> RULE_REASONS =
      Set.of(
          "FieldValueInvalid", "FieldValueRequired", "FieldValueForbidden", "FieldValueDuplicate");

  /** One error, as the API server reports it in a Status's {@code details.causes}. */
  public record Cause(String reason, String field, String message) {
    @Override
    public String toString() {
      return field.isEmpty() ? message : field + ": " + message;
    }
  }

  /**
   * The object as it would be stored (pruned, defaulted), the paths of the unknown fields pruned,
   * and the errors: none when the API server would accept it.
   */
  public record Result(ObjectNode object, List<String> pruned, List<Cause> causes) {
    public boolean accepted() {
      return causes.isEmpty();
    }
  }

  static final String NOT_CHECKED =
      "some validation rules were not checked because the object was invalid; "
          + "correct the existing errors to complete validation";

  /**
   * Schema errors after which the API server does not evaluate CEL rules, because the rules may
   * assume the shape (apiextensions-apiserver's hasBlockingErr).
   */
  private static final Set<String> BLOCKING =
      Set.of(
          "FieldValueRequired",
          "FieldValueTypeInvalid",
          "FieldValueNotSupported",
          "FieldValueTooLong",
          "FieldValueTooMany");

  /** Kept at the root whatever the schema says: the API server handles them itself. */
  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          // has(), all(), exists(), exists_one(), map(), filter()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addCompilerLibraries(CelExtensions.strings())
          .addRuntimeLibraries(CelExtensions.strings())
          .addVar("self", SimpleType.DYN)
          .build();

  private final String kind;
  private final String group;
  private final JsonNode schema;
  private final List<Rule> rules = new ArrayList<>();
  private final Map<JsonNode, List<Rule>> rulesBySchema = new IdentityHashMap<>();
  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();
  private final SchemaTypes types = new SchemaTypes();

  /** The CRD's first version. */
  public CrdAdmission(JsonNode crd) {
    this(crd, crd.path("spec").path("versions").path(0).path("name").asText());
  }

  /**
   * @throws IllegalArgumentException when the version has no schema, or a rule does not compile or
   *     type-check against it (the API server would refuse such a CRD)
   */
  public CrdAdmission(JsonNode crd, String version) {
    this.kind = crd.path("spec").path("names").path("kind").asText();
    this.group = crd.path("spec").path("group").asText();
    JsonNode found = null;
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        found = v.path("schema").path("openAPIV3Schema");
      }
    }
    if (found == null || !found.isObject()) {
      throw new IllegalArgumentException("the CRD has no schema for version " + version);
    }
    this.schema = found;
    types.declare(schema, "crd");
    compileRules(schema, "");
  }

  /** A CRD from the class path ({@code META-INF/fabric8/<fileName>}, where fabric8 writes them). */
  public static CrdAdmission fromClasspath(String fileName) {
    String name = "META-INF/fabric8/" + fileName;
    try (InputStream in = CrdAdmission.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " not on the class path: run mvn process-classes");
      }
      return new CrdAdmission(YAML.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(name, e);
    }
  }

  /** {@code OvdFailoverCluster.ovdfailover.io}, as the API server names the kind in errors. */
  public String qualifiedKind() {
    return kind + "." + group;
  }

  public String kind() {
    return kind;
  }

  public String group() {
    return group;
  }

  public List<Rule> rules() {
    return rules;
  }

  /** The errors only (empty: the API server would accept the object). */
  public List<Cause> validate(JsonNode resource) {
    return admit(resource).causes();
  }

  /** Prunes, defaults and validates a copy of the object. */
  public Result admit(JsonNode resource) {
    if (!(resource instanceof ObjectNode)) {
      return new Result(
          null, List.of(), List.of(new Cause("FieldValueInvalid", "", "not a JSON object")));
    }
    ObjectNode object = ((ObjectNode) resource).deepCopy();
    List<String> pruned = new ArrayList<>();
    prune(schema, object, "", pruned);
    applyDefaults(schema, object);
    List<Cause> causes = new ArrayList<>();
    validate(schema, object, "", causes);
    if (causes.stream().anyMatch(c -> BLOCKING.contains(c.reason()))) {
      // a field.Invalid without a path, printed by the API server as <nil>
      causes.add(
          new Cause("FieldValueInvalid", "<nil>", "Invalid value: \"null\": " + NOT_CHECKED));
    } else {
      evaluateRules(schema, object, "", causes);
    }
    return new Result(object, pruned, causes);
  }

  // ---- pruning: fields the schema does not know are dropped, not refused ----

  private static void prune(JsonNode schema, JsonNode value, String path, List<String> pruned) {
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      List<String> unknown = new ArrayList<>();
      object
          .fields()
          .forEachRemaining(
              field -> {
                String name = field.getKey();
                if (path.isEmpty() && ROOT_FIELDS.contains(name)) {
                  return; // metadata is the API server's business, not the schema's
                }
                if (properties.has(name)) {
                  prune(properties.get(name), field.getValue(), child(path, name), pruned);
                } else if (additional.isObject()) {
                  prune(additional, field.getValue(), key(path, name), pruned);
                } else if (!preserve && !additional.asBoolean(false)) {
                  unknown.add(name);
                }
              });
      unknown.forEach(name -> pruned.add(child(path, name)));
      object.remove(unknown);
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      for (int i = 0; i < array.size(); i++) {
        prune(schema.get("items"), array.get(i), path + "[" + i + "]", pruned);
      }
    }
  }

  // ---- defaulting: nulls of non-nullable fields dropped, then defaults where a field is absent
  // ----

  private static void applyDefaults(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object) {
      schema
          .path("properties")
          .fields()
          .forEachRemaining(
              property -> {
                String name = property.getKey();
                JsonNode propertySchema = property.getValue();
                JsonNode current = object.get(name);
                if (current != null
                    && current.isNull()
                    && !propertySchema.path("nullable").asBoolean(false)) {
                  object.remove(name);
                }
                if (!object.has(name) && propertySchema.has("default")) {
                  object.set(name, propertySchema.get("default").deepCopy());
                }
                if (object.has(name)) {
                  applyDefaults(propertySchema, object.get(name));
                }
              });
      JsonNode additional = schema.path("additionalProperties");
      if (additional.isObject()) {
        object.forEach(v -> applyDefaults(additional, v));
      }
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      array.forEach(item -> applyDefaults(schema.get("items"), item));
    }
  }

  // ---- the structural schema ----

  private void validate(JsonNode schema, JsonNode value, String path, List<Cause> causes) {
    String field = path.isEmpty() ? "<root>" : path;
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false) && schema.has("type")) {
        causes.add(typeInvalid(path, value, schema.path("type").asText()));
      }
      return;
    }
    String type = schema.path("type").asText("");
    boolean intOrString =
        schema.path("x-kubernetes-int-or-string").asBoolean(false)
            && (value.isIntegralNumber() || value.isTextual());
    if (!type.isEmpty() && !intOrString && !hasType(value, type)) {
      causes.add(typeInvalid(path, value, type));
      return;
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      List<String> supported = new ArrayList<>();
      schema.get("enum").forEach(e -> supported.add(render(e)));
      causes.add(
          new Cause(
              "FieldValueNotSupported",
              path,
              "Unsupported value: "
                  + render(value)
                  + ": supported values: "
                  + String.join(", ", supported)));
    }
    if (value.isTextual()) {
      String text = value.asText();
      int length = text.codePointCount(0, text.length());
      if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
        causes.add(
            new Cause(
                "FieldValueTooLong",
                path,
                "Too long: may not be more than " + schema.get("maxLength").asInt() + " bytes"));
      }
      if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
        causes.add(
            invalid(
                path,
                value,
                field + " in body should be at least " + schema.get("minLength") + " chars long"));
      }
      if (schema.has("pattern") && !pattern(schema.get("pattern").asText()).matcher(text).find()) {
        // find, not matches: Go's regexp.MatchString is unanchored too
        causes.add(
            invalid(
                path,
                value,
                field + " in body should match '" + schema.get("pattern").asText() + "'"));
      }
    } else if (value.isNumber()) {
      if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
        causes.add(
            invalid(
                path,
                value,
                field
                    + " in body should be greater than or equal to "
                    + number(schema.get("minimum"))));
      }
      if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
        causes.add(
            invalid(
                path,
                value,
                field
                    + " in body should be less than or equal to "
                    + number(schema.get("maximum"))));
      }
    } else if (value instanceof ArrayNode array) {
      validateList(schema, array, path, causes);
    } else if (value instanceof ObjectNode object) {
      validateObject(schema, object, path, causes);
    }
  }

  private void validateList(JsonNode schema, ArrayNode array, String path, List<Cause> causes) {
    if (schema.has("maxItems") && array.size() > schema.get("maxItems").asInt()) {
      causes.add(
          new Cause(
              "FieldValueTooMany",
              path,
              "Too many: "
                  + array.size()
                  + ": must have at most "
                  + schema.get("maxItems").asInt()
                  + " items"));
    }
    if (schema.has("minItems") && array.size() < schema.get("minItems").asInt()) {
      causes.add(
          invalid(
              path,
              IntNode.valueOf(array.size()),
              path + " in body should have at least " + schema.get("minItems") + " items"));
    }
    if (schema.has("items")) {
      for (int i = 0; i < array.size(); i++) {
        validate(schema.get("items"), array.get(i), path + "[" + i + "]", causes);
      }
    }
    // x-kubernetes-list-type: set and map lists hold each value (each key) once
    String listType = schema.path("x-kubernetes-list-type").asText("atomic");
    if (listType.equals("set") || listType.equals("map")) {
      Set<JsonNode> seen = new HashSet<>();
      for (int i = 0; i < array.size(); i++) {
        JsonNode identity = array.get(i);
        if (listType.equals("map") && identity instanceof ObjectNode item) {
          ObjectNode keys = item.objectNode();
          schema
              .path("x-kubernetes-list-map-keys")
              .forEach(k -> keys.set(k.asText(), item.get(k.asText())));
          identity = keys;
        }
        if (!seen.add(identity)) {
          causes.add(
              new Cause(
                  "FieldValueDuplicate",
                  path + "[" + i + "]",
                  "Duplicate value: " + render(identity)));
        }
      }
    }
  }

  private void validateObject(JsonNode schema, ObjectNode object, String path, List<Cause> causes) {
    for (JsonNode required : schema.path("required")) {
      if (!object.has(required.asText())) {
        causes.add(
            new Cause("FieldValueRequired", child(path, required.asText()), "Required value"));
      }
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    object
        .fields()
        .forEachRemaining(
            field -> {
              String name = field.getKey();
              if (path.isEmpty() && name.equals("metadata")) {
                return;
              }
              if (properties.has(name)) {
                validate(properties.get(name), field.getValue(), child(path, name), causes);
              } else if (additional.isObject()) {
                validate(additional, field.getValue(), key(path, name), causes);
              }
            });
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "array" -> value.isArray();
      case "object" -> value.isObject();
      default -> true;
    };
  }

  private static String typeName(JsonNode value) {
    if (value.isTextual()) {
      return "string";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isArray()) {
      return "array";
    }
    return value.isObject() ? "object" : "null";
  }

  private static Cause typeInvalid(String path, JsonNode value, String type) {
    String field = path.isEmpty() ? "<root>" : path;
    return new Cause(
        "FieldValueTypeInvalid",
        path,
        "Invalid value: "
            + render(value)
            + ": "
            + field
            + " in body must be of type "
            + type
            + ": \""
            + typeName(value)
            + "\"");
  }

  private static Cause invalid(String path, JsonNode value, String detail) {
    return new Cause("FieldValueInvalid", path, "Invalid value: " + render(value) + ": " + detail);
  }

  /** A value as the API server quotes it in an error: strings quoted, the rest as JSON. */
  private static String render(JsonNode value) {
    String text = value.toString();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  /** A limit as Go's %v prints a float64: 1.0 is 1 (the CRD generator writes 1.0). */
  private static String number(JsonNode limit) {
    double d = limit.asDouble();
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode v : values) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private Pattern pattern(String regex) {
    return patterns.computeIfAbsent(regex, Pattern::compile);
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String key(String path, String name) {
    return path + "[" + name + "]";
  }

  // ---- CEL ----

  private void compileRules(JsonNode schema, String path) {
    List<Rule> here = new ArrayList<>();
    for (JsonNode validation : schema.path("x-kubernetes-validations")) {
      String expression = validation.path("rule").asText();
      String at = path.isEmpty() ? "<root>" : path;
      if (expression.contains("oldSelf")) {
        throw new IllegalArgumentException(
            "CEL rule at " + at + " is a transition rule (oldSelf), which is not supported");
      }
      typeCheck(schema, at, expression);
      CelValidationResult compiled = CEL.compile(expression);
      if (compiled.hasError()) {
        throw new IllegalArgumentException(
            "CEL rule at " + at + " does not compile: " + compiled.getErrorString());
      }
      String message =
          validation.hasNonNull("message")
              ? validation.get("message").asText()
              : "failed rule: " + expression;
      String reason = validation.path("reason").asText("FieldValueInvalid");
      if (!RULE_REASONS.contains(reason)) {
        throw new IllegalArgumentException(
            "CEL rule at "
                + at
                + ": reason "
                + reason
                + " is not one of "
                + String.join(", ", RULE_REASONS.stream().sorted().toList()));
      }
      String fieldPath =
          validation.hasNonNull("fieldPath")
              ? fieldPath(schema, validation.get("fieldPath").asText(), at)
              : "";
      try {
        Rule rule =
            new Rule(
                path, expression, message, fieldPath, reason, CEL.createProgram(compiled.getAst()));
        here.add(rule);
        rules.add(rule);
      } catch (Exception e) {
        throw new IllegalArgumentException("CEL rule at " + at + ": " + e.getMessage(), e);
      }
    }
    rulesBySchema.put(schema, here);
    schema
        .path("properties")
        .fields()
        .forEachRemaining(p -> compileRules(p.getValue(), child(path, p.getKey())));
    if (schema.has("items")) {
      compileRules(schema.get("items"), path + "[*]");
    }
    if (schema.path("additionalProperties").isObject()) {
      compileRules(schema.get("additionalProperties"), path + "[*]");
    }
  }

  /**
   * A rule's {@code fieldPath} checked and normalized the way the API server does when the CRD is
   * applied (apiextensions' ValidFieldPath): a relative path of {@code .name} and {@code ['name']}
   * steps (no list index) that must name a property of the schema at the rule's place, or a key of
   * a map; it becomes the {@code field.Path} text the errors use ({@code .vip['nic']} is {@code
   * vip.nic}, a map key is {@code [key]}).
   */
  static String fieldPath(JsonNode schema, String fieldPath, String at) {
    StringBuilder normalized = new StringBuilder();
    JsonNode current = schema;
    int i = 0;
    while (i < fieldPath.length()) {
      String name;
      char c = fieldPath.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < fieldPath.length()
            && fieldPath.charAt(end) != '.'
            && fieldPath.charAt(end) != '[') {
          end++;
        }
        name = fieldPath.substring(i + 1, end);
        i = end;
      } else if (c == '[' && fieldPath.startsWith("['", i)) {
        int end = fieldPath.indexOf("']", i + 2);
        if (end < 0) {
          throw badFieldPath(at, fieldPath, "expected ']' after a quoted name");
        }
        name = fieldPath.substring(i + 2, end).replace("\\'", "'").replace("\\\\", "\\");
        i = end + 2;
      } else {
        throw badFieldPath(at, fieldPath, "expected [ or . but got: " + c);
      }
      if (name.isEmpty()) {
        throw badFieldPath(at, fieldPath, "unexpected end of JSON path");
      }
      if (current.path("properties").isObject()) {
        if (!current.path("properties").has(name)) {
          throw badFieldPath(at, fieldPath, "does not refer to a valid field");
        }
        current = current.path("properties").get(name);
        normalized.append(normalized.length() == 0 ? "" : ".").append(name);
      } else if (current.path("additionalProperties").isObject()) {
        current = current.get("additionalProperties");
        normalized.append('[').append(name).append(']');
      } else {
        throw badFieldPath(at, fieldPath, "does not refer to a valid field");
      }
    }
    return normalized.toString();
  }

  private static IllegalArgumentException badFieldPath(String at, String fieldPath, String why) {
    return new IllegalArgumentException(
        "CEL rule at " + at + ": fieldPath " + fieldPath + " must be a valid path: " + why);
  }

  /**
   * Type-checks a rule the way the API server does when the CRD is applied: {@code self} has the
   * type of the schema at the rule's place (objects as structs with their properties, lists, maps,
   * scalars), so a misspelt field or a wrong overload fails here rather than on the first object.
   * Evaluation then uses dynamic values (maps and lists), which the typed program does not accept.
   */
  private void typeCheck(JsonNode schema, String at, String expression) {
    Cel typed =
        CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addCompilerLibraries(CelExtensions.strings())
            .setTypeProvider(types)
            .addVar("self", types.typeOf(schema))
            .setResultType(SimpleType.BOOL)
            .build();
    CelValidationResult checked = typed.compile(expression);
    if (checked.hasError()) {
      throw new IllegalArgumentException(
          "CEL rule at "
              + at
              + " does not type-check against the schema: "
              + checked.getErrorString());
    }
  }

  /** CEL types of the schema's objects, named after their place in the schema. */
  private static final class SchemaTypes implements CelTypeProvider {
    private final Map<String, CelType> byName = new LinkedHashMap<>();
    private final Map<JsonNode, CelType> bySchema = new IdentityHashMap<>();

    CelType typeOf(JsonNode schema) {
      return bySchema.getOrDefault(schema, SimpleType.DYN);
    }

    CelType declare(JsonNode schema, String name) {
      CelType type =
          switch (schema.path("type").asText()) {
            case "string" -> SimpleType.STRING;
            case "integer" -> SimpleType.INT;
            case "number" -> SimpleType.DOUBLE;
            case "boolean" -> SimpleType.BOOL;
            case "array" -> ListType.create(declare(schema.path("items"), name + "_item"));
            case "object" -> {
              if (schema.has("properties")) {
                Map<String, CelType> fields = new LinkedHashMap<>();
                schema
                    .get("properties")
                    .fields()
                    .forEachRemaining(
                        p ->
                            fields.put(p.getKey(), declare(p.getValue(), name + "." + p.getKey())));
                StructType struct =
                    StructType.create(
                        name,
                        ImmutableSet.copyOf(fields.keySet()),
                        field -> Optional.ofNullable(fields.get(field)));
                byName.put(name, struct);
                yield struct;
              }
              if (schema.path("additionalProperties").isObject()) {
                yield MapType.create(
                    SimpleType.STRING,
                    declare(schema.get("additionalProperties"), name + "_value"));
              }
              yield SimpleType.DYN;
            }
            default -> SimpleType.DYN;
          };
      bySchema.put(schema, type);
      return type;
    }

    @Override
    public ImmutableCollection<CelType> types() {
      return ImmutableList.copyOf(byName.values());
    }

    @Override
    public Optional<CelType> findType(String typeName) {
      return Optional.ofNullable(byName.get(typeName));
    }
  }

  private void evaluateRules(JsonNode schema, JsonNode value, String path, List<Cause> causes) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    for (Rule rule : rulesBySchema.getOrDefault(schema, List.of())) {
      String type = schema.path("type").asText("object");
      try {
        Object result = rule.program().eval(Map.of("self", toCel(value)));
        if (!Boolean.TRUE.equals(result)) {
          causes.add(failed(rule, path, type));
        }
      } catch (CelEvaluationException e) {
        causes.add(
            new Cause(
                "FieldValueInvalid",
                path,
                "Invalid value: \""
                    + type
                    + "\": rule evaluation error ("
                    + e.getMessage()
                    + ") for rule: "
                    + rule.message()));
      }
    }
    if (value.isObject()) {
      schema
          .path("properties")
          .fields()
          .forEachRemaining(
              p -> {
                if (value.has(p.getKey())) {
                  evaluateRules(
                      p.getValue(), value.get(p.getKey()), child(path, p.getKey()), causes);
                }
              });
      if (schema.path("additionalProperties").isObject()) {
        value
            .fields()
            .forEachRemaining(
                f ->
                    evaluateRules(
                        schema.get("additionalProperties"),
                        f.getValue(),
                        key(path, f.getKey()),
                        causes));
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        evaluateRules(schema.get("items"), value.get(i), path + "[" + i + "]", causes);
      }
    }
  }

  /**
   * A rule that does not hold, as the API server reports it (apiextensions' fieldErrorForReason):
   * at the rule's place followed by its fieldPath, worded by its reason. The value an Invalid or
   * Duplicate error quotes is the type of the schema at the rule's place, not the field's value; a
   * Duplicate error carries no message.
   */
  private static Cause failed(Rule rule, String path, String type) {
    // the API server appends the normalized path as one child: a leading map key reads .[key]
    String field =
        rule.fieldPath().isEmpty()
            ? path
            : path.isEmpty() ? rule.fieldPath() : path + "." + rule.fieldPath();
    String message =
        switch (rule.reason()) {
          case "FieldValueRequired" -> "Required value: " + rule.message();
          case "FieldValueForbidden" -> "Forbidden: " + rule.message();
          case "FieldValueDuplicate" -> "Duplicate value: \"" + type + "\"";
          default -> "Invalid value: \"" + type + "\": " + rule.message();
        };
    return new Cause(rule.reason(), field, message);
  }

  /** JSON as CEL values: objects as maps, integers as int (long), numbers as double. */
  static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields()
          .forEachRemaining(
              f -> {
                if (!f.getValue().isNull()) {
                  map.put(f.getKey(), toCel(f.getValue()));
                }
              });
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }

  /** For messages listing several causes. */
  static String join(List<Cause> causes) {
    return causes.size() == 1
        ? causes.get(0).toString()
        : causes.stream().map(Cause::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
