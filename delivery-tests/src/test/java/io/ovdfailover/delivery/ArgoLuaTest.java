package io.ovdfailover.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself: both interpreters give a script what Argo CD gives it, and nothing more. */
class ArgoLuaTest {
  private static final String PROBE =
      """
      local r = {}
      r.string = type(string)
      r.math = type(math)
      r.io = type(io)
      r.table = type(table)
      r.osExecute = type(os.execute)
      r.methods = pcall(function() return ("x"):len() end)
      r.time = os.time()
      r.date = os.date("!%Y%m%dT%H%M%SZ")
      r.osRequired = require("os") == os
      r.concat = "generation " .. obj.metadata.generation
      r.empty = {}
      r.list = {obj.spec.items[2], "b"}
      return r
      """;
  private static final JsonNode OBJ =
      ArgoHealthTest.json(
          "{\"metadata\": {\"generation\": 3}, \"spec\": {\"items\": [\"x\", \"a\"]}}");
  private static final JsonNode EXPECTED =
      ArgoHealthTest.json(
          """
          {"string": "nil", "math": "nil", "io": "nil", "table": "table", "osExecute": "nil",
           "methods": false, "time": 1795316712, "date": "20261122T030512Z", "osRequired": true,
           "concat": "generation 3", "empty": [], "list": ["a", "b"]}""");

  @Test
  void luajOffersOnlyArgoCdsLibraries() {
    assertThat(ArgoLua.run(PROBE, "probe.lua", OBJ).orThrow()).isEqualTo(EXPECTED);
  }

  @Test
  void lua51OffersOnlyArgoCdsLibraries(@TempDir Path dir) throws IOException {
    Path probe = Files.writeString(dir.resolve("probe.lua"), PROBE);
    List<ArgoLua.Outcome> outcomes = ArgoLua.runWithLua51(List.of(new ArgoLua.Case(probe, OBJ)));
    assertThat(outcomes.get(0).orThrow()).isEqualTo(EXPECTED);
  }

  @Test
  void anErrorIsItsMessageInBoth(@TempDir Path dir) throws IOException {
    String script = "error(\"a test is running\", 0)";
    Path file = Files.writeString(dir.resolve("fails.lua"), script);
    assertThat(ArgoLua.run(script, "fails.lua", OBJ).error()).isEqualTo("a test is running");
    assertThat(ArgoLua.runWithLua51(List.of(new ArgoLua.Case(file, OBJ))).get(0).error())
        .isEqualTo("a test is running");
  }

  @Test
  void anEmptyTableThatWasAnObjectIsAnObjectAgain() {
    JsonNode live = ArgoHealthTest.json("{\"spec\": {\"failoverTest\": {}, \"list\": []}}");
    JsonNode returned = ArgoLua.run("return obj", "same.lua", live).orThrow();
    assertThat(returned.toString()).isEqualTo("{\"spec\":{\"failoverTest\":[],\"list\":[]}}");
    assertThat(ArgoLua.cleanReturned(returned, live)).isEqualTo(live);
  }
}
