/* batch_fast.c: the compiled path of a worker (batch_fast.h). Per record and compiled measure:
 * the input columns are read by index and converted in C (core/arg.c: text as the column's
 * bytes, integers, 0/1 booleans, money text or integer yuan in 分, dates as day numbers), one
 * Lua call returns status, failed rules, amount and outputs as plain values, and the row is
 * written from them (money text from 分 in C). The summary's counts are kept in arrays and
 * added to the chunk's stats once, at the end of the chunk. */
#include <stdlib.h>
#include <string.h>

#include "batch/batch_fast.h"
#include "core/arg.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/money.h"
#include "host/gazette.h"
#include "lua/lfastops.h"
#include "lauxlib.h"

#define MAX_RULES 63
#define MAX_OUTS 64

enum { OUT_MONEY, OUT_INTEGER, OUT_TEXT, OUT_DATE, OUT_BOOLEAN };
static const char *const STATUS[5] = {NULL, "eligible", "ineligible", "undetermined", "not_in_force"};
static const size_t STATUS_LEN[5] = {0, 8, 10, 12, 12};

typedef struct fast_measure {
  int fn;                 /* registry reference, LUA_NOREF when not compiled */
  int present;            /* the function for records whose required inputs are all there */
  char *required;         /* "1" or "0" per argument */
  int nargs;
  int *argcol;            /* statement column of each argument, -1: no such column (nil) */
  char *kinds;
  int has_amount;
  int nouts;
  int outcol[MAX_OUTS];   /* row column of each output */
  int outtype[MAX_OUTS];
  int nrules;
  char *rule_key[MAX_RULES]; /* "R\tMEASURE\trule\tclause\ttext" for the summary */
  char *status_key[5];       /* "S\tMEASURE\tSTATUS" */
  char *amount_key;          /* "A\tMEASURE" */
  /* counts since the last flush */
  int64_t n_status[5], n_failed[MAX_RULES], fen, fen_shadow;
  int any_fen, direct;
  int bounded;            /* no loop: run without the instruction budget's hook */
  int lists;              /* has list arguments: they come from the record table (rec) */
  char **listname;        /* per argument: the list input's name, or NULL */
  int *list_names;        /* per argument: registry reference to its child fields' names */
  char **list_kinds;      /* per argument: its child fields' kinds */
  size_t idlen;           /* the measure id, and whether CSV writes it without quotes */
  int id_plain;
  int group;              /* 1.. for a member of an exclusivity group combined in this run (就高不重复) */
  char *group_name;
} fast_measure;

/* One compiled result, its values on the Lua stack from base + 1 (status, failed, amount, outputs). */
typedef struct fast_result {
  int st;             /* 1 eligible, 2 ineligible, 3 undetermined, 4 not in force */
  lua_Integer failed;
  int64_t fen;
  int base;
  int excluded_by;    /* 就高不重复: the member that pays instead (index + 1), or 0 */
  int pending;        /* 就高不重复: the best member while another is undetermined */
} fast_result;

/* The texts pushed lately, by content: interning a column's text again costs lua_pushlstring
 * its hash and string-table walk (~170 instructions); a column's texts repeat (districts,
 * industry codes), and a slot found here is one registry read. Short texts only. */
#define TEXT_SLOTS 512 /* a power of two */
#define TEXT_MAX 24
typedef struct text_slot {
  int ref; /* registry reference holding the string, LUA_NOREF while empty */
  size_t n;
  char s[TEXT_MAX];
} text_slot;

struct gz_fast {
  lua_State *L;
  text_slot *texts;
  const gz_run *r;
  int nmeasures, any;
  fast_measure *m;
  /* The budget's count hook makes Lua 5.4 trace every instruction; a bounded compiled function
   * (no loop) runs without it, and the hook is back before anything else runs (gz_fast_restore). */
  lua_Hook hook;
  int hookmask, hookcount, hook_off;
};

/* "a\tb" with tabs and line breaks of the parts made spaces, as batch.lua's oneline does. */
static void add_oneline(gz_buf *b, const char *s) {
  for (; s && *s; s++) {
    char c = (*s == '\t' || *s == '\r' || *s == '\n') ? ' ' : *s;
    gz_buf_add(b, &c, 1);
  }
}

/* The summary's keys as gz_stats_result makes them: "S\tMEASURE\tSTATUS", "A\tMEASURE", and
 * "R\tMEASURE\t" + the failed rule's line "rule\tclause\ttext" (each part on one line, the line
 * cut at 900 bytes). */
static char *key_of(const char *a, const char *b, const char *c, const char *d, const char *e) {
  gz_buf k = {0};
  gz_buf_add(&k, a, strlen(a));
  gz_buf_add(&k, "\t", 1);
  gz_buf_add(&k, b, strlen(b));
  if (c) {
    gz_buf_add(&k, "\t", 1);
    size_t start = k.len;
    if (a[0] == 'R') {
      add_oneline(&k, c);
      gz_buf_add(&k, "\t", 1);
      add_oneline(&k, d);
      gz_buf_add(&k, "\t", 1);
      add_oneline(&k, e);
      if (k.len - start > 900) k.len = start + 900;
    } else gz_buf_add(&k, c, strlen(c));
  }
  gz_buf_add(&k, "", 1);
  return k.p;
}

static const char *field_string(lua_State *L, int t, const char *k) {
  lua_getfield(L, t, k);
  const char *s = lua_tostring(L, -1);
  lua_pop(L, 1);
  return s ? s : "";
}

static int out_type(const char *t) {
  if (strcmp(t, "money") == 0) return OUT_MONEY;
  if (strcmp(t, "integer") == 0) return OUT_INTEGER;
  if (strcmp(t, "text") == 0) return OUT_TEXT;
  if (strcmp(t, "date") == 0) return OUT_DATE;
  if (strcmp(t, "boolean") == 0) return OUT_BOOLEAN;
  return -1;
}

/* Reads one plan.compiled entry (on top of the stack) into fm; 0, or -1 when it cannot be used. */
static int read_measure(lua_State *L, const gz_run *r, int m, fast_measure *fm) {
  int e = lua_gettop(L);
  const char *id = r->ids[m];
  size_t nk;
  lua_getfield(L, e, "kinds");
  const char *kinds = lua_tolstring(L, -1, &nk);
  lua_getfield(L, e, "inputs");
  if (!kinds || !lua_istable(L, -1) || (size_t)luaL_len(L, -1) != nk) return -1;
  fm->nargs = (int)nk;
  fm->kinds = strdup(kinds);
  fm->argcol = calloc(nk + 1, sizeof(int));
  if (!fm->kinds || !fm->argcol) return -1;
  fm->listname = calloc(nk + 1, sizeof(char *));
  fm->list_names = calloc(nk + 1, sizeof(int));
  fm->list_kinds = calloc(nk + 1, sizeof(char *));
  if (!fm->listname || !fm->list_names || !fm->list_kinds) return -1;
  lua_getfield(L, e, "columns"); /* the column of each input, when not its name */
  int colnames = lua_istable(L, -1) ? lua_gettop(L) : 0;
  if (!colnames) lua_pop(L, 1);
  else lua_insert(L, -2);
  for (int a = 0; a < fm->nargs; a++) {
    lua_rawgeti(L, -1, a + 1);
    const char *name = lua_tostring(L, -1);
    const char *column = name;
    if (colnames) {
      lua_rawgeti(L, colnames, a + 1);
      if (lua_isstring(L, -1)) column = lua_tostring(L, -1);
      lua_pop(L, 1);
    }
    fm->argcol[a] = -1;
    fm->list_names[a] = LUA_NOREF;
    if (kinds[a] == 'L') { /* child records: from the record table, with their fields' kinds */
      fm->lists = 1;
      fm->listname[a] = strdup(name ? name : "");
      lua_getfield(L, e, "lists");
      if (lua_rawgeti(L, -1, a + 1) != LUA_TTABLE) return -1;
      lua_getfield(L, -1, "kinds");
      const char *ck = lua_tostring(L, -1);
      fm->list_kinds[a] = ck ? strdup(ck) : NULL;
      lua_pop(L, 1);
      lua_getfield(L, -1, "names");
      fm->list_names[a] = luaL_ref(L, LUA_REGISTRYINDEX);
      lua_pop(L, 2);
      if (!fm->listname[a] || !fm->list_kinds[a]) return -1;
    } else if (!gz_arg_kind_valid((unsigned char)kinds[a])) {
      return -1;
    }
    for (int i = 0; column && i < r->ninputs; i++)
      if (strcmp(r->inputs[i], column) == 0) fm->argcol[a] = i + 1; /* column 0 is the key */
    lua_pop(L, 1);
  }
  lua_pop(L, colnames ? 3 : 2);
  lua_getfield(L, e, "amount");
  fm->has_amount = !lua_isnil(L, -1);
  lua_pop(L, 1);
  lua_getfield(L, e, "outputs");
  fm->nouts = (int)luaL_len(L, -1);
  if (fm->nouts > MAX_OUTS) return -1;
  for (int o = 0; o < fm->nouts; o++) {
    lua_rawgeti(L, -1, o + 1);
    const char *name = field_string(L, -1, "name");
    fm->outtype[o] = out_type(field_string(L, -1, "type"));
    fm->outcol[o] = -1;
    for (int c = 0; c < r->ncols; c++)
      if (strcmp(r->columns[c], name) == 0 && c >= 4) fm->outcol[o] = c;
    lua_pop(L, 1);
    if (fm->outtype[o] < 0 || fm->outcol[o] < 0) return -1;
  }
  lua_pop(L, 1);
  lua_getfield(L, e, "rules");
  fm->nrules = (int)luaL_len(L, -1);
  if (fm->nrules > MAX_RULES) return -1;
  for (int i = 0; i < fm->nrules; i++) {
    lua_rawgeti(L, -1, i + 1);
    fm->rule_key[i] = key_of("R", id, field_string(L, -1, "name"), field_string(L, -1, "clause"),
                             field_string(L, -1, "text"));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  for (int s = 1; s <= 4; s++) fm->status_key[s] = key_of("S", id, STATUS[s], NULL, NULL);
  fm->idlen = strlen(id);
  fm->id_plain = fm->idlen > 0 && id[0] != ' ' && id[fm->idlen - 1] != ' ' && !strpbrk(id, ",\"\r\n");
  fm->amount_key = key_of("A", id, NULL, NULL, NULL);
  lua_getfield(L, e, "required");
  const char *req = lua_tostring(L, -1);
  if (!req || strlen(req) != nk) return -1;
  fm->required = strdup(req);
  lua_pop(L, 1);
  if (!fm->required) return -1;
  lua_getfield(L, e, "present");
  if (!lua_isfunction(L, -1)) return -1;
  fm->present = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_getfield(L, e, "bounded");
  fm->bounded = lua_toboolean(L, -1);
  lua_pop(L, 1);
  lua_getfield(L, e, "group_index");
  fm->group = (int)lua_tointeger(L, -1);
  lua_pop(L, 1);
  lua_getfield(L, e, "group");
  if (fm->group && lua_isstring(L, -1)) fm->group_name = strdup(lua_tostring(L, -1));
  lua_pop(L, 1);
  if (fm->group && !fm->group_name) return -1;
  lua_getfield(L, e, "fn");
  if (!lua_isfunction(L, -1)) return -1;
  fm->fn = luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

static void free_measure(lua_State *L, fast_measure *fm) {
  if (fm->fn != LUA_NOREF && L) luaL_unref(L, LUA_REGISTRYINDEX, fm->fn);
  if (fm->present != LUA_NOREF && L) luaL_unref(L, LUA_REGISTRYINDEX, fm->present);
  for (int a = 0; a < fm->nargs && fm->listname; a++) {
    free(fm->listname[a]);
    free(fm->list_kinds[a]);
    if (fm->list_names[a] != LUA_NOREF && fm->list_names[a] != 0 && L) luaL_unref(L, LUA_REGISTRYINDEX, fm->list_names[a]);
  }
  free(fm->listname);
  free(fm->list_names);
  free(fm->list_kinds);
  free(fm->argcol);
  free(fm->required);
  free(fm->kinds);
  for (int i = 0; i < fm->nrules; i++) free(fm->rule_key[i]);
  for (int s = 1; s <= 4; s++) free(fm->status_key[s]);
  free(fm->amount_key);
  free(fm->group_name);
  memset(fm, 0, sizeof *fm);
  fm->fn = fm->present = LUA_NOREF;
}

gz_fast *gz_fast_open(lua_State *L, const gz_run *r, int plan) {
  if (r->format == GZ_FMT_JSONL || r->explain) return NULL;
  if (lua_getfield(L, plan, "compiled") != LUA_TTABLE) {
    lua_pop(L, 1);
    return NULL;
  }
  gz_fast *f = calloc(1, sizeof *f);
  fast_measure *ms = calloc((size_t)r->nids + 1, sizeof *ms);
  if (!f || !ms) {
    free(f);
    free(ms);
    lua_pop(L, 1);
    return NULL;
  }
  f->L = L, f->r = r, f->nmeasures = r->nids, f->m = ms;
  if ((f->texts = calloc(TEXT_SLOTS, sizeof *f->texts)))
    for (int i = 0; i < TEXT_SLOTS; i++) f->texts[i].ref = LUA_NOREF;
  f->hook = lua_gethook(L), f->hookmask = lua_gethookmask(L), f->hookcount = lua_gethookcount(L);
  for (int m = 0; m < r->nids; m++) {
    ms[m].fn = ms[m].present = LUA_NOREF;
    if (lua_rawgeti(L, -1, m + 1) == LUA_TTABLE && read_measure(L, r, m, &ms[m]) == 0) f->any = 1;
    else free_measure(L, &ms[m]);
    lua_settop(L, lua_gettop(L) - 1);
  }
  lua_pop(L, 1);
  if (!f->any) {
    gz_fast_free(f);
    return NULL;
  }
  return f;
}

int gz_fast_has(const gz_fast *f, int m) { return f && m < f->nmeasures && f->m[m].fn != LUA_NOREF; }
int gz_fast_needs_record(const gz_fast *f, int m) { return gz_fast_has(f, m) && f->m[m].lists; }

/* lua_pushlstring(L, s, n), from the slot of s when it holds s. */
static void push_text(gz_fast *f, const char *s, size_t n) {
  lua_State *L = f->L;
  if (n > TEXT_MAX || !f->texts) { /* without its slots (out of memory): as before */
    lua_pushlstring(L, s, n);
    return;
  }
  uint64_t a = 0, b = 0;
  memcpy(&a, s, n < 8 ? n : 8);
  if (n > 8) memcpy(&b, s + n - 8, 8);
  uint64_t h = ((a ^ (b * 0x9E3779B97F4A7C15ull) ^ n) * 0xC2B2AE3D27D4EB4Full) >> 40;
  text_slot *t = &f->texts[h & (TEXT_SLOTS - 1)];
  if (t->ref != LUA_NOREF && t->n == n && memcmp(t->s, s, n) == 0) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, t->ref);
    return;
  }
  lua_pushlstring(L, s, n);
  lua_pushvalue(L, -1);
  if (t->ref == LUA_NOREF) t->ref = luaL_ref(L, LUA_REGISTRYINDEX);
  else lua_rawseti(L, LUA_REGISTRYINDEX, t->ref);
  memcpy(t->s, s, n);
  t->n = n;
}

/* Pushes argument a of fm from the row: 1 a value, 2 nil; 0 when only the reference path may
 * read it. */
static int push_arg(gz_fast *f, const fast_measure *fm, int a, const gz_raw *raws) {
  lua_State *L = f->L;
  int c = fm->argcol[a];
  if (c < 0) {
    lua_pushnil(L);
    return 2;
  }
  const gz_raw *raw = &raws[c];
  int kind = (unsigned char)fm->kinds[a];
  /* gz_arg_convert's first cases, without its call: a text or an integer as it is */
  if (raw->type == GZ_RAW_TEXT && kind == GZ_ARG_TEXT) {
    push_text(f, raw->s, raw->n);
    return 1;
  }
  if (raw->type == GZ_RAW_INT && kind == GZ_ARG_INT) {
    lua_pushinteger(L, raw->i);
    return 1;
  }
  int64_t x;
  switch (gz_arg_convert(kind, raw, &x)) {
    case GZ_ARG_NIL: lua_pushnil(L); return 2;
    case GZ_ARG_INTEGER: lua_pushinteger(L, x); return 1;
    case GZ_ARG_BOOLEAN: lua_pushboolean(L, (int)x); return 1;
    case GZ_ARG_STRING: push_text(f, raw->s, raw->n); return 1;
  }
  return 0;
}

/* The text of an integer without printf (buf >= 24 bytes). */
static size_t int_text(int64_t v, char *buf) {
  char t[24], *p = t + sizeof t;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do *--p = (char)('0' + u % 10);
  while (u /= 10);
  if (v < 0) *--p = '-';
  size_t n = (size_t)(t + sizeof t - p);
  memcpy(buf, p, n);
  buf[n] = 0;
  return n;
}

typedef struct cell {
  const char *s; /* NULL: empty (NULL in .db) */
  size_t n;
  int plain;     /* digits, '.', '-' and letters only: no CSV quoting to consider */
} cell;

/* The text of output o from the Lua value at idx (buf: its storage, >= 48 bytes). */
static cell out_cell(lua_State *L, int type, int idx, char *buf) {
  cell c = {NULL, 0, 1};
  if (lua_isnil(L, idx)) return c;
  switch (type) {
    case OUT_MONEY: c.n = gz_money_plain((int64_t)lua_tointeger(L, idx), buf, GZ_MONEY_BUF); c.s = buf; break;
    case OUT_INTEGER: c.n = int_text((int64_t)lua_tointeger(L, idx), buf); c.s = buf; break;
    case OUT_DATE: gz_date_format((int32_t)lua_tointeger(L, idx), buf); c.s = buf, c.n = 10; break;
    case OUT_BOOLEAN: c.s = lua_toboolean(L, idx) ? "true" : "false"; c.n = strlen(c.s); break;
    default: c.s = lua_tolstring(L, idx, &c.n); c.plain = 0;
  }
  return c;
}

static void write_row(const gz_run *r, gz_buf *out, const cell *cells) {
  if (GZ_FMT_ROWS_DB(r->format)) { /* SQLite, and Excel laid out from the same rows */
    /* a matching run's .db part holds two tables: each row starts with its tag (batch_write.c) */
    if (GZ_MATCHES_TABLE(r)) gz_part_field(out, GZ_PART_RESULTS, 1);
    for (int c = 0; c < r->ncols; c++) gz_part_field(out, cells[c].s, cells[c].n);
    return;
  }
  /* CSV: the plain fields straight into a line buffer, the others quoted as gz_csv_write_field
   * quotes them */
  char line[1024];
  size_t len = 0;
  for (int c = 0; c < r->ncols; c++) {
    const cell *x = &cells[c];
    if (!x->s) {
      if (c) line[len++] = ',';
      continue;
    }
    if (!x->plain || len + x->n + 2 > sizeof line) {
      if (len) gz_buf_add(out, line, len);
      len = 0;
      if (c) gz_buf_add(out, ",", 1);
      gz_csv_write_field(out, x->s, x->n);
      continue;
    }
    if (c) line[len++] = ',';
    memcpy(line + len, x->s, x->n);
    len += x->n;
  }
  line[len++] = '\n';
  gz_buf_add(out, line, len);
}

static void count_fen(fast_measure *fm, gz_stats *stats, int64_t fen) {
  fm->any_fen = 1;
  /* exact as gz_stats_add per record: sums are kept while every running total stays far from
   * the int64 range; past that each amount is added on its own */
  if (!fm->direct && (fen > (1LL << 60) || fen < -(1LL << 60) || fm->fen_shadow > (1LL << 62) ||
                      fm->fen_shadow < -(1LL << 62)))
    fm->direct = 1;
  if (fm->direct) {
    gz_stats_add(stats, fm->amount_key, fm->fen);
    fm->fen = 0;
    gz_stats_add(stats, fm->amount_key, fen);
    return;
  }
  fm->fen += fen;
  fm->fen_shadow += fen;
}

/* Calls the compiled function of measure m on the row: 1 with res filled and the results on the
 * stack from res->base + 1, 0 when the reference path must evaluate it (the stack as before). */
static int fast_call(gz_fast *f, int m, const gz_raw *raws, int rec, fast_result *res) {
  lua_State *L = f->L;
  fast_measure *fm = &f->m[m];
  int base = lua_gettop(L);
  if (fm->bounded && !f->hook_off && f->hookmask) {
    lua_sethook(L, NULL, 0, 0);
    f->hook_off = 1;
  } else if (!fm->bounded) {
    gz_fast_restore(f);
  }
  /* the per-record budgets of a batch (runtime.c), for a function without loops too: the work
   * of the C functions it calls (a text's gsub, find and rep, a reference table's rows) counts
   * against them, and would otherwise add up over the records that run without the hook */
  gz_budget_record(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, fm->fn);
  int all = 1; /* every required input is there: the function without missing-input tests */
  for (int a = 0; a < fm->nargs; a++) {
    int got;
    if (fm->listname[a]) { /* rec[list]: the raw child rows, typed here (lfastops.c) */
      lua_getfield(L, rec, fm->listname[a]);
      lua_rawgeti(L, LUA_REGISTRYINDEX, fm->list_names[a]);
      got = gz_fastops_push_list(L, -2, -1, fm->list_kinds[a]);
      if (got) {
        lua_replace(L, -3);
        lua_pop(L, 1);
        if (lua_isnil(L, -1)) got = 2;
      }
    } else got = push_arg(f, fm, a, raws);
    if (!got) {
      lua_settop(L, base);
      return 0;
    }
    if (got == 2 && fm->required[a] == '1') all = 0;
  }
  if (all) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, fm->present);
    lua_replace(L, base + 1);
  }
  int nres = 3 + fm->nouts;
  if (lua_pcall(L, fm->nargs, nres, 0) != LUA_OK) { /* the reference path reports it */
    lua_settop(L, base);
    return 0;
  }
  int isint;
  lua_Integer st = lua_tointegerx(L, base + 1, &isint);
  if (!isint || st < 1 || st > 4) {
    lua_settop(L, base);
    return 0;
  }
  memset(res, 0, sizeof *res);
  res->st = (int)st;
  res->base = base;
  if (st == 2) res->failed = lua_tointeger(L, base + 2);
  if (st == 1 && fm->has_amount) res->fen = (int64_t)lua_tointeger(L, base + 3);
  return 1;
}

/* The summary's key of a member excluded by another (就高不重复), as the reference's reason. */
static void count_excluded(gz_stats *stats, const char *id, const char *best, const char *group) {
  gz_buf k = {0};
  char text[1200];
  snprintf(text, sizeof text, "not stacked with %s (就高不重复, exclusivity group '%s')", best, group);
  gz_buf_add(&k, "R\t", 2);
  gz_buf_add(&k, id, strlen(id));
  gz_buf_add(&k, "\tnot-stacked\t就高不重复\t", strlen("\tnot-stacked\t就高不重复\t"));
  add_oneline(&k, text);
  if (k.len > 2 + strlen(id) + 900) k.len = 2 + strlen(id) + 900;
  gz_buf_add(&k, "", 1);
  gz_stats_add(stats, k.p, 1);
  gz_buf_free(&k);
}

/* Writes the row of a compiled result and counts it. */
static void fast_write(gz_fast *f, int m, const fast_result *res, const char *id, size_t idlen, gz_buf *out,
                       gz_stats *stats) {
  lua_State *L = f->L;
  fast_measure *fm = &f->m[m];
  const gz_run *r = f->r;
  int base = res->base, st = res->excluded_by ? 2 : res->pending ? 3 : res->st;
  cell cells[r->ncols];
  char num[MAX_OUTS + 1][GZ_MONEY_BUF];
  memset(cells, 0, sizeof cells);
  cells[0].s = id, cells[0].n = idlen, cells[0].plain = 1;
  cells[1].s = r->ids[m], cells[1].n = fm->idlen, cells[1].plain = fm->id_plain;
  cells[2].s = STATUS[st], cells[2].n = STATUS_LEN[st], cells[2].plain = 1;
  if (st == 1) {
    if (fm->has_amount) {
      cells[3] = out_cell(L, OUT_MONEY, base + 3, num[MAX_OUTS]);
      count_fen(fm, stats, res->fen);
    }
    for (int o = 0; o < fm->nouts; o++) cells[fm->outcol[o]] = out_cell(L, fm->outtype[o], base + 4 + o, num[o]);
  } else if (st == 2) {
    if (fm->has_amount) {
      cells[3].s = "0.00", cells[3].n = 4, cells[3].plain = 1;
      count_fen(fm, stats, 0);
    }
    for (int o = 0; o < fm->nouts; o++)
      if (fm->outtype[o] == OUT_MONEY) cells[fm->outcol[o]] = (cell){"0.00", 4, 1};
    if (res->excluded_by)
      count_excluded(stats, r->ids[m], r->ids[res->excluded_by - 1], fm->group_name);
    else
      for (int i = 0; i < fm->nrules; i++)
        if (res->failed & ((lua_Integer)1 << i)) fm->n_failed[i]++;
  }
  fm->n_status[st]++;
  write_row(r, out, cells);
}

int gz_fast_eval(gz_fast *f, int m, const gz_raw *raws, int rec, const char *id, size_t idlen, gz_buf *out,
                 gz_stats *stats, int *status, int64_t *fen) {
  fast_result res;
  if (!fast_call(f, m, raws, rec, &res)) return 0;
  fast_write(f, m, &res, id, idlen, out, stats);
  if (status) *status = res.st;
  if (fen) *fen = res.fen;
  lua_settop(f->L, res.base);
  return 1;
}

int gz_fast_group_of(const gz_fast *f, int m) { return gz_fast_has(f, m) ? f->m[m].group : 0; }

int gz_fast_eval_group(gz_fast *f, const int *ms, int n, const gz_raw *raws, int rec, const char *id,
                       size_t idlen, gz_buf *out, gz_stats *stats, int *status, int64_t *fen) {
  lua_State *L = f->L;
  int base = lua_gettop(L);
  fast_result res[n];
  for (int i = 0; i < n; i++)
    if (!fast_call(f, ms[i], raws, rec, &res[i])) {
      lua_settop(L, base);
      return 0;
    }
  /* measure.combine (stacking.lua): the highest eligible amount pays, on equal amounts the
   * measure whose id sorts first; the other eligible members become ineligible; an undetermined
   * member makes the best one undetermined (it may pay more) */
  int best = -1, open = 0;
  for (int i = 0; i < n; i++) {
    if (res[i].st != 1 || !f->m[ms[i]].has_amount) continue;
    if (best < 0 || res[i].fen > res[best].fen ||
        (res[i].fen == res[best].fen && strcmp(f->r->ids[ms[i]], f->r->ids[ms[best]]) < 0))
      best = i;
  }
  if (best >= 0)
    for (int i = 0; i < n; i++) {
      if (i == best) continue;
      if (res[i].st == 1 && f->m[ms[i]].has_amount) res[i].excluded_by = ms[best] + 1;
      else if (res[i].st == 3) open = 1;
    }
  if (open) res[best].pending = 1;
  for (int i = 0; i < n; i++) {
    fast_write(f, ms[i], &res[i], id, idlen, out, stats);
    status[i] = res[i].excluded_by ? 2 : res[i].pending ? 3 : res[i].st;
    fen[i] = status[i] == 1 ? res[i].fen : 0;
  }
  lua_settop(L, base);
  return 1;
}

void gz_fast_restore(gz_fast *f) {
  if (f && f->hook_off) {
    lua_sethook(f->L, f->hook, f->hookmask, f->hookcount);
    f->hook_off = 0;
  }
}

void gz_fast_flush(gz_fast *f, gz_stats *stats) {
  if (!f) return;
  for (int m = 0; m < f->nmeasures; m++) {
    fast_measure *fm = &f->m[m];
    if (fm->fn == LUA_NOREF) continue;
    for (int s = 1; s <= 4; s++)
      if (fm->n_status[s]) gz_stats_add(stats, fm->status_key[s], fm->n_status[s]);
    if (fm->any_fen) gz_stats_add(stats, fm->amount_key, fm->fen);
    for (int i = 0; i < fm->nrules; i++)
      if (fm->n_failed[i]) gz_stats_add(stats, fm->rule_key[i], fm->n_failed[i]);
    memset(fm->n_status, 0, sizeof fm->n_status);
    memset(fm->n_failed, 0, sizeof fm->n_failed);
    fm->fen = fm->fen_shadow = 0;
    fm->any_fen = fm->direct = 0;
  }
}

void gz_fast_free(gz_fast *f) {
  if (!f) return;
  gz_fast_restore(f);
  for (int m = 0; m < f->nmeasures; m++) free_measure(f->L, &f->m[m]);
  for (int i = 0; f->texts && i < TEXT_SLOTS; i++)
    if (f->texts[i].ref != LUA_NOREF) luaL_unref(f->L, LUA_REGISTRYINDEX, f->texts[i].ref);
  free(f->texts);
  free(f->m);
  free(f);
}
