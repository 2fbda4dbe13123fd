package io.ovdfailover.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates a custom resource the way the API server does with a CRD: defaults from the schema are
 * applied first, then the structural schema is checked with a JSON-schema validator and every
 * {@code x-kubernetes-validations} rule found in the CRD is evaluated with a real CEL
 * implementation, {@code self} bound to the value at the rule's place in the schema. The CEL
 * environment is standard CEL plus the strings extension, as in Kubernetes 1.25+ (no Kubernetes
 * IP/CIDR library).
 */
public final class CrdValidator {

  /** One x-kubernetes-validations rule of the CRD, compiled. */
  public record Rule(
      String schemaPath, String expression, String message, CelRuntime.Program program) {}

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(
              CelStandardMacro
                  .STANDARD_MACROS) // has(), all(), exists(), exists_one(), map(), filter()
          .addCompilerLibraries(CelExtensions.strings())
          .addRuntimeLibraries(CelExtensions.strings())
          .addVar("self", SimpleType.DYN)
          .build();

  /**
   * Schema errors after which the API server does not evaluate CEL rules (apiextensions-apiserver's
   * hasBlockingErr: required, type, enum, maxLength, maxItems violations), because the rules may
   * assume the shape.
   */
  static final java.util.Set<String> BLOCKING =
      java.util.Set.of("required", "type", "enum", "maxLength", "maxItems");

  static final String NOT_CHECKED =
      "some validation rules were not checked because the object was invalid; "
          + "correct the existing errors to complete validation";

  private final ObjectNode openApiSchema;
  private final JsonSchema jsonSchema;
  private final List<Rule> rules = new ArrayList<>();
  private final Map<JsonNode, List<Rule>> rulesBySchema = new java.util.IdentityHashMap<>();

  private final SchemaTypes types = new SchemaTypes();

  public CrdValidator(ObjectNode crd) {
    this.openApiSchema =
        (ObjectNode)
            crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
    this.jsonSchema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(withoutKubernetesExtensions(openApiSchema));
    types.declare(openApiSchema, "crd");
    compileRules(openApiSchema, "");
  }

  /**
   * The CRD the build generated (target/classes/META-INF/fabric8/...), from the test class path.
   */
  public static CrdValidator fromClasspath(String fileName) {
    try (InputStream in = CrdValidator.class.getResourceAsStream("/META-INF/fabric8/" + fileName)) {
      if (in == null) {
        throw new IllegalStateException(
            fileName + " not on the class path: run mvn process-classes");
      }
      return new CrdValidator((ObjectNode) YAML.readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public List<Rule> rules() {
    return rules;
  }

  /**
   * Errors for the object (apiVersion, kind, metadata, spec), empty when the API server would
   * accept it.
   */
  public List<String> validate(JsonNode resource) {
    ObjectNode object = resource.deepCopy();
    applyDefaults(openApiSchema, object);
    List<String> errors = new ArrayList<>();
    boolean blocking = false;
    for (ValidationMessage message : jsonSchema.validate(object)) {
      errors.add("schema " + message.getType() + ": " + message.getMessage());
      blocking |= BLOCKING.contains(message.getType());
    }
    if (blocking) {
      errors.add(NOT_CHECKED);
    } else {
      evaluateRules(openApiSchema, object, "", errors);
    }
    return errors;
  }

  // ---- defaulting: what the API server does before validation ----

  static void applyDefaults(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        if (!object.has(property.getKey()) && property.getValue().has("default")) {
          object.set(property.getKey(), property.getValue().get("default").deepCopy());
        }
        if (object.has(property.getKey())) {
          applyDefaults(property.getValue(), object.get(property.getKey()));
        }
      }
      JsonNode additional = schema.path("additionalProperties");
      if (additional.isObject()) {
        object.forEach(v -> applyDefaults(additional, v));
      }
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      array.forEach(item -> applyDefaults(schema.get("items"), item));
    }
  }

  // ---- structural schema as JSON schema ----

  /** The Kubernetes extensions are not JSON-schema keywords; CEL rules are evaluated separately. */
  static JsonNode withoutKubernetesExtensions(JsonNode schema) {
    JsonNode copy = schema.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(
          object.properties().stream()
              .map(Map.Entry::getKey)
              .filter(k -> k.startsWith("x-kubernetes-"))
              .toList());
      object.forEach(CrdValidator::strip);
    } else if (node instanceof ArrayNode array) {
      array.forEach(CrdValidator::strip);
    }
  }

  // ---- CEL ----

  private void compileRules(JsonNode schema, String path) {
    List<Rule> here = new ArrayList<>();
    for (JsonNode validation : schema.path("x-kubernetes-validations")) {
      String expression = validation.path("rule").asText();
      typeCheck(schema, path, expression);
      CelValidationResult compiled = CEL.compile(expression);
      if (compiled.hasError()) {
        throw new IllegalStateException(
            "CEL rule at " + path + " does not compile: " + compiled.getErrorString());
      }
      try {
        CelAbstractSyntaxTree ast = compiled.getAst();
        Rule rule =
            new Rule(path, expression, validation.path("message").asText(), CEL.createProgram(ast));
        here.add(rule);
        rules.add(rule);
      } catch (Exception e) {
        throw new IllegalStateException("CEL rule at " + path + ": " + e.getMessage(), e);
      }
    }
    rulesBySchema.put(schema, here);
    schema
        .path("properties")
        .fields()
        .forEachRemaining(p -> compileRules(p.getValue(), path + "." + p.getKey()));
    if (schema.has("items")) {
      compileRules(schema.get("items"), path + "[*]");
    }
    if (schema.path("additionalProperties").isObject()) {
      compileRules(schema.get("additionalProperties"), path + ".*");
    }
  }

  /**
   * Type-checks a rule the way the API server does when the CRD is applied: {@code self} has the
   * type of the schema at the rule's place (objects as structs with their properties, lists, maps,
   * scalars), so a misspelt field or a wrong overload fails here rather than when the CRD is
   * installed. Evaluation then uses dynamic values (maps and lists), which the typed program does
   * not accept.
   */
  private void typeCheck(JsonNode schema, String path, String expression) {
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
      throw new IllegalStateException(
          "CEL rule at "
              + path
              + " does not type-check against the schema: "
              + checked.getErrorString());
    }
  }

  /** CEL types of the schema's objects, named after their place in the schema. */
  private static final class SchemaTypes implements CelTypeProvider {
    private final Map<String, CelType> byName = new LinkedHashMap<>();
    private final Map<JsonNode, CelType> bySchema = new java.util.IdentityHashMap<>();

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

  private void evaluateRules(JsonNode schema, JsonNode value, String path, List<String> errors) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    for (Rule rule : rulesBySchema.getOrDefault(schema, List.of())) {
      String field = path.isEmpty() ? "<root>" : path.substring(1);
      try {
        Object result = rule.program().eval(Map.of("self", toCel(value)));
        if (!Boolean.TRUE.equals(result)) {
          errors.add("cel " + field + ": " + rule.message());
        }
      } catch (CelEvaluationException e) {
        errors.add(
            "cel "
                + field
                + ": rule evaluation error ("
                + e.getMessage()
                + ") for rule: "
                + rule.message());
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
                      p.getValue(), value.get(p.getKey()), path + "." + p.getKey(), errors);
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
                        path + "." + f.getKey(),
                        errors));
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        evaluateRules(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
      }
    }
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
}
