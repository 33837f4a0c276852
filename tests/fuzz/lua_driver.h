/* lua_driver.h: the shared body of the fuzz targets that feed bytes to a Lua driver function.
 * The driver chunk returns function(text); it runs in one sandboxed state for the whole run
 * (creating one per input is too slow), under small budgets. Any error other than a budget
 * stop is a finding: the target aborts with the message. */
#ifndef GZ_FUZZ_LUA_DRIVER_H
#define GZ_FUZZ_LUA_DRIVER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/gazette.h"
#include "lauxlib.h"

static int fuzz_lua_driver(const char *name, const char *driver, const char *path, const uint8_t *data,
                           size_t size) {
  static lua_State *L;
  if (!L) {
    setenv("GAZETTE_HOME", ".", 0);
    static gz_opts o;
    o.max_instructions = 10000000;
    o.max_memory = (size_t)256 << 20;
    o.paths[o.npaths++] = path;
    L = gz_newstate(&o);
    if (!L || luaL_loadstring(L, driver) != LUA_OK || gz_pcall(L, 0, 1) != LUA_OK) abort();
    lua_setfield(L, LUA_REGISTRYINDEX, name);
  }
  lua_getfield(L, LUA_REGISTRYINDEX, name);
  lua_pushlstring(L, (const char *)data, size);
  if (gz_pcall_quiet(L, 1, 0) != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    /* only the budgets may stop an evaluation */
    if (!msg || (!strstr(msg, "budget exceeded") && !strstr(msg, "not enough memory"))) {
      fprintf(stderr, "%s: %s\n", name, msg ? msg : "(no message)");
      abort();
    }
    lua_pop(L, 1);
  }
  return 0;
}

#endif
