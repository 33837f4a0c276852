/* arg.c: raw values to the arguments of a compiled measure (arg.h). Each conversion gives
 * exactly what the measure language's converter (stdlib/measure/coerce.lua) gives for the same
 * value, or GZ_ARG_FALLBACK: a value it would convert some other way (" 12 " as an integer, a
 * float of yuan) or refuse with an error is handed to the reference evaluation whole. */
#include "core/arg.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "core/date.h"
#include "core/money.h"

int gz_arg_kind_valid(int kind) {
  return kind == GZ_ARG_TEXT || kind == GZ_ARG_INT || kind == GZ_ARG_BOOL || kind == GZ_ARG_MONEY ||
         kind == GZ_ARG_DATE || kind == GZ_ARG_RATIO || kind == GZ_ARG_DECIMAL;
}

/* A decimal written plainly, "-12.5" (a ratio also "45%"), as an integer scaled by
 * GZ_ARG_SCALE; -1 for anything else (spaces, '+', "1.", fractions, more than
 * GZ_ARG_SCALE_DIGITS decimals, out of range), which the reference evaluation reads. The forms
 * taken here are read the same way by coerce.lua's decimal and ratio converters. */
static int scaled_decimal(const char *s, size_t n, int percent_ok, int64_t *out) {
  size_t i = 0;
  int neg = 0, decimals = 0, frac = 0;
  if (n && s[n - 1] == '%') {
    if (!percent_ok) return -1;
    n--;
    decimals = 2;
  }
  if (i < n && s[i] == '-') neg = 1, i++;
  if (i == n || s[i] < '0' || s[i] > '9') return -1;
  __int128 v = 0;
  for (; i < n; i++) {
    char c = s[i];
    if (c == '.' && !frac) {
      if (i + 1 == n) return -1;
      frac = 1;
      continue;
    }
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
    if (frac) decimals++;
    if (v > (__int128)INT64_MAX * 1000) return -1;
  }
  if (decimals > GZ_ARG_SCALE_DIGITS) return -1;
  for (int k = decimals; k < GZ_ARG_SCALE_DIGITS; k++) v *= 10;
  if (v > INT64_MAX) return -1;
  *out = neg ? -(int64_t)v : (int64_t)v;
  return 0;
}

/* "YYYY-MM-DD" as gz_date_parse reads it, without its normalisation (the common case of a
 * population's date column); -1 for anything else, which gz_date_parse then reads. */
static int iso_day(const char *s, size_t n, int64_t *out) {
  if (n != 10 || s[4] != '-' || s[7] != '-') return -1;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
  if (!gz_date_valid(y, m, d)) return -1;
  *out = gz_date_from_ymd(y, m, d);
  return 0;
}

int gz_arg_convert(int kind, const gz_raw *raw, int64_t *out) {
  if (raw->type == GZ_RAW_NULL) return GZ_ARG_NIL;
  switch (kind) {
    case GZ_ARG_TEXT:
      return raw->type == GZ_RAW_TEXT ? GZ_ARG_STRING : GZ_ARG_FALLBACK;
    case GZ_ARG_INT:
      if (raw->type != GZ_RAW_INT) return GZ_ARG_FALLBACK;
      *out = raw->i;
      return GZ_ARG_INTEGER;
    case GZ_ARG_BOOL:
      /* true/false, or the integers 1 and 0 */
      if (raw->type != GZ_RAW_BOOL && raw->type != GZ_RAW_INT) return GZ_ARG_FALLBACK;
      if (raw->i != 0 && raw->i != 1) return GZ_ARG_FALLBACK;
      *out = raw->i;
      return GZ_ARG_BOOLEAN;
    case GZ_ARG_MONEY:
      if (raw->type == GZ_RAW_INT) { /* yuan, as yuan(tostring(v)) reads them */
        if (raw->i > GZ_MONEY_MAX / 100 || raw->i < -(GZ_MONEY_MAX / 100)) return GZ_ARG_FALLBACK;
        *out = raw->i * 100;
        return GZ_ARG_INTEGER;
      }
      if (raw->type == GZ_RAW_TEXT) {
        const char *err;
        if (gz_money_parse(raw->s, raw->n, out, &err) != 0) return GZ_ARG_FALLBACK;
        return GZ_ARG_INTEGER;
      }
      return GZ_ARG_FALLBACK;
    case GZ_ARG_RATIO:
    case GZ_ARG_DECIMAL:
      if (raw->type == GZ_RAW_INT) { /* a whole number, as tostring(v) reads */
        if (raw->i > INT64_MAX / GZ_ARG_SCALE || raw->i < -(INT64_MAX / GZ_ARG_SCALE)) return GZ_ARG_FALLBACK;
        *out = raw->i * GZ_ARG_SCALE;
        return GZ_ARG_INTEGER;
      }
      if (raw->type == GZ_RAW_TEXT && scaled_decimal(raw->s, raw->n, kind == GZ_ARG_RATIO, out) == 0)
        return GZ_ARG_INTEGER;
      if (raw->type == GZ_RAW_FLOAT) { /* its shortest decimal (gz_double_text), as coerce.lua reads a float */
        char t[64];
        size_t n = gz_double_text(raw->f, t, sizeof t);
        if (n > 0 && scaled_decimal(t, n, 0, out) == 0) return GZ_ARG_INTEGER;
      }
      return GZ_ARG_FALLBACK;
    case GZ_ARG_DATE:
      if (raw->type == GZ_RAW_TEXT) {
        if (iso_day(raw->s, raw->n, out) == 0) return GZ_ARG_INTEGER;
        char err[200];
        int32_t day;
        if (gz_date_parse(raw->s, raw->n, &day, err, sizeof err) != 0) return GZ_ARG_FALLBACK;
        *out = day;
        return GZ_ARG_INTEGER;
      }
      return GZ_ARG_FALLBACK;
  }
  return GZ_ARG_FALLBACK;
}
