/* sandbox.c: what policy code may touch.
 *
 * Modelled on Redis's script_lua.c: an allow-list of globals, text-only chunks, a require
 * confined to the project's folders, a protected string metatable, and globals that are
 * strict once the stdlib is loaded (reading or assigning an undeclared one is an error
 * that names it). Budgets are in runtime.c. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int gz_loadfile(lua_State *L, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    lua_pushfstring(L, "cannot open %s: %s", path, strerror(errno));
    return LUA_ERRFILE;
  }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  char buf[8192];
  size_t n, total = 0;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    total += n;
    if (total > MAX_SOURCE) {
      fclose(f);
      lua_pushfstring(L, "%s: script larger than %d MiB, refused", path, (int)(MAX_SOURCE >> 20));
      return LUA_ERRFILE;
    }
    luaL_addlstring(&b, buf, n);
  }
  int err = ferror(f);
  fclose(f);
  if (err) {
    lua_pushfstring(L, "cannot read %s", path);
    return LUA_ERRFILE;
  }
  luaL_pushresult(&b);
  size_t len;
  char *src = (char *)lua_tolstring(L, -1, &len);
  size_t skip = 0;
  if (len > 0 && src[0] == '#') /* a shebang line: skip it, keep line numbers */
    while (skip < len && src[skip] != '\n') skip++;
  char name[PATH_MAX + 2];
  chunkname(name, sizeof name, path);
  int st = luaL_loadbufferx(L, src + skip, len - skip, name, "t");
  lua_remove(L, -2);
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
  if (env) {
    lua_pushvalue(L, env);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
  }
  return 1;
}

/* string.rep wrapped so that a huge result is refused with a line number, before the
 * allocator has to refuse it without one. */
static int sb_rep(lua_State *L) {
  size_t l;
  luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  size_t sl = 0;
  luaL_optlstring(L, 3, "", &sl);
  size_t limit = gz_getopts(L)->max_memory;
  if (limit && n > 0) {
    double total = (double)l * (double)n + (double)sl * (double)(n - 1);
    if (total > (double)limit) {
      char msg[160];
      snprintf(msg, sizeof msg, "memory budget exceeded: string.rep would make %.0f bytes (budget %zu MiB; raise it with --max-memory)",
               total, limit >> 20);
      return luaL_error(L, "%s", msg);
    }
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

static int sb_collectgarbage(lua_State *L) {
  const char *opt = luaL_optstring(L, 1, "collect");
  if (strcmp(opt, "count") == 0) {
    lua_pushnumber(L, (lua_Number)lua_gc(L, LUA_GCCOUNT) + lua_gc(L, LUA_GCCOUNTB) / 1024.0);
    return 1;
  }
  if (strcmp(opt, "collect") == 0) {
    lua_gc(L, LUA_GCCOLLECT);
    lua_pushinteger(L, 0);
    return 1;
  }
  return luaL_error(L, "sandbox: collectgarbage(\"%s\") is not allowed (only \"collect\" and \"count\")", opt);
}

/* pcall, xpcall and coroutine.resume, except that a budget error or an interrupt cannot
 * be caught: once blown it propagates to the host. */
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

static int sb_xpcall(lua_State *L) {
  int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushboolean(L, 1);
  lua_pushvalue(L, 1);
  lua_rotate(L, 3, 2);
  int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finishpcall);
  return finishpcall(L, status, 2);
}

static int sb_resume(lua_State *L) {
  lua_State *co = lua_tothread(L, 1);
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  if (co && lua_toboolean(L, 1) == 0 && gz_budget_blown(L)) {
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

/* Fills out with the file a module name maps to, or returns 0. */
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
    if ((size_t)snprintf(out, n, "%s/%s.lua", roots[i], rel) < n && file_exists(out)) return 1;
    if ((size_t)snprintf(out, n, "%s/%s/init.lua", roots[i], rel) < n && file_exists(out)) return 1;
  }
  return 0;
}

static int sb_require(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  lua_settop(L, 1);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, "gazette.loaded"); /* 2 */
  if (lua_getfield(L, 2, name) != LUA_TNIL) {
    if (lua_type(L, -1) == LUA_TLIGHTUSERDATA)
      return luaL_error(L, "require loop: module '%s' requires itself (directly or through others)", name);
    return 1;
  }
  lua_pop(L, 1);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, GZ_PRELOAD); /* 3 */
  if (lua_getfield(L, 3, name) == LUA_TFUNCTION) { /* a C module of the host */
    lua_pushstring(L, name);
    lua_call(L, 1, 1);
  } else {
    lua_pop(L, 1);
    if (!valid_modname(name))
      return luaL_error(L, "module name '%s' is not allowed (letters, digits, '_', '-' and '.' only)", name);
    char path[PATH_MAX];
    if (!find_module(L, name, path, sizeof path))
      return luaL_error(L, "module '%s' not found in stdlib/, policies/ or a --path folder", name);
    lua_pushlightuserdata(L, (void *)sb_require); /* mark as loading */
    lua_setfield(L, 2, name);
    if (gz_loadfile(L, path) != LUA_OK) {
      lua_pushnil(L);
      lua_setfield(L, 2, name);
      return lua_error(L);
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
  lua_pushcfunction(L, sb_collectgarbage);
  lua_setfield(L, -2, "collectgarbage");
  lua_pushcfunction(L, sb_require);
  lua_setfield(L, -2, "require");
  lua_pushcfunction(L, sb_pcall);
  lua_setfield(L, -2, "pcall");
  lua_pushcfunction(L, sb_xpcall);
  lua_setfield(L, -2, "xpcall");
  lua_getfield(L, -1, "coroutine");
  lua_getfield(L, -1, "resume");
  lua_pushcclosure(L, sb_resume, 1);
  lua_setfield(L, -2, "resume");
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

  /* string: no dump; rep checked against the memory budget. */
  lua_getfield(L, -1, "string");
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_getfield(L, -1, "rep");
  lua_pushcclosure(L, sb_rep, 1);
  lua_setfield(L, -2, "rep");
  lua_pop(L, 1);

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
