package io.ovdfailover.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs deploy/argocd/health.lua as Argo CD does ({@link ArgoLua}) and reads the returned table's
 * {@code status} and {@code message}.
 */
final class ArgoHealth {
  record Result(String status, String message) {}

  private ArgoHealth() {}

  static Result evaluate(String script, JsonNode object) {
    return result(ArgoLua.run(script, "health.lua", object));
  }

  /** The same evaluations in lua5.1, in one process. */
  static List<Result> evaluateWithLua51(Path script, List<? extends JsonNode> objects) {
    return ArgoLua.runWithLua51(objects.stream().map(o -> new ArgoLua.Case(script, o)).toList())
        .stream()
        .map(ArgoHealth::result)
        .toList();
  }

  private static Result result(ArgoLua.Outcome outcome) {
    JsonNode returned = outcome.orThrow();
    if (!returned.isObject()) {
      throw new AssertionError("health.lua returned " + returned + ", not a table with a status");
    }
    JsonNode status = returned.get("status");
    JsonNode message = returned.get("message");
    return new Result(
        status == null ? null : status.asText(), message == null ? null : message.asText());
  }
}
