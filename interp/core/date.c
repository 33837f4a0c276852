/* date.c: civil dates in plain C (date.h): the day arithmetic and the strict parsing that
 * quotes the input it refuses. The Lua type on top of them is lua/ldate.c (module `dates`). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"

/* ---- calendar arithmetic (H. Hinnant's days_from_civil / civil_from_days) ---- */

int gz_date_is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int gz_date_days_in_month(int y, int m) {
  static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && gz_date_is_leap(y) ? 29 : dim[m - 1];
}

int gz_date_valid(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= gz_date_days_in_month(y, m);
}

int32_t gz_date_from_ymd(int y, int m, int d) {
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153u * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int32_t)doe - 719468;
}

void gz_date_to_ymd(int32_t z, int *y, int *m, int *d) {
  z += 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)yoe + era * 400 + (*m <= 2);
}

int gz_date_weekday(int32_t day) { /* 1970-01-01 was a Thursday */
  int w = (int)((day % 7 + 7 + 3) % 7); /* 0 = Monday */
  return w + 1;
}

int32_t gz_date_today(void) {
  /* Unix time counts days of 86400 s from 1970-01-01 UTC; +8 h is the day in Beijing. */
  int64_t t = (int64_t)time(NULL) + 8 * 3600;
  return (int32_t)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

void gz_date_format(int32_t day, char buf[11]) {
  int y, m, d;
  gz_date_to_ymd(day, &y, &m, &d);
  snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
}

int gz_date_add_months(int32_t day, long long n, int mode, int32_t *out) {
  int y, m, d;
  gz_date_to_ymd(day, &y, &m, &d);
  if (n > 12LL * 10000 || n < -12LL * 10000) return -2;
  long long t = (long long)y * 12 + (m - 1) + n;
  if (t < 12 || t > 9999LL * 12 + 11) return -2;
  int ny = (int)(t / 12), nm = (int)(t % 12) + 1, dim = gz_date_days_in_month(ny, nm);
  if (d <= dim) {
    *out = gz_date_from_ymd(ny, nm, d);
    return 0;
  }
  if (mode == GZ_DATE_ABORT) return -1;
  *out = gz_date_from_ymd(ny, nm, dim) + (mode == GZ_DATE_UP);
  if (*out > GZ_DATE_MAX) return -2;
  return 0;
}

/* ---- parsing ---- */

static const char *const month_names[12] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};

const char *gz_date_month_name(int m) { return m >= 1 && m <= 12 ? month_names[m - 1] : "?"; }

/* Writes "invalid date '<input>': " to err: at most 40 bytes of the input, cut on a UTF-8
 * boundary, control bytes shown as '?', and the full length when it was cut. */
static size_t quote_input(const char *s, size_t len, char *err, size_t errlen) {
  char q[64];
  size_t n = len > 40 ? 40 : len;
  if (n < len)
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  for (size_t i = 0; i < n; i++) q[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
  q[n] = 0;
  int w;
  if (n < len) w = snprintf(err, errlen, "invalid date '%s...' (%zu bytes): ", q, len);
  else w = snprintf(err, errlen, "invalid date '%s': ", q);
  return w < 0 ? 0 : (size_t)w >= errlen ? errlen - 1 : (size_t)w;
}

static int parse_fail(const char *s, size_t len, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int parse_fail(const char *s, size_t len, char *err, size_t errlen, const char *fmt, ...) {
  if (!err || !errlen) return -1;
  size_t w = quote_input(s, len, err, errlen);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err + w, errlen - w, fmt, ap);
  va_end(ap);
  return -1;
}

#define EXPECTED "expected a date such as 2022-07-08, 2022/7/8 or 2022年7月8日"

/* Reads 1..maxd ASCII digits from t at *i into *v; returns the count. */
static int digits(const char *t, int *i, int maxd, int *v) {
  int n = 0;
  *v = 0;
  while (t[*i] >= '0' && t[*i] <= '9') {
    if (++n > maxd) return 0;
    *v = *v * 10 + (t[*i] - '0');
    (*i)++;
  }
  return n;
}

int gz_date_parse(const char *s, size_t len, int32_t *day, char *err, size_t errlen) {
  size_t a = 0, b = len;
  /* Surrounding ASCII whitespace and ideographic spaces (U+3000) are ignored. */
  for (;;) {
    if (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\n')) a++;
    else if (b - a >= 3 && memcmp(s + a, "\xE3\x80\x80", 3) == 0) a += 3;
    else break;
  }
  for (;;) {
    if (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r' || s[b - 1] == '\n')) b--;
    else if (b - a >= 3 && memcmp(s + b - 3, "\xE3\x80\x80", 3) == 0) b -= 3;
    else break;
  }
  if (a == b) return parse_fail(s, len, err, errlen, "empty; " EXPECTED);
  if (b - a > 48) return parse_fail(s, len, err, errlen, "too long; " EXPECTED);
  /* Normalise to ASCII: full-width digits and separators; 年 月 日/号 become Y M D. */
  char t[64];
  int n = 0;
  for (size_t i = a; i < b;) {
    unsigned char c = (unsigned char)s[i];
    if ((c >= '0' && c <= '9') || c == '-' || c == '/') {
      t[n++] = (char)c;
      i++;
      continue;
    }
    if (b - i >= 3) {
      const unsigned char *u = (const unsigned char *)s + i;
      char r = 0;
      if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) r = (char)('0' + u[2] - 0x90);
      else if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8D) r = '-'; /* － */
      else if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x8F) r = '/'; /* ／ */
      else if (memcmp(u, "年", 3) == 0) r = 'Y';
      else if (memcmp(u, "月", 3) == 0) r = 'M';
      else if (memcmp(u, "日", 3) == 0 || memcmp(u, "号", 3) == 0) r = 'D';
      if (r) {
        t[n++] = r;
        i += 3;
        continue;
      }
    }
    return parse_fail(s, len, err, errlen, EXPECTED);
  }
  t[n] = 0;
  int y, m, d, i = 0, ny = digits(t, &i, 8, &y);
  if (ny == 8 && t[i] == 0) { /* 20220708 */
    d = y % 100;
    m = y / 100 % 100;
    y /= 10000;
  } else {
    if (ny != 4) return parse_fail(s, len, err, errlen, EXPECTED " (a 4-digit year first)");
    char sep = t[i++];
    if (sep != '-' && sep != '/' && sep != 'Y') return parse_fail(s, len, err, errlen, EXPECTED);
    if (!digits(t, &i, 2, &m)) return parse_fail(s, len, err, errlen, EXPECTED);
    char sep2 = t[i++];
    if (sep2 != (sep == 'Y' ? 'M' : sep)) return parse_fail(s, len, err, errlen, EXPECTED);
    if (!digits(t, &i, 2, &d)) return parse_fail(s, len, err, errlen, EXPECTED);
    if (sep == 'Y' && t[i++] != 'D') return parse_fail(s, len, err, errlen, EXPECTED " (日 missing)");
    if (t[i] != 0) return parse_fail(s, len, err, errlen, EXPECTED);
  }
  if (y < 1) return parse_fail(s, len, err, errlen, "year 0000 is outside 0001-9999");
  if (m < 1 || m > 12) return parse_fail(s, len, err, errlen, "month %d is not 1-12", m);
  if (d < 1 || d > gz_date_days_in_month(y, m))
    return parse_fail(s, len, err, errlen, "day %d does not exist: %s %04d has %d days", d, month_names[m - 1], y,
                      gz_date_days_in_month(y, m));
  *day = gz_date_from_ymd(y, m, d);
  return 0;
}

