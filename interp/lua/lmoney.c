/* lmoney.c: the money and ratio types (module `money`; globals yuan, wan, yi, money, ratio,
 * pct, bp, min, max, cap, sum in stdlib/globals/money.lua; docs/money.md).
 *
 * Money is a userdata holding int64 分; a ratio holds a reduced int64 fraction.  Every
 * operator goes through one dispatcher per operation so that money * ratio and
 * ratio * money meet the same code, and every refusal names the operator and the types of
 * both operands.  The arithmetic and the parsing are in core/money.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "host/gazette.h"
#include "lauxlib.h"
#include "lua/lmoney.h"

#define MONEY_MT "gazette.money"
#define RATIO_MT "gazette.ratio"

typedef __int128 i128;

typedef struct {
  int64_t num, den;
} ratio;

/* Parsing is linear in the text: a long one counts against the instruction budget
 * (docs/sandbox.md), a short one costs nothing to count. */
static void count_text(lua_State *L, size_t len) {
  if (len > 256) gz_work(L, (long long)(len / 64));
}

/* ---- the two types ---- */

static const luaL_Reg money_meta[], money_methods[], ratio_meta[], ratio_methods[];
static int money_index(lua_State *L);
static int ratio_index(lua_State *L);

static void money_newmeta(lua_State *L, const char *tname, const char *name, const luaL_Reg *meta,
                          const luaL_Reg *methods, lua_CFunction index) {
  if (luaL_newmetatable(L, tname)) {
    luaL_setfuncs(L, meta, 0);
    lua_pushstring(L, name);
    lua_setfield(L, -2, "__name");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_newtable(L); /* unknown fields are errors, not nil */
    luaL_setfuncs(L, methods, 0);
    lua_pushcclosure(L, index, 1);
    lua_setfield(L, -2, "__index");
  }
}

/* The money metatable is also kept in the registry under the address of this constant: a
 * light-userdata key is found without interning the name (money is made and tested on every
 * record of a batch run). */
static const char money_key = 0;

void gz_money_push(lua_State *L, int64_t fen) {
  int64_t *p = lua_newuserdatauv(L, sizeof *p, 0);
  *p = fen;
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, &money_key) != LUA_TTABLE) {
    lua_pop(L, 1);
    money_newmeta(L, MONEY_MT, "money", money_meta, money_methods, money_index);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &money_key);
  }
  lua_setmetatable(L, -2);
}

const int64_t *gz_money_test(lua_State *L, int idx) {
  void *p = lua_touserdata(L, idx);
  if (!p || lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return NULL;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &money_key);
  int same = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return same ? p : NULL;
}

static int64_t money_check(lua_State *L, int arg) {
  const int64_t *p = gz_money_test(L, arg);
  if (!p) luaL_typeerror(L, arg, "money");
  return *p;
}

void gz_ratio_push(lua_State *L, int64_t num, int64_t den) {
  ratio *r = lua_newuserdatauv(L, sizeof *r, 0);
  r->num = num;
  r->den = den;
  money_newmeta(L, RATIO_MT, "ratio", ratio_meta, ratio_methods, ratio_index);
  lua_setmetatable(L, -2);
}

int gz_ratio_test(lua_State *L, int idx, int64_t *num, int64_t *den) {
  ratio *r = luaL_testudata(L, idx, RATIO_MT);
  if (!r) return 0;
  *num = r->num;
  *den = r->den;
  return 1;
}

static ratio ratio_check(lua_State *L, int arg) {
  ratio r = {0, 1};
  if (!gz_ratio_test(L, arg, &r.num, &r.den)) luaL_typeerror(L, arg, "ratio");
  return r;
}

/* ---- operands ---- */

enum { K_MONEY, K_RATIO, K_INT, K_FLOAT, K_STRING, K_OTHER };

static int kind(lua_State *L, int idx) {
  if (gz_money_test(L, idx)) return K_MONEY;
  if (luaL_testudata(L, idx, RATIO_MT)) return K_RATIO;
  if (lua_isinteger(L, idx)) return K_INT;
  if (lua_type(L, idx) == LUA_TNUMBER) return K_FLOAT;
  if (lua_type(L, idx) == LUA_TSTRING) return K_STRING;
  return K_OTHER;
}

static const char *kind_name(lua_State *L, int idx) {
  static const char *const names[] = {"money", "ratio", "integer", "float", "string"};
  int k = kind(L, idx);
  return k == K_OTHER ? luaL_typename(L, idx) : names[k];
}

/* Input quoted in an error: at most 40 bytes, cut on a UTF-8 boundary, control bytes as '?'. */
static const char *quoted(lua_State *L, const char *s, size_t len) {
  char q[64];
  size_t n = len > 40 ? 40 : len;
  if (n < len)
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  for (size_t i = 0; i < n; i++) q[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
  q[n] = 0;
  if (n < len) return lua_pushfstring(L, "'%s...' (%d bytes)", q, (int)len);
  return lua_pushfstring(L, "'%s'", q);
}

/* The shortest decimal that reads back as x, as mant * 10^exp (the digits a JSON file or a
 * script wrote: 2.35 is 235e-2, not 2.35000000000000008882). */
static int float_decimal(double x, i128 *mant, int *exp10) {
  char buf[40];
  if (!isfinite(x)) return -1;
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*e", prec - 1, x);
    if (strtod(buf, NULL) == x) break;
  }
  /* buf is [-]d.ddde[+-]xx */
  const char *p = buf;
  int neg = *p == '-', e = 0;
  if (neg) p++;
  i128 m = 0;
  int frac = 0, infrac = 0;
  for (; *p && *p != 'e'; p++) {
    if (*p == '.') {
      infrac = 1;
      continue;
    }
    m = m * 10 + (*p - '0');
    frac += infrac;
  }
  if (*p == 'e') e = atoi(p + 1);
  e -= frac;
  while (m != 0 && m % 10 == 0) m /= 10, e++;
  if (m == 0) e = 0;
  *mant = neg ? -m : m;
  *exp10 = e;
  return 0;
}

static int float_ratio(double x, int64_t *num, int64_t *den) {
  i128 m;
  int e;
  if (float_decimal(x, &m, &e)) return -1;
  i128 q = 1;
  for (; e > 0; e--) {
    if (m > INT64_MAX || m < -INT64_MAX) return -1;
    m *= 10;
  }
  for (; e < 0; e++) {
    if (q > INT64_MAX) return -1;
    q *= 10;
  }
  return gz_ratio_reduce(m, q, num, den);
}

/* Pushes the shortest text that reads back as x (0.30000000000000004, not 0.3): gz_double_text,
 * which the compiled path and the records reader use too; inf and nan as %g writes them. */
static const char *float_str(lua_State *L, double x) {
  char buf[40];
  if (!gz_double_text(x, buf, sizeof buf)) snprintf(buf, sizeof buf, "%g", x);
  return lua_pushstring(L, buf);
}

/* An exact factor for money or a ratio: a ratio, an integer or a decimal string; with
 * floats=1 also a float through its shortest decimal.  Returns 0, or -1 with a message
 * pushed. */
static int factor(lua_State *L, int idx, int floats, const char *what, int64_t *num, int64_t *den) {
  switch (kind(L, idx)) {
    case K_RATIO: gz_ratio_test(L, idx, num, den); return 0;
    case K_INT: *num = (int64_t)lua_tointeger(L, idx); *den = 1;
      if (*num == INT64_MIN) return lua_pushliteral(L, "overflow"), -1;
      return 0;
    case K_STRING: {
      size_t len;
      const char *s = lua_tolstring(L, idx, &len), *err;
      count_text(L, len);
      if (gz_ratio_parse(s, len, num, den, &err) == 0) return 0;
      lua_pushfstring(L, "invalid %s %s: %s", what, quoted(L, s, len), err);
      return -1;
    }
    case K_FLOAT:
      if (floats) {
        if (float_ratio(lua_tonumber(L, idx), num, den) == 0) return 0;
        lua_pushfstring(L, "%s is not a finite decimal within range", float_str(L, lua_tonumber(L, idx)));
        return -1;
      }
      lua_pushfstring(L, "a bare float (%s) is not exact; convert it with ratio(x) or write the decimal as a string",
                      float_str(L, lua_tonumber(L, idx)));
      return -1;
  }
  lua_pushfstring(L, "%s is not a number", kind_name(L, idx));
  return -1;
}

/* Money from an integer, float or decimal string counted in 10^scale 元. */
static int64_t money_from(lua_State *L, int arg, int scale, const char *units) {
  int64_t fen;
  const char *err;
  static const int64_t pow10[] = {100, 1000000, 10000000000LL};
  int64_t mul = pow10[scale / 4];
  switch (kind(L, arg)) {
    case K_MONEY:
      if (scale == 0) return *gz_money_test(L, arg);
      break;
    case K_INT: {
      lua_Integer n = lua_tointeger(L, arg);
      if (n > GZ_MONEY_MAX / mul || n < -(GZ_MONEY_MAX / mul))
        luaL_argerror(L, arg, lua_pushfstring(L, "%I is out of the range of money (±92,233,720,368,547,758.07元)", n));
      return (int64_t)n * mul;
    }
    case K_FLOAT: {
      i128 m;
      int e;
      if (float_decimal(lua_tonumber(L, arg), &m, &e))
        luaL_argerror(L, arg, lua_pushfstring(L, "%s is not a finite number", float_str(L, lua_tonumber(L, arg))));
      e += 2 + scale;
      if (e < 0)
        luaL_argerror(L, arg, lua_pushfstring(L, "%s is a fraction of a 分 (more than two decimals of 元)",
                                              float_str(L, lua_tonumber(L, arg))));
      for (; e > 0 && m <= GZ_MONEY_MAX && m >= -GZ_MONEY_MAX; e--) m *= 10;
      if (e > 0 || m > GZ_MONEY_MAX || m < -GZ_MONEY_MAX)
        luaL_argerror(L, arg, lua_pushfstring(L, "%s is out of the range of money", float_str(L, lua_tonumber(L, arg))));
      return (int64_t)m;
    }
    case K_STRING: {
      size_t len;
      const char *s = lua_tolstring(L, arg, &len);
      count_text(L, len);
      if (gz_money_parse_in(s, len, scale, units, &fen, &err) == 0) return fen;
      luaL_argerror(L, arg, lua_pushfstring(L, "invalid money %s: %s", quoted(L, s, len), err));
    }
  }
  luaL_typeerror(L, arg, "number or decimal string");
  return 0;
}

static int money_yuan(lua_State *L) {
  gz_money_push(L, money_from(L, 1, 0, "元\0"));
  return 1;
}
static int money_wan(lua_State *L) {
  gz_money_push(L, money_from(L, 1, 4, "万元\0万\0"));
  return 1;
}
static int money_yi(lua_State *L) {
  gz_money_push(L, money_from(L, 1, 8, "亿元\0亿\0"));
  return 1;
}
static int money_new(lua_State *L) {
  gz_money_push(L, money_from(L, 1, 0, NULL));
  return 1;
}

/* money.parse(s) -> money | nil, message */
static int money_parse(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len), *err;
  int64_t fen;
  count_text(L, len);
  if (gz_money_parse(s, len, &fen, &err) == 0) {
    gz_money_push(L, fen);
    return 1;
  }
  lua_pushfstring(L, "invalid money %s: %s", quoted(L, s, len), err);
  lua_pushnil(L);
  lua_insert(L, -2);
  return 2;
}

static int money_is(lua_State *L) {
  lua_pushboolean(L, gz_money_test(L, 1) != NULL);
  return 1;
}

/* ratio(x) | ratio(a, b) */
static int ratio_new(lua_State *L) {
  int64_t n, d;
  if (!lua_isnoneornil(L, 2)) {
    int64_t n2, d2;
    if (factor(L, 1, 1, "ratio", &n, &d)) return luaL_argerror(L, 1, lua_tostring(L, -1));
    if (factor(L, 2, 1, "ratio", &n2, &d2)) return luaL_argerror(L, 2, lua_tostring(L, -1));
    if (n2 == 0) return luaL_argerror(L, 2, "division by zero");
    if (gz_ratio_reduce((i128)n * d2, (i128)d * n2, &n, &d)) return luaL_error(L, "overflow in ratio(a, b)");
  } else if (kind(L, 1) == K_MONEY)
    return luaL_typeerror(L, 1, "number or decimal string (money / money gives a ratio)");
  else if (kind(L, 1) == K_OTHER)
    return luaL_typeerror(L, 1, "number or decimal string");
  else if (factor(L, 1, 1, "ratio", &n, &d))
    return luaL_argerror(L, 1, lua_tostring(L, -1));
  gz_ratio_push(L, n, d);
  return 1;
}

/* money(...) and ratio(...) through the __call of the global tables: drop the table. */
static int money_call(lua_State *L) {
  lua_remove(L, 1);
  return money_new(L);
}
static int ratio_call(lua_State *L) {
  lua_remove(L, 1);
  return ratio_new(L);
}

static int ratio_scaled(lua_State *L, int64_t per) {
  int64_t n, d;
  if (kind(L, 1) == K_MONEY || kind(L, 1) == K_OTHER) return luaL_typeerror(L, 1, "number or decimal string");
  if (factor(L, 1, 1, "ratio", &n, &d)) return luaL_argerror(L, 1, lua_tostring(L, -1));
  if (gz_ratio_reduce(n, (i128)d * per, &n, &d)) return luaL_error(L, "overflow in a ratio");
  gz_ratio_push(L, n, d);
  return 1;
}
static int ratio_pct(lua_State *L) { return ratio_scaled(L, 100); }
static int ratio_bp(lua_State *L) { return ratio_scaled(L, 10000); }

static int ratio_parse(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len), *err;
  int64_t n, d;
  count_text(L, len);
  if (gz_ratio_parse(s, len, &n, &d, &err) == 0) {
    gz_ratio_push(L, n, d);
    return 1;
  }
  lua_pushfstring(L, "invalid ratio %s: %s", quoted(L, s, len), err);
  lua_pushnil(L);
  lua_insert(L, -2);
  return 2;
}

static int ratio_is(lua_State *L) {
  lua_pushboolean(L, luaL_testudata(L, 1, RATIO_MT) != NULL);
  return 1;
}

/* ---- arithmetic: one dispatcher per operator for both types ---- */

static int op_error(lua_State *L, const char *op, const char *why) {
  return luaL_error(L, "%s %s %s: %s", kind_name(L, 1), op, kind_name(L, 2), why);
}

static int push_money_or_overflow(lua_State *L, i128 num, i128 den, int64_t unit, int mode, const char *op) {
  int64_t fen;
  if (gz_money_round(num, den, unit, mode, &fen)) return op_error(L, op, "overflow (the range is ±92,233,720,368,547,758.07元)");
  gz_money_push(L, fen);
  return 1;
}

static int push_ratio_or_overflow(lua_State *L, i128 num, i128 den, const char *op) {
  int64_t n, d;
  if (gz_ratio_reduce(num, den, &n, &d)) return op_error(L, op, "overflow of the ratio's numerator or denominator");
  gz_ratio_push(L, n, d);
  return 1;
}

/* Both operands as ratios (ratio, integer, decimal string), or an error naming them. */
static void ratio_operands(lua_State *L, const char *op, int64_t *an, int64_t *ad, int64_t *bn, int64_t *bd) {
  if (factor(L, 1, 0, "decimal", an, ad) || factor(L, 2, 0, "decimal", bn, bd)) op_error(L, op, lua_tostring(L, -1));
}

static int arith_addsub(lua_State *L, int sub) {
  const char *op = sub ? "-" : "+";
  int ka = kind(L, 1), kb = kind(L, 2);
  if (ka == K_MONEY && kb == K_MONEY) {
    int64_t a = *gz_money_test(L, 1), b = *gz_money_test(L, 2), r;
    if ((sub ? __builtin_sub_overflow(a, b, &r) : __builtin_add_overflow(a, b, &r)) || r == INT64_MIN)
      return op_error(L, op, "overflow (the range is ±92,233,720,368,547,758.07元)");
    gz_money_push(L, r);
    return 1;
  }
  if (ka == K_MONEY || kb == K_MONEY)
    return op_error(L, op, "money adds only to money (make money of a number with yuan(x))");
  int64_t an, ad, bn, bd;
  ratio_operands(L, op, &an, &ad, &bn, &bd);
  i128 x = (i128)an * bd, y = (i128)bn * ad;
  return push_ratio_or_overflow(L, sub ? x - y : x + y, (i128)ad * bd, op);
}
static int arith_add(lua_State *L) { return arith_addsub(L, 0); }
static int arith_sub(lua_State *L) { return arith_addsub(L, 1); }

static int arith_mul(lua_State *L) {
  int ka = kind(L, 1), kb = kind(L, 2);
  int64_t n, d;
  if (ka == K_MONEY && kb == K_MONEY) return op_error(L, "*", "two amounts cannot be multiplied (one side must be a ratio or a number)");
  if (ka == K_MONEY || kb == K_MONEY) {
    int m = ka == K_MONEY ? 1 : 2;
    if (factor(L, 3 - m, 0, "decimal", &n, &d)) return op_error(L, "*", lua_tostring(L, -1));
    return push_money_or_overflow(L, (i128)*gz_money_test(L, m) * n, d, 1, GZ_ROUND_HALF_UP, "*");
  }
  int64_t an, ad, bn, bd;
  ratio_operands(L, "*", &an, &ad, &bn, &bd);
  return push_ratio_or_overflow(L, (i128)an * bn, (i128)ad * bd, "*");
}

static int arith_div(lua_State *L) {
  int ka = kind(L, 1), kb = kind(L, 2);
  int64_t n, d;
  if (ka == K_MONEY && kb == K_MONEY) {
    int64_t a = *gz_money_test(L, 1), b = *gz_money_test(L, 2);
    if (b == 0) return op_error(L, "/", "division by zero");
    return push_ratio_or_overflow(L, a, b, "/");
  }
  if (kb == K_MONEY) return op_error(L, "/", "only money can be divided by money (the result is a ratio)");
  if (ka == K_MONEY) {
    if (factor(L, 2, 0, "decimal", &n, &d)) return op_error(L, "/", lua_tostring(L, -1));
    if (n == 0) return op_error(L, "/", "division by zero");
    i128 num = (i128)*gz_money_test(L, 1) * d, den = n;
    if (den < 0) num = -num, den = -den;
    return push_money_or_overflow(L, num, den, 1, GZ_ROUND_HALF_UP, "/");
  }
  int64_t an, ad, bn, bd;
  ratio_operands(L, "/", &an, &ad, &bn, &bd);
  if (bn == 0) return op_error(L, "/", "division by zero");
  return push_ratio_or_overflow(L, (i128)an * bd, (i128)ad * bn, "/");
}

/* ratio ^ integer: exact powers, e.g. (1 + r) ^ 3 for growth over three years. */
static int arith_pow(lua_State *L) {
  if (kind(L, 1) != K_RATIO || kind(L, 2) != K_INT)
    return op_error(L, "^", "only a ratio can be raised, and only to an integer power");
  ratio r = ratio_check(L, 1);
  lua_Integer e = lua_tointeger(L, 2);
  if (e < 0) {
    if (r.num == 0) return op_error(L, "^", "division by zero");
    int64_t t = r.num;
    r.num = t < 0 ? -r.den : r.den;
    r.den = t < 0 ? -t : t;
    e = e == LUA_MININTEGER ? LUA_MAXINTEGER : -e;
  }
  int64_t n = 1, d = 1;
  if (r.num == 0 || r.num == r.den || r.num == -r.den) { /* 0, 1, -1: no need to loop */
    n = e == 0 ? 1 : r.num == 0 ? 0 : r.num > 0 || e % 2 == 0 ? 1 : -1;
    e = 0;
  }
  for (; e > 0; e--)
    if (gz_ratio_reduce((i128)n * r.num, (i128)d * r.den, &n, &d))
      return op_error(L, "^", "overflow of the ratio's numerator or denominator");
  gz_ratio_push(L, n, d);
  return 1;
}

static int arith_undefined(lua_State *L) {
  return op_error(L, lua_tostring(L, lua_upvalueindex(1)), "not defined for money and ratios");
}

static int arith_unm(lua_State *L) {
  const int64_t *m = gz_money_test(L, 1);
  if (m) gz_money_push(L, -*m);
  else {
    ratio r = ratio_check(L, 1);
    gz_ratio_push(L, -r.num, r.den);
  }
  return 1;
}

static int arith_eq(lua_State *L) {
  const int64_t *a = gz_money_test(L, 1), *b = gz_money_test(L, 2);
  int64_t an, ad, bn, bd;
  if (a || b) lua_pushboolean(L, a && b && *a == *b);
  else lua_pushboolean(L, gz_ratio_test(L, 1, &an, &ad) && gz_ratio_test(L, 2, &bn, &bd) && an == bn && ad == bd);
  return 1;
}

/* -1, 0, 1; errors unless both are money, or both are exact numbers (ratio, integer, string). */
static int compare(lua_State *L, const char *op) {
  int ka = kind(L, 1), kb = kind(L, 2);
  if (ka == K_MONEY && kb == K_MONEY) {
    int64_t a = *gz_money_test(L, 1), b = *gz_money_test(L, 2);
    return (a > b) - (a < b);
  }
  if (ka == K_MONEY || kb == K_MONEY)
    op_error(L, op, "money compares only with money (compare with yuan(x))");
  int64_t an, ad, bn, bd;
  ratio_operands(L, op, &an, &ad, &bn, &bd);
  i128 x = (i128)an * bd, y = (i128)bn * ad;
  return (x > y) - (x < y);
}
static int arith_lt(lua_State *L) {
  lua_pushboolean(L, compare(L, "<") < 0);
  return 1;
}
static int arith_le(lua_State *L) {
  lua_pushboolean(L, compare(L, "<=") <= 0);
  return 1;
}

/* ---- money methods ---- */

static int money_tostring(lua_State *L) {
  char buf[GZ_MONEY_BUF];
  gz_money_format(money_check(L, 1), buf, sizeof buf);
  lua_pushstring(L, buf);
  return 1;
}

static int money_plain(lua_State *L) {
  char buf[GZ_MONEY_BUF];
  gz_money_plain(money_check(L, 1), buf, sizeof buf);
  lua_pushstring(L, buf);
  return 1;
}

static int money_wan_str(lua_State *L) {
  char buf[GZ_MONEY_BUF];
  gz_money_wan(money_check(L, 1), buf, sizeof buf);
  lua_pushstring(L, buf);
  return 1;
}

static int money_daxie(lua_State *L) {
  char buf[GZ_MONEY_DAXIE];
  gz_money_daxie(money_check(L, 1), buf, sizeof buf);
  lua_pushstring(L, buf);
  return 1;
}

static int money_fen(lua_State *L) {
  lua_pushinteger(L, money_check(L, 1));
  return 1;
}

static int money_abs(lua_State *L) {
  int64_t f = money_check(L, 1);
  gz_money_push(L, f < 0 ? -f : f);
  return 1;
}

static int money_is_zero(lua_State *L) {
  lua_pushboolean(L, money_check(L, 1) == 0);
  return 1;
}

static int money_sign(lua_State *L) {
  int64_t f = money_check(L, 1);
  lua_pushinteger(L, (f > 0) - (f < 0));
  return 1;
}

/* Rounding units in 分: 分, 角, 元, 百元, 万元 with two decimals (= 百元), 万元. */
static int64_t check_unit(lua_State *L, int arg) {
  static const char *const names[] = {"fen", "jiao", "yuan", "bai", "qian", "wan2", "wan", NULL};
  static const int64_t fen[] = {1, 10, 100, 10000, 100000, 10000, 1000000};
  return fen[luaL_checkoption(L, arg, "fen", names)];
}

static int check_mode(lua_State *L, int arg) {
  static const char *const names[] = {"half_up", "half_even", "down", "up", "floor", "ceiling", NULL};
  return luaL_checkoption(L, arg, "half_up", names);
}

/* m:round(unit, mode) */
static int money_round(lua_State *L) {
  int64_t f = money_check(L, 1), unit = check_unit(L, 2);
  int mode = check_mode(L, 3);
  int64_t out;
  if (gz_money_round(f, 1, unit, mode, &out)) return luaL_error(L, "overflow in money:round (the range is ±92,233,720,368,547,758.07元)");
  gz_money_push(L, out);
  return 1;
}

/* m:mul(x, unit, mode), m:div(x, unit, mode): the exact product or quotient rounded once. */
static int money_muldiv(lua_State *L, int div) {
  int64_t f = money_check(L, 1), n, d;
  if (factor(L, 2, 0, "decimal", &n, &d)) return luaL_argerror(L, 2, lua_tostring(L, -1));
  int64_t unit = check_unit(L, 3);
  int mode = check_mode(L, 4);
  i128 num = (i128)f * n, den = d;
  if (div) {
    if (n == 0) return luaL_argerror(L, 2, "division by zero");
    num = (i128)f * d;
    den = n;
    if (den < 0) num = -num, den = -den;
  }
  int64_t out;
  if (gz_money_round(num, den, unit, mode, &out))
    return luaL_error(L, "overflow in money:%s (the range is ±92,233,720,368,547,758.07元)", div ? "div" : "mul");
  gz_money_push(L, out);
  return 1;
}
static int money_mul(lua_State *L) { return money_muldiv(L, 0); }
static int money_div(lua_State *L) { return money_muldiv(L, 1); }

static int money_concat(lua_State *L) {
  if (kind(L, 1) == K_OTHER || kind(L, 2) == K_OTHER)
    return luaL_error(L, "cannot concatenate %s with %s", kind_name(L, 1), kind_name(L, 2));
  for (int i = 1; i <= 2; i++) {
    int k = kind(L, i);
    if (k == K_MONEY || k == K_RATIO) {
      luaL_tolstring(L, i, NULL);
      lua_replace(L, i);
    }
  }
  lua_concat(L, 2);
  return 1;
}

static int money_newindex(lua_State *L) {
  return luaL_error(L, "%s values cannot be changed (arithmetic makes new ones)", kind_name(L, 1));
}

static int money_index_common(lua_State *L, const char *what, const char *list) {
  lua_pushvalue(L, 2);
  if (lua_type(L, 2) == LUA_TSTRING && lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
  return luaL_error(L, "%s has no field '%s' (methods: %s)", what, lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : luaL_typename(L, 2), list);
}
static int money_index(lua_State *L) {
  return money_index_common(L, "money", "fen, plain, wan_str, daxie, round, mul, div, abs, sign, is_zero");
}

/* ---- ratio methods ---- */

static int ratio_tostring(lua_State *L) {
  ratio r = ratio_check(L, 1);
  char buf[96];
  gz_ratio_format(r.num, r.den, buf, sizeof buf);
  lua_pushstring(L, buf);
  return 1;
}

static int ratio_num(lua_State *L) {
  lua_pushinteger(L, ratio_check(L, 1).num);
  return 1;
}

static int ratio_den(lua_State *L) {
  lua_pushinteger(L, ratio_check(L, 1).den);
  return 1;
}

/* r:round(places, mode): to a number of decimal places (0-18). */
static int ratio_round(lua_State *L) {
  ratio r = ratio_check(L, 1);
  lua_Integer places = luaL_optinteger(L, 2, 0);
  luaL_argcheck(L, places >= 0 && places <= 18, 2, "places must be 0-18");
  int mode = check_mode(L, 3);
  i128 p = 1;
  for (int i = 0; i < places; i++) p *= 10;
  i128 q = gz_round_div((i128)r.num * p, r.den, mode);
  int64_t n, d;
  if (gz_ratio_reduce(q, p, &n, &d)) return luaL_error(L, "overflow in ratio:round");
  gz_ratio_push(L, n, d);
  return 1;
}

/* r:float(): the nearest double, for charts and logs only (inexact). */
static int ratio_float(lua_State *L) {
  ratio r = ratio_check(L, 1);
  lua_pushnumber(L, (lua_Number)r.num / (lua_Number)r.den);
  return 1;
}

static int ratio_index(lua_State *L) { return money_index_common(L, "a ratio", "num, den, round, float"); }

/* ---- min, max, cap, sum: on money, ratios, numbers, anything Lua can order ---- */

static int money_minmax(lua_State *L, int want_max) {
  int n = lua_gettop(L), best = 1;
  luaL_argcheck(L, n >= 1, 1, "value expected");
  for (int i = 2; i <= n; i++)
    if (want_max ? lua_compare(L, best, i, LUA_OPLT) : lua_compare(L, i, best, LUA_OPLT)) best = i;
  lua_pushvalue(L, best);
  return 1;
}
static int money_min(lua_State *L) { return money_minmax(L, 0); }
static int money_max(lua_State *L) { return money_minmax(L, 1); }

/* cap(amount, ceiling) -> min(amount, ceiling), whether the ceiling bound (amount > ceiling) */
static int money_cap(lua_State *L) {
  luaL_checkany(L, 1);
  luaL_checkany(L, 2);
  int bound = lua_compare(L, 2, 1, LUA_OPLT);
  lua_pushvalue(L, bound ? 2 : 1);
  lua_pushboolean(L, bound);
  return 2;
}

/* sum(list [, zero]): list[1] + list[2] + ...; an empty list gives zero (default yuan(0)). */
static int money_sum(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Integer n = luaL_len(L, 1);
  if (n == 0) {
    if (lua_isnoneornil(L, 2)) gz_money_push(L, 0);
    else lua_pushvalue(L, 2);
    return 1;
  }
  lua_settop(L, 2);
  lua_geti(L, 1, 1); /* 3: the total */
  if (!lua_isnil(L, 2)) {
    lua_pushvalue(L, 2);
    lua_insert(L, 3);
    lua_arith(L, LUA_OPADD);
  }
  for (lua_Integer i = 2; i <= n; i++) {
    lua_geti(L, 1, i);
    int kt = kind(L, 3), ki = kind(L, 4);
    if ((kt == K_MONEY) != (ki == K_MONEY))
      return luaL_error(L, "sum: item %I is %s, but the items before it are %s", i, kind_name(L, 4), kind_name(L, 3));
    lua_arith(L, LUA_OPADD);
  }
  return 1;
}

static const luaL_Reg money_methods[] = {{"fen", money_fen},   {"plain", money_plain}, {"wan_str", money_wan_str},
                                         {"daxie", money_daxie}, {"round", money_round}, {"mul", money_mul},
                                         {"div", money_div},   {"abs", money_abs},     {"sign", money_sign},
                                         {"is_zero", money_is_zero}, {"tostring", money_tostring}, {NULL, NULL}};

static const luaL_Reg ratio_methods[] = {{"num", ratio_num},     {"den", ratio_den}, {"round", ratio_round},
                                         {"float", ratio_float}, {"tostring", ratio_tostring}, {NULL, NULL}};

#define ARITH_META                                                                                              \
  {"__add", arith_add}, {"__sub", arith_sub}, {"__mul", arith_mul}, {"__div", arith_div}, {"__pow", arith_pow}, \
      {"__unm", arith_unm}, {"__eq", arith_eq}, {"__lt", arith_lt}, {"__le", arith_le},                         \
      {"__concat", money_concat}, {"__newindex", money_newindex}

static const luaL_Reg money_meta[] = {ARITH_META, {"__tostring", money_tostring}, {"__tojson", money_plain}, {NULL, NULL}};
static const luaL_Reg ratio_meta[] = {ARITH_META, {"__tostring", ratio_tostring}, {"__tojson", ratio_tostring}, {NULL, NULL}};

static const luaL_Reg money_funcs[] = {{"yuan", money_yuan},   {"wan", money_wan},       {"yi", money_yi},
                                       {"money", money_new},   {"money_call", money_call}, {"ratio_call", ratio_call}, {"parse", money_parse},   {"is_money", money_is},
                                       {"ratio", ratio_new},   {"pct", ratio_pct},       {"bp", ratio_bp},
                                       {"parse_ratio", ratio_parse}, {"is_ratio", ratio_is}, {"min", money_min},
                                       {"max", money_max},     {"cap", money_cap},       {"sum", money_sum},
                                       {NULL, NULL}};

int luaopen_money(lua_State *L) {
  static const char *const undefined[] = {"__idiv", "//", "__mod", "%", NULL};
  const char *tnames[] = {MONEY_MT, RATIO_MT};
  gz_money_push(L, 0);
  gz_ratio_push(L, 0, 1);
  lua_pop(L, 2);
  for (int t = 0; t < 2; t++) {
    luaL_getmetatable(L, tnames[t]);
    for (int i = 0; undefined[i]; i += 2) {
      lua_pushstring(L, undefined[i + 1]);
      lua_pushcclosure(L, arith_undefined, 1);
      lua_setfield(L, -2, undefined[i]);
    }
    lua_pop(L, 1);
  }
  luaL_newlib(L, money_funcs);
  return 1;
}
