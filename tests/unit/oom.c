/* Out of memory in the batch runner's C pieces, one allocation at a time.
 *
 * Linked with ld --wrap for malloc, calloc, realloc, strdup and strndup (UNIT_LDFLAGS_oom in
 * the Makefile), so that every allocation the host's own files make goes through the
 * wrappers below, which can fail the n-th one.  Each check runs a piece of work with the
 * first, second, third ... allocation failing until it runs without failing one, and asks
 * for what the house rule says (docs/architecture.md): a failure is reported (NULL, -1, an
 * error), never a result that is silently short, and nothing leaks (under the ASan build,
 * LeakSanitizer checks that at exit).  SQLite's and Lua's own allocations are not wrapped
 * (they are not in the files linked here, or go through the Lua allocator untouched here). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch/batch.h"
#include "tap.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t k);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

static long fail_at = 0, count = 0; /* fail allocation number fail_at (1-based; 0: none) */
static int failed_one = 0;

static int refuse(void) {
  if (fail_at && ++count == fail_at) {
    failed_one = 1;
    errno = ENOMEM;
    return 1;
  }
  return 0;
}
void *__wrap_malloc(size_t n) { return refuse() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t k) { return refuse() ? NULL : __real_calloc(n, k); }
void *__wrap_realloc(void *p, size_t n) { return refuse() ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s) { return refuse() ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n) { return refuse() ? NULL : __real_strndup(s, n); }

static void arm(long n) {
  fail_at = n;
  count = 0;
  failed_one = 0;
}

/* stderr to /dev/null while the pieces print their errors (the checks say what matters). */
static int saved_stderr = -1;
static void quiet(int on) {
  fflush(stderr);
  if (on) {
    saved_stderr = dup(2);
    int fd = open("/dev/null", O_WRONLY);
    dup2(fd, 2);
    close(fd);
  } else if (saved_stderr >= 0) {
    dup2(saved_stderr, 2);
    close(saved_stderr);
    saved_stderr = -1;
  }
}

/* ---- the pieces, each returning its result as text (malloc'd, unwrapped) or NULL ---- */

/* Counts of a chunk as a worker makes them, merged into totals as the runner does, dumped as
 * the progress record would hold them. */
static char *stats_work(void) {
  gz_stats *a = gz_stats_new(), *t = gz_stats_new();
  char *out = NULL;
  if (!a || !t) goto done;
  int64_t fen = 3000000;
  for (int i = 0; i < 40; i++) {
    char m[32];
    snprintf(m, sizeof m, "measure.%d", i % 7);
    gz_stats_add(a, "N", 1);
    gz_stats_result(a, m, i % 3 ? "eligible" : "ineligible", i % 3 ? &fen : NULL,
                    i % 3 ? NULL : "district\t五（二）\t注册地\nhires\t五（二）\t3人以上");
  }
  gz_stats_error(a, 17, "measure.1", "input 'employees': cannot read 'abc' as an integer");
  gz_stats_flag(a, "X\tmeasure.6");
  size_t len;
  char *d = gz_stats_dump(a, &len);
  gz_stats *b = gz_stats_new();
  int rc = d && b ? gz_stats_load(b, d, len) : -1;
  free(d);
  if (!rc) rc = gz_stats_merge(t, b);
  if (!rc) rc = gz_stats_merge(t, a);
  gz_stats_free(b);
  if (!rc) out = gz_stats_dump(t, &len);
done:
  gz_stats_free(a);
  gz_stats_free(t);
  return out;
}

static gz_run *sample_run(void) {
  static gz_run r;
  static char *inputs[2], *columns[5], *types[5], *ids[2];
  memset(&r, 0, sizeof r);
  r.key = "\"id\"";
  r.key_name = "id";
  r.table_name = "enterprises";
  r.where = "reg_district = '朝阳区'";
  inputs[0] = "employees";
  inputs[1] = "revenue";
  r.inputs = inputs;
  r.ninputs = 2;
  static const char *cols[] = {"record_id", "measure", "status", "amount", "error"};
  for (int i = 0; i < 5; i++) columns[i] = (char *)cols[i], types[i] = i ? "TEXT" : "INTEGER";
  r.columns = columns;
  r.types = types;
  r.ncols = 5;
  ids[0] = "chaoyang.startup-jobs-subsidy";
  r.ids = ids;
  r.measures[0] = ids[0];
  r.nmeasures = 1;
  r.as_of = "2023-06-01";
  r.limit = -1;
  r.shard_k = r.shard_n = 1;
  r.chunk_rows = 8192;
  r.schema = "schema CREATE TABLE enterprises (id INTEGER PRIMARY KEY, employees, revenue)\n";
  return &r;
}

static char *select_work(void) { return gz_plan_select(sample_run()); }
static char *signature_work(void) { return gz_run_signature(sample_run(), 1); }

/* The plan of a real table (3 chunks of 2 keys), as text. */
static const char *plan_db;
static char *plan_work(void) {
  gz_run r;
  memset(&r, 0, sizeof r);
  r.db = plan_db;
  r.table = "enterprises";
  r.limit = -1;
  r.shard_k = r.shard_n = 1;
  r.chunk_rows = 2;
  char *in = strdup("employees");
  r.inputs = calloc(2, sizeof *r.inputs);
  if (!in || !r.inputs) {
    free(in);
    free(r.inputs);
    return NULL;
  }
  r.inputs[0] = in;
  r.ninputs = 1;
  quiet(1);
  int rc = gz_plan(&r);
  quiet(0);
  char buf[400], *out = NULL;
  if (rc == 0) {
    int n = snprintf(buf, sizeof buf, "%s %s %lld chunks", r.table_name, r.key, (long long)r.nchunks);
    for (int c = 0; c < r.nchunks; c++)
      n += snprintf(buf + n, sizeof buf - (size_t)n, " [%lld-%lld:%lld]", (long long)r.chunk_lo[c],
                    (long long)r.chunk_hi[c], (long long)r.chunk_rows_n[c]);
    long saved = fail_at;
    fail_at = 0; /* the text itself is the test's */
    out = strdup(buf);
    fail_at = saved;
  }
  gz_run_free(&r);
  return out;
}

/* A CSV output written through the writer as gazette run does: opened, one chunk, finished;
 * the result is the output file's bytes and its FILE.gzmeta (the description and totals). */
static char tmpdir[64];
static char *writer_work(void) {
  gz_run *r = sample_run();
  char out[128], work[160], err[600];
  snprintf(out, sizeof out, "%s/out.csv", tmpdir);
  snprintf(work, sizeof work, "%s/out.csv.gzrun", tmpdir);
  unlink(out);
  snprintf(err, sizeof err, "%s.gzmeta", out);
  unlink(err);
  mkdir(work, 0755);
  r->out = out;
  r->workdir = work;
  r->format = GZ_FMT_CSV;
  gz_stats *t = gz_stats_new();
  int next = 0;
  gz_writer *w = t ? gz_writer_open(r, &next, t, err, sizeof err) : NULL;
  static const char rows[] = "1,chaoyang.startup-jobs-subsidy,eligible,70000.00,\n";
  int rc = w ? 0 : -1;
  if (!rc) gz_stats_add(t, "N", 1);
  if (!rc) rc = gz_writer_add(w, 0, rows, sizeof rows - 1, t, 1, err, sizeof err);
  if (!rc) rc = gz_writer_finish(w, t, err, sizeof err);
  gz_writer_free(w);
  gz_stats_free(t);
  if (rc) return NULL;
  long saved = fail_at;
  fail_at = 0; /* the output and its description (with the totals), as the result */
  char meta[160];
  snprintf(meta, sizeof meta, "%s.gzmeta", out);
  char *text = calloc(1, 4000);
  size_t n = 0;
  const char *files[] = {out, meta};
  for (int i = 0; i < 2 && text; i++) {
    FILE *f = fopen(files[i], "rb");
    if (f) {
      n += fread(text + n, 1, 3999 - n, f);
      fclose(f);
    }
  }
  fail_at = saved;
  return text;
}

/* Runs work with each allocation failing in turn: every run returns the whole result or NULL. */
static void each_failure(const char *what, char *(*work)(void)) {
  arm(0);
  char *want = work();
  ok(want != NULL, "%s: the whole result without a failure", what);
  if (!want) return;
  long n = 0, reported = 0, wrong = 0;
  for (n = 1; n < 100000; n++) {
    arm(n);
    char *got = work();
    int hit = failed_one;
    arm(0);
    if (!hit) { /* every allocation ran: the result must be the whole one */
      if (!got || strcmp(got, want) != 0) wrong++;
      free(got);
      break;
    }
    if (got == NULL) reported++;
    else if (strcmp(got, want) != 0) { /* a short or different result: the silent failure */
      wrong++;
      printf("# %s: with allocation %ld failing, the result was '%.200s'\n", what, n, got);
    }
    free(got);
  }
  ok(n > 1 && wrong == 0, "%s: each of its %ld allocations failing in turn: %ld reported, never a wrong result", what,
     n - 1, reported);
  free(want);
}

int main(void) {
  each_failure("counts: add, result, error, flag, dump, load, merge", stats_work);
  each_failure("the SELECT of a chunk", select_work);
  each_failure("the run's description", signature_work);

  snprintf(tmpdir, sizeof tmpdir, "/tmp/gazette-oom-XXXXXX");
  if (!mkdtemp(tmpdir)) return 1;
  char db[128], cmd[400];
  snprintf(db, sizeof db, "%s/pop.db", tmpdir);
  snprintf(cmd, sizeof cmd,
           "sqlite3 %s \"CREATE TABLE enterprises (id INTEGER PRIMARY KEY, employees INTEGER);"
           " INSERT INTO enterprises VALUES (1, 3), (2, 4), (5, 9), (6, 1), (9, 2);\"",
           db);
  if (system(cmd) == 0) {
    plan_db = db;
    arm(0);
    char *p = plan_work();
    is_str(p, "enterprises \"id\" 3 chunks [1-2:2] [5-6:2] [9-9:1]", "the plan of 5 keys in chunks of 2");
    free(p);
    each_failure("the plan of a table (gz_plan)", plan_work);
  } else {
    ok(1, "# SKIP sqlite3 is not installed: the plan is not checked");
  }
  each_failure("a CSV output written, committed and finished (gz_writer)", writer_work);
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  if (system(cmd) != 0) return 1;
  return done_testing();
}
