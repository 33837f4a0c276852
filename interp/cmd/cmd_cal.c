/* cmd_cal.c: `gazette cal ...`, working-day calendar queries from the command line, each
 * printing one line (docs/dates.md), and `cal month`, a month grid to check deadlines
 * against. The counting is in core/calendar.c; no Lua state is needed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "core/cal.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/file.h"
#include "core/notice.h"
#include "host/gazette.h"

const char cmd_cal_help[] =
    "working-day calendar queries (State Council holiday notices, 2004-2026)\n"
    "usage: gazette cal is-workday DATE          true or false\n"
    "       gazette cal add-workdays DATE N      the N-th working day after DATE, DATE not counted\n"
    "                                            (N < 0: the |N|-th working day before DATE)\n"
    "       gazette cal workdays-between A B     the number of working days in (A, B]\n"
    "       gazette cal period-end DATE SPEC     the last day of a legal period starting on DATE\n"
    "                                            (民法典 第二百零一条至第二百零三条); SPEC: 10d, 3m, 1y,\n"
    "                                            5wd (working days), or 10日, 3个月, 1年, 5个工作日\n"
    "       gazette cal holiday DATE             the festival of a day off or make-up day, or an empty line\n"
    "       gazette cal day DATE                 what the calendar says about DATE, and its source\n"
    "       gazette cal month YYYY-MM            the month as a grid, days off and make-up days marked\n"
    "       gazette cal import NOTICE.txt [--print]  read the State Council's holiday notice for a year\n"
    "                                            (国务院办公厅关于YYYY年部分节假日安排的通知, its text as published)\n"
    "                                            and install that year in your calendar ($XDG_DATA_HOME/gazette,\n"
    "                                            default ~/.local/share/gazette), so every later command knows it;\n"
    "                                            --print writes the rows as CSV date,status,festival instead\n"
    "DATE: 2025-10-08, 2025/10/8, 2025年10月8日 (full-width digits too).\n"
    "options:\n"
    "  --calendar FILE               add or replace years from FILE (CSV as stdlib/data/cn-calendar.csv)\n"
    "  --calendar-unknown=weekends   treat years the calendar does not know as Monday-Friday (warns)\n"
    "exit status: 0 answered (or installed); 1 the year could not be installed; 2 bad arguments, a\n"
    "malformed date or period, a bad calendar file or notice, or a date in a year the calendar does\n"
    "not know.\n"
    "See docs/dates.md.\n";

static int cal_error(const char *msg) {
  fprintf(stderr, "gazette cal: %s\n", msg);
  return GZ_EXIT_USAGE;
}

static int arg_date(const char *s, int32_t *day) {
  char err[200];
  if (gz_date_parse(s, strlen(s), day, err, sizeof err) == 0) return 0;
  cal_error(err);
  return -1;
}

static void print_date(int32_t day) {
  char buf[11];
  gz_date_format(day, buf);
  printf("%s\n", buf);
}

/* "2025-10", "2025/10", "2025年10月" or any date of the month -> its first day. */
static int arg_month(const char *s, int32_t *first) {
  size_t n = strlen(s);
  char buf[80];
  int32_t day;
  if (n < 60) {
    const char *suffix = n >= 3 && strcmp(s + n - 3, "月") == 0 ? "1日" : strchr(s, '/') ? "/1" : "-01";
    snprintf(buf, sizeof buf, "%s%s", s, suffix);
    if (gz_date_parse(buf, strlen(buf), &day, NULL, 0) == 0 || gz_date_parse(s, n, &day, NULL, 0) == 0) {
      int y, m, d;
      gz_date_to_ymd(day, &y, &m, &d);
      *first = gz_date_from_ymd(y, m, 1);
      return 0;
    }
  }
  fprintf(stderr, "gazette cal: invalid month '%.40s%s': expected YYYY-MM such as 2025-10 (or 2025年10月)\n", s,
          n > 40 ? "..." : "");
  return -1;
}

/* Collapses the days of one festival in a month into "10-01..10-05, 10-07". */
static void print_runs(const int32_t *days, int n) {
  for (int i = 0; i < n;) {
    int j = i;
    while (j + 1 < n && days[j + 1] == days[j] + 1) j++;
    char a[11], b[11];
    gz_date_format(days[i], a);
    gz_date_format(days[j], b);
    printf("%s%s", i ? ", " : "", a + 5);
    if (j > i) printf("..%s", b + 5);
    i = j + 1;
  }
}

static int cal_month(gz_cal *c, int32_t first) {
  int y, m, d;
  gz_date_to_ymd(first, &y, &m, &d);
  int ndays = gz_date_days_in_month(y, m), nwork = 0;
  gz_calday days[31];
  char err[512];
  for (int i = 0; i < ndays; i++)
    if (gz_cal_day(c, first + i, &days[i], err, sizeof err)) return cal_error(err);
  /* Each cell is 5 display columns: the day in 2, a mark in 2 (one CJK character), a space. */
  printf("%d年%d月\n", y, m);
  printf(" 一   二   三   四   五   六   日\n");
  char line[256];
  int len = 0, col = gz_date_weekday(first) - 1;
  for (int k = 0; k < col; k++) len += snprintf(line + len, sizeof line - len, "     ");
  int marks = 0;
  for (int i = 0; i < ndays; i++) {
    const gz_calday *t = &days[i];
    const char *mark = "  ";
    if (strcmp(t->kind, "holiday") == 0) mark = "法";
    else if (strcmp(t->kind, "in_lieu") == 0 || strcmp(t->kind, "break") == 0) mark = "休";
    else if (strcmp(t->kind, "makeup") == 0) mark = "班";
    if (mark[0] != ' ') marks = 1;
    nwork += t->workday;
    len += snprintf(line + len, sizeof line - len, "%2d%s ", i + 1, mark);
    if (++col == 7 || i == ndays - 1) {
      while (len > 0 && line[len - 1] == ' ') len--;
      printf("%.*s\n", len, line);
      len = col = 0;
    }
  }
  if (marks) printf("法 statutory holiday (法定节假日)  休 other day off of the break (调休, weekend)  班 working weekend (调休上班)\n");
  /* The festivals of the month, in order of first appearance, with their notice. */
  const char *seen[31];
  int nseen = 0;
  for (int i = 0; i < ndays; i++) {
    const char *f = days[i].festival;
    if (!f || !*f) continue;
    int k = 0;
    while (k < nseen && strcmp(seen[k], f) != 0) k++;
    if (k < nseen) continue;
    seen[nseen++] = f;
    int32_t off[31], work[31];
    int noff = 0, nw = 0;
    for (int j = i; j < ndays; j++)
      if (days[j].festival && strcmp(days[j].festival, f) == 0) {
        if (days[j].workday) work[nw++] = first + j;
        else off[noff++] = first + j;
      }
    printf("%s:", f);
    if (noff) {
      printf(" off ");
      print_runs(off, noff);
    }
    if (nw) {
      printf("%s work ", noff ? ";" : "");
      print_runs(work, nw);
    }
    if (days[i].notice) printf(" (%s)", days[i].notice);
    printf("\n");
  }
  printf("working days: %d of %d%s\n", nwork, ndays, days[0].assumed ? " (assumed Monday-Friday)" : "");
  return GZ_EXIT_OK;
}

static int cal_day_line(gz_cal *c, int32_t day) {
  gz_calday t;
  char err[512], s[11];
  if (gz_cal_day(c, day, &t, err, sizeof err)) return cal_error(err);
  gz_date_format(day, s);
  static const char *const wd[] = {"", "一", "二", "三", "四", "五", "六", "日"};
  printf("%s 星期%s %s %s", s, wd[gz_date_weekday(day)], t.workday ? "work" : "off", t.kind);
  if (t.festival && *t.festival) printf(" %s", t.festival);
  if (t.statutory < 0 && !t.workday) printf(" (statutory unknown)");
  if (t.notice) printf(" (%s%s%s)", t.notice, t.notice_url && *t.notice_url ? " " : "", t.notice_url ? t.notice_url : "");
  if (t.assumed) printf(" (assumed Monday-Friday)");
  printf("\n");
  return GZ_EXIT_OK;
}

/* ---- cal import ---- */

/* stdlib/data/cn-lunar-festivals.csv: year,spring_festival,dragon_boat,mid_autumn. */
static gz_lunar_year *lunar_load(int *n, char *err, size_t errlen) {
  char path[4200];
  snprintf(path, sizeof path, "%s/stdlib/data/cn-lunar-festivals.csv", gz_home());
  size_t len;
  char *text = gz_readfile(path, &len, 1 << 20);
  if (!text) {
    snprintf(err, errlen, "cannot read stdlib/data/cn-lunar-festivals.csv (in %.512s): %s", gz_home(), strerror(errno));
    return NULL;
  }
  gz_lunar_year *ly = calloc(len / 20 + 1, sizeof *ly);
  int k = 0, line = 0;
  for (char *p = text; ly && p < text + len;) {
    char *nl = memchr(p, '\n', (size_t)(text + len - p));
    if (nl) *nl = 0;
    if (++line > 1 && *p) {
      int y, d[3][3];
      if (sscanf(p, "%d,%d-%d-%d,%d-%d-%d,%d-%d-%d", &y, &d[0][0], &d[0][1], &d[0][2], &d[1][0], &d[1][1], &d[1][2],
                 &d[2][0], &d[2][1], &d[2][2]) != 10 || !gz_date_valid(d[0][0], d[0][1], d[0][2]) ||
          !gz_date_valid(d[1][0], d[1][1], d[1][2]) || !gz_date_valid(d[2][0], d[2][1], d[2][2])) {
        snprintf(err, errlen, "stdlib/data/cn-lunar-festivals.csv:%d: expected year,spring_festival,dragon_boat,mid_autumn", line);
        free(ly);
        free(text);
        return NULL;
      }
      ly[k].year = y;
      ly[k].spring = gz_date_from_ymd(d[0][0], d[0][1], d[0][2]);
      ly[k].dragon_boat = gz_date_from_ymd(d[1][0], d[1][1], d[1][2]);
      ly[k].mid_autumn = gz_date_from_ymd(d[2][0], d[2][1], d[2][2]);
      k++;
    }
    p = nl ? nl + 1 : text + len;
  }
  free(text);
  *n = k;
  if (!ly) snprintf(err, errlen, "out of memory");
  return ly;
}

/* CSV rows date,status,festival[,notice]. */
static void notice_csv(const gz_notice *n, gz_buf *b, int with_notice) {
  gz_buf_add(b, with_notice ? "date,status,festival,notice\n" : "date,status,festival\n",
             with_notice ? 28 : 21);
  for (int i = 0; i < n->nrows; i++) {
    char iso[11];
    gz_date_format(n->rows[i].day, iso);
    gz_buf_add(b, iso, 10);
    gz_buf_add(b, n->rows[i].work ? ",work," : ",off,", n->rows[i].work ? 6 : 5);
    gz_csv_write_field(b, n->rows[i].festival, strlen(n->rows[i].festival));
    if (with_notice) {
      gz_buf_add(b, ",", 1);
      gz_csv_write_field(b, n->title, strlen(n->title));
    }
    gz_buf_add(b, "\n", 1);
  }
}

static int mkdirs(char *path) { /* mkdir -p */
  for (char *p = path + 1; *p; p++)
    if (*p == '/') {
      *p = 0;
      int rc = mkdir(path, 0755);
      *p = '/';
      if (rc != 0 && errno != EEXIST) return -1;
    }
  return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

static int cal_import(int argc, char **argv, gz_opts *o) {
  (void)o; /* the signature every cal subcommand shares */
  const char *file = NULL;
  int print = 0;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--print") == 0) print = 1;
    else if (argv[i][0] == '-' && argv[i][1]) return gz_usage_error("cal", "import: unknown option '%s'", argv[i]);
    else if (file) return gz_usage_error("cal", "import: one notice at a time (got '%s' and '%s')", file, argv[i]);
    else file = argv[i];
  }
  if (!file) return gz_usage_error("cal", "import: which notice? give the file holding its text (NOTICE.txt)");
  size_t len;
  char *text = gz_readfile(file, &len, GZ_NOTICE_MAX_BYTES);
  if (!text) {
    if (errno == EFBIG) fprintf(stderr, "gazette cal: %s: larger than 1 MiB: not a holiday notice\n", file);
    else fprintf(stderr, "gazette cal: cannot read %s: %s\n", file, strerror(errno));
    return GZ_EXIT_USAGE;
  }
  if (!gz_utf8_valid(text, len)) { /* a notice saved from a Chinese Windows: GBK */
    long *bad = NULL;
    size_t nbad = 0, ulen;
    char *u = gz_to_utf8(text, len, "GB18030", &ulen, &bad, &nbad);
    free(text);
    if (!u || nbad) {
      fprintf(stderr, "gazette cal: %s:%ld: neither UTF-8 nor GBK text\n", file, nbad ? bad[0] : 1L);
      free(u);
      free(bad);
      return GZ_EXIT_USAGE;
    }
    free(bad);
    text = u;
    len = ulen;
  }
  char err[1024];
  int nlunar = 0;
  gz_lunar_year *lunar = lunar_load(&nlunar, err, sizeof err);
  if (!lunar) {
    free(text);
    fprintf(stderr, "gazette cal: %s\n", err);
    return GZ_EXIT_FAIL;
  }
  gz_notice n;
  int rc = gz_notice_parse(text, len, file, lunar, nlunar, &n, err, sizeof err);
  free(text);
  free(lunar);
  if (rc) {
    fprintf(stderr, "gazette cal: %s\n", err);
    return GZ_EXIT_USAGE;
  }
  gz_buf b = {0};
  if (print) {
    notice_csv(&n, &b, 0);
    fwrite(b.p, 1, b.len, stdout);
    gz_buf_free(&b);
    gz_notice_free(&n);
    return fflush(stdout) == 0 ? GZ_EXIT_OK : GZ_EXIT_FAIL;
  }
  /* Install: never a year the shipped calendar knows. */
  gz_cal *c = gz_cal_load(gz_home(), NULL, 0, err, sizeof err);
  if (!c) {
    gz_notice_free(&n);
    fprintf(stderr, "gazette cal: %s\n", err);
    return GZ_EXIT_FAIL;
  }
  int src = gz_cal_source(c, n.year);
  gz_cal_free(c);
  if (src == GZ_CAL_SRC_BUILTIN) {
    fprintf(stderr, "gazette cal: %s: %d is already in the built-in calendar (stdlib/data/cn-calendar.csv); nothing "
                    "installed (--print shows what the notice says)\n", file, n.year);
    gz_notice_free(&n);
    return GZ_EXIT_USAGE;
  }
  char dir[4096], path[4300], tmp[4400];
  if (gz_cal_user_dir(dir, sizeof dir - 16) != 0) {
    fprintf(stderr, "gazette cal: cannot tell where your calendar lives: set HOME or XDG_DATA_HOME\n");
    gz_notice_free(&n);
    return GZ_EXIT_FAIL;
  }
  strcat(dir, "/calendar");
  snprintf(path, sizeof path, "%s/%04d.csv", dir, n.year);
  snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
  notice_csv(&n, &b, 1);
  int fd = -1;
  if (mkdirs(dir) != 0 || (fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0 ||
      write(fd, b.p, b.len) != (ssize_t)b.len || fsync(fd) != 0 || close(fd) != 0 || (fd = -1, rename(tmp, path)) != 0) {
    fprintf(stderr, "gazette cal: cannot install %d in %s: %s\n", n.year, path, strerror(errno));
    if (fd >= 0) close(fd);
    unlink(tmp);
    gz_buf_free(&b);
    gz_notice_free(&n);
    return GZ_EXIT_FAIL;
  }
  int off = 0;
  for (int i = 0; i < n.nrows; i++) off += !n.rows[i].work;
  printf("%s %d: %d days off and %d working days from %s, in %s; every command now knows %d\n",
         src == GZ_CAL_SRC_USER ? "replaced" : "installed", n.year, off, n.nrows - off, n.title, path, n.year);
  gz_buf_free(&b);
  gz_notice_free(&n);
  return GZ_EXIT_OK;
}

int cmd_cal(int argc, char **argv, gz_opts *o) {
  static const struct {
    const char *name;
    int nargs;
  } subs[] = {{"is-workday", 1}, {"add-workdays", 2}, {"workdays-between", 2}, {"period-end", 2},
              {"holiday", 1},    {"day", 1},          {"month", 1}};
  if (argc < 2) return gz_usage_error("cal", "which query? is-workday, add-workdays, workdays-between, period-end, holiday, day, month or import");
  const char *sub = argv[1];
  if (strcmp(sub, "import") == 0) return cal_import(argc, argv, o);
  size_t k = 0;
  while (k < sizeof subs / sizeof subs[0] && strcmp(subs[k].name, sub) != 0) k++;
  if (k == sizeof subs / sizeof subs[0])
    return gz_usage_error("cal", "unknown query '%s' (is-workday, add-workdays, workdays-between, period-end, holiday, day, month, import)", sub);
  for (int i = 2; i < argc; i++)
    if (argv[i][0] == '-' && !(argv[i][1] >= '0' && argv[i][1] <= '9'))
      return gz_usage_error("cal", "unknown option '%s'", argv[i]);
  if (argc - 2 != subs[k].nargs)
    return gz_usage_error("cal", "%s takes %d argument%s, got %d", sub, subs[k].nargs, subs[k].nargs > 1 ? "s" : "", argc - 2);

  /* Arguments are checked before the calendar is read. */
  int32_t a = 0, b = 0;
  long long n = 0;
  gz_period p = {0, 0};
  char err[512];
  if (strcmp(sub, "month") == 0) {
    if (arg_month(argv[2], &a)) return GZ_EXIT_USAGE;
  } else if (arg_date(argv[2], &a)) {
    return GZ_EXIT_USAGE;
  }
  if (strcmp(sub, "workdays-between") == 0 && arg_date(argv[3], &b)) return GZ_EXIT_USAGE;
  if (strcmp(sub, "add-workdays") == 0) {
    char *end;
    errno = 0;
    n = strtoll(argv[3], &end, 10);
    if (errno || end == argv[3] || *end)
      return gz_usage_error("cal", "add-workdays: N must be a whole number of working days, got '%.40s'", argv[3]);
  }
  if (strcmp(sub, "period-end") == 0 && gz_period_parse(argv[3], strlen(argv[3]), &p, err, sizeof err))
    return cal_error(err);

  gz_cal *c = gz_cal_load(gz_home(), o->calendar_file,
                          o->calendar_unknown && strcmp(o->calendar_unknown, "weekends") == 0, err, sizeof err);
  if (!c) return cal_error(err);
  int rc = GZ_EXIT_OK, r = 0;
  int32_t out;
  if (strcmp(sub, "is-workday") == 0) {
    int w;
    if (!(r = gz_cal_is_workday(c, a, &w, err, sizeof err))) printf("%s\n", w ? "true" : "false");
  } else if (strcmp(sub, "add-workdays") == 0) {
    if (!(r = gz_cal_add_workdays(c, a, n, &out, err, sizeof err))) print_date(out);
  } else if (strcmp(sub, "workdays-between") == 0) {
    long long cnt;
    if (!(r = gz_cal_workdays_between(c, a, b, &cnt, err, sizeof err))) printf("%lld\n", cnt);
  } else if (strcmp(sub, "period-end") == 0) {
    if (!(r = gz_cal_period_end(c, a, p, &out, err, sizeof err))) print_date(out);
  } else if (strcmp(sub, "holiday") == 0) {
    gz_calday t;
    if (!(r = gz_cal_day(c, a, &t, err, sizeof err))) printf("%s\n", t.festival ? t.festival : "");
  } else if (strcmp(sub, "day") == 0) {
    rc = cal_day_line(c, a);
  } else {
    rc = cal_month(c, a);
  }
  if (r) rc = cal_error(err);
  gz_cal_free(c);
  return rc;
}
