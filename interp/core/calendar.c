/* calendar.c: the Chinese working-day calendar (see cal.h), without Lua.
 *
 * Every year the calendar knows gets a day table (flags, festival, notice) and a running
 * count of working days, so that is_workday is a lookup and add_workdays/workdays_between
 * cost a binary search per year crossed, not a walk over the days. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cal.h"
#include "core/date.h"
#include "core/file.h"

#define CAL_MAX_FILE (16u << 20)
#define MAX_NAMES 255 /* festivals; index 0 = none */

enum { F_WORK = 1, F_LISTED = 2, F_INLIEU = 4, F_STAT = 8, F_STAT_UNKNOWN = 16 };

typedef struct {
  int known; /* 1 from the files, 2 assumed Monday-Friday */
  int ndays;
  int stat_unknown; /* some row of this year came without a statutory column */
  int32_t jan1;
  uint8_t flags[366];
  uint8_t fest[366];
  uint16_t notice[366]; /* index + 1 into notices; 0 none */
  uint16_t cum[367];    /* cum[i] = working days among days 0..i-1 of the year */
} cal_year;

typedef struct {
  char *key, *title, *url;
  int year;
} cal_notice;

typedef struct {
  int32_t day;
  uint8_t flags;
  uint8_t fest;
  uint16_t notice;
  int year; /* the year of the notice it comes from */
} cal_row;

struct gz_cal {
  cal_year *years[10000];
  char *fest[MAX_NAMES + 1];
  int nfest;
  cal_notice *notices;
  int nnotices, capnotices;
  cal_row *rows;
  int nrows, caprows;
  int weekends;
  char known_text[256];
  uint8_t source[10000]; /* GZ_CAL_SRC_* of each year the files know */
};

static int failf(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int failf(char *err, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (err && n) vsnprintf(err, n, fmt, ap);
  va_end(ap);
  return -1;
}

/* ---- CSV: one line at a time, RFC 4180 quotes, UTF-8 BOM and CRLF accepted ---- */

#define MAX_FIELDS 16

typedef struct {
  char *p, *end;
  int line;
} csv_reader;

/* Splits the next line into fields (NUL-terminated in place). Returns the field count, 0 at
 * the end, -1 on an unterminated quote. Blank lines are skipped. */
static int csv_next(csv_reader *r, char **f) {
  for (;;) {
    if (r->p >= r->end) return 0;
    r->line++;
    if (*r->p == '\n' || (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')) {
      r->p += *r->p == '\r' ? 2 : 1;
      continue;
    }
    break;
  }
  int n = 0, line = r->line;
  for (;;) {
    char *w = r->p, *start = r->p;
    if (r->p < r->end && *r->p == '"') {
      r->p++;
      for (;;) {
        if (r->p >= r->end) {
          r->line = line; /* report the line the quote opened on */
          return -1;
        }
        if (*r->p == '"') {
          if (r->p + 1 < r->end && r->p[1] == '"') {
            *w++ = '"';
            r->p += 2;
            continue;
          }
          r->p++;
          break;
        }
        if (*r->p == '\n') r->line++;
        *w++ = *r->p++;
      }
    } else {
      while (r->p < r->end && *r->p != ',' && *r->p != '\n') w = ++r->p;
      if (w > start && w[-1] == '\r') w--;
    }
    int last = r->p >= r->end || *r->p != ',';
    if (n < MAX_FIELDS) f[n++] = start;
    while (r->p < r->end && *r->p != ',' && *r->p != '\n') r->p++; /* text after a closing quote */
    if (r->p < r->end) r->p++;
    *w = 0;
    if (last) return n;
  }
}

/* ---- names ---- */

static int fest_index(gz_cal *c, const char *name) {
  if (!*name) return 0;
  for (int i = 1; i <= c->nfest; i++)
    if (strcmp(c->fest[i], name) == 0) return i;
  if (c->nfest >= MAX_NAMES) return -1;
  c->fest[++c->nfest] = strdup(name);
  return c->fest[c->nfest] ? c->nfest : -1;
}

static int notice_add(gz_cal *c, const char *key, int year, const char *title, const char *url) {
  if (c->nnotices >= 65535) return -1;
  if (c->nnotices == c->capnotices) {
    int cap = c->capnotices ? c->capnotices * 2 : 64;
    cal_notice *nn = realloc(c->notices, cap * sizeof *nn);
    if (!nn) return -1;
    c->notices = nn;
    c->capnotices = cap;
  }
  cal_notice *n = &c->notices[c->nnotices];
  n->key = strdup(key);
  n->title = strdup(title);
  n->url = strdup(url);
  n->year = year;
  if (!n->key || !n->title || !n->url) return -1;
  return ++c->nnotices; /* index + 1 */
}

static int notice_find(gz_cal *c, const char *key) {
  for (int i = 0; i < c->nnotices; i++)
    if (strcmp(c->notices[i].key, key) == 0) return i + 1;
  return 0;
}

/* ---- loading ---- */

static char *read_all(const char *path, size_t *len, char *err, size_t errlen) {
  char *buf = gz_readfile(path, len, CAL_MAX_FILE);
  if (!buf) failf(err, errlen, "cannot read calendar file %s: %s", path, errno == EFBIG ? "larger than 16 MiB" : strerror(errno));
  return buf;
}

static void skip_bom(csv_reader *r) {
  if (r->end - r->p >= 3 && memcmp(r->p, "\xEF\xBB\xBF", 3) == 0) r->p += 3;
}

static int load_notices(gz_cal *c, const char *path, char *err, size_t errlen) {
  size_t len;
  char *buf = read_all(path, &len, err, errlen);
  if (!buf) return -1;
  csv_reader r = {buf, buf + len, 0};
  skip_bom(&r);
  char *f[MAX_FIELDS];
  int n = csv_next(&r, f), rc = 0;
  if (n < 4 || strcmp(f[0], "notice") || strcmp(f[1], "year") || strcmp(f[2], "title") || strcmp(f[3], "url")) {
    free(buf);
    return failf(err, errlen, "%s:1: expected the header notice,year,title,url", path);
  }
  while ((n = csv_next(&r, f)) != 0) {
    char *end;
    long y = n >= 4 ? strtol(f[1], &end, 10) : 0;
    if (n != 4 || *end || y < 1 || y > 9999) {
      rc = failf(err, errlen, "%s:%d: expected notice,year,title,url with a year 0001-9999", path, r.line);
      break;
    }
    if (notice_add(c, f[0], (int)y, f[2], f[3]) < 0) {
      rc = failf(err, errlen, "%s:%d: out of memory", path, r.line);
      break;
    }
  }
  free(buf);
  return rc;
}

static int add_row(gz_cal *c, const cal_row *row) {
  if (c->nrows == c->caprows) {
    int cap = c->caprows ? c->caprows * 2 : 1024;
    cal_row *nr = realloc(c->rows, cap * sizeof *nr);
    if (!nr) return -1;
    c->rows = nr;
    c->caprows = cap;
  }
  c->rows[c->nrows++] = *row;
  return 0;
}

static int bit01(const char *s, int *v) {
  if (!*s || strcmp(s, "0") == 0) *v = 0;
  else if (strcmp(s, "1") == 0) *v = 1;
  else return -1;
  return 0;
}

/* Appends the rows of a day file (a row names its notice and so the year it belongs to). */
static int load_days(gz_cal *c, const char *path, char *err, size_t errlen) {
  static const char *const cols[] = {"date", "status", "festival", "in_lieu", "statutory", "notice"};
  enum { C_DATE, C_STATUS, C_FEST, C_INLIEU, C_STAT, C_NOTICE, NCOLS };
  size_t len;
  char *buf = read_all(path, &len, err, errlen);
  if (!buf) return -1;
  csv_reader r = {buf, buf + len, 0};
  skip_bom(&r);
  char *f[MAX_FIELDS];
  int pos[NCOLS], n = csv_next(&r, f), rc = 0;
  /* One bit per date 0001-9999, to find a date listed twice in the file. */
  uint8_t *seen = calloc((size_t)(GZ_DATE_MAX - GZ_DATE_MIN) / 8 + 1, 1);
  if (!seen) {
    free(buf);
    return failf(err, errlen, "out of memory loading %s", path);
  }
  for (int k = 0; k < NCOLS; k++) pos[k] = -1;
  if (n <= 0) {
    rc = failf(err, errlen, "%s:1: empty; expected the header date,status,festival,in_lieu[,statutory,notice]", path);
    goto done;
  }
  for (int i = 0; i < n; i++) {
    int k = 0;
    while (k < NCOLS && strcmp(f[i], cols[k]) != 0) k++;
    if (k == NCOLS || pos[k] >= 0) {
      rc = failf(err, errlen, "%s:1: %s column '%.40s' (columns: date,status,festival,in_lieu,statutory,notice)", path,
                 k == NCOLS ? "unknown" : "repeated", f[i]);
      goto done;
    }
    pos[k] = i;
  }
  if (pos[C_DATE] < 0 || pos[C_STATUS] < 0) {
    rc = failf(err, errlen, "%s:1: the header needs the columns date and status", path);
    goto done;
  }
  while ((n = csv_next(&r, f)) != 0) {
    if (n < 0) {
      rc = failf(err, errlen, "%s:%d: unterminated quoted field", path, r.line);
      break;
    }
    const char *v[NCOLS];
    for (int k = 0; k < NCOLS; k++) v[k] = pos[k] >= 0 && pos[k] < n ? f[pos[k]] : "";
    cal_row row = {0};
    char derr[200];
    if (gz_date_parse(v[C_DATE], strlen(v[C_DATE]), &row.day, derr, sizeof derr) != 0) {
      rc = failf(err, errlen, "%s:%d: field date: %s", path, r.line, derr);
      break;
    }
    int off, inl = 0, st = 0;
    if (strcmp(v[C_STATUS], "off") == 0) off = 1;
    else if (strcmp(v[C_STATUS], "work") == 0) off = 0;
    else {
      rc = failf(err, errlen, "%s:%d: field status: '%.40s' is not 'off' or 'work'", path, r.line, v[C_STATUS]);
      break;
    }
    if (bit01(v[C_INLIEU], &inl) || bit01(v[C_STAT], &st)) {
      rc = failf(err, errlen, "%s:%d: field %s: '%.40s' is not 0 or 1", path, r.line,
                 bit01(v[C_INLIEU], &inl) ? "in_lieu" : "statutory", bit01(v[C_INLIEU], &inl) ? v[C_INLIEU] : v[C_STAT]);
      break;
    }
    if ((inl || st) && !off) {
      rc = failf(err, errlen, "%s:%d: %s is a working day ('work') but marked %s", path, r.line, v[C_DATE],
                 inl ? "in_lieu" : "statutory");
      break;
    }
    if (inl && st) {
      rc = failf(err, errlen, "%s:%d: %s is marked both in_lieu and statutory; a swapped rest day is not a statutory holiday",
                 path, r.line, v[C_DATE]);
      break;
    }
    int fi = fest_index(c, v[C_FEST]);
    if (fi < 0) {
      rc = failf(err, errlen, "%s:%d: too many festival names (at most %d)", path, r.line, MAX_NAMES);
      break;
    }
    row.fest = (uint8_t)fi;
    row.flags = (uint8_t)(F_LISTED | (off ? 0 : F_WORK) | (inl ? F_INLIEU : 0) | (st ? F_STAT : 0) |
                          (pos[C_STAT] < 0 ? F_STAT_UNKNOWN : 0));
    int y, m, d;
    gz_date_to_ymd(row.day, &y, &m, &d);
    /* The notice a day comes from: a key of the notices file, or else the date's year, the
     * December days of a New Year break belonging to the next year's notice. */
    int ni = *v[C_NOTICE] ? notice_find(c, v[C_NOTICE]) : 0;
    if (ni) row.year = c->notices[ni - 1].year;
    else row.year = y + (m == 12 && strcmp(v[C_FEST], "元旦") == 0);
    if (!ni && *v[C_NOTICE]) { /* a free-text notice in a user's file */
      ni = notice_add(c, v[C_NOTICE], row.year, v[C_NOTICE], "");
      if (ni < 0) {
        rc = failf(err, errlen, "%s:%d: too many notices", path, r.line);
        break;
      }
    }
    row.notice = (uint16_t)ni;
    uint32_t bit = (uint32_t)(row.day - GZ_DATE_MIN);
    if (seen[bit / 8] & (1u << (bit % 8))) {
      rc = failf(err, errlen, "%s:%d: %s is listed twice in this file", path, r.line, v[C_DATE]);
      break;
    }
    seen[bit / 8] |= (uint8_t)(1u << (bit % 8));
    if (add_row(c, &row)) {
      rc = failf(err, errlen, "%s:%d: out of memory", path, r.line);
      break;
    }
  }
done:
  free(seen);
  free(buf);
  return rc;
}

static cal_year *year_base(gz_cal *c, int y) {
  if (c->years[y]) return c->years[y];
  cal_year *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->jan1 = gz_date_from_ymd(y, 1, 1);
  t->ndays = gz_date_is_leap(y) ? 366 : 365;
  for (int i = 0; i < t->ndays; i++) t->flags[i] = gz_date_weekday(t->jan1 + i) <= 5 ? F_WORK : 0;
  c->years[y] = t;
  return t;
}

static void year_count(cal_year *t) {
  t->cum[0] = 0;
  for (int i = 0; i < t->ndays; i++) t->cum[i + 1] = (uint16_t)(t->cum[i] + (t->flags[i] & F_WORK));
}

static void known_text(gz_cal *c) {
  char *p = c->known_text, *end = c->known_text + sizeof c->known_text;
  *p = 0;
  for (int y = 1; y <= 9999; y++) {
    if (!c->years[y] || c->years[y]->known != 1) continue;
    int z = y;
    while (z < 9999 && c->years[z + 1] && c->years[z + 1]->known == 1) z++;
    int w = z > y ? snprintf(p, (size_t)(end - p), "%s%d-%d", p == c->known_text ? "" : ", ", y, z)
                  : snprintf(p, (size_t)(end - p), "%s%d", p == c->known_text ? "" : ", ", y);
    if (w < 0 || w >= end - p) break;
    p += w;
    y = z;
  }
  if (!c->known_text[0]) snprintf(c->known_text, sizeof c->known_text, "no year");
}

int gz_cal_user_dir(char *buf, size_t n) {
  const char *x = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
  int w;
  if (x && x[0] == '/') w = snprintf(buf, n, "%s/gazette", x); /* the XDG spec ignores a relative path */
  else if (home && *home) w = snprintf(buf, n, "%s/.local/share/gazette", home);
  else return -1;
  return w > 0 && (size_t)w < n ? 0 : -1;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The years the user installed with `gazette cal import`: USERDIR/calendar/YYYY.csv, in year
 * order. A year the built-in files know is skipped (the shipped data wins; `cal import`
 * refuses such a year). */
static int load_user(gz_cal *c, const char *dir, char *err, size_t errlen) {
  char path[4200];
  snprintf(path, sizeof path, "%s/calendar", dir);
  DIR *d = opendir(path);
  if (!d) return 0; /* nothing installed */
  char **names = malloc(9000 * sizeof *names); /* at most one file per year 1000-9999 */
  int n = 0;
  struct dirent *e;
  if (!names) {
    closedir(d);
    return failf(err, errlen, "out of memory loading the calendar");
  }
  while ((e = readdir(d)) != NULL && n < 9000) {
    const char *s = e->d_name;
    if (strlen(s) == 8 && strcmp(s + 4, ".csv") == 0 && s[0] >= '1' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
        s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9')
      if ((names[n] = strdup(s)) != NULL) n++;
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof *names, by_name);
  int rc = 0;
  for (int i = 0; i < n; i++) {
    int y = atoi(names[i]);
    if (!rc && !c->source[y]) {
      int from = c->nrows;
      snprintf(path, sizeof path, "%s/calendar/%s", dir, names[i]);
      rc = load_days(c, path, err, errlen);
      for (int k = from; !rc && k < c->nrows; k++)
        if (c->rows[k].year != y) {
          char iso[11];
          gz_date_format(c->rows[k].day, iso);
          rc = failf(err, errlen, "%s: %s belongs to %d, not to the year %d the file is named for; import the notice "
                                  "again with gazette cal import", path, iso, c->rows[k].year, y);
        }
    }
    free(names[i]);
  }
  free(names);
  return rc;
}

gz_cal *gz_cal_load(const char *home, const char *extra_file, int weekends, char *err, size_t errlen) {
  gz_cal *c = calloc(1, sizeof *c);
  if (!c) {
    failf(err, errlen, "out of memory loading the calendar");
    return NULL;
  }
  c->weekends = weekends;
  char path[4096];
  snprintf(path, sizeof path, "%s/stdlib/data/cn-calendar-notices.csv", home);
  if (load_notices(c, path, err, errlen)) goto fail;
  snprintf(path, sizeof path, "%s/stdlib/data/cn-calendar.csv", home);
  if (load_days(c, path, err, errlen)) goto fail;
  for (int i = 0; i < c->nrows; i++)
    if (c->rows[i].year <= 9999) c->source[c->rows[i].year] = GZ_CAL_SRC_BUILTIN;
  if (gz_cal_user_dir(path, sizeof path) == 0) {
    int from = c->nrows;
    if (load_user(c, path, err, errlen)) goto fail;
    for (int i = from; i < c->nrows; i++)
      if (c->rows[i].year <= 9999) c->source[c->rows[i].year] = GZ_CAL_SRC_USER;
  }
  if (extra_file) {
    int nbuiltin = c->nrows;
    if (load_days(c, extra_file, err, errlen)) goto fail;
    /* The years the file lists replace the built-in (and installed) ones: drop those rows. */
    char *mine = calloc(10001, 1);
    if (!mine) goto oom;
    for (int i = nbuiltin; i < c->nrows; i++) mine[c->rows[i].year] = 1;
    int k = 0;
    for (int i = 0; i < c->nrows; i++)
      if (i >= nbuiltin || !mine[c->rows[i].year]) c->rows[k++] = c->rows[i];
    c->nrows = k;
    for (int y = 0; y <= 9999; y++)
      if (mine[y]) c->source[y] = GZ_CAL_SRC_FILE;
    free(mine);
  }
  for (int i = 0; i < c->nrows; i++) {
    const cal_row *row = &c->rows[i];
    int y, m, d;
    gz_date_to_ymd(row->day, &y, &m, &d);
    cal_year *t = year_base(c, y);
    if (!t || (row->year <= 9999 && !year_base(c, row->year))) goto oom;
    int doy = row->day - t->jan1;
    t->flags[doy] = row->flags;
    t->fest[doy] = row->fest;
    t->notice[doy] = row->notice;
    if (row->flags & F_STAT_UNKNOWN) t->stat_unknown = 1;
  }
  for (int i = 0; i < c->nrows; i++)
    if (c->rows[i].year <= 9999) c->years[c->rows[i].year]->known = 1;
  for (int y = 1; y <= 9999; y++)
    if (c->years[y]) year_count(c->years[y]);
  free(c->rows);
  c->rows = NULL;
  c->nrows = c->caprows = 0;
  known_text(c);
  return c;
oom:
  failf(err, errlen, "out of memory loading the calendar");
fail:
  gz_cal_free(c);
  return NULL;
}

void gz_cal_free(gz_cal *c) {
  if (!c) return;
  for (int y = 0; y < 10000; y++) free(c->years[y]);
  for (int i = 1; i <= c->nfest; i++) free(c->fest[i]);
  for (int i = 0; i < c->nnotices; i++) {
    free(c->notices[i].key);
    free(c->notices[i].title);
    free(c->notices[i].url);
  }
  free(c->notices);
  free(c->rows);
  free(c);
}

const char *gz_cal_known_years(gz_cal *c) { return c->known_text; }

int gz_cal_knows(gz_cal *c, int year) { return year >= 1 && year <= 9999 && c->years[year] && c->years[year]->known == 1; }

int gz_cal_source(gz_cal *c, int year) { return year >= 1 && year <= 9999 && gz_cal_knows(c, year) ? c->source[year] : 0; }

/* ---- queries ---- */

/* The table of a year the calendar may answer for, or NULL with err set. */
static cal_year *year_get(gz_cal *c, int y, int *rc, char *err, size_t errlen) {
  if (y < 1 || y > 9999) {
    *rc = GZ_CAL_RANGE;
    failf(err, errlen, "date out of range (0001-01-01 to 9999-12-31)");
    return NULL;
  }
  cal_year *t = c->years[y];
  if (t && t->known) return t;
  if (!c->weekends) {
    *rc = GZ_CAL_UNKNOWN;
    failf(err, errlen,
          "the working-day calendar has no data for %d (it knows %s); once the State Council publishes "
          "国务院办公厅关于%d年部分节假日安排的通知, save its text and run 'gazette cal import NOTICE.txt' "
          "(docs/dates.md); or give --calendar FILE (CSV: date,status,festival), or pass "
          "--calendar-unknown=weekends to assume Monday-Friday",
          y, c->known_text, y);
    return NULL;
  }
  t = year_base(c, y);
  if (!t) {
    *rc = GZ_CAL_RANGE;
    failf(err, errlen, "out of memory");
    return NULL;
  }
  t->known = 2;
  year_count(t);
  fprintf(stderr, "gazette: warning: no working-day calendar for %d; assumed Monday-Friday working days, no holidays "
                  "(--calendar-unknown=weekends)\n", y);
  return t;
}

static cal_year *year_of(gz_cal *c, int32_t day, int *doy, int *rc, char *err, size_t errlen) {
  if (day < GZ_DATE_MIN || day > GZ_DATE_MAX) {
    *rc = GZ_CAL_RANGE;
    failf(err, errlen, "date out of range (0001-01-01 to 9999-12-31)");
    return NULL;
  }
  int y, m, d;
  gz_date_to_ymd(day, &y, &m, &d);
  cal_year *t = year_get(c, y, rc, err, errlen);
  if (t) *doy = day - t->jan1;
  return t;
}

int gz_cal_day(gz_cal *c, int32_t day, gz_calday *out, char *err, size_t errlen) {
  int doy, rc = 0;
  cal_year *t = year_of(c, day, &doy, &rc, err, errlen);
  if (!t) return rc;
  uint8_t fl = t->flags[doy];
  memset(out, 0, sizeof *out);
  out->workday = fl & F_WORK;
  out->listed = !!(fl & F_LISTED);
  out->in_lieu = !!(fl & F_INLIEU);
  out->assumed = t->known == 2;
  out->statutory = out->assumed || (fl & F_STAT_UNKNOWN) || (!out->listed && t->stat_unknown) ? -1 : !!(fl & F_STAT);
  if (out->listed) {
    out->festival = t->fest[doy] ? c->fest[t->fest[doy]] : "";
    if (t->notice[doy]) {
      out->notice = c->notices[t->notice[doy] - 1].title;
      out->notice_url = c->notices[t->notice[doy] - 1].url;
    }
  }
  int weekend = gz_date_weekday(day) >= 6;
  if (!out->listed) out->kind = weekend ? "weekend" : "workday";
  else if (out->workday) out->kind = weekend ? "makeup" : "workday";
  else if (fl & F_STAT) out->kind = "holiday";
  else if (out->in_lieu) out->kind = "in_lieu";
  else out->kind = "break";
  return GZ_CAL_OK;
}

int gz_cal_is_workday(gz_cal *c, int32_t day, int *out, char *err, size_t errlen) {
  int doy, rc = 0;
  cal_year *t = year_of(c, day, &doy, &rc, err, errlen);
  if (!t) return rc;
  *out = t->flags[doy] & F_WORK;
  return GZ_CAL_OK;
}

int gz_cal_next_workday(gz_cal *c, int32_t day, int32_t *out, char *err, size_t errlen) {
  for (;; day++) {
    int w = 0, rc = gz_cal_is_workday(c, day, &w, err, errlen);
    if (rc) return rc;
    if (w) {
      *out = day;
      return GZ_CAL_OK;
    }
  }
}

int gz_cal_add_workdays(gz_cal *c, int32_t day, long long n, int32_t *out, char *err, size_t errlen) {
  int doy, rc = 0, y, m, d;
  if (n == 0) {
    failf(err, errlen, "add_workdays: n must not be 0 (the working day itself or the next one: use next_workday)");
    return GZ_CAL_ARG;
  }
  cal_year *t = year_of(c, day, &doy, &rc, err, errlen);
  if (!t) return rc;
  gz_date_to_ymd(day, &y, &m, &d);
  if (n > 0) {
    long long need = n, avail = t->cum[t->ndays] - t->cum[doy + 1];
    while (need > avail) { /* whole years after the one holding day */
      need -= avail;
      if (!(t = year_get(c, ++y, &rc, err, errlen))) return rc;
      doy = -1;
      avail = t->cum[t->ndays];
    }
    /* The smallest i > doy with cum[i + 1] - cum[doy + 1] >= need: a working day. */
    long long target = t->cum[doy + 1] + need;
    int lo = doy + 1, hi = t->ndays - 1;
    while (lo < hi) {
      int mid = (lo + hi) / 2;
      if (t->cum[mid + 1] >= target) hi = mid;
      else lo = mid + 1;
    }
    *out = t->jan1 + lo;
    return GZ_CAL_OK;
  }
  long long need = -n, avail = t->cum[doy];
  while (need > avail) { /* whole years before the one holding day */
    need -= avail;
    if (!(t = year_get(c, --y, &rc, err, errlen))) return rc;
    doy = t->ndays;
    avail = t->cum[doy];
  }
  /* The largest i < doy with cum[doy] - cum[i] >= need: a working day. */
  long long target = t->cum[doy] - need;
  int lo = 0, hi = doy - 1;
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (t->cum[mid] <= target) lo = mid;
    else hi = mid - 1;
  }
  *out = t->jan1 + lo;
  return GZ_CAL_OK;
}

int gz_cal_workdays_between(gz_cal *c, int32_t a, int32_t b, long long *out, char *err, size_t errlen) {
  int sign = 1;
  if (b < a) {
    int32_t x = a;
    a = b;
    b = x;
    sign = -1;
  }
  int da, db, rc = 0, ya, yb, m, d;
  cal_year *ta = year_of(c, a, &da, &rc, err, errlen);
  if (!ta) return rc;
  cal_year *tb = year_of(c, b, &db, &rc, err, errlen);
  if (!tb) return rc;
  gz_date_to_ymd(a, &ya, &m, &d);
  gz_date_to_ymd(b, &yb, &m, &d);
  long long n;
  if (ya == yb) n = tb->cum[db + 1] - ta->cum[da + 1];
  else {
    n = (ta->cum[ta->ndays] - ta->cum[da + 1]) + tb->cum[db + 1];
    for (int y = ya + 1; y < yb; y++) {
      cal_year *t = year_get(c, y, &rc, err, errlen);
      if (!t) return rc;
      n += t->cum[t->ndays];
    }
  }
  *out = sign * n;
  return GZ_CAL_OK;
}

/* ---- legal periods ---- */

int gz_period_parse(const char *s, size_t len, gz_period *p, char *err, size_t errlen) {
  static const struct {
    const char *suffix;
    char unit;
  } units[] = {{"wd", 'w'}, {"个工作日", 'w'}, {"工作日", 'w'}, {"d", 'd'}, {"日", 'd'}, {"天", 'd'},
               {"m", 'm'},  {"个月", 'm'},     {"月", 'm'},     {"y", 'y'}, {"年", 'y'}};
  size_t a = 0, b = len;
  while (a < b && s[a] == ' ') a++;
  while (b > a && s[b - 1] == ' ') b--;
  size_t i = a;
  long long n = 0;
  while (i < b && s[i] >= '0' && s[i] <= '9' && i - a < 7) n = n * 10 + (s[i++] - '0');
  if (i > a && i < b)
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
      size_t sl = strlen(units[k].suffix);
      if (b - i == sl && memcmp(s + i, units[k].suffix, sl) == 0) {
        if (n < 1) break;
        p->unit = units[k].unit;
        p->n = n;
        return 0;
      }
    }
  failf(err, errlen, "invalid period '%.*s': expected a count of at least 1 and a unit, such as 10d, 3m, 1y or 5wd "
                     "(working days)", (int)(len > 40 ? 40 : len), s);
  return GZ_CAL_ARG;
}

int gz_cal_period_end(gz_cal *c, int32_t start, gz_period p, int32_t *out, char *err, size_t errlen) {
  int32_t e;
  if (p.n < 1) {
    failf(err, errlen, "a period needs a count of at least 1");
    return GZ_CAL_ARG;
  }
  switch (p.unit) {
    case 'w': return gz_cal_add_workdays(c, start, p.n, out, err, errlen);
    case 'd': /* 第二百零一条: the start day is not counted, so the n-th day after it is the last */
      if (p.n > GZ_DATE_MAX - (long long)start) goto range;
      e = start + (int32_t)p.n;
      break;
    case 'm': case 'y': /* 第二百零二条: the corresponding day, or the month's last day */
      if (gz_date_add_months(start, p.unit == 'y' ? p.n * 12 : p.n, GZ_DATE_DOWN, &e) != 0) goto range;
      break;
    default:
      failf(err, errlen, "unknown period unit '%c'", p.unit);
      return GZ_CAL_ARG;
  }
  /* 第二百零三条: a last day that is a day off moves to the day after the days off. */
  return gz_cal_next_workday(c, e, out, err, errlen);
range:
  failf(err, errlen, "date out of range (0001-01-01 to 9999-12-31)");
  return GZ_CAL_RANGE;
}
