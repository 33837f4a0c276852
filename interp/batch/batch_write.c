/* batch_write.c: part files and the output writers (the CSV and JSON text of a field is in
 * core/csv.c and core/json.c).  Workers write each chunk as a part file (data, its counts, a
 * trailer) and rename it into place; the parent appends parts to the output in key order and
 * commits each one with a progress record, so that a run killed at any moment resumes from
 * the last committed chunk:
 *   CSV/JSON Lines: WORKDIR/out.partial, fsync'd, then WORKDIR/progress (chunk, byte offset,
 *                   totals) replaced atomically; on --resume the output is cut back to the offset;
 *   SQLite:         WORKDIR/out.db, the chunk's rows and the progress row in one transaction.
 * When every chunk is in, the output is renamed to --out. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "batch/batch.h"
#include "core/csv.h"
#include "core/file.h"

/* ---- part files ---- */

/* Binary part rows: a field is a 4-byte little-endian length (0xFFFFFFFF: NULL), then bytes. */
void gz_part_field(gz_buf *b, const char *s, size_t n) {
  uint32_t l = s ? (uint32_t)n : 0xFFFFFFFFu;
  unsigned char h[4] = {l & 255, (l >> 8) & 255, (l >> 16) & 255, l >> 24};
  gz_buf_add(b, h, 4);
  if (s) gz_buf_add(b, s, n);
}

int gz_part_next(const char *p, size_t len, size_t *pos, const char **s, size_t *n) {
  if (*pos == len) return 0;
  if (len - *pos < 4) return -1;
  const unsigned char *h = (const unsigned char *)p + *pos;
  uint32_t l = h[0] | h[1] << 8 | h[2] << 16 | (uint32_t)h[3] << 24;
  *pos += 4;
  if (l == 0xFFFFFFFFu) {
    *s = NULL;
    *n = 0;
    return 1;
  }
  if (l > len - *pos) return -1;
  *s = p + *pos;
  *n = l;
  *pos += l;
  return 1;
}

/* ---- part files ---- */

static const char PART_MAGIC[8] = "GZPART2\n";

void gz_part_path(const gz_run *r, int i, char *buf, size_t n) {
  snprintf(buf, n, "%s/chunk-%07d.part", r->workdir, i);
}

static int write_all(int fd, const void *p, size_t n) {
  const char *c = p;
  while (n) {
    ssize_t w = write(fd, c, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    c += w;
    n -= (size_t)w;
  }
  return 0;
}

static void put64(unsigned char *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}
static uint64_t get64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

/* Writes tmp, fsyncs, renames: the file is there whole or not at all. */
static int atomic_write_sync(const char *path, const void *a, size_t alen, const void *b, size_t blen,
                             const void *c, size_t clen, int sync) {
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  if (write_all(fd, a, alen) || write_all(fd, b, blen) || write_all(fd, c, clen) || (sync && fdatasync(fd))) {
    close(fd);
    unlink(tmp);
    return -1;
  }
  close(fd);
  return rename(tmp, path);
}

static int atomic_write(const char *path, const void *a, size_t alen, const void *b, size_t blen, const void *c,
                        size_t clen) {
  return atomic_write_sync(path, a, alen, b, blen, c, clen, 1);
}

int gz_part_write(const char *path, const gz_buf *data, const char *stats, size_t statslen, uint64_t sum) {
  unsigned char trailer[32];
  put64(trailer, data->len);
  put64(trailer + 8, statslen);
  put64(trailer + 16, sum);
  memcpy(trailer + 24, PART_MAGIC, 8);
  if (gz_buf_failed(data) || !stats) {
    errno = ENOMEM;
    return -1;
  }
  /* The data, the stats, the trailer last, each written from where it is (no copy).  Not
   * fsync'd: a part is temporary; a kill leaves it whole or absent (rename), and after a machine
   * crash a damaged part fails gz_part_valid and is evaluated again. */
  return atomic_write_sync(path, data->p ? data->p : "", data->len, stats, statslen, trailer, sizeof trailer, 0);
}

int gz_part_read(const char *path, char **whole, size_t *datalen, const char **stats, size_t *statslen,
                 uint64_t *sum) {
  size_t len;
  char *p = gz_readfile(path, &len, (size_t)1 << 40);
  if (!p) return -1;
  if (len < 32 || memcmp(p + len - 8, PART_MAGIC, 8) != 0) {
    free(p);
    errno = EINVAL;
    return -1;
  }
  uint64_t d = get64((unsigned char *)p + len - 32), s = get64((unsigned char *)p + len - 24);
  if (d > len - 32 || s != len - 32 - d) {
    free(p);
    errno = EINVAL;
    return -1;
  }
  *whole = p;
  *datalen = d;
  *stats = p + d;
  *statslen = s;
  if (sum) *sum = get64((unsigned char *)p + len - 16);
  return 0;
}

int gz_part_sum(const char *path, uint64_t *sum) {
  char *whole;
  size_t d, s;
  const char *st;
  if (gz_part_read(path, &whole, &d, &st, &s, sum) != 0) return -1;
  free(whole);
  return 0;
}

int gz_part_valid(const char *path) {
  uint64_t sum;
  return gz_part_sum(path, &sum) == 0;
}

/* ---- the run's description ---- */

char *gz_run_signature(const gz_run *r, int with_shard) {
  gz_buf b = {0};
  char line[600];
  static const char *const fmts[] = {"csv", "jsonl", "db", "xlsx"};
#define LINE(...)                                   \
  do {                                              \
    int l_ = snprintf(line, sizeof line, __VA_ARGS__); \
    if (l_ > (int)sizeof line - 1) l_ = (int)sizeof line - 1; \
    gz_buf_add(&b, line, (size_t)l_);               \
  } while (0)
  LINE("gazette-run 1\n");
  if (r->ids)
    for (int i = 0; i < r->nids; i++) LINE("measure %s\n", r->ids[i]);
  else
    for (int i = 0; i < r->nmeasures; i++) LINE("measure %s\n", r->measures[i]);
  if (r->matching) LINE("matching %s\n", r->all ? "all" : "pattern");
  LINE("table %s\nkey %s\nkeys %" PRId64 "\n", r->table_name ? r->table_name : "", r->key_name ? r->key_name : "",
       r->total_keys);
  LINE("key_range %" PRId64 " %" PRId64 "\n", r->key_min, r->key_max);
  if (r->schema) gz_buf_add(&b, r->schema, strlen(r->schema));
  gz_buf_add(&b, "where ", 6);
  if (r->where) gz_buf_add(&b, r->where, strlen(r->where));
  LINE("\nlimit %lld\nas_of %s\n", r->limit, r->as_of ? r->as_of : "");
  for (int i = 0; i < r->nsets; i++) LINE("set %s\n", r->sets[i]);
  for (int i = 0; i < r->ninterprets; i++) LINE("interpret %s\n", r->interprets[i]);
  for (int i = 0; i < r->nchildren; i++)
    LINE("child %s=%s.%s\n", r->children[i].input, r->children[i].table, r->children[i].column);
  LINE("explain %d\nformat %s\n", r->explain, fmts[r->format]);
  for (int i = 0; i < r->ncols; i++) LINE("column %s\n", r->columns[i]);
  if (with_shard) {
    LINE("chunk_rows %lld\n", r->chunk_rows);
    LINE("shard %d/%d\nshard_keys %" PRId64 "\n", r->shard_k, r->shard_n, r->count);
  }
#undef LINE
  gz_buf_add(&b, "", 0);
  if (gz_buf_failed(&b)) gz_buf_free(&b); /* NULL: never a cut description */
  return b.p;
}

/* ---- writers ---- */

struct gz_writer {
  gz_run *r;
  int to_stdout;
  /* text */
  int fd;
  off_t offset;
  char path[4200], progress[4200];
  /* sqlite */
  sqlite3 *db;
  sqlite3_stmt *ins, *prog, *match; /* match: INSERT INTO matches (matching runs) */
  /* which parameters of ins and match hold a value (not NULL) from the row before: bindings
   * outlive sqlite3_reset, so a NULL bound again is skipped (most columns of a matching run's
   * rows are NULL, and each sqlite3_bind_null costs as much as a short text) */
  unsigned char *ins_set, match_set[GZ_MATCH_COLS];
};

static void werr(char *err, size_t n, const char *what, const char *path) {
  snprintf(err, n, "%s %s: %s", what, path, strerror(errno));
}

static int text_commit(gz_writer *w, int chunk, const gz_stats *totals, char *err, size_t errlen) {
  size_t slen;
  char *s = gz_stats_dump(totals, &slen);
  char head[80];
  int hl = snprintf(head, sizeof head, "chunk %d\noffset %lld\n", chunk, (long long)w->offset);
  errno = ENOMEM;
  int rc = s ? atomic_write(w->progress, head, (size_t)hl, s, slen, "", 0) : -1;
  free(s);
  if (rc) werr(err, errlen, "cannot write", w->progress);
  return rc;
}

static int header_csv(gz_run *r, gz_buf *b) {
  for (int i = 0; i < r->ncols; i++) {
    if (i) gz_buf_add(b, ",", 1);
    gz_csv_write_field(b, r->columns[i], strlen(r->columns[i]));
  }
  gz_buf_add(b, "\n", 1);
  if (!gz_buf_failed(b)) return 0;
  errno = ENOMEM;
  return -1;
}

static int db_exec(gz_writer *w, const char *sql, char *err, size_t errlen) {
  char *msg = NULL;
  if (sqlite3_exec(w->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    snprintf(err, errlen, "%s: %s", w->path, msg ? msg : sqlite3_errmsg(w->db));
    sqlite3_free(msg);
    return -1;
  }
  return 0;
}

static int db_open(gz_writer *w, int *next, gz_stats *stats, char *err, size_t errlen) {
  gz_run *r = w->r;
  snprintf(w->path, sizeof w->path, "%s/out.db", r->workdir);
  int resume = r->resume;
  if (resume) { /* a run killed while finishing has no progress table left: start that file over */
    sqlite3 *d;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(w->path, &d, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(d, "SELECT chunk FROM gazette_progress", -1, &st, NULL) != SQLITE_OK)
      resume = 0;
    sqlite3_finalize(st);
    sqlite3_close(d);
  }
  if (!resume) {
    char side[4300];
    unlink(w->path);
    snprintf(side, sizeof side, "%s-wal", w->path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", w->path);
    unlink(side);
  }
  if (sqlite3_open_v2(w->path, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    snprintf(err, errlen, "%s: %s", w->path, sqlite3_errmsg(w->db));
    return -1;
  }
  if (db_exec(w, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", err, errlen)) return -1;
  *next = 0;
  sqlite3_stmt *st;
  if (resume && sqlite3_prepare_v2(w->db, "SELECT chunk, stats FROM gazette_progress", -1, &st, NULL) == SQLITE_OK) {
    int rc = sqlite3_step(st), bad = 0;
    if (rc == SQLITE_ROW) {
      *next = sqlite3_column_int(st, 0) + 1;
      const char *t = (const char *)sqlite3_column_text(st, 1);
      bad = t ? gz_stats_load(stats, t, (size_t)sqlite3_column_bytes(st, 1)) : sqlite3_column_type(st, 1) != SQLITE_NULL;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) snprintf(err, errlen, "%s: %s", w->path, sqlite3_errmsg(w->db));
    else if (bad) /* the totals so far: never resumed from counts read in part */
      snprintf(err, errlen, "%s: the totals of the chunks written cannot be read (%s)", w->path,
               gz_stats_failed(stats) ? strerror(ENOMEM) : "malformed");
    sqlite3_finalize(st);
    if (bad || (rc != SQLITE_ROW && rc != SQLITE_DONE)) return -1;
  } else {
    gz_buf b = {0};
    char id[520];
    gz_buf_add(&b, "BEGIN; CREATE TABLE results (", 29);
    for (int i = 0; i < r->ncols; i++) {
      if (i) gz_buf_add(&b, ", ", 2);
      gz_sql_ident(id, sizeof id, r->columns[i]);
      gz_buf_add(&b, id, strlen(id));
      gz_buf_add(&b, " ", 1);
      gz_buf_add(&b, r->types[i], strlen(r->types[i]));
    }
    static const char matches[] = "); CREATE TABLE matches (record_id INTEGER, eligible INTEGER, total TEXT,"
                                  " undetermined INTEGER, errors INTEGER, district TEXT";
    if (GZ_MATCHES_TABLE(r)) gz_buf_add(&b, matches, sizeof matches - 1); /* what each record is paid in all */
    gz_buf_add(&b,
               "); CREATE TABLE run (key TEXT, value TEXT);"
               " CREATE TABLE gazette_progress (chunk INTEGER, stats TEXT);"
               " INSERT INTO gazette_progress VALUES (-1, ''); COMMIT;",
               strlen("); CREATE TABLE run (key TEXT, value TEXT);"
                      " CREATE TABLE gazette_progress (chunk INTEGER, stats TEXT);"
                      " INSERT INTO gazette_progress VALUES (-1, ''); COMMIT;"));
    errno = ENOMEM;
    int rc = gz_buf_failed(&b) ? (werr(err, errlen, "cannot create", w->path), -1) : db_exec(w, b.p, err, errlen);
    gz_buf_free(&b);
    if (rc) return -1;
  }
  gz_buf q = {0};
  gz_buf_add(&q, "INSERT INTO results VALUES (", 28);
  for (int i = 0; i < r->ncols; i++) gz_buf_add(&q, i ? ",?" : "?", i ? 2 : 1);
  gz_buf_add(&q, ")", 1);
  int rc = gz_buf_failed(&q) ? SQLITE_NOMEM : sqlite3_prepare_v2(w->db, q.p, -1, &w->ins, NULL);
  gz_buf_free(&q);
  if (rc != SQLITE_OK ||
      sqlite3_prepare_v2(w->db, "UPDATE gazette_progress SET chunk = ?1, stats = ?2", -1, &w->prog, NULL) != SQLITE_OK ||
      (GZ_MATCHES_TABLE(r) &&
       sqlite3_prepare_v2(w->db, "INSERT INTO matches VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &w->match, NULL) != SQLITE_OK)) {
    snprintf(err, errlen, "%s: %s", w->path, sqlite3_errmsg(w->db));
    return -1;
  }
  free(w->ins_set);
  if (!(w->ins_set = calloc((size_t)r->ncols + 1, 1))) {
    snprintf(err, errlen, "%s: %s", w->path, strerror(ENOMEM));
    return -1;
  }
  return 0;
}

gz_writer *gz_writer_open(gz_run *r, int *next, gz_stats *stats, char *err, size_t errlen) {
  gz_writer *w = calloc(1, sizeof *w);
  *next = 0;
  if (!w) {
    snprintf(err, errlen, "the output writer: %s", strerror(ENOMEM));
    return NULL;
  }
  w->r = r;
  w->fd = -1;
  *next = 0;
  if (GZ_FMT_ROWS_DB(r->format)) {
    if (db_open(w, next, stats, err, errlen)) {
      gz_writer_free(w);
      return NULL;
    }
    return w;
  }
  if (!r->out) { /* stdout: no resume, parts are streamed as they come */
    w->to_stdout = 1;
    if (r->format == GZ_FMT_CSV) {
      gz_buf b = {0};
      if (header_csv(r, &b) || fwrite(b.p, 1, b.len, stdout) != b.len) {
        gz_buf_free(&b);
        snprintf(err, errlen, "cannot write the output: %s", strerror(errno));
        gz_writer_free(w);
        return NULL;
      }
      gz_buf_free(&b);
    }
    return w;
  }
  snprintf(w->path, sizeof w->path, "%s/out.partial", r->workdir);
  snprintf(w->progress, sizeof w->progress, "%s/progress", r->workdir);
  if (r->resume) {
    size_t len;
    char *p = gz_readfile(w->progress, &len, (size_t)1 << 30);
    int chunk;
    long long off;
    if (p && sscanf(p, "chunk %d\noffset %lld\n", &chunk, &off) == 2) {
      char *nl = strchr(p, '\n');
      nl = nl ? strchr(nl + 1, '\n') : NULL;
      if (!nl || gz_stats_load(stats, nl + 1, len - (size_t)(nl + 1 - p)) != 0) {
        /* the totals so far: never resumed from counts read in part */
        snprintf(err, errlen, "%s: the totals of the chunks written cannot be read (%s)", w->progress,
                 gz_stats_failed(stats) ? strerror(ENOMEM) : "malformed");
        free(p);
        gz_writer_free(w);
        return NULL;
      }
      free(p);
      w->fd = open(w->path, O_WRONLY | O_CLOEXEC);
      if (w->fd < 0 || ftruncate(w->fd, off) != 0 || lseek(w->fd, off, SEEK_SET) != off) {
        werr(err, errlen, "cannot resume", w->path);
        gz_writer_free(w);
        return NULL;
      }
      w->offset = off;
      *next = chunk + 1;
      return w;
    }
    free(p);
  }
  w->fd = open(w->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (w->fd < 0) {
    werr(err, errlen, "cannot create", w->path);
    gz_writer_free(w);
    return NULL;
  }
  gz_buf b = {0};
  if ((r->format == GZ_FMT_CSV && header_csv(r, &b)) || write_all(w->fd, b.p ? b.p : "", b.len) || fdatasync(w->fd)) {
    gz_buf_free(&b);
    werr(err, errlen, "cannot write", w->path);
    gz_writer_free(w);
    return NULL;
  }
  w->offset = (off_t)b.len;
  gz_buf_free(&b);
  if (text_commit(w, -1, stats, err, errlen)) {
    gz_writer_free(w);
    return NULL;
  }
  return w;
}

static int db_add(gz_writer *w, int chunk, const char *data, size_t len, const gz_stats *totals, char *err,
                  size_t errlen) {
  gz_run *r = w->r;
  if (db_exec(w, "BEGIN", err, errlen)) return -1;
  size_t pos = 0;
  int col = 0, rc, ncols = r->ncols;
  const char *s;
  size_t n;
  sqlite3_stmt *ins = w->ins;
  unsigned char *set = w->ins_set;
  int tagged = GZ_MATCHES_TABLE(r), want_tag = tagged; /* a matching run's rows start with their table */
  while ((rc = gz_part_next(data, len, &pos, &s, &n)) == 1) {
    if (want_tag) {
      if (s && n == 1 && *s == GZ_PART_MATCHES[0]) ins = w->match, set = w->match_set, ncols = GZ_MATCH_COLS;
      else if (s && n == 1 && *s == GZ_PART_RESULTS[0]) ins = w->ins, set = w->ins_set, ncols = r->ncols;
      else break;
      want_tag = 0;
      continue;
    }
    /* a value SQLite refuses (too long, out of memory) is an error: a failed bind would leave
     * the previous row's value in its place */
    int brc = SQLITE_OK;
    if (s || set[col]) {
      set[col] = 1; /* until a NULL is bound */
      brc = n > INT32_MAX ? SQLITE_TOOBIG
            : s           ? sqlite3_bind_text(ins, col + 1, s, (int)n, SQLITE_STATIC)
                          : sqlite3_bind_null(ins, col + 1);
      if (brc == SQLITE_OK && !s) set[col] = 0;
    }
    if (brc != SQLITE_OK) {
      snprintf(err, errlen, "%s: chunk %d, column %d: %s", w->path, chunk, col + 1, sqlite3_errstr(brc));
      sqlite3_reset(ins);
      sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
      return -1;
    }
    if (++col == ncols) {
      if (sqlite3_step(ins) != SQLITE_DONE) {
        snprintf(err, errlen, "%s: %s", w->path, sqlite3_errmsg(w->db));
        sqlite3_reset(ins);
        sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
      }
      sqlite3_reset(ins);
      col = 0;
      want_tag = tagged;
    }
  }
  if (rc < 0 || col != 0 || (tagged && rc == 1)) {
    snprintf(err, errlen, "chunk %d: malformed part file", chunk);
    sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
  }
  size_t slen;
  char *st = gz_stats_dump(totals, &slen);
  if (!st) {
    snprintf(err, errlen, "%s: %s", w->path, strerror(ENOMEM));
    sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
  }
  if (sqlite3_bind_int(w->prog, 1, chunk) != SQLITE_OK || slen > INT32_MAX ||
      sqlite3_bind_text(w->prog, 2, st, (int)slen, SQLITE_TRANSIENT) != SQLITE_OK)
    rc = SQLITE_NOMEM;
  else rc = sqlite3_step(w->prog);
  free(st);
  sqlite3_reset(w->prog);
  if (rc != SQLITE_DONE) {
    snprintf(err, errlen, "%s: %s", w->path, sqlite3_errmsg(w->db));
    sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
  }
  return db_exec(w, "COMMIT", err, errlen);
}

int gz_writer_add(gz_writer *w, int chunk, const char *data, size_t len, const gz_stats *totals, int commit,
                  char *err, size_t errlen) {
  if (w->db) return db_add(w, chunk, data, len, totals, err, errlen);
  if (w->to_stdout) {
    if (fwrite(data, 1, len, stdout) != len) {
      snprintf(err, errlen, "cannot write the output: %s", strerror(errno));
      return -1;
    }
    return 0;
  }
  if (write_all(w->fd, data, len)) {
    werr(err, errlen, "cannot write", w->path);
    return -1;
  }
  w->offset += (off_t)len;
  return commit ? gz_writer_commit(w, chunk, totals, err, errlen) : 0;
}

int gz_writer_commit(gz_writer *w, int chunk, const gz_stats *totals, char *err, size_t errlen) {
  if (w->db || w->to_stdout) return 0; /* a .db commits each chunk in db_add; stdout is not resumable */
  if (fdatasync(w->fd)) {
    werr(err, errlen, "cannot write", w->path);
    return -1;
  }
  return text_commit(w, chunk, totals, err, errlen);
}

/* Beside a shard's CSV or JSON Lines output: what gazette merge checks. */
static int write_meta(gz_run *r, const char *path, const gz_stats *totals) {
  char *sig = gz_run_signature(r, 1);
  size_t slen;
  char *st = gz_stats_dump(totals, &slen);
  gz_buf b = {0};
  if (sig && st) {
    gz_buf_add(&b, sig, strlen(sig));
    gz_buf_add(&b, "stats\n", 6);
    gz_buf_add(&b, st, slen);
  }
  errno = ENOMEM;
  int rc = sig && st && !gz_buf_failed(&b) ? atomic_write(path, b.p, b.len, "", 0, "", 0) : -1;
  gz_buf_free(&b);
  free(sig);
  free(st);
  return rc;
}

/* The run's description and totals into table run, the progress table dropped, one
 * transaction; then the file closed whole (WAL checkpointed into it). */
static int db_finish(gz_writer *w, const gz_stats *totals, char *err, size_t errlen) {
  gz_run *r = w->r;
  char *sig = gz_run_signature(r, 1);
  size_t slen;
  char *st = gz_stats_dump(totals, &slen);
  sqlite3_stmt *ins = NULL;
  int rc = -1;
  if (!sig || !st) snprintf(err, errlen, "%s: %s", w->path, strerror(ENOMEM));
  else if (db_exec(w, "BEGIN; DELETE FROM run", err, errlen) == 0) {
    if (sqlite3_prepare_v2(w->db, "INSERT INTO run VALUES (?1, ?2)", -1, &ins, NULL) == SQLITE_OK &&
        sqlite3_bind_text(ins, 1, "signature", -1, SQLITE_STATIC) == SQLITE_OK &&
        sqlite3_bind_text(ins, 2, sig, -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(ins) == SQLITE_DONE &&
        sqlite3_reset(ins) == SQLITE_OK && sqlite3_bind_text(ins, 1, "stats", -1, SQLITE_STATIC) == SQLITE_OK &&
        slen <= INT32_MAX && sqlite3_bind_text(ins, 2, st, (int)slen, SQLITE_STATIC) == SQLITE_OK &&
        sqlite3_step(ins) == SQLITE_DONE)
      rc = db_exec(w, "DROP TABLE gazette_progress; COMMIT", err, errlen);
    else snprintf(err, errlen, "%s: %s", w->path, sqlite3_errmsg(w->db));
    sqlite3_finalize(ins);
    if (rc) sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL); /* still resumable */
  }
  free(sig);
  free(st);
  if (rc) return -1;
  sqlite3_finalize(w->ins);
  sqlite3_finalize(w->prog);
  sqlite3_finalize(w->match);
  w->ins = w->prog = w->match = NULL;
  /* back to a rollback journal, so that the file moved is the whole database */
  if (db_exec(w, "PRAGMA journal_mode=DELETE", err, errlen)) return -1;
  int crc = sqlite3_close(w->db);
  if (crc != SQLITE_OK) {
    snprintf(err, errlen, "%s: cannot close: %s", w->path, sqlite3_errstr(crc));
    return -1;
  }
  w->db = NULL;
  return 0;
}

int gz_writer_finish(gz_writer *w, const gz_stats *totals, char *err, size_t errlen) {
  gz_run *r = w->r;
  if (w->to_stdout) {
    if (fflush(stdout) == 0) return 0;
    snprintf(err, errlen, "cannot write the output: %s", strerror(errno));
    return -1;
  }
  char meta[4200];
  snprintf(meta, sizeof meta, "%s.gzmeta", r->out);
  if (w->db) {
    if (db_finish(w, totals, err, errlen)) return -1;
    if (r->format == GZ_FMT_XLSX) { /* the rows, laid out as a workbook beside them */
      char xlsx[sizeof w->path];
      if (snprintf(xlsx, sizeof xlsx, "%s/out.xlsx", r->workdir) >= (int)sizeof xlsx) {
        werr(err, errlen, "path too long", r->workdir);
        return -1;
      }
      if (gz_xlsx_write_run(r, w->path, xlsx, totals, err, errlen) != 0) return -1;
      if (write_meta(r, meta, totals)) { /* what marks the file as an output of gazette run */
        werr(err, errlen, "cannot write", meta);
        return -1;
      }
      unlink(w->path);
      snprintf(w->path, sizeof w->path, "%s", xlsx);
    }
  } else {
    /* on disk before it takes its name, whatever the last commit held */
    int crc = fdatasync(w->fd) != 0 ? -1 : 0;
    if (close(w->fd) != 0) crc = -1;
    w->fd = -1;
    if (crc != 0) {
      werr(err, errlen, "cannot write", w->path);
      return -1;
    }
    /* Without a progress record a resume starts over: never from a moved output. */
    if (unlink(w->progress) != 0) {
      werr(err, errlen, "cannot remove", w->progress);
      return -1;
    }
    if (write_meta(r, meta, totals)) { /* what marks the file as an output of gazette run */
      werr(err, errlen, "cannot write", meta);
      return -1;
    }
  }
  if (rename(w->path, r->out) != 0) {
    snprintf(err, errlen, "cannot move %s to %s: %s", w->path, r->out, strerror(errno));
    return -1;
  }
  if (r->format == GZ_FMT_DB) unlink(meta); /* a .db keeps its description in table run */
  return 0;
}

void gz_writer_free(gz_writer *w) {
  if (!w) return;
  if (w->fd >= 0) close(w->fd);
  if (w->ins) sqlite3_finalize(w->ins);
  if (w->prog) sqlite3_finalize(w->prog);
  if (w->match) sqlite3_finalize(w->match);
  if (w->db) sqlite3_close(w->db);
  free(w->ins_set);
  free(w);
}
