/* lcal.c: the working-day calendar for Lua (module `cal`, global `cal`); the facts and the
 * counting are in core/calendar.c. The calendar is loaded on first use, once per Lua state, and
 * kept in the registry. Every function takes dates or date strings. */
#include <string.h>

#include "core/cal.h"
#include "host/gazette.h"
#include "lauxlib.h"
#include "lua/lcal.h"
#include "lua/ldate.h"

#define CAL_KEY "gazette.cal"

static int cal_gc(lua_State *L) {
  gz_cal **p = lua_touserdata(L, 1);
  gz_cal_free(*p);
  *p = NULL;
  return 0;
}

static gz_cal *cal_get(lua_State *L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, CAL_KEY) == LUA_TUSERDATA) {
    gz_cal *c = *(gz_cal **)lua_touserdata(L, -1);
    lua_pop(L, 1);
    return c;
  }
  lua_pop(L, 1);
  const gz_opts *o = gz_getopts(L);
  gz_cal **p = lua_newuserdatauv(L, sizeof *p, 0);
  *p = NULL;
  lua_newtable(L);
  lua_pushcfunction(L, cal_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  char err[512];
  *p = gz_cal_load(gz_home(), o->calendar_file,
                   o->calendar_unknown && strcmp(o->calendar_unknown, "weekends") == 0, err, sizeof err);
  if (!*p) luaL_error(L, "%s", err);
  lua_setfield(L, LUA_REGISTRYINDEX, CAL_KEY);
  return *p;
}

gz_cal *gz_lcal(lua_State *L) { return cal_get(L); }

static int cal_fail(lua_State *L, const char *err) { return luaL_error(L, "%s", err); }

static int cal_is_workday(lua_State *L) {
  int32_t d = gz_date_check(L, 1);
  gz_cal *c = cal_get(L);
  char err[512];
  int w;
  if (gz_cal_is_workday(c, d, &w, err, sizeof err)) return cal_fail(L, err);
  lua_pushboolean(L, w);
  return 1;
}

static int cal_is_holiday(lua_State *L) {
  int32_t d = gz_date_check(L, 1);
  gz_cal *c = cal_get(L);
  char err[512];
  gz_calday day;
  if (gz_cal_day(c, d, &day, err, sizeof err)) return cal_fail(L, err);
  if (day.statutory < 0) {
    char s[11];
    gz_date_format(d, s);
    return luaL_error(L, "cal.is_holiday(%s): the calendar does not say which days of that year are statutory holidays "
                         "(%s; add a statutory column to the calendar file)",
                      s, day.assumed ? "the year was assumed Monday-Friday" : "its calendar file has no statutory column");
  }
  lua_pushboolean(L, day.statutory);
  return 1;
}

static int cal_holiday(lua_State *L) {
  int32_t d = gz_date_check(L, 1);
  gz_cal *c = cal_get(L);
  char err[512];
  gz_calday day;
  if (gz_cal_day(c, d, &day, err, sizeof err)) return cal_fail(L, err);
  if (day.festival && *day.festival) lua_pushstring(L, day.festival);
  else lua_pushnil(L);
  return 1;
}

/* cal.day(d) -> {date, workday, status, kind, festival, in_lieu, statutory, notice, source, assumed} */
static int cal_day(lua_State *L) {
  int32_t d = gz_date_check(L, 1);
  gz_cal *c = cal_get(L);
  char err[512];
  gz_calday day;
  if (gz_cal_day(c, d, &day, err, sizeof err)) return cal_fail(L, err);
  lua_createtable(L, 0, 10);
  gz_date_push(L, d);
  lua_setfield(L, -2, "date");
  lua_pushboolean(L, day.workday);
  lua_setfield(L, -2, "workday");
  lua_pushstring(L, day.workday ? "work" : "off");
  lua_setfield(L, -2, "status");
  lua_pushstring(L, day.kind);
  lua_setfield(L, -2, "kind");
  if (day.festival && *day.festival) {
    lua_pushstring(L, day.festival);
    lua_setfield(L, -2, "festival");
  }
  lua_pushboolean(L, day.in_lieu);
  lua_setfield(L, -2, "in_lieu");
  if (day.statutory >= 0) {
    lua_pushboolean(L, day.statutory);
    lua_setfield(L, -2, "statutory");
  }
  if (day.notice) {
    lua_pushstring(L, day.notice);
    lua_setfield(L, -2, "notice");
  }
  if (day.notice_url && *day.notice_url) {
    lua_pushstring(L, day.notice_url);
    lua_setfield(L, -2, "source");
  }
  lua_pushboolean(L, day.assumed);
  lua_setfield(L, -2, "assumed");
  return 1;
}

static long long cal_checkcount(lua_State *L, int arg) {
  int isint;
  lua_Integer n = lua_tointegerx(L, arg, &isint);
  if (!isint || lua_type(L, arg) != LUA_TNUMBER) {
    if (lua_type(L, arg) == LUA_TNUMBER)
      return luaL_argerror(L, arg, lua_pushfstring(L, "a whole number of working days expected, got %s", lua_tostring(L, arg)));
    return luaL_typeerror(L, arg, "integer");
  }
  return (long long)n;
}

static int cal_add_workdays(lua_State *L) {
  int32_t d = gz_date_check(L, 1), out;
  long long n = cal_checkcount(L, 2);
  gz_cal *c = cal_get(L);
  char err[512];
  if (gz_cal_add_workdays(c, d, n, &out, err, sizeof err)) return cal_fail(L, err);
  gz_date_push(L, out);
  return 1;
}

/* cal.workdays_before(d, n): the n-th working day before d, d not counted (the mirror of
 * add_workdays, for "会前3个工作日"-style lead times); n >= 1. */
static int cal_workdays_before(lua_State *L) {
  int32_t d = gz_date_check(L, 1), out;
  long long n = cal_checkcount(L, 2);
  luaL_argcheck(L, n >= 1, 2, "the number of working days must be at least 1");
  gz_cal *c = cal_get(L);
  char err[512];
  if (gz_cal_add_workdays(c, d, -n, &out, err, sizeof err)) return cal_fail(L, err);
  gz_date_push(L, out);
  return 1;
}

static int cal_next_workday(lua_State *L) {
  int32_t d = gz_date_check(L, 1), out;
  gz_cal *c = cal_get(L);
  char err[512];
  if (gz_cal_next_workday(c, d, &out, err, sizeof err)) return cal_fail(L, err);
  gz_date_push(L, out);
  return 1;
}

static int cal_workdays_between(lua_State *L) {
  int32_t a = gz_date_check(L, 1), b = gz_date_check(L, 2);
  gz_cal *c = cal_get(L);
  char err[512];
  long long n;
  if (gz_cal_workdays_between(c, a, b, &n, err, sizeof err)) return cal_fail(L, err);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

/* A period: "10d", "3m", "1y", "5wd" (or 10日, 3个月, 1年, 5个工作日), or a table with exactly
 * one of days, months, years, workdays. */
static gz_period cal_checkperiod(lua_State *L, int arg) {
  gz_period p = {0, 0};
  char err[200];
  if (lua_type(L, arg) == LUA_TSTRING) {
    size_t len;
    const char *s = lua_tolstring(L, arg, &len);
    if (gz_period_parse(s, len, &p, err, sizeof err)) luaL_argerror(L, arg, err);
    return p;
  }
  if (!lua_istable(L, arg)) {
    luaL_typeerror(L, arg, "period (\"10d\", \"3m\", \"1y\" or {days=10})");
    return p;
  }
  static const struct {
    const char *key;
    char unit;
  } keys[] = {{"days", 'd'}, {"months", 'm'}, {"years", 'y'}, {"workdays", 'w'}};
  int found = 0;
  /* a frozen table (a loaded measure's or workflow's) keeps its keys in a store */
  gz_ro_push_readable(L, arg);
  int t = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
    size_t i = 0;
    while (k && i < 4 && strcmp(k, keys[i].key) != 0) i++;
    if (!k || i == 4)
      luaL_argerror(L, arg, "a period table takes one of days, months, years, workdays");
    int isint;
    lua_Integer n = lua_tointegerx(L, -1, &isint);
    if (!isint || lua_type(L, -1) != LUA_TNUMBER || n < 1)
      luaL_argerror(L, arg, lua_pushfstring(L, "%s must be a whole number of at least 1", k));
    p.unit = keys[i].unit;
    p.n = (long long)n;
    found++;
    lua_pop(L, 1);
  }
  if (found != 1) luaL_argerror(L, arg, "a period table takes exactly one of days, months, years, workdays");
  lua_pop(L, 1);
  return p;
}

static int cal_period_end(lua_State *L) {
  int32_t d = gz_date_check(L, 1), out;
  gz_period p = cal_checkperiod(L, 2);
  gz_cal *c = cal_get(L);
  char err[512];
  if (gz_cal_period_end(c, d, p, &out, err, sizeof err)) return cal_fail(L, err);
  gz_date_push(L, out);
  return 1;
}

static int cal_known(lua_State *L) {
  lua_Integer y = luaL_checkinteger(L, 1);
  lua_pushboolean(L, gz_cal_knows(cal_get(L), (int)(y < 0 || y > 9999 ? 0 : y)));
  return 1;
}

static int cal_known_years(lua_State *L) {
  lua_pushstring(L, gz_cal_known_years(cal_get(L)));
  return 1;
}

static const luaL_Reg cal_funcs[] = {{"is_workday", cal_is_workday},
                                     {"is_holiday", cal_is_holiday},
                                     {"holiday", cal_holiday},
                                     {"day", cal_day},
                                     {"add_workdays", cal_add_workdays},
                                     {"workdays_before", cal_workdays_before},
                                     {"next_workday", cal_next_workday},
                                     {"workdays_between", cal_workdays_between},
                                     {"period_end", cal_period_end},
                                     {"known", cal_known},
                                     {"known_years", cal_known_years},
                                     {NULL, NULL}};

int luaopen_cal(lua_State *L) {
  luaL_newlib(L, cal_funcs);
  return 1;
}
