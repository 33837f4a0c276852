/* money.c: the exact core of money and ratios (no Lua here; the types are in lua/lmoney.c).
 *
 * Money is an int64 count of 分 (fen); ratios are reduced int64 fractions.  Products and
 * quotients are computed in __int128 and rounded once, by a named mode, as Catala rounds
 * each money operation.  Parsing reads the forms Chinese documents write (2500万元, 1.5亿,
 * ¥12.5, 3,600,000.00元, full-width digits) and refuses, rather than rounds, a fraction
 * of a 分.  Formatting gives the display form, the plain CSV/JSON form, the 万元 form and
 * the capital numerals (大写) of payment documents. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"

typedef __int128 i128;
typedef unsigned __int128 u128;

/* ---- reading a decimal number ---- */

#define MANT_LIMIT ((i128)1 << 120) /* about 1.3e36: far beyond any int64 result */
#define MONEY_MAX_INPUT 256

typedef struct {
  int neg, currency;
  i128 mant;           /* the digits without the point, trailing zeros of the fraction dropped */
  int decimals;        /* digits after the point that count (the last nonzero one and before) */
  const char *rest;    /* what follows the number, surrounding spaces trimmed */
  size_t restlen;
} decimal;

static int is_space_at(const char *s, size_t i, size_t b, size_t *w) {
  if (i < b && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) return *w = 1, 1;
  if (b - i >= 3 && memcmp(s + i, "\xE3\x80\x80", 3) == 0) return *w = 3, 1; /* U+3000 */
  return 0;
}

static void trim(const char *s, size_t *a, size_t *b) {
  size_t w;
  while (*a < *b && is_space_at(s, *a, *b, &w)) *a += w;
  for (;;) {
    if (*b > *a && (s[*b - 1] == ' ' || s[*b - 1] == '\t' || s[*b - 1] == '\r' || s[*b - 1] == '\n')) (*b)--;
    else if (*b - *a >= 3 && memcmp(s + *b - 3, "\xE3\x80\x80", 3) == 0) *b -= 3;
    else break;
  }
}

/* The character at s[i] normalised to ASCII (full-width digits, ．，＋－％／ become
 * their ASCII forms) with its width in *w; 0 for any other non-ASCII character. */
static int norm_char(const char *s, size_t i, size_t b, size_t *w) {
  unsigned char c = (unsigned char)s[i];
  *w = 1;
  if (c < 0x80) return c;
  if (b - i >= 3 && c == 0xEF && (unsigned char)s[i + 1] == 0xBC) {
    unsigned char d = (unsigned char)s[i + 2];
    *w = 3;
    if (d >= 0x90 && d <= 0x99) return '0' + (d - 0x90);
    switch (d) {
      case 0x8E: return '.';
      case 0x8C: return ',';
      case 0x8B: return '+';
      case 0x8D: return '-';
      case 0x85: return '%';
      case 0x8F: return '/';
    }
  }
  *w = 0;
  return 0;
}

static int mant_push(i128 *m, int digit) {
  if (*m > (MANT_LIMIT - 9) / 10) return -1;
  *m = *m * 10 + digit;
  return 0;
}

static int lex_fail(const char **err, const char *msg) {
  if (err) *err = msg;
  return -1;
}

static int lex(const char *s, size_t len, decimal *d, const char **err) {
  size_t a = 0, b = len, w;
  memset(d, 0, sizeof *d);
  if (!s) return lex_fail(err, "empty");
  trim(s, &a, &b);
  if (a == b) return lex_fail(err, "empty");
  if (b - a > MONEY_MAX_INPUT) return lex_fail(err, "too long");
  size_t i = a;
  int signs = 0, c;
  for (;;) { /* a sign and a currency sign, in either order: -¥12.5, ¥-12.5 */
    if (i >= b) break;
    c = norm_char(s, i, b, &w);
    if ((c == '-' || c == '+') && !signs) {
      d->neg = c == '-';
      signs = 1;
      i += w;
    } else if (!d->currency && b - i >= 2 && memcmp(s + i, "\xC2\xA5", 2) == 0) { /* ¥ */
      d->currency = 1;
      i += 2;
    } else if (!d->currency && b - i >= 3 && memcmp(s + i, "\xEF\xBF\xA5", 3) == 0) { /* ￥ */
      d->currency = 1;
      i += 3;
    } else
      break;
  }
  int ndig = 0, run = 0, grouped = 0;
  while (i < b) {
    c = norm_char(s, i, b, &w);
    if (c >= '0' && c <= '9') {
      if (mant_push(&d->mant, c - '0')) return lex_fail(err, "overflow");
      ndig++;
      run++;
    } else if (c == ',') {
      if (run == 0 || (grouped ? run != 3 : run > 3)) return lex_fail(err, "misplaced thousands separator");
      grouped = 1;
      run = 0;
    } else
      break;
    i += w;
  }
  if (grouped && run != 3) return lex_fail(err, "misplaced thousands separator");
  if (ndig == 0) return lex_fail(err, "expected a number");
  if (i < b && norm_char(s, i, b, &w) == '.') {
    i += w;
    int nfrac = 0, pending = 0;
    while (i < b) {
      c = norm_char(s, i, b, &w);
      if (c < '0' || c > '9') break;
      if (++nfrac > 60) return lex_fail(err, "too many decimals");
      if (c == '0') pending++;
      else {
        for (; pending > 0; pending--)
          if (mant_push(&d->mant, 0)) return lex_fail(err, "overflow");
        if (mant_push(&d->mant, c - '0')) return lex_fail(err, "overflow");
        d->decimals = nfrac;
      }
      i += w;
    }
    if (nfrac == 0) return lex_fail(err, "expected digits after the decimal point");
  }
  if (i < b && norm_char(s, i, b, &w) == ',') return lex_fail(err, "misplaced thousands separator");
  size_t ra = i, rb = b;
  trim(s, &ra, &rb);
  d->rest = s + ra;
  d->restlen = rb - ra;
  return 0;
}

static int rest_is(const decimal *d, const char *word) {
  size_t n = strlen(word);
  return d->restlen == n && memcmp(d->rest, word, n) == 0;
}

/* ---- money ---- */

static const struct {
  const char *name;
  int scale; /* power of ten of 元 */
} units[] = {{"元", 0},     {"万元", 4},   {"万", 4},     {"亿元", 8},    {"亿", 8},   {"千元", 3},
             {"百万元", 6}, {"千万元", 7}, {"万亿元", 12}, {"万亿", 12}, {NULL, 0}};

static int in_list(const char *list, const decimal *d) {
  for (const char *u = list; *u; u += strlen(u) + 1)
    if (rest_is(d, u)) return 1;
  return 0;
}

int gz_money_parse_in(const char *s, size_t len, int scale, const char *allowed, int64_t *fen, const char **err) {
  decimal d;
  if (lex(s, len, &d, err)) return -1;
  if (d.restlen) {
    int k = 0;
    while (units[k].name && !rest_is(&d, units[k].name)) k++;
    if (!units[k].name) {
      if (allowed) return lex_fail(err, "unexpected text after the number");
      return lex_fail(err, "expected a unit 元, 万元, 亿元, 万 or 亿 after the number");
    }
    if (allowed && !in_list(allowed, &d)) return lex_fail(err, "unexpected unit after the number");
    scale = units[k].scale;
  }
  int shift = 2 + scale - d.decimals; /* fen = mant * 10^shift */
  if (shift < 0) return lex_fail(err, "a fraction of a 分 (more than two decimals of 元)");
  i128 v = d.mant;
  for (; shift > 0; shift--) {
    if (v > GZ_MONEY_MAX / 10) return lex_fail(err, "overflow (the range is ±92,233,720,368,547,758.07元)");
    v *= 10;
  }
  if (v > GZ_MONEY_MAX) return lex_fail(err, "overflow (the range is ±92,233,720,368,547,758.07元)");
  *fen = (int64_t)(d.neg ? -v : v);
  return 0;
}

int gz_money_parse(const char *s, size_t len, int64_t *fen, const char **err) {
  return gz_money_parse_in(s, len, 0, NULL, fen, err);
}

/* Writes the digits of v (v >= 0) to the end of buf, returns where they start. */
static char *u128_digits(u128 v, char *end) {
  *end = 0;
  do {
    *--end = (char)('0' + (int)(v % 10));
    v /= 10;
  } while (v);
  return end;
}

static size_t put(char *buf, size_t n, const char *s) {
  size_t len = strlen(s);
  if (n) {
    size_t k = len < n - 1 ? len : n - 1;
    memcpy(buf, s, k);
    buf[k] = 0;
  }
  return len;
}

static uint64_t magnitude(int64_t fen) { return fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen; }

size_t gz_money_plain(int64_t fen, char *buf, size_t n) {
  uint64_t m = magnitude(fen); /* digits written backwards, without printf: a batch run writes every amount */
  char t[GZ_MONEY_BUF], *p = t + sizeof t - 1;
  *p = 0;
  *--p = (char)('0' + m % 10);
  *--p = (char)('0' + m / 10 % 10);
  *--p = '.';
  m /= 100;
  do *--p = (char)('0' + m % 10); while (m /= 10);
  if (fen < 0) *--p = '-';
  return put(buf, n, p);
}

size_t gz_money_format(int64_t fen, char *buf, size_t n) {
  uint64_t m = magnitude(fen);
  char d[32], t[GZ_MONEY_BUF];
  char *p = u128_digits(m / 100, d + sizeof d - 1);
  size_t nd = strlen(p), k = 0;
  if (fen < 0) t[k++] = '-';
  for (size_t i = 0; i < nd; i++) {
    if (i > 0 && (nd - i) % 3 == 0) t[k++] = ',';
    t[k++] = p[i];
  }
  snprintf(t + k, sizeof t - k, ".%02llu元", (unsigned long long)(m % 100));
  return put(buf, n, t);
}

size_t gz_money_wan(int64_t fen, char *buf, size_t n) {
  uint64_t m = magnitude(fen); /* 1 万元 = 1,000,000 分 */
  char frac[8], t[GZ_MONEY_BUF];
  snprintf(frac, sizeof frac, "%06llu", (unsigned long long)(m % 1000000));
  for (int k = 5; k >= 2 && frac[k] == '0'; k--) frac[k] = 0;
  snprintf(t, sizeof t, "%s%llu.%s万元", fen < 0 ? "-" : "", (unsigned long long)(m / 1000000), frac);
  return put(buf, n, t);
}

/* ---- 大写 ---- */

static const char *const dx_digit[10] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
static const char *const dx_place[4] = {"", "拾", "佰", "仟"};

typedef struct {
  char *buf;
  size_t n, len;
} sbuf;

static void sb_add(sbuf *b, const char *s) {
  size_t k = strlen(s);
  if (b->len + k < b->n) {
    memcpy(b->buf + b->len, s, k);
    b->buf[b->len + k] = 0;
  }
  b->len += k;
}

/* 1..9999, a zero between nonzero digits read once as 零 (1001 壹仟零壹, 1010 壹仟零壹拾). */
static void dx_four(sbuf *b, unsigned v) {
  int zero = 0, started = 0;
  for (int p = 3; p >= 0; p--) {
    unsigned dg = v / (p == 3 ? 1000 : p == 2 ? 100 : p == 1 ? 10 : 1) % 10;
    if (dg == 0) {
      if (started) zero = 1;
      continue;
    }
    if (zero) sb_add(b, "零");
    zero = 0;
    started = 1;
    sb_add(b, dx_digit[dg]);
    sb_add(b, dx_place[p]);
  }
}

/* v >= 1: groups of 亿 by recursion, then 万; a missing leading digit of a group is 零. */
static void dx_int(sbuf *b, uint64_t v) {
  if (v >= 100000000u) {
    dx_int(b, v / 100000000u);
    sb_add(b, "亿");
    uint64_t rest = v % 100000000u;
    if (rest == 0) return;
    if (rest < 10000000u) sb_add(b, "零");
    v = rest;
  }
  unsigned hi = (unsigned)(v / 10000), lo = (unsigned)(v % 10000);
  if (hi) {
    dx_four(b, hi);
    sb_add(b, "万");
    if (lo && lo < 1000) sb_add(b, "零");
  }
  if (lo) dx_four(b, lo);
}

size_t gz_money_daxie(int64_t fen, char *buf, size_t n) {
  sbuf b = {buf, n, 0};
  if (n) buf[0] = 0;
  uint64_t m = magnitude(fen), y = m / 100;
  unsigned jiao = (unsigned)(m / 10 % 10), f = (unsigned)(m % 10);
  if (m == 0) {
    sb_add(&b, "零元整");
    return b.len;
  }
  if (fen < 0) sb_add(&b, "负");
  if (y) {
    dx_int(&b, y);
    sb_add(&b, "元");
  }
  if (jiao) {
    sb_add(&b, dx_digit[jiao]);
    sb_add(&b, "角");
  } else if (f && y)
    sb_add(&b, "零"); /* 角 is 0 but 分 is not: 元 is followed by 零 (支付结算办法 附一) */
  if (f) {
    sb_add(&b, dx_digit[f]);
    sb_add(&b, "分");
  } else
    sb_add(&b, "整");
  return b.len;
}

/* ---- rounding ---- */

int gz_round_mode(const char *name) {
  static const char *const names[] = {"half_up", "half_even", "down", "up", "floor", "ceiling", NULL};
  for (int i = 0; names[i]; i++)
    if (strcmp(name, names[i]) == 0) return i;
  return -1;
}

i128 gz_round_div(i128 num, i128 den, int mode) {
  i128 q = num / den, r = num % den; /* truncated: r has the sign of num */
  if (r == 0) return q;
  int neg = num < 0;
  i128 away = neg ? q - 1 : q + 1, twice = 2 * (r < 0 ? -r : r);
  switch (mode) {
    case GZ_ROUND_DOWN: return q;
    case GZ_ROUND_UP: return away;
    case GZ_ROUND_FLOOR: return neg ? away : q;
    case GZ_ROUND_CEILING: return neg ? q : away;
    case GZ_ROUND_HALF_EVEN:
      if (twice == den) return q % 2 == 0 ? q : away;
      return twice > den ? away : q;
    default: return twice >= den ? away : q;
  }
}

int gz_money_round(i128 num, i128 den, int64_t unit, int mode, int64_t *fen) {
  i128 q = gz_round_div(num, den * unit, mode), lim = GZ_MONEY_MAX / unit;
  if (q > lim || q < -lim) return -1;
  *fen = (int64_t)(q * unit);
  return 0;
}

/* ---- ratios ---- */

static u128 gcd128(u128 a, u128 b) {
  while (b) {
    u128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

int gz_ratio_reduce(i128 num, i128 den, int64_t *rn, int64_t *rd) {
  if (den == 0) return -1;
  if (den < 0) num = -num, den = -den;
  u128 an = num < 0 ? (u128)0 - (u128)num : (u128)num, g = gcd128(an, (u128)den);
  if (g > 1) num /= (i128)g, den /= (i128)g;
  if (num > INT64_MAX || num < -INT64_MAX || den > INT64_MAX) return -1;
  *rn = (int64_t)num;
  *rd = (int64_t)den;
  return 0;
}

int gz_ratio_parse(const char *s, size_t len, int64_t *num, int64_t *den, const char **err) {
  decimal d;
  if (lex(s, len, &d, err)) return -1;
  if (d.currency) return lex_fail(err, "a currency sign in a ratio");
  if (d.decimals > 18) return lex_fail(err, "too many decimals (at most 18)");
  i128 q = 1;
  for (int k = 0; k < d.decimals; k++) q *= 10;
  if (d.restlen) {
    if (rest_is(&d, "%") || rest_is(&d, "\xEF\xBC\x85")) q *= 100; /* % ％ */
    else if (rest_is(&d, "\xE2\x80\xB0")) q *= 1000; /* ‰ */
    else if (rest_is(&d, "bp")) q *= 10000;
    else {
      size_t w, i = 0;
      if (norm_char(d.rest, 0, d.restlen, &w) != '/') return lex_fail(err, "expected %, ‰, bp or /N after the number");
      i += w;
      size_t a = i, b = d.restlen;
      trim(d.rest, &a, &b);
      if (a == b || b != d.restlen) return lex_fail(err, "expected a whole number after '/'");
      i128 n = 0;
      for (i = a; i < b; i += w) {
        int c = norm_char(d.rest, i, b, &w);
        if (c < '0' || c > '9') return lex_fail(err, "expected a whole number after '/'");
        if (n > INT64_MAX / 10) return lex_fail(err, "overflow");
        n = n * 10 + (c - '0');
      }
      if (n == 0) return lex_fail(err, "division by zero");
      q *= n;
    }
  }
  if (gz_ratio_reduce(d.neg ? -d.mant : d.mant, q, num, den)) return lex_fail(err, "overflow");
  return 0;
}

size_t gz_ratio_format(int64_t num, int64_t den, char *buf, size_t n) {
  char t[96], d[48];
  uint64_t an = magnitude(num);
  if (den == 1) {
    snprintf(t, sizeof t, "%s%llu", num < 0 ? "-" : "", (unsigned long long)an);
    return put(buf, n, t);
  }
  int twos = 0, fives = 0;
  int64_t r = den;
  while (r % 2 == 0) r /= 2, twos++;
  while (r % 5 == 0) r /= 5, fives++;
  int k = twos > fives ? twos : fives;
  if (r != 1 || k > 18) {
    snprintf(t, sizeof t, "%s%llu/%lld", num < 0 ? "-" : "", (unsigned long long)an, (long long)den);
    return put(buf, n, t);
  }
  u128 p = 1;
  for (int i = 0; i < k; i++) p *= 10;
  u128 v = (u128)an * (p / (u128)den); /* den divides 10^k */
  char *digits = u128_digits(v, d + sizeof d - 1);
  size_t nd = strlen(digits);
  char zeros[48] = "";
  if (nd <= (size_t)k) { /* 0.00xx */
    memset(zeros, '0', (size_t)k + 1 - nd);
    zeros[(size_t)k + 1 - nd] = 0;
  }
  char all[96];
  snprintf(all, sizeof all, "%s%s", zeros, digits);
  size_t na = strlen(all);
  snprintf(t, sizeof t, "%s%.*s.%s", num < 0 ? "-" : "", (int)(na - (size_t)k), all, all + na - k);
  return put(buf, n, t);
}

size_t gz_double_text(double x, char *buf, size_t size) {
  if (!isfinite(x)) return 0;
  for (int digits = 15; digits <= 17; digits++) {
    int n = snprintf(buf, size, "%.*g", digits, x);
    if (n <= 0 || (size_t)n >= size) return 0;
    if (digits == 17 || strtod(buf, NULL) == x) return (size_t)n;
  }
  return 0;
}
