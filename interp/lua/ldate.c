/* ldate.c: the date type (module `dates`; globals `date` and `age` in stdlib/globals).
 *
 * A civil date is a day number in a userdata, modelled on Catala's dates_calc: arithmetic in
 * days, months and years with an explicit month-end mode, and strict parsing that quotes the
 * input it refuses (both plain C, core/date.c). Date ranges with explicit ends are at the
 * bottom. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "lauxlib.h"
#include "lua/ldate.h"

#define DATE_MT "gazette.date"
#define RANGE_MT "gazette.daterange"

/* ---- the Lua type ---- */

static int date_index(lua_State *L);
static const luaL_Reg date_meta[];

/* Pushes the date metatable, creating it on first use. */
static void date_pushmeta(lua_State *L) {
  if (luaL_newmetatable(L, DATE_MT)) {
    luaL_setfuncs(L, date_meta, 0);
    lua_pushliteral(L, "date");
    lua_setfield(L, -2, "__name");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
  }
}

void gz_date_push(lua_State *L, int32_t day) {
  int32_t *p = lua_newuserdatauv(L, sizeof *p, 0);
  *p = day;
  date_pushmeta(L);
  lua_setmetatable(L, -2);
}

int32_t *gz_date_test(lua_State *L, int idx) { return luaL_testudata(L, idx, DATE_MT); }

int32_t gz_date_check(lua_State *L, int arg) {
  int32_t *p = gz_date_test(L, arg);
  if (p) return *p;
  if (lua_type(L, arg) == LUA_TSTRING) {
    size_t len;
    const char *s = lua_tolstring(L, arg, &len);
    char err[200];
    int32_t day;
    if (gz_date_parse(s, len, &day, err, sizeof err) != 0) return luaL_argerror(L, arg, err);
    return day;
  }
  return luaL_typeerror(L, arg, "date");
}

/* A whole number of days, months or years: integers, or floats with an integral value. */
static long long date_checkcount(lua_State *L, int arg, const char *what) {
  int isint;
  lua_Integer n = lua_tointegerx(L, arg, &isint);
  if (!isint || lua_type(L, arg) != LUA_TNUMBER) {
    if (lua_type(L, arg) == LUA_TNUMBER)
      return luaL_argerror(L, arg, lua_pushfstring(L, "%s must be a whole number, got %s", what, lua_tostring(L, arg)));
    return luaL_typeerror(L, arg, "integer");
  }
  return (long long)n;
}

static int date_range_error(lua_State *L) { return luaL_error(L, "date out of range (0001-01-01 to 9999-12-31)"); }

static int32_t date_offset(lua_State *L, int32_t day, long long n) {
  if (n > GZ_DATE_MAX - (long long)day || n < GZ_DATE_MIN - (long long)day) date_range_error(L);
  return (int32_t)(day + n);
}

/* date("2022-07-08") | date(2022, 7, 8) | date(d) */
static int date_new(lua_State *L) {
  if (lua_gettop(L) >= 2) {
    lua_Integer y = luaL_checkinteger(L, 1), m = luaL_checkinteger(L, 2), d = luaL_checkinteger(L, 3);
    if (y < 1 || y > 9999) return luaL_error(L, "invalid date: year %d is outside 0001-9999", (int)y);
    if (m < 1 || m > 12) return luaL_error(L, "invalid date: month %d is not 1-12", (int)m);
    if (d < 1 || d > gz_date_days_in_month((int)y, (int)m))
      return luaL_error(L, "invalid date: day %d does not exist: %s %d has %d days", (int)d,
                        gz_date_month_name((int)m), (int)y, gz_date_days_in_month((int)y, (int)m));
    gz_date_push(L, gz_date_from_ymd((int)y, (int)m, (int)d));
    return 1;
  }
  gz_date_push(L, gz_date_check(L, 1));
  return 1;
}

/* dates.parse(s) -> date | nil, message: for validating data without raising. */
static int date_parse(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  char err[200];
  int32_t day;
  if (gz_date_parse(s, len, &day, err, sizeof err) != 0) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  gz_date_push(L, day);
  return 1;
}

static int date_is(lua_State *L) {
  lua_pushboolean(L, gz_date_test(L, 1) != NULL);
  return 1;
}

static int date_tostring(lua_State *L) {
  char buf[11];
  gz_date_format(gz_date_check(L, 1), buf);
  lua_pushstring(L, buf);
  return 1;
}

static int date_chinese(lua_State *L) {
  int y, m, d;
  gz_date_to_ymd(gz_date_check(L, 1), &y, &m, &d);
  lua_pushfstring(L, "%d年%d月%d日", y, m, d);
  return 1;
}

static int date_add(lua_State *L) {
  int32_t *a = gz_date_test(L, 1), *b = gz_date_test(L, 2);
  if (a && b) return luaL_error(L, "cannot add two dates (date + number of days, or d2 - d1 for the days between)");
  if (a) gz_date_push(L, date_offset(L, *a, date_checkcount(L, 2, "days")));
  else gz_date_push(L, date_offset(L, *b, date_checkcount(L, 1, "days")));
  return 1;
}

static int date_sub(lua_State *L) {
  int32_t *a = gz_date_test(L, 1), *b = gz_date_test(L, 2);
  if (!a) return luaL_error(L, "cannot subtract a date from a %s", luaL_typename(L, 1));
  if (b) {
    lua_pushinteger(L, (lua_Integer)*a - *b);
    return 1;
  }
  if (lua_type(L, 2) == LUA_TSTRING)
    return luaL_error(L, "cannot subtract a string from a date (convert it first: d - date(\"%s\"))", lua_tostring(L, 2));
  gz_date_push(L, date_offset(L, *a, -date_checkcount(L, 2, "days")));
  return 1;
}

/* Comparisons only between dates: a date is never silently compared with a string. */
static void date_both(lua_State *L, int32_t *a, int32_t *b, const char *op) {
  int32_t *p = gz_date_test(L, 1), *q = gz_date_test(L, 2);
  if (!p || !q)
    luaL_error(L, "cannot compare %s with %s using %s (convert strings with date())", p ? "date" : luaL_typename(L, 1),
               q ? "date" : luaL_typename(L, 2), op);
  *a = *p;
  *b = *q;
}

static int date_eq(lua_State *L) {
  int32_t *p = gz_date_test(L, 1), *q = gz_date_test(L, 2);
  lua_pushboolean(L, p && q && *p == *q);
  return 1;
}

static int date_lt(lua_State *L) {
  int32_t a, b;
  date_both(L, &a, &b, "<");
  lua_pushboolean(L, a < b);
  return 1;
}

static int date_le(lua_State *L) {
  int32_t a, b;
  date_both(L, &a, &b, "<=");
  lua_pushboolean(L, a <= b);
  return 1;
}

static int date_concat(lua_State *L) {
  for (int i = 1; i <= 2; i++) {
    int32_t *p = gz_date_test(L, i);
    if (p) {
      char buf[11];
      gz_date_format(*p, buf);
      lua_pushstring(L, buf);
      lua_replace(L, i);
    } else if (lua_type(L, i) != LUA_TSTRING && lua_type(L, i) != LUA_TNUMBER) {
      return luaL_error(L, "cannot concatenate a date with a %s", luaL_typename(L, i));
    }
  }
  lua_concat(L, 2);
  return 1;
}

static int date_newindex(lua_State *L) { return luaL_error(L, "dates cannot be changed (d + n makes a new date)"); }

static int date_weekday(lua_State *L) {
  lua_pushinteger(L, gz_date_weekday(gz_date_check(L, 1)));
  return 1;
}

static int date_add_days(lua_State *L) {
  gz_date_push(L, date_offset(L, gz_date_check(L, 1), date_checkcount(L, 2, "days")));
  return 1;
}

static int date_mode(lua_State *L, int arg) {
  static const char *const modes[] = {"down", "up", "abort", NULL};
  return luaL_checkoption(L, arg, "down", modes);
}

/* Adds n months; count and unit are what the user asked for, for the abort message. */
static int date_months(lua_State *L, long long n, long long count, const char *unit) {
  int32_t day = gz_date_check(L, 1), out;
  int mode = date_mode(L, 3);
  int r = gz_date_add_months(day, n, mode, &out);
  if (r == -2) return date_range_error(L);
  if (r == -1) {
    int y, m, d;
    char from[11], down[11], up[11];
    gz_date_format(day, from);
    gz_date_add_months(day, n, GZ_DATE_DOWN, &out);
    gz_date_format(out, down);
    gz_date_format(out + 1, up);
    gz_date_to_ymd(out, &y, &m, &d);
    char msg[200];
    snprintf(msg, sizeof msg, "%s + %lld %s: %s %04d has no day %s (mode \"abort\"; \"down\" gives %s, \"up\" gives %s)",
             from, count, unit, gz_date_month_name(m), y, from + 8, down, up);
    return luaL_error(L, "%s", msg);
  }
  gz_date_push(L, out);
  return 1;
}

static int date_add_months(lua_State *L) {
  long long n = date_checkcount(L, 2, "months");
  return date_months(L, n, n, n == 1 || n == -1 ? "month" : "months");
}

static int date_add_years(lua_State *L) {
  long long n = date_checkcount(L, 2, "years");
  if (n > 10000 || n < -10000) return date_range_error(L);
  return date_months(L, n * 12, n, n == 1 || n == -1 ? "year" : "years");
}

static int date_field(lua_State *L, int which) {
  int ymd[3];
  gz_date_to_ymd(gz_date_check(L, 1), &ymd[0], &ymd[1], &ymd[2]);
  lua_pushinteger(L, ymd[which]);
  return 1;
}

static int date_month_start(lua_State *L) {
  int y, m, d;
  gz_date_to_ymd(gz_date_check(L, 1), &y, &m, &d);
  gz_date_push(L, gz_date_from_ymd(y, m, 1));
  return 1;
}

static int date_month_end(lua_State *L) {
  int y, m, d;
  gz_date_to_ymd(gz_date_check(L, 1), &y, &m, &d);
  gz_date_push(L, gz_date_from_ymd(y, m, gz_date_days_in_month(y, m)));
  return 1;
}

static int date_quarter(lua_State *L) {
  int y, m, d;
  gz_date_to_ymd(gz_date_check(L, 1), &y, &m, &d);
  lua_pushinteger(L, (m - 1) / 3 + 1);
  return 1;
}

static int date_quarter_start(lua_State *L) {
  int y, m, d;
  gz_date_to_ymd(gz_date_check(L, 1), &y, &m, &d);
  gz_date_push(L, gz_date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1));
  return 1;
}

static int date_quarter_end(lua_State *L) {
  int y, m, d;
  gz_date_to_ymd(gz_date_check(L, 1), &y, &m, &d);
  int qm = (m - 1) / 3 * 3 + 3;
  gz_date_push(L, gz_date_from_ymd(y, qm, gz_date_days_in_month(y, qm)));
  return 1;
}

static int date_year_start(lua_State *L) {
  int y, m, d;
  gz_date_to_ymd(gz_date_check(L, 1), &y, &m, &d);
  gz_date_push(L, gz_date_from_ymd(y, 1, 1));
  return 1;
}

static int date_year_end(lua_State *L) {
  int y, m, d;
  gz_date_to_ymd(gz_date_check(L, 1), &y, &m, &d);
  gz_date_push(L, gz_date_from_ymd(y, 12, 31));
  return 1;
}

static int date_day_of_year(lua_State *L) {
  int32_t day = gz_date_check(L, 1);
  int y, m, d;
  gz_date_to_ymd(day, &y, &m, &d);
  lua_pushinteger(L, day - gz_date_from_ymd(y, 1, 1) + 1);
  return 1;
}

static int date_days_in_month_m(lua_State *L) {
  int y, m, d;
  gz_date_to_ymd(gz_date_check(L, 1), &y, &m, &d);
  lua_pushinteger(L, gz_date_days_in_month(y, m));
  return 1;
}

static int date_is_leap_year(lua_State *L) {
  int y, m, d;
  gz_date_to_ymd(gz_date_check(L, 1), &y, &m, &d);
  lua_pushboolean(L, gz_date_is_leap(y));
  return 1;
}

/* age(birth, on): full years (周岁). A year of life is complete on the anniversary; for a
 * birthday on 02-29 the anniversary in a common year is 03-01 (the day after 02-28, when
 * the full year has elapsed). See docs/dates.md. */
static int date_age(lua_State *L) {
  int32_t birth = gz_date_check(L, 1), on = gz_date_check(L, 2), anniv;
  if (on < birth) {
    char b[11], o[11];
    gz_date_format(birth, b);
    gz_date_format(on, o);
    return luaL_error(L, "age: the date %s is before the birth date %s", o, b);
  }
  int by, bm, bd, oy, om, od;
  gz_date_to_ymd(birth, &by, &bm, &bd);
  gz_date_to_ymd(on, &oy, &om, &od);
  int years = oy - by;
  gz_date_add_months(birth, 12LL * years, GZ_DATE_UP, &anniv);
  if (on < anniv) years--;
  lua_pushinteger(L, years);
  return 1;
}

static int date_is_leap(lua_State *L) {
  lua_pushboolean(L, gz_date_is_leap((int)luaL_checkinteger(L, 1)));
  return 1;
}

static int date_days_in_month(lua_State *L) {
  lua_Integer y = luaL_checkinteger(L, 1), m = luaL_checkinteger(L, 2);
  luaL_argcheck(L, m >= 1 && m <= 12, 2, "month must be 1-12");
  lua_pushinteger(L, gz_date_days_in_month((int)y, (int)m));
  return 1;
}

static const luaL_Reg date_methods[] = {{"weekday", date_weekday},
                                        {"add_days", date_add_days},
                                        {"add_months", date_add_months},
                                        {"add_years", date_add_years},
                                        {"month_start", date_month_start},
                                        {"month_end", date_month_end},
                                        {"quarter", date_quarter},
                                        {"quarter_start", date_quarter_start},
                                        {"quarter_end", date_quarter_end},
                                        {"year_start", date_year_start},
                                        {"year_end", date_year_end},
                                        {"day_of_year", date_day_of_year},
                                        {"days_in_month", date_days_in_month_m},
                                        {"is_leap_year", date_is_leap_year},
                                        {"chinese", date_chinese},
                                        {"iso", date_tostring},
                                        {NULL, NULL}};

static int date_index(lua_State *L) {
  gz_date_check(L, 1);
  const char *k = lua_tostring(L, 2);
  if (k && lua_type(L, 2) == LUA_TSTRING) {
    if (strcmp(k, "year") == 0) return date_field(L, 0);
    if (strcmp(k, "month") == 0) return date_field(L, 1);
    if (strcmp(k, "day") == 0) return date_field(L, 2);
    for (const luaL_Reg *r = date_methods; r->name; r++)
      if (strcmp(k, r->name) == 0) {
        lua_pushcfunction(L, r->func);
        return 1;
      }
  }
  return luaL_error(L, "a date has no field '%s' (fields: year, month, day; methods: weekday, add_months, ...)",
                    k ? k : luaL_typename(L, 2));
}

static const luaL_Reg date_meta[] = {{"__index", date_index},   {"__newindex", date_newindex}, {"__tostring", date_tostring},
                                     {"__tojson", date_tostring}, {"__add", date_add},         {"__sub", date_sub},
                                     {"__eq", date_eq},           {"__lt", date_lt},           {"__le", date_le},
                                     {"__concat", date_concat},   {NULL, NULL}};

/* ---- ranges: dates.range(a, b, "[]" | "[)" | "(]" | "()"), stored with inclusive ends ---- */

typedef struct {
  int32_t first, last; /* inclusive; empty when last < first */
} daterange;

static void range_push(lua_State *L, int32_t first, int32_t last);

static daterange *range_check(lua_State *L, int arg) {
  daterange *r = luaL_testudata(L, arg, RANGE_MT);
  if (!r) luaL_typeerror(L, arg, "date range");
  return r;
}

static int range_new(lua_State *L) {
  int32_t a = gz_date_check(L, 1), b = gz_date_check(L, 2);
  const char *ends = luaL_optstring(L, 3, "[]");
  if (strlen(ends) != 2 || (ends[0] != '[' && ends[0] != '(') || (ends[1] != ']' && ends[1] != ')'))
    return luaL_argerror(L, 3, lua_pushfstring(L, "ends must be \"[]\", \"[)\", \"(]\" or \"()\", got \"%s\"", ends));
  int32_t first = ends[0] == '(' ? a + 1 : a, last = ends[1] == ')' ? b - 1 : b;
  if (b < a) {
    char sa[11], sb[11];
    gz_date_format(a, sa);
    gz_date_format(b, sb);
    return luaL_error(L, "date range: the end %s is before the start %s", sb, sa);
  }
  range_push(L, first, last);
  return 1;
}

static int range_contains(lua_State *L) {
  daterange *r = range_check(L, 1);
  int32_t d = gz_date_check(L, 2);
  lua_pushboolean(L, d >= r->first && d <= r->last);
  return 1;
}

static int range_days(lua_State *L) {
  daterange *r = range_check(L, 1);
  lua_pushinteger(L, r->last >= r->first ? (lua_Integer)r->last - r->first + 1 : 0);
  return 1;
}

static int range_each_next(lua_State *L) {
  daterange *r = range_check(L, lua_upvalueindex(1));
  lua_Integer next = lua_tointeger(L, lua_upvalueindex(2));
  if (next > r->last) return 0;
  lua_pushinteger(L, next + 1);
  lua_replace(L, lua_upvalueindex(2));
  gz_date_push(L, (int32_t)next);
  return 1;
}

/* for d in r:each() do ... end: every day of the range in order. */
static int range_each(lua_State *L) {
  daterange *r = range_check(L, 1);
  lua_settop(L, 1);
  lua_pushinteger(L, r->first);
  lua_pushcclosure(L, range_each_next, 2);
  return 1;
}

/* r:months() -> list of ranges, one for each calendar month the range touches, clipped. */
static int range_months(lua_State *L) {
  daterange *r = range_check(L, 1);
  int32_t first = r->first, last = r->last;
  lua_newtable(L);
  int n = 0;
  for (int32_t d = first; d <= last;) {
    int y, m, dd;
    gz_date_to_ymd(d, &y, &m, &dd);
    int32_t end = gz_date_from_ymd(y, m, gz_date_days_in_month(y, m));
    range_push(L, d, end < last ? end : last);
    lua_rawseti(L, -2, ++n);
    d = end + 1;
  }
  return 1;
}

static int range_overlaps(lua_State *L) {
  daterange *a = range_check(L, 1), *b = range_check(L, 2);
  lua_pushboolean(L, a->first <= a->last && b->first <= b->last && a->first <= b->last && b->first <= a->last);
  return 1;
}

static int range_tostring(lua_State *L) {
  daterange *r = range_check(L, 1);
  if (r->last < r->first) {
    lua_pushliteral(L, "[] (empty)");
    return 1;
  }
  char a[11], b[11];
  gz_date_format(r->first, a);
  gz_date_format(r->last, b);
  lua_pushfstring(L, "[%s, %s]", a, b);
  return 1;
}

static int range_tojson(lua_State *L) { /* ISO 8601 interval, inclusive ends */
  daterange *r = range_check(L, 1);
  char a[11], b[11];
  gz_date_format(r->first, a);
  gz_date_format(r->last, b);
  if (r->last < r->first) lua_pushliteral(L, "");
  else lua_pushfstring(L, "%s/%s", a, b);
  return 1;
}

static int range_eq(lua_State *L) {
  daterange *a = luaL_testudata(L, 1, RANGE_MT), *b = luaL_testudata(L, 2, RANGE_MT);
  int ea = a && a->last < a->first, eb = b && b->last < b->first;
  lua_pushboolean(L, a && b && ((ea && eb) || (a->first == b->first && a->last == b->last)));
  return 1;
}

static const luaL_Reg range_methods[] = {{"contains", range_contains}, {"days", range_days},
                                         {"each", range_each},         {"months", range_months},
                                         {"overlaps", range_overlaps}, {NULL, NULL}};

static int range_index(lua_State *L) {
  daterange *r = range_check(L, 1);
  const char *k = luaL_checkstring(L, 2);
  if (strcmp(k, "first") == 0 || strcmp(k, "last") == 0) {
    if (r->last < r->first) lua_pushnil(L);
    else gz_date_push(L, k[0] == 'f' ? r->first : r->last);
    return 1;
  }
  for (const luaL_Reg *m = range_methods; m->name; m++)
    if (strcmp(k, m->name) == 0) {
      lua_pushcfunction(L, m->func);
      return 1;
    }
  return luaL_error(L, "a date range has no field '%s' (first, last, contains, days, each, months, overlaps)", k);
}

static const luaL_Reg range_meta[] = {{"__index", range_index}, {"__newindex", date_newindex}, {"__tostring", range_tostring},
                                      {"__tojson", range_tojson}, {"__eq", range_eq},          {NULL, NULL}};

static void range_push(lua_State *L, int32_t first, int32_t last) {
  daterange *r = lua_newuserdatauv(L, sizeof *r, 0);
  r->first = first;
  r->last = last;
  if (luaL_newmetatable(L, RANGE_MT)) {
    luaL_setfuncs(L, range_meta, 0);
    lua_pushliteral(L, "date range");
    lua_setfield(L, -2, "__name");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
  }
  lua_setmetatable(L, -2);
}

static const luaL_Reg dates_funcs[] = {{"date", date_new},
                                       {"parse", date_parse},
                                       {"is_date", date_is},
                                       {"age", date_age},
                                       {"range", range_new},
                                       {"is_leap", date_is_leap},
                                       {"days_in_month", date_days_in_month},
                                       {NULL, NULL}};

int luaopen_dates(lua_State *L) {
  date_pushmeta(L);
  lua_pop(L, 1);
  luaL_newlib(L, dates_funcs);
  return 1;
}
