/* fuzz_measure: any bytes as the --input of `gazette eval` for the demo measures (a record
 * decoded from JSON, converted to the declared types, evaluated). Every outcome must be a
 * result or a Lua error carrying a message; never a crash, a hang or a non-string error. */
#include "lua_driver.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_lua_driver("fuzz_measure", driver, "tests/measures", data, size);
}
