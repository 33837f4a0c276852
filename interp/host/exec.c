/* exec.c: `gazette -e CHUNK...` and `gazette SCRIPT.lua ARGS...`.
 *
 * User chunks and scripts get a session environment whose reads fall through to the
 * read-only view of the globals: they may define globals of their own (x = 1) in it, and
 * change nothing the stdlib or a measure sees; policies may not define any. */
#include <stdio.h>
#include <string.h>

#include "host/gazette.h"
#include "lauxlib.h"

/* Pushes a fresh session environment: {} whose reads fall through to the read-only view of
 * the globals (readonly.c). */
static void push_session_env(lua_State *L) {
  lua_newtable(L);
  lua_newtable(L);
  gz_ro_push_globals(L);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
}

static void set_env(lua_State *L, int env) {
  lua_pushvalue(L, env);
  if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
}

int gz_exec(int nchunks, char **chunks, const char *script, int argc, char **argv, gz_opts *o) {
  lua_State *L = gz_newstate(o);
  if (!L) return GZ_EXIT_FAIL;
  push_session_env(L);
  int env = lua_gettop(L);
  int status = GZ_EXIT_OK;
  for (int i = 0; i < nchunks && status == GZ_EXIT_OK; i++) {
    int top = lua_gettop(L);
    if (luaL_loadbufferx(L, chunks[i], strlen(chunks[i]), "=(command line)", "t") != LUA_OK) {
      fprintf(stderr, "gazette: %s\n", lua_tostring(L, -1));
      status = GZ_EXIT_USAGE;
      break;
    }
    set_env(L, env);
    if (gz_pcall(L, 0, LUA_MULTRET) != LUA_OK) {
      status = GZ_EXIT_FAIL;
      break;
    }
    if (i == nchunks - 1)
      for (int k = top + 1; k <= lua_gettop(L); k++) {
        size_t n;
        const char *s = luaL_tolstring(L, k, &n);
        fwrite(s, 1, n, stdout);
        fputc('\n', stdout);
        lua_pop(L, 1);
      }
    lua_settop(L, top);
  }
  if (script && status == GZ_EXIT_OK) {
    /* arg: the script's arguments, arg[0] the script itself, as in lua.c. */
    lua_createtable(L, argc, 1);
    for (int i = 0; i < argc; i++) {
      lua_pushstring(L, argv[i]);
      lua_rawseti(L, -2, i);
    }
    lua_setfield(L, env, "arg");
    int st = gz_loadfile(L, script);
    if (st != LUA_OK) {
      fprintf(stderr, "gazette: %s\n", lua_tostring(L, -1));
      status = st == LUA_ERRFILE ? GZ_EXIT_USAGE : GZ_EXIT_FAIL;
    } else {
      set_env(L, env);
      /* each argument is a value on the stack for the call: room for them first (Lua
       * guarantees only LUA_MINSTACK slots; past them a push writes beyond the stack) */
      if (argc > 1 && !lua_checkstack(L, argc)) {
        fprintf(stderr, "gazette: too many arguments for the script (%d)\n", argc - 1);
        status = GZ_EXIT_USAGE;
        lua_pop(L, 1);
      } else {
        for (int i = 1; i < argc; i++) lua_pushstring(L, argv[i]);
        if (gz_pcall(L, argc > 0 ? argc - 1 : 0, 0) != LUA_OK) status = GZ_EXIT_FAIL;
      }
    }
  }
  fflush(stdout);
  gz_closestate(L);
  return status;
}
