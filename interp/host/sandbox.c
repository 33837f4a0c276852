/* sandbox.c: what policy code may touch (docs/sandbox.md).
 *
 * Modelled on Redis's script_lua.c: an allow-list of globals, text-only chunks, a require
 * confined to the project's folders, a protected string metatable, and globals that are
 * strict once the stdlib is loaded (reading or assigning an undeclared one is an error
 * that names it). Scripts see the globals, the libraries and the modules read-only
 * (readonly.c); a budget error cannot be caught (pcall, xpcall, coroutines); work inside the
 * string and table functions is counted (patterns.c, counted.c). Budgets are in runtime.c. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "host/gazette.h"
#include "lauxlib.h"
#include "lua/modules.h"
#include "lualib.h"

#define MAX_SOURCE (64u << 20) /* a script larger than this is refused, not read */

/* Chunk names are shown in every error; keep them short and relative to the home. */
static void chunkname(char *out, size_t n, const char *path) {
  const char *home = gz_home();
  size_t hl = strlen(home);
  if (strncmp(path, home, hl) == 0 && path[hl] == '/') path += hl + 1;
  else if (strncmp(path, "./", 2) == 0) path += 2;
  snprintf(out, n, "@%s", path);
}

/* The source is read whole into C memory, then parsed (lua_load parses in protected mode):
 * nothing is held across a call that can raise, and a script larger than MAX_SOURCE is
 * refused before it is read. */
int gz_loadfile(lua_State *L, const char *path) {
  size_t len;
  char *src = strcmp(path, "-") == 0 ? (errno = ENOENT, NULL) : gz_readfile(path, &len, MAX_SOURCE);
  if (!src) {
    int e = errno;
    if (e == EFBIG) lua_pushfstring(L, "%s: script larger than %d MiB, refused", path, (int)(MAX_SOURCE >> 20));
    else if (e == EISDIR || e == EIO) lua_pushfstring(L, "cannot read %s: %s", path, strerror(e));
    else lua_pushfstring(L, "cannot open %s: %s", path, strerror(e));
    return LUA_ERRFILE;
  }
  size_t skip = 0;
  if (len > 0 && src[0] == '#') /* a shebang line: skip it, keep line numbers */
    while (skip < len && src[skip] != '\n') skip++;
  char name[PATH_MAX + 2];
  chunkname(name, sizeof name, path);
  int st = luaL_loadbufferx(L, src + skip, len - skip, name, "t");
  free(src);
  return st;
}

/* load(chunk [, chunkname [, mode [, env]]]): text chunks only, whatever mode is asked. */
static int sb_load(lua_State *L) {
  size_t l;
  const char *s = luaL_checklstring(L, 1, &l);
  const char *name = luaL_optstring(L, 2, s);
  const char *mode = luaL_optstring(L, 3, "t");
  if (strchr(mode, 'b') && !strchr(mode, 't'))
    return luaL_error(L, "sandbox: binary chunks are not allowed (load mode must be \"t\")");
  int env = !lua_isnone(L, 4) ? 4 : 0;
  int st = luaL_loadbufferx(L, s, l, name, "t");
  if (st != LUA_OK) {
    luaL_pushfail(L);
    lua_insert(L, -2);
    return 2;
  }
  /* without an environment, the chunk's globals are the scripts' read-only view */
  if (env) lua_pushvalue(L, env);
  else gz_ro_push_globals(L);
  if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
  return 1;
}

/* pcall, xpcall and the coroutine functions, except that a budget error or an interrupt
 * cannot be caught or turned into a value: once blown it propagates to the host. */
static int finishpcall(lua_State *L, int status, lua_KContext extra) {
  if (status != LUA_OK && status != LUA_YIELD) {
    if (gz_budget_blown(L)) return lua_error(L);
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
  }
  return lua_gettop(L) - (int)extra;
}

static int sb_pcall(lua_State *L) {
  luaL_checkany(L, 1);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finishpcall);
  return finishpcall(L, status, 0);
}

/* The message handler of xpcall runs where the error happened; after a budget error that is
 * inside the count hook, where a loop could never be stopped. So the script's handler runs
 * only for ordinary errors (under the budget, like any code), and once the budget is blown
 * the budget's message goes on untouched. upvalue 1: the script's handler. */
static int sb_msghandler(lua_State *L) {
  if (gz_budget_blown(L)) return 1;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

static int sb_xpcall(lua_State *L) {
  int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, sb_msghandler, 1);
  lua_replace(L, 2);
  lua_pushboolean(L, 1);
  lua_pushvalue(L, 1);
  lua_rotate(L, 3, 2);
  int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finishpcall);
  return finishpcall(L, status, 2);
}

/* coroutine.resume and coroutine.close (upvalue 1: the library's): a coroutine that died of a
 * blown budget passes the error on instead of returning false and the message. */
static int sb_coroutine_call(lua_State *L) {
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  if (lua_gettop(L) >= 2 && lua_toboolean(L, 1) == 0 && gz_budget_blown(L)) {
    lua_pushvalue(L, 2);
    return lua_error(L);
  }
  return lua_gettop(L);
}

/* ---- require, confined to stdlib/, policies/ and --path folders ---- */

static int valid_modname(const char *s) {
  if (!*s || *s == '.') return 0;
  for (const char *p = s; *p; p++) {
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
          *p == '-' || *p == '.'))
      return 0;
    if (p[0] == '.' && p[1] == '.') return 0;
  }
  return 1;
}

static int file_exists(const char *p) {
  FILE *f = fopen(p, "rb");
  if (f) fclose(f);
  return f != NULL;
}

/* Fills out with the file a module name maps to and returns 1 for stdlib/, 2 for policies/
 * or a --path folder; 0 when there is none. */
static int find_module(lua_State *L, const char *name, char *out, size_t n) {
  const gz_opts *o = gz_getopts(L);
  char rel[PATH_MAX];
  snprintf(rel, sizeof rel, "%s", name);
  for (char *p = rel; *p; p++)
    if (*p == '.') *p = '/';
  const char *roots[20];
  int nr = 0;
  char r1[PATH_MAX], r2[PATH_MAX];
  snprintf(r1, sizeof r1, "%s/stdlib", gz_home());
  snprintf(r2, sizeof r2, "%s/policies", gz_home());
  roots[nr++] = r1;
  roots[nr++] = r2;
  for (int i = 0; i < o->npaths && nr < 20; i++) roots[nr++] = o->paths[i];
  for (int i = 0; i < nr; i++) {
    /* a path too long for out is no file this name can load */
    if ((size_t)snprintf(out, n, "%s/%s.lua", roots[i], rel) < n && file_exists(out)) return i == 0 ? 1 : 2;
    if ((size_t)snprintf(out, n, "%s/%s/init.lua", roots[i], rel) < n && file_exists(out)) return i == 0 ? 1 : 2;
  }
  return 0;
}

/* A module of policies/ or a --path folder is a script: its globals are the read-only view,
 * and it may not create any. */
static int module_newindex(lua_State *L) {
  const char *k = lua_tostring(L, 2);
  return luaL_error(L, "assignment to undeclared global '%s' (declare it with 'local')", k ? k : "?");
}

static void push_module_env(lua_State *L) {
  lua_newtable(L);
  lua_createtable(L, 0, 2);
  gz_ro_push_globals(L);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, module_newindex);
  lua_setfield(L, -2, "__newindex");
  lua_setmetatable(L, -2);
}

/* require(name): once per state; the C modules of the host, then stdlib/, policies/ and the
 * --path folders. The stdlib's require (upvalue 1 false) returns the modules themselves;
 * the scripts' (true) returns their read-only views. */
static int sb_require(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  int for_script = lua_toboolean(L, lua_upvalueindex(1));
  lua_settop(L, 1);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, "gazette.loaded"); /* 2 */
  if (lua_getfield(L, 2, name) != LUA_TNIL) {
    if (lua_type(L, -1) == LUA_TLIGHTUSERDATA)
      return luaL_error(L, "require loop: module '%s' requires itself (directly or through others)", name);
  } else {
    lua_pop(L, 1);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, GZ_PRELOAD); /* 3 */
    if (lua_getfield(L, 3, name) == LUA_TFUNCTION) {     /* a C module of the host */
      lua_pushstring(L, name);
      lua_call(L, 1, 1);
    } else {
      lua_pop(L, 1);
      if (!valid_modname(name))
        return luaL_error(L, "module name '%s' is not allowed (letters, digits, '_', '-' and '.' only)", name);
      char path[PATH_MAX];
      int where = find_module(L, name, path, sizeof path);
      if (!where) return luaL_error(L, "module '%s' not found in stdlib/, policies/ or a --path folder", name);
      lua_pushlightuserdata(L, (void *)sb_require); /* mark as loading */
      lua_setfield(L, 2, name);
      if (gz_loadfile(L, path) != LUA_OK) {
        lua_pushnil(L);
        lua_setfield(L, 2, name);
        return lua_error(L);
      }
      if (where == 2) { /* a script */
        push_module_env(L);
        if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
      }
      lua_pushstring(L, name);
      lua_pushstring(L, path);
      int ok = lua_pcall(L, 2, 1, 0);
      if (ok != LUA_OK) {
        lua_pushnil(L);
        lua_setfield(L, 2, name);
        return lua_error(L);
      }
    }
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, 2, name);
  }
  if (for_script) gz_ro_push_view(L, -1, name);
  return 1;
}

/* ---- strict globals ---- */

static int strict_index(lua_State *L) {
  const char *k = lua_tostring(L, 2);
  return luaL_error(L, "undefined global '%s'", k ? k : luaL_typename(L, 2));
}

static int strict_newindex(lua_State *L) {
  const char *k = lua_tostring(L, 2);
  return luaL_error(L, "assignment to undeclared global '%s' (declare it with 'local')", k ? k : "?");
}

/* ---- the sandbox module: what the stdlib needs to run scripts ---- */

/* sandbox.globals() -> the read-only view of the globals (the environment of scripts falls
 * back to it); sandbox.freeze(t, name [, "measure"|"workflow" [, skip]]) makes t read-only in place, with
 * every table it holds but the keys of skip; sandbox.is_readonly(t). */
static int sbx_globals(lua_State *L) {
  gz_ro_push_globals(L);
  return 1;
}

static int sbx_freeze(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  const char *name = luaL_checkstring(L, 2);
  const char *what = luaL_optstring(L, 3, NULL);
  if (what && strcmp(what, "measure") && strcmp(what, "workflow")) luaL_argerror(L, 3, "'measure' or 'workflow'");
  if (!lua_isnoneornil(L, 4)) luaL_checktype(L, 4, LUA_TTABLE);
  gz_ro_freeze(L, 1, name, what, lua_isnoneornil(L, 4) ? 0 : 4);
  lua_settop(L, 1);
  return 1;
}

static int sbx_is_readonly(lua_State *L) {
  lua_pushboolean(L, gz_ro_is_protected(L, 1));
  return 1;
}

static int luaopen_sandbox(lua_State *L) {
  static const luaL_Reg funcs[] = {
      {"globals", sbx_globals}, {"freeze", sbx_freeze}, {"is_readonly", sbx_is_readonly}, {NULL, NULL}};
  luaL_newlib(L, funcs);
  return 1;
}

void gz_sandbox_lock(lua_State *L) {
  lua_pushglobaltable(L);
  lua_newtable(L);
  lua_pushcfunction(L, strict_index);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, strict_newindex);
  lua_setfield(L, -2, "__newindex");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_pop(L, 1);
  /* the functions scripts get in place of the stdlib's (readonly.c adds its own) */
  lua_createtable(L, 0, 8);
  lua_pushboolean(L, 1);
  lua_pushcclosure(L, sb_require, 1);
  lua_setfield(L, -2, "require");
  gz_ro_lock(L, -1);
  lua_pop(L, 1);
}

void gz_sandbox_install(lua_State *L, const gz_opts *o) {
  (void)o;
  lua_pushglobaltable(L);
  static const char *const removed[] = {"dofile", "loadfile", NULL};
  for (const char *const *r = removed; *r; r++) {
    lua_pushnil(L);
    lua_setfield(L, -2, *r);
  }
  lua_pushcfunction(L, sb_load);
  lua_setfield(L, -2, "load");
  lua_pushboolean(L, 0);
  lua_pushcclosure(L, sb_require, 1);
  lua_setfield(L, -2, "require");
  lua_pushcfunction(L, sb_pcall);
  lua_setfield(L, -2, "pcall");
  lua_pushcfunction(L, sb_xpcall);
  lua_setfield(L, -2, "xpcall");
  lua_getfield(L, -1, "coroutine");
  static const char *const cofuncs[] = {"resume", "close", NULL};
  for (const char *const *f = cofuncs; *f; f++) {
    lua_getfield(L, -1, *f);
    lua_pushcclosure(L, sb_coroutine_call, 1);
    lua_setfield(L, -2, *f);
  }
  lua_pop(L, 1);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, GZ_PRELOAD);
  lua_pushcfunction(L, luaopen_sandbox);
  lua_setfield(L, -2, "sandbox");
  lua_pop(L, 1);

  /* os: only the clock. */
  lua_newtable(L);
  luaL_requiref(L, "os.full", luaopen_os, 0);
  lua_getfield(L, -1, "time");
  lua_setfield(L, -3, "time");
  lua_getfield(L, -1, "clock");
  lua_setfield(L, -3, "clock");
  lua_pop(L, 1);
  lua_setfield(L, -2, "os");

  /* string: no dump; the functions that loop in C count their work (budgets that hold) */
  lua_getfield(L, -1, "string");
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  gz_patterns_install(L, -1);
  lua_getfield(L, -2, "table");
  gz_counted_install(L, -2, -1, -3);
  lua_pop(L, 2);

  /* The string metatable cannot be read or changed from Lua. */
  lua_pushliteral(L, "");
  if (lua_getmetatable(L, -1)) {
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  lua_pop(L, 1); /* globals */
}
