/* readonly.c: read-only tables, so that no script can change what another computes
 * (docs/sandbox.md; Redis 7 does the same for its scripts).
 *
 * Stock Lua has no read-only tables: assigning a key that exists never reaches __newindex.
 * Two kinds of protection, both recorded in one weak-keyed registry set (RO_SET):
 *
 *  - A view: an empty table whose metatable reads through to a real table (a value that is a
 *    table comes back as its own view, one per table), refuses every assignment with an error
 *    that names the table and key, iterates (__pairs) and measures (__len) the real one.
 *    Scripts see the globals, the libraries and Gazette's modules only through views: the
 *    globals of every script environment, require, load's default environment and
 *    getmetatable all hand out views. The stdlib itself keeps the real tables.
 *  - A frozen table: its contents move to a hidden store and the table itself becomes such a
 *    shell, in place, so that every reference to it is read-only: a loaded measure (its
 *    rules, parameters, inputs), and data a module hands out from its functions (the tables
 *    sme.industry returns are those of sme.industries: sme.lua freezes them).
 *
 * The sandbox's rawset and setmetatable refuse both kinds, setmetatable also refuses __gc
 * and __close (a finalizer, or a __close run while a coroutine dies, runs with the count
 * hook off: nothing could stop a loop in it), and getmetatable hands out a view of every
 * metatable a script did not set itself. */
#include <stdio.h>
#include <string.h>

#include "host/gazette.h"
#include "lauxlib.h"

#define RO_SET "gazette.readonly"          /* protected table -> {name, kind} (weak keys) */
#define RO_VIEWS "gazette.views"           /* real table -> its view (weak keys) */
#define RO_OWN "gazette.script_metatables" /* metatables set by scripts (weak keys) */
#define RO_GLOBALS "gazette.script_globals" /* the view of the globals */

enum { KIND_LIBRARY = 1, KIND_GLOBALS = 2, KIND_MEASURE = 3, KIND_WORKFLOW = 4 };

static const char *kind_text(int kind) {
  switch (kind) {
    case KIND_GLOBALS: return "the globals are read-only";
    case KIND_MEASURE: return "a loaded measure is read-only";
    case KIND_WORKFLOW: return "a loaded workflow is read-only";
    default: return "the standard library is read-only";
  }
}

/* ---- the registry sets ---- */

static void weak_table(lua_State *L, const char *name) {
  if (luaL_getsubtable(L, LUA_REGISTRYINDEX, name)) return;
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
}

/* If the table at idx is protected, pushes nothing and fills name and kind; returns 1. */
static int ro_info(lua_State *L, int idx, const char **name, int *kind) {
  if (lua_type(L, idx) != LUA_TTABLE) return 0;
  idx = lua_absindex(L, idx);
  weak_table(L, RO_SET);
  lua_pushvalue(L, idx);
  if (lua_rawget(L, -2) != LUA_TTABLE) {
    lua_pop(L, 2);
    return 0;
  }
  lua_rawgeti(L, -1, 1);
  lua_rawgeti(L, -2, 2);
  if (name) *name = lua_tostring(L, -2); /* kept alive by the set's entry */
  if (kind) *kind = (int)lua_tointeger(L, -1);
  lua_pop(L, 4);
  return 1;
}

static void ro_mark(lua_State *L, int idx, const char *name, int kind) {
  idx = lua_absindex(L, idx);
  weak_table(L, RO_SET);
  lua_pushvalue(L, idx);
  lua_createtable(L, 2, 0);
  lua_pushstring(L, name);
  lua_rawseti(L, -2, 1);
  lua_pushinteger(L, kind);
  lua_rawseti(L, -2, 2);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

int gz_ro_is_protected(lua_State *L, int idx) { return ro_info(L, idx, NULL, NULL); }

/* "base.key", "base[3]" or "global 'key'": how an error names the slot. */
static const char *slot_name(lua_State *L, const char *base, int kind, int key) {
  int t = lua_type(L, key);
  if (kind == KIND_GLOBALS) {
    if (t == LUA_TSTRING) return lua_pushfstring(L, "global '%s'", lua_tostring(L, key));
    return lua_pushfstring(L, "a global (key of type %s)", luaL_typename(L, key));
  }
  if (t == LUA_TSTRING) return lua_pushfstring(L, "%s.%s", base, lua_tostring(L, key));
  if (t == LUA_TNUMBER && lua_isinteger(L, key)) return lua_pushfstring(L, "%s[%I]", base, (LUAI_UACINT)lua_tointeger(L, key));
  return lua_pushfstring(L, "%s[%s]", base, luaL_typename(L, key));
}

/* ---- views ---- */

static void push_view(lua_State *L, int real, const char *name, int kind);

/* The value on top, if a table nobody protects, becomes its view, named after base and key. */
static void wrap_top(lua_State *L, const char *base, int kind, int key) {
  if (lua_type(L, -1) != LUA_TTABLE || gz_ro_is_protected(L, -1)) return;
  int v = lua_gettop(L);
  const char *child = kind == KIND_GLOBALS && lua_type(L, key) == LUA_TSTRING ? lua_pushstring(L, lua_tostring(L, key))
                                                                             : slot_name(L, base, KIND_LIBRARY, key);
  push_view(L, v, child, KIND_LIBRARY);
  lua_replace(L, v);
  lua_settop(L, v);
}

/* The __index of a view is a mirror table, filled on first read with the real table's values
 * (tables among them as their views), so that reading a library function costs what reading a
 * table does; the mirror's __index is view_index. A value the real table holds itself is kept
 * in the mirror (the libraries do not change once loaded); one found through the real table's
 * own __index (a class) is looked up every time.
 * upvalues: 1 real table, 2 name, 3 kind, 4 (globals) the sandbox's own functions. Argument 1
 * is the mirror. */
static int view_index(lua_State *L) {
  int kind = (int)lua_tointeger(L, lua_upvalueindex(3));
  const char *name = lua_tostring(L, lua_upvalueindex(2));
  if (kind == KIND_GLOBALS) {
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(4)) == LUA_TNIL) {
      lua_pop(L, 1);
      lua_pushvalue(L, 2);
      if (lua_rawget(L, lua_upvalueindex(1)) == LUA_TNIL) {
        if (lua_type(L, 2) == LUA_TSTRING) return luaL_error(L, "undefined global '%s'", lua_tostring(L, 2));
        return luaL_error(L, "undefined global (a key of type %s)", luaL_typename(L, 2));
      }
    }
  } else {
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) == LUA_TNIL) {
      lua_pop(L, 1);
      lua_pushvalue(L, 2);
      lua_gettable(L, lua_upvalueindex(1)); /* the real table's own __index (classes) */
      wrap_top(L, name, kind, 2);
      return 1;
    }
  }
  wrap_top(L, name, kind, 2);
  if (lua_type(L, 1) == LUA_TTABLE) { /* keep it in the mirror */
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, 1);
  }
  return 1;
}

/* If the table at idx is a view, pushes its view_index closure and returns 1. */
static int view_closure(lua_State *L, int idx) {
  if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return 0;
  if (lua_getfield(L, -1, "__index") == LUA_TTABLE && lua_getmetatable(L, -1)) {
    if (lua_getfield(L, -1, "__index") == LUA_TFUNCTION && lua_tocfunction(L, -1) == view_index) {
      lua_replace(L, -4);
      lua_pop(L, 2);
      return 1;
    }
    lua_pop(L, 2);
  }
  lua_pop(L, 2);
  return 0;
}

static int view_newindex(lua_State *L) {
  int kind = (int)lua_tointeger(L, lua_upvalueindex(3));
  if (kind == KIND_GLOBALS && lua_type(L, 2) == LUA_TSTRING) {
    lua_pushvalue(L, 2);
    int exists = lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL;
    if (!exists) return luaL_error(L, "assignment to undeclared global '%s' (declare it with 'local')", lua_tostring(L, 2));
  }
  if (kind != KIND_GLOBALS) { /* a module that refuses every use says why first (ffi while off) */
    lua_pushvalue(L, 2);
    lua_gettable(L, lua_upvalueindex(1));
    lua_pop(L, 1);
  }
  const char *slot = slot_name(L, lua_tostring(L, lua_upvalueindex(2)), kind, 2);
  return luaL_error(L, "cannot assign %s: %s", slot, kind_text(kind));
}

/* pairs(view): the real table's pairs, its table values as views (the globals: the
 * sandbox's own functions in place of the stdlib's). upvalues as view_index. */
static int view_next(lua_State *L) {
  int kind = (int)lua_tointeger(L, lua_upvalueindex(3));
  lua_settop(L, 2);
  if (!lua_next(L, lua_upvalueindex(1))) return 0;
  int k = lua_gettop(L) - 1;
  if (kind == KIND_GLOBALS) {
    lua_pushvalue(L, k);
    if (lua_rawget(L, lua_upvalueindex(4)) != LUA_TNIL) {
      lua_replace(L, k + 1);
      return 2;
    }
    lua_pop(L, 1);
  }
  wrap_top(L, lua_tostring(L, lua_upvalueindex(2)), kind, k);
  return 2;
}

/* The real table's own __pairs, its values as views. upvalues: 1 its iterator, 2 its state,
 * 3 name, 4 kind. */
static int view_meta_next(lua_State *L) {
  lua_settop(L, 2);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_pushvalue(L, 2);
  lua_call(L, 2, 2);
  if (lua_isnil(L, -2)) return 0;
  wrap_top(L, lua_tostring(L, lua_upvalueindex(3)), (int)lua_tointeger(L, lua_upvalueindex(4)), lua_gettop(L) - 1);
  return 2;
}

static int view_pairs(lua_State *L) {
  if (luaL_getmetafield(L, lua_upvalueindex(1), "__pairs") != LUA_TNIL) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 1, 3); /* iterator, state, first key */
    lua_pushvalue(L, -3);
    lua_pushvalue(L, -3);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, lua_upvalueindex(3));
    lua_pushcclosure(L, view_meta_next, 4);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, -3);
    return 3;
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_pushvalue(L, lua_upvalueindex(3));
  lua_pushvalue(L, lua_upvalueindex(4));
  lua_pushcclosure(L, view_next, 4);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

static int view_len(lua_State *L) {
  lua_pushinteger(L, luaL_len(L, lua_upvalueindex(1)));
  return 1;
}

/* The real table behind a view (or the value itself). */
void gz_ro_push_real(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  if (view_closure(L, idx)) {
    lua_getupvalue(L, -1, 1);
    lua_remove(L, -2);
    return;
  }
  lua_pushvalue(L, idx);
}

/* view == real (a sentinel such as workflow.previous compared with its view) */
static int view_eq(lua_State *L) {
  gz_ro_push_real(L, 1);
  gz_ro_push_real(L, 2);
  lua_pushboolean(L, lua_rawequal(L, -1, -2));
  return 1;
}

static void push_view_closure(lua_State *L, lua_CFunction f, int real, const char *name, int kind, int extra) {
  lua_pushvalue(L, real);
  lua_pushstring(L, name);
  lua_pushinteger(L, kind);
  if (extra) lua_pushvalue(L, extra);
  else lua_pushnil(L);
  lua_pushcclosure(L, f, 4);
}

static void push_view_closures(lua_State *L, int mt, int real, const char *name, int kind, int extra) {
  lua_createtable(L, 0, 0); /* the mirror */
  lua_createtable(L, 0, 1);
  push_view_closure(L, view_index, real, name, kind, extra);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
  lua_setfield(L, mt, "__index");
  push_view_closure(L, view_newindex, real, name, kind, extra);
  lua_setfield(L, mt, "__newindex");
  push_view_closure(L, view_pairs, real, name, kind, extra);
  lua_setfield(L, mt, "__pairs");
}

static void make_view(lua_State *L, int real, const char *name, int kind, int extra) {
  real = lua_absindex(L, real);
  lua_newtable(L);
  int v = lua_gettop(L);
  lua_createtable(L, 0, 8);
  int mt = v + 1;
  push_view_closures(L, mt, real, name, kind, extra);
  lua_pushvalue(L, real);
  lua_pushcclosure(L, view_len, 1);
  lua_setfield(L, mt, "__len");
  lua_pushcfunction(L, view_eq);
  lua_setfield(L, mt, "__eq");
  lua_pushboolean(L, 0);
  lua_setfield(L, mt, "__metatable");
  if (lua_getmetatable(L, real)) { /* a callable module (measure { }, money("…")), tostring */
    static const char *const keep[] = {"__call", "__tostring", NULL};
    for (const char *const *k = keep; *k; k++) {
      if (lua_getfield(L, -1, *k) != LUA_TNIL) lua_setfield(L, mt, *k);
      else lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  lua_setmetatable(L, v);
  ro_mark(L, v, name, kind);
  weak_table(L, RO_VIEWS);
  lua_pushvalue(L, real);
  lua_pushvalue(L, v);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

static void push_view(lua_State *L, int real, const char *name, int kind) {
  real = lua_absindex(L, real);
  weak_table(L, RO_VIEWS);
  lua_pushvalue(L, real);
  if (lua_rawget(L, -2) == LUA_TTABLE) {
    lua_remove(L, -2);
    return;
  }
  lua_pop(L, 2);
  make_view(L, real, name, kind, 0);
}

void gz_ro_push_view(lua_State *L, int idx, const char *name) {
  if (lua_type(L, idx) != LUA_TTABLE || gz_ro_is_protected(L, idx)) {
    lua_pushvalue(L, idx);
    return;
  }
  push_view(L, idx, name, KIND_LIBRARY);
}

int gz_ro_push_globals(lua_State *L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, RO_GLOBALS) == LUA_TTABLE) return 1;
  lua_pop(L, 1);
  lua_pushglobaltable(L); /* before the lock: the real globals */
  return 0;
}

/* ---- frozen tables ---- */

/* upvalues: 1 name, 2 kind */
static int frozen_newindex(lua_State *L) {
  int kind = (int)lua_tointeger(L, lua_upvalueindex(2));
  const char *slot = slot_name(L, lua_tostring(L, lua_upvalueindex(1)), kind, 2);
  return luaL_error(L, "cannot assign %s: %s", slot, kind_text(kind));
}

/* upvalue 1: the store */
static int frozen_next(lua_State *L) {
  lua_settop(L, 2);
  return lua_next(L, lua_upvalueindex(1)) ? 2 : 0;
}

static int frozen_pairs(lua_State *L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushcclosure(L, frozen_next, 1);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

static int frozen_len(lua_State *L) {
  lua_pushinteger(L, luaL_len(L, lua_upvalueindex(1)));
  return 1;
}

/* A table with a key "__..." is a metatable or a class: metamethods are looked up raw, so it
 * cannot become a shell; it is left as it is (a script reaches it only as a view). */
static int looks_like_metatable(lua_State *L, int t) {
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (lua_type(L, -2) == LUA_TSTRING && strncmp(lua_tostring(L, -2), "__", 2) == 0) {
      lua_pop(L, 2);
      return 1;
    }
    lua_pop(L, 1);
  }
  return 0;
}

static void freeze(lua_State *L, int t, const char *name, int kind, int skip, int depth) {
  t = lua_absindex(L, t);
  if (depth > 64 || gz_ro_is_protected(L, t) || looks_like_metatable(L, t)) return;
  if (luaL_getmetafield(L, t, "__metatable") != LUA_TNIL) { /* someone else's protected object */
    lua_pop(L, 1);
    return;
  }
  lua_newtable(L);
  int store = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, store);
  }
  lua_pushnil(L);
  while (lua_next(L, store)) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_pushnil(L);
    lua_rawset(L, t);
  }
  /* the shell's metatable: the old one's metamethods, reads from the store, no writes */
  lua_createtable(L, 0, 8);
  int mt = lua_gettop(L);
  if (lua_getmetatable(L, t)) {
    int old = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, old)) {
      const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
      if (strcmp(k, "__index") && strcmp(k, "__newindex") && strcmp(k, "__pairs") && strcmp(k, "__len") &&
          strcmp(k, "__gc") && strcmp(k, "__close") && strcmp(k, "__mode")) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, mt);
      } else
        lua_pop(L, 1);
    }
    /* the store keeps the old metatable's fields (its class, __jsonorder for C that reads the
     * store) but none that would run code by itself */
    lua_createtable(L, 0, 4);
    lua_pushnil(L);
    while (lua_next(L, old)) {
      const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
      if (strcmp(k, "__gc") && strcmp(k, "__close") && strcmp(k, "__mode") && strcmp(k, "__newindex")) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
      } else
        lua_pop(L, 1);
    }
    lua_setmetatable(L, store);
    lua_pop(L, 1);
  }
  lua_pushvalue(L, store);
  lua_setfield(L, mt, "__index");
  lua_pushstring(L, name);
  lua_pushinteger(L, kind);
  lua_pushcclosure(L, frozen_newindex, 2);
  lua_setfield(L, mt, "__newindex");
  lua_pushvalue(L, store);
  lua_pushcclosure(L, frozen_pairs, 1);
  lua_setfield(L, mt, "__pairs");
  lua_pushvalue(L, store);
  lua_pushcclosure(L, frozen_len, 1);
  lua_setfield(L, mt, "__len");
  lua_setmetatable(L, t);
  ro_mark(L, t, name, kind);
  /* then what it holds */
  lua_pushnil(L);
  while (lua_next(L, store)) {
    int skipped = 0;
    if (skip) { /* a key left as it is (a measure's test cases) */
      lua_pushvalue(L, -2);
      skipped = lua_rawget(L, skip) != LUA_TNIL;
      lua_pop(L, 1);
    }
    if (!skipped && lua_type(L, -1) == LUA_TTABLE) {
      const char *child = slot_name(L, name, KIND_LIBRARY, lua_gettop(L) - 1);
      freeze(L, -2, child, kind, 0, depth + 1);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  lua_settop(L, store - 1);
}

void gz_ro_freeze(lua_State *L, int idx, const char *name, const char *what, int skip) {
  int kind = !what ? KIND_LIBRARY : strcmp(what, "measure") == 0 ? KIND_MEASURE
           : strcmp(what, "workflow") == 0 ? KIND_WORKFLOW : KIND_LIBRARY;
  freeze(L, idx, name, kind, skip ? lua_absindex(L, skip) : 0, 0);
}

/* ---- reading through: rawget, rawlen and next see what a protected table shows ---- */

/* For a view, pushes its real table, name, kind and the globals' overrides (4 values) and
 * returns 1; for a frozen table, pushes its store and returns 2; otherwise pushes nothing. */
static int protected_parts(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  if (view_closure(L, idx)) {
    for (int i = 1; i <= 4; i++) lua_getupvalue(L, -i, i);
    lua_remove(L, -5); /* the closure */
    return 1;
  }
  if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return 0;
  lua_getfield(L, -1, "__index");
  lua_getfield(L, -2, "__newindex");
  if (lua_tocfunction(L, -1) == frozen_newindex && lua_type(L, -2) == LUA_TTABLE) {
    lua_pop(L, 1);
    lua_remove(L, -2);
    return 2;
  }
  lua_pop(L, 3);
  return 0;
}

void gz_ro_push_readable(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  int kind = protected_parts(L, idx);
  if (kind == 1) lua_pop(L, 3); /* the real table stays */
  else if (kind == 0) lua_pushvalue(L, idx);
}

static int ro_rawget(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  lua_settop(L, 2);
  int kind = protected_parts(L, 1);
  if (kind == 0) {
    lua_pushvalue(L, 2);
    lua_rawget(L, 1);
    return 1;
  }
  if (kind == 2) {
    lua_pushvalue(L, 2);
    lua_rawget(L, 3);
    return 1;
  }
  int vkind = (int)lua_tointeger(L, 5); /* 3 real, 4 name, 5 kind, 6 overrides */
  if (vkind == KIND_GLOBALS) {
    lua_pushvalue(L, 2);
    if (lua_rawget(L, 6) != LUA_TNIL) return 1;
    lua_pop(L, 1);
  }
  lua_pushvalue(L, 2);
  lua_rawget(L, 3);
  wrap_top(L, lua_tostring(L, 4), vkind, 2);
  return 1;
}

static int ro_rawlen(lua_State *L) {
  int t = lua_type(L, 1);
  luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TSTRING, 1, "table or string");
  int kind = protected_parts(L, 1);
  lua_pushinteger(L, (lua_Integer)lua_rawlen(L, kind ? lua_gettop(L) - (kind == 1 ? 3 : 0) : 1));
  return 1;
}

static int ro_next(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  int kind = protected_parts(L, 1);
  if (kind == 0) {
    lua_settop(L, 2);
    return lua_next(L, 1) ? 2 : (lua_pushnil(L), 1);
  }
  if (kind == 2) {
    lua_pushvalue(L, 2);
    return lua_next(L, 3) ? 2 : (lua_pushnil(L), 1);
  }
  int vkind = (int)lua_tointeger(L, 5);
  lua_pushvalue(L, 2);
  if (!lua_next(L, 3)) {
    lua_pushnil(L);
    return 1;
  }
  int k = lua_gettop(L) - 1;
  if (vkind == KIND_GLOBALS) {
    lua_pushvalue(L, k);
    if (lua_rawget(L, 6) != LUA_TNIL) {
      lua_replace(L, k + 1);
      return 2;
    }
    lua_pop(L, 1);
  }
  wrap_top(L, lua_tostring(L, 4), vkind, k);
  return 2;
}

/* ---- the sandbox's rawset, setmetatable and getmetatable ---- */

static int ro_rawset(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  luaL_checkany(L, 3);
  const char *name;
  int kind;
  if (ro_info(L, 1, &name, &kind))
    return luaL_error(L, "cannot rawset %s: %s", slot_name(L, name, kind, 2), kind_text(kind));
  lua_settop(L, 3);
  lua_rawset(L, 1);
  return 1;
}

static int ro_setmetatable(lua_State *L) {
  int t = lua_type(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
  const char *name;
  int kind;
  if (ro_info(L, 1, &name, &kind))
    return luaL_error(L, "cannot change the metatable of %s: %s", kind == KIND_GLOBALS ? "_G" : name, kind_text(kind));
  if (t == LUA_TTABLE) {
    static const char *const refused[] = {"__gc", "__close", NULL};
    for (const char *const *f = refused; *f; f++) {
      lua_pushstring(L, *f);
      if (lua_rawget(L, 2) != LUA_TNIL)
        return luaL_error(L,
                          "setmetatable: %s is not allowed in the sandbox (it would run outside the budgets, "
                          "where nothing can stop it)",
                          *f);
      lua_pop(L, 1);
    }
  }
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  if (t == LUA_TTABLE) { /* the script's own: getmetatable gives it back as it is */
    weak_table(L, RO_OWN);
    lua_pushvalue(L, 2);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
  }
  return 1;
}

static int ro_getmetatable(lua_State *L) {
  luaL_checkany(L, 1);
  if (!lua_getmetatable(L, 1)) {
    lua_pushnil(L);
    return 1;
  }
  int mt = lua_gettop(L);
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return 1;
  weak_table(L, RO_OWN);
  lua_pushvalue(L, mt);
  if (lua_rawget(L, -2) != LUA_TNIL) {
    lua_pushvalue(L, mt);
    return 1;
  }
  lua_settop(L, mt);
  const char *of;
  if (!ro_info(L, 1, &of, NULL)) {
    lua_getfield(L, mt, "__name");
    of = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : luaL_typename(L, 1);
  }
  const char *name = lua_pushfstring(L, "getmetatable(%s)", of);
  push_view(L, mt, name, KIND_LIBRARY);
  return 1;
}

/* ---- the lock ---- */

void gz_ro_lock(lua_State *L, int overrides) {
  overrides = lua_absindex(L, overrides);
  lua_pushglobaltable(L);
  int g = lua_gettop(L);
  lua_pushcfunction(L, ro_rawset);
  lua_setfield(L, overrides, "rawset");
  lua_pushcfunction(L, ro_setmetatable);
  lua_setfield(L, overrides, "setmetatable");
  lua_pushcfunction(L, ro_getmetatable);
  lua_setfield(L, overrides, "getmetatable");

  /* rawget, rawlen and next see through a protected table for everyone: the stdlib reads a
   * loaded measure as it did before it was frozen */
  static const luaL_Reg through[] = {{"rawget", ro_rawget}, {"rawlen", ro_rawlen}, {"next", ro_next}, {NULL, NULL}};
  for (const luaL_Reg *f = through; f->name; f++) {
    lua_pushcfunction(L, f->func);
    lua_setfield(L, g, f->name);
  }
  make_view(L, g, "_G", KIND_GLOBALS, overrides);
  lua_setfield(L, LUA_REGISTRYINDEX, RO_GLOBALS);
  lua_pop(L, 1);
}
