/* fuzz_measure: any bytes as the --input of `gazette eval` for the demo measures (a record
 * decoded from JSON, converted to the declared types, evaluated). Every outcome must be a
 * result or a Lua error carrying a message; never a crash, a hang or a non-string error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gazette.h"
#include "lauxlib.h"

static const char driver[] =
    "local json = require 'json'\n"
    "local ms = { measure.load('tests/measures/demo/startup_jobs.lua'),\n"
    "             measure.load('tests/measures/demo/child_months.lua'),\n"
    "             measure.load('tests/measures/demo/landing_grant.lua') }\n"
    "local evs = {}\n"
    "for i, M in ipairs(ms) do evs[i] = M:prepare{ as_of = '2025-06-01', explain = true } end\n"
    "return function(text)\n"
    "  local rec = json.decode(text)\n"
    "  if type(rec) ~= 'table' then return end\n"
    "  for _, ev in ipairs(evs) do\n"
    "    local ok, res = pcall(ev, rec)\n"
    "    if ok then json.encode(measure.to_json(res)); measure.explain(res)\n"
    "    elseif type(res) ~= 'string' then error('a non-string error: ' .. type(res)) end\n"
    "  end\n"
    "end\n";

static lua_State *L; /* one state for the whole run: creating one per input is too slow */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!L) {
    setenv("GAZETTE_HOME", ".", 0);
    static gz_opts o;
    o.max_instructions = 10000000;
    o.max_memory = (size_t)256 << 20;
    o.paths[o.npaths++] = "tests/measures";
    L = gz_newstate(&o);
    if (!L || luaL_loadstring(L, driver) != LUA_OK || gz_pcall(L, 0, 1) != LUA_OK) abort();
    lua_setfield(L, LUA_REGISTRYINDEX, "fuzz_measure");
  }
  lua_getfield(L, LUA_REGISTRYINDEX, "fuzz_measure");
  lua_pushlstring(L, (const char *)data, size);
  if (gz_pcall_quiet(L, 1, 0) != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    /* only the budgets may stop an evaluation */
    if (!msg || (!strstr(msg, "budget exceeded") && !strstr(msg, "not enough memory"))) {
      fprintf(stderr, "fuzz_measure: %s\n", msg ? msg : "(no message)");
      abort();
    }
    lua_pop(L, 1);
  }
  return 0;
}
