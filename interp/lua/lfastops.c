/* lfastops.c: module `fastops`, the operations a compiled measure (stdlib/measure/compile.lua)
 * calls on plain integers instead of date and money userdata: dates as day numbers, money as
 * 分, the SME size class over a table built once. Each gives exactly what the userdata method
 * gives (lua/ldate.c, lua/lmoney.c, stdlib/sme.lua), or nil where that method raises an error:
 * the compiled function then hands the record to the reference evaluation, which raises it
 * with its message. Nothing here allocates per call.
 *
 * call(fn, kinds, names, record) is for tests: it converts a raw record's fields as the batch
 * runner converts columns (core/arg.c) and calls fn with them, or returns nothing when a field
 * must go to the reference evaluation. */
#include <stdint.h>
#include <string.h>

#include "core/arg.h"
#include "core/date.h"
#include "core/money.h"
#include "lauxlib.h"
#include "lua/lcal.h"
#include "lua/lfastops.h"
#include "lua/lmoney.h"

/* Integer arguments only: a compiled measure never passes anything else. */
static int64_t int_arg(lua_State *L, int i) {
  int isint;
  lua_Integer v = lua_tointegerx(L, i, &isint);
  if (!isint || lua_type(L, i) != LUA_TNUMBER) luaL_typeerror(L, i, "integer");
  return (int64_t)v;
}

static int32_t day_arg(lua_State *L, int i) {
  int64_t d = int_arg(L, i);
  if (d < GZ_DATE_MIN || d > GZ_DATE_MAX) luaL_argerror(L, i, "day number out of range");
  return (int32_t)d;
}

/* add_months(day, n, mode) -> day | nil (date:add_months: out of range, or no such day under
 * mode abort). mode: 0 down, 1 up, 2 abort (core/date.h). */
static int f_add_months(lua_State *L) {
  int32_t out;
  if (gz_date_add_months(day_arg(L, 1), int_arg(L, 2), (int)luaL_optinteger(L, 3, GZ_DATE_DOWN), &out) != 0)
    return 0;
  lua_pushinteger(L, out);
  return 1;
}

/* add_years(day, n, mode) -> day | nil (date:add_years refuses |n| > 10000 first). */
static int f_add_years(lua_State *L) {
  int32_t day = day_arg(L, 1), out;
  int64_t n = int_arg(L, 2);
  if (n > 10000 || n < -10000) return 0;
  if (gz_date_add_months(day, n * 12, (int)luaL_optinteger(L, 3, GZ_DATE_DOWN), &out) != 0) return 0;
  lua_pushinteger(L, out);
  return 1;
}

/* add_days(day, n) -> day | nil (d + n, date:add_days: out of range). */
static int f_add_days(lua_State *L) {
  int32_t day = day_arg(L, 1);
  int64_t n = int_arg(L, 2);
  if (n > GZ_DATE_MAX - (int64_t)day || n < GZ_DATE_MIN - (int64_t)day) return 0;
  lua_pushinteger(L, day + n);
  return 1;
}

/* age(birth, on) -> full years | nil (on before birth: age() raises). As ldate.c's age. */
static int f_age(lua_State *L) {
  int32_t birth = day_arg(L, 1), on = day_arg(L, 2), anniv;
  if (on < birth) return 0;
  int by, bm, bd, oy, om, od;
  gz_date_to_ymd(birth, &by, &bm, &bd);
  gz_date_to_ymd(on, &oy, &om, &od);
  int years = oy - by;
  gz_date_add_months(birth, 12LL * years, GZ_DATE_UP, &anniv);
  if (on < anniv) years--;
  lua_pushinteger(L, years);
  return 1;
}

/* day(y, m, d) -> the day number of date(y, m, d) | nil (no such date: date() raises) */
static int f_day(lua_State *L) {
  int64_t y = int_arg(L, 1), m = int_arg(L, 2), d = int_arg(L, 3);
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > gz_date_days_in_month((int)y, (int)m)) return 0;
  lua_pushinteger(L, gz_date_from_ymd((int)y, (int)m, (int)d));
  return 1;
}

/* ymd(day) -> year, month, day */
static int f_ymd(lua_State *L) {
  int y, m, d;
  gz_date_to_ymd(day_arg(L, 1), &y, &m, &d);
  lua_pushinteger(L, y);
  lua_pushinteger(L, m);
  lua_pushinteger(L, d);
  return 3;
}

/* weekday(day) -> 1 (Monday) .. 7 */
static int f_weekday(lua_State *L) {
  lua_pushinteger(L, gz_date_weekday(day_arg(L, 1)));
  return 1;
}

/* mul(a, b) -> a * b in 分 | nil: money * integer overflows the money range (lmoney.c). */
static int f_mul(lua_State *L) {
  int64_t a = int_arg(L, 1), b = int_arg(L, 2), r;
  if (b == INT64_MIN || __builtin_mul_overflow(a, b, &r) || r == INT64_MIN) return 0;
  lua_pushinteger(L, r);
  return 1;
}

/* mulr(fen, num, den) -> fen * num / den rounded half up to the 分 | nil on overflow: money
 * times a ratio (lmoney.c arith_mul). den > 0. */
static int f_mulr(lua_State *L) {
  int64_t fen = int_arg(L, 1), num = int_arg(L, 2), den = int_arg(L, 3), out;
  if (den <= 0 || num == INT64_MIN) return 0;
  if (gz_money_round((__int128)fen * num, den, 1, GZ_ROUND_HALF_UP, &out) != 0) return 0;
  lua_pushinteger(L, out);
  return 1;
}

/* ---- exact ratios as pairs of integers (num, den > 0), as lmoney.c's ratio arithmetic ---- */

static int64_t den_arg(lua_State *L, int i) {
  int64_t d = int_arg(L, i);
  if (d <= 0) luaL_argerror(L, i, "a denominator must be positive");
  return d;
}

/* rop(op, an, ad, bn, bd) -> the reduced num, den of a op b | nil: op 1 +, 2 -, 3 *, 4 /; nil
 * where the ratio arithmetic raises (an overflow of the reduced result, division by zero, an
 * integer operand of INT64_MIN). */
static int f_rop(lua_State *L) {
  int64_t op = int_arg(L, 1), an = int_arg(L, 2), ad = den_arg(L, 3), bn = int_arg(L, 4), bd = den_arg(L, 5), n, d;
  if (an == INT64_MIN || bn == INT64_MIN) return 0;
  __int128 x, y;
  switch (op) {
    case 1: x = (__int128)an * bd + (__int128)bn * ad, y = (__int128)ad * bd; break;
    case 2: x = (__int128)an * bd - (__int128)bn * ad, y = (__int128)ad * bd; break;
    case 3: x = (__int128)an * bn, y = (__int128)ad * bd; break;
    case 4:
      if (bn == 0) return 0;
      x = (__int128)an * bd, y = (__int128)ad * bn;
      break;
    default: return luaL_argerror(L, 1, "unknown operation");
  }
  if (gz_ratio_reduce(x, y, &n, &d)) return 0;
  lua_pushinteger(L, n);
  lua_pushinteger(L, d);
  return 2;
}

/* rround(num, den, places, mode) -> the reduced num, den of ratio:round(places, mode) | nil
 * where it raises (places outside 0-18, an overflow). mode: core/money.h GZ_ROUND_*. */
static int f_rround(lua_State *L) {
  int64_t n = int_arg(L, 1), d = den_arg(L, 2), places = int_arg(L, 3), mode = int_arg(L, 4), rn, rd;
  if (places < 0 || places > 18) return 0;
  __int128 p = 1;
  for (int64_t i = 0; i < places; i++) p *= 10;
  __int128 q = gz_round_div((__int128)n * p, d, (int)mode);
  if (gz_ratio_reduce(q, p, &rn, &rd)) return 0;
  lua_pushinteger(L, rn);
  lua_pushinteger(L, rd);
  return 2;
}

/* rcmp(an, ad, bn, bd) -> -1, 0, 1: a compared with b (exact) */
static int f_rcmp(lua_State *L) {
  int64_t an = int_arg(L, 1), ad = den_arg(L, 2), bn = int_arg(L, 3), bd = den_arg(L, 4);
  __int128 x = (__int128)an * bd, y = (__int128)bn * ad;
  lua_pushinteger(L, (x > y) - (x < y));
  return 1;
}

/* mulq(fen, num, den, unit, mode) -> fen * num / den rounded once to the unit (分) by the mode
 * (core/money.h GZ_ROUND_*) | nil on overflow: money:mul(ratio, unit, mode), money * ratio. */
static int f_mulq(lua_State *L) {
  int64_t fen = int_arg(L, 1), num = int_arg(L, 2), den = den_arg(L, 3), unit = int_arg(L, 4), mode = int_arg(L, 5), out;
  if (unit <= 0 || mode < 0 || mode > GZ_ROUND_CEILING) return luaL_argerror(L, 4, "bad unit or mode");
  if (num == INT64_MIN || gz_money_round((__int128)fen * num, den, unit, (int)mode, &out) != 0) return 0;
  lua_pushinteger(L, out);
  return 1;
}

/* divq(fen, num, den, unit, mode) -> fen / (num / den) rounded once | nil (division by zero,
 * overflow): money:div(ratio, unit, mode), money / ratio. */
static int f_divq(lua_State *L) {
  int64_t fen = int_arg(L, 1), num = int_arg(L, 2), den = den_arg(L, 3), unit = int_arg(L, 4), mode = int_arg(L, 5), out;
  if (unit <= 0 || mode < 0 || mode > GZ_ROUND_CEILING) return luaL_argerror(L, 4, "bad unit or mode");
  if (num == 0 || num == INT64_MIN) return 0;
  __int128 n = (__int128)fen * den, d = num;
  if (d < 0) n = -n, d = -d;
  if (gz_money_round(n, d, unit, (int)mode, &out) != 0) return 0;
  lua_pushinteger(L, out);
  return 1;
}

/* ---- the working-day calendar on day numbers (lcal.c's functions; nil where they raise: a year
 * the calendar does not know, a count out of range, so that the reference raises the error) ---- */

/* cal_add(day, n) -> cal.add_workdays(day, n) | nil */
static int f_cal_add(lua_State *L) {
  int32_t d = day_arg(L, 1), out;
  int64_t n = int_arg(L, 2);
  char err[512];
  if (gz_cal_add_workdays(gz_lcal(L), d, (long long)n, &out, err, sizeof err)) return 0;
  lua_pushinteger(L, out);
  return 1;
}

/* cal_before(day, n) -> cal.workdays_before(day, n) | nil (n >= 1) */
static int f_cal_before(lua_State *L) {
  int32_t d = day_arg(L, 1), out;
  int64_t n = int_arg(L, 2);
  char err[512];
  if (n < 1 || gz_cal_add_workdays(gz_lcal(L), d, -(long long)n, &out, err, sizeof err)) return 0;
  lua_pushinteger(L, out);
  return 1;
}

/* cal_next(day) -> cal.next_workday(day) | nil */
static int f_cal_next(lua_State *L) {
  int32_t out;
  char err[512];
  if (gz_cal_next_workday(gz_lcal(L), day_arg(L, 1), &out, err, sizeof err)) return 0;
  lua_pushinteger(L, out);
  return 1;
}

/* cal_is_workday(day) -> boolean | nil */
static int f_cal_is_workday(lua_State *L) {
  int w;
  char err[512];
  if (gz_cal_is_workday(gz_lcal(L), day_arg(L, 1), &w, err, sizeof err)) return 0;
  lua_pushboolean(L, w);
  return 1;
}

/* cal_between(a, b) -> cal.workdays_between(a, b) | nil */
static int f_cal_between(lua_State *L) {
  long long n;
  char err[512];
  if (gz_cal_workdays_between(gz_lcal(L), day_arg(L, 1), day_arg(L, 2), &n, err, sizeof err)) return 0;
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

/* cal_period(day, unit, n) -> cal.period_end(day, {days|months|years|workdays = n}) | nil;
 * unit: 'd', 'm', 'y' or 'w' as an integer (the character's code); n >= 1 */
static int f_cal_period(lua_State *L) {
  int32_t d = day_arg(L, 1), out;
  int64_t unit = int_arg(L, 2), n = int_arg(L, 3);
  if ((unit != 'd' && unit != 'm' && unit != 'y' && unit != 'w') || n < 1) return 0;
  gz_period p = {.unit = (char)unit, .n = (long long)n};
  char err[512];
  if (gz_cal_period_end(gz_lcal(L), d, p, &out, err, sizeof err)) return 0;
  lua_pushinteger(L, out);
  return 1;
}

/* money(fen) -> the money value of an integer of 分 (totals computed in C) */
static int f_money(lua_State *L) {
  int64_t fen = int_arg(L, 1);
  if (fen == INT64_MIN) return luaL_argerror(L, 1, "out of the range of money");
  gz_money_push(L, fen);
  return 1;
}

/* ---- the SME size class (工信部联企业〔2011〕300号 第四条) over the table of stdlib/sme.lua ---- */

#define SME_MAX 32
enum { IND_X, IND_Y, IND_Z };
typedef struct sme_table {
  int n;
  int64_t bound[SME_MAX][3][3]; /* industry, level (ceiling, medium, small), indicator; -1: unused */
} sme_table;

static const char *const LEVELS[3] = {"ceiling", "medium", "small"};
static const char *const INDICATORS[3] = {"X", "Y", "Z"};

/* Reads sme.industries: X in people, Y and Z in 万元 (stored in 分). */
static int sme_read(lua_State *L, int idx, sme_table *t) {
  t->n = (int)luaL_len(L, idx);
  if (t->n < 1 || t->n > SME_MAX) return luaL_error(L, "fastops.sme: expected 1 to %d industries", SME_MAX);
  for (int i = 0; i < t->n; i++) {
    lua_geti(L, idx, i + 1); /* sme.industries is a read-only view: not raw */
    for (int l = 0; l < 3; l++) {
      if (lua_getfield(L, -1, LEVELS[l]) != LUA_TTABLE) return luaL_error(L, "fastops.sme: industry %d has no %s", i + 1, LEVELS[l]);
      for (int k = 0; k < 3; k++) {
        lua_getfield(L, -1, INDICATORS[k]);
        int isint;
        lua_Integer v = lua_tointegerx(L, -1, &isint);
        if (lua_isnil(L, -1)) t->bound[i][l][k] = -1;
        else if (!isint || v < 0 || v > INT64_MAX / 1000000) return luaL_error(L, "fastops.sme: bad bound %s.%s of industry %d", LEVELS[l], INDICATORS[k], i + 1);
        else t->bound[i][l][k] = k == IND_X ? v : v * 1000000; /* 1 万元 = 1,000,000 分 */
        /* sme.lua reads a lower level's indicator only when the ceiling uses it */
        if (l > 0 && t->bound[i][l][k] >= 0 && t->bound[i][0][k] < 0)
          return luaL_error(L, "fastops.sme: industry %d: %s uses %s, its ceiling does not", i + 1, LEVELS[l], INDICATORS[k]);
        lua_pop(L, 1);
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  return 0;
}

static int meets(const int64_t *bounds, const int64_t *vals) {
  for (int k = 0; k < 3; k++)
    if (bounds[k] >= 0 && vals[k] < bounds[k]) return 0;
  return 1;
}

/* classify(industry, employees, revenue_fen, assets_fen) -> 1 large, 2 medium, 3 small, 4 micro;
 * 0 when an indicator the industry uses is nil (sme.classify returns nil and a reason); nil when
 * one is negative (sme.classify raises). industry: 1-based index into sme.industries. */
static int sme_classify(lua_State *L) {
  const sme_table *t = lua_touserdata(L, lua_upvalueindex(1));
  int64_t ind = int_arg(L, 1), vals[3];
  if (ind < 1 || ind > t->n) return luaL_argerror(L, 1, "unknown industry");
  const int64_t(*b)[3] = t->bound[ind - 1];
  for (int k = 0; k < 3; k++) {
    if (b[0][k] < 0) {
      vals[k] = 0;
      continue;
    }
    if (lua_isnoneornil(L, k + 2)) {
      lua_pushinteger(L, 0);
      return 1;
    }
    vals[k] = int_arg(L, k + 2);
    if (vals[k] < 0) return 0;
  }
  lua_pushinteger(L, meets(b[0], vals) ? 1 : meets(b[1], vals) ? 2 : meets(b[2], vals) ? 3 : 4);
  return 1;
}

/* sme(industries) -> classify, built once from sme.industries. */
static int f_sme(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  sme_table *t = lua_newuserdatauv(L, sizeof *t, 0);
  sme_read(L, 1, t);
  lua_pushcclosure(L, sme_classify, 1);
  return 1;
}

/* ---- call(fn, kinds, names, record) ---- */

/* The raw value of a Lua field, as gz_arg_convert reads it. */
static void raw_of(lua_State *L, int idx, gz_raw *raw) {
  memset(raw, 0, sizeof *raw);
  switch (lua_type(L, idx)) {
    case LUA_TNIL: raw->type = GZ_RAW_NULL; break;
    case LUA_TBOOLEAN: raw->type = GZ_RAW_BOOL; raw->i = lua_toboolean(L, idx); break;
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) {
        raw->type = GZ_RAW_INT;
        raw->i = (int64_t)lua_tointeger(L, idx);
      } else {
        raw->type = GZ_RAW_FLOAT;
        raw->f = (double)lua_tonumber(L, idx);
      }
      break;
    case LUA_TSTRING: raw->type = GZ_RAW_TEXT; raw->s = lua_tolstring(L, idx, &raw->n); break;
    default: raw->type = GZ_RAW_OTHER;
  }
}

/* Pushes the argument of kind for the value at idx; 0 when the record must go to the
 * reference evaluation. A null of JSON (a light userdata or a table the caller maps) is given
 * as nil by the caller. */
static int fastops_push(lua_State *L, int kind, int idx) {
  gz_raw raw;
  int64_t v;
  raw_of(L, idx, &raw);
  switch (gz_arg_convert(kind, &raw, &v)) {
    case GZ_ARG_NIL: lua_pushnil(L); return 1;
    case GZ_ARG_INTEGER: lua_pushinteger(L, v); return 1;
    case GZ_ARG_STRING: lua_pushvalue(L, idx); return 1;
    case GZ_ARG_BOOLEAN: lua_pushboolean(L, (int)v); return 1;
  }
  return 0;
}

/* The list of child records at idx (a plain array of plain tables, as gazette run gives them)
 * as a compiled measure takes it: an array of new tables holding the fields named in the array
 * at names_idx, converted by kinds; nil for nil. Returns 0, nothing pushed, when the list or a
 * value must go to the reference evaluation (a JSON array, a key that is not 1..n, a value it
 * converts some other way). */
/* A table without a metatable (a JSON array or object has one: the reference reads those). */
static int plain_table(lua_State *L, int i) {
  if (!lua_istable(L, i)) return 0;
  if (lua_getmetatable(L, i)) {
    lua_pop(L, 1);
    return 0;
  }
  return 1;
}

int gz_fastops_push_list(lua_State *L, int idx, int names_idx, const char *kinds) {
  idx = lua_absindex(L, idx);
  names_idx = lua_absindex(L, names_idx);
  if (lua_isnil(L, idx)) {
    lua_pushnil(L);
    return 1;
  }
  if (!plain_table(L, idx)) return 0;
  lua_Integer n = (lua_Integer)lua_rawlen(L, idx), keys = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) { /* an array: keys 1..n only */
    lua_pop(L, 1);
    int isint;
    lua_Integer k = lua_tointegerx(L, -1, &isint);
    if (!isint || lua_type(L, -1) != LUA_TNUMBER || k < 1 || k > n) {
      lua_pop(L, 1);
      return 0;
    }
    keys++;
  }
  if (keys != n) return 0;
  int nf = (int)strlen(kinds);
  luaL_checkstack(L, 8, "child records");
  lua_createtable(L, (int)n, 0);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, idx, i);
    int child = lua_gettop(L);
    if (!plain_table(L, child)) {
      lua_pop(L, 2);
      return 0;
    }
    lua_createtable(L, 0, nf);
    for (int f = 0; f < nf; f++) {
      lua_rawgeti(L, names_idx, f + 1); /* the field's name */
      lua_pushvalue(L, -1);
      lua_rawget(L, child);
      if (!fastops_push(L, (unsigned char)kinds[f], -1)) {
        lua_pop(L, 5);
        return 0;
      }
      lua_remove(L, -2);  /* the raw value */
      lua_rawset(L, -3);  /* typed[name] = value */
    }
    lua_remove(L, child);
    lua_rawseti(L, -2, i);
  }
  return 1;
}

/* call(fn, kinds, names, record [, lists]): lists[i] = {names = {...}, kinds = "..."} for a list
 * argument i (kind 'L'). */
static int f_call(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  size_t nk;
  const char *kinds = luaL_checklstring(L, 2, &nk);
  luaL_checktype(L, 3, LUA_TTABLE);
  luaL_checktype(L, 4, LUA_TTABLE);
  int has_lists = lua_istable(L, 5);
  luaL_checkstack(L, (int)nk + 8, "too many inputs");
  lua_settop(L, 5);
  int base = lua_gettop(L);
  lua_pushvalue(L, 1);
  for (size_t i = 0; i < nk; i++) {
    int kind = (unsigned char)kinds[i];
    lua_rawgeti(L, 3, (lua_Integer)i + 1);
    lua_gettable(L, 4);
    int ok;
    if (kind == 'L') {
      if (!has_lists || lua_rawgeti(L, 5, (lua_Integer)i + 1) != LUA_TTABLE) return luaL_argerror(L, 5, "no list spec");
      lua_getfield(L, -1, "names");
      lua_getfield(L, -2, "kinds");
      const char *ck = lua_tostring(L, -1);
      ok = ck && gz_fastops_push_list(L, -4, -2, ck); /* stack: raw list, spec, names, kinds */
      if (!ok) return 0;
      lua_replace(L, -5); /* the typed list in the raw list's slot */
      lua_pop(L, 3);
      continue;
    }
    if (!gz_arg_kind_valid(kind)) return luaL_argerror(L, 2, "unknown kind");
    ok = fastops_push(L, kind, -1);
    if (!ok) return 0;
    lua_remove(L, -2);
  }
  lua_call(L, (int)nk, LUA_MULTRET);
  return lua_gettop(L) - base;
}

static const luaL_Reg funcs[] = {{"add_months", f_add_months}, {"add_years", f_add_years}, {"add_days", f_add_days},
                                 {"age", f_age},               {"ymd", f_ymd},             {"day", f_day},             {"weekday", f_weekday},
                                 {"mul", f_mul},               {"mulr", f_mulr},           {"money", f_money},
                                 {"rop", f_rop},               {"rround", f_rround},       {"rcmp", f_rcmp},           {"mulq", f_mulq},
                                 {"divq", f_divq},
                                 {"cal_add", f_cal_add},       {"cal_before", f_cal_before}, {"cal_next", f_cal_next},
                                 {"cal_is_workday", f_cal_is_workday}, {"cal_between", f_cal_between},
                                 {"cal_period", f_cal_period},
                                            {"sme", f_sme},
                                 {"call", f_call},             {NULL, NULL}};

int luaopen_fastops(lua_State *L) {
  luaL_newlib(L, funcs);
  return 1;
}
