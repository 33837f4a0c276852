/* batch_worker.c: the evaluation side of `gazette run`.  gz_batch_lua loads the measures
 * through stdlib/batch.lua (the parent does it once to learn the columns; each worker again
 * in its own Lua state).  A worker owns a Lua state and a read-only SQLite connection; for each
 * of its chunks one prepared statement streams the records in key order, each pushed to Lua as
 * a table of raw values (INTEGER -> integer, REAL -> number, TEXT -> string, NULL -> nil) with
 * its child lists, every measure evaluates it, and the rows go to the chunk's part file.  A
 * record whose evaluation raises (bad field, script error, budget) becomes a row with status
 * `error` and its message; the chunk goes on. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "batch/batch.h"
#include "batch/batch_fast.h"
#include "core/csv.h"
#include "core/json.h"
#include "lauxlib.h"

/* A list of strings of the plan (NULL-terminated, malloc'd); NULL when out of memory. */
static char **strv_from(lua_State *L, int idx, const char *field, int *n) {
  lua_getfield(L, idx, field);
  int len = lua_istable(L, -1) ? (int)luaL_len(L, -1) : 0;
  char **v = calloc((size_t)len + 1, sizeof *v);
  for (int i = 1; v && i <= len; i++) {
    lua_rawgeti(L, -1, i);
    const char *s = lua_tostring(L, -1);
    if (!(v[i - 1] = strdup(s ? s : ""))) {
      while (--i > 0) free(v[i - 1]);
      free(v);
      v = NULL;
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  if (n) *n = v ? len : 0;
  return v;
}

/* t[k] = v for "NAME=VALUE" options. */
static int kv_table(lua_State *L, const char *const *kv, int n, const char *opt, char *err, size_t errlen) {
  lua_createtable(L, 0, n);
  for (int i = 0; i < n; i++) {
    const char *eq = strchr(kv[i], '=');
    if (!eq || eq == kv[i]) {
      snprintf(err, errlen, "%s %s: expected NAME=VALUE", opt, kv[i]);
      return -1;
    }
    lua_pushlstring(L, kv[i], (size_t)(eq - kv[i]));
    lua_pushstring(L, eq + 1);
    lua_rawset(L, -3);
  }
  return 0;
}

/* The names each record will hold: the columns read, then the child lists. */
static void push_fetched(lua_State *L, const gz_run *r) {
  lua_createtable(L, r->ninputs + r->nchildren, 0);
  for (int i = 0; i < r->ninputs; i++) {
    lua_pushstring(L, r->inputs[i]);
    lua_rawseti(L, -2, i + 1);
  }
  for (int k = 0; k < r->nchildren; k++) {
    lua_pushstring(L, r->children[k].input);
    lua_rawseti(L, -2, r->ninputs + k + 1);
  }
}

/* --explain-compile: one line per measure on stderr, from plan.compiled and plan.compiled_why. */
static void explain_compile(lua_State *L, int plan, const gz_run *r) {
  lua_getfield(L, plan, "compiled");
  lua_getfield(L, plan, "compiled_why");
  for (int m = 0; m < r->nids; m++) {
    int compiled = lua_rawgeti(L, -2, m + 1) == LUA_TTABLE;
    lua_pop(L, 1);
    lua_rawgeti(L, -1, m + 1);
    const char *why = lua_tostring(L, -1);
    if (compiled) fprintf(stderr, "gazette run: compiled: %s\n", r->ids[m]);
    else fprintf(stderr, "gazette run: not compiled: %s: %s\n", r->ids[m], why ? why : "?");
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
}

lua_State *gz_batch_lua(gz_run *r, char *err, size_t errlen) {
  lua_State *L = gz_newstate(r->o);
  if (!L) {
    snprintf(err, errlen, "cannot create the Lua state");
    return NULL;
  }
  lua_getglobal(L, "require");
  lua_pushstring(L, "batch");
  if (gz_pcall_quiet(L, 1, 1) != LUA_OK) goto fail;
  lua_getfield(L, -1, "open");
  lua_createtable(L, 0, 6);
  lua_createtable(L, r->nmeasures, 0);
  for (int i = 0; i < r->nmeasures; i++) {
    lua_pushstring(L, r->measures[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "measures");
  if (r->as_of) {
    lua_pushstring(L, r->as_of);
    lua_setfield(L, -2, "as_of");
  }
  if (kv_table(L, r->sets, r->nsets, "--set", err, errlen)) goto bad;
  lua_setfield(L, -2, "set");
  if (kv_table(L, r->interprets, r->ninterprets, "--interpret", err, errlen)) goto bad;
  lua_setfield(L, -2, "interpret");
  lua_pushboolean(L, r->explain);
  lua_setfield(L, -2, "explain");
  lua_pushboolean(L, r->no_compile);
  lua_setfield(L, -2, "no_compile");
  lua_pushstring(L, r->format == GZ_FMT_JSONL ? "jsonl" : GZ_FMT_ROWS_DB(r->format) ? "db" : "csv");
  lua_setfield(L, -2, "format");
  lua_pushboolean(L, r->all);
  lua_setfield(L, -2, "all");
  if (r->entity_opt) {
    lua_pushstring(L, r->entity_opt);
    lua_setfield(L, -2, "entity");
  }
  if (r->table) {
    lua_pushstring(L, r->table);
    lua_setfield(L, -2, "table");
  }
  if (r->key) { /* planned (a worker): the columns and child lists each record will hold */
    push_fetched(L, r);
    lua_setfield(L, -2, "fetched");
  }
  if (gz_pcall_quiet(L, 1, 1) != LUA_OK) goto fail;
  if (!lua_istable(L, -1)) {
    snprintf(err, errlen, "stdlib/batch.lua: open did not return a plan");
    goto bad;
  }
  if (!r->columns) { /* the parent learns the run's shape */
    int plan = lua_gettop(L);
    r->columns = strv_from(L, plan, "columns", &r->ncols);
    r->types = strv_from(L, plan, "types", NULL);
    r->ids = strv_from(L, plan, "ids", &r->nids);
    r->inputs = strv_from(L, plan, "inputs", &r->ninputs);
    r->lists = strv_from(L, plan, "lists", &r->nlists);
    r->sources = strv_from(L, plan, "sources", &r->nsources);
    r->derived = strv_from(L, plan, "derived", &r->nderived);
    lua_getfield(L, plan, "matching");
    r->matching = lua_toboolean(L, -1);
    lua_pop(L, 1);

    lua_getfield(L, plan, "entity");
    int oom = lua_type(L, -1) == LUA_TSTRING && !(r->entity = strdup(lua_tostring(L, -1)));
    lua_getfield(L, plan, "amounts"); /* false for a measure that computes no amount */
    if (!(r->no_amount = calloc((size_t)r->nids + 1, 1))) oom = 1;
    for (int m = 0; r->no_amount && lua_istable(L, -1) && m < r->nids; m++) {
      r->no_amount[m] = lua_rawgeti(L, -1, m + 1) == LUA_TBOOLEAN && !lua_toboolean(L, -1);
      lua_pop(L, 1);
    }
    lua_pop(L, 2);
    if (oom || !r->columns || !r->types || !r->ids || !r->inputs || !r->lists || !r->sources || !r->derived) {
      snprintf(err, errlen, "the run's columns: %s", strerror(ENOMEM));
      goto bad;
    }
    if (r->explain_compile) explain_compile(L, plan, r);
  }
  return L;
fail:
  snprintf(err, errlen, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "error");
bad:
  gz_closestate(L);
  return NULL;
}

/* Pushes the value of column c of the current row. */
static void push_column(lua_State *L, sqlite3_stmt *st, int c) {
  switch (sqlite3_column_type(st, c)) {
    case SQLITE_INTEGER: lua_pushinteger(L, sqlite3_column_int64(st, c)); break;
    case SQLITE_FLOAT: lua_pushnumber(L, sqlite3_column_double(st, c)); break;
    case SQLITE_NULL: lua_pushnil(L); break;
    default: {
      const char *s = (const char *)(sqlite3_column_type(st, c) == SQLITE_BLOB ? sqlite3_column_blob(st, c)
                                                                              : sqlite3_column_text(st, c));
      lua_pushlstring(L, s ? s : "", (size_t)sqlite3_column_bytes(st, c));
    }
  }
}

/* The list of child rows of key, each a table of raw values named by column; each row is added
 * to the chunk's input sum as child list `kind`. */
static int push_children(lua_State *L, sqlite3_stmt *st, int64_t key, uint64_t *sum, int kind) {
  sqlite3_reset(st);
  sqlite3_bind_int64(st, 1, key);
  lua_newtable(L);
  int n = 0, rc, nc = sqlite3_column_count(st);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    gz_sum_row(sum, st, kind);
    lua_createtable(L, 0, nc);
    for (int c = 0; c < nc; c++) {
      push_column(L, st, c);
      lua_setfield(L, -2, sqlite3_column_name(st, c));
    }
    lua_rawseti(L, -2, ++n);
  }
  return rc == SQLITE_DONE ? 0 : -1;
}

typedef struct worker {
  gz_run *r;
  lua_State *L;
  int ev_base;   /* stack: evals[1..nids] */
  int district;  /* stack: plan.district (matching runs), or 0 */
  int name_base; /* stack: "id", inputs..., children inputs... */
  int rec;       /* stack: the record table, refilled for every record (nothing keeps it) */
  sqlite3 *db;
  sqlite3_stmt *sel, *kids[GZ_MAX_CHILDREN];
  gz_buf out;
  gz_stats *stats;
  int64_t nrecords;   /* records of the chunk, added to its stats at its end */
  gz_fast *fast;      /* the compiled measures (batch_fast.c), or NULL */
  sqlite3_value **vals; /* the current row's values: the key, then the inputs */
  gz_raw *raws;         /* the same, read (gz_sum_read) for the compiled path */
  char *done;           /* per measure: evaluated already for this record (a group, 就高不重复) */
  int district_col;     /* matching: the column of reg_district among the inputs (1..), or 0 */
  uint64_t sum; /* what the chunk read (batch_sum.c) */
} worker;

static void add_field(worker *w, int col, const char *s, size_t n) {
  gz_run *r = w->r;
  if (GZ_FMT_ROWS_DB(r->format)) {
    /* a matching run's .db part holds two tables: each row starts with its tag (batch_write.c) */
    if (col == 0 && GZ_MATCHES_TABLE(r)) gz_part_field(&w->out, GZ_PART_RESULTS, 1);
    gz_part_field(&w->out, s, n);
    return;
  }
  if (col) gz_buf_add(&w->out, ",", 1);
  if (s) gz_csv_write_field(&w->out, s, n);
  if (col == r->ncols - 1) gz_buf_add(&w->out, "\n", 1);
}

static void error_row(worker *w, const char *id, int64_t key, int m, const char *msg) {
  gz_run *r = w->r;
  gz_stats_result(w->stats, r->ids[m], "error", NULL, NULL);
  gz_stats_error(w->stats, key, r->ids[m], msg);
  if (r->format == GZ_FMT_JSONL) {
    gz_buf_add(&w->out, "{\"record_id\":", 13);
    gz_buf_add(&w->out, id, strlen(id));
    gz_buf_add(&w->out, ",\"measure\":", 11);
    gz_json_string(&w->out, r->ids[m], strlen(r->ids[m]));
    static const char mid[] = ",\"status\":\"error\",\"amount\":null,\"error\":";
    gz_buf_add(&w->out, mid, sizeof mid - 1);
    gz_json_string(&w->out, msg, strlen(msg));
    gz_buf_add(&w->out, "}\n", 2);
    return;
  }
  for (int c = 0; c < r->ncols; c++) {
    const char *s = NULL;
    if (c == 0) s = id;
    else if (c == 1) s = r->ids[m];
    else if (c == 2) s = "error";
    else if (c == r->ncols - 1) s = msg;
    add_field(w, c, s, s ? strlen(s) : 0);
  }
}

/* The decimal text of v in buf (at least 24 bytes), without printf; returns its length. */
static size_t int_text(int64_t v, char *buf) {
  char t[24], *p = t + sizeof t;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do *--p = (char)('0' + u % 10); while (u /= 10);
  if (v < 0) *--p = '-';
  size_t n = (size_t)(t + sizeof t - p);
  memcpy(buf, p, n);
  buf[n] = 0;
  return n;
}

/* A matching run (--all, a pattern): what every measure gives the record together, after
 * 就高不重复 (the results say it: an excluded member is ineligible), as a row of `matches` in a
 * .db output, and the record's payable amount under its district for the summary. */
/* Pushes the value of v as push_column does. */
static void push_value(lua_State *L, sqlite3_value *v) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER: lua_pushinteger(L, sqlite3_value_int64(v)); break;
    case SQLITE_FLOAT: lua_pushnumber(L, sqlite3_value_double(v)); break;
    case SQLITE_NULL: lua_pushnil(L); break;
    default: {
      const char *s = (const char *)(sqlite3_value_type(v) == SQLITE_BLOB ? sqlite3_value_blob(v) : sqlite3_value_text(v));
      lua_pushlstring(L, s ? s : "", (size_t)sqlite3_value_bytes(v));
    }
  }
}

static void match_row(worker *w, const char *id, size_t idlen, int eligible, int64_t fen, int overflow,
                      int undetermined, int errors) {
  gz_run *r = w->r;
  lua_State *L = w->L;
  const char *district = NULL;
  size_t dlen = 0;
  if (w->district) { /* the registration district of the record's reg_district value */
    lua_pushvalue(L, w->district);
    if (w->district_col) push_value(L, w->vals[w->district_col]);
    else lua_pushnil(L);
    if (gz_pcall_quiet(L, 1, 1) == LUA_OK && lua_type(L, -1) == LUA_TSTRING) district = lua_tolstring(L, -1, &dlen);
  }
  char k[600];
  snprintf(k, sizeof k, "D\t%s", district ? district : "");
  gz_stats_add(w->stats, k, 1);
  if (errors) gz_stats_add(w->stats, "M\terrors", 1);
  if (eligible) gz_stats_add(w->stats, "M\teligible", 1);
  if (fen > 0) {
    gz_stats_add(w->stats, "M\tpayable", 1);
    gz_stats_add(w->stats, "M\tamount", fen);
    snprintf(k, sizeof k, "DP\t%s", district ? district : "");
    gz_stats_add(w->stats, k, 1);
    snprintf(k, sizeof k, "DA\t%s", district ? district : "");
    gz_stats_add(w->stats, k, fen);
  }
  if (overflow) gz_stats_add(w->stats, "O\tM\tamount", 1);
  if (GZ_MATCHES_TABLE(r)) {
    char e[24], u[24], x[24], t[48];
    size_t el = int_text(eligible, e), ul = int_text(undetermined, u), xl = int_text(errors, x);
    gz_part_field(&w->out, GZ_PART_MATCHES, 1);
    gz_part_field(&w->out, id, idlen);
    gz_part_field(&w->out, e, el);
    if (overflow) gz_part_field(&w->out, NULL, 0);
    else {
      gz_fen_format(fen, t, sizeof t, 0);
      gz_part_field(&w->out, t, strlen(t));
    }
    gz_part_field(&w->out, u, ul);
    gz_part_field(&w->out, x, xl);
    gz_part_field(&w->out, district, dlen);
  }
  if (w->district) lua_pop(L, 1);
}

/* One record on the statement's current row: every measure. */
/* The record as a table of named values (the reference evaluation's input), with its child
 * rows (each added to the chunk's sum, once per record); the child statement's error, or NULL. */
static const char *fill_record(worker *w, int64_t key) {
  gz_run *r = w->r;
  lua_State *L = w->L;
  const char *fatal = NULL;
  for (int c = 0; c <= r->ninputs; c++) {
    lua_pushvalue(L, w->name_base + c);
    push_column(L, w->sel, c); /* NULL: nil, which removes the previous record's value */
    lua_rawset(L, w->rec);
  }
  for (int k = 0; k < r->nchildren; k++) {
    lua_pushvalue(L, w->name_base + r->ninputs + 1 + k);
    if (push_children(L, w->kids[k], key, &w->sum, k + 1)) fatal = sqlite3_errmsg(w->db);
    lua_rawset(L, w->rec);
  }
  return fatal;
}

static void eval_record(worker *w) {
  gz_run *r = w->r;
  lua_State *L = w->L;
  int64_t key = sqlite3_column_int64(w->sel, 0);
  char id[24];
  size_t idlen = int_text(key, id);
  w->nrecords++;
  /* the row is read once: its sum, then the compiled measures take their inputs from it */
  for (int c = 0; c <= r->ninputs; c++) w->vals[c] = sqlite3_column_value(w->sel, c);
  gz_sum_read(&w->sum, w->vals, w->raws, r->ninputs + 1, 0);
  int rec = w->rec, filled = 0;
  const char *fatal = NULL;
  int eligible = 0, undetermined = 0, errors = 0, overflow = 0;
  int64_t payable = 0;
  /* a matching run (--all, a pattern) compiles nothing (stdlib/batch.lua): its records' totals
   * come from the rows below */
  memset(w->done, 0, (size_t)r->nids);
  for (int m = 0; m < r->nids; m++) {
    if (w->done[m] == 1) continue;
    /* 2: a member of a group the compiled path handed back: the reference evaluates the group */
    int fast = w->done[m] != 2 && gz_fast_has(w->fast, m), st = 0;
    int64_t ffen = 0;
    if (fast && gz_fast_needs_record(w->fast, m) && !filled) {
      fatal = fill_record(w, key);
      filled = 1;
    }
    int group = fast ? gz_fast_group_of(w->fast, m) : 0;
    if (group && !fatal) {
      /* the members of its group (就高不重复), compiled together and combined */
      int ms[r->nids], sts[r->nids], n = 0;
      int64_t fens[r->nids];
      for (int j = m; j < r->nids; j++)
        if (gz_fast_group_of(w->fast, j) == group) {
          ms[n++] = j;
          if (gz_fast_needs_record(w->fast, j) && !filled) {
            fatal = fill_record(w, key);
            filled = 1;
          }
        }
      if (!fatal && gz_fast_eval_group(w->fast, ms, n, w->raws, rec, id, idlen, &w->out, w->stats, sts, fens)) {
        for (int i = 0; i < n; i++) {
          w->done[ms[i]] = 1;
          if (sts[i] == 1) {
            eligible++;
            if (__builtin_add_overflow(payable, fens[i], &payable)) overflow = 1;
          } else if (sts[i] == 3)
            undetermined++;
        }
        continue;
      }
      for (int i = 0; i < n; i++) w->done[ms[i]] = 2;
    } else if (fast && !fatal && gz_fast_eval(w->fast, m, w->raws, rec, id, idlen, &w->out, w->stats, &st, &ffen)) {
      if (st == 1) {
        eligible++;
        if (__builtin_add_overflow(payable, ffen, &payable)) overflow = 1;
      } else if (st == 3)
        undetermined++;
      continue;
    }
    gz_fast_restore(w->fast);
    if (!filled) {
      fatal = fill_record(w, key);
      filled = 1;
    }
    if (fatal) {
      char msg[600];
      snprintf(msg, sizeof msg, "reading child records: %s", fatal);
      error_row(w, id, key, m, msg);
      errors++;
      continue;
    }
    lua_pushvalue(L, w->ev_base + m);
    lua_pushvalue(L, rec);
    if (gz_pcall_record(L, 1, 4) != LUA_OK) { /* the per-record budgets */
      const char *msg = lua_tostring(L, -1);
      error_row(w, id, key, m, msg ? msg : "error");
      lua_pop(L, 1);
      errors++;
      continue;
    }
    int row = lua_gettop(L) - 3;
    const char *status = lua_tostring(L, row + 1);
    int isint;
    int64_t fen = lua_tointegerx(L, row + 2, &isint);
    const char *failed = lua_tostring(L, row + 3);
    if (!status) {
      error_row(w, id, key, m, "the measure returned no status");
      lua_settop(L, row - 1);
      continue;
    }
    gz_stats_result(w->stats, r->ids[m], status, isint ? &fen : NULL, failed);
    if (strcmp(status, "eligible") == 0) {
      eligible++;
      if (isint && __builtin_add_overflow(payable, fen, &payable)) overflow = 1;
    } else if (strcmp(status, "undetermined") == 0)
      undetermined++;
    if (r->format == GZ_FMT_JSONL) {
      size_t n;
      const char *s = lua_tolstring(L, row, &n);
      gz_buf_add(&w->out, s ? s : "{}", s ? n : 2);
      gz_buf_add(&w->out, "\n", 1);
    } else {
      add_field(w, 0, id, idlen);
      for (int c = 1; c < r->ncols; c++) {
        int t = lua_rawgeti(L, row, c + 1);
        size_t n = 0;
        const char *s = NULL;
        char num[24];
        if (t == LUA_TNUMBER && lua_isinteger(L, -1)) { /* the text tostring gives, without printf */
          n = int_text((int64_t)lua_tointeger(L, -1), num);
          s = num;
        } else if (t == LUA_TSTRING || t == LUA_TNUMBER)
          s = lua_tolstring(L, -1, &n);
        add_field(w, c, s, n);
        lua_pop(L, 1);
      }
    }
    lua_settop(L, row - 1);
  }
  if (r->matching) match_row(w, id, idlen, eligible, payable, overflow, undetermined, errors);
  lua_settop(L, rec);
}

static int worker_fail(const char *what, const char *detail) {
  fprintf(stderr, "gazette run: worker: %s: %s\n", what, detail);
  return GZ_EXIT_FAIL;
}

int gz_worker(gz_run *r, int *next, int fd) {
  worker w = {0};
  char err[1024], path[4300];
  w.r = r;
  /* the runner's state, inherited by fork with the measures loaded and compiled */
  int forked = r->prefork != NULL;
  w.L = r->prefork ? r->prefork : gz_batch_lua(r, err, sizeof err);
  r->prefork = NULL;
  signal(SIGINT, SIG_DFL); /* Ctrl-C stops the run (cmd_run.c), which resumes; no record becomes an error */
  if (!w.L) return worker_fail("loading the measures", err);
  lua_State *L = w.L;
  int plan = lua_gettop(L);
  if (forked && r->matching) {
    /* the plan was opened before the columns were known: a measure that reads none of the
     * columns and child lists the records hold is evaluated once (stdlib/batch.lua) */
    lua_getfield(L, plan, "set_fetched");
    push_fetched(L, r);
    if (gz_pcall_quiet(L, 1, 0) != LUA_OK) return worker_fail("loading the measures", lua_tostring(L, -1));
  }
  lua_getfield(L, plan, "evals");
  int evals = lua_gettop(L);
  w.ev_base = evals + 1;
  if (!lua_checkstack(L, r->nids + r->ninputs + r->nchildren + 40)) return worker_fail("loading the measures", "too many measures for the Lua stack");
  for (int m = 0; m < r->nids; m++) lua_rawgeti(L, evals, m + 1);
  if (r->matching) {
    lua_getfield(L, plan, "district");
    w.district = lua_isfunction(L, -1) ? lua_gettop(L) : 0;
  }
  w.name_base = lua_gettop(L) + 1;
  lua_pushstring(L, "id");
  for (int i = 0; i < r->ninputs; i++) lua_pushstring(L, r->inputs[i]);
  for (int k = 0; k < r->nchildren; k++) lua_pushstring(L, r->children[k].input);
  lua_createtable(L, 0, r->ninputs + 1 + r->nchildren);
  w.rec = lua_gettop(L);
  lua_gc(L, LUA_GCGEN, 0, 0);
  w.fast = gz_fast_open(L, r, plan);
  w.vals = calloc((size_t)r->ninputs + 1, sizeof *w.vals);
  w.raws = calloc((size_t)r->ninputs + 1, sizeof *w.raws);
  w.done = calloc((size_t)r->nids + 1, 1);
  if (!w.vals || !w.raws || !w.done) return worker_fail("loading the measures", "out of memory");
  for (int i = 0; i < r->ninputs; i++)
    if (strcmp(r->inputs[i], "reg_district") == 0) w.district_col = i + 1;

  /* one connection per process, used by one thread: no mutex */
  if (sqlite3_open_v2(r->db, &w.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    return worker_fail(r->db, sqlite3_errmsg(w.db));
  sqlite3_busy_timeout(w.db, 10000);
  char *sql = gz_plan_select(r);
  if (!sql) return worker_fail("building the query", strerror(ENOMEM));
  int rc = sqlite3_prepare_v2(w.db, sql, -1, &w.sel, NULL);
  free(sql);
  if (rc != SQLITE_OK) return worker_fail(r->db, sqlite3_errmsg(w.db));
  for (int k = 0; k < r->nchildren; k++) {
    char *q = gz_plan_child_select(r, k);
    if (!q) return worker_fail("building the query", strerror(ENOMEM));
    rc = sqlite3_prepare_v2(w.db, q, -1, &w.kids[k], NULL);
    sqlite3_free(q);
    if (rc != SQLITE_OK) return worker_fail(r->children[k].table, sqlite3_errmsg(w.db));
  }

  int status = 0;
  for (int c; (c = __atomic_fetch_add(next, 1, __ATOMIC_RELAXED)) < r->nchunks;) {
    int32_t msg[2] = {c, 0};
    gz_part_path(r, c, path, sizeof path);
    if (!gz_part_valid(path)) {
      w.out.len = 0;
      if (!(w.stats = gz_stats_new())) {
        status = worker_fail("counting the chunk", strerror(ENOMEM));
        break;
      }
      w.sum = gz_sum_start();
      w.nrecords = 0;
      sqlite3_reset(w.sel);
      sqlite3_bind_int64(w.sel, 1, r->chunk_lo[c]);
      sqlite3_bind_int64(w.sel, 2, r->chunk_hi[c]);
      while ((rc = sqlite3_step(w.sel)) == SQLITE_ROW) {
        eval_record(&w);
        msg[1]++;
      }
      if (rc != SQLITE_DONE) {
        status = worker_fail(r->db, sqlite3_errmsg(w.db));
        gz_stats_free(w.stats);
        break;
      }
      gz_fast_restore(w.fast);
      gz_fast_flush(w.fast, w.stats);
      if (w.nrecords) gz_stats_add(w.stats, "N", w.nrecords);
      size_t slen;
      char *st = gz_stats_dump(w.stats, &slen);
      gz_stats_free(w.stats);
      w.stats = NULL;
      rc = gz_part_write(path, &w.out, st, slen, w.sum);
      free(st);
      if (rc) {
        status = worker_fail(path, strerror(errno));
        break;
      }
    }
    if (write(fd, msg, sizeof msg) != (ssize_t)sizeof msg) {
      status = worker_fail("reporting to the runner", strerror(errno));
      break;
    }
  }
  gz_fast_free(w.fast);
  free(w.vals);
  free(w.raws);
  free(w.done);
  gz_buf_free(&w.out);
  sqlite3_finalize(w.sel);
  for (int k = 0; k < r->nchildren; k++) sqlite3_finalize(w.kids[k]);
  sqlite3_close(w.db);
  gz_closestate(L);
  return status;
}
