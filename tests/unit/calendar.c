/* Unit tests for calendar.c: loading, calendar files, counting across years, periods. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/cal.h"
#include "core/date.h"
#include "tap.h"

static char errbuf[600];

static int32_t D(const char *s) {
  int32_t d = 0;
  if (gz_date_parse(s, strlen(s), &d, errbuf, sizeof errbuf)) printf("# bad test date %s\n", s);
  return d;
}

static const char *fmt(int32_t day) {
  static char buf[4][11];
  static int k;
  k = (k + 1) % 4;
  gz_date_format(day, buf[k]);
  return buf[k];
}

static const char *add(gz_cal *c, const char *d, long long n) {
  int32_t out;
  if (gz_cal_add_workdays(c, D(d), n, &out, errbuf, sizeof errbuf)) return errbuf;
  return fmt(out);
}

static const char *pend(gz_cal *c, const char *d, const char *spec) {
  gz_period p;
  int32_t out;
  if (gz_period_parse(spec, strlen(spec), &p, errbuf, sizeof errbuf)) return errbuf;
  if (gz_cal_period_end(c, D(d), p, &out, errbuf, sizeof errbuf)) return errbuf;
  return fmt(out);
}

static long long between(gz_cal *c, const char *a, const char *b) {
  long long n = -99999;
  if (gz_cal_workdays_between(c, D(a), D(b), &n, errbuf, sizeof errbuf)) printf("# %s\n", errbuf);
  return n;
}

static int workday(gz_cal *c, const char *d) {
  int w = -1;
  if (gz_cal_is_workday(c, D(d), &w, errbuf, sizeof errbuf)) return -1;
  return w;
}

static const char *tmpfile_with(const char *name, const char *text) {
  static char path[4][256];
  static int k;
  k = (k + 1) % 4;
  snprintf(path[k], sizeof path[k], "/tmp/gz-caltest-%d", (int)getpid());
  mkdir(path[k], 0700);
  snprintf(path[k], sizeof path[k], "/tmp/gz-caltest-%d/%s", (int)getpid(), name);
  FILE *f = fopen(path[k], "w");
  fputs(text, f);
  fclose(f);
  return path[k];
}

/* Loads with a calendar file holding text; returns the error, or NULL when it loaded. */
static const char *load_error(const char *home, const char *text) {
  const char *p = tmpfile_with("bad.csv", text);
  gz_cal *c = gz_cal_load(home, p, 0, errbuf, sizeof errbuf);
  unlink(p);
  if (c) {
    gz_cal_free(c);
    return NULL;
  }
  const char *base = strrchr(errbuf, '/'); /* drop the temporary folder from the message */
  return base ? base + 1 : errbuf;
}

int main(void) {
  const char *home = getenv("GAZETTE_HOME") ? getenv("GAZETTE_HOME") : ".";
  gz_cal *c = gz_cal_load(home, NULL, 0, errbuf, sizeof errbuf);
  if (!ok(c != NULL, "the built-in calendar loads")) {
    printf("# %s\n", errbuf);
    return done_testing();
  }
  is_str(gz_cal_known_years(c), "2004-2026", "it knows 2004-2026");

  /* The cases of issue 4. */
  is_str(add(c, "2025-09-26", 5), "2025-10-10",
         "2025-09-26 + 5 working days: 09-28 (调休上班), 09-29, 09-30, 10-09, 10-10 (10-01..08 off)");
  is_int(workday(c, "2025-09-28"), 1, "2025-09-28, a Sunday, is a working day (调休)");
  is_int(workday(c, "2026-02-23"), 0, "2026-02-23, a Monday, is off (春节 2026-02-15..23)");
  is_str(pend(c, "2025-07-04", "3m"), "2025-10-09", "2025-07-04 + 3 months is 10-04, off; next working day 10-09");
  is_str(pend(c, "2025-01-31", "1m"), "2025-02-28", "2025-01-31 + 1 month: no 02-31, so 02-28 (第二百零二条), a Friday");
  is_int(workday(c, "2031-05-01"), -1, "2031 is unknown");
  ok(strstr(errbuf, "no data for 2031") && strstr(errbuf, "--calendar FILE") && strstr(errbuf, "--calendar-unknown=weekends"),
     "the error names 2031 and both ways to add it");

  /* add_workdays across the year end and backwards. */
  is_str(add(c, "2025-12-31", 1), "2026-01-04", "2025-12-31 + 1: 2026-01-01..03 off, 01-04 (a Sunday) is 调休上班");
  is_str(add(c, "2026-01-04", -1), "2025-12-31", "and back: 1 working day before 2026-01-04 is 2025-12-31");
  is_str(add(c, "2025-10-09", -1), "2025-09-30", "1 working day before 10-09 is 09-30 (the break between)");
  is_str(add(c, "2025-09-28", -1), "2025-09-26", "1 working day before 09-28 is Friday 09-26");
  is_str(add(c, "2004-01-05", -1), "2004-01-02", "1 working day before 2004-01-05 is Friday 2004-01-02");
  ok(strstr(add(c, "2004-01-02", -1), "no data for 2003") != NULL, "2 before it would be in 2003: refused, naming 2003");
  is_str(add(c, "2026-12-30", 1), "2026-12-31", "2026-12-30 + 1 is 2026-12-31");
  ok(strstr(add(c, "2026-12-30", 2), "no data for 2027") != NULL, "+ 2 runs into 2027: refused, naming 2027");
  ok(strstr(add(c, "2025-10-10", 0), "must not be 0") != NULL, "n = 0 is refused");
  /* 2025 has 248 working days: 261 weekdays - 18 weekdays off + 5 调休上班 weekends. */
  is_int(between(c, "2024-12-31", "2025-12-31"), 248, "2025 has 248 working days");
  is_str(add(c, "2024-12-31", 248), "2025-12-31", "the 248th working day after 2024-12-31 is 2025-12-31");
  is_str(add(c, "2026-01-01", -248), "2025-01-02", "and 248 back from 2026-01-01 is 2025-01-02 (2025-01-01 is off)");
  is_str(add(c, "2025-12-31", -248), "2024-12-31", "248 back from 2025-12-31 is 2024-12-31 (247 of 2025's precede it)");
  /* The sum over years equals the sum of the per-year counts. */
  long long total = 0;
  char a[11], b[11];
  for (int y = 2004; y <= 2025; y++) {
    snprintf(a, sizeof a, "%d-12-31", y);
    snprintf(b, sizeof b, "%d-12-31", y + 1);
    total += between(c, a, b);
  }
  is_int(between(c, "2004-12-31", "2026-12-31"), total, "workdays_between across 22 years = the sum of the years");
  is_int(between(c, "2026-12-31", "2004-12-31"), -total, "and reversed it is negative");
  is_int(between(c, "2025-10-10", "2025-10-10"), 0, "(a, a] is empty");
  is_int(between(c, "2025-09-30", "2025-10-10"), 2, "(09-30, 10-10]: 10-09 and 10-10");

  /* Legal periods, 民法典 第二百零一条至第二百零三条. */
  is_str(pend(c, "2025-09-21", "10d"), "2025-10-09", "2025-09-21 + 10 days is 10-01, in the break: 10-09");
  is_str(pend(c, "2025-09-21", "10日"), "2025-10-09", "10日 is 10 days");
  is_str(pend(c, "2024-02-29", "1y"), "2025-02-28", "2024-02-29 + 1 year: no 02-29 in 2025, so 02-28 (a Friday)");
  is_str(pend(c, "2024-12-28", "1个月"), "2025-02-05",
         "2024-12-28 + 1 month is 2025-01-28 (除夕, 春节 01-28..02-04 off): 02-05");
  is_str(pend(c, "2020-01-20", "10d"), "2020-02-03",
         "2020-01-20 + 10 days is 01-30; the extended 2020 Spring Festival runs to 02-02: 02-03");
  is_str(pend(c, "2025-09-26", "5wd"), "2025-10-10", "5wd is add_workdays");
  is_str(pend(c, "2025-09-26", "5个工作日"), "2025-10-10", "5个工作日 too");
  is_str(pend(c, "2025-07-04", "0d"), "invalid period '0d': expected a count of at least 1 and a unit, such as 10d, 3m, "
                                       "1y or 5wd (working days)", "a period of 0 is refused");
  is_str(pend(c, "2025-07-04", "3 weeks"), "invalid period '3 weeks': expected a count of at least 1 and a unit, such as "
                                           "10d, 3m, 1y or 5wd (working days)", "an unknown unit is refused");

  /* Day details. */
  gz_calday t;
  gz_cal_day(c, D("2025-10-06"), &t, errbuf, sizeof errbuf);
  ok(!t.workday && t.statutory == 1 && strcmp(t.kind, "holiday") == 0 && strcmp(t.festival, "中秋") == 0,
     "2025-10-06: 中秋, a statutory holiday");
  is_str(t.notice, "国务院办公厅关于2025年部分节假日安排的通知", "  from the 2025 notice");
  gz_cal_day(c, D("2025-10-07"), &t, errbuf, sizeof errbuf);
  ok(!t.workday && t.in_lieu && t.statutory == 0 && strcmp(t.kind, "in_lieu") == 0, "2025-10-07: a swapped rest day");
  gz_cal_day(c, D("2025-10-04"), &t, errbuf, sizeof errbuf);
  ok(!t.workday && !t.in_lieu && t.statutory == 0 && strcmp(t.kind, "break") == 0, "2025-10-04: a Saturday in the break");
  gz_cal_day(c, D("2022-12-31"), &t, errbuf, sizeof errbuf);
  is_str(t.notice, "国务院办公厅关于2023年部分节假日安排的通知", "2022-12-31 comes from the 2023 notice");
  gz_cal_day(c, D("2020-02-01"), &t, errbuf, sizeof errbuf);
  is_str(t.notice, "国务院办公厅关于延长2020年春节假期的通知", "2020-02-01 comes from the extension notice");
  gz_cal_day(c, D("2025-03-12"), &t, errbuf, sizeof errbuf);
  ok(t.workday && !t.listed && strcmp(t.kind, "workday") == 0 && t.festival == NULL && t.statutory == 0,
     "2025-03-12: an ordinary working day");
  gz_cal_free(c);

  /* A calendar file adds a year... */
  const char *y2027 = tmpfile_with("2027.csv", "date,status,festival,in_lieu\n"
                                               "2027-01-01,off,元旦,0\n2027-02-06,off,春节,0\n2027-02-07,work,春节,0\n");
  c = gz_cal_load(home, y2027, 0, errbuf, sizeof errbuf);
  ok(c != NULL, "a calendar file for 2027 loads");
  if (c) {
    is_str(gz_cal_known_years(c), "2004-2027", "  and 2027 is known");
    is_int(workday(c, "2027-02-07"), 1, "  2027-02-07 (a Sunday) works");
    is_int(workday(c, "2027-01-01"), 0, "  2027-01-01 is off");
    gz_cal_day(c, D("2027-01-01"), &t, errbuf, sizeof errbuf);
    is_int(t.statutory, -1, "  without a statutory column, statutory is unknown");
    gz_cal_free(c);
  }
  unlink(y2027);
  /* ...or replaces one: the built-in 2025 rows are dropped, all of them. */
  const char *y2025 = tmpfile_with("2025.csv", "\xEF\xBB\xBF" "date,status\r\n2025-10-01,off\r\n");
  c = gz_cal_load(home, y2025, 0, errbuf, sizeof errbuf);
  ok(c != NULL, "a calendar file replacing 2025 loads (BOM, CRLF, two columns)");
  if (c) {
    is_int(workday(c, "2025-10-08"), 1, "  the built-in 2025-10-08 day off is gone");
    is_int(workday(c, "2025-10-01"), 0, "  the file's 2025-10-01 is off");
    is_int(workday(c, "2024-10-07"), 0, "  2024 is untouched");
    gz_cal_free(c);
  }
  unlink(y2025);

  /* Weekends-only for unknown years. */
  c = gz_cal_load(home, NULL, 1, errbuf, sizeof errbuf);
  is_int(workday(c, "2031-05-01"), 1, "weekends mode: 2031-05-01, a Thursday, is assumed a working day");
  is_int(workday(c, "2031-05-03"), 0, "  and Saturday 2031-05-03 a day off");
  gz_cal_day(c, D("2031-05-01"), &t, errbuf, sizeof errbuf);
  ok(t.assumed && t.statutory == -1, "  flagged as assumed");
  is_int(gz_cal_knows(c, 2031), 0, "  2031 is still not a known year");
  is_str(add(c, "2026-12-31", 1), "2027-01-01", "  2026-12-31 + 1 runs into the assumed 2027");
  gz_cal_free(c);

  /* Bad calendar files: each refused with file, line and field. */
  is_str(load_error("/nonexistent", ""), "cn-calendar-notices.csv: No such file or directory", "a missing data folder");
  is_str(load_error(home, ""), "bad.csv:1: empty; expected the header date,status,festival,in_lieu[,statutory,notice]",
         "an empty file");
  is_str(load_error(home, "date,state\n"), "bad.csv:1: unknown column 'state' (columns: date,status,festival,in_lieu,statutory,notice)",
         "an unknown column");
  is_str(load_error(home, "date,festival\n"), "bad.csv:1: the header needs the columns date and status",
         "a missing status column");
  is_str(load_error(home, "date,status\n2027-02-30,off\n"),
         "bad.csv:2: field date: invalid date '2027-02-30': day 30 does not exist: February 2027 has 28 days",
         "a bad date names line and field");
  is_str(load_error(home, "date,status\n2027-02-03,holiday\n"), "bad.csv:2: field status: 'holiday' is not 'off' or 'work'",
         "a bad status");
  is_str(load_error(home, "date,status,in_lieu\n2027-02-03,off,yes\n"), "bad.csv:2: field in_lieu: 'yes' is not 0 or 1",
         "a bad in_lieu");
  is_str(load_error(home, "date,status,in_lieu\n2027-02-06,work,1\n"),
         "bad.csv:2: 2027-02-06 is a working day ('work') but marked in_lieu", "in_lieu on a working day");
  is_str(load_error(home, "date,status\n2027-02-03,off\n2027-02-03,work\n"),
         "bad.csv:3: 2027-02-03 is listed twice in this file", "a date listed twice");
  is_str(load_error(home, "date,status,festival\n2027-02-03,off,\"春节\n"), "bad.csv:2: unterminated quoted field",
         "an unterminated quote");
  ok(load_error(home, "date,status,festival\n2027-02-03,off,\"春节, 2027\"\n") == NULL, "quoted fields with commas load");
  char dir[64];
  snprintf(dir, sizeof dir, "/tmp/gz-caltest-%d", (int)getpid());
  rmdir(dir);
  return done_testing();
}
