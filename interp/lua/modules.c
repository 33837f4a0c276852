/* modules.c: the C modules a Gazette Lua state can require, listed here as Lua's linit.c
 * lists its standard libraries; adding a module is a line in this table and in modules.h. */
#include "lauxlib.h"
#include "lua/modules.h"

static const luaL_Reg modules[] = {{"cal", luaopen_cal},
                                   {"casestore", luaopen_casestore},
                                   {"columns", luaopen_columns},
                                   {"dates", luaopen_dates},
                                   {"fastops", luaopen_fastops},
                                   {"ffi", luaopen_ffi},
                                   {"host", luaopen_host},
                                   {"json", luaopen_json},
                                   {"money", luaopen_money},
                                   {"records", luaopen_records},
                                   {NULL, NULL}};

void gz_modules_preload(lua_State *L) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, GZ_PRELOAD);
  for (const luaL_Reg *m = modules; m->func; m++) {
    lua_pushcfunction(L, m->func);
    lua_setfield(L, -2, m->name);
  }
  lua_pop(L, 1);
}
