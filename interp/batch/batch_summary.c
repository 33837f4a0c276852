/* batch_summary.c: what a run counts and the summary it prints at the end: results per
 * measure and status, the total amount of each measure summed exactly in 分 (int64; an
 * overflow is reported, never wrapped), how often each rule made a record ineligible, and the
 * first errors with their record ids.  Workers count per chunk; the parent adds the chunks in
 * key order, so the summary is the same whatever --jobs was.
 *
 * Out of memory marks the counts failed (gz_stats_failed) instead of losing a count: a failed
 * gz_stats dumps as NULL, so that no part file, progress record or description is written
 * from incomplete counts, and the run stops (resumable) rather than reporting wrong totals. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"

#define MAX_ERRORS 10 /* messages kept for the summary */

typedef struct entry {
  char *key;
  int64_t n;
} entry;

struct gz_stats {
  entry *e;
  int n, cap;
  int *slot; /* open addressing: index+1 into e, 0 empty */
  int nslots;
  char *errors[MAX_ERRORS];
  int nerrors;
  int failed; /* an allocation failed: the counts are incomplete */
};

static uint32_t hash(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

gz_stats *gz_stats_new(void) { return calloc(1, sizeof(gz_stats)); }

void gz_stats_free(gz_stats *s) {
  if (!s) return;
  for (int i = 0; i < s->n; i++) free(s->e[i].key);
  for (int i = 0; i < s->nerrors; i++) free(s->errors[i]);
  free(s->e);
  free(s->slot);
  free(s);
}

static int find(const gz_stats *s, const char *key, uint32_t h) {
  if (!s->nslots) return -1;
  for (uint32_t i = h & (uint32_t)(s->nslots - 1);; i = (i + 1) & (uint32_t)(s->nslots - 1)) {
    int k = s->slot[i];
    if (!k) return -(int)i - 2; /* empty slot i */
    if (strcmp(s->e[k - 1].key, key) == 0) return k - 1;
  }
}

static int rehash(gz_stats *s) {
  int ns = s->nslots ? s->nslots * 2 : 64;
  int *slot = calloc((size_t)ns, sizeof(int));
  if (!slot) return -1; /* the old table stays whole */
  free(s->slot);
  s->slot = slot;
  s->nslots = ns;
  for (int k = 0; k < s->n; k++) {
    uint32_t i = hash(s->e[k].key) & (uint32_t)(ns - 1);
    while (s->slot[i]) i = (i + 1) & (uint32_t)(ns - 1);
    s->slot[i] = k + 1;
  }
  return 0;
}

/* The count of key, created at 0 when new; NULL (and the counts marked failed) when out of
 * memory. */
static int64_t *slot_of(gz_stats *s, const char *key) {
  if (s->failed) return NULL;
  uint32_t h = hash(key);
  int f = find(s, key, h);
  if (f >= 0) return &s->e[f].n;
  if ((s->n + 1) * 2 > s->nslots) {
    if (rehash(s) != 0) goto oom;
    f = find(s, key, h);
  }
  if (s->n == s->cap) {
    int cap = s->cap ? s->cap * 2 : 32;
    entry *e = realloc(s->e, (size_t)cap * sizeof(entry));
    if (!e) goto oom;
    s->e = e;
    s->cap = cap;
  }
  char *k = strdup(key);
  if (!k) goto oom;
  s->e[s->n].key = k;
  s->e[s->n].n = 0;
  s->slot[-f - 2] = s->n + 1;
  return &s->e[s->n++].n;
oom:
  s->failed = 1;
  return NULL;
}

/* A flag (an overflow "O\t...", a measure without an amount "X\t..."): 1 however often set. */
static int is_flag(const char *key) { return key[0] == 'O' || key[0] == 'X'; }
static void set_flag(gz_stats *s, const char *key) {
  int64_t *v = slot_of(s, key);
  if (v) *v = 1;
}

void gz_stats_add(gz_stats *s, const char *key, int64_t n) {
  int64_t *v = slot_of(s, key);
  if (!v) return;
  if (__builtin_add_overflow(*v, n, v)) {
    *v = n > 0 ? INT64_MAX : INT64_MIN;
    size_t l = strlen(key) + 3;
    char *k = malloc(l);
    if (!k) {
      s->failed = 1;
      return;
    }
    snprintf(k, l, "O\t%s", key);
    set_flag(s, k);
    free(k);
  }
}

void gz_stats_flag(gz_stats *s, const char *key) { set_flag(s, key); }

int gz_stats_failed(const gz_stats *s) { return s->failed; }

int64_t gz_stats_get(const gz_stats *s, const char *key) {
  int f = find(s, key, hash(key));
  return f >= 0 ? s->e[f].n : 0;
}

void gz_stats_error(gz_stats *s, int64_t record_id, const char *measure, const char *msg) {
  if (s->nerrors >= MAX_ERRORS) return;
  size_t n = strlen(msg) + strlen(measure) + 40;
  char *e = malloc(n);
  if (!e) {
    s->failed = 1;
    return;
  }
  snprintf(e, n, "%" PRId64 "\t%s\t%s", record_id, measure, msg);
  for (char *p = e; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  s->errors[s->nerrors++] = e;
}

void gz_stats_result(gz_stats *s, const char *measure, const char *status, const int64_t *fen, const char *failed) {
  char k[1024];
  size_t ml = strlen(measure), sl = strlen(status);
  if (ml + sl + 4 > sizeof k) ml = sl = 0;
  /* "S\tMEASURE\tSTATUS" and "A\tMEASURE" without printf: this runs for every result */
  k[0] = 'S';
  k[1] = '\t';
  memcpy(k + 2, measure, ml);
  k[2 + ml] = '\t';
  memcpy(k + 3 + ml, status, sl);
  k[3 + ml + sl] = 0;
  gz_stats_add(s, k, 1);
  if (fen) {
    k[0] = 'A';
    k[2 + ml] = 0;
    gz_stats_add(s, k, *fen);
  }
  while (failed && *failed) {
    const char *nl = strchr(failed, '\n');
    size_t l = nl ? (size_t)(nl - failed) : strlen(failed);
    snprintf(k, sizeof k, "R\t%s\t%.*s", measure, (int)(l > 900 ? 900 : l), failed);
    gz_stats_add(s, k, 1);
    failed = nl ? nl + 1 : failed + l;
  }
}

int64_t gz_stats_errors(const gz_stats *s) {
  int64_t n = 0;
  for (int i = 0; i < s->n; i++) {
    size_t l = strlen(s->e[i].key);
    if (s->e[i].key[0] == 'S' && l > 6 && strcmp(s->e[i].key + l - 6, "\terror") == 0) n += s->e[i].n;
  }
  return n;
}

char *gz_stats_dump(const gz_stats *s, size_t *len) {
  *len = 0;
  if (s->failed) return NULL; /* never incomplete counts */
  gz_buf b = {0};
  char num[32];
  for (int i = 0; i < s->n; i++) {
    int l = snprintf(num, sizeof num, "%" PRId64 "\t", s->e[i].n);
    gz_buf_add(&b, num, (size_t)l);
    gz_buf_add(&b, s->e[i].key, strlen(s->e[i].key));
    gz_buf_add(&b, "\n", 1);
  }
  for (int i = 0; i < s->nerrors; i++) {
    gz_buf_add(&b, "!\t", 2);
    gz_buf_add(&b, s->errors[i], strlen(s->errors[i]));
    gz_buf_add(&b, "\n", 1);
  }
  gz_buf_add(&b, "", 0);
  if (gz_buf_failed(&b)) { /* NULL: never cut counts (nor an empty text in their place) */
    gz_buf_free(&b);
    return NULL;
  }
  *len = b.len;
  return b.p ? b.p : strdup(""); /* no counts at all: "" */
}

/* One line of the text form ("COUNT\tKEY" or "!\tMESSAGE", NUL-terminated, changed in place). */
static int load_line(gz_stats *s, char *line, size_t l) {
  if (line[0] == '!' && line[1] == '\t') {
    if (s->nerrors < MAX_ERRORS && !(s->errors[s->nerrors++] = strdup(line + 2))) {
      s->nerrors--;
      s->failed = 1;
    }
    return 0;
  }
  char *tab = strchr(line, '\t');
  if (!tab) return l ? -1 : 0;
  *tab = 0;
  char *e;
  errno = 0;
  long long n = strtoll(line, &e, 10);
  if (*e || e == line || errno) return -1;
  if (is_flag(tab + 1)) set_flag(s, tab + 1);
  else gz_stats_add(s, tab + 1, n);
  return 0;
}

int gz_stats_load(gz_stats *s, const char *text, size_t len) {
  const char *p = text, *end = text + len;
  char small[2048];
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
    char *line = l < sizeof small ? small : malloc(l + 1); /* a long message is kept whole */
    if (!line) {
      s->failed = 1;
      return -1;
    }
    memcpy(line, p, l);
    line[l] = 0;
    p = nl ? nl + 1 : end;
    int rc = memchr(line, 0, l) ? -1 : load_line(s, line, l); /* a NUL inside: not our text */
    if (line != small) free(line);
    if (rc) return -1;
  }
  return s->failed ? -1 : 0;
}

int gz_stats_merge(gz_stats *into, const gz_stats *from) {
  if (from->failed) into->failed = 1;
  for (int i = 0; i < from->n; i++) {
    if (is_flag(from->e[i].key)) set_flag(into, from->e[i].key);
    else gz_stats_add(into, from->e[i].key, from->e[i].n);
  }
  for (int i = 0; i < from->nerrors && into->nerrors < MAX_ERRORS; i++) {
    char *e = strdup(from->errors[i]);
    if (!e) {
      into->failed = 1;
      break;
    }
    into->errors[into->nerrors++] = e;
  }
  return into->failed ? -1 : 0;
}

char *gz_fen_format(int64_t fen, char *buf, size_t n, int separators) {
  char digits[32], out[48];
  uint64_t u = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
  snprintf(digits, sizeof digits, "%" PRIu64, u / 100);
  size_t dl = strlen(digits), j = 0;
  if (fen < 0) out[j++] = '-';
  for (size_t i = 0; i < dl; i++) {
    if (separators && i && (dl - i) % 3 == 0) out[j++] = ',';
    out[j++] = digits[i];
  }
  snprintf(out + j, sizeof out - j, ".%02u", (unsigned)(u % 100));
  snprintf(buf, n, "%s", out);
  return buf;
}

static const char *const STATUSES[] = {"eligible", "ineligible", "undetermined", "not_in_force", "error", NULL};

typedef struct {
  const char *text;
  int64_t n;
} reason;

static int by_count(const void *a, const void *b) {
  const reason *x = a, *y = b;
  if (x->n != y->n) return x->n > y->n ? -1 : 1;
  return strcmp(x->text, y->text);
}

static void commas(int64_t v, char *buf, size_t n) { /* 1234567 -> 1,234,567 */
  char t[48];
  gz_fen_format(v * 100, t, sizeof t, 1); /* counts stay far below 2^63 / 100 */
  char *dot = strrchr(t, '.');
  if (dot) *dot = 0;
  snprintf(buf, n, "%s", t);
}

void gz_stats_print(const gz_stats *s, FILE *f, char **ids, int nids, double seconds, int64_t records) {
  char a[48], b[48];
  commas(records, a, sizeof a);
  fprintf(f, "gazette run: %s record%s, %d measure%s", a, records == 1 ? "" : "s", nids, nids == 1 ? "" : "s");
  if (seconds > 0) {
    commas((int64_t)(records / seconds), b, sizeof b);
    fprintf(f, ", %.2f s (%s records/s)", seconds, b);
  }
  fputc('\n', f);
  char k[1100];
  for (int m = 0; m < nids; m++) {
    fprintf(f, "%s\n", ids[m]);
    for (int i = 0; STATUSES[i]; i++) {
      snprintf(k, sizeof k, "S\t%s\t%s", ids[m], STATUSES[i]);
      int64_t n = gz_stats_get(s, k);
      if (n || i < 3) {
        commas(n, a, sizeof a);
        fprintf(f, "  %-14s %12s\n", STATUSES[i], a);
      }
    }
    /* statuses the list above does not know */
    size_t pl = (size_t)snprintf(k, sizeof k, "S\t%s\t", ids[m]);
    for (int i = 0; i < s->n; i++)
      if (strncmp(s->e[i].key, k, pl) == 0) {
        int known = 0;
        for (int j = 0; STATUSES[j]; j++) known |= strcmp(s->e[i].key + pl, STATUSES[j]) == 0;
        if (!known) {
          commas(s->e[i].n, a, sizeof a);
          fprintf(f, "  %-14s %12s\n", s->e[i].key + pl, a);
        }
      }
    snprintf(k, sizeof k, "A\t%s", ids[m]);
    char ok[1100], nok[1100];
    snprintf(ok, sizeof ok, "O\tA\t%s", ids[m]);
    snprintf(nok, sizeof nok, "X\t%s", ids[m]);
    if (gz_stats_get(s, nok)) /* dates, a grade, a compliance finding: a sum of 0.00元 would mislead */
      fprintf(f, "  total amount   none (the measure computes no amount)\n");
    else if (gz_stats_get(s, ok)) fprintf(f, "  total amount   overflow: beyond ±92,233,720,368,547,758.07元\n");
    else fprintf(f, "  total amount   %s元\n", gz_fen_format(gz_stats_get(s, k), a, sizeof a, 1));
    /* top 5 reasons for ineligibility */
    pl = (size_t)snprintf(k, sizeof k, "R\t%s\t", ids[m]);
    int nr = 0;
    reason *rs = malloc(sizeof(reason) * (size_t)(s->n + 1));
    if (!rs) {
      fprintf(f, "  top reasons for ineligibility: not shown (out of memory)\n");
      continue;
    }
    for (int i = 0; i < s->n; i++)
      if (strncmp(s->e[i].key, k, pl) == 0) rs[nr++] = (reason){s->e[i].key + pl, s->e[i].n};
    qsort(rs, (size_t)nr, sizeof *rs, by_count);
    if (nr) fprintf(f, "  top reasons for ineligibility:\n");
    for (int i = 0; i < nr && i < 5; i++) {
      /* rule \t clause \t text */
      char rule[300] = "", clause[300] = "", text[400] = "";
      const char *t1 = strchr(rs[i].text, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
      if (t1 && t2) {
        snprintf(rule, sizeof rule, "%.*s", (int)(t1 - rs[i].text), rs[i].text);
        snprintf(clause, sizeof clause, "%.*s", (int)(t2 - t1 - 1), t1 + 1);
        snprintf(text, sizeof text, "%s", t2 + 1);
      } else snprintf(rule, sizeof rule, "%s", rs[i].text);
      commas(rs[i].n, a, sizeof a);
      fprintf(f, "    %10s  %s [%s] %s\n", a, rule, clause, text);
    }
    free(rs);
  }
  int64_t ne = gz_stats_errors(s);
  if (ne) {
    commas(ne, a, sizeof a);
    fprintf(f, "errors: %s%s\n", a, ne > s->nerrors ? " (the first ones below)" : "");
    for (int i = 0; i < s->nerrors; i++) {
      const char *t1 = strchr(s->errors[i], '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
      if (!t1 || !t2) continue;
      /* a rule's error already starts with the measure ("M: rule 'r' (clause): ..."): once */
      size_t idlen = (size_t)(t2 - t1 - 1);
      const char *msg = t2 + 1;
      if (strncmp(msg, t1 + 1, idlen) == 0 && msg[idlen] == ':' && msg[idlen + 1] == ' ') msg += idlen + 2;
      fprintf(f, "  record %.*s, %.*s: %s\n", (int)(t1 - s->errors[i]), s->errors[i], (int)idlen, t1 + 1, msg);
    }
  }
}

/* ---- matching runs (docs/matching.md) ---- */

typedef struct {
  const char *name;
  int64_t records, payable, fen;
} district;

static int by_cost(const void *a, const void *b) {
  const district *x = a, *y = b;
  if (x->fen != y->fen) return x->fen > y->fen ? -1 : 1;
  return strcmp(x->name, y->name);
}

void gz_stats_print_matches(const gz_stats *s, FILE *f, const char *out) {
  char a[48], b[48], c[48], k[700];
  int64_t records = gz_stats_get(s, "N");
  commas(records, a, sizeof a);
  commas(gz_stats_get(s, "M\tpayable"), b, sizeof b);
  if (gz_stats_get(s, "O\tM\tamount")) snprintf(c, sizeof c, "overflow");
  else gz_fen_format(gz_stats_get(s, "M\tamount"), c, sizeof c, 1);
  fprintf(f, "all the measures together: %s record%s, %s with something payable, %s元 payable after 就高不重复\n", a,
          records == 1 ? "" : "s", b, c);
  int64_t ne = gz_stats_get(s, "M\terrors");
  if (ne) {
    commas(ne, a, sizeof a);
    fprintf(f, "  %s record%s with errors: their totals leave out the measures that raised\n", a, ne == 1 ? "" : "s");
  }
  district *ds = malloc(sizeof(district) * (size_t)(s->n + 1));
  if (!ds) {
    fprintf(f, "  fiscal cost by district: not shown (out of memory)\n");
    return;
  }
  int nd = 0;
  for (int i = 0; i < s->n; i++)
    if (strncmp(s->e[i].key, "D\t", 2) == 0) {
      district d = {s->e[i].key + 2, s->e[i].n, 0, 0};
      snprintf(k, sizeof k, "DP\t%s", d.name);
      d.payable = gz_stats_get(s, k);
      snprintf(k, sizeof k, "DA\t%s", d.name);
      d.fen = gz_stats_get(s, k);
      ds[nd++] = d;
    }
  qsort(ds, (size_t)nd, sizeof *ds, by_cost);
  if (nd) fprintf(f, "  fiscal cost by district (reg_district) %10s %9s  %s\n", "records", "payable", "amount");
  for (int i = 0; i < nd; i++) {
    commas(ds[i].records, a, sizeof a);
    commas(ds[i].payable, b, sizeof b);
    snprintf(k, sizeof k, "O\tDA\t%s", ds[i].name);
    if (gz_stats_get(s, k)) snprintf(c, sizeof c, "overflow");
    else gz_fen_format(ds[i].fen, c, sizeof c, 1);
    const char *name = *ds[i].name ? ds[i].name : "(unknown)";
    /* CJK names are two columns wide: pad by display width */
    int width = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
      if ((*p & 0xC0) != 0x80) width += *p >= 0xE0 ? 2 : 1;
    fprintf(f, "    %s%*s %10s %9s  %s元\n", name, width < 34 ? 34 - width : 0, "", a, b, c);
  }
  free(ds);
  if (out) fprintf(f, "  per record: table matches of %s\n", out);
}
