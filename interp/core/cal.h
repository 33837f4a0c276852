/* cal.h: the Chinese working-day calendar (calendar.c), for lcal.c (Lua `cal`), cmd_cal.c
 * (`gazette cal`) and anything else in C that counts working days.
 *
 * Facts come from stdlib/data/cn-calendar.csv (the State Council holiday notices, 2004-2026),
 * the years the user installed with `gazette cal import` (gz_cal_user_dir), plus an optional
 * --calendar FILE in the same format, which adds years or replaces the years
 * it lists. A query about a year the calendar does not know fails with GZ_CAL_UNKNOWN and a
 * message naming the year, unless weekends-only was asked for (then the year is assumed
 * Monday-Friday and one warning line goes to stderr). */
#ifndef GZ_CAL_H
#define GZ_CAL_H
#include <stddef.h>
#include <stdint.h>

typedef struct gz_cal gz_cal;

enum {
  GZ_CAL_OK = 0,
  GZ_CAL_UNKNOWN = -1, /* a year the calendar does not know */
  GZ_CAL_RANGE = -2,   /* a date outside 0001-9999 */
  GZ_CAL_ARG = -3      /* a bad argument (n = 0, a malformed period) */
};

/* Loads stdlib/data/cn-calendar.csv (and its notices) under home, the user's installed years,
 * then extra_file when not
 * NULL. weekends: treat unknown years as Monday-Friday. NULL with err set (file:line: ...)
 * when a file is missing or malformed. */
gz_cal *gz_cal_load(const char *home, const char *extra_file, int weekends, char *err, size_t errlen);
void gz_cal_free(gz_cal *c);

typedef struct {
  int workday;      /* 1 = a working day (调休上班 weekends included) */
  int listed;       /* the day is in a notice */
  int in_lieu;      /* a day off swapped from a weekend that became a working day */
  int statutory;    /* 1 = 法定节假日, 0 = not, -1 = unknown (a calendar file without the column) */
  int assumed;      /* the year was assumed Monday-Friday (--calendar-unknown=weekends) */
  const char *kind; /* workday, weekend, holiday (statutory), in_lieu, break (other day off
                       in a holiday break), makeup (a weekend made a working day) */
  const char *festival;     /* NULL when not listed */
  const char *notice;       /* the notice's title, NULL when not listed */
  const char *notice_url;   /* NULL or "" when unknown */
} gz_calday;

/* Each returns GZ_CAL_OK, or an error code with a one-line message in err. */
int gz_cal_day(gz_cal *c, int32_t day, gz_calday *out, char *err, size_t errlen);
int gz_cal_is_workday(gz_cal *c, int32_t day, int *out, char *err, size_t errlen);
/* The n-th working day after day (day itself not counted, 民法典 第二百零一条); n < 0
 * counts backwards (the |n|-th working day before day); n = 0 is GZ_CAL_ARG. */
int gz_cal_add_workdays(gz_cal *c, int32_t day, long long n, int32_t *out, char *err, size_t errlen);
/* Working days in (a, b]; negative when b < a (minus the working days in (b, a]). */
int gz_cal_workdays_between(gz_cal *c, int32_t a, int32_t b, long long *out, char *err, size_t errlen);
/* day itself when it is a working day, else the next working day. */
int gz_cal_next_workday(gz_cal *c, int32_t day, int32_t *out, char *err, size_t errlen);

/* A legal period: "10d"/"10日"/"10天", "3m"/"3个月", "1y"/"1年", "5wd"/"5个工作日". */
typedef struct {
  char unit; /* 'd' days, 'm' months, 'y' years, 'w' working days */
  long long n;
} gz_period;
int gz_period_parse(const char *s, size_t len, gz_period *p, char *err, size_t errlen);
/* The last day of a period starting on start, 民法典 第二百零一条至第二百零三条: the start day
 * is not counted; months and years end on the corresponding day of the final month, or its
 * last day when it has none; a last day that is not a working day moves to the next one. */
int gz_cal_period_end(gz_cal *c, int32_t start, gz_period p, int32_t *out, char *err, size_t errlen);

/* Where the user's calendar lives: $XDG_DATA_HOME/gazette, or ~/.local/share/gazette when
 * XDG_DATA_HOME is unset or relative. `gazette cal import` installs a year there as
 * calendar/YYYY.csv, and gz_cal_load reads every such file after the built-in data (a year the
 * built-in data knows is never taken from there). -1 when neither variable is set. */
int gz_cal_user_dir(char *buf, size_t n);
enum { GZ_CAL_SRC_BUILTIN = 1, GZ_CAL_SRC_USER = 2, GZ_CAL_SRC_FILE = 3 };
/* Where a year the calendar knows comes from (GZ_CAL_SRC_*), 0 when it does not know it. */
int gz_cal_source(gz_cal *c, int year);

/* The years the calendar knows from its files, as text: "2004-2026" or "2004-2026, 2030". */
const char *gz_cal_known_years(gz_cal *c);
int gz_cal_knows(gz_cal *c, int year); /* 1 from the files, 0 not (whatever the mode) */

#endif
