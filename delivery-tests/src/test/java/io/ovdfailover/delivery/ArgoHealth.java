package io.ovdfailover.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
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
 * Runs deploy/argocd/health.lua the way Argo CD does: the live object as the global {@code obj} (JSON numbers as
 * Lua numbers, arrays as 1-based tables, null as nil), only the base, package, table, string and math libraries
 * (no io, no os), and the returned table read for {@code status} and {@code message}.
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
    return new Result(status.isnil() ? null : status.checkjstring(), message.isnil() ? null : message.checkjstring());
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
