/* counted.c: the library functions whose work is counted against the instruction budget
 * (docs/sandbox.md): string.rep, table.move, table.concat, table.insert, table.remove,
 * table.unpack, table.sort and collectgarbage. Each loops in C, where the count hook never
 * runs: string.rep("", 1e15) or table.move({}, 1, 1e15, 1) would run for days inside one
 * instruction. Here every repetition, element or comparison is one unit of gz_work
 * (runtime.c), which checks the budgets, the wall clock and Ctrl-C every few thousand units.
 *
 * The table functions are those of Lua 5.4.4's ltablib.c with the count added; that code is
 * Copyright (C) 1994-2022 Lua.org, PUC-Rio, under the MIT licence (see patterns.c). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "host/gazette.h"
#include "lauxlib.h"

/* Units are handed to gz_work in batches: one call per BATCH elements, and the rest at the
 * end of the call (FLUSH), so that many short calls count as much as one long one. */
#define BATCH 1024
#define COUNT(L, n) \
  do { \
    if (++(n) == BATCH) { \
      gz_work((L), BATCH); \
      (n) = 0; \
    } \
  } while (0)
#define FLUSH(L, n) \
  do { \
    if (n) gz_work((L), (n)); \
  } while (0)

#define TAB_R 1 /* read */
#define TAB_W 2 /* write */
#define TAB_L 4 /* length */
#define TAB_RW (TAB_R | TAB_W)
#define aux_getn(L, n, w) (checktab(L, n, (w) | TAB_L), luaL_len(L, n))

static int checkfield(lua_State *L, const char *key, int n) {
  lua_pushstring(L, key);
  return (lua_rawget(L, -n) != LUA_TNIL);
}

/* 'arg' is a table or behaves like one (a metatable with the required metamethods). */
static void checktab(lua_State *L, int arg, int what) {
  if (lua_type(L, arg) != LUA_TTABLE) {
    int n = 1;
    if (lua_getmetatable(L, arg) && (!(what & TAB_R) || checkfield(L, "__index", ++n)) &&
        (!(what & TAB_W) || checkfield(L, "__newindex", ++n)) && (!(what & TAB_L) || checkfield(L, "__len", ++n))) {
      lua_pop(L, n);
    } else
      luaL_checktype(L, arg, LUA_TTABLE); /* force an error */
  }
}

static int tinsert(lua_State *L) {
  lua_Integer pos;
  lua_Integer e = aux_getn(L, 1, TAB_RW);
  e = luaL_intop(+, e, 1); /* first empty element */
  switch (lua_gettop(L)) {
    case 2: pos = e; break;
    case 3: {
      lua_Integer i;
      pos = luaL_checkinteger(L, 2);
      luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
      int n = 0;
      for (i = e; i > pos; i--) { /* move up elements */
        COUNT(L, n);
        lua_geti(L, 1, i - 1);
        lua_seti(L, 1, i);
      }
      FLUSH(L, n);
      break;
    }
    default: return luaL_error(L, "wrong number of arguments to 'insert'");
  }
  lua_seti(L, 1, pos);
  return 0;
}

static int tremove(lua_State *L) {
  lua_Integer size = aux_getn(L, 1, TAB_RW);
  lua_Integer pos = luaL_optinteger(L, 2, size);
  if (pos != size) luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 1, "position out of bounds");
  lua_geti(L, 1, pos);
  int n = 0;
  for (; pos < size; pos++) {
    COUNT(L, n);
    lua_geti(L, 1, pos + 1);
    lua_seti(L, 1, pos);
  }
  FLUSH(L, n);
  lua_pushnil(L);
  lua_seti(L, 1, pos);
  return 1;
}

static int tmove(lua_State *L) {
  lua_Integer f = luaL_checkinteger(L, 2);
  lua_Integer e = luaL_checkinteger(L, 3);
  lua_Integer t = luaL_checkinteger(L, 4);
  int tt = !lua_isnoneornil(L, 5) ? 5 : 1; /* destination table */
  checktab(L, 1, TAB_R);
  checktab(L, tt, TAB_W);
  if (e >= f) {
    lua_Integer n, i;
    luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
    n = e - f + 1;
    luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
    long long left = gz_work_left(L);
    if (left >= 0 && n > left) gz_work(L, n); /* more than the budget holds: stop now */
    int c = 0;
    if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
      for (i = 0; i < n; i++) {
        COUNT(L, c);
        lua_geti(L, 1, f + i);
        lua_seti(L, tt, t + i);
      }
    } else {
      for (i = n - 1; i >= 0; i--) {
        COUNT(L, c);
        lua_geti(L, 1, f + i);
        lua_seti(L, tt, t + i);
      }
    }
    FLUSH(L, c);
  }
  lua_pushvalue(L, tt);
  return 1;
}

static void addfield(lua_State *L, luaL_Buffer *b, lua_Integer i, int *n) {
  COUNT(L, *n);
  lua_geti(L, 1, i);
  if (!lua_isstring(L, -1))
    luaL_error(L, "invalid value (%s) at index %I in table for 'concat'", luaL_typename(L, -1), (LUAI_UACINT)i);
  luaL_addvalue(b);
}

static int tconcat(lua_State *L) {
  luaL_Buffer b;
  lua_Integer last = aux_getn(L, 1, TAB_R);
  size_t lsep;
  const char *sep = luaL_optlstring(L, 2, "", &lsep);
  lua_Integer i = luaL_optinteger(L, 3, 1);
  last = luaL_optinteger(L, 4, last);
  long long left = gz_work_left(L);
  if (left >= 0 && i <= last && (lua_Unsigned)last - (lua_Unsigned)i >= (lua_Unsigned)left)
    gz_work(L, left + 1); /* more elements than the budget holds: stop now */
  luaL_buffinit(L, &b);
  int n = 0;
  for (; i < last; i++) {
    addfield(L, &b, i, &n);
    luaL_addlstring(&b, sep, lsep);
  }
  if (i == last) addfield(L, &b, i, &n);
  FLUSH(L, n);
  luaL_pushresult(&b);
  return 1;
}

static int tunpack(lua_State *L) {
  lua_Unsigned n;
  lua_Integer i = luaL_optinteger(L, 2, 1);
  lua_Integer e = luaL_opt(L, luaL_checkinteger, 3, luaL_len(L, 1));
  if (i > e) return 0;
  n = (lua_Unsigned)e - i; /* number of elements minus 1 (avoid overflows) */
  if (n >= (unsigned int)INT_MAX || !lua_checkstack(L, (int)(++n))) return luaL_error(L, "too many results to unpack");
  gz_work(L, (long long)n);
  for (; i < e; i++) lua_geti(L, 1, i);
  lua_geti(L, 1, e);
  return (int)n;
}

/* table.sort: Lua's own sort, its comparisons counted: the comparator is wrapped in one that
 * counts a unit, then calls the script's function (or compares with <). */
static int counted_less(lua_State *L) {
  gz_work(L, 1);
  if (lua_isnil(L, lua_upvalueindex(1))) {
    lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT));
    return 1;
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, 2, 1);
  return 1;
}

static int tsort(lua_State *L) {
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_settop(L, 2);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, counted_less, 1);
  lua_replace(L, 2);
  lua_pushvalue(L, lua_upvalueindex(1)); /* the library's sort */
  lua_insert(L, 1);
  lua_call(L, 2, 0);
  return 0;
}

/* string.rep: the repetitions are counted (string.rep("", 1e15) repeats nothing 10^15
 * times); a result larger than the memory budget is refused with a line number, before the
 * allocator has to refuse it without one. */
static int srep(lua_State *L) {
  size_t l, lsep;
  const char *s = luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  const char *sep = luaL_optlstring(L, 3, "", &lsep);
  if (n <= 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  size_t limit = gz_getopts(L)->max_memory;
  double total = (double)l * (double)n + (double)lsep * (double)(n - 1);
  if (limit && total > (double)limit) {
    char msg[200];
    snprintf(msg, sizeof msg,
             "memory budget exceeded: string.rep would make %.0f bytes (budget %zu MiB; raise it with --max-memory)",
             total, limit >> 20);
    return luaL_error(L, "%s", msg);
  }
  if (l + lsep == 0) { /* nothing to copy: only the count of repetitions */
    gz_work(L, n);
    lua_pushliteral(L, "");
    return 1;
  }
  if (total >= (double)(size_t)-1 / 2) return luaL_error(L, "resulting string too large");
  size_t totallen = (size_t)n * l + (size_t)(n - 1) * lsep;
  luaL_Buffer b;
  char *p = luaL_buffinitsize(L, &b, totallen);
  int c = 0;
  while (n-- > 1) {
    COUNT(L, c);
    memcpy(p, s, l);
    p += l;
    if (lsep > 0) {
      memcpy(p, sep, lsep);
      p += lsep;
    }
  }
  memcpy(p, s, l);
  FLUSH(L, c);
  luaL_pushresultsize(&b, totallen);
  return 1;
}

/* collectgarbage("collect") walks the whole heap: counted as the memory in use. */
static int scollectgarbage(lua_State *L) {
  const char *opt = luaL_optstring(L, 1, "collect");
  if (strcmp(opt, "count") == 0) {
    lua_pushnumber(L, (lua_Number)lua_gc(L, LUA_GCCOUNT) + lua_gc(L, LUA_GCCOUNTB) / 1024.0);
    return 1;
  }
  if (strcmp(opt, "collect") != 0)
    return luaL_error(L, "sandbox: collectgarbage(\"%s\") is not allowed (only \"collect\" and \"count\")", opt);
  gz_work(L, (long long)lua_gc(L, LUA_GCCOUNT) * 64 + 1); /* KiB in use, 16 bytes a unit */
  lua_gc(L, LUA_GCCOLLECT);
  lua_pushinteger(L, 0);
  return 1;
}

/* Replaces the functions in the libraries at the given stack indices. */
void gz_counted_install(lua_State *L, int strlib, int tablib, int globals) {
  strlib = lua_absindex(L, strlib);
  tablib = lua_absindex(L, tablib);
  globals = lua_absindex(L, globals);
  static const luaL_Reg tab[] = {{"insert", tinsert}, {"remove", tremove}, {"move", tmove},
                                 {"concat", tconcat}, {"unpack", tunpack}, {NULL, NULL}};
  for (const luaL_Reg *f = tab; f->name; f++) {
    lua_pushcfunction(L, f->func);
    lua_setfield(L, tablib, f->name);
  }
  lua_getfield(L, tablib, "sort");
  lua_pushcclosure(L, tsort, 1);
  lua_setfield(L, tablib, "sort");
  lua_pushcfunction(L, srep);
  lua_setfield(L, strlib, "rep");
  lua_pushcfunction(L, scollectgarbage);
  lua_setfield(L, globals, "collectgarbage");
}
