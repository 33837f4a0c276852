/* fuzz_repl: any bytes as a piped REPL session (`gazette repl < FILE`): each line goes to the
 * session as typed, dot-commands and Lua alike, with the demo measure and no way to write
 * files. Every input must end as ok, incomplete, quit or error with a one-line message;
 * only the budgets may stop the session itself. Never a crash, a hang or a non-string. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazette.h"
#include "lauxlib.h"

static const char driver[] =
    "local repl = require 'repl'\n"
    "return function(text)\n"
    "  local s = repl.new { write = function() end, clock = os.clock }\n"
    "  if rawget(_G, 'measure') then s:handle('.load repltest.jobs-subsidy') end\n"
    "  local pending = ''\n"
    "  for line in (text .. '\\n'):gmatch('([^\\n]*)\\n') do\n"
    "    local input = pending == '' and line or (pending .. '\\n' .. line)\n"
    "    local st, msg = s:handle(input)\n"
    "    if st == 'incomplete' then pending = input else pending = '' end\n"
    "    if st == 'quit' then break end\n"
    "    if st ~= 'ok' and st ~= 'incomplete' and st ~= 'error' then error('bad status ' .. tostring(st)) end\n"
    "    if st == 'error' and type(msg) ~= 'string' then error('a non-string error: ' .. type(msg)) end\n"
    "  end\n"
    "end\n";

static lua_State *L; /* one state for the whole run: creating one per input is too slow */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!L) {
    setenv("GAZETTE_HOME", ".", 0);
    static gz_opts o;
    o.max_instructions = 10000000;
    o.max_memory = (size_t)256 << 20;
    o.paths[o.npaths++] = "tests/cli/data/repl";
    L = gz_newstate(&o);
    if (!L || luaL_loadstring(L, driver) != LUA_OK || gz_pcall(L, 0, 1) != LUA_OK) abort();
    lua_setfield(L, LUA_REGISTRYINDEX, "fuzz_repl");
  }
  lua_getfield(L, LUA_REGISTRYINDEX, "fuzz_repl");
  lua_pushlstring(L, (const char *)data, size);
  if (gz_pcall_quiet(L, 1, 0) != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    if (!msg || (!strstr(msg, "budget exceeded") && !strstr(msg, "not enough memory"))) {
      fprintf(stderr, "fuzz_repl: %s\n", msg ? msg : "(no message)");
      abort();
    }
    lua_pop(L, 1);
  }
  return 0;
}
