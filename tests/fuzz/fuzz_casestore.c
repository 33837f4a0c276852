/* fuzz_casestore: the case store's rows and their hashes on any bytes. The input is split on
 * 0xFF into field values (actor, note, data, remarks, case id, event name); a case is opened
 * and fired with them in an in-memory store. Every value must come back byte for byte, every
 * stored hash must be the store's HMAC recomputed from the row, never its plain SHA-256 (the
 * canonical serialisation is unambiguous whatever the bytes: NULs, invalid UTF-8, "=" and ":"
 * included), and verify must pass. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "lua/modules.h"
#include "lualib.h"

static const char check[] =
    "local cs, f = ...\n"
    "local s = cs.open(':memory:')\n"
    "local id = f[5] ~= '' and f[5] or 'X'\n"
    "local function row(ev, from, to)\n"
    "  return {workflow = 'w', event = ev, on = '2024-01-01', actor = f[1], note = f[2], data = f[3],\n"
    "          from = from, to = to, remarks = f[4]}\n"
    "end\n"
    "assert(s:create(id, row('open', nil, 'a')))\n"
    "assert(s:append(id, 0, {row(f[6] ~= '' and f[6] or 'go', 'a', 'b'), row('back', 'b', 'a')}) == 2)\n"
    "local again, kind = s:append(id, 0, {row('late', 'a', 'b')})\n"
    "assert(again == nil and kind == 'conflict')\n"
    "local ok, r = s:verify()\n"
    "assert(ok and r.entries == 3 and r.cases == 1, 'verify failed')\n"
    "local prev = cs.GENESIS\n"
    "for i, e in ipairs(s:events(id)) do\n"
    "  assert(e.n == i - 1 and e.prev_hash == prev and s:hash(e) == e.hash and cs.hash(e) ~= e.hash, 'hash mismatch')\n"
    "  assert(e.actor == f[1] and e.note == f[2] and e.data == f[3] and e.remarks == f[4], 'value changed')\n"
    "  prev = e.hash\n"
    "end\n"
    "assert(s:get(id).hash == prev and s:get(id).state == 'a')\n"
    "s:close()\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  lua_State *L = luaL_newstate();
  if (!L) return 0;
  luaL_openlibs(L);
  if (luaL_loadbuffer(L, check, sizeof check - 1, "=fuzz_casestore") != LUA_OK) abort();
  luaL_requiref(L, "casestore", luaopen_casestore, 0);
  lua_createtable(L, 6, 0);
  size_t start = 0;
  int k = 1;
  for (size_t i = 0; i <= size && k <= 6; i++) {
    if (i == size || data[i] == 0xFF) {
      lua_pushlstring(L, (const char *)data + start, i - start);
      lua_rawseti(L, -2, k++);
      start = i + 1;
    }
  }
  for (; k <= 6; k++) {
    lua_pushliteral(L, "");
    lua_rawseti(L, -2, k);
  }
  if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
    fprintf(stderr, "fuzz_casestore: %s\n", lua_tostring(L, -1));
    abort();
  }
  lua_close(L);
  return 0;
}
