/* cmd_run.c: `gazette run MEASURE... --db FILE.db ...`, a batch over a population
 * (docs/batch.md).  The parent checks everything it can before running (the
 * measures, the table, --where, the children), plans key ranges (batch_plan.c), forks --jobs
 * workers (batch_worker.c) that write each chunk as a part file, and appends the parts to the
 * output in key order, committing each (batch_write.c), so that the output does not depend on
 * --jobs and a killed run continues with --resume.  Then the summary (batch_summary.c). */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch/batch.h"
#include "cmd/commands.h"
#include "core/date.h"
#include "core/file.h"

const char cmd_run_help[] =
    "evaluate measures over every record of a SQLite table (a batch)\n"
    "usage: gazette run MEASURE... --db FILE.db [OPTIONS]\n"
    "       gazette run --all [--entity E] --db FILE.db [OPTIONS]\n"
    "MEASURE: a measure id (chaoyang.startup-jobs-subsidy), the path of its script, or a pattern\n"
    "of ids ('chaoyang.*').\n"
    "options:\n"
    "  --db FILE.db            the population (opened read-only)\n"
    "  --table T               the table of records (default: the measures' entity in the plural,\n"
    "                          e.g. enterprises for entity \"enterprise\", else the entity itself)\n"
    "  --key COLUMN            the column that identifies records and that child rows reference\n"
    "                          (default: id when it is the INTEGER PRIMARY KEY; a column id that is not\n"
    "                          is refused without --key); unique integers without NULL\n"
    "  --where SQL             only records matching this SQL expression (e.g. \"reg_district = '朝阳区'\"):\n"
    "                          one expression, without comments or ';'\n"
    "  --limit N               only the first N records (in key order) that match\n"
    "  --as-of DATE            evaluation date (default: today in China Standard Time, UTC+8;\n"
    "                          2025-03-01 or 2025年3月1日)\n"
    "  --set NAME=VALUE        override a parameter (repeatable; MEASURE_ID:NAME=VALUE for one measure)\n"
    "  --interpret NAME=CHOICE choose a reading of ambiguous text (repeatable)\n"
    "  --child LIST=TABLE.COLUMN  child records of a list input (default: table LIST, column parent_id)\n"
    "  --all                   every measure for the entity (and the entities it is a kind of), instead of MEASURE...\n"
    "  --entity E              with --all or a pattern: the records' entity (default: after --table, else\n"
    "                          enterprise); MEASURE may be a pattern of ids such as 'chaoyang.*'\n"
    "  --out FILE              FILE.csv, FILE.jsonl, FILE.db (table results) or FILE.xlsx (an Excel\n"
    "                          workbook: a results sheet of typed cells and a summary sheet); default\n"
    "                          CSV on stdout. A new file, or a previous output of gazette run of the\n"
    "                          same kind (a .db with its run table, a CSV/JSON Lines/Excel file with\n"
    "                          FILE.gzmeta); anything\n"
    "                          else, the --db file above all, is refused; one run at a time per FILE\n"
    "  --explain               add a reasons column: the failed rules with their clauses\n"
    "  --explain-compile       say on stderr which measures run compiled, and why the others do not\n"
    "  --no-compile            evaluate every record with the reference evaluator (the same results)\n"
    "  --jobs N                worker processes (default: the number of cores); the output is the same\n"
    "  --resume                continue a run of the same --out that was killed or failed; refused when\n"
    "                          the table changed under a chunk already written\n"
    "  --shard K/N             evaluate only the K-th of N equal key ranges (merge with 'gazette merge')\n"
    "  --chunk-rows N          records per chunk, what a worker takes at a time (default 8192)\n"
    "  --progress / --no-progress  progress on stderr (default: when stderr is a terminal)\n"
    "Columns: record_id, measure, status, amount, the named outputs, [reasons], error.\n"
    "With --all or a pattern a .db output also holds table matches (record_id, eligible, total,\n"
    "undetermined, errors, district: what the measures pay each record together, after 就高不重复),\n"
    "and the summary ends with the cost by district (docs/matching.md).\n"
    "The summary (counts per status, total amount, top reasons, errors) goes to stderr, or to\n"
    "stdout when --out is a file.\n"
    "exit status: 0 every record evaluated; 1 some records have status error (or the run stopped:\n"
    "continue it with --resume); 2 bad options, unknown measure, unreadable database, bad table,\n"
    "key, --where or --child, an --out that may not be replaced, another run writing the same --out,\n"
    "or a --resume whose table changed, before anything runs.\n"
    "See docs/batch.md.\n";

static int usage(const char *fmt, const char *a) {
  char msg[600];
  snprintf(msg, sizeof msg, fmt, a);
  return gz_usage_error("run", "%s", msg);
}

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* Removes the files of a work dir (only the names the runner writes); then, when whole, the
 * lock's pid file and the dir itself (its lock goes when the process exits). */
static void clear_workdir(const char *dir, int whole) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  char p[4300];
  while ((e = readdir(d)) != NULL) {
    const char *n = e->d_name;
    if (strncmp(n, "chunk-", 6) == 0 || strncmp(n, "out.", 4) == 0 || strncmp(n, "progress", 8) == 0 ||
        strncmp(n, "plan", 4) == 0 || strncmp(n, "sums", 4) == 0 || (whole && strncmp(n, "pid", 3) == 0)) {
      snprintf(p, sizeof p, "%s/%s", dir, n);
      unlink(p);
    }
  }
  closedir(d);
  if (whole) rmdir(dir);
}
static void remove_workdir(const char *dir) { clear_workdir(dir, 1); }

/* The first line of a that b does not have, for a message: "keys 3000" (in buf). */
static const char *first_difference(const char *a, const char *b, char *buf, size_t n) {
  while (*a && *b) {
    const char *na = strchr(a, '\n'), *nb = strchr(b, '\n');
    size_t la = na ? (size_t)(na - a) : strlen(a), lb = nb ? (size_t)(nb - b) : strlen(b);
    if (la != lb || memcmp(a, b, la) != 0) {
      snprintf(buf, n, "'%.*s' is now '%.*s'", (int)(la > 200 ? 200 : la), a, (int)(lb > 200 ? 200 : lb), b);
      return buf;
    }
    a += la + (na != NULL);
    b += lb + (nb != NULL);
  }
  snprintf(buf, n, "the description of the run differs");
  return buf;
}

static char *read_text(const char *path) {
  size_t n;
  return gz_readfile(path, &n, (size_t)1 << 24);
}

/* The value of "NAME value" in a signature (malloc'd); NULL when absent or out of memory. */
static char *sig_value(const char *sig, const char *name) {
  size_t l = strlen(name);
  for (const char *p = sig; p && *p;) {
    if (strncmp(p, name, l) == 0 && p[l] == ' ') {
      const char *nl = strchr(p, '\n');
      size_t n = nl ? (size_t)(nl - p - l - 1) : strlen(p + l + 1);
      return strndup(p + l + 1, n);
    }
    p = strchr(p, '\n');
    if (p) p++;
  }
  return NULL;
}

static int64_t records_of(const gz_stats *s) { return gz_stats_get(s, "N"); }

/* Ctrl-C while the workers run: they stop, the chunks already merged stay, and the run
 * continues with --resume (docs/batch.md). */
static volatile sig_atomic_t run_interrupted;
static void on_run_sigint(int sig) {
  (void)sig;
  run_interrupted = 1;
}

/* What a run holds while it goes, besides the options and plan in gz_run. */
typedef struct run_state {
  char workdir[4200], planpath[4300];
  char as_of[11];
  gz_stats *totals;
  gz_writer *w;
  int next;            /* the first chunk not yet in the output */
  int64_t keys_done;   /* keys of the chunks in the output */
  gz_progress prog;
  int nworkers;
  int pending;         /* chunks appended since the last commit (CSV and JSON Lines) */
  double t0, committed_at;
  char err[2048];
} run_state;

/* CSV and JSON Lines commit the chunks appended at most this often (seconds), and at the end:
 * each commit flushes the sums, the output and the progress record to disk, three waits on the
 * disk that cost more than a chunk's evaluation when made for each one (a crash loses at most
 * this much work, which --resume evaluates again). */
#define COMMIT_EVERY 0.2

/* ---- the steps of a run ---- */

/* The defaults, then the command line; returns 0 or the usage error's exit status. */
static int run_options(gz_run *r, int argc, char **argv, const char **as_of) {
  long jobs = sysconf(_SC_NPROCESSORS_ONLN);
  r->limit = -1;
  r->shard_k = r->shard_n = 1;
  r->chunk_rows = 8192;
  r->jobs = jobs > 0 ? (int)jobs : 1;
  r->progress = isatty(2);
  const char *v;
  for (int i = 1; i < argc; i++) {
    char *end;
    if (gz_opt(argc, argv, &i, "--db", &v)) r->db = v;
    else if (gz_opt(argc, argv, &i, "--table", &v)) r->table = v;
    else if (gz_opt(argc, argv, &i, "--key", &v)) r->key_opt = v;
    else if (gz_opt(argc, argv, &i, "--where", &v)) r->where = v;
    else if (gz_opt(argc, argv, &i, "--out", &v)) r->out = v;
    else if (gz_opt(argc, argv, &i, "--as-of", &v)) *as_of = v;
    else if (gz_opt(argc, argv, &i, "--limit", &v)) {
      errno = 0;
      r->limit = strtoll(v, &end, 10);
      if (errno || *end || end == v || r->limit < 0) return usage("--limit expects a count of records, got '%s'", v);
    } else if (gz_opt(argc, argv, &i, "--jobs", &v)) {
      long n = strtol(v, &end, 10);
      if (*end || end == v || n < 1 || n > 256) return usage("--jobs expects a number of workers from 1 to 256, got '%s'", v);
      r->jobs = (int)n;
    } else if (gz_opt(argc, argv, &i, "--chunk-rows", &v)) {
      long long n = strtoll(v, &end, 10);
      if (*end || end == v || n < 1 || n > 100000000) return usage("--chunk-rows expects a count from 1, got '%s'", v);
      r->chunk_rows = n;
    } else if (gz_opt(argc, argv, &i, "--shard", &v)) {
      int k, n, c = 0;
      if (sscanf(v, "%d/%d%n", &k, &n, &c) != 2 || v[c] || n < 1 || k < 1 || k > n || n > 100000)
        return usage("--shard expects K/N with 1 <= K <= N (e.g. 3/16), got '%s'", v);
      r->shard_k = k;
      r->shard_n = n;
    } else if (gz_opt(argc, argv, &i, "--set", &v)) {
      if (r->nsets >= GZ_MAX_KV) return usage("too many --set options (at most 64)%s", "");
      if (!strchr(v, '=')) return usage("--set expects NAME=VALUE, got '%s'", v);
      r->sets[r->nsets++] = v;
    } else if (gz_opt(argc, argv, &i, "--interpret", &v)) {
      if (r->ninterprets >= GZ_MAX_KV) return usage("too many --interpret options (at most 64)%s", "");
      if (!strchr(v, '=')) return usage("--interpret expects NAME=CHOICE, got '%s'", v);
      r->interprets[r->ninterprets++] = v;
    } else if (gz_opt(argc, argv, &i, "--child", &v)) {
      if (r->nchild_opts >= GZ_MAX_CHILDREN) return usage("too many --child options (at most 16)%s", "");
      r->child_opts[r->nchild_opts++] = v;
    } else if (gz_opt(argc, argv, &i, "--entity", &v)) r->entity_opt = v;
    else if (gz_flag(argv, i, "--all")) r->all = 1;
    else if (gz_flag(argv, i, "--resume")) r->resume = 1;
    else if (gz_flag(argv, i, "--explain")) r->explain = 1;
    else if (gz_flag(argv, i, "--explain-compile")) r->explain_compile = 1;
    else if (gz_flag(argv, i, "--no-compile")) r->no_compile = 1;
    else if (gz_flag(argv, i, "--progress")) r->progress = 1;
    else if (gz_flag(argv, i, "--no-progress")) r->progress = 0;
    else if (argv[i][0] == '-' && argv[i][1]) return usage("unknown option '%s'", argv[i]);
    else {
      if (r->nmeasures >= GZ_MAX_MEASURES) return usage("too many measures (at most 64)%s", "");
      r->measures[r->nmeasures++] = argv[i];
    }
  }
  if (r->all && r->nmeasures)
    return usage("--all evaluates every measure for the entity; name no MEASURE (got '%s')", r->measures[0]);
  if (!r->nmeasures && !r->all)
    return usage("name at least one MEASURE (an id, a script path or a pattern such as 'chaoyang.*'), or --all%s", "");
  if (!r->db) return usage("--db FILE.db is required (the population to evaluate)%s", "");
  return 0;
}

/* The output's format from its extension, and what goes with it. */
static int run_format(gz_run *r) {
  if (!r->out) return r->resume ? usage("--resume needs --out FILE (a run to stdout cannot be resumed)%s", "") : 0;
  if (ends_with(r->out, ".csv")) r->format = GZ_FMT_CSV;
  else if (ends_with(r->out, ".jsonl") || ends_with(r->out, ".ndjson")) r->format = GZ_FMT_JSONL;
  else if (ends_with(r->out, ".db") || ends_with(r->out, ".sqlite") || ends_with(r->out, ".sqlite3")) r->format = GZ_FMT_DB;
  else if (ends_with(r->out, ".xlsx")) r->format = GZ_FMT_XLSX;
  else return usage("--out %s: the extension chooses the format: .csv, .jsonl, .db or .xlsx", r->out);
  if (r->format == GZ_FMT_XLSX && r->shard_n > 1)
    return usage("--out %s: a shard cannot be a workbook (gazette merge joins .db, .csv or .jsonl shards); write "
                 "the shards as .db", r->out);
  if (strlen(r->out) > 4000) return usage("--out: path too long%s", "");
  /* --out may create a file or replace a previous output of the same kind, nothing else
   * (batch_guard.c): checked before anything is created beside it. */
  return gz_out_check("run", r->out, r->db, r->format);
}

/* The work dir beside the output (or a temporary one for stdout). */
static int run_workdir(gz_run *r, run_state *s) {
  if (r->out) snprintf(s->workdir, sizeof s->workdir, "%s.gzrun", r->out);
  else {
    const char *tmp = getenv("TMPDIR");
    snprintf(s->workdir, sizeof s->workdir, "%s/gazette-run-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(s->workdir)) {
      fprintf(stderr, "gazette run: cannot create a work folder in %s: %s\n", tmp ? tmp : "/tmp", strerror(errno));
      return GZ_EXIT_FAIL;
    }
  }
  r->workdir = s->workdir;
  snprintf(s->planpath, sizeof s->planpath, "%s/plan", s->workdir);
  return 0;
}

/* --as-of: given, or the one the interrupted run used (compared again, with everything else,
 * once the work dir is locked), or today in Beijing, as every command. */
static int run_as_of(gz_run *r, run_state *s, const char *as_of) {
  if (as_of) {
    int32_t day;
    char err[200];
    if (gz_date_parse(as_of, strlen(as_of), &day, err, sizeof err) != 0) return usage("--as-of: %s", err);
    gz_date_format(day, s->as_of);
  } else {
    char *saved = r->resume ? read_text(s->planpath) : NULL, *v = NULL;
    errno = 0;
    if (saved) v = sig_value(saved, "as_of");
    if (saved && !v && errno == ENOMEM) {
      free(saved);
      fprintf(stderr, "gazette run: reading %s: %s\n", s->planpath, strerror(ENOMEM));
      return GZ_EXIT_FAIL;
    }
    if (v) snprintf(s->as_of, sizeof s->as_of, "%s", v);
    else gz_date_format(gz_date_today(), s->as_of);
    free(v);
    free(saved);
  }
  r->as_of = s->as_of;
  return 0;
}

/* The measures, the table, the plan: every input error before anything runs. */
static int run_check(gz_run *r, run_state *s) {
  lua_State *L = gz_batch_lua(r, s->err, sizeof s->err);
  if (!L) {
    fprintf(stderr, "gazette run: %s\n", s->err);
    return GZ_EXIT_USAGE;
  }
  /* kept for the workers: a forked worker starts from it (the measures loaded and compiled)
   * instead of loading them again; closed once they are forked (gz_run_free on errors).
   * A matching run's worker tells it the columns the records hold (plan.set_fetched). */
  r->prefork = L;
  int rc = gz_plan(r);
  if (rc) return rc;
  if (r->jobs > r->nchunks) r->jobs = r->nchunks > 0 ? r->nchunks : 1;
  return 0;
}

/* One run at a time on an output (the lock is held until this process exits); on --resume the
 * run's description must be the one saved; otherwise the description is saved. */
static int run_describe(gz_run *r, run_state *s) {
  char *saved = NULL;
  if (r->out) {
    int lock_status;
    if (gz_workdir_lock(r->out, s->workdir, &lock_status) < 0) return lock_status;
    if (r->resume && !(saved = read_text(s->planpath))) {
      fprintf(stderr, "gazette run: note: nothing to resume for %s (no %s); running from the start\n", r->out,
              s->planpath);
      r->resume = 0;
    }
  }
  char *sig = gz_run_signature(r, 1);
  if (!sig) {
    fprintf(stderr, "gazette run: %s\n", strerror(ENOMEM));
    free(saved);
    return GZ_EXIT_FAIL;
  }
  if (saved && strcmp(saved, sig) != 0) {
    char diff[600];
    fprintf(stderr,
            "gazette run: cannot resume %s: the measures, options or table changed since the run started (%s; "
            "see %s); run again without --resume to start over\n",
            r->out, first_difference(saved, sig, diff, sizeof diff), s->planpath);
    free(saved);
    free(sig);
    return GZ_EXIT_USAGE;
  }
  free(saved);
  if (!r->resume) {
    if (r->out) clear_workdir(s->workdir, 0); /* locked: emptied, not removed */
    FILE *f = fopen(s->planpath, "w");
    int werr = !f || fputs(sig, f) < 0;
    if ((f && fclose(f) != 0) || werr) {
      fprintf(stderr, "gazette run: cannot write %s: %s\n", s->planpath, strerror(errno));
      free(sig);
      return GZ_EXIT_FAIL;
    }
  }
  free(sig);
  return 0;
}

/* The totals and the writer (on --resume, both from where the run stopped), with the chunks in
 * the output verified against the table. */
static int run_open_output(gz_run *r, run_state *s) {
  if (!(s->totals = gz_stats_new())) {
    fprintf(stderr, "gazette run: %s\n", strerror(ENOMEM));
    return GZ_EXIT_FAIL;
  }
  for (int m = 0; m < r->nids && r->no_amount; m++) /* the summary says so, not 0.00元 */
    if (r->no_amount[m]) {
      char k[600];
      snprintf(k, sizeof k, "X\t%s", r->ids[m]);
      gz_stats_flag(s->totals, k);
    }
  if (!(s->w = gz_writer_open(r, &s->next, s->totals, s->err, sizeof s->err))) {
    fprintf(stderr, "gazette run: %s\n", s->err);
    return GZ_EXIT_FAIL;
  }
  /* Parts already merged (a kill between commit and unlink) are stale. */
  char part[4300];
  for (int c = 0; c < s->next && c < r->nchunks; c++) {
    gz_part_path(r, c, part, sizeof part);
    unlink(part);
  }
  /* --resume: the chunks in the output must still read as they did (batch_sum.c). */
  int rc = r->resume ? gz_sums_verify(r, s->next) : 0;
  if (rc) return rc;
  for (int c = 0; c < s->next && c < r->nchunks; c++) s->keys_done += r->chunk_rows_n[c];
  gz_progress_start(&s->prog, r->progress, r->count, s->keys_done);
  return 0;
}

/* Commits the chunks appended since the last commit: their sums, then the output with the
 * totals.  0, or -1 after printing why (the run stops; a --resume starts after the last commit). */
static int run_commit(gz_run *r, run_state *s) {
  if (!s->pending) return 0;
  if (r->out && gz_sums_sync(r) != 0) {
    fprintf(stderr, "gazette run: cannot write %s/sums: %s\n", s->workdir, strerror(errno));
    return -1;
  }
  if (gz_writer_commit(s->w, s->next - 1, s->totals, s->err, sizeof s->err) != 0) {
    fprintf(stderr, "gazette run: %s\n", s->err);
    return -1;
  }
  s->pending = 0;
  s->committed_at = gz_now();
  return 0;
}

/* Appends chunk s->next, whose part file a worker wrote, to the output, and commits it when the
 * last commit is COMMIT_EVERY old or it is the last chunk. 0, or -1 after printing why (the run
 * stops; the chunks committed before stay). */
static int run_append_chunk(gz_run *r, run_state *s) {
  char part[4300];
  char *whole;
  size_t dlen, slen;
  const char *st;
  uint64_t sum;
  gz_part_path(r, s->next, part, sizeof part);
  if (gz_part_read(part, &whole, &dlen, &st, &slen, &sum) != 0) {
    fprintf(stderr, "gazette run: cannot read %s: %s\n", part, strerror(errno));
    return -1;
  }
  /* recorded before the chunk is committed: a .db commits each chunk (db_add) */
  if (r->out && gz_sums_add(r, s->next, sum, GZ_FMT_ROWS_DB(r->format)) != 0) {
    fprintf(stderr, "gazette run: cannot write %s/sums: %s\n", s->workdir, strerror(errno));
    free(whole);
    return -1;
  }
  gz_stats *cs = gz_stats_new();
  int bad = !cs || gz_stats_load(cs, st, slen) != 0;
  if (bad || gz_stats_merge(s->totals, cs) != 0) { /* never totals that miss a chunk's counts */
    fprintf(stderr, "gazette run: the counts of %s: %s\n", part, bad && cs && !gz_stats_failed(cs) ? "malformed" : strerror(ENOMEM));
    gz_stats_free(cs);
    free(whole);
    return -1;
  }
  gz_stats_free(cs);
  int commit = s->next + 1 == r->nchunks || gz_now() - s->committed_at >= COMMIT_EVERY;
  int rc = gz_writer_add(s->w, s->next, whole, dlen, s->totals, 0, s->err, sizeof s->err);
  free(whole);
  if (rc != 0) {
    fprintf(stderr, "gazette run: %s\n", s->err);
    return -1;
  }
  unlink(part);
  s->keys_done += r->chunk_rows_n[s->next];
  s->next++;
  s->pending++;
  return commit ? run_commit(r, s) : 0;
}

/* Reads the workers' reports (a chunk index each) and appends the chunks in order as they are
 * ready; returns 1 when the run stopped before the last chunk. */
static int run_collect(gz_run *r, run_state *s, int fd) {
  char *done = calloc((size_t)r->nchunks + 1, 1);
  if (!done) {
    fprintf(stderr, "gazette run: %s\n", strerror(ENOMEM));
    return 1;
  }
  int32_t msg[2];
  size_t got = 0;
  int failed = 0, ioerr = 0;
  while (!failed && s->next < r->nchunks) {
    if (run_interrupted) {
      failed = 1;
      break;
    }
    struct pollfd pf = {fd, POLLIN, 0};
    int pr = poll(&pf, 1, 250);
    if (pr < 0 && errno == EINTR) continue;
    if (pr > 0) {
      ssize_t n = read(fd, (char *)msg + got, sizeof msg - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break; /* every worker is gone */
      got += (size_t)n;
      if (got < sizeof msg) continue;
      got = 0;
      if (msg[0] >= 0 && msg[0] < r->nchunks) done[msg[0]] = 1;
    }
    while (!failed && s->next < r->nchunks && done[s->next]) ioerr = failed = run_append_chunk(r, s) != 0;
    /* a commit also when no chunk comes (slow measures): the appended ones wait no longer */
    if (!failed && s->pending && gz_now() - s->committed_at >= COMMIT_EVERY) ioerr = failed = run_commit(r, s) != 0;
    gz_progress_update(&s->prog, s->keys_done, 0);
  }
  free(done);
  /* stopped (Ctrl-C, a worker failed): the chunks appended are kept for --resume */
  if (!ioerr && s->pending && run_commit(r, s) != 0) failed = 1;
  return failed || s->next < r->nchunks;
}

/* Forks the workers, appends their chunks, waits for them; returns 1 when the run stopped. */
static int run_workers(gz_run *r, run_state *s) {
  int fds[2], failed = 0;
  pid_t pids[256];
  if (pipe(fds) != 0) {
    fprintf(stderr, "gazette run: pipe: %s\n", strerror(errno));
    return 1;
  }
  fflush(NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_run_sigint; /* no SA_RESTART: poll returns at once */
  sigaction(SIGINT, &sa, NULL);
  /* the next chunk to claim, shared by the workers (gz_worker) */
  int *next = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (next == MAP_FAILED) {
    fprintf(stderr, "gazette run: cannot share the chunk counter with the workers: %s\n", strerror(errno));
    close(fds[0]);
    close(fds[1]);
    return 1;
  }
  *next = s->next;
  pid_t parent = getpid();
  for (int i = 0; i < r->jobs; i++) {
    pid_t p = fork();
    if (p < 0) {
      fprintf(stderr, "gazette run: cannot start worker %d: %s\n", i + 1, strerror(errno));
      failed = 1;
      break;
    }
    if (p == 0) {
      close(fds[0]);
      signal(SIGPIPE, SIG_DFL);
      signal(SIGINT, SIG_DFL);
      prctl(PR_SET_PDEATHSIG, SIGKILL); /* a killed run takes its workers with it */
      if (getppid() != parent) _exit(GZ_EXIT_FAIL);
      int st = gz_worker(r, next, fds[1]);
      fflush(NULL);
      _exit(st);
    }
    pids[s->nworkers++] = p;
  }
  gz_closestate(r->prefork);
  r->prefork = NULL;
  close(fds[1]);
  if (!failed) failed = run_collect(r, s, fds[0]);
  close(fds[0]);
  for (int i = 0; i < s->nworkers; i++) {
    int st;
    if (failed) kill(pids[i], SIGTERM);
    while (waitpid(pids[i], &st, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) failed = 1;
  }
  munmap(next, sizeof(int));
  gz_signals_install(); /* Ctrl-C from here on ends the command at once */
  return failed;
}

/* The end: the output moved into place and the summary, or why the run stopped. */
static int run_finish(gz_run *r, run_state *s, int stopped) {
  gz_progress_update(&s->prog, s->keys_done, 1);
  gz_progress_end(&s->prog);
  if (stopped || s->next < r->nchunks) {
    const char *why = run_interrupted ? "interrupted: " : "";
    if (r->out)
      fprintf(stderr, "gazette run: %sthe run stopped after %d of %d chunks; continue it with --resume\n", why,
              s->next, r->nchunks);
    else {
      remove_workdir(s->workdir);
      fprintf(stderr, "gazette run: %sthe run stopped after %d of %d chunks\n", why, s->next, r->nchunks);
    }
    return GZ_EXIT_FAIL;
  }
  if (gz_writer_finish(s->w, s->totals, s->err, sizeof s->err) != 0) {
    fprintf(stderr, "gazette run: %s%s\n", s->err, r->out ? "; continue the run with --resume" : "");
    return GZ_EXIT_FAIL;
  }
  gz_writer_free(s->w);
  s->w = NULL;
  remove_workdir(s->workdir);
  FILE *sf = r->out ? stdout : stderr;
  gz_stats_print(s->totals, sf, r->ids, r->nids, gz_now() - s->t0, records_of(s->totals));
  if (r->matching) gz_stats_print_matches(s->totals, sf, r->format == GZ_FMT_DB ? r->out : NULL);
  struct rusage ru_self, ru_kids;
  getrusage(RUSAGE_SELF, &ru_self);
  getrusage(RUSAGE_CHILDREN, &ru_kids);
  if (s->nworkers)
    fprintf(sf, "peak memory: %ld KiB the largest of %d worker%s, %ld KiB the runner\n", ru_kids.ru_maxrss,
            s->nworkers, s->nworkers == 1 ? "" : "s", ru_self.ru_maxrss);
  fflush(stdout);
  return gz_stats_errors(s->totals) ? GZ_EXIT_FAIL : GZ_EXIT_OK;
}

static int run_main(gz_run *r, run_state *s, int argc, char **argv) {
  const char *as_of = NULL;
  int rc = run_options(r, argc, argv, &as_of);
  if (!rc) rc = run_format(r);
  if (!rc) rc = run_workdir(r, s);
  if (rc) return rc;
  if (!(rc = run_as_of(r, s, as_of)) && !(rc = run_check(r, s)) && !(rc = run_describe(r, s))) {
    s->t0 = gz_now();
    rc = run_open_output(r, s);
    if (!rc) rc = run_finish(r, s, s->next < r->nchunks ? run_workers(r, s) : 0);
  } else if (!r->out) {
    rmdir(s->workdir); /* nothing was written in it */
  }
  return rc;
}

int cmd_run(int argc, char **argv, gz_opts *o) {
  gz_run r;
  memset(&r, 0, sizeof r);
  r.o = o;
  run_state *s = calloc(1, sizeof *s);
  int rc = s ? run_main(&r, s, argc, argv) : (fprintf(stderr, "gazette run: %s\n", strerror(ENOMEM)), GZ_EXIT_FAIL);
  if (s) {
    gz_writer_free(s->w);
    gz_stats_free(s->totals);
    free(s);
  }
  gz_run_free(&r);
  return rc;
}
