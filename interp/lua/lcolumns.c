/* lcolumns.c: module `columns`, a population held in memory as typed columns for what-if
 * sessions (stdlib/population.lua; docs/repl.md). The REPL loads the inputs of its measure
 * once; every `.run` and `.compare` after a `.set` then calls the compiled measure
 * (stdlib/measure/compile.lua) on plain values straight from C arrays, on every core: the
 * rows are cut in ranges, each evaluated in a forked process, and the processes' totals added.
 *
 *   local pop = columns.load(path, sql, kinds)   -- sql selects rowid, then one column per kind
 *   pop:count()
 *   pop:run(fn, {jobs = N})                      -> totals of one evaluation
 *   pop:compare(base, reform, {jobs = N, by = COLUMN})  -> totals of two, record by record
 *   pop:label(id)                                -- the text of a `by` value (tostring of the raw value)
 *   pop:rowid(i)
 *
 * opts.tick, when given, is called every TICK_ROWS rows (the REPL resets the instruction
 * budget with it). opts.present = {fn, ...}: the compiled functions for records whose required
 * inputs (opts.required: "1"/"0" per argument) are all there; opts.bounded: the functions have
 * no loop, so they run without the budget's count hook.
 *
 * kinds: one letter per selected column after the rowid: the argument kinds of core/arg.h, or
 * 'r' (a raw value kept as its Lua text, for grouping). A value the compiled measure cannot
 * take (core/arg.c: it would go to the reference evaluator) marks its row; such rows, and the
 * rows the compiled function hands back (status 0), are listed in the totals (`handed`) for
 * the caller to evaluate with the reference evaluator. Money totals are exact integers of 分;
 * an overflow is an error. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/arg.h"
#include "lauxlib.h"

#define POP_MT "gazette.columns"
#define MAX_COLS 200
#define MAX_JOBS 64
#define MAX_EXAMPLES 10
/* opts.tick (the host's budget reset) is called once per this many rows: a compiled record
 * runs a few hundred instructions, so the budget still bounds each stretch of records */
#define TICK_ROWS 1024

enum { CELL_NIL = 0, CELL_VALUE = 1, CELL_HANDED = 2 };

typedef struct column {
  char kind;
  int64_t *v;     /* integer, 分, day number, 0/1, or a string's id */
  uint8_t *state; /* CELL_* */
} column;

/* Distinct strings: their ids index the uservalue table (1-based). */
typedef struct strmap {
  size_t cap, n;
  uint64_t *hash;
  int32_t *id;
  char **s;
  size_t *len;
} strmap;

typedef struct pop {
  int64_t n, cap;
  int ncols;
  int64_t *rowid;
  column cols[MAX_COLS];
  strmap strs;
} pop;

static uint64_t fnv(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

static void strmap_free(strmap *m) {
  for (size_t i = 0; i < m->cap; i++) free(m->s[i]);
  free(m->hash);
  free(m->id);
  free(m->s);
  free(m->len);
  memset(m, 0, sizeof *m);
}

static int strmap_grow(strmap *m) {
  size_t cap = m->cap ? m->cap * 2 : 256;
  strmap t = {cap, 0, calloc(cap, sizeof(uint64_t)), calloc(cap, sizeof(int32_t)), calloc(cap, sizeof(char *)),
              calloc(cap, sizeof(size_t))};
  if (!t.hash || !t.id || !t.s || !t.len) {
    strmap_free(&t);
    return -1;
  }
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->s[i]) continue;
    size_t j = m->hash[i] & (cap - 1);
    while (t.s[j]) j = (j + 1) & (cap - 1);
    t.hash[j] = m->hash[i], t.id[j] = m->id[i], t.s[j] = m->s[i], t.len[j] = m->len[i];
    m->s[i] = NULL;
  }
  t.n = m->n;
  strmap_free(m);
  *m = t;
  return 0;
}

/* The id of s in the map (adding it to the uservalue table at index `strs`). */
static int32_t intern(lua_State *L, strmap *m, int strs, const char *s, size_t n) {
  if ((m->n + 1) * 2 > m->cap && strmap_grow(m)) luaL_error(L, "columns: out of memory");
  uint64_t h = fnv(s, n);
  size_t j = h & (m->cap - 1);
  while (m->s[j]) {
    if (m->hash[j] == h && m->len[j] == n && memcmp(m->s[j], s, n) == 0) return m->id[j];
    j = (j + 1) & (m->cap - 1);
  }
  if (m->n >= INT32_MAX - 1) luaL_error(L, "columns: too many distinct values");
  char *c = malloc(n + 1);
  if (!c) luaL_error(L, "columns: out of memory");
  memcpy(c, s, n);
  c[n] = 0;
  m->s[j] = c, m->len[j] = n, m->hash[j] = h, m->id[j] = (int32_t)++m->n;
  lua_pushlstring(L, s, n);
  lua_rawseti(L, strs, m->id[j]);
  return m->id[j];
}

static pop *checkpop(lua_State *L, int i) { return luaL_checkudata(L, i, POP_MT); }

static int pop_gc(lua_State *L) {
  pop *p = checkpop(L, 1);
  for (int c = 0; c < p->ncols; c++) {
    free(p->cols[c].v);
    free(p->cols[c].state);
  }
  free(p->rowid);
  strmap_free(&p->strs);
  memset(p, 0, sizeof *p);
  return 0;
}

static int pop_grow(pop *p) {
  int64_t cap = p->cap ? p->cap * 2 : 4096;
  int64_t *r = realloc(p->rowid, (size_t)cap * sizeof *r);
  if (!r) return -1;
  p->rowid = r;
  for (int c = 0; c < p->ncols; c++) {
    int64_t *v = realloc(p->cols[c].v, (size_t)cap * sizeof *v);
    if (!v) return -1;
    p->cols[c].v = v;
    uint8_t *s = realloc(p->cols[c].state, (size_t)cap);
    if (!s) return -1;
    p->cols[c].state = s;
  }
  p->cap = cap;
  return 0;
}

/* One cell of the current row. */
static void load_cell(lua_State *L, pop *p, int strs, sqlite3_stmt *st, int c, int64_t row) {
  column *col = &p->cols[c];
  int sc = c + 1, t = sqlite3_column_type(st, sc);
  gz_raw raw = {0};
  if (col->kind == 'r') { /* grouped by tostring of the raw value, as whatif.lua groups */
    if (t == SQLITE_NULL) {
      col->state[row] = CELL_NIL;
      col->v[row] = 0;
      return;
    }
    if (t == SQLITE_INTEGER) lua_pushinteger(L, sqlite3_column_int64(st, sc));
    else if (t == SQLITE_FLOAT) lua_pushnumber(L, sqlite3_column_double(st, sc));
    else lua_pushlstring(L, (const char *)(t == SQLITE_BLOB ? sqlite3_column_blob(st, sc) : sqlite3_column_text(st, sc)),
                         (size_t)sqlite3_column_bytes(st, sc));
    size_t n;
    const char *s = luaL_tolstring(L, -1, &n);
    col->v[row] = intern(L, &p->strs, strs, s, n);
    col->state[row] = CELL_VALUE;
    lua_pop(L, 2);
    return;
  }
  switch (t) {
    case SQLITE_NULL: raw.type = GZ_RAW_NULL; break;
    case SQLITE_INTEGER: raw.type = GZ_RAW_INT; raw.i = sqlite3_column_int64(st, sc); break;
    case SQLITE_FLOAT: raw.type = GZ_RAW_FLOAT; raw.f = sqlite3_column_double(st, sc); break;
    default:
      raw.type = GZ_RAW_TEXT;
      raw.s = (const char *)(t == SQLITE_BLOB ? sqlite3_column_blob(st, sc) : sqlite3_column_text(st, sc));
      raw.n = (size_t)sqlite3_column_bytes(st, sc);
      if (!raw.s) raw.s = "";
  }
  int64_t v = 0;
  switch (gz_arg_convert(col->kind, &raw, &v)) {
    case GZ_ARG_NIL: col->state[row] = CELL_NIL; col->v[row] = 0; break;
    case GZ_ARG_INTEGER:
    case GZ_ARG_BOOLEAN: col->state[row] = CELL_VALUE; col->v[row] = v; break;
    case GZ_ARG_STRING:
      col->state[row] = CELL_VALUE;
      col->v[row] = intern(L, &p->strs, strs, raw.s, raw.n);
      break;
    default: col->state[row] = CELL_HANDED; col->v[row] = 0;
  }
}

/* columns.load(path, sql, kinds) */
static int f_load(lua_State *L) {
  const char *path = luaL_checkstring(L, 1), *sql = luaL_checkstring(L, 2);
  size_t nk;
  const char *kinds = luaL_checklstring(L, 3, &nk);
  if (nk > MAX_COLS) return luaL_argerror(L, 3, "too many columns");
  for (size_t i = 0; i < nk; i++)
    if (kinds[i] != 'r' && !gz_arg_kind_valid((unsigned char)kinds[i])) return luaL_argerror(L, 3, "unknown kind");
  pop *p = lua_newuserdatauv(L, sizeof *p, 1);
  memset(p, 0, sizeof *p);
  luaL_setmetatable(L, POP_MT);
  int ud = lua_gettop(L);
  lua_newtable(L);
  int strs = lua_gettop(L);
  lua_pushvalue(L, strs);
  lua_setiuservalue(L, ud, 1);
  p->ncols = (int)nk;
  for (int c = 0; c < p->ncols; c++) p->cols[c].kind = kinds[c];
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) goto fail;
  sqlite3_busy_timeout(db, 5000);
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) goto fail;
  if (sqlite3_column_count(st) != p->ncols + 1) {
    sqlite3_finalize(st);
    sqlite3_close(db);
    return luaL_error(L, "columns.load: the query has %d columns, expected rowid and %d", sqlite3_column_count(st), p->ncols);
  }
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (p->n == p->cap && pop_grow(p)) {
      sqlite3_finalize(st);
      sqlite3_close(db);
      return luaL_error(L, "columns.load: out of memory at row %I", (lua_Integer)p->n);
    }
    p->rowid[p->n] = sqlite3_column_int64(st, 0);
    for (int c = 0; c < p->ncols; c++) load_cell(L, p, strs, st, c, p->n);
    p->n++;
  }
  if (rc != SQLITE_DONE) goto fail;
  sqlite3_finalize(st);
  sqlite3_close(db);
  lua_settop(L, ud);
  return 1;
fail:;
  const char *msg = db ? sqlite3_errmsg(db) : "out of memory";
  lua_pushfstring(L, "%s: %s", path, msg);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return lua_error(L);
}

static int f_count(lua_State *L) {
  lua_pushinteger(L, checkpop(L, 1)->n);
  return 1;
}

static int f_rowid(lua_State *L) {
  pop *p = checkpop(L, 1);
  lua_Integer i = luaL_checkinteger(L, 2);
  luaL_argcheck(L, i >= 1 && i <= p->n, 2, "no such row");
  lua_pushinteger(L, p->rowid[i - 1]);
  return 1;
}

static int f_label(lua_State *L) {
  checkpop(L, 1);
  lua_Integer id = luaL_checkinteger(L, 2);
  lua_getiuservalue(L, 1, 1);
  lua_rawgeti(L, -1, id);
  return 1;
}

/* ---- evaluation ---- */

/* Per group (a `by` value; group 0: NULL) or for the whole population. */
typedef struct tally {
  int64_t n;
  int64_t status[2][5];     /* base / reform: handed(0), eligible, ineligible, undetermined, not in force */
  int64_t fen[2];           /* eligible amounts */
  int64_t gain_n, gain_fen, lose_n, lose_fen, became_eligible, became_ineligible;
} tally;

typedef struct totals {
  tally all;
  int ngroups;
  tally *groups;           /* ngroups + 1 */
  int64_t nhanded, cap_handed;
  int64_t *handed;         /* 0-based rows */
  int nex;
  int64_t ex[MAX_EXAMPLES][5]; /* row, base status, base fen, reform status, reform fen */
  int overflow;
} totals;

static void add_fen(totals *t, int64_t *acc, int64_t v) {
  if (__builtin_add_overflow(*acc, v, acc)) t->overflow = 1;
}

static int add_handed(totals *t, int64_t row) {
  if (t->nhanded == t->cap_handed) {
    int64_t cap = t->cap_handed ? t->cap_handed * 2 : 64;
    int64_t *h = realloc(t->handed, (size_t)cap * sizeof *h);
    if (!h) return -1;
    t->handed = h, t->cap_handed = cap;
  }
  t->handed[t->nhanded++] = row;
  return 0;
}

typedef struct job {
  pop *p;
  int nargs;
  int args[MAX_COLS]; /* columns passed to the function, in its order */
  int by;             /* column grouped by, or -1 */
  int fns;            /* 1: run, 2: compare */
  int fn_idx[2];      /* stack indices of the functions */
  int present_idx[2]; /* the same for records whose required inputs are all there, or 0 */
  char required[MAX_COLS]; /* per argument: the input is required */
  int bounded;        /* the functions have no loop: run without the budget's count hook */
  int strs;           /* stack index of the strings table */
  int tick;           /* stack index of opts.tick (resets the instruction budget), or 0 */
} job;

/* Calls fn on row i: status and amount (fen, 0 when none); -1 when the row is handed back. */
static int call_row(lua_State *L, const job *j, int which, int64_t i, int64_t *fen) {
  const pop *p = j->p;
  int all = j->present_idx[which] != 0; /* every required input there: the function without tests */
  for (int a = 0; a < j->nargs && all; a++)
    if (j->required[a] && p->cols[j->args[a]].state[i] == CELL_NIL) all = 0;
  lua_pushvalue(L, all ? j->present_idx[which] : j->fn_idx[which]);
  for (int a = 0; a < j->nargs; a++) {
    const column *col = &p->cols[j->args[a]];
    switch (col->state[i]) {
      case CELL_NIL: lua_pushnil(L); break;
      case CELL_HANDED: lua_settop(L, lua_gettop(L) - a - 1); return -1;
      default:
        if (col->kind == GZ_ARG_TEXT) lua_rawgeti(L, j->strs, col->v[i]);
        else if (col->kind == GZ_ARG_BOOL) lua_pushboolean(L, (int)col->v[i]);
        else lua_pushinteger(L, col->v[i]);
    }
  }
  if (lua_pcall(L, j->nargs, 3, 0) != LUA_OK) { /* the reference evaluator reports it */
    lua_pop(L, 1);
    return -1;
  }
  int isint;
  lua_Integer st = lua_tointegerx(L, -3, &isint);
  *fen = 0;
  if (!isint || st < 1 || st > 4) st = -1;
  else if (st == 1 && !lua_isnil(L, -1)) {
    lua_Integer a = lua_tointegerx(L, -1, &isint);
    if (!isint) st = -1;
    else *fen = a;
  }
  lua_pop(L, 3);
  return (int)st;
}

static void count(totals *t, tally *g, int which, int st, int64_t fen) {
  g->status[which][st]++;
  if (st == 1) add_fen(t, &g->fen[which], fen);
}

/* Rows [lo, hi) into t. */
static int eval_range(lua_State *L, const job *j, int64_t lo, int64_t hi, totals *t) {
  for (int64_t i = lo; i < hi; i++) {
    if (j->tick && (i - lo) % TICK_ROWS == 0) {
      lua_pushvalue(L, j->tick);
      if (lua_pcall(L, 0, 0, 0) != LUA_OK) return -2; /* its error is on the stack */
    }
    int64_t fb = 0, fr = 0;
    int sb = call_row(L, j, 0, i, &fb);
    int sr = j->fns == 2 && sb > 0 ? call_row(L, j, 1, i, &fr) : 0;
    if (sb < 0 || sr < 0) {
      if (add_handed(t, i)) return -1;
      continue;
    }
    tally *g = NULL;
    if (j->by >= 0) {
      const column *c = &j->p->cols[j->by];
      int64_t id = c->state[i] == CELL_VALUE ? c->v[i] : 0;
      g = &t->groups[id];
      g->n++;
    }
    t->all.n++;
    count(t, &t->all, 0, sb, fb);
    if (g) count(t, g, 0, sb, fb);
    if (j->fns == 1) continue;
    count(t, &t->all, 1, sr, fr);
    if (g) count(t, g, 1, sr, fr);
    int64_t ba = sb == 1 ? fb : 0, na = sr == 1 ? fr : 0;
    int changed = sb != sr;
    tally *ts[2] = {&t->all, g};
    for (int k = 0; k < 2; k++) {
      tally *x = ts[k];
      if (!x) continue;
      if (na > ba) x->gain_n++, add_fen(t, &x->gain_fen, na - ba);
      else if (na < ba) x->lose_n++, add_fen(t, &x->lose_fen, na - ba);
      if (sb != 1 && sr == 1) x->became_eligible++;
      else if (sb == 1 && sr != 1) x->became_ineligible++;
    }
    if (na != ba) changed = 1;
    if (changed && t->nex < MAX_EXAMPLES) {
      int64_t *e = t->ex[t->nex++];
      e[0] = i, e[1] = sb, e[2] = fb, e[3] = sr, e[4] = fr;
    }
  }
  return 0;
}

static void merge_tally(totals *t, tally *a, const tally *b) {
  a->n += b->n;
  for (int w = 0; w < 2; w++) {
    for (int s = 0; s < 5; s++) a->status[w][s] += b->status[w][s];
    add_fen(t, &a->fen[w], b->fen[w]);
  }
  a->gain_n += b->gain_n, a->lose_n += b->lose_n;
  add_fen(t, &a->gain_fen, b->gain_fen);
  add_fen(t, &a->lose_fen, b->lose_fen);
  a->became_eligible += b->became_eligible, a->became_ineligible += b->became_ineligible;
}

/* A child's totals through a pipe: the fixed part, the groups, the handed rows. */
static int write_all(int fd, const void *buf, size_t n) {
  const char *s = buf;
  while (n > 0) {
    ssize_t w = write(fd, s, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    s += w, n -= (size_t)w;
  }
  return 0;
}
static int read_all(int fd, void *buf, size_t n) {
  char *s = buf;
  while (n > 0) {
    ssize_t r = read(fd, s, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    s += r, n -= (size_t)r;
  }
  return 0;
}

static int send_totals(int fd, const totals *t) {
  if (write_all(fd, t, sizeof *t) || write_all(fd, t->groups, sizeof(tally) * (size_t)(t->ngroups + 1)) ||
      write_all(fd, t->handed, sizeof(int64_t) * (size_t)t->nhanded))
    return -1;
  return 0;
}

static int receive_totals(int fd, totals *t, int ngroups) {
  totals r;
  if (read_all(fd, &r, sizeof r)) return -1;
  tally *g = calloc((size_t)ngroups + 1, sizeof *g);
  int64_t *h = r.nhanded ? malloc(sizeof(int64_t) * (size_t)r.nhanded) : NULL;
  if (!g || (r.nhanded && !h) || read_all(fd, g, sizeof *g * (size_t)(ngroups + 1)) ||
      (r.nhanded && read_all(fd, h, sizeof(int64_t) * (size_t)r.nhanded))) {
    free(g);
    free(h);
    return -1;
  }
  merge_tally(t, &t->all, &r.all);
  for (int i = 0; i <= ngroups; i++) merge_tally(t, &t->groups[i], &g[i]);
  for (int64_t i = 0; i < r.nhanded; i++) add_handed(t, h[i]);
  for (int i = 0; i < r.nex && t->nex < MAX_EXAMPLES; i++) memcpy(t->ex[t->nex++], r.ex[i], sizeof r.ex[i]);
  if (r.overflow) t->overflow = 1;
  free(g);
  free(h);
  return 0;
}

static void push_tally(lua_State *L, const tally *g, int fns) {
  lua_createtable(L, 0, 12);
  lua_pushinteger(L, g->n);
  lua_setfield(L, -2, "n");
  for (int w = 0; w < fns; w++) {
    lua_createtable(L, 4, 1);
    for (int s = 0; s < 5; s++) {
      lua_pushinteger(L, g->status[w][s]);
      lua_rawseti(L, -2, s);
    }
    lua_setfield(L, -2, w ? "reform" : "base");
    lua_pushinteger(L, g->fen[w]);
    lua_setfield(L, -2, w ? "reform_fen" : "base_fen");
  }
  if (fns == 2) {
    const char *names[] = {"gain_n", "gain_fen", "lose_n", "lose_fen", "became_eligible", "became_ineligible"};
    int64_t vals[] = {g->gain_n, g->gain_fen, g->lose_n, g->lose_fen, g->became_eligible, g->became_ineligible};
    for (int k = 0; k < 6; k++) {
      lua_pushinteger(L, vals[k]);
      lua_setfield(L, -2, names[k]);
    }
  }
}

/* The evaluation of the rows over `jobs` processes: this one takes the first range. */
static int evaluate(lua_State *L, job *j, int jobs) {
  pop *p = j->p;
  totals t = {0};
  t.ngroups = j->by >= 0 ? (int)p->strs.n : 0;
  t.groups = calloc((size_t)t.ngroups + 1, sizeof(tally));
  if (!t.groups) return luaL_error(L, "columns: out of memory");
  if (jobs > p->n / 1000 + 1) jobs = (int)(p->n / 1000 + 1); /* small populations: one process */
  pid_t pids[MAX_JOBS];
  int fds[MAX_JOBS], started = 0, failed = 0;
  for (int k = 1; k < jobs; k++) {
    int pfd[2];
    if (pipe(pfd)) break;
    pid_t pid = fork();
    if (pid < 0) {
      close(pfd[0]);
      close(pfd[1]);
      break;
    }
    if (pid == 0) { /* the child: its range, its totals, then _exit (no Lua finalizer runs) */
      close(pfd[0]);
      lua_gc(L, LUA_GCSTOP);
      totals c = {0};
      c.ngroups = t.ngroups;
      c.groups = calloc((size_t)c.ngroups + 1, sizeof(tally));
      if (j->bounded) lua_sethook(L, NULL, 0, 0);
      int rc = !c.groups || eval_range(L, j, p->n * k / jobs, p->n * (k + 1) / jobs, &c) || send_totals(pfd[1], &c);
      _exit(rc ? 1 : 0);
    }
    close(pfd[1]);
    pids[started] = pid;
    fds[started++] = pfd[0];
  }
  int parts = started + 1, rc = 0;
  lua_Hook hook = lua_gethook(L);
  int hookmask = lua_gethookmask(L), hookcount = lua_gethookcount(L);
  if (j->bounded) lua_sethook(L, NULL, 0, 0);
  rc = eval_range(L, j, 0, p->n * 1 / parts, &t);
  if (rc == 0 && parts < jobs) rc = eval_range(L, j, p->n * (started + 1) / jobs, p->n, &t); /* a fork failed */
  if (j->bounded) lua_sethook(L, hook, hookmask, hookcount);
  if (rc) failed = rc;
  for (int k = 0; k < started; k++) {
    if (receive_totals(fds[k], &t, t.ngroups)) failed = 1;
    close(fds[k]);
    int status;
    while (waitpid(pids[k], &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = 1;
  }
  if (failed || t.overflow) {
    free(t.groups);
    free(t.handed);
    if (failed == -2) return lua_error(L); /* opts.tick raised (an interrupt, the budget) */
    return luaL_error(L, failed ? "columns: a worker process failed" : "columns: a total overflows the range of money");
  }
  /* the result */
  lua_createtable(L, 0, 6);
  push_tally(L, &t.all, j->fns);
  lua_setfield(L, -2, "all");
  if (j->by >= 0) {
    lua_createtable(L, t.ngroups, 1);
    for (int g = 0; g <= t.ngroups; g++) {
      if (t.groups[g].n == 0) continue;
      push_tally(L, &t.groups[g], j->fns);
      lua_rawseti(L, -2, g);
    }
    lua_setfield(L, -2, "groups");
  }
  /* handed rows in row order (1-based) */
  if (t.nhanded > 1) {
    for (int64_t a = 1; a < t.nhanded; a++) { /* insertion sort: the lists are short and nearly sorted */
      int64_t x = t.handed[a], b = a - 1;
      while (b >= 0 && t.handed[b] > x) t.handed[b + 1] = t.handed[b], b--;
      t.handed[b + 1] = x;
    }
  }
  lua_createtable(L, (int)t.nhanded, 0);
  for (int64_t i = 0; i < t.nhanded; i++) {
    lua_pushinteger(L, t.handed[i] + 1);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "handed");
  lua_createtable(L, t.nex, 0);
  for (int i = 0; i < t.nex; i++) {
    lua_createtable(L, 5, 0);
    lua_pushinteger(L, t.ex[i][0] + 1);
    lua_rawseti(L, -2, 1);
    for (int k = 1; k < 5; k++) {
      lua_pushinteger(L, t.ex[i][k]);
      lua_rawseti(L, -2, k + 1);
    }
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "examples");
  free(t.groups);
  free(t.handed);
  return 1;
}

/* Reads the options {args = {column indices}, jobs = N, by = COLUMN}. */
static void job_options(lua_State *L, job *j, pop *p, int opts) {
  luaL_checktype(L, opts, LUA_TTABLE);
  lua_getfield(L, opts, "args");
  luaL_argcheck(L, lua_istable(L, -1), opts, "args: the columns of the function's inputs");
  j->nargs = (int)luaL_len(L, -1);
  luaL_argcheck(L, j->nargs <= MAX_COLS, opts, "too many args");
  for (int a = 0; a < j->nargs; a++) {
    lua_rawgeti(L, -1, a + 1);
    lua_Integer c = lua_tointeger(L, -1);
    luaL_argcheck(L, c >= 1 && c <= p->ncols && p->cols[c - 1].kind != 'r', opts, "args: no such column");
    j->args[a] = (int)c - 1;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  lua_getfield(L, opts, "by");
  j->by = -1;
  if (!lua_isnil(L, -1)) {
    lua_Integer c = lua_tointeger(L, -1);
    luaL_argcheck(L, c >= 1 && c <= p->ncols && p->cols[c - 1].kind == 'r', opts, "by: not a raw column");
    j->by = (int)c - 1;
  }
  lua_pop(L, 1);
  lua_getfield(L, opts, "required");
  const char *req = lua_tostring(L, -1);
  for (int a = 0; a < j->nargs; a++) j->required[a] = req && (int)strlen(req) == j->nargs && req[a] == '1';
  lua_pop(L, 1);
  lua_getfield(L, opts, "bounded");
  j->bounded = lua_toboolean(L, -1);
  lua_pop(L, 1);
  lua_getfield(L, opts, "tick");
  if (lua_isfunction(L, -1)) j->tick = lua_gettop(L); /* stays on the stack for the evaluation */
  else lua_pop(L, 1);
  luaL_checkstack(L, j->nargs + 8, "too many args");
}

/* opts.present = {fn, ...}: the functions for records whose required inputs are all there (left on
 * the stack for the evaluation). */
static void present_options(lua_State *L, job *j, int opts) {
  if (lua_getfield(L, opts, "present") != LUA_TTABLE) {
    lua_pop(L, 1);
    return;
  }
  int t = lua_gettop(L);
  for (int k = 0; k < j->fns; k++) {
    if (lua_rawgeti(L, t, k + 1) == LUA_TFUNCTION) j->present_idx[k] = lua_gettop(L);
    else lua_pop(L, 1);
  }
}

static int jobs_option(lua_State *L, int opts) {
  lua_getfield(L, opts, "jobs");
  lua_Integer n = luaL_optinteger(L, -1, 1);
  lua_pop(L, 1);
  return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

/* pop:run(fn, opts) */
static int f_run(lua_State *L) {
  pop *p = checkpop(L, 1);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  job j = {0};
  j.p = p;
  job_options(L, &j, p, 3);
  j.fns = 1;
  j.fn_idx[0] = 2;
  present_options(L, &j, 3);
  lua_getiuservalue(L, 1, 1);
  j.strs = lua_gettop(L);
  return evaluate(L, &j, jobs_option(L, 3));
}

/* pop:compare(base, reform, opts) */
static int f_compare(lua_State *L) {
  pop *p = checkpop(L, 1);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  luaL_checktype(L, 3, LUA_TFUNCTION);
  job j = {0};
  j.p = p;
  job_options(L, &j, p, 4);
  j.fns = 2;
  j.fn_idx[0] = 2;
  j.fn_idx[1] = 3;
  present_options(L, &j, 4);
  lua_getiuservalue(L, 1, 1);
  j.strs = lua_gettop(L);
  return evaluate(L, &j, jobs_option(L, 4));
}

static const luaL_Reg pop_methods[] = {{"count", f_count},     {"run", f_run},     {"compare", f_compare},
                                       {"label", f_label},     {"rowid", f_rowid}, {NULL, NULL}};
static const luaL_Reg pop_meta[] = {{"__gc", pop_gc}, {"__close", pop_gc}, {NULL, NULL}};
/* columns.cpus() -> the number of processors online */
static int f_cpus(lua_State *L) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  lua_pushinteger(L, n > 0 ? n : 1);
  return 1;
}

static const luaL_Reg funcs[] = {{"load", f_load}, {"cpus", f_cpus}, {NULL, NULL}};

int luaopen_columns(lua_State *L) {
  luaL_newmetatable(L, POP_MT);
  luaL_setfuncs(L, pop_meta, 0);
  luaL_newlib(L, pop_methods);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
  luaL_newlib(L, funcs);
  return 1;
}
