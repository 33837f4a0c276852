/* cmd_merge.c: `gazette merge SHARD... --out FILE`, the outputs of `gazette run --shard K/N`
 * combined into what a single run would have written (the same bytes for CSV and JSON Lines,
 * the same rows for SQLite).  Each shard carries its run's description (FILE.gzmeta beside a
 * CSV or JSON Lines output, the `run` table of a .db); merge checks that all describe the same
 * run, that every shard 1..N is there exactly once, then concatenates them in shard order. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "batch/batch.h"
#include "cmd/commands.h"
#include "core/file.h"

const char cmd_merge_help[] =
    "combine the outputs of 'gazette run --shard K/N' into one\n"
    "usage: gazette merge SHARD_OUTPUT... --out FILE\n"
    "SHARD_OUTPUT: the --out files of the shards (any order), all .csv, all .jsonl or all .db.\n"
    "The shards must come from the same run (measures, table, options, as-of date) and cover\n"
    "every shard 1..N exactly once; the result is what one run without --shard writes, and the\n"
    "summary of the whole population is printed.\n"
    "options:\n"
    "  --out FILE   the merged output (same format as the shards)\n"
    "exit status: 0 merged; 1 merged, and some records have status error; 2 a shard is missing,\n"
    "given twice, from another run, or unreadable.\n"
    "See docs/batch.md.\n";

typedef struct shard {
  const char *path;
  char *sig;   /* description without the shard lines */
  char *stats; /* totals of the shard */
  int k, n;
} shard;

static int merr(const char *fmt, const char *a, const char *b) {
  fprintf(stderr, "gazette merge: ");
  fprintf(stderr, fmt, a, b);
  fputc('\n', stderr);
  return GZ_EXIT_USAGE;
}

/* Splits a description: the shard line out, the rest kept; stats after a "stats" line.
 * 0, -1 when it is not a shard's description, -2 out of memory (errno ENOMEM). */
static int parse_meta(shard *s, const char *text, const char *stats) {
  gz_buf b = {0};
  s->k = s->n = 0;
  for (const char *p = text; *p;) {
    const char *nl = strchr(p, '\n');
    size_t l = nl ? (size_t)(nl - p + 1) : strlen(p);
    if (strncmp(p, "stats\n", 6) == 0 && !stats) {
      stats = p + 6;
      break;
    }
    if (strncmp(p, "shard ", 6) == 0) sscanf(p + 6, "%d/%d", &s->k, &s->n);
    else if (strncmp(p, "shard_keys ", 11) != 0) gz_buf_add(&b, p, l);
    p += l;
  }
  gz_buf_add(&b, "", 0);
  s->stats = strdup(stats ? stats : "");
  if (gz_buf_failed(&b) || !s->stats) {
    gz_buf_free(&b);
    free(s->stats);
    s->stats = NULL;
    errno = ENOMEM;
    return -2;
  }
  s->sig = b.p;
  /* a run without --shard (1/1) is a whole output, not a shard */
  return s->k >= 1 && s->n >= 2 && s->n >= s->k && strncmp(s->sig, "gazette-run ", 12) == 0 ? 0 : -1;
}

static int read_db_meta(shard *s) {
  sqlite3 *db;
  sqlite3_stmt *st;
  char *sig = NULL, *stats = NULL;
  int oom = 0;
  if (sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "SELECT key, value FROM run", -1, &st, NULL) != SQLITE_OK) {
    sqlite3_close(db);
    return -1;
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *k = (const char *)sqlite3_column_text(st, 0), *v = (const char *)sqlite3_column_text(st, 1);
    if (k && v && strcmp(k, "signature") == 0) oom |= !(sig = strdup(v));
    if (k && v && strcmp(k, "stats") == 0) oom |= !(stats = strdup(v));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  int rc = oom ? -2 : sig ? parse_meta(s, sig, stats ? stats : "") : -1;
  free(sig);
  free(stats);
  return rc;
}

static int copy_text(FILE *out, const char *path, int skip_header, const char *header) {
  size_t len;
  char *p = gz_readfile(path, &len, (size_t)1 << 40);
  if (!p) return -1;
  size_t from = 0;
  if (skip_header) {
    char *nl = memchr(p, '\n', len);
    from = nl ? (size_t)(nl - p + 1) : len;
    if (header && (strlen(header) != from || memcmp(p, header, from) != 0)) {
      free(p);
      errno = EINVAL;
      return -1;
    }
  }
  int rc = fwrite(p + from, 1, len - from, out) == len - from ? 0 : -1;
  free(p);
  return rc;
}

static int by_k(const void *a, const void *b) { return ((const shard *)a)->k - ((const shard *)b)->k; }

int cmd_merge(int argc, char **argv, gz_opts *o) {
  const char *out = NULL, *v;
  shard *sh = calloc((size_t)argc, sizeof *sh);
  int n = 0, rc = GZ_EXIT_USAGE;
  gz_stats *t = NULL;
  char *tdump = NULL;
  for (int i = 1; i < argc; i++) {
    if (gz_opt(argc, argv, &i, "--out", &v)) out = v;
    else if (argv[i][0] == '-' && argv[i][1]) {
      free(sh);
      return gz_usage_error("merge", "unknown option '%s'", argv[i]);
    } else sh[n++].path = argv[i];
  }
  if (!out || !n) {
    free(sh);
    return gz_usage_error("merge", "give the shard outputs and --out FILE");
  }
  size_t ol = strlen(out);
  int db = ol > 3 && strcmp(out + ol - 3, ".db") == 0;
  const char *ext = strrchr(out, '.');
  /* --out may be a new file or a previous output of gazette run or merge (batch_guard.c) */
  if (ext && (rc = gz_out_check("merge", out, NULL, db ? GZ_FMT_DB : strcmp(ext, ".jsonl") == 0 ? GZ_FMT_JSONL : GZ_FMT_CSV)) != 0)
    goto done;
  rc = GZ_EXIT_USAGE;
  for (int i = 0; i < n; i++) {
    const char *e = strrchr(sh[i].path, '.');
    if (!ext || !e || strcmp(e, ext) != 0) {
      merr("%s: every shard and --out must have the same extension (%s)", sh[i].path, ext ? ext : "none");
      goto done;
    }
    if (db) {
      int rc = read_db_meta(&sh[i]);
      if (rc != 0) {
        merr("%s: %s", sh[i].path,
             rc == -2 ? strerror(ENOMEM) : "not a shard output of gazette run (no run table with a shard)");
        goto done;
      }
    } else {
      char meta[4200];
      snprintf(meta, sizeof meta, "%s.gzmeta", sh[i].path);
      size_t len;
      char *t = gz_readfile(meta, &len, (size_t)1 << 24);
      int rc = !t || access(sh[i].path, R_OK) != 0 ? -1 : parse_meta(&sh[i], t, NULL);
      if (rc != 0) {
        free(t);
        if (rc == -2) merr("%s: %s", sh[i].path, strerror(ENOMEM));
        else merr("%s: not a shard output of gazette run (%s.gzmeta missing or malformed)", sh[i].path, sh[i].path);
        goto done;
      }
      free(t);
    }
  }
  qsort(sh, (size_t)n, sizeof *sh, by_k);
  for (int i = 0; i < n; i++) {
    char a[32], b[32];
    if (sh[i].n != sh[0].n || strcmp(sh[i].sig, sh[0].sig) != 0) {
      merr("%s and %s are shards of different runs (measures, table, options or as-of date differ)", sh[0].path,
           sh[i].path);
      goto done;
    }
    if (i && sh[i].k == sh[i - 1].k) {
      snprintf(a, sizeof a, "%d/%d", sh[i].k, sh[i].n);
      fprintf(stderr, "gazette merge: shard %s given twice: %s and %s\n", a, sh[i - 1].path, sh[i].path);
      goto done;
    }
    (void)b;
  }
  for (int k = 1, i = 0; k <= sh[0].n; k++) {
    if (i < n && sh[i].k == k) {
      i++;
      continue;
    }
    fprintf(stderr, "gazette merge: shard %d/%d is missing\n", k, sh[0].n);
    goto done;
  }

  /* The totals of the whole population, and the description the merged output carries (the
   * shards' without the shard lines), so that a later run or merge may replace it. */
  t = gz_stats_new();
  for (int i = 0; i < n; i++) gz_stats_load(t, sh[i].stats, strlen(sh[i].stats));
  size_t tlen;
  tdump = gz_stats_dump(t, &tlen);

  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp", out);
  unlink(tmp);
  if (db) {
    sqlite3 *d;
    char *msg = NULL;
    if (sqlite3_open(tmp, &d) != SQLITE_OK) {
      merr("cannot create %s: %s", tmp, sqlite3_errmsg(d));
      sqlite3_close(d);
      goto done;
    }
    gz_buf q = {0};
    char lit[4400];
    int matches = 0;
    gz_buf_add(&q, "BEGIN;", 6);
    for (int i = 0; i < n; i++) {
      char *p = sqlite3_mprintf("ATTACH %Q AS s%d;", sh[i].path, i);
      gz_buf_add(&q, p, strlen(p));
      sqlite3_free(p);
      if (i == 0) {
        /* the results table as the shards have it */
        sqlite3_stmt *st = NULL;
        if (gz_buf_failed(&q) || sqlite3_exec(d, q.p, NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_prepare_v2(d, "SELECT sql FROM s0.sqlite_schema WHERE name = 'results'", -1, &st, NULL) !=
                SQLITE_OK ||
            sqlite3_step(st) != SQLITE_ROW) {
          merr("%s: %s", sh[0].path, gz_buf_failed(&q) ? strerror(ENOMEM) : msg ? msg : sqlite3_errmsg(d));
          sqlite3_free(msg);
          sqlite3_finalize(st);
          sqlite3_close(d);
          gz_buf_free(&q);
          goto done;
        }
        q.len = 0;
        gz_buf_add(&q, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
        gz_buf_add(&q, "; CREATE TABLE run (key TEXT, value TEXT);", 42);
        char *ins = sqlite3_mprintf("INSERT INTO run VALUES ('signature', %Q), ('stats', %Q);", sh[0].sig, tdump);
        gz_buf_add(&q, ins, strlen(ins));
        sqlite3_free(ins);
        sqlite3_finalize(st);
        /* a matching run (--all, a pattern) also has table matches (docs/matching.md) */
        if (sqlite3_prepare_v2(d, "SELECT sql FROM s0.sqlite_schema WHERE name = 'matches'", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
          matches = 1;
          gz_buf_add(&q, ";", 1);
          gz_buf_add(&q, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
          gz_buf_add(&q, ";", 1);
        }
        sqlite3_finalize(st);
      }
      snprintf(lit, sizeof lit, "INSERT INTO results SELECT * FROM s%d.results ORDER BY rowid;", i);
      gz_buf_add(&q, lit, strlen(lit));
      if (matches) {
        snprintf(lit, sizeof lit, "INSERT INTO matches SELECT * FROM s%d.matches ORDER BY rowid;", i);
        gz_buf_add(&q, lit, strlen(lit));
      }
    }
    gz_buf_add(&q, "COMMIT;", 7);
    int oom = gz_buf_failed(&q), erc = oom ? SQLITE_NOMEM : sqlite3_exec(d, q.p, NULL, NULL, &msg);
    gz_buf_free(&q);
    if (erc != SQLITE_OK) {
      merr("merging the shards: %s%s", oom ? strerror(ENOMEM) : msg ? msg : sqlite3_errmsg(d), "");
      sqlite3_free(msg);
      sqlite3_close(d);
      unlink(tmp);
      goto done;
    }
    sqlite3_close(d);
  } else {
    FILE *f = fopen(tmp, "wb");
    if (!f) {
      merr("cannot create %s: %s", tmp, strerror(errno));
      goto done;
    }
    char *header = NULL;
    if (!strcmp(ext, ".csv") || !strcmp(ext, ".CSV")) {
      size_t len;
      char *p = gz_readfile(sh[0].path, &len, (size_t)1 << 40);
      char *nl = p ? memchr(p, '\n', len) : NULL;
      if (nl) header = strndup(p, (size_t)(nl - p + 1));
      free(p);
    }
    for (int i = 0; i < n; i++)
      if (copy_text(f, sh[i].path, header && i > 0, header) != 0) {
        merr("%s: %s", sh[i].path, errno == EINVAL ? "its header differs from the first shard's" : strerror(errno));
        fclose(f);
        unlink(tmp);
        free(header);
        goto done;
      }
    free(header);
    if (fclose(f) != 0) {
      merr("cannot write %s: %s", tmp, strerror(errno));
      goto done;
    }
  }
  if (!db) { /* FILE.gzmeta: what marks a CSV or JSON Lines file as an output */
    char meta[4300];
    snprintf(meta, sizeof meta, "%s.gzmeta", out);
    FILE *f = fopen(meta, "w");
    if (!f || fputs(sh[0].sig, f) < 0 || fputs("stats\n", f) < 0 || fwrite(tdump, 1, tlen, f) != tlen ||
        fclose(f) != 0) {
      merr("cannot write %s: %s", meta, strerror(errno));
      goto done;
    }
  }
  if (rename(tmp, out) != 0) {
    merr("cannot move %s to %s", tmp, out);
    goto done;
  }
  /* The summary of the whole population. */
  char *ids[GZ_MAX_MEASURES];
  int nids = 0;
  for (const char *p = sh[0].sig; p && *p && nids < GZ_MAX_MEASURES;) {
    const char *nl = strchr(p, '\n');
    if (strncmp(p, "measure ", 8) == 0) ids[nids++] = strndup(p + 8, nl ? (size_t)(nl - p - 8) : strlen(p + 8));
    p = nl ? nl + 1 : NULL;
  }
  gz_stats_print(t, stdout, ids, nids, 0, gz_stats_get(t, "N"));
  if (strstr(sh[0].sig, "\nmatching ")) gz_stats_print_matches(t, stdout, db ? out : NULL); /* --all, a pattern */
  rc = gz_stats_errors(t) ? GZ_EXIT_FAIL : GZ_EXIT_OK;
  for (int i = 0; i < nids; i++) free(ids[i]);
done:
  if (t) gz_stats_free(t);
  free(tdump);
  for (int i = 0; i < n; i++) {
    free(sh[i].sig);
    free(sh[i].stats);
  }
  free(sh);
  (void)o;
  return rc;
}
