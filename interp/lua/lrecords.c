/* lrecords.c: module `records`, SQLite tables and queries seen from Lua as streams of
 * records (docs/records.md).
 *
 *   local db = records.open("e.db" [, {readonly = true, create = false}])  -- read-only by default
 *   for r, err in db:rows("enterprises", {where = "employees > ?", params = {10}, limit = 100,
 *                                          types = {revenue = "money", established_on = "date"},
 *                                          children = {hires = {table = "hires", key = "parent_id"}}}) do
 *     ...   -- r: a table of the row's non-NULL columns; err: nil, or why a field did not convert
 *   end
 *   db:get("enterprises", 17 [, opts]) -> record | nil, reason
 *   db:count(table_or_select [, {where=, params=}]), db:tables(), db:columns(t), db:exec(sql), db:close()
 *   db:key(table [, column]) -> the key of its records | nil, reason; db:check_where(table, sql)
 *
 * A `where` option is one SQL condition: no comment, ';' or ')' closing what it did not open.
 * Values come as SQLite holds them (INTEGER as integer, TEXT as string, REAL as float, NULL as
 * absent) unless `types` names a conversion: money (INTEGER or decimal TEXT yuan, or Chinese
 * amounts such as "2500万元"), date (ISO or Chinese), boolean (0/1, 是/否, true/false),
 * integer, text; `types` may also be a measure's `inputs` ({name = {type = ...}}), whose
 * other types (ratio, decimal, list) come raw. A field that does not convert makes the iterator return the record (its key
 * and the fields that did convert) and a message naming table, record key, column and value;
 * the next record is read as usual. With `strict = true` the message is raised instead.
 *
 * A statement is never held raw across a Lua call that can raise: a cursor's statements are
 * its userdata's from the moment they are prepared, and a statement read while a result is
 * built lives in a to-be-closed box (lua/owned.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "core/sqlcheck.h"
#include "host/gazette.h"
#include "lauxlib.h"
#include "lua/ldate.h"
#include "lua/lmoney.h"
#include "lua/owned.h"

#define DB_MT "gazette.records.db"
#define CURSOR_MT "gazette.records.cursor"
#define MAX_CHILDREN 16

enum { T_RAW, T_TEXT, T_INTEGER, T_BOOLEAN, T_DATE, T_MONEY };
static const char *const type_names[] = {"raw", "text", "integer", "boolean", "date", "money", NULL};

typedef struct rdb {
  sqlite3 *db;
  int readonly;
} rdb;

/* One prepared statement and how to turn its rows into Lua tables. Column names, the
 * source label ("table enterprises") and the key name live in a Lua table (uservalue). */
typedef struct rstmt {
  sqlite3_stmt *st;
  int ncols;
  int keycol;        /* column giving the record key in messages; -1: the row number */
  int refcol;        /* children: parent column whose value selects them */
  unsigned char *types; /* per column */
} rstmt;

typedef struct rcursor {
  rstmt main;
  rstmt child[MAX_CHILDREN];
  int nchildren;
  int strict;
  long long rownum;
} rcursor;

/* ---- the database ---- */

static rdb *records_checkdb(lua_State *L, int idx) {
  rdb *d = luaL_checkudata(L, idx, DB_MT);
  if (!d->db) luaL_error(L, "records: the database is closed");
  return d;
}

/* The file name the database was opened with, for messages (uservalue 1). */
static const char *records_dbname(lua_State *L, int idx) {
  lua_getiuservalue(L, idx, 1);
  const char *s = lua_tostring(L, -1);
  lua_pop(L, 1);
  return s ? s : "?";
}

#define RECORDS_PROGRESS_EVERY 1000 /* SQLite virtual machine steps between budget checks */

/* SQLite's progress handler: nonzero interrupts the statement (SQLITE_INTERRUPT), and
 * records_interrupted then raises the budget's error. */
static int records_progress(void *L) { return gz_work_poll(L, RECORDS_PROGRESS_EVERY); }

static void records_interrupted(lua_State *L, int rc) {
  if (rc == SQLITE_INTERRUPT) gz_work_raise(L);
}

static int records_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  /* Read-only unless the script asks to write ({readonly = false}) or to create a file
   * ({create = true}): a measure that only reads a population cannot change it by mistake. */
  int readonly = 1, create = 0;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_getfield(L, 2, "create");
    create = lua_toboolean(L, -1);
    lua_getfield(L, 2, "readonly");
    readonly = lua_isnil(L, -1) ? !create : lua_toboolean(L, -1);
    lua_pop(L, 2);
  }
  char why[1200];
  if (!readonly && !gz_may_write(L, path, why, sizeof why)) /* docs/sandbox.md */
    return luaL_error(L, "records.open: %s", why);
  rdb *d = lua_newuserdatauv(L, sizeof *d, 1);
  d->db = NULL;
  d->readonly = readonly;
  luaL_setmetatable(L, DB_MT);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1);
  int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path, &d->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    const char *why = d->db ? sqlite3_errmsg(d->db) : sqlite3_errstr(rc);
    lua_pushfstring(L, "records.open: cannot open '%s': %s%s", path, why,
                    rc == SQLITE_CANTOPEN && !create ? " (no such file? {create = true} makes a new one)" : "");
    sqlite3_close_v2(d->db);
    d->db = NULL;
    luaL_pushfail(L);
    lua_insert(L, -2);
    return 2;
  }
  sqlite3_busy_timeout(d->db, 5000);
  /* A query counts against the budgets like any loop (an endless WITH RECURSIVE ends with the
   * budget's message, the wall clock or Ctrl-C): the state's main thread outlives the db. */
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
  sqlite3_progress_handler(d->db, RECORDS_PROGRESS_EVERY, records_progress, lua_tothread(L, -1));
  lua_pop(L, 1);
  /* A script reaches only this file: no ATTACH of others, no tricks that corrupt it. */
  sqlite3_limit(d->db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_db_config(d->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  /* A file that is not a database fails at the first read: find out now. */
  char *err = NULL;
  if (sqlite3_exec(d->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, &err) != SQLITE_OK) {
    luaL_pushfail(L);
    lua_pushfstring(L, "records.open: '%s': %s", path, err ? err : "not a SQLite database");
    sqlite3_free(err);
    sqlite3_close_v2(d->db);
    d->db = NULL;
    return 2;
  }
  return 1;
}

static int records_close(lua_State *L) {
  rdb *d = luaL_checkudata(L, 1, DB_MT);
  if (d->db) sqlite3_close_v2(d->db); /* statements still open keep it alive until finalized */
  d->db = NULL;
  return 0;
}

static int records_dbtostring(lua_State *L) {
  rdb *d = luaL_checkudata(L, 1, DB_MT);
  lua_pushfstring(L, "records.db '%s'%s", records_dbname(L, 1), d->db ? "" : " (closed)");
  return 1;
}

/* Quotes an SQL identifier: "a""b". */
static void records_pushident(lua_State *L, const char *s) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addchar(&b, '"');
  for (; *s; s++) {
    if (*s == '"') luaL_addchar(&b, '"');
    luaL_addchar(&b, *s);
  }
  luaL_addchar(&b, '"');
  luaL_pushresult(&b);
}

static int records_isquery(const char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '(') s++;
  return strncasecmp(s, "select", 6) == 0 || strncasecmp(s, "with", 4) == 0 || strncasecmp(s, "values", 6) == 0;
}

/* Closes the to-be-closed box at idx and removes its slot (what was above it moves down). */
static void records_dropbox(lua_State *L, int idx) {
  gz_box_close(L, idx);
  lua_remove(L, idx);
}

/* Pushes "a, b, c": the tables of the database, for "no table" messages. */
static void records_pushtables(lua_State *L, sqlite3 *db) {
  int box = lua_gettop(L) + 1;
  sqlite3_stmt *st = gz_stmt_prepare(L, db, "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name NOT "
                                            "LIKE 'sqlite_%' ORDER BY name", NULL);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  int n = 0;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    if (n++) luaL_addstring(&b, ", ");
    luaL_addstring(&b, (const char *)sqlite3_column_text(st, 0)); /* may raise: the box finalizes */
  }
  if (!n) luaL_addstring(&b, "none");
  luaL_pushresult(&b);
  records_dropbox(L, box);
}

static int records_tableexists(sqlite3 *db, const char *name) {
  sqlite3_stmt *st;
  int found = 0;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?1", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
  }
  return found;
}

/* Pushes the primary-key column of a table (a single-column key) and returns it; pushes
 * nil and returns NULL when there is none. */
static const char *records_pkcol(lua_State *L, sqlite3 *db, const char *table) {
  int n = 0;
  lua_pushnil(L);
  int res = lua_gettop(L);
  sqlite3_stmt *st = gz_stmt_prepare(L, db, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0", NULL);
  if (st) {
    sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
      if (n++ == 0) {
        lua_pushstring(L, (const char *)sqlite3_column_text(st, 0)); /* may raise: the box finalizes */
        lua_replace(L, res);
      }
    }
  }
  records_dropbox(L, res + 1);
  if (n != 1) {
    lua_pushnil(L);
    lua_replace(L, -2);
    return NULL;
  }
  return lua_tostring(L, -1);
}

/* ---- statements ---- */

/* Prepares src (a table name or a SELECT) with where/limit into *slot (a cursor's, which owns
 * it from then on: an error below leaves it to the cursor's __gc); binds params from the options
 * table at opt (0: none). Pushes the label ("table enterprises" or "query") and returns the
 * statement; raises a message naming the database on any error. */
static sqlite3_stmt *records_prepare(lua_State *L, int dbidx, const char *src, int opt, int *is_table,
                                     sqlite3_stmt **slot) {
  rdb *d = records_checkdb(L, dbidx);
  int top = lua_gettop(L);
  luaL_Buffer b;
  *is_table = !records_isquery(src);
  if (*is_table && !records_tableexists(d->db, src)) {
    records_pushtables(L, d->db);
    luaL_error(L, "records: no table '%s' in '%s' (tables: %s)", src, records_dbname(L, dbidx), lua_tostring(L, -1));
  }
  luaL_buffinit(L, &b);
  if (*is_table) {
    luaL_addstring(&b, "SELECT * FROM ");
    records_pushident(L, src);
    luaL_addvalue(&b);
  } else {
    luaL_addstring(&b, "SELECT * FROM (");
    luaL_addstring(&b, src);
    luaL_addstring(&b, ")");
  }
  lua_Integer limit = -1;
  if (opt) {
    if (lua_getfield(L, opt, "where") != LUA_TNIL) {
      const char *w = lua_tostring(L, -1);
      char why[300];
      if (!w) luaL_error(L, "records: option 'where' must be text (an SQL condition), got %s", luaL_typename(L, -1));
      if (gz_sql_where_scan(w, why, sizeof why)) luaL_error(L, "records: option 'where' %s", why);
      luaL_addstring(&b, " WHERE ");
      luaL_addvalue(&b);
    } else
      lua_pop(L, 1);
    if (lua_getfield(L, opt, "order") != LUA_TNIL) {
      const char *w = lua_tostring(L, -1);
      if (!w) luaL_error(L, "records: option 'order' must be text (an SQL ORDER BY list)");
      luaL_addstring(&b, " ORDER BY ");
      luaL_addvalue(&b);
    } else
      lua_pop(L, 1);
    if (lua_getfield(L, opt, "limit") != LUA_TNIL) {
      int isint;
      limit = lua_tointegerx(L, -1, &isint);
      if (!isint || limit < 0) luaL_error(L, "records: option 'limit' must be a non-negative integer");
    }
    lua_pop(L, 1);
  }
  if (limit >= 0) {
    lua_pushfstring(L, " LIMIT %I", limit);
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  if (sqlite3_prepare_v2(d->db, lua_tostring(L, -1), -1, slot, NULL) != SQLITE_OK)
    luaL_error(L, "records: %s in '%s': %s", *is_table ? "reading table" : "query", records_dbname(L, dbidx), sqlite3_errmsg(d->db));
  sqlite3_stmt *st = *slot;
  if (!sqlite3_stmt_readonly(st)) luaL_error(L, "records: rows() only reads; use db:exec for changes");
  if (opt && lua_getfield(L, opt, "params") != LUA_TNIL) {
    int pidx = lua_gettop(L);
    if (!lua_istable(L, pidx)) luaL_error(L, "records: option 'params' must be a list of values");
    int n = sqlite3_bind_parameter_count(st);
    for (int i = 1; i <= n; i++) {
      int t = lua_rawgeti(L, pidx, i), rc = SQLITE_OK;
      if (t == LUA_TNUMBER && lua_isinteger(L, -1)) rc = sqlite3_bind_int64(st, i, lua_tointeger(L, -1));
      else if (t == LUA_TNUMBER) rc = sqlite3_bind_double(st, i, lua_tonumber(L, -1));
      else if (t == LUA_TSTRING) {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        rc = sqlite3_bind_text(st, i, s, (int)len, SQLITE_TRANSIENT);
      } else if (t == LUA_TBOOLEAN) rc = sqlite3_bind_int(st, i, lua_toboolean(L, -1));
      else if (t == LUA_TNIL) rc = sqlite3_bind_null(st, i);
      else if (gz_date_test(L, -1)) { /* a date: its ISO text */
        char buf[11];
        gz_date_format(*gz_date_test(L, -1), buf);
        rc = sqlite3_bind_text(st, i, buf, 10, SQLITE_TRANSIENT);
      } else if (gz_money_test(L, -1)) { /* money: whole yuan as INTEGER, else its decimal text */
        int64_t fen = *gz_money_test(L, -1);
        char buf[32];
        if (fen % 100 == 0) rc = sqlite3_bind_int64(st, i, fen / 100);
        else rc = sqlite3_bind_text(st, i, buf, (int)gz_money_plain(fen, buf, sizeof buf), SQLITE_TRANSIENT);
      } else {
        luaL_error(L, "records: params[%d] is a %s; give a number, text, boolean, date or money", i, luaL_typename(L, -1));
      }
      if (rc != SQLITE_OK) luaL_error(L, "records: cannot bind params[%d]", i);
      lua_pop(L, 1);
    }
  }
  lua_settop(L, top);
  lua_pushstring(L, src);
  if (*is_table) lua_pushfstring(L, "table %s", src);
  else lua_pushliteral(L, "query");
  lua_remove(L, -2);
  return st;
}

/* Sets up s for statement st: its column names go into the table at names (1..ncols), the
 * key column is found, types are read from the table at types (0: none). */
static void records_describe(lua_State *L, rstmt *s, sqlite3_stmt *st, int names, const char *key, int types,
                             const char *label) {
  s->st = st;
  s->ncols = sqlite3_column_count(st);
  s->keycol = -1;
  s->refcol = -1;
  s->types = calloc((size_t)s->ncols + 1, 1);
  if (!s->types) luaL_error(L, "records: out of memory");
  for (int i = 0; i < s->ncols; i++) {
    const char *n = sqlite3_column_name(st, i);
    lua_pushstring(L, n ? n : "?");
    lua_rawseti(L, names, i + 1);
    if (key && n && strcmp(n, key) == 0) s->keycol = i;
  }
  if (key && s->keycol < 0) luaL_error(L, "records: %s has no column '%s' (option 'key')", label, key);
  if (!types) return;
  lua_pushnil(L);
  while (lua_next(L, types)) {
    /* A declaration {type = "money", ...} (a measure's inputs) may name inputs the table does
     * not have (the measure reports them missing) and types read here as raw values. */
    int decl = lua_istable(L, -1);
    if (decl) {
      lua_getfield(L, -1, "type");
      lua_replace(L, -2);
    }
    if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
      luaL_error(L, "records: option 'types' maps column names to type names (or to {type = ...})");
    const char *col = lua_tostring(L, -2), *tn = lua_tostring(L, -1);
    int t = -1, c = -1;
    for (int k = 0; type_names[k]; k++)
      if (strcmp(tn, type_names[k]) == 0) t = k;
    if (t < 0 && decl) t = strcmp(tn, "enum") == 0 ? T_TEXT : T_RAW;
    if (t < 0) luaL_error(L, "records: types.%s: unknown type '%s' (raw, text, integer, boolean, date, money)", col, tn);
    for (int i = 0; i < s->ncols; i++)
      if (strcmp(col, sqlite3_column_name(st, i)) == 0) c = i;
    if (c < 0 && !decl) luaL_error(L, "records: types.%s: %s has no column '%s'", col, label, col);
    if (c >= 0) s->types[c] = (unsigned char)t;
    lua_pop(L, 1);
  }
}

static void records_freestmt(rstmt *s) {
  if (s->st) sqlite3_finalize(s->st);
  s->st = NULL;
  free(s->types);
  s->types = NULL;
}

static void records_cursorfree(rcursor *c) {
  records_freestmt(&c->main);
  for (int i = 0; i < c->nchildren; i++) records_freestmt(&c->child[i]);
  c->nchildren = 0;
}

static int records_cursorgc(lua_State *L) {
  records_cursorfree(luaL_checkudata(L, 1, CURSOR_MT));
  return 0;
}

/* ---- conversion of one value ---- */

/* The value of column i as text for messages: 'abc', 12, NULL. */
static void records_pushshown(lua_State *L, sqlite3_stmt *st, int i) {
  int t = sqlite3_column_type(st, i);
  if (t == SQLITE_NULL) lua_pushliteral(L, "NULL");
  else if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) lua_pushstring(L, (const char *)sqlite3_column_text(st, i));
  else {
    const char *s = (const char *)sqlite3_column_text(st, i);
    int n = sqlite3_column_bytes(st, i);
    lua_pushfstring(L, "'%s%s'", lua_pushlstring(L, s ? s : "", n > 60 ? 60 : (size_t)n), n > 60 ? "..." : "");
    lua_remove(L, -2);
  }
}

static int records_eqword(const char *s, int n, const char *w) {
  return (int)strlen(w) == n && strncasecmp(s, w, (size_t)n) == 0;
}

/* Pushes the converted value of column i; returns NULL, or a static reason when it does not
 * convert (nothing pushed then). */
static const char *records_convert(lua_State *L, sqlite3_stmt *st, int i, int type) {
  int t = sqlite3_column_type(st, i);
  const char *s;
  int n;
  switch (type) {
    case T_TEXT:
      s = (const char *)sqlite3_column_text(st, i);
      lua_pushlstring(L, s, (size_t)sqlite3_column_bytes(st, i));
      return NULL;
    case T_INTEGER:
      if (t == SQLITE_INTEGER) {
        lua_pushinteger(L, sqlite3_column_int64(st, i));
        return NULL;
      }
      if (t == SQLITE_FLOAT) {
        double v = sqlite3_column_double(st, i);
        lua_Integer k;
        if (lua_numbertointeger(v, &k) && (double)k == v) {
          lua_pushinteger(L, k);
          return NULL;
        }
        return "not a whole number";
      }
      if (t == SQLITE_TEXT) {
        s = (const char *)sqlite3_column_text(st, i);
        n = sqlite3_column_bytes(st, i);
        if (n > 0 && n < 40 && lua_stringtonumber(L, s) == (size_t)n + 1) {
          if (lua_isinteger(L, -1)) return NULL;
          lua_pop(L, 1);
        }
      }
      return "not an integer";
    case T_BOOLEAN:
      if (t == SQLITE_INTEGER) {
        sqlite3_int64 v = sqlite3_column_int64(st, i);
        if (v == 0 || v == 1) {
          lua_pushboolean(L, (int)v);
          return NULL;
        }
        return "not a boolean (0/1, 是/否, true/false)";
      }
      if (t == SQLITE_TEXT) {
        s = (const char *)sqlite3_column_text(st, i);
        n = sqlite3_column_bytes(st, i);
        if (records_eqword(s, n, "1") || records_eqword(s, n, "true") || records_eqword(s, n, "是")) {
          lua_pushboolean(L, 1);
          return NULL;
        }
        if (records_eqword(s, n, "0") || records_eqword(s, n, "false") || records_eqword(s, n, "否")) {
          lua_pushboolean(L, 0);
          return NULL;
        }
      }
      return "not a boolean (0/1, 是/否, true/false)";
    case T_DATE: {
      if (t != SQLITE_TEXT) return "not a date (ISO text such as 2022-07-08, or 2022年7月8日)";
      int32_t day;
      s = (const char *)sqlite3_column_text(st, i);
      if (gz_date_parse(s, (size_t)sqlite3_column_bytes(st, i), &day, NULL, 0) != 0)
        return "not a date (2022-07-08, 2022/7/8 or 2022年7月8日)";
      gz_date_push(L, day);
      return NULL;
    }
    case T_MONEY: {
      int64_t fen;
      const char *why = NULL;
      if (t == SQLITE_INTEGER) {
        sqlite3_int64 v = sqlite3_column_int64(st, i);
        if (v > INT64_MAX / 100 || v < INT64_MIN / 100) return "money out of range";
        gz_money_push(L, (int64_t)v * 100);
        return NULL;
      }
      if (t == SQLITE_FLOAT) { /* a decimal the column's affinity made REAL: read back its decimal text */
        char buf[64]; /* its shortest decimal, as the measure language reads a float */
        size_t n = gz_double_text(sqlite3_column_double(st, i), buf, sizeof buf);
        if (n == 0 || gz_money_parse(buf, n, &fen, &why) != 0) return "not money (REAL with more than two decimals of 元?)";
        gz_money_push(L, fen);
        return NULL;
      }
      if (t != SQLITE_TEXT) return "not money";
      s = (const char *)sqlite3_column_text(st, i);
      if (gz_money_parse(s, (size_t)sqlite3_column_bytes(st, i), &fen, &why) != 0) return why ? why : "not money";
      gz_money_push(L, fen);
      return NULL;
    }
    default: /* raw */
      switch (t) {
        case SQLITE_INTEGER: lua_pushinteger(L, sqlite3_column_int64(st, i)); break;
        case SQLITE_FLOAT: lua_pushnumber(L, sqlite3_column_double(st, i)); break;
        default:
          s = t == SQLITE_BLOB ? sqlite3_column_blob(st, i) : (const char *)sqlite3_column_text(st, i);
          lua_pushlstring(L, s ? s : "", (size_t)sqlite3_column_bytes(st, i));
      }
      return NULL;
  }
}

/* Pushes the record key for messages: "id=17" or "row 5". */
static void records_pushkey(lua_State *L, rstmt *s, int names, long long rownum) {
  if (s->keycol >= 0 && sqlite3_column_type(s->st, s->keycol) != SQLITE_NULL) {
    lua_rawgeti(L, names, s->keycol + 1);
    lua_pushfstring(L, "%s=%s", lua_tostring(L, -1), (const char *)sqlite3_column_text(s->st, s->keycol));
    lua_remove(L, -2);
  } else
    lua_pushfstring(L, "row %I", (lua_Integer)rownum);
}

/* Pushes a table of the current row of s. When a field does not convert, the first such
 * message is left at errslot (which must hold nil) and the field is left out. */
static void records_pushrow(lua_State *L, rstmt *s, int names, const char *label, long long rownum, int errslot) {
  lua_createtable(L, 0, s->ncols);
  for (int i = 0; i < s->ncols; i++) {
    if (sqlite3_column_type(s->st, i) == SQLITE_NULL) continue;
    lua_rawgeti(L, names, i + 1);
    const char *why = records_convert(L, s->st, i, s->types[i]);
    if (why) {
      if (lua_isnil(L, errslot)) {
        records_pushkey(L, s, names, rownum);
        records_pushshown(L, s->st, i);
        lua_pushfstring(L, "%s, record %s, column %s: %s is %s", label, lua_tostring(L, -2), lua_tostring(L, -3),
                        lua_tostring(L, -1), why);
        lua_replace(L, errslot);
        lua_pop(L, 2);
      }
      lua_pop(L, 1);
      continue;
    }
    lua_rawset(L, -3);
  }
}

/* uservalue 1 of a cursor: {db = db, names = {...}, label = "table t",
 *                           children = {{name=, names=, label=}, ...}} */
static int records_step(lua_State *L, int cidx, int errslot) {
  rcursor *c = luaL_checkudata(L, cidx, CURSOR_MT);
  if (!c->main.st) return 0;
  int rc = sqlite3_step(c->main.st);
  if (rc == SQLITE_DONE) {
    records_cursorfree(c); /* free early: a loop that ends needs nothing more */
    return 0;
  }
  lua_getiuservalue(L, cidx, 1);
  int info = lua_gettop(L);
  if (rc != SQLITE_ROW) {
    records_interrupted(L, rc);
    lua_getfield(L, info, "label");
    return luaL_error(L, "records: reading %s: %s", lua_tostring(L, -1), sqlite3_errmsg(sqlite3_db_handle(c->main.st)));
  }
  c->rownum++;
  lua_getfield(L, info, "names");
  lua_getfield(L, info, "label");
  records_pushrow(L, &c->main, info + 1, lua_tostring(L, info + 2), c->rownum, errslot);
  int rec = lua_gettop(L);
  if (c->nchildren) {
    int had = !lua_isnil(L, errslot);
    lua_getfield(L, info, "children");
    int kids = lua_gettop(L);
    for (int k = 0; k < c->nchildren; k++) {
      rstmt *s = &c->child[k];
      lua_rawgeti(L, kids, k + 1);
      int spec = lua_gettop(L);
      lua_getfield(L, spec, "names");
      lua_getfield(L, spec, "label");
      sqlite3_reset(s->st);
      sqlite3_bind_value(s->st, 1, sqlite3_column_value(c->main.st, s->refcol));
      lua_newtable(L);
      int list = lua_gettop(L);
      long long n = 0;
      while ((rc = sqlite3_step(s->st)) == SQLITE_ROW) {
        records_pushrow(L, s, spec + 1, lua_tostring(L, spec + 2), ++n, errslot);
        lua_rawseti(L, list, n);
      }
      if (rc != SQLITE_DONE) {
        records_interrupted(L, rc);
        return luaL_error(L, "records: reading %s: %s", lua_tostring(L, spec + 2), sqlite3_errmsg(sqlite3_db_handle(s->st)));
      }
      lua_getfield(L, spec, "name");
      lua_pushvalue(L, list);
      lua_rawset(L, rec);
      lua_settop(L, spec - 1);
    }
    lua_pop(L, 1);
    if (!had && !lua_isnil(L, errslot)) { /* a child failed: say whose child it is */
      records_pushkey(L, &c->main, info + 1, c->rownum);
      lua_pushfstring(L, "%s, record %s: %s", lua_tostring(L, info + 2), lua_tostring(L, -1), lua_tostring(L, errslot));
      lua_replace(L, errslot);
      lua_pop(L, 1);
    }
  }
  if (!lua_isnil(L, errslot) && c->strict) {
    lua_pushvalue(L, errslot);
    return lua_error(L);
  }
  return 1; /* the record is on top */
}

static int records_iter(lua_State *L) {
  lua_settop(L, 0);
  lua_pushnil(L); /* 1: the error slot */
  lua_pushvalue(L, lua_upvalueindex(1));
  if (!records_step(L, 2, 1)) return 0;
  lua_pushvalue(L, 1);
  return 2;
}

/* Builds a cursor for db (at 1), source (at 2), options (at 3, may be none). */
static int records_newcursor(lua_State *L) {
  records_checkdb(L, 1);
  const char *src = luaL_checkstring(L, 2);
  int opt = 0;
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    opt = 3;
  }
  lua_settop(L, 3);
  rcursor *c = lua_newuserdatauv(L, sizeof *c, 1); /* 4 */
  memset(c, 0, sizeof *c);
  luaL_setmetatable(L, CURSOR_MT);
  lua_createtable(L, 0, 4); /* 5: info */
  lua_pushvalue(L, 1);
  lua_setfield(L, 5, "db");
  lua_newtable(L);
  lua_setfield(L, 5, "names");
  lua_pushvalue(L, 5);
  lua_setiuservalue(L, 4, 1);
  if (opt) {
    lua_getfield(L, opt, "strict");
    c->strict = lua_toboolean(L, -1);
    lua_pop(L, 1);
  }
  int is_table;
  sqlite3_stmt *st = records_prepare(L, 1, src, opt, &is_table, &c->main.st); /* 6: label; the cursor owns st */
  lua_pushvalue(L, 6);
  lua_setfield(L, 5, "label");
  /* The key: option 'key', else "id" if there is one, else the table's primary key. */
  const char *key = NULL;
  if (opt && lua_getfield(L, opt, "key") != LUA_TNIL) key = lua_tostring(L, -1);
  else {
    lua_pop(L, 1);
    for (int i = 0; i < sqlite3_column_count(st) && !key; i++)
      if (strcmp(sqlite3_column_name(st, i), "id") == 0) key = "id";
    if (!key && is_table) key = records_pkcol(L, sqlite3_db_handle(st), src);
    else lua_pushnil(L);
  }
  int types = 0;
  if (opt && lua_getfield(L, opt, "types") != LUA_TNIL) {
    if (!lua_istable(L, -1))
      return luaL_error(L, "records: option 'types' must be a table {column = type}, got %s", luaL_typename(L, -1));
    types = lua_gettop(L);
  }
  lua_getfield(L, 5, "names");
  records_describe(L, &c->main, st, lua_gettop(L), key, types, lua_tostring(L, 6));
  lua_settop(L, 7); /* 7: the key name (or nil), kept for the children's ref */
  if (opt && lua_getfield(L, opt, "children") != LUA_TNIL) {
    int kids = lua_gettop(L);
    luaL_checktype(L, kids, LUA_TTABLE);
    lua_newtable(L);
    lua_setfield(L, 5, "children");
    lua_pushnil(L);
    while (lua_next(L, kids)) {
      int spec = lua_gettop(L);
      if (lua_type(L, spec - 1) != LUA_TSTRING || !lua_istable(L, spec))
        return luaL_error(L, "records: children = {name = {table = T, key = COLUMN}, ...}");
      if (c->nchildren == MAX_CHILDREN) return luaL_error(L, "records: at most %d child lists", MAX_CHILDREN);
      const char *name = lua_tostring(L, spec - 1);
      lua_getfield(L, spec, "table");
      lua_getfield(L, spec, "key");
      lua_getfield(L, spec, "ref");
      const char *ct = lua_tostring(L, spec + 1), *ck = lua_tostring(L, spec + 2);
      const char *ref = lua_isnil(L, spec + 3) ? key : lua_tostring(L, spec + 3);
      if (!ct || !ck) return luaL_error(L, "records: children.%s needs table = T and key = COLUMN (the column of T holding the parent's key)", name);
      if (!ref) return luaL_error(L, "records: children.%s: the parent has no key column; give ref = COLUMN", name);
      int refcol = -1;
      for (int i = 0; i < c->main.ncols; i++)
        if (strcmp(sqlite3_column_name(st, i), ref) == 0) refcol = i;
      if (refcol < 0) return luaL_error(L, "records: children.%s: %s has no column '%s'", name, lua_tostring(L, 6), ref);
      rdb *d = records_checkdb(L, 1);
      if (!records_tableexists(d->db, ct)) {
        records_pushtables(L, d->db);
        return luaL_error(L, "records: children.%s: no table '%s' in '%s' (tables: %s)", name, ct, records_dbname(L, 1), lua_tostring(L, -1));
      }
      records_pushident(L, ct);
      records_pushident(L, ck);
      lua_getfield(L, spec, "order");
      if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushliteral(L, "rowid");
      }
      lua_pushfstring(L, "SELECT * FROM %s WHERE %s = ?1 ORDER BY %s", lua_tostring(L, -3), lua_tostring(L, -2), lua_tostring(L, -1));
      sqlite3_stmt *cs;
      if (sqlite3_prepare_v2(d->db, lua_tostring(L, -1), -1, &cs, NULL) != SQLITE_OK)
        return luaL_error(L, "records: children.%s: %s", name, sqlite3_errmsg(d->db));
      /* a key that is no column of the child table would be read by SQLite as the string
       * "COLUMN" (a double-quoted identifier it does not know), matching no row: every list
       * would be silently empty */
      int haskey = 0;
      for (int i = 0; i < sqlite3_column_count(cs); i++)
        if (strcmp(sqlite3_column_name(cs, i), ck) == 0) haskey = 1;
      if (!haskey) {
        sqlite3_finalize(cs);
        return luaL_error(L, "records: children.%s: table %s has no column '%s'", name, ct, ck);
      }
      rstmt *s = &c->child[c->nchildren++];
      s->st = cs;
      s->refcol = refcol;
      lua_settop(L, spec + 3);
      lua_createtable(L, 0, 3); /* child info */
      int cinfo = lua_gettop(L);
      lua_pushvalue(L, spec - 1);
      lua_setfield(L, cinfo, "name");
      lua_pushfstring(L, "table %s", ct);
      lua_setfield(L, cinfo, "label");
      lua_newtable(L);
      lua_pushvalue(L, -1);
      lua_setfield(L, cinfo, "names");
      int ctypes = 0;
      if (lua_getfield(L, spec, "types") != LUA_TNIL) {
        luaL_checktype(L, -1, LUA_TTABLE);
        ctypes = lua_gettop(L);
      }
      lua_getfield(L, cinfo, "label");
      /* the child's own key for messages: "id" when present */
      int hasid = 0;
      for (int i = 0; i < sqlite3_column_count(cs); i++)
        if (strcmp(sqlite3_column_name(cs, i), "id") == 0) hasid = 1;
      records_describe(L, s, cs, cinfo + 1, hasid ? "id" : NULL, ctypes, lua_tostring(L, -1));
      s->refcol = refcol;
      lua_getfield(L, 5, "children");
      lua_pushvalue(L, cinfo);
      lua_rawseti(L, -2, c->nchildren);
      lua_settop(L, spec - 1);
    }
  }
  lua_settop(L, 4);
  return 1;
}

/* db:rows(src [, opts]) -> iterator, nil, nil, cursor (closed when the loop ends or breaks) */
static int records_rows(lua_State *L) {
  records_newcursor(L);
  lua_pushcclosure(L, records_iter, 1);
  lua_pushnil(L);
  lua_pushnil(L);
  lua_getupvalue(L, -3, 1);
  return 4;
}

/* db:get(table, key [, opts]) -> record | nil, reason */
static int records_get(lua_State *L) {
  rdb *d = records_checkdb(L, 1);
  const char *table = luaL_checkstring(L, 2);
  luaL_checkany(L, 3);
  if (records_isquery(table)) return luaL_argerror(L, 2, "a table name");
  if (!lua_isnoneornil(L, 4)) luaL_checktype(L, 4, LUA_TTABLE);
  lua_settop(L, 4);
  if (!records_tableexists(d->db, table)) {
    records_pushtables(L, d->db);
    return luaL_error(L, "records: no table '%s' in '%s' (tables: %s)", table, records_dbname(L, 1), lua_tostring(L, -1));
  }
  const char *key = NULL;
  if (lua_istable(L, 4) && lua_getfield(L, 4, "key") != LUA_TNIL) key = lua_tostring(L, -1);
  else {
    key = records_pkcol(L, d->db, table);
    if (!key) key = "rowid";
  }
  int keyidx = lua_gettop(L);
  /* opts' = opts + {where = KEY = ?, params = {id}, limit = 1} */
  lua_newtable(L);
  int o = lua_gettop(L);
  if (lua_istable(L, 4)) {
    lua_pushnil(L);
    while (lua_next(L, 4)) {
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, o);
    }
  }
  records_pushident(L, key);
  lua_pushfstring(L, "%s = ?", lua_tostring(L, -1));
  lua_setfield(L, o, "where");
  lua_pop(L, 1);
  lua_createtable(L, 1, 0);
  lua_pushvalue(L, 3);
  lua_rawseti(L, -2, 1);
  lua_setfield(L, o, "params");
  lua_pushinteger(L, 1);
  lua_setfield(L, o, "limit");
  if (strcmp(key, "rowid") != 0) {
    lua_pushvalue(L, keyidx);
    lua_setfield(L, o, "key");
  }
  lua_pushcfunction(L, records_newcursor);
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 2);
  lua_pushvalue(L, o);
  lua_call(L, 3, 1);
  int cur = lua_gettop(L);
  lua_pushnil(L);
  int errslot = lua_gettop(L);
  if (!records_step(L, cur, errslot)) {
    luaL_pushfail(L);
    lua_pushfstring(L, "no record %s=%s in table %s", key, luaL_tolstring(L, 3, NULL), table);
    lua_remove(L, -2);
    return 2;
  }
  records_cursorfree(lua_touserdata(L, cur));
  if (!lua_isnil(L, errslot)) {
    luaL_pushfail(L);
    lua_pushvalue(L, errslot);
    return 2;
  }
  return 1;
}

/* db:count(src [, {where=, params=}]) -> integer */
static int records_count(lua_State *L) {
  rdb *d = records_checkdb(L, 1);
  const char *src = luaL_checkstring(L, 2);
  if (!lua_isnoneornil(L, 3)) luaL_checktype(L, 3, LUA_TTABLE);
  lua_settop(L, 3);
  int is_table = !records_isquery(src);
  if (is_table) {
    if (!records_tableexists(d->db, src)) {
      records_pushtables(L, d->db);
      return luaL_error(L, "records: no table '%s' in '%s' (tables: %s)", src, records_dbname(L, 1), lua_tostring(L, -1));
    }
    records_pushident(L, src);
    lua_pushfstring(L, "SELECT * FROM %s", lua_tostring(L, -1));
    lua_remove(L, -2);
  } else
    lua_pushvalue(L, 2);
  int inner = lua_gettop(L);
  if (lua_istable(L, 3) && lua_getfield(L, 3, "where") != LUA_TNIL) {
    if (!lua_isstring(L, -1)) return luaL_error(L, "records: option 'where' must be text (an SQL condition)");
    lua_pushfstring(L, "SELECT * FROM (%s) WHERE %s", lua_tostring(L, inner), lua_tostring(L, -1));
    lua_replace(L, inner);
  }
  lua_settop(L, inner);
  lua_pushfstring(L, "SELECT count(*) AS n FROM (%s)", lua_tostring(L, inner));
  lua_replace(L, inner);
  lua_pushcfunction(L, records_newcursor);
  lua_pushvalue(L, 1);
  lua_pushvalue(L, inner);
  lua_newtable(L);
  if (lua_istable(L, 3)) {
    lua_getfield(L, 3, "params");
    lua_setfield(L, -2, "params");
  }
  lua_call(L, 3, 1);
  int cur = lua_gettop(L);
  lua_pushnil(L);
  if (!records_step(L, cur, cur + 1)) return luaL_error(L, "records: count returned no row");
  lua_getfield(L, -1, "n");
  records_cursorfree(lua_touserdata(L, cur));
  return 1;
}

/* db:exec(sql): statements that change the database (not allowed when opened readonly). */
static int records_exec(lua_State *L) {
  rdb *d = records_checkdb(L, 1);
  const char *sql = luaL_checkstring(L, 2);
  if (d->readonly) return luaL_error(L, "records: '%s' was opened readonly", records_dbname(L, 1));
  char *err = NULL;
  int rc = sqlite3_exec(d->db, sql, NULL, NULL, &err);
  if (rc != SQLITE_OK) {
    if (rc == SQLITE_INTERRUPT) {
      sqlite3_free(err);
      gz_work_raise(L);
    }
    lua_pushfstring(L, "records: %s", err ? err : sqlite3_errmsg(d->db));
    sqlite3_free(err);
    return lua_error(L);
  }
  lua_pushinteger(L, sqlite3_changes(d->db));
  return 1;
}

/* db:tables() -> {"enterprises", "hires", ...} */
static int records_tables(lua_State *L) {
  rdb *d = records_checkdb(L, 1);
  sqlite3_stmt *st = gz_stmt_prepare(L, d->db, "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name "
                                               "NOT LIKE 'sqlite_%' ORDER BY name", NULL);
  if (!st) return luaL_error(L, "records: %s", sqlite3_errmsg(d->db));
  lua_newtable(L);
  int n = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    lua_pushstring(L, (const char *)sqlite3_column_text(st, 0)); /* may raise: the box finalizes */
    lua_rawseti(L, -2, ++n);
  }
  if (rc != SQLITE_DONE) return luaL_error(L, "records: %s", sqlite3_errmsg(d->db)); /* never a list cut short */
  return 1;
}

/* db:columns(table) -> {{name=, type=, notnull=, pk=}, ...} */
static int records_columns(lua_State *L) {
  rdb *d = records_checkdb(L, 1);
  const char *table = luaL_checkstring(L, 2);
  if (!records_tableexists(d->db, table)) {
    records_pushtables(L, d->db);
    return luaL_error(L, "records: no table '%s' in '%s' (tables: %s)", table, records_dbname(L, 1), lua_tostring(L, -1));
  }
  sqlite3_stmt *st = gz_stmt_prepare(L, d->db, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)", NULL);
  if (!st) return luaL_error(L, "records: %s", sqlite3_errmsg(d->db));
  sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
  lua_newtable(L);
  int n = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) { /* a raise below: the box finalizes */
    lua_createtable(L, 0, 4);
    lua_pushstring(L, (const char *)sqlite3_column_text(st, 0));
    lua_setfield(L, -2, "name");
    lua_pushstring(L, (const char *)sqlite3_column_text(st, 1));
    lua_setfield(L, -2, "type");
    lua_pushboolean(L, sqlite3_column_int(st, 2));
    lua_setfield(L, -2, "notnull");
    lua_pushboolean(L, sqlite3_column_int(st, 3) > 0);
    lua_setfield(L, -2, "pk");
    lua_rawseti(L, -2, ++n);
  }
  if (rc != SQLITE_DONE) return luaL_error(L, "records: %s", sqlite3_errmsg(d->db)); /* never a list cut short */
  return 1;
}

/* db:key(table [, column]) -> the column that keys its records ("id", the column, or "rowid"),
 * or nil, reason: a column id that is not the INTEGER PRIMARY KEY is refused without a column,
 * a column given must hold unique integers without NULL (core/sqlcheck.c, as gazette run). */
static int records_key(lua_State *L) {
  rdb *d = records_checkdb(L, 1);
  const char *table = luaL_checkstring(L, 2), *key = luaL_optstring(L, 3, NULL);
  char out[520], err[1500];
  if (gz_sql_key(d->db, table, key, out, sizeof out, err, sizeof err) != 0) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  lua_pushstring(L, out);
  return 1;
}

/* db:check_where(table, sql) -> true, or nil, reason: sql is exactly one SQL expression over
 * the columns of table (core/sqlcheck.c, as gazette run checks --where). */
static int records_checkwhere(lua_State *L) {
  rdb *d = records_checkdb(L, 1);
  const char *table = luaL_checkstring(L, 2), *where = luaL_checkstring(L, 3);
  char err[1500];
  if (gz_sql_where_check(d->db, table, where, err, sizeof err) != 0) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  lua_pushboolean(L, 1);
  return 1;
}

static const luaL_Reg db_methods[] = {{"rows", records_rows},       {"get", records_get},
                                      {"key", records_key},         {"check_where", records_checkwhere},
                                      {"count", records_count},     {"exec", records_exec},
                                      {"tables", records_tables},   {"columns", records_columns},
                                      {"close", records_close},     {NULL, NULL}};

static const luaL_Reg db_meta[] = {{"__gc", records_close}, {"__close", records_close}, {"__tostring", records_dbtostring},
                                   {NULL, NULL}};

static const luaL_Reg cursor_meta[] = {{"__gc", records_cursorgc}, {"__close", records_cursorgc}, {NULL, NULL}};

static const luaL_Reg records_funcs[] = {{"open", records_open}, {NULL, NULL}};

int luaopen_records(lua_State *L) {
  if (luaL_newmetatable(L, DB_MT)) {
    luaL_setfuncs(L, db_meta, 0);
    luaL_newlib(L, db_methods);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "records.db");
    lua_setfield(L, -2, "__name");
  }
  lua_pop(L, 1);
  if (luaL_newmetatable(L, CURSOR_MT)) luaL_setfuncs(L, cursor_meta, 0);
  lua_pop(L, 1);
  luaL_newlib(L, records_funcs);
  return 1;
}
