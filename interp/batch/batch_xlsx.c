/* batch_xlsx.c: `gazette run --out FILE.xlsx`. The run writes its rows as for a .db output (in
 * the work folder, chunk by chunk, resumable); when every chunk is in, this turns that database
 * into the workbook: a results sheet of typed cells and a summary sheet (counts by status,
 * totals, top reasons with their clauses, the run's options and the measures' document numbers),
 * laid out by stdlib/workbook.lua on a workbook only the host can make (lua/lxlsx.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "lauxlib.h"
#include "lua/lxlsx.h"

static void option(lua_State *L, int *n, const char *name, const char *value, const char *kind) {
  if (!value || !*value) return;
  lua_createtable(L, 3, 0);
  lua_pushstring(L, name);
  lua_rawseti(L, -2, 1);
  lua_pushstring(L, value);
  lua_rawseti(L, -2, 2);
  lua_pushstring(L, kind);
  lua_rawseti(L, -2, 3);
  lua_rawseti(L, -2, ++*n);
}

/* What workbook.run is given, for xlsx_run. */
typedef struct xlsx_args {
  gz_run *r;
  const char *results_db, *xlsx_path;
  const char *stats;
  size_t slen;
  int64_t records;
  char *err;
  size_t errlen;
} xlsx_args;

/* workbook.run(wb, info) with the workbook module at 2, inside the protected call: building
 * the arguments can raise (the memory budget), and nothing of C's is held when it does. */
static int xlsx_run(lua_State *L) {
  xlsx_args *a = lua_touserdata(L, 1);
  gz_run *r = a->r;
  lua_getfield(L, 2, "run");
  if (gz_xlsx_push(L, a->xlsx_path, a->err, a->errlen) != 0) return luaL_error(L, "%s", a->err);
  lua_createtable(L, 0, 6);
  lua_pushstring(L, a->results_db);
  lua_setfield(L, -2, "db");
  lua_createtable(L, r->nmeasures, 0);
  for (int i = 0; i < r->nmeasures; i++) {
    lua_pushstring(L, r->ids ? r->ids[i] : r->measures[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "measures");
  lua_pushlstring(L, a->stats, a->slen);
  lua_setfield(L, -2, "stats");
  lua_pushinteger(L, a->records);
  lua_setfield(L, -2, "records");
  /* the run's options, as the summary lists them */
  lua_newtable(L);
  int n = 0;
  option(L, &n, "as of", r->as_of, "date");
  option(L, &n, "population", r->db, "text");
  option(L, &n, "table", r->table_name, "text");
  option(L, &n, "where", r->where, "text");
  char buf[64];
  if (r->limit >= 0) {
    snprintf(buf, sizeof buf, "%lld", r->limit);
    option(L, &n, "limit", buf, "integer");
  }
  for (int i = 0; i < r->nsets; i++) option(L, &n, "set", r->sets[i], "text");
  for (int i = 0; i < r->ninterprets; i++) option(L, &n, "interpret", r->interprets[i], "text");
  for (int i = 0; i < r->nchildren; i++) {
    char child[600];
    snprintf(child, sizeof child, "%s = %s.%s", r->children[i].input, r->children[i].table, r->children[i].column);
    option(L, &n, "child records", child, "text");
  }
  option(L, &n, "explain", r->explain ? "yes: a reasons column" : NULL, "text");
  if (r->shard_n > 1) {
    snprintf(buf, sizeof buf, "%d/%d", r->shard_k, r->shard_n);
    option(L, &n, "shard", buf, "text");
  }
  lua_setfield(L, -2, "options");
  lua_call(L, 2, 0);
  return 0;
}

int gz_xlsx_write_run(gz_run *r, const char *results_db, const char *xlsx_path, const gz_stats *totals, char *err,
                      size_t errlen) {
  xlsx_args a = {r, results_db, xlsx_path, NULL, 0, gz_stats_get(totals, "N"), err, errlen};
  char *st = gz_stats_dump(totals, &a.slen);
  if (!st) { /* the summary's counts: never written from counts that are not whole */
    snprintf(err, errlen, "the workbook's summary: %s", "out of memory");
    return -1;
  }
  a.stats = st;
  lua_State *L = gz_newstate(r->o);
  if (!L) {
    free(st);
    snprintf(err, errlen, "cannot create a Lua state for the workbook");
    return -1;
  }
  int rc = -1;
  lua_getglobal(L, "require");
  lua_pushliteral(L, "workbook");
  if (gz_pcall_quiet(L, 1, 1) != LUA_OK) {
    snprintf(err, errlen, "%s", lua_tostring(L, -1));
    goto done;
  }
  lua_pushcfunction(L, xlsx_run);
  lua_insert(L, -2);
  lua_pushlightuserdata(L, &a);
  lua_insert(L, -2);
  if (gz_pcall_quiet(L, 2, 0) != LUA_OK) {
    snprintf(err, errlen, "writing the workbook: %s", lua_tostring(L, -1));
    goto done;
  }
  rc = 0;
done:
  free(st);
  gz_closestate(L); /* a workbook not closed is discarded by its __gc: no half-written file */
  return rc;
}
