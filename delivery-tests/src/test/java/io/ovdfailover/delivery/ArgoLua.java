package io.ovdfailover.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

/**
 * Runs Argo CD Lua scripts (health checks, action discovery, actions) the way Argo CD does, in luaj
 * and in the reference Lua 5.1 interpreter.
 *
 * <p>Argo CD's sandbox (util/lua in Argo CD, unless {@code useOpenLibs} is set for the kind): only
 * the base, package and table libraries and an {@code os} with {@code time} and {@code date}. No
 * {@code string} or {@code math} library, and so no string methods either: a script that calls
 * {@code string.format} works in a plain interpreter and fails in Argo CD. Both runs here take the
 * same libraries away. The object is the global {@code obj} (JSON numbers as Lua numbers, arrays as
 * 1-based tables, null as nil); a returned table is read back as Argo CD encodes it to JSON.
 *
 * <p>luaj implements Lua 5.2 and Argo CD's gopher-lua implements 5.1, hence the second run in
 * lua5.1 (installed by .ci/run).
 */
final class ArgoLua {
  /** What os.time() says in these runs: 2026-11-22T03:05:12Z. */
  static final long CLOCK = 1795316712L;

  /** The value a script returned (as JSON), or the message of the error it raised. */
  record Outcome(JsonNode value, String error) {
    JsonNode orThrow() {
      if (error != null) {
        throw new AssertionError("the script raised: " + error);
      }
      return value;
    }
  }

  /** One run for {@link #runWithLua51}: a script file on an object. */
  record Case(Path script, JsonNode object) {}

  private static final DateTimeFormatter UTC_FIELDS =
      DateTimeFormatter.ofPattern("yyyy MM dd HH mm ss").withZone(ZoneOffset.UTC);

  private ArgoLua() {}

  /** Runs {@code script} on {@code object} in luaj, in Argo CD's sandbox. */
  static Outcome run(String script, String chunkName, JsonNode object) {
    Globals globals = sandbox();
    globals.set("obj", toLua(object));
    LuaValue returned;
    // Only Argo CD's libraries: the string metatable is JVM-wide in luaj and set by its string
    // library, so it is cleared for the run (in Argo CD, ("x"):len() fails).
    LuaValue stringMetatable = LuaString.s_metatable;
    LuaString.s_metatable = null;
    try {
      returned = globals.load(script, chunkName).call();
    } catch (LuaError e) {
      // the value given to error(), without luaj's traceback
      LuaValue message = e.getMessageObject();
      return new Outcome(null, message != null ? message.tojstring() : e.getMessage());
    } finally {
      LuaString.s_metatable = stringMetatable;
    }
    return new Outcome(toJson(returned), null);
  }

  static Outcome run(Path script, JsonNode object) {
    return run(Repo.read(script), script.getFileName().toString(), object);
  }

  private static Globals sandbox() {
    Globals globals = new Globals();
    globals.load(new BaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    LoadState.install(globals);
    LuaC.install(globals);
    // error(message, 0) carries no position in Lua 5.1 and gopher-lua; luaj adds one anyway unless
    // the message is thrown as a value
    LuaValue positioned = globals.get("error");
    globals.set(
        "error",
        new TwoArgFunction() {
          @Override
          public LuaValue call(LuaValue message, LuaValue level) {
            if (level.optint(1) == 0) {
              throw new LuaError(message);
            }
            return positioned.call(message, level);
          }
        });
    LuaTable os = new LuaTable();
    os.set(
        "time",
        new ZeroArgFunction() {
          @Override
          public LuaValue call() {
            return LuaValue.valueOf((double) CLOCK);
          }
        });
    os.set("date", new UtcDate());
    globals.set("os", os);
    // Argo CD also preloads its os for require("os")
    globals.get("package").get("loaded").set("os", os);
    return globals;
  }

  /**
   * os.date for UTC formats ({@code !...}) with the fields Argo CD's os.date maps; a format without
   * {@code !} depends on the Argo CD server's time zone and is refused here.
   */
  private static final class UtcDate extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      String format = args.checkjstring(1);
      long time = args.isnoneornil(2) ? CLOCK : args.checklong(2);
      if (!format.startsWith("!")) {
        throw new LuaError("os.date without '!' gives the Argo CD server's local time: " + format);
      }
      String[] f = UTC_FIELDS.format(Instant.ofEpochSecond(time)).split(" ");
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < format.length(); i++) {
        char c = format.charAt(i);
        if (c != '%' || i + 1 == format.length()) {
          out.append(c);
          continue;
        }
        char flag = format.charAt(++i);
        switch (flag) {
          case 'Y' -> out.append(f[0]);
          case 'm' -> out.append(f[1]);
          case 'd' -> out.append(f[2]);
          case 'H' -> out.append(f[3]);
          case 'M' -> out.append(f[4]);
          case 'S' -> out.append(f[5]);
          case '%' -> out.append('%');
          default -> throw new LuaError("os.date flag %" + flag + " is not emulated here");
        }
      }
      return LuaValue.valueOf(out.toString());
    }
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

  /**
   * A Lua value as Argo CD's JSON encoder (gopher-json) writes it: an empty table is an empty
   * array, a table with keys 1..n an array, a table with string keys an object; other tables are
   * errors there, and here.
   */
  static JsonNode toJson(LuaValue value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value.isnil()) {
      return nodes.nullNode();
    }
    if (value.isboolean()) {
      return nodes.booleanNode(value.toboolean());
    }
    if (value.type() == LuaValue.TNUMBER) {
      // as JSON text would read back: whole numbers as integers
      double d = value.todouble();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        long l = (long) d;
        return l == (int) l ? nodes.numberNode((int) l) : nodes.numberNode(l);
      }
      return nodes.numberNode(d);
    }
    if (value.isstring()) {
      return nodes.textNode(value.tojstring());
    }
    if (!value.istable()) {
      throw new AssertionError("a " + value.typename() + " cannot be encoded to JSON");
    }
    LuaTable table = value.checktable();
    LuaValue[] keys = table.keys();
    if (keys.length == 0) {
      return nodes.arrayNode();
    }
    if (keys[0].type() == LuaValue.TNUMBER) {
      ArrayNode array = nodes.arrayNode();
      for (int i = 1; i <= keys.length; i++) {
        LuaValue item = table.rawget(i);
        if (item.isnil()) {
          throw new AssertionError("a sparse or mixed table cannot be encoded to JSON");
        }
        array.add(toJson(item));
      }
      return array;
    }
    ObjectNode object = nodes.objectNode();
    for (LuaValue key : keys) {
      if (key.type() != LuaValue.TSTRING) {
        throw new AssertionError("a table with mixed keys cannot be encoded to JSON");
      }
      object.set(key.tojstring(), toJson(table.get(key)));
    }
    return object;
  }

  /**
   * Argo CD's clean-up of an action's returned object: an empty table that was an object in the
   * live object becomes an object again (the encoder made it an array).
   */
  static JsonNode cleanReturned(JsonNode returned, JsonNode live) {
    if (returned instanceof ObjectNode object && live.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode before = live.get(field.getKey());
        if (before == null) {
          continue;
        }
        if (field.getValue().isArray() && field.getValue().isEmpty() && before.isObject()) {
          field.setValue(JsonNodeFactory.instance.objectNode());
        } else {
          field.setValue(cleanReturned(field.getValue(), before));
        }
      }
    } else if (returned instanceof ArrayNode array && live.isArray()) {
      for (int i = 0; i < array.size() && i < live.size(); i++) {
        array.set(i, cleanReturned(array.get(i), live.get(i)));
      }
    }
    return returned;
  }

  /**
   * The same runs in lua5.1, in one process: each script gets a fresh copy of the globals without
   * string, math, io, debug and coroutine, an os with time and date on {@link #CLOCK}, and no
   * string metatable, as in Argo CD.
   */
  static List<Outcome> runWithLua51(List<Case> cases) {
    StringBuilder driver = new StringBuilder();
    driver.append(
        """
        local CLOCK = %d
        local realDate, write, format, gsub, byte = os.date, io.write, string.format, string.gsub, string.byte
        local sort, concat, insert = table.sort, table.concat, table.insert
        local pairs, type, tostring, setfenv, loadfile, pcall = pairs, type, tostring, setfenv, loadfile, pcall
        local function sandbox(object)
          local env = {}
          for k, v in pairs(_G) do env[k] = v end
          env.string, env.math, env.io, env.debug, env.coroutine = nil, nil, nil, nil, nil
          env.os = {time = function() return CLOCK end,
                    date = function(f, t) return realDate(f, t or CLOCK) end}
          env.require = function(name) if name == "os" then return env.os end return require(name) end
          env._G = env
          env.obj = object
          return env
        end
        local function quote(s)
          return '"' .. gsub(s, '[%%c"\\\\]', function(c) return format('\\\\u%%04x', byte(c)) end) .. '"'
        end
        -- as Argo CD's encoder: empty table [], keys 1..n an array, else an object
        local function json(v)
          local t = type(v)
          if t == "table" then
            if next(v) == nil then return "[]" end
            if v[1] ~= nil then
              local items = {}
              for i = 1, #v do items[i] = json(v[i]) end
              return "[" .. concat(items, ",") .. "]"
            end
            local keys = {}
            for k in pairs(v) do insert(keys, k) end
            sort(keys)
            local fields = {}
            for _, k in ipairs(keys) do insert(fields, quote(k) .. ":" .. json(v[k])) end
            return "{" .. concat(fields, ",") .. "}"
          elseif t == "string" then return quote(v)
          elseif t == "number" then return format("%%.17g", v)
          elseif t == "nil" then return "null"
          else return tostring(v) end
        end
        getmetatable("").__index = nil
        local function run(path, object)
          local chunk = assert(loadfile(path))
          setfenv(chunk, sandbox(object))
          local ok, result = pcall(chunk)
          if ok then write("OK\\t", json(result), "\\n") else write("ERR\\t", quote(tostring(result)), "\\n") end
        end
        """
            .formatted(CLOCK));
    for (Case c : cases) {
      driver
          .append("run(")
          .append(luaString(c.script().toString()))
          .append(", ")
          .append(luaLiteral(c.object()))
          .append(")\n");
    }
    try {
      Path file = Files.createTempFile("argo-lua-driver-", ".lua");
      try {
        Files.writeString(file, driver);
        String out = Tools.runOk(file.getParent(), "lua5.1", file.toString());
        List<Outcome> outcomes = new ArrayList<>();
        for (String line : out.split("\n")) {
          String[] parts = line.split("\t", 2);
          JsonNode payload = Repo.JSON.readTree(parts[1]);
          outcomes.add(
              parts[0].equals("OK")
                  ? new Outcome(payload, null)
                  : new Outcome(null, payload.asText()));
        }
        if (outcomes.size() != cases.size()) {
          throw new AssertionError(
              cases.size() + " runs, " + outcomes.size() + " outcomes:\n" + out);
        }
        return outcomes;
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
}
