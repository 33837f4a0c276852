/* batch_guard.c: what `gazette run` and `gazette merge` may write over, and one run at a time.
 *
 * --out may create a file or replace a previous output of gazette run of the same kind: a .db
 * whose table run holds the run's signature, a CSV, JSON Lines or Excel file with its FILE.gzmeta.
 * Anything else (the population itself, a case store, a file gazette did not write) is refused
 * before anything is created, naming the file.  The population is compared by device and inode,
 * so `./s.db`, an absolute path, a symbolic or a hard link to it are all caught.
 *
 * A run writes its output in FILE.gzrun/ and holds an exclusive flock on that folder until it
 * exits (the lock goes with the process, kill -9 included); a second run on the same output,
 * --resume or not, finds it held and is refused, naming the process recorded in FILE.gzrun/pid. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "batch/batch.h"
#include "core/file.h"

static const char *const FORMAT_NAMES[] = {"csv", "jsonl", "db", "xlsx"};

/* "a, b" of the tables of a database; "" when it has none or cannot be read. */
static void db_tables(sqlite3 *db, char *buf, size_t n) {
  sqlite3_stmt *st;
  size_t j = 0;
  buf[0] = 0;
  if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                         -1, &st, NULL) != SQLITE_OK)
    return;
  while (sqlite3_step(st) == SQLITE_ROW && j + 8 < n)
    j += (size_t)snprintf(buf + j, n - j, "%s%s", j ? ", " : "", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
}

/* The value of the "format NAME" line of a run signature is name. */
static int sig_format(const char *sig, const char *name) {
  for (const char *p = sig; p && *p;) {
    if (strncmp(p, "format ", 7) == 0) {
      size_t l = strlen(name);
      return strncmp(p + 7, name, l) == 0 && (p[7 + l] == '\n' || p[7 + l] == 0);
    }
    p = strchr(p, '\n');
    if (p) p++;
  }
  return 0;
}

/* The first line of what an output's description holds: gazette run's, or gazette whatif's. */
static const char *sig_head(const char *cmd) { return strcmp(cmd, "whatif") == 0 ? "gazette-whatif " : "gazette-run "; }

/* Why out (which exists) is not a previous output of the given format: NULL when it is one. */
static const char *not_an_output(const char *cmd, const char *out, int format, char *why, size_t n) {
  if (format == GZ_FMT_DB) {
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int ok = 0;
    if (sqlite3_open_v2(out, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL, NULL, NULL) != SQLITE_OK) {
      snprintf(why, n, "not a SQLite database");
      sqlite3_close(db);
      return why;
    }
    if (sqlite3_prepare_v2(db, "SELECT value FROM run WHERE key = 'signature'", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      const char *sig = (const char *)sqlite3_column_text(st, 0);
      ok = sig && strncmp(sig, "gazette-run ", 12) == 0 && sig_format(sig, "db");
    }
    sqlite3_finalize(st);
    if (!ok) {
      char tables[400];
      db_tables(db, tables, sizeof tables);
      if (tables[0]) snprintf(why, n, "it holds tables: %s", tables);
      else snprintf(why, n, "a database without the run table of a gazette run output");
    }
    sqlite3_close(db);
    return ok ? NULL : why;
  }
  char meta[4200];
  snprintf(meta, sizeof meta, "%s.gzmeta", out);
  size_t len;
  char *sig = gz_readfile(meta, &len, (size_t)1 << 24);
  const char *head = sig_head(cmd);
  int ok = sig && strncmp(sig, head, strlen(head)) == 0 && sig_format(sig, FORMAT_NAMES[format]);
  free(sig);
  if (ok) return NULL;
  snprintf(why, n, "%s %s", sig ? "its description does not match:" : "no", meta);
  return why;
}

int gz_out_check(const char *cmd, const char *out, const char *db, int format) {
  struct stat so, sd;
  char why[4300]; /* holds the longest reason: "its description does not match: " and a 4200-byte path */
  if (stat(out, &so) != 0) {
    if (errno == ENOENT) return 0; /* a new file */
    fprintf(stderr, "gazette %s: cannot use --out %s: %s\n", cmd, out, strerror(errno));
    return GZ_EXIT_USAGE;
  }
  if (db && stat(db, &sd) == 0 && so.st_dev == sd.st_dev && so.st_ino == sd.st_ino) {
    fprintf(stderr,
            "gazette %s: --out %s is the population --db %s: the results would replace it; choose another file\n",
            cmd, out, db);
    return GZ_EXIT_USAGE;
  }
  if (!S_ISREG(so.st_mode)) {
    fprintf(stderr, "gazette %s: --out %s exists and is not a regular file\n", cmd, out);
    return GZ_EXIT_USAGE;
  }
  if (not_an_output(cmd, out, format, why, sizeof why)) {
    fprintf(stderr,
            "gazette %s: --out %s exists and is not an output of gazette %s (%s); it is not replaced: choose "
            "another file, or remove it first\n",
            cmd, out, strcmp(cmd, "whatif") == 0 ? "whatif" : "run", why);
    return GZ_EXIT_USAGE;
  }
  return 0;
}

int gz_out_mark(const char *cmd, const char *out) {
  char meta[4200], tmp[4300];
  snprintf(meta, sizeof meta, "%s.gzmeta", out);
  snprintf(tmp, sizeof tmp, "%s.tmp", meta);
  FILE *f = fopen(tmp, "w");
  if (!f) return -1;
  int bad = fprintf(f, "%s1\nformat xlsx\n", sig_head(cmd)) < 0;
  if (fclose(f) != 0 || bad || rename(tmp, meta) != 0) {
    unlink(tmp);
    return -1;
  }
  return 0;
}

int gz_workdir_lock(const char *out, const char *dir, int *status) {
  char pidpath[4300];
  snprintf(pidpath, sizeof pidpath, "%s/pid", dir);
  *status = GZ_EXIT_FAIL;
  /* The folder may be removed by the run that holds it as it finishes: lock, then check that the
   * folder locked is still the one at that path, else try again. */
  for (int attempt = 0; attempt < 20; attempt++) {
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
      fprintf(stderr, "gazette run: cannot create %s: %s\n", dir, strerror(errno));
      return -1;
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) continue;
      fprintf(stderr, "gazette run: cannot open %s: %s\n", dir, strerror(errno));
      return -1;
    }
    int locked = flock(fd, LOCK_EX | LOCK_NB) == 0, e = errno;
    long holder = 0;
    /* The workers of a run share its lock: when the run itself is gone (kill -9), they follow it
     * within moments (PR_SET_PDEATHSIG), and the lock is waited for rather than refused. */
    for (int wait = 0; !locked && e == EWOULDBLOCK && wait < 200; wait++) {
      size_t len;
      char *pid = gz_readfile(pidpath, &len, 64);
      holder = pid ? strtol(pid, NULL, 10) : 0;
      free(pid);
      if (holder <= 0 || kill((pid_t)holder, 0) == 0 || errno != ESRCH) break;
      usleep(50000);
      locked = flock(fd, LOCK_EX | LOCK_NB) == 0;
      e = errno;
    }
    if (!locked) {
      close(fd);
      if (e != EWOULDBLOCK) {
        fprintf(stderr, "gazette run: cannot lock %s: %s\n", dir, strerror(e));
        return -1;
      }
      if (holder > 0)
        fprintf(stderr,
                "gazette run: %s is being written by another gazette run (process %ld); wait for it to finish, or "
                "stop it and continue with --resume\n",
                out, holder);
      else
        fprintf(stderr, "gazette run: %s is being written by another gazette run (%s is locked)\n", out, dir);
      *status = GZ_EXIT_USAGE;
      return -1;
    }
    struct stat a, b;
    if (fstat(fd, &a) != 0 || stat(dir, &b) != 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
      close(fd);
      continue;
    }
    char tmp[4400], text[32];
    snprintf(tmp, sizeof tmp, "%s.tmp", pidpath);
    int n = snprintf(text, sizeof text, "%ld\n", (long)getpid());
    int pf = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), wrote = 0;
    if (pf >= 0) {
      wrote = write(pf, text, (size_t)n) == n;
      wrote = close(pf) == 0 && wrote && rename(tmp, pidpath) == 0;
    }
    if (!wrote) {
      fprintf(stderr, "gazette run: cannot write %s: %s\n", pidpath, strerror(errno));
      if (pf >= 0) unlink(tmp);
      close(fd);
      return -1;
    }
    *status = 0;
    return fd;
  }
  fprintf(stderr, "gazette run: cannot lock %s: it keeps being removed and created again\n", dir);
  return -1;
}
