/* state.c: the one place that creates a Lua state for Gazette.
 *
 * A state (runtime.c: options and budgets) gets the allowed standard libraries, the C
 * modules (lua/modules.c, registered for require), the sandbox, the stdlib
 * (stdlib/init.lua defines the public globals), and then its globals are locked.  As lua.c
 * runs its pmain, all of it runs inside one protected call: any step can raise (out of
 * memory, the budgets, an error in the stdlib), and that is a message and NULL, never a
 * panic of an unprotected error. */
#include <limits.h>
#include <stdio.h>

#include "host/gazette.h"
#include "lauxlib.h"
#include "lua/modules.h"
#include "lualib.h"

/* The steps, with the options as light userdata at 1. */
static int setup(lua_State *L) {
  const gz_opts *o = lua_touserdata(L, 1);
  /* The allowed standard libraries; os, io and debug are not opened (sandbox.c
   * provides the safe parts of os). */
  static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},       {LUA_COLIBNAME, luaopen_coroutine},
                                  {LUA_TABLIBNAME, luaopen_table}, {LUA_STRLIBNAME, luaopen_string},
                                  {LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8},
                                  {NULL, NULL}};
  for (const luaL_Reg *l = libs; l->func; l++) {
    luaL_requiref(L, l->name, l->func, 1);
    lua_pop(L, 1);
  }
  gz_modules_preload(L);
  gz_sandbox_install(L, o);

  /* stdlib/init.lua defines the public globals. */
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/stdlib/init.lua", gz_home());
  if (gz_loadfile(L, path) != LUA_OK) return luaL_error(L, "cannot load the standard library: %s", lua_tostring(L, -1));
  lua_call(L, 0, 0);
  gz_sandbox_lock(L);
  return 0;
}

lua_State *gz_newstate(const gz_opts *o) {
  lua_State *L = gz_runtime_new(o);
  if (!L) {
    fprintf(stderr, "gazette: cannot create the Lua state: out of memory\n");
    return NULL;
  }
  lua_pushcfunction(L, setup); /* a light C function and a light userdata: nothing allocated */
  lua_pushlightuserdata(L, (void *)o);
  if (gz_pcall_quiet(L, 1, 0) != LUA_OK) {
    fprintf(stderr, "gazette: %s\n", lua_tostring(L, -1));
    gz_closestate(L);
    return NULL;
  }
  return L;
}

void gz_closestate(lua_State *L) { gz_runtime_close(L); }
