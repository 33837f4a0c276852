/* ljson.c: module `json`. Decoding uses jansson (line and column in every error);
 * encoding is written here because Gazette needs what jansson cannot give: key order
 * chosen by the caller (metatable field __jsonorder), values that encode themselves
 * (__tojson, as money and dates do), and shortest round-trip numbers. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "host/gazette.h"
#include "lauxlib.h"
#include "lua/ljson.h"
#include "lua/owned.h"

#define JSON_MAX_DEPTH 200

/* json.null: a light userdata that cannot collide with any Lua value. */
static const char json_null_tag = 0;
void gz_json_pushnull(lua_State *L) { lua_pushlightuserdata(L, (void *)&json_null_tag); }
int gz_json_isnull(lua_State *L, int idx) {
  return lua_type(L, idx) == LUA_TLIGHTUSERDATA && lua_touserdata(L, idx) == &json_null_tag;
}

/* Arrays decoded from JSON keep a marker metatable so that [] re-encodes as []. */
static const char *const ARRAY_MT = "gazette.json.array";

/* ---- decode ---- */

static void push_json(lua_State *L, json_t *j) {
  luaL_checkstack(L, 4, "json nesting too deep");
  gz_work(L, 1);
  switch (json_typeof(j)) {
    case JSON_OBJECT: {
      const char *k;
      json_t *v;
      lua_createtable(L, 0, (int)json_object_size(j));
      json_object_foreach(j, k, v) {
        push_json(L, v);
        lua_setfield(L, -2, k);
      }
      break;
    }
    case JSON_ARRAY: {
      size_t i;
      json_t *v;
      lua_createtable(L, (int)json_array_size(j), 0);
      json_array_foreach(j, i, v) {
        push_json(L, v);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
      }
      luaL_setmetatable(L, ARRAY_MT);
      break;
    }
    case JSON_STRING: lua_pushlstring(L, json_string_value(j), json_string_length(j)); break;
    case JSON_INTEGER: lua_pushinteger(L, (lua_Integer)json_integer_value(j)); break;
    case JSON_REAL: lua_pushnumber(L, json_real_value(j)); break;
    case JSON_TRUE: lua_pushboolean(L, 1); break;
    case JSON_FALSE: lua_pushboolean(L, 0); break;
    case JSON_NULL: gz_json_pushnull(L); break;
  }
}

/* jansson's memory is not the interpreter's: while a text is decoded, what jansson allocates
 * counts against what is left of the memory budget, so that a short text of many tiny values
 * cannot take gigabytes outside it (docs/sandbox.md). Every jansson allocation of the process
 * goes through here (this file is its only user). */
#define JANS_HEADER 16
static size_t jans_used, jans_limit; /* limit 0: none */
static int jans_refused;

static void *jans_malloc(size_t n) {
  if (n > (size_t)-1 - JANS_HEADER || (jans_limit && jans_used + n > jans_limit)) {
    jans_refused = 1;
    return NULL;
  }
  size_t *p = malloc(n + JANS_HEADER);
  if (!p) return NULL;
  p[0] = n;
  jans_used += n;
  return (char *)p + JANS_HEADER;
}

static void jans_free(void *q) {
  if (!q) return;
  size_t *p = (size_t *)(void *)((char *)q - JANS_HEADER);
  jans_used -= p[0];
  free(p);
}

/* The decoded tree, owned by a to-be-closed box while it becomes Lua values: building them
 * can raise (the budgets), and the tree must not outlive that (lua/owned.h). */
typedef struct jbox {
  json_t *j;
} jbox;

static int jbox_release(lua_State *L) {
  jbox *b = luaL_checkudata(L, 1, "gazette.json.tree");
  if (b->j) json_decref(b->j);
  b->j = NULL;
  return 0;
}

int gz_json_decode(lua_State *L, const char *s, size_t len, char *err, size_t errlen) {
  static int alloc_set;
  if (!alloc_set) {
    json_set_alloc_funcs(jans_malloc, jans_free);
    alloc_set = 1;
  }
  gz_work(L, (long long)(len / 16) + 1); /* the parse is linear in the text: counted */
  json_error_t e;
  size_t left = gz_mem_left(L);
  jans_limit = left == (size_t)-1 ? 0 : left;
  jans_refused = 0;
  int box = lua_gettop(L) + 1;
  jbox *b = gz_box(L, sizeof *b, "gazette.json.tree", jbox_release); /* before the tree exists */
  json_t *j = b->j = json_loadb(s, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &e);
  jans_limit = 0;
  if (!j) {
    if (jans_refused)
      return luaL_error(L, "memory budget exceeded: decoding %d bytes of JSON needs more than the %d MiB left "
                           "(raise it with --max-memory)", (int)(len > 0x7fffffff ? 0x7fffffff : len), (int)(left >> 20));
    snprintf(err, errlen, "line %d, column %d: %s", e.line, e.column, e.text);
    gz_box_settop(L, box - 1); /* the empty box closes */
    return 0;
  }
  push_json(L, j);
  gz_box_close(L, box); /* the tree is freed; the value takes the box's place */
  lua_remove(L, box);
  return 1;
}

/* ---- encode ---- */

/* The output buffer is malloc'd memory owned by a userdata with __gc, so that an error
 * raised in the middle (a __tojson that fails) cannot leak it. luaL_Buffer does not fit:
 * it needs the stack top to itself, and the encoder pushes values while it writes. */
typedef struct sbuf {
  char *p;
  size_t n, cap;
} sbuf;

static int sbuf_gc(lua_State *L) {
  sbuf *b = lua_touserdata(L, 1);
  free(b->p);
  b->p = NULL;
  return 0;
}

static void sbuf_add(lua_State *L, sbuf *b, const char *s, size_t n) {
  if (b->cap - b->n < n) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->n < n) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) luaL_error(L, "json.encode: out of memory");
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
}

#define buf_addchar(B, c)               \
  do {                                  \
    char c_ = (c);                      \
    sbuf_add(e->L, (B), &c_, 1);        \
  } while (0)
#define buf_addstring(B, s) sbuf_add(e->L, (B), (s), strlen(s))

typedef struct enc {
  lua_State *L;
  sbuf *b;
  int indent;
  char path[256]; /* where we are, for error messages */
  char *err;
  size_t errlen;
} enc;

static int enc_fail(enc *e, const char *fmt, const char *what) {
  char msg[200];
  snprintf(msg, sizeof msg, fmt, what);
  snprintf(e->err, e->errlen, "%s at %s", msg, e->path);
  return 0;
}

static int utf8_valid(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t k;
    unsigned min;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      k = 1, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      k = 2, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      k = 3, min = 0x10000, c &= 0x07;
    } else
      return 0;
    if (n - i <= k) return 0; /* truncated sequence */
    for (size_t j = 1; j <= k; j++) {
      if ((s[i + j] & 0xC0) != 0x80) return 0;
      c = (c << 6) | (s[i + j] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    i += k + 1;
  }
  return 1;
}

static int enc_string(enc *e, const char *s, size_t n) {
  if (!utf8_valid((const unsigned char *)s, n)) return enc_fail(e, "%s", "invalid UTF-8 in a string");
  buf_addchar(e->b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
      case '"': buf_addstring(e->b, "\\\""); break;
      case '\\': buf_addstring(e->b, "\\\\"); break;
      case '\n': buf_addstring(e->b, "\\n"); break;
      case '\r': buf_addstring(e->b, "\\r"); break;
      case '\t': buf_addstring(e->b, "\\t"); break;
      default:
        if (c < 0x20) {
          char u[8];
          snprintf(u, sizeof u, "\\u%04x", c);
          buf_addstring(e->b, u);
        } else
          buf_addchar(e->b, (char)c);
    }
  }
  buf_addchar(e->b, '"');
  return 1;
}

/* The shortest text that reads back as the same double. */
static void fmt_double(double d, char *buf, size_t n) {
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, n, "%.*g", prec, d);
    if (strtod(buf, NULL) == d) break;
  }
  if (!strpbrk(buf, ".eEn")) strncat(buf, ".0", n - strlen(buf) - 1);
}

static int enc_value(enc *e, int idx, int depth);

static void enc_newline(enc *e, int depth) {
  if (!e->indent) return;
  buf_addchar(e->b, '\n');
  for (int i = 0; i < depth; i++) buf_addstring(e->b, "  ");
}

/* A table is an array when it is marked as one, or when its keys are exactly 1..n (n > 0). */
static int is_array(lua_State *L, int idx, lua_Integer *n) {
  if (lua_getmetatable(L, idx)) {
    luaL_getmetatable(L, ARRAY_MT);
    int marked = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    if (marked) {
      *n = (lua_Integer)lua_rawlen(L, idx);
      return 1;
    }
  }
  lua_Integer count = 0, max = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1)) {
      lua_pop(L, 1);
      return 0;
    }
    lua_Integer k = lua_tointeger(L, -1);
    if (k < 1) {
      lua_pop(L, 1);
      return 0;
    }
    if (k > max) max = k;
    count++;
  }
  *n = count;
  return count > 0 && count == max;
}

static int enc_key_value(enc *e, int tbl, int depth, int *first) {
  /* key at -1; value is t[key] */
  size_t plen = strlen(e->path);
  const char *k = lua_tostring(e->L, -1);
  if (!*first) buf_addchar(e->b, ',');
  *first = 0;
  enc_newline(e, depth + 1);
  size_t kl;
  k = lua_tolstring(e->L, -1, &kl);
  if (!enc_string(e, k, kl)) return 0;
  buf_addstring(e->b, e->indent ? ": " : ":");
  snprintf(e->path + plen, sizeof e->path - plen, ".%s", k);
  lua_gettable(e->L, tbl); /* consumes the key */
  int ok = enc_value(e, lua_gettop(e->L), depth + 1);
  lua_pop(e->L, 1);
  e->path[plen] = 0;
  return ok;
}

static int cmp_keys(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static int enc_object(enc *e, int idx, int depth) {
  lua_State *L = e->L;
  int first = 1;
  luaL_checkstack(L, 24, "json nesting too deep");
  buf_addchar(e->b, '{');
  /* keys named in __jsonorder first, in that order */
  lua_newtable(L); /* keys already written */
  int done = lua_gettop(L);
  if (luaL_getmetafield(L, idx, "__jsonorder") == LUA_TTABLE) {
    /* the order list may be read-only (a loaded measure's output names: docs/sandbox.md) */
    lua_Integer n = luaL_len(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
      lua_geti(L, -1, i);
      lua_pushvalue(L, -1);
      if (lua_rawget(L, idx) == LUA_TNIL) { /* absent: skipped */
        lua_pop(L, 2);
        continue;
      }
      lua_pop(L, 1);
      lua_pushvalue(L, -1);
      lua_pushboolean(L, 1);
      lua_rawset(L, done);
      if (!enc_key_value(e, idx, depth, &first)) return 0;
    }
    lua_pop(L, 1);
  }
  /* then the rest, sorted so that output is deterministic */
  int nkeys = 0, cap = 16;
  const char **keys = lua_newuserdatauv(L, sizeof(char *) * (size_t)cap, 0);
  int keysidx = lua_gettop(L);
  lua_newtable(L); /* anchors the key strings */
  int anchor = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING) {
      if (lua_type(L, -1) == LUA_TNUMBER) return enc_fail(e, "%s", "a table mixes array items and named fields");
      return enc_fail(e, "object keys must be strings, got a %s", luaL_typename(L, -1));
    }
    lua_pushvalue(L, -1);
    if (lua_rawget(L, done) != LUA_TNIL) {
      lua_pop(L, 1);
      continue;
    }
    lua_pop(L, 1);
    if (nkeys == cap) {
      cap *= 2;
      const char **nk = lua_newuserdatauv(L, sizeof(char *) * (size_t)cap, 0);
      memcpy(nk, keys, sizeof(char *) * (size_t)nkeys);
      lua_replace(L, keysidx);
      keys = nk;
    }
    lua_pushvalue(L, -1);
    lua_rawseti(L, anchor, nkeys + 1);
    keys[nkeys++] = lua_tostring(L, -1);
  }
  qsort(keys, (size_t)nkeys, sizeof *keys, cmp_keys);
  for (int i = 0; i < nkeys; i++) {
    lua_pushstring(L, keys[i]);
    if (!enc_key_value(e, idx, depth, &first)) return 0;
  }
  lua_settop(L, done - 1);
  if (!first) enc_newline(e, depth);
  buf_addchar(e->b, '}');
  return 1;
}

static int enc_value(enc *e, int idx, int depth) {
  lua_State *L = e->L;
  char num[64];
  gz_work(L, 1); /* a value written: counted (docs/sandbox.md) */
  if (depth > JSON_MAX_DEPTH) return enc_fail(e, "%s", "nesting deeper than 200 levels (a cycle?)");
  luaL_checkstack(L, 8, "json nesting too deep");
  switch (lua_type(L, idx)) {
    case LUA_TNIL: buf_addstring(e->b, "null"); return 1;
    case LUA_TBOOLEAN: buf_addstring(e->b, lua_toboolean(L, idx) ? "true" : "false"); return 1;
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) {
        snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, idx));
      } else {
        double d = lua_tonumber(L, idx);
        if (!isfinite(d)) return enc_fail(e, "%s", "NaN or infinity has no JSON form");
        fmt_double(d, num, sizeof num);
      }
      buf_addstring(e->b, num);
      return 1;
    case LUA_TSTRING: {
      size_t n;
      const char *s = lua_tolstring(L, idx, &n);
      return enc_string(e, s, n);
    }
    case LUA_TLIGHTUSERDATA:
      if (gz_json_isnull(L, idx)) {
        buf_addstring(e->b, "null");
        return 1;
      }
      break;
    case LUA_TTABLE:
    case LUA_TUSERDATA:
      if (luaL_getmetafield(L, idx, "__tojson") != LUA_TNIL) {
        lua_pushvalue(L, idx);
        lua_call(L, 1, 1);
        int ok = enc_value(e, lua_gettop(L), depth + 1);
        lua_pop(L, 1);
        return ok;
      }
      if (lua_type(L, idx) == LUA_TUSERDATA) break;
      {
        /* a read-only table (a library's view, a loaded measure) is read through (docs/sandbox.md) */
        gz_ro_push_readable(L, idx);
        if (!lua_rawequal(L, -1, idx)) {
          int ok = enc_value(e, lua_gettop(L), depth);
          lua_pop(L, 1);
          return ok;
        }
        lua_pop(L, 1);
        lua_Integer n;
        if (is_array(L, idx, &n)) {
          buf_addchar(e->b, '[');
          size_t plen = strlen(e->path);
          for (lua_Integer i = 1; i <= n; i++) {
            if (i > 1) buf_addchar(e->b, ',');
            enc_newline(e, depth + 1);
            snprintf(e->path + plen, sizeof e->path - plen, "[%lld]", (long long)i);
            lua_rawgeti(L, idx, i);
            if (!enc_value(e, lua_gettop(L), depth + 1)) return 0;
            lua_pop(L, 1);
          }
          e->path[plen] = 0;
          if (n > 0) enc_newline(e, depth);
          buf_addchar(e->b, ']');
          return 1;
        }
        return enc_object(e, idx, depth);
      }
    default: break;
  }
  return enc_fail(e, "a %s value has no JSON form", luaL_typename(L, idx));
}

int gz_json_encode(lua_State *L, int idx, int indent, char *err, size_t errlen) {
  idx = lua_absindex(L, idx);
  int top = lua_gettop(L);
  sbuf *b = lua_newuserdatauv(L, sizeof *b, 0);
  memset(b, 0, sizeof *b);
  if (luaL_newmetatable(L, "gazette.json.buffer")) {
    lua_pushcfunction(L, sbuf_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  enc e = {L, b, indent, "$", err, errlen};
  int ok = enc_value(&e, idx, 0);
  if (ok) lua_pushlstring(L, b->p ? b->p : "", b->n);
  free(b->p);
  b->p = NULL;
  if (!ok) {
    lua_settop(L, top);
    return 0;
  }
  lua_replace(L, top + 1); /* the string takes the buffer's slot */
  return 1;
}

/* json.encode(v [, {indent = true}]) */
static int lj_encode(lua_State *L) {
  luaL_checkany(L, 1);
  int indent = 0;
  if (lua_istable(L, 2)) {
    lua_getfield(L, 2, "indent");
    indent = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  lua_settop(L, 1);
  char err[400];
  if (!gz_json_encode(L, 1, indent, err, sizeof err)) return luaL_error(L, "json.encode: %s", err);
  return 1;
}

/* json.decode(s) -> value | nil, "line L, column C: reason" */
static int lj_decode(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  char err[300];
  if (!gz_json_decode(L, s, n, err, sizeof err)) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  return 1;
}

/* json.exact_numbers(s) -> true | false, why: every number of the (valid) JSON text s reads back
 * exactly as written through its shortest decimal form, which is how the measure language
 * reads a JSON float (core/jsonexact.c); why names the first that does not, with its key, line
 * and column, and says to write it as a string. */
static int lj_exact_numbers(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  char err[600];
  gz_work(L, (long long)(n / 16) + 1); /* one pass over the text: counted */
  if (gz_json_exact_numbers(s, n, err, sizeof err)) {
    lua_pushboolean(L, 1);
    return 1;
  }
  lua_pushboolean(L, 0);
  lua_pushstring(L, err);
  return 2;
}

/* json.array(t): marks t so that it encodes as an array even when empty. */
static int lj_array(lua_State *L) {
  if (lua_isnoneornil(L, 1)) lua_newtable(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  luaL_setmetatable(L, ARRAY_MT);
  return 1;
}

static int lj_isnull(lua_State *L) {
  lua_pushboolean(L, gz_json_isnull(L, 1));
  return 1;
}

static const luaL_Reg json_funcs[] = {{"encode", lj_encode},
                                      {"decode", lj_decode},
                                      {"array", lj_array},
                                      {"isnull", lj_isnull},
                                      {"exact_numbers", lj_exact_numbers},
                                      {NULL, NULL}};

int luaopen_json(lua_State *L) {
  luaL_newmetatable(L, ARRAY_MT);
  lua_pushboolean(L, 1);
  lua_setfield(L, -2, "__jsonarray");
  lua_pop(L, 1);
  luaL_newlib(L, json_funcs);
  gz_json_pushnull(L);
  lua_setfield(L, -2, "null");
  return 1;
}
