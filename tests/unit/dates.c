/* Unit tests for the plain date arithmetic (interp/core/date.c): day numbers, leap years,
 * month ends, parsing. */
#include <stdlib.h>

#include "core/date.h"
#include "tap.h"

static int32_t ymd(int y, int m, int d) { return gz_date_from_ymd(y, m, d); }

static const char *fmt(int32_t day) {
  static char buf[11];
  gz_date_format(day, buf);
  return buf;
}

static int parses(const char *s, const char *want) {
  int32_t day;
  char err[200];
  if (gz_date_parse(s, strlen(s), &day, err, sizeof err) != 0) {
    printf("#   refused: %s\n", err);
    return 0;
  }
  return strcmp(fmt(day), want) == 0;
}

static const char *refusal(const char *s, size_t len) {
  static char err[200];
  int32_t day;
  if (gz_date_parse(s, len, &day, err, sizeof err) == 0) return "(accepted)";
  return err;
}

int main(void) {
  /* Day numbers: days since 1970-01-01, proleptic Gregorian. */
  is_int(ymd(1970, 1, 1), 0, "1970-01-01 is day 0");
  is_int(ymd(1969, 12, 31), -1, "the day before is -1 (negative day numbers)");
  is_int(ymd(2000, 3, 1), 11017, "2000-03-01 is day 11017 (30 years of 365 days + 7 leap days + 31 + 29)");
  is_int(ymd(1, 1, 1), GZ_DATE_MIN, "0001-01-01 is GZ_DATE_MIN (-719162)");
  is_int(ymd(9999, 12, 31), GZ_DATE_MAX, "9999-12-31 is GZ_DATE_MAX (2932896)");

  /* Every day of 0001-9999 converts back to itself, in order, and is a valid date. */
  int bad = 0, py = 1, pm = 1, pd = 0;
  for (int32_t z = GZ_DATE_MIN; z <= GZ_DATE_MAX && bad < 5; z++) {
    int y, m, d;
    gz_date_to_ymd(z, &y, &m, &d);
    int next = (y == py && m == pm && d == pd + 1) || (y == py && m == pm + 1 && d == 1 && pd == gz_date_days_in_month(py, pm)) ||
               (y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31);
    if (!gz_date_valid(y, m, d) || ymd(y, m, d) != z || !next) {
      printf("#   day %d -> %04d-%02d-%02d\n", z, y, m, d);
      bad++;
    }
    py = y, pm = m, pd = d;
  }
  is_int(bad, 0, "all 3,652,059 days of 0001-9999 round-trip and follow each other");

  /* Leap years: every 4th year, except centuries, except every 400th (Gregorian). */
  ok(!gz_date_is_leap(1900), "1900 is not a leap year (a century not divisible by 400)");
  ok(gz_date_is_leap(2000), "2000 is a leap year (divisible by 400)");
  ok(!gz_date_is_leap(2100), "2100 is not a leap year");
  ok(gz_date_is_leap(2024) && !gz_date_is_leap(2025), "2024 is, 2025 is not");
  ok(!gz_date_valid(1900, 2, 29), "1900-02-29 does not exist");
  ok(gz_date_valid(2000, 2, 29), "2000-02-29 exists");
  ok(!gz_date_valid(2100, 2, 29), "2100-02-29 does not exist");
  is_int(ymd(1900, 3, 1) - ymd(1900, 2, 28), 1, "1900: 03-01 follows 02-28");
  is_int(ymd(2000, 3, 1) - ymd(2000, 2, 28), 2, "2000: 02-29 between 02-28 and 03-01");
  is_int(ymd(2101, 1, 1) - ymd(2100, 1, 1), 365, "2100 has 365 days");
  is_int(ymd(2001, 1, 1) - ymd(2000, 1, 1), 366, "2000 has 366 days");
  ok(!gz_date_valid(0, 1, 1) && !gz_date_valid(10000, 1, 1), "years 0000 and 10000 are out of range");
  ok(!gz_date_valid(2025, 4, 31) && gz_date_valid(2025, 5, 31), "April has 30 days, May 31");

  /* Weekdays: 1 = Monday ... 7 = Sunday. */
  is_int(gz_date_weekday(0), 4, "1970-01-01 was a Thursday");
  is_int(gz_date_weekday(ymd(1900, 1, 1)), 1, "1900-01-01 was a Monday");
  is_int(gz_date_weekday(ymd(2000, 1, 1)), 6, "2000-01-01 was a Saturday");
  is_int(gz_date_weekday(ymd(2025, 10, 1)), 3, "2025-10-01 was a Wednesday");
  is_int(gz_date_weekday(ymd(2026, 2, 22)), 7, "2026-02-22 is a Sunday");
  is_int(gz_date_weekday(ymd(1, 1, 1)), 1, "0001-01-01 is a Monday (proleptic Gregorian)");

  /* Months with a month-end mode (Catala dates_calc). */
  int32_t out;
  is_int(gz_date_add_months(ymd(2026, 1, 31), 1, GZ_DATE_DOWN, &out), 0, "2026-01-31 + 1 month, down: ok");
  is_str(fmt(out), "2026-02-28", "  is 02-28 (the month's last day)");
  gz_date_add_months(ymd(2026, 1, 31), 1, GZ_DATE_UP, &out);
  is_str(fmt(out), "2026-03-01", "2026-01-31 + 1 month, up: 03-01");
  is_int(gz_date_add_months(ymd(2026, 1, 31), 1, GZ_DATE_ABORT, &out), -1, "2026-01-31 + 1 month, abort: refused");
  is_int(gz_date_add_months(ymd(2026, 1, 30), 1, GZ_DATE_ABORT, &out), -1, "2026-01-30 + 1 month, abort: refused too");
  is_int(gz_date_add_months(ymd(2026, 1, 28), 1, GZ_DATE_ABORT, &out), 0, "2026-01-28 + 1 month, abort: fine");
  gz_date_add_months(ymd(2024, 1, 31), 1, GZ_DATE_DOWN, &out);
  is_str(fmt(out), "2024-02-29", "2024-01-31 + 1 month: 02-29 in a leap year");
  gz_date_add_months(ymd(2024, 2, 29), 12, GZ_DATE_DOWN, &out);
  is_str(fmt(out), "2025-02-28", "2024-02-29 + 1 year, down: 2025-02-28");
  gz_date_add_months(ymd(2024, 2, 29), 12, GZ_DATE_UP, &out);
  is_str(fmt(out), "2025-03-01", "2024-02-29 + 1 year, up: 2025-03-01");
  gz_date_add_months(ymd(2024, 2, 29), 48, GZ_DATE_ABORT, &out);
  is_str(fmt(out), "2028-02-29", "2024-02-29 + 4 years: 2028-02-29 exists");
  gz_date_add_months(ymd(2096, 2, 29), 48, GZ_DATE_DOWN, &out);
  is_str(fmt(out), "2100-02-28", "2096-02-29 + 4 years: 2100 is not leap, so 02-28");
  gz_date_add_months(ymd(2024, 3, 31), -1, GZ_DATE_DOWN, &out);
  is_str(fmt(out), "2024-02-29", "2024-03-31 - 1 month: 02-29");
  gz_date_add_months(ymd(2025, 1, 15), -1, GZ_DATE_DOWN, &out);
  is_str(fmt(out), "2024-12-15", "2025-01-15 - 1 month crosses the year back");
  gz_date_add_months(ymd(2025, 11, 30), 14, GZ_DATE_DOWN, &out);
  is_str(fmt(out), "2027-01-30", "2025-11-30 + 14 months");
  gz_date_add_months(ymd(2025, 8, 31), -6, GZ_DATE_UP, &out);
  is_str(fmt(out), "2025-03-01", "2025-08-31 - 6 months, up: February has no 31st, so 03-01");
  is_int(gz_date_add_months(ymd(9999, 12, 15), 1, GZ_DATE_DOWN, &out), -2, "past 9999-12 is out of range");
  is_int(gz_date_add_months(ymd(1, 1, 15), -1, GZ_DATE_DOWN, &out), -2, "before 0001-01 is out of range");
  is_int(gz_date_add_months(ymd(9999, 1, 31), 1, GZ_DATE_UP, &out), 0, "9999-01-31 + 1 month up: 9999-03-01 fits");
  is_int(gz_date_add_months(ymd(2025, 1, 1), 1LL << 40, GZ_DATE_DOWN, &out), -2, "a huge month count is out of range, not a wrap");

  /* Parsing: the forms analysts meet. */
  ok(parses("2022-07-08", "2022-07-08"), "ISO");
  ok(parses("2022-7-8", "2022-07-08"), "ISO without zero padding");
  ok(parses("2022/7/8", "2022-07-08"), "slashes");
  ok(parses("2022年7月8日", "2022-07-08"), "Chinese");
  ok(parses("2022年07月08号", "2022-07-08"), "Chinese with 号 and padding");
  ok(parses("２０２２年７月８日", "2022-07-08"), "full-width digits");
  ok(parses("２０２２－０７－０８", "2022-07-08"), "full-width digits and hyphens");
  ok(parses("２０２２／７／８", "2022-07-08"), "full-width slashes");
  ok(parses("20220708", "2022-07-08"), "8 digits");
  ok(parses("  2022-07-08\n", "2022-07-08"), "surrounding whitespace");
  ok(parses("\xE3\x80\x80" "2022年7月8日" "\xE3\x80\x80", "2022-07-08"), "surrounding ideographic spaces");
  ok(parses("2000-02-29", "2000-02-29"), "2000-02-29");
  ok(parses("0001-01-01", "0001-01-01") && parses("9999-12-31", "9999-12-31"), "the ends of the range");

  is_str(refusal("2025-02-30", 10), "invalid date '2025-02-30': day 30 does not exist: February 2025 has 28 days",
         "2025-02-30 is refused, quoting the input");
  is_str(refusal("2025-13-01", 10), "invalid date '2025-13-01': month 13 is not 1-12", "2025-13-01: month 13");
  is_str(refusal("1900-02-29", 10), "invalid date '1900-02-29': day 29 does not exist: February 1900 has 28 days",
         "1900-02-29: not a leap year");
  is_str(refusal("2025-00-10", 10), "invalid date '2025-00-10': month 0 is not 1-12", "month 0");
  is_str(refusal("2025-04-00", 10), "invalid date '2025-04-00': day 0 does not exist: April 2025 has 30 days", "day 0");
  is_str(refusal("0000-01-01", 10), "invalid date '0000-01-01': year 0000 is outside 0001-9999", "year 0");
  is_str(refusal("二〇二五年", strlen("二〇二五年")),
         "invalid date '二〇二五年': expected a date such as 2022-07-08, 2022/7/8 or 2022年7月8日", "Chinese numerals are refused");
  is_str(refusal("", 0), "invalid date '': empty; expected a date such as 2022-07-08, 2022/7/8 or 2022年7月8日", "empty");
  is_str(refusal("   ", 3), "invalid date '   ': empty; expected a date such as 2022-07-08, 2022/7/8 or 2022年7月8日",
         "blank");
  ok(strstr(refusal("2022年7月8", strlen("2022年7月8")), "日 missing") != NULL, "2022年7月8 without 日");
  ok(strstr(refusal("2022/07-08", 10), "expected") != NULL, "mixed separators");
  ok(strstr(refusal("2022-07-08T10:00", 16), "expected") != NULL, "a time is not a date");
  ok(strstr(refusal("22-07-08", 8), "4-digit year") != NULL, "a 2-digit year");
  ok(strstr(refusal("2022-007-08", 11), "expected") != NULL, "a 3-digit month");
  ok(strstr(refusal("202207081", 9), "expected") != NULL, "9 digits");
  ok(strstr(refusal("2022-07-08\0", 11), "expected") != NULL, "an embedded NUL");
  char *huge = malloc(10000);
  memset(huge, '7', 10000);
  const char *e = refusal(huge, 10000);
  is_str(e, "invalid date '7777777777777777777777777777777777777777...' (10000 bytes): too long; expected a date such as "
            "2022-07-08, 2022/7/8 or 2022年7月8日",
         "a 10,000-character input is refused, quoted truncated with its length");
  free(huge);
  /* Truncation keeps UTF-8 whole: 14 年 (3 bytes each) cut at 40 bytes keeps 13 of them. */
  char cjk[64] = "";
  for (int i = 0; i < 14; i++) strcat(cjk, "年");
  ok(strstr(refusal(cjk, strlen(cjk)), "'年年年年年年年年年年年年年...' (42 bytes)") != NULL, "the quote is cut on a character boundary");
  ok(strstr(refusal("20\x01" "5-01-01", 10), "'20?5-01-01'") != NULL, "control bytes are shown as ?");

  /* Formatting pads to 4-2-2. */
  is_str(fmt(ymd(33, 3, 3)), "0033-03-03", "years before 1000 are zero-padded");
  return done_testing();
}
