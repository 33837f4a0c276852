/* batch_summary.c: what a run counts and the summary it prints at the end: results per
 * measure and status, the total amount of each measure summed exactly in 分 (int64; an
 * overflow is reported, never wrapped), how often each rule made a record ineligible, and the
 * first errors with their record ids.  Workers count per chunk; the parent adds the chunks in
 * key order, so the summary is the same whatever --jobs was. */
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

static void rehash(gz_stats *s) {
  int ns = s->nslots ? s->nslots * 2 : 64;
  free(s->slot);
  s->slot = calloc((size_t)ns, sizeof(int));
  s->nslots = ns;
  for (int k = 0; k < s->n; k++) {
    uint32_t i = hash(s->e[k].key) & (uint32_t)(ns - 1);
    while (s->slot[i]) i = (i + 1) & (uint32_t)(ns - 1);
    s->slot[i] = k + 1;
  }
}

static int64_t *slot_of(gz_stats *s, const char *key) {
  uint32_t h = hash(key);
  int f = find(s, key, h);
  if (f >= 0) return &s->e[f].n;
  if ((s->n + 1) * 2 > s->nslots) {
    rehash(s);
    f = find(s, key, h);
  }
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 32;
    s->e = realloc(s->e, (size_t)s->cap * sizeof(entry));
  }
  s->e[s->n].key = strdup(key);
  s->e[s->n].n = 0;
  s->slot[-f - 2] = s->n + 1;
  return &s->e[s->n++].n;
}

void gz_stats_add(gz_stats *s, const char *key, int64_t n) {
  int64_t *v = slot_of(s, key);
  if (__builtin_add_overflow(*v, n, v)) {
    *v = n > 0 ? INT64_MAX : INT64_MIN;
    char k[600];
    snprintf(k, sizeof k, "O\t%s", key);
    *slot_of(s, k) = 1;
  }
}

int64_t gz_stats_get(const gz_stats *s, const char *key) {
  int f = find(s, key, hash(key));
  return f >= 0 ? s->e[f].n : 0;
}

void gz_stats_error(gz_stats *s, int64_t record_id, const char *measure, const char *msg) {
  if (s->nerrors >= MAX_ERRORS) return;
  size_t n = strlen(msg) + strlen(measure) + 40;
  char *e = malloc(n);
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
  if (gz_buf_failed(&b)) gz_buf_free(&b); /* NULL: never cut counts */
  *len = b.len;
  return b.p ? b.p : b.failed ? NULL : strdup("");
}

int gz_stats_load(gz_stats *s, const char *text, size_t len) {
  const char *p = text, *end = text + len;
  char line[2048];
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (l >= sizeof line) l = sizeof line - 1;
    memcpy(line, p, l);
    line[l] = 0;
    p = nl ? nl + 1 : end;
    if (line[0] == '!' && line[1] == '\t') {
      if (s->nerrors < MAX_ERRORS) s->errors[s->nerrors++] = strdup(line + 2);
      continue;
    }
    char *tab = strchr(line, '\t');
    if (!tab) {
      if (l) return -1;
      continue;
    }
    *tab = 0;
    char *e;
    long long n = strtoll(line, &e, 10);
    if (*e) return -1;
    if (tab[1] == 'O') *slot_of(s, tab + 1) = 1;
    else gz_stats_add(s, tab + 1, n);
  }
  return 0;
}

void gz_stats_merge(gz_stats *into, const gz_stats *from) {
  for (int i = 0; i < from->n; i++) {
    if (from->e[i].key[0] == 'O') *slot_of(into, from->e[i].key) = 1;
    else gz_stats_add(into, from->e[i].key, from->e[i].n);
  }
  for (int i = 0; i < from->nerrors && into->nerrors < MAX_ERRORS; i++)
    into->errors[into->nerrors++] = strdup(from->errors[i]);
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
    char ok[1100];
    snprintf(ok, sizeof ok, "O\tA\t%s", ids[m]);
    if (gz_stats_get(s, ok)) fprintf(f, "  total amount   overflow: beyond ±92,233,720,368,547,758.07元\n");
    else fprintf(f, "  total amount   %s元\n", gz_fen_format(gz_stats_get(s, k), a, sizeof a, 1));
    /* top 5 reasons for ineligibility */
    pl = (size_t)snprintf(k, sizeof k, "R\t%s\t", ids[m]);
    int nr = 0;
    reason *rs = malloc(sizeof(reason) * (size_t)(s->n + 1));
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
      if (t1 && t2)
        fprintf(f, "  record %.*s, %.*s: %s\n", (int)(t1 - s->errors[i]), s->errors[i], (int)(t2 - t1 - 1), t1 + 1,
                t2 + 1);
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
