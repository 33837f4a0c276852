/* notice.c: the State Council holiday notice read into calendar rows (notice.h).
 *
 * A line is first normalised (full-width digits to ASCII, （）to (), ，to ',', ：to ':', the
 * ideographic space to ' '), then read by hand: the title gives the year; a section is a line
 * "N、FESTIVAL[、FESTIVAL]:" followed by sentences (。) of clauses (,) outside parentheses. A
 * clause is a date, a list of dates (、和及) or a span (至), then what happens on them: 放假,
 * 放假调休, 补休, 调休, 公休, 放假公休 (days off) or 上班 (working days); or "共N天" (checked against
 * the span before it) or "与周末连休". A sentence beginning 鼓励 encourages and arranges
 * nothing; a sentence without a digit arranges nothing either. Everything else is an error
 * naming the line. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/notice.h"

typedef struct {
  const char *path;
  int line;
  char *err;
  size_t errlen;
} ctx;

static int fail(ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(ctx *c, const char *fmt, ...) {
  int n = c->line ? snprintf(c->err, c->errlen, "%s:%d: ", c->path, c->line) : snprintf(c->err, c->errlen, "%s: ", c->path);
  if (n < 0 || (size_t)n >= c->errlen) return -1;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
  va_end(ap);
  return -1;
}

/* ---- one normalised line ---- */

/* Full-width forms the notices use, to their ASCII equivalents; everything else is copied. */
static size_t normalise(const char *s, size_t n, char *out) {
  size_t j = 0;
  for (size_t i = 0; i < n;) {
    const unsigned char *u = (const unsigned char *)s + i;
    if (i + 3 <= n && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) { /* ０-９ */
      out[j++] = (char)('0' + (u[2] - 0x90));
      i += 3;
    } else if (i + 3 <= n && u[0] == 0xEF && u[1] == 0xBC && (u[2] == 0x88 || u[2] == 0x89 || u[2] == 0x8C || u[2] == 0x9A)) {
      out[j++] = u[2] == 0x88 ? '(' : u[2] == 0x89 ? ')' : u[2] == 0x8C ? ',' : ':';
      i += 3;
    } else if (i + 3 <= n && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) { /* U+3000 */
      out[j++] = ' ';
      i += 3;
    } else if (u[0] == '\t' || u[0] == '\r') {
      out[j++] = ' ';
      i++;
    } else {
      out[j++] = s[i++];
    }
  }
  out[j] = 0;
  return j;
}

typedef struct {
  const char *p, *end;
} cur;

static int eat(cur *c, const char *s) {
  size_t n = strlen(s);
  if ((size_t)(c->end - c->p) >= n && memcmp(c->p, s, n) == 0) {
    c->p += n;
    return 1;
  }
  return 0;
}
static void spaces(cur *c) {
  while (c->p < c->end && *c->p == ' ') c->p++;
}
static int number(cur *c, int *v, int maxdigits) {
  int n = 0, x = 0;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9' && n < maxdigits) {
    x = x * 10 + (*c->p++ - '0');
    n++;
  }
  if (!n || (c->p < c->end && *c->p >= '0' && *c->p <= '9')) return 0;
  *v = x;
  return 1;
}
static int has_digit(const char *p, const char *end) {
  for (; p < end; p++)
    if (*p >= '0' && *p <= '9') return 1;
  return 0;
}
/* A copy of [p, end) without surrounding spaces, cut to fit, for messages. */
static const char *shown(const char *p, const char *end, char *buf, size_t n) {
  while (p < end && *p == ' ') p++;
  while (end > p && end[-1] == ' ') end--;
  size_t l = (size_t)(end - p);
  if (l >= n - 4) { /* cut on a UTF-8 character boundary */
    l = n - 4;
    while (l && ((unsigned char)p[l] & 0xC0) == 0x80) l--;
    snprintf(buf, n, "%.*s...", (int)l, p);
  } else
    snprintf(buf, n, "%.*s", (int)l, p);
  return buf;
}

/* ---- weekdays ---- */

static const char *const WEEKDAY[] = {"", "一", "二", "三", "四", "五", "六", "日"};

/* A weekday label (星期日, 周日, 礼拜天, 星期天): 1-7, 0 when the text is not one, -1 when it starts
 * like one but the day is not a weekday. */
static int weekday_label(const char *p, const char *end) {
  cur c = {p, end};
  spaces(&c);
  if (!(eat(&c, "星期") || eat(&c, "礼拜") || eat(&c, "周"))) return 0;
  int w = 0;
  for (int i = 1; i <= 7 && !w; i++)
    if (eat(&c, WEEKDAY[i])) w = i;
  if (!w && eat(&c, "天")) w = 7;
  spaces(&c);
  return w && c.p == c.end ? w : -1;
}

/* Checks the labels inside the parentheses after a date: each item (split at 、 or ,) that is
 * a weekday must be the date's. Other items (农历腊月二十八, 农历除夕) are not checked. */
static int check_paren(ctx *x, const char *p, const char *end, int32_t day, const char *written) {
  while (p < end) {
    const char *q = p;
    while (q < end && *q != ',' && !(end - q >= 3 && memcmp(q, "、", 3) == 0)) q++;
    int w = weekday_label(p, q);
    char buf[80];
    if (w < 0) return fail(x, "'%s' after %s is not a weekday (星期一 to 星期日, 周一 to 周日)", shown(p, q, buf, sizeof buf), written);
    if (w > 0 && w != gz_date_weekday(day)) {
      char iso[11];
      gz_date_format(day, iso);
      return fail(x, "%s is marked 星期%s, but %s is a 星期%s: check the notice's text", written, WEEKDAY[w], iso,
                  WEEKDAY[gz_date_weekday(day)]);
    }
    p = q < end ? q + (*q == ',' ? 1 : 3) : end;
  }
  return 0;
}

/* ---- rows ---- */

typedef struct {
  gz_notice *n;
  int cap;
} rows;

static int row_add(ctx *x, rows *r, int32_t day, int work, const char *festival) {
  gz_notice *n = r->n;
  for (int i = 0; i < n->nrows; i++)
    if (n->rows[i].day == day) {
      char iso[11];
      gz_date_format(day, iso);
      char also[40] = "";
      if (n->rows[i].line != x->line) snprintf(also, sizeof also, " (also line %d)", n->rows[i].line);
      if (n->rows[i].work != work) return fail(x, "%s is arranged both as a day off and as a working day%s", iso, also);
      return fail(x, "%s is arranged twice%s", iso, also);
    }
  if (n->nrows == r->cap) {
    int cap = r->cap ? r->cap * 2 : 64;
    gz_notice_row *nr = realloc(n->rows, (size_t)cap * sizeof *nr);
    if (!nr) return fail(x, "out of memory");
    n->rows = nr;
    r->cap = cap;
  }
  gz_notice_row *row = &n->rows[n->nrows++];
  row->day = day;
  row->work = work;
  row->line = x->line;
  snprintf(row->festival, sizeof row->festival, "%s", festival);
  return 0;
}

/* ---- dates ---- */

typedef struct {
  int y, m, d, has_y, has_m;
  int32_t day;
  const char *paren, *paren_end; /* the text inside (...), or NULL */
  char written[48];              /* as the notice writes it, for messages: 1月22日 */
} dpart;

/* [YYYY年][M月]D日[(...)] */
static int date_item(cur *c, dpart *dp) {
  memset(dp, 0, sizeof *dp);
  spaces(c);
  const char *start = c->p;
  int a;
  if (!number(c, &a, 4)) return 0;
  if (eat(c, "年")) {
    dp->y = a;
    dp->has_y = 1;
    if (!number(c, &a, 2)) return 0;
  }
  if (eat(c, "月")) {
    dp->m = a;
    dp->has_m = 1;
    if (!number(c, &a, 2)) return 0;
  }
  if (!eat(c, "日") && !eat(c, "号")) return 0;
  dp->d = a;
  snprintf(dp->written, sizeof dp->written, "%.*s", (int)(c->p - start), start);
  spaces(c);
  if (c->p < c->end && *c->p == '(') {
    const char *q = memchr(c->p, ')', (size_t)(c->end - c->p));
    if (!q) return 0;
    dp->paren = c->p + 1;
    dp->paren_end = q;
    c->p = q + 1;
  }
  return 1;
}

/* Gives dp its year and month (from prev, the date before it in the clause, or the notice)
 * and its day number; checks the date exists and belongs to the notice. */
static int date_resolve(ctx *x, dpart *dp, const dpart *prev, int span_end, int year, int yuandan) {
  if (!dp->has_m) {
    if (!prev) return fail(x, "'%s' has no month", dp->written);
    dp->m = prev->m;
  }
  if (!dp->has_y) {
    if (prev) dp->y = prev->y;
    else dp->y = dp->m == 12 && yuandan ? year - 1 : year; /* 元旦 breaks may begin in December */
  }
  if (!gz_date_valid(dp->y, dp->m, dp->d))
    return fail(x, "'%s' is not a date: %d has no %d月%d日", dp->written, dp->y, dp->m, dp->d);
  dp->day = gz_date_from_ymd(dp->y, dp->m, dp->d);
  if (span_end && prev && dp->day <= prev->day && !dp->has_y) { /* 12月31日至1月2日 */
    if (!gz_date_valid(dp->y + 1, dp->m, dp->d)) return fail(x, "'%s' is not a date", dp->written);
    dp->y++;
    dp->day = gz_date_from_ymd(dp->y, dp->m, dp->d);
  }
  int32_t lo = gz_date_from_ymd(year - 1, 12, 1), hi = gz_date_from_ymd(year, 12, 31);
  if (dp->day < lo || dp->day > hi) {
    char iso[11];
    gz_date_format(dp->day, iso);
    return fail(x, "'%s' (%s) is outside the year the notice arranges (%d, and the December before it for 元旦)",
                dp->written, iso, year);
  }
  if (dp->paren) return check_paren(x, dp->paren, dp->paren_end, dp->day, dp->written);
  return 0;
}

/* ---- sections ---- */

#define MAX_FEST 4

typedef struct {
  char name[MAX_FEST][96];
  int n;
  int first_row; /* rows of this section start here */
} section;

static const struct {
  const char *as_written, *name;
} FEST_NAMES[] = {{"清明节", "清明"}, {"端午节", "端午"}, {"中秋节", "中秋"}, {"国庆", "国庆节"}, {"劳动节", "劳动节"},
                  {"五一劳动节", "劳动节"}, {"春节", "春节"}, {"元旦", "元旦"}};

static int blank_at(const char *p, const char *end) { /* ' ', a tab, CR or U+3000: its length */
  if (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) return 1;
  if (end - p >= 3 && memcmp(p, "\u3000", 3) == 0) return 3;
  return 0;
}

static void fest_name(const char *p, const char *end, char *out, size_t n) {
  for (int k; (k = blank_at(p, end)) > 0;) p += k;
  for (;;) {
    if (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
    else if (end - p >= 3 && memcmp(end - 3, "\u3000", 3) == 0) end -= 3;
    else break;
  }
  for (size_t i = 0; i < sizeof FEST_NAMES / sizeof FEST_NAMES[0]; i++)
    if ((size_t)(end - p) == strlen(FEST_NAMES[i].as_written) && memcmp(p, FEST_NAMES[i].as_written, (size_t)(end - p)) == 0) {
      snprintf(out, n, "%s", FEST_NAMES[i].name);
      return;
    }
  snprintf(out, n, "%.*s", (int)(end - p), p);
}

/* "一、" ... "十二、": a section number. */
static int section_number(cur *c) {
  static const char *const digits[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  int n = 0;
  for (;;) {
    int hit = 0;
    for (size_t i = 0; i < 10 && !hit; i++) hit = eat(c, digits[i]);
    if (!hit) break;
    n++;
  }
  return n > 0 && eat(c, "、");
}

/* The days that are a festival's own (as opposed to the days of its break): for a section
 * naming two festivals, the first one's own day is labelled with its name. 0 days: unknown. */
static int own_days(const char *name, int year, const gz_lunar_year *lunar, int nlunar, int32_t *out) {
  const gz_lunar_year *ly = NULL;
  for (int i = 0; i < nlunar; i++)
    if (lunar[i].year == year) ly = &lunar[i];
  if (!strcmp(name, "元旦")) return out[0] = gz_date_from_ymd(year, 1, 1), 1;
  if (!strcmp(name, "劳动节")) return out[0] = gz_date_from_ymd(year, 5, 1), 1;
  if (!strcmp(name, "国庆节")) {
    for (int i = 0; i < 3; i++) out[i] = gz_date_from_ymd(year, 10, 1 + i);
    return 3;
  }
  if (!ly) return 0;
  if (!strcmp(name, "春节")) return out[0] = ly->spring, 1;
  if (!strcmp(name, "端午")) return out[0] = ly->dragon_boat, 1;
  if (!strcmp(name, "中秋")) return out[0] = ly->mid_autumn, 1;
  return 0;
}

static int label_section(ctx *x, gz_notice *n, const section *s, const gz_lunar_year *lunar, int nlunar) {
  if (s->n < 2) return 0;
  int32_t last_own[3], own[3];
  int nlast = own_days(s->name[s->n - 1], n->year, lunar, nlunar, last_own);
  for (int f = 0; f < s->n - 1; f++) {
    int k = own_days(s->name[f], n->year, lunar, nlunar, own);
    if (!k)
      return fail(x, "the section names %s and %s together; which of its days is %s's own needs the lunar calendar, "
                     "which Gazette knows for 1990-2049 (stdlib/data/cn-lunar-festivals.csv)",
                  s->name[f], s->name[s->n - 1], s->name[f]);
    for (int i = s->first_row; i < n->nrows; i++) {
      gz_notice_row *r = &n->rows[i];
      int mine = 0, theirs = 0;
      for (int j = 0; j < k; j++) mine |= r->day == own[j];
      for (int j = 0; j < nlast; j++) theirs |= r->day == last_own[j];
      if (mine && !theirs && !r->work) snprintf(r->festival, sizeof r->festival, "%s", s->name[f]);
    }
  }
  return 0;
}

/* One clause of a section's sentence. *span: days of the last span (for 共N天). */
static int clause(ctx *x, rows *r, const section *s, int year, const char *p, const char *end, int *span) {
  char buf[200], buf2[100];
  cur c = {p, end};
  spaces(&c);
  if (c.p == c.end) return 0;
  if (eat(&c, "共")) {
    int days;
    if (!number(&c, &days, 4) || !eat(&c, "天")) return fail(x, "cannot read '%s' (expected 共N天)", shown(p, end, buf, sizeof buf));
    spaces(&c);
    if (c.p != c.end) return fail(x, "cannot read '%s' (expected 共N天)", shown(p, end, buf, sizeof buf));
    if (*span <= 0) return fail(x, "'%s' follows no span of days (such as 1月27日至2月2日)", shown(p, end, buf, sizeof buf));
    if (days != *span) return fail(x, "'%s', but the span before it has %d days", shown(p, end, buf, sizeof buf), *span);
    return 0;
  }
  if (!has_digit(c.p, c.end)) {
    if (eat(&c, "与周末连休")) {
      spaces(&c);
      if (c.p == c.end) return 0;
    }
    return fail(x, "cannot read '%s' in a section of the notice (a date and 放假, 补休 or 上班 expected)",
                shown(p, end, buf, sizeof buf));
  }
  dpart d[64];
  int nd = 0, is_span = 0;
  int yuandan = !strcmp(s->name[0], "元旦");
  if (!date_item(&c, &d[0])) return fail(x, "cannot read the date in '%s'", shown(p, end, buf, sizeof buf));
  if (date_resolve(x, &d[0], NULL, 0, year, yuandan)) return -1;
  nd = 1;
  spaces(&c);
  if (eat(&c, "至")) {
    if (!date_item(&c, &d[1])) return fail(x, "cannot read the date after 至 in '%s'", shown(p, end, buf, sizeof buf));
    if (date_resolve(x, &d[1], &d[0], 1, year, yuandan)) return -1;
    if (d[1].day <= d[0].day) return fail(x, "the span '%s' ends before it begins", shown(p, end, buf, sizeof buf));
    if (d[1].day - d[0].day > 60) return fail(x, "the span '%s' is longer than 60 days", shown(p, end, buf, sizeof buf));
    nd = 2;
    is_span = 1;
  } else {
    for (;;) {
      spaces(&c);
      if (!(eat(&c, "、") || eat(&c, "和") || eat(&c, "及") || eat(&c, ","))) break;
      if (nd == 64) return fail(x, "too many dates in one clause");
      if (!date_item(&c, &d[nd])) return fail(x, "cannot read the dates in '%s'", shown(p, end, buf, sizeof buf));
      if (date_resolve(x, &d[nd], &d[nd - 1], 0, year, yuandan)) return -1;
      nd++;
    }
  }
  spaces(&c);
  static const char *const OFF[] = {"放假调休", "放假公休", "放假", "补休", "调休", "公休", "休息"};
  int work = -1;
  const char *verb = c.p;
  if (eat(&c, "上班")) work = 1;
  for (size_t i = 0; i < sizeof OFF / sizeof OFF[0] && work < 0; i++)
    if (eat(&c, OFF[i])) work = 0;
  spaces(&c);
  if (work < 0 || c.p != c.end)
    return fail(x, "cannot read '%s' after the dates in '%s' (放假, 放假调休, 补休 or 上班 expected)",
                shown(verb, end, buf2, sizeof buf2), shown(p, end, buf, sizeof buf));
  const char *label = s->name[s->n - 1];
  if (is_span) {
    for (int32_t day = d[0].day; day <= d[1].day; day++)
      if (row_add(x, r, day, work, label)) return -1;
    *span = d[1].day - d[0].day + 1;
  } else {
    for (int i = 0; i < nd; i++)
      if (row_add(x, r, d[i].day, work, label)) return -1;
    *span = 0;
  }
  return 0;
}

/* The text after "N、NAMES:" of a section line. */
static int section_body(ctx *x, rows *r, const section *s, int year, const char *p, const char *end) {
  while (p < end) {
    /* a sentence: up to 。 outside parentheses */
    const char *q = p;
    int depth = 0;
    while (q < end && !(depth == 0 && end - q >= 3 && memcmp(q, "。", 3) == 0)) {
      if (*q == '(') depth++;
      else if (*q == ')' && depth) depth--;
      q++;
    }
    cur c = {p, q};
    spaces(&c);
    int arranges = !eat(&c, "鼓励") && has_digit(p, q);
    if (arranges) {
      int span = 0;
      const char *a = p;
      depth = 0;
      for (const char *b = p;; b++) {
        if (b < q && *b == '(') depth++;
        else if (b < q && *b == ')' && depth) depth--;
        if (b == q || (*b == ',' && depth == 0)) {
          if (clause(x, r, s, year, a, b, &span)) return -1;
          a = b + 1;
          if (b == q) break;
        }
      }
    }
    p = q < end ? q + 3 : end;
  }
  return 0;
}

static int by_day(const void *a, const void *b) {
  const gz_notice_row *x = a, *y = b;
  return (x->day > y->day) - (x->day < y->day);
}

int gz_notice_parse(const char *text, size_t len, const char *path, const gz_lunar_year *lunar, int nlunar,
                    gz_notice *out, char *err, size_t errlen) {
  ctx x = {path, 0, err, errlen};
  memset(out, 0, sizeof *out);
  if (len > GZ_NOTICE_MAX_BYTES) return fail(&x, "%zu bytes: too large for a holiday notice (at most 1 MiB)", len);
  if (memchr(text, 0, len)) return fail(&x, "contains NUL bytes: not a text file");
  rows r = {out, 0};
  char *line = malloc(len + 1);
  if (!line) return fail(&x, "out of memory");
  const char *p = text, *end = text + len;
  if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
  int rc = 0, nsections = 0;
  section s;
  while (p < end && !rc) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    x.line++;
    size_t n = normalise(p, (size_t)(le - p), line);
    p = nl ? nl + 1 : end;
    cur c = {line, line + n};
    spaces(&c);
    if (c.p == c.end) continue;
    if (!out->year) { /* the title; lines before it (a web page's path, a 发文字号) are not read */
      const char *t = c.p;
      int y;
      if (!eat(&c, "国务院办公厅关于") || !number(&c, &y, 4) || !eat(&c, "年部分节假日安排的通知")) continue;
      if (y < 1000) {
        rc = fail(&x, "the title's year %d is not a year", y);
        break;
      }
      out->year = y;
      snprintf(out->title, sizeof out->title, "%.*s", (int)(c.p - t), t);
      continue;
    }
    if (!section_number(&c)) continue; /* the greeting, the preamble, 节假日期间…, the signature */
    const char *colon = memchr(c.p, ':', (size_t)(c.end - c.p));
    if (!colon) {
      char buf[120];
      rc = fail(&x, "the section '%s' has no ':' after its festival", shown(line, line + n, buf, sizeof buf));
      break;
    }
    memset(&s, 0, sizeof s);
    for (const char *a = c.p, *b = c.p;; b++) {
      if (b == colon || (colon - b >= 3 && memcmp(b, "、", 3) == 0)) {
        if (b == a || s.n == MAX_FEST) {
          rc = fail(&x, "cannot read the festivals of this section");
          break;
        }
        fest_name(a, b, s.name[s.n], sizeof s.name[0]);
        if (!s.name[s.n++][0]) { /* only blanks before the ':' or between two 、 */
          rc = fail(&x, "a section names no festival before its ':'");
          break;
        }
        if (b == colon) break;
        a = b + 3;
        b += 2;
      }
    }
    if (rc) break;
    s.first_row = out->nrows;
    rc = section_body(&x, &r, &s, out->year, colon + 1, c.end);
    if (!rc) rc = label_section(&x, out, &s, lunar, nlunar);
    if (!rc && out->nrows == s.first_row) rc = fail(&x, "the section for %s arranges no day", s.name[0]);
    nsections++;
  }
  free(line);
  if (!rc && !out->year) {
    x.line = 0;
    rc = fail(&x, "no title 国务院办公厅关于YYYY年部分节假日安排的通知 found: not a State Council holiday notice");
  }
  if (!rc && !nsections) {
    x.line = 0;
    rc = fail(&x, "no section such as '一、元旦：1月1日放假' found: not a holiday notice");
  }
  if (rc) {
    gz_notice_free(out);
    return -1;
  }
  qsort(out->rows, (size_t)out->nrows, sizeof *out->rows, by_day);
  return 0;
}

void gz_notice_free(gz_notice *n) {
  free(n->rows);
  memset(n, 0, sizeof *n);
}
