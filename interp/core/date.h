/* date.h: civil dates in plain C (date.c); the Lua type is lua/ldate.c (module `dates`).
 *
 * A date is an int32 day number: days since 1970-01-01 in the proleptic Gregorian
 * calendar, for years 0001 to 9999 (so that every date prints as YYYY-MM-DD). */
#ifndef GZ_DATE_H
#define GZ_DATE_H
#include <stddef.h>
#include <stdint.h>

#define GZ_DATE_MIN (-719162) /* 0001-01-01 */
#define GZ_DATE_MAX 2932896   /* 9999-12-31 */

/* Month-end modes of add_months/add_years, as in Catala's dates_calc: 2026-01-31 + 1 month
 * is 02-28 (down), 03-01 (up) or an error (abort). */
enum { GZ_DATE_DOWN = 0, GZ_DATE_UP = 1, GZ_DATE_ABORT = 2 };

int gz_date_is_leap(int y);
int gz_date_days_in_month(int y, int m);
int gz_date_valid(int y, int m, int d); /* 1 when y-m-d is a real date in 0001..9999 */
int32_t gz_date_from_ymd(int y, int m, int d); /* no checks: call gz_date_valid first */
void gz_date_to_ymd(int32_t day, int *y, int *m, int *d);
int gz_date_weekday(int32_t day); /* 1 = Monday ... 7 = Sunday */

/* Parses "2022-07-08", "2022-7-8", "2022/7/8", "2022年7月8日" (or 号), "20220708", with
 * full-width digits and separators, surrounding spaces ignored. Returns 0 and sets *day,
 * or -1 with "invalid date '<input>': <reason>" in err (the input quoted, truncated if long). */
int gz_date_parse(const char *s, size_t len, int32_t *day, char *err, size_t errlen);
void gz_date_format(int32_t day, char buf[11]); /* "2022-07-08" */
/* Today in China Standard Time (UTC+8, no daylight saving), whatever TZ says: the one default
 * evaluation date of every command (eval, run, whatif, the REPL, cases). */
int32_t gz_date_today(void);
const char *gz_date_month_name(int m);          /* "January" for 1 */
/* Adds n months (years: 12n) with a month-end mode. Returns 0 and sets *out; -1 when the
 * day does not exist in the target month and mode is abort; -2 when out of range. */
int gz_date_add_months(int32_t day, long long n, int mode, int32_t *out);

#endif
