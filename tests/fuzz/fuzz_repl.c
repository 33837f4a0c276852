/* fuzz_repl: any bytes as a piped REPL session (`gazette repl < FILE`): each line goes to the
 * session as typed, dot-commands and Lua alike, with the demo measure and no way to write
 * files. Every input must end as ok, incomplete, quit or error with a one-line message;
 * only the budgets may stop the session itself. Never a crash, a hang or a non-string. */
#include "lua_driver.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_lua_driver("fuzz_repl", driver, "tests/cli/data/repl", data, size);
}
