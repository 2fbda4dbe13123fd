package io.ovdfailover.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Runs deploy/argocd/health.lua the way Argo CD does: the live object as the global {@code obj}
 * (JSON numbers as Lua numbers, arrays as 1-based tables, null as nil), only the base, package,
 * table, string and math libraries (no io, no os), and the returned table read for {@code status}
 * and {@code message}.
 */
final class ArgoHealth {
  record Result(String status, String message) {}

  private ArgoHealth() {}

  static Result evaluate(String script, JsonNode object) {
    Globals globals = new Globals();
    globals.load(new BaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.set("obj", toLua(object));
    LuaValue returned = globals.load(script, "health.lua").call();
    if (!returned.istable()) {
      throw new AssertionError("health.lua returned " + returned.typename() + ", not a table");
    }
    LuaValue status = returned.get("status");
    LuaValue message = returned.get("message");
    return new Result(
        status.isnil() ? null : status.checkjstring(),
        message.isnil() ? null : message.checkjstring());
  }

  /**
   * The same evaluation in the reference Lua 5.1 interpreter (lua5.1, installed by .ci/run), for
   * many objects in one process: luaj implements Lua 5.2, Argo CD's gopher-lua implements 5.1, so
   * the script is run by both.
   */
  static List<Result> evaluateWithLua51(Path script, List<? extends JsonNode> objects) {
    StringBuilder driver =
        new StringBuilder("local check = assert(loadfile(arg[1]))\nlocal cases = {\n");
    for (JsonNode object : objects) {
      driver.append("  ").append(luaLiteral(object)).append(",\n");
    }
    driver
        .append("}\nfor _, o in ipairs(cases) do\n  obj = o\n  local hs = check()\n")
        .append("  io.write(tostring(hs.status), \"\\t\", tostring(hs.message), \"\\n\")\nend\n");
    try {
      Path file = Files.createTempFile("argo-health-driver-", ".lua");
      try {
        Files.writeString(file, driver);
        String out = Tools.runOk(script.getParent(), "lua5.1", file.toString(), script.toString());
        List<Result> results = new ArrayList<>();
        for (String line : out.split("\n")) {
          String[] parts = line.split("\t", 2);
          results.add(new Result(parts[0], parts[1]));
        }
        return results;
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Lua table constructor with the JSON document's content (JSON null: absent). */
  static String luaLiteral(JsonNode node) {
    if (node.isObject()) {
      StringBuilder table = new StringBuilder("{");
      node.fields()
          .forEachRemaining(
              field -> {
                if (!field.getValue().isNull()) {
                  table
                      .append('[')
                      .append(luaString(field.getKey()))
                      .append("]=")
                      .append(luaLiteral(field.getValue()))
                      .append(',');
                }
              });
      return table.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder table = new StringBuilder("{");
      node.forEach(item -> table.append(luaLiteral(item)).append(','));
      return table.append('}').toString();
    }
    if (node.isBoolean() || node.isNumber()) {
      return node.asText();
    }
    return luaString(node.asText());
  }

  private static String luaString(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }

  static LuaValue toLua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    if (node.isNumber()) {
      // gopher-lua has one number type (float64), as Argo CD decodes JSON numbers.
      return LuaValue.valueOf(node.doubleValue());
    }
    return LuaValue.valueOf(node.asText());
  }
}
