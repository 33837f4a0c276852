/* batch_sum.c: what a chunk read, so that --resume can tell whether the table still holds it.
 *
 * A worker hashes every value it reads for a chunk (the key, the inputs, each child row) as it
 * evaluates the records, at the cost of a pass over bytes already in memory, and the part file
 * carries the sum.  The runner records the sum of each chunk it appends to the output
 * (WORKDIR/sums, synced before the chunk is committed).  On --resume the same statements read
 * the chunks again: a committed chunk whose sum differs means the output holds results of
 * records that have changed since, and the run is refused naming the chunk and its keys; an
 * uncommitted part that differs is evaluated again.  The plan (schema, count, key range) is
 * compared before this, in cmd_run.c. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "batch/batch.h"
#include "core/file.h"

#define SUM_START 14695981039346656037ull
#define SUM_K 0x9E3779B97F4A7C15ull

static inline uint64_t step(uint64_t h, uint64_t w) {
  h = (h ^ w) * SUM_K;
  return h ^ (h >> 29);
}

/* Eight bytes at a time (the sum is taken for every value a run reads: bytes one by one cost a
 * tenth of a compiled record); a short tail packed in one more word. */
static uint64_t mix_bytes(uint64_t x, const unsigned char *s, size_t n) {
  uint64_t w;
  for (; n >= 8; s += 8, n -= 8) {
    memcpy(&w, s, 8);
    x = step(x, w);
  }
  if (n) {
    w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* the same word as the loop below, in at most three loads (a byte loop cost ~5 per byte) */
    size_t i = 0;
    if (n & 4) {
      uint32_t a;
      memcpy(&a, s, 4);
      w = a, i = 4;
    }
    if (n & 2) {
      uint16_t b;
      memcpy(&b, s + i, 2);
      w |= (uint64_t)b << (8 * i), i += 2;
    }
    if (n & 1) w |= (uint64_t)s[i] << (8 * i);
#else
    for (size_t i = 0; i < n; i++) w |= (uint64_t)s[i] << (8 * i);
#endif
    x = step(x, w);
  }
  return x;
}

uint64_t gz_sum_start(void) { return SUM_START; }

/* One value: its type, then the integer, the float's bits, or the length and bytes of the text. */
static void mix_value(uint64_t *h, sqlite3_value *v) {
  int t = sqlite3_value_type(v);
  uint64_t x = *h, w;
  if (t == SQLITE_INTEGER) {
    x = step(step(x, (uint64_t)t), (uint64_t)sqlite3_value_int64(v));
  } else if (t == SQLITE_FLOAT) {
    double d = sqlite3_value_double(v);
    memcpy(&w, &d, sizeof w);
    x = step(step(x, (uint64_t)t), w);
  } else if (t == SQLITE_NULL) {
    x = step(x, (uint64_t)t);
  } else {
    const unsigned char *p = t == SQLITE_BLOB ? sqlite3_value_blob(v) : sqlite3_value_text(v);
    size_t len = (size_t)sqlite3_value_bytes(v);
    x = step(x, (uint64_t)t | (uint64_t)len << 8);
    if (p) x = mix_bytes(x, p, len);
  }
  *h = x;
}

void gz_sum_read(uint64_t *h, sqlite3_value **vals, gz_raw *raws, int n, int kind) {
  uint64_t x = step(*h, 0x100u | (unsigned)kind), w; /* a record or a child row of list kind */
  for (int c = 0; c < n; c++) {
    sqlite3_value *v = vals[c];
    gz_raw *raw = &raws[c];
    int t = sqlite3_value_type(v);
    /* mix_value's words, from the values read once for the compiled path too */
    switch (t) {
      case SQLITE_INTEGER:
        raw->type = GZ_RAW_INT;
        raw->i = sqlite3_value_int64(v);
        x = step(step(x, (uint64_t)t), (uint64_t)raw->i);
        break;
      case SQLITE_FLOAT:
        raw->type = GZ_RAW_FLOAT;
        raw->f = sqlite3_value_double(v);
        memcpy(&w, &raw->f, sizeof w);
        x = step(step(x, (uint64_t)t), w);
        break;
      case SQLITE_NULL:
        raw->type = GZ_RAW_NULL;
        x = step(x, (uint64_t)t);
        break;
      default: { /* a BLOB counts as text (core/arg.h) */
        const char *p = t == SQLITE_BLOB ? sqlite3_value_blob(v) : (const char *)sqlite3_value_text(v);
        size_t len = (size_t)sqlite3_value_bytes(v);
        raw->type = GZ_RAW_TEXT;
        raw->s = p ? p : "";
        raw->n = p ? len : 0;
        x = step(x, (uint64_t)t | (uint64_t)len << 8);
        if (p) x = mix_bytes(x, (const unsigned char *)p, len);
      }
    }
  }
  *h = x;
}

void gz_sum_row(uint64_t *h, sqlite3_stmt *st, int kind) {
  *h = step(*h, 0x100u | (unsigned)kind);
  int n = sqlite3_column_count(st);
  for (int c = 0; c < n; c++) mix_value(h, sqlite3_column_value(st, c));
}

char *gz_plan_child_select(const gz_run *r, int k) {
  char t[520], c[520];
  return sqlite3_mprintf("SELECT * FROM %s WHERE %s = ?1 ORDER BY rowid", gz_sql_ident(t, sizeof t, r->children[k].table),
                         gz_sql_ident(c, sizeof c, r->children[k].column));
}

/* The sums recorded by gz_sums_add: sums[c] for the chunks found (have[c] = 1). */
static int sums_load(const gz_run *r, uint64_t *sums, char *have) {
  char path[4300];
  snprintf(path, sizeof path, "%s/sums", r->workdir);
  size_t len;
  char *text = gz_readfile(path, &len, (size_t)1 << 30);
  if (!text) return errno == ENOENT ? 0 : -1;
  for (char *p = text; *p;) {
    int c;
    uint64_t s;
    if (sscanf(p, "%d %" SCNx64, &c, &s) == 2 && c >= 0 && c < r->nchunks) {
      sums[c] = s; /* the last line of a chunk counts: a chunk appended again after a kill */
      have[c] = 1;
    }
    char *nl = strchr(p, '\n');
    if (!nl) break;
    p = nl + 1;
  }
  free(text);
  return 0;
}

int gz_sums_add(const gz_run *r, int chunk, uint64_t sum, int sync) {
  char path[4300], line[64];
  snprintf(path, sizeof path, "%s/sums", r->workdir);
  int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  int n = snprintf(line, sizeof line, "%d %016" PRIx64 "\n", chunk, sum);
  int rc = write(fd, line, (size_t)n) == n && (!sync || fdatasync(fd) == 0) ? 0 : -1;
  if (close(fd) != 0) rc = -1;
  return rc;
}

/* The lines gz_sums_add wrote without sync, flushed to disk (before the chunks are committed). */
int gz_sums_sync(const gz_run *r) {
  char path[4300];
  snprintf(path, sizeof path, "%s/sums", r->workdir);
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  int rc = fdatasync(fd);
  if (close(fd) != 0) rc = -1;
  return rc;
}

/* Reads chunk c again as a worker does and returns its sum in *sum. */
static int chunk_sum(const gz_run *r, sqlite3_stmt *sel, sqlite3_stmt **kids, int c, uint64_t *sum) {
  uint64_t h = gz_sum_start();
  int rc;
  sqlite3_reset(sel);
  sqlite3_bind_int64(sel, 1, r->chunk_lo[c]);
  sqlite3_bind_int64(sel, 2, r->chunk_hi[c]);
  while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
    gz_sum_row(&h, sel, 0);
    for (int k = 0; k < r->nchildren; k++) {
      sqlite3_reset(kids[k]);
      sqlite3_bind_int64(kids[k], 1, sqlite3_column_int64(sel, 0));
      while ((rc = sqlite3_step(kids[k])) == SQLITE_ROW) gz_sum_row(&h, kids[k], k + 1);
      if (rc != SQLITE_DONE) return -1;
    }
  }
  *sum = h;
  return rc == SQLITE_DONE ? 0 : -1;
}

int gz_sums_verify(const gz_run *r, int next) {
  if (next <= 0 && r->nchunks <= 0) return 0;
  uint64_t *sums = calloc((size_t)r->nchunks + 1, sizeof *sums);
  char *have = calloc((size_t)r->nchunks + 1, 1);
  sqlite3 *db = NULL;
  sqlite3_stmt *sel = NULL, *kids[GZ_MAX_CHILDREN] = {0};
  int status = GZ_EXIT_FAIL;
  char *sql = NULL, part[4300];
  if (!sums || !have) goto oom;
  if (sums_load(r, sums, have) != 0) {
    fprintf(stderr, "gazette run: cannot read %s/sums: %s\n", r->workdir, strerror(errno));
    goto done;
  }
  if (sqlite3_open_v2(r->db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) goto dberr;
  sqlite3_busy_timeout(db, 10000);
  if (!(sql = gz_plan_select(r))) goto oom;
  if (sqlite3_prepare_v2(db, sql, -1, &sel, NULL) != SQLITE_OK) goto dberr;
  for (int k = 0; k < r->nchildren; k++) {
    char *q = gz_plan_child_select(r, k);
    if (!q) goto oom;
    int prc = sqlite3_prepare_v2(db, q, -1, &kids[k], NULL);
    sqlite3_free(q);
    if (prc != SQLITE_OK) goto dberr;
  }
  for (int c = 0; c < r->nchunks; c++) {
    uint64_t now, then;
    if (c < next) { /* in the output: its sum was recorded before it was committed */
      if (!have[c]) {
        fprintf(stderr,
                "gazette run: cannot resume %s: no record of what chunk %d read (%s/sums); run again without "
                "--resume\n",
                r->out, c + 1, r->workdir);
        status = GZ_EXIT_USAGE;
        goto done;
      }
      then = sums[c];
    } else { /* a part written but not yet appended: checked, and evaluated again if stale */
      gz_part_path(r, c, part, sizeof part);
      if (gz_part_sum(part, &then) != 0) continue;
    }
    if (chunk_sum(r, sel, kids, c, &now) != 0) goto dberr;
    if (now == then) continue;
    if (c >= next) {
      unlink(part);
      continue;
    }
    fprintf(stderr,
            "gazette run: cannot resume %s: table %s changed in chunk %d (records %" PRId64 " to %" PRId64
            " by %s) since that chunk was written; run again without --resume to start over\n",
            r->out, r->table_name, c + 1, r->chunk_lo[c], r->chunk_hi[c], r->key_name);
    status = GZ_EXIT_USAGE;
    goto done;
  }
  status = 0;
  goto done;
oom:
  fprintf(stderr, "gazette run: --resume: reading %s again: %s\n", r->db, strerror(ENOMEM));
  goto done;
dberr:
  fprintf(stderr, "gazette run: --resume: reading %s again: %s\n", r->db, db ? sqlite3_errmsg(db) : "out of memory");
done:
  free(sql);
  sqlite3_finalize(sel);
  for (int k = 0; k < r->nchildren; k++) sqlite3_finalize(kids[k]);
  sqlite3_close(db);
  free(sums);
  free(have);
  return status;
}
