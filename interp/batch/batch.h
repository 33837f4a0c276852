/* batch.h: the parts of `gazette run` (cmd_run.c), each in its own file:
 *   batch_plan.c      the table, its key, the records selected, the key ranges (chunks)
 *   batch_worker.c    a worker process: its own Lua state and SQLite connection, chunk by chunk
 *   batch_write.c     part files, the output writers (CSV, JSONL, SQLite; Excel through SQLite)
 *   batch_xlsx.c      the Excel workbook made from the finished SQLite rows (--out FILE.xlsx)
 *   batch_summary.c   counts, totals and reasons; the summary at the end
 *   batch_sum.c       what each chunk read (a checksum), verified on --resume
 *   batch_guard.c     what --out may replace, and the lock on a run's work folder
 *   batch_progress.c  progress on a terminal
 * The measure language is reached only through stdlib/batch.lua; CSV fields, JSON strings
 * and the growable buffer are plain C in core/ (csv.h, json.h, buf.h). */
#ifndef GZ_BATCH_H
#define GZ_BATCH_H

#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

#include "core/arg.h"
#include "core/buf.h"
#include "lua.h"
#include "host/gazette.h"

/* GZ_FMT_XLSX: the rows are written as for GZ_FMT_DB (in the work folder, resumable), then laid
 * out as a workbook when the last chunk is in (batch_xlsx.c). */
enum { GZ_FMT_CSV, GZ_FMT_JSONL, GZ_FMT_DB, GZ_FMT_XLSX };
#define GZ_FMT_ROWS_DB(f) ((f) == GZ_FMT_DB || (f) == GZ_FMT_XLSX) /* parts and writer as SQLite */

#define GZ_MAX_MEASURES 64
#define GZ_MAX_KV 64
#define GZ_MAX_CHILDREN 16

/* A list input and where its child records come from. */
typedef struct gz_child {
  char *input;  /* the measure's list input */
  char *table;  /* child table */
  char *column; /* column holding the parent's key */
} gz_child;

/* Everything a run needs, from the command line and the plan. */
typedef struct gz_run {
  /* options */
  const char *db, *table, *where, *out, *as_of, *key_opt; /* key_opt: --key COLUMN */
  long long limit; /* -1: none */
  const char *measures[GZ_MAX_MEASURES];
  int nmeasures;
  const char *sets[GZ_MAX_KV], *interprets[GZ_MAX_KV];
  int nsets, ninterprets;
  const char *child_opts[GZ_MAX_CHILDREN];
  int nchild_opts;
  int format, jobs, resume, explain, shard_k, shard_n, progress;
  int no_compile;      /* --no-compile: every record by the reference evaluation */
  lua_State *prefork;  /* the runner's Lua state, the plan on top: forked workers start from it */
  int explain_compile; /* --explain-compile: say which measures are compiled, and why not */
  long long chunk_rows;
  int all;                /* --all: every measure for the entity (docs/matching.md) */
  const char *entity_opt; /* --entity E */
  gz_opts *o;
  /* from the measures (stdlib/batch.lua) */
  char **columns, **types;
  int ncols;
  char **inputs; /* scalar inputs found as columns of the table */
  int ninputs;
  gz_child children[GZ_MAX_CHILDREN];
  int nchildren;
  char **ids; /* measure ids */
  int nids;   /* how many (the MEASURE arguments may be patterns, or none with --all) */
  char *no_amount; /* per measure (of ids): 1 when it computes no amount (dates, a grade, a finding) */
  char *entity; /* shared entity of the measures, or NULL */
  char **lists; /* list inputs */
  int nlists;
  char **sources; /* canonical fields derived inputs read: fetched when the table has them */
  int nsources;
  char **derived; /* derived inputs: not noted when missing if a source column is there */
  int nderived;
  int matching; /* --all or a pattern: the per-record table `matches` and the cost by district */
  /* from the table */
  char *key;         /* the key in SQL: a quoted column ("id") or rowid */
  char *key_name;    /* the key's name: "id", the --key column, or "rowid" */
  int64_t key_min, key_max; /* the keys up to the --limit cutoff */
  char *schema;      /* "schema CREATE ..." lines of the table and the child tables */
  char *table_name;  /* resolved table */
  int64_t cutoff;    /* --limit: the last key selected (INT64_MAX: none) */
  /* the plan */
  int64_t count;       /* keys in the shard's range (before --where) */
  int64_t total_keys;  /* keys of the whole table up to the --limit cutoff */
  int64_t shard_first; /* first key of the shard (or 1 when empty) */
  int64_t shard_last;
  int nchunks;
  int64_t *chunk_lo, *chunk_hi, *chunk_rows_n;
  char *workdir; /* part files and progress */
} gz_run;

/* ---- batch_plan.c ---- */
/* Ordinals [*first, *end) of shard k (1-based) of n over count keys: equal sizes, the
 * remainder spread, so shards 1..n cover 0..count exactly once. */
void gz_plan_shard(int64_t count, int k, int n, int64_t *first, int64_t *end);
/* Number of chunks of at most size rows for [first, end). */
int64_t gz_plan_nchunks(int64_t first, int64_t end, int64_t size);
/* Quotes an SQL identifier ("a""b") into buf; returns buf. */
char *gz_sql_ident(char *buf, size_t n, const char *name);
/* Opens the database read-only; checks table, key, --where, children; fills the plan.
 * Returns 0, or GZ_EXIT_USAGE after printing the error. */
int gz_plan(gz_run *r);
/* Frees what gz_batch_lua and gz_plan allocated. */
void gz_run_free(gz_run *r);
/* The SELECT of one chunk (lo, hi bound as ?1 ?2); NULL when out of memory. */
char *gz_plan_select(const gz_run *r);

/* ---- batch_summary.c ---- */
/* Counts by key.  Out of memory never loses a count silently: it marks the counts failed
 * (gz_stats_failed), after which gz_stats_dump returns NULL and merge and load return -1. */
typedef struct gz_stats gz_stats;
gz_stats *gz_stats_new(void); /* NULL when out of memory */
void gz_stats_free(gz_stats *s);
int gz_stats_failed(const gz_stats *s);
/* key → count (added; saturates with an overflow flag rather than wrapping). */
void gz_stats_add(gz_stats *s, const char *key, int64_t n);
/* A flag key (its count stays 1 however often it is set, loaded or merged): "X\tMEASURE",
 * the measure computes no amount (the summary says so instead of a total of 0.00元). */
void gz_stats_flag(gz_stats *s, const char *key);
int64_t gz_stats_get(const gz_stats *s, const char *key);
/* Keeps the first few error messages (in merge order). */
void gz_stats_error(gz_stats *s, int64_t record_id, const char *measure, const char *msg);
/* One record-measure result. */
void gz_stats_result(gz_stats *s, const char *measure, const char *status, const int64_t *fen, const char *failed);
/* Text form, one "count\tkey" a line (errors as "!\tmessage"), NULL when out of memory or
 * the counts failed; load adds the text into s (-1: malformed, or out of memory). */
char *gz_stats_dump(const gz_stats *s, size_t *len);
int gz_stats_load(gz_stats *s, const char *text, size_t len);
int gz_stats_merge(gz_stats *into, const gz_stats *from); /* -1: into failed (out of memory) */
/* The summary for people. */
void gz_stats_print(const gz_stats *s, FILE *f, char **ids, int nids, double seconds, int64_t records);
/* A matching run's part of it (--all, a pattern): records with something payable, the total
 * after 就高不重复, the cost by district; out: the .db holding table matches, or NULL. */
void gz_stats_print_matches(const gz_stats *s, FILE *f, const char *out);
/* "1,234,567.89元" from fen; buf ≥ 40 bytes. */
char *gz_fen_format(int64_t fen, char *buf, size_t n, int separators);
int64_t gz_stats_errors(const gz_stats *s);

/* ---- batch_write.c ---- */
/* In a matching run's .db part (--all, a pattern), each row starts with a field naming its
 * table: a results row, or a row of `matches` (record_id, eligible, total, undetermined,
 * errors, district). */
#define GZ_MATCHES_TABLE(r) ((r)->matching && (r)->format == GZ_FMT_DB) /* not in an Excel output */
#define GZ_PART_RESULTS "r"
#define GZ_PART_MATCHES "m"
#define GZ_MATCH_COLS 6
/* A field of a binary part row (for .db outputs): NULL when s is NULL. */
void gz_part_field(gz_buf *b, const char *s, size_t n);
/* Reads the next field of a binary part row at *pos; returns 1, 0 at the end, -1 if malformed. */
int gz_part_next(const char *p, size_t len, size_t *pos, const char **s, size_t *n);
/* Part file: data, then stats text, then a trailer (lengths, the chunk's input sum,
 * batch_sum.c).  Written to tmp, renamed to path.  -1 with errno (ENOMEM when data is a
 * failed buffer or stats is NULL: never a short part). */
int gz_part_write(const char *path, const gz_buf *data, const char *stats, size_t statslen, uint64_t sum);
/* Reads a part file; *data and *stats point into *whole (malloc'd); *sum (may be NULL). */
int gz_part_read(const char *path, char **whole, size_t *datalen, const char **stats, size_t *statslen,
                 uint64_t *sum);
int gz_part_sum(const char *path, uint64_t *sum); /* 0 and the sum of a whole part */
int gz_part_valid(const char *path);              /* 1 when the file is a whole part */
void gz_part_path(const gz_run *r, int i, char *buf, size_t n); /* chunk i's part file */

typedef struct gz_writer gz_writer;
/* Opens the output writer in the work dir; on --resume, continues: *next is the first chunk
 * not yet merged, and stats holds the totals so far. */
gz_writer *gz_writer_open(gz_run *r, int *next, gz_stats *stats, char *err, size_t errlen);
/* Appends a chunk's part (in order); with commit, commits it and the chunks appended before it
 * with the totals, as gz_writer_commit.  A .db output commits every chunk. */
int gz_writer_add(gz_writer *w, int chunk, const char *data, size_t len, const gz_stats *totals, int commit,
                  char *err, size_t errlen);
/* CSV and JSON Lines: the output flushed to disk, then the progress record (chunk, the output's
 * length, the totals) replaced atomically: a --resume starts after chunk. */
int gz_writer_commit(gz_writer *w, int chunk, const gz_stats *totals, char *err, size_t errlen);
/* Finishes: the complete output moves to its place (or is copied to stdout). */
int gz_writer_finish(gz_writer *w, const gz_stats *totals, char *err, size_t errlen);
void gz_writer_free(gz_writer *w);
/* The run's description (options, table, plan): saved on the first run, compared on --resume,
 * written beside shard outputs for gazette merge.  NULL when out of memory. */
char *gz_run_signature(const gz_run *r, int with_shard);

/* ---- batch_xlsx.c ---- */
/* Writes xlsx_path from the finished results table in results_db and the run's totals.
 * 0, or -1 with err set (nothing written then). */
int gz_xlsx_write_run(gz_run *r, const char *results_db, const char *xlsx_path, const gz_stats *totals, char *err,
                      size_t errlen);

/* ---- batch_worker.c ---- */
/* Sets up Lua for the run: loads the measures through stdlib/batch.lua.  In the parent it
 * fills columns/ids/inputs; returns the Lua state (plan table on top) or NULL after an error
 * (message in err). */
lua_State *gz_batch_lua(gz_run *r, char *err, size_t errlen);
/* A worker: evaluates the chunks it claims from *next (shared by the workers, an atomic counter
 * that starts at the first chunk not yet in the output; the fast ones take more, so a worker
 * slowed by other work on the machine does not hold up the run), skipping those already
 * written; writes each as a part file, reports its index on fd.  Returns an exit status. */
int gz_worker(gz_run *r, int *next, int fd);

/* ---- batch_sum.c ---- */
/* A chunk's input sum: every value of each record row (kind 0) and child row (kind k + 1 for
 * child list k) a worker reads, in order. */
uint64_t gz_sum_start(void);
void gz_sum_row(uint64_t *h, sqlite3_stmt *st, int kind);
/* The same for a row's values already read (sqlite3_column_value of each column, in order),
 * each value also read into raws[] (text: the value's bytes, valid until the statement moves):
 * one pass over the row for the sum and the compiled path's arguments. */
void gz_sum_read(uint64_t *h, sqlite3_value **vals, gz_raw *raws, int n, int kind);
/* The SELECT of child list k's rows of one parent (bound as ?1); sqlite3_free it.  NULL when
 * out of memory. */
char *gz_plan_child_select(const gz_run *r, int k);
/* Records chunk's sum in WORKDIR/sums (flushed to disk with sync), before the chunk is
 * committed; gz_sums_sync flushes the lines written without. */
int gz_sums_add(const gz_run *r, int chunk, uint64_t sum, int sync);
int gz_sums_sync(const gz_run *r);
/* On --resume: reads chunks 0..next-1 again and compares their sums with those recorded (a
 * difference: exit 2 naming the chunk); unmerged parts that differ are removed (evaluated
 * again).  Returns 0, or an exit status after printing the reason. */
int gz_sums_verify(const gz_run *r, int next);

/* ---- batch_guard.c ---- */
/* What --out may be (checked before anything is created): not the --db file (same device and
 * inode), and if it exists a previous output of gazette run of the same kind (a .db with its run
 * table, a CSV, JSON Lines or Excel file with FILE.gzmeta; for cmd "whatif", a workbook of gazette
 * whatif).  cmd names the command in messages.
 * Returns 0, or GZ_EXIT_USAGE after printing the reason. */
int gz_out_check(const char *cmd, const char *out, const char *db, int format);
/* Marks out (an Excel workbook of `gazette whatif`) as an output a later --out may replace:
 * out.gzmeta with the command's description line. 0, or -1 with errno set. */
int gz_out_mark(const char *cmd, const char *out);
/* Creates (if needed) and locks the work folder dir of output out for this process (flock, kept
 * by the returned descriptor until exit), recording the pid in dir/pid.  Returns the descriptor,
 * or -1 after printing which process holds it (exit 2) or why it cannot be created. */
int gz_workdir_lock(const char *out, const char *dir, int *status);

/* ---- batch_progress.c ---- */
typedef struct gz_progress {
  int on;
  double start, last;
  int64_t total, done, done_at_start;
} gz_progress;
void gz_progress_start(gz_progress *p, int on, int64_t total, int64_t done);
void gz_progress_update(gz_progress *p, int64_t done, int force);
void gz_progress_end(gz_progress *p);
double gz_now(void);

#endif
