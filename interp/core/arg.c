/* arg.c: raw values to the arguments of a compiled measure (arg.h). Each conversion gives
 * exactly what the measure language's converter (stdlib/measure/coerce.lua) gives for the same
 * value, or GZ_ARG_FALLBACK: a value it would convert some other way (" 12 " as an integer, a
 * float of yuan) or refuse with an error is handed to the reference evaluation whole. */
#include "core/arg.h"

#include "core/date.h"
#include "core/money.h"

int gz_arg_kind_valid(int kind) {
  return kind == GZ_ARG_TEXT || kind == GZ_ARG_INT || kind == GZ_ARG_BOOL || kind == GZ_ARG_MONEY ||
         kind == GZ_ARG_DATE;
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
