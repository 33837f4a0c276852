/* sqlcheck.c: one --where expression, and the key of a table's records (sqlcheck.h).
 *
 * --where is pasted into the statements that select records, so it must stay inside the
 * parentheses it is given: text such as `1) ORDER BY id DESC --` would otherwise reorder the
 * run and silently disable --limit.  A small scan (quotes, comments, parentheses) rejects what
 * could escape; SQLite then checks the expression inside a subquery.
 *
 * A table's records are keyed by the INTEGER PRIMARY KEY `id` (the rowid itself).  A table made
 * by CREATE TABLE ... AS SELECT has a plain `id` column whose rowids follow the SELECT, not the
 * ids: keyed by rowid, child rows (parent_id = id) would go to the wrong parent. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/sqlcheck.h"

static int fail(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, n, fmt, ap);
  va_end(ap);
  return -1;
}

/* "name" with inner quotes doubled, in a malloc'd string. */
static char *ident(const char *name) {
  size_t n = strlen(name), j = 0;
  char *s = malloc(2 * n + 3);
  if (!s) return NULL;
  s[j++] = '"';
  for (size_t i = 0; i < n; i++) {
    if (name[i] == '"') s[j++] = '"';
    s[j++] = name[i];
  }
  s[j++] = '"';
  s[j] = 0;
  return s;
}

/* Quotes, comments and parentheses of where: 0 when it cannot leave `(...)`. */
int gz_sql_where_scan(const char *w, char *err, size_t errlen) {
  int depth = 0;
  for (const char *p = w; *p; p++) {
    char c = *p;
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      const char *q = p + 1;
      for (;;) {
        if (!*q) return fail(err, errlen, "a %c is not closed", c);
        if (*q == close) {
          if (close != ']' && q[1] == close) { /* a doubled quote stands for itself */
            q += 2;
            continue;
          }
          break;
        }
        q++;
      }
      p = q;
    } else if ((c == '-' && p[1] == '-') || (c == '/' && p[1] == '*')) {
      return fail(err, errlen, "must be one SQL expression, without comments ('%c%c')", c, p[1]);
    } else if (c == ';') {
      return fail(err, errlen, "must be one SQL expression, not several statements (';')");
    } else if (c == '(') {
      depth++;
    } else if (c == ')' && --depth < 0) {
      return fail(err, errlen, "must be one SQL expression: a ')' closes a parenthesis it did not open");
    }
  }
  if (depth > 0) return fail(err, errlen, "must be one SQL expression: %d '(' not closed", depth);
  return 0;
}

int gz_sql_where_check(sqlite3 *db, const char *table, const char *where, char *err, size_t errlen) {
  if (!where) return 0;
  if (strlen(where) > 100000) return fail(err, errlen, "is too long (at most 100000 bytes)");
  if (gz_sql_where_scan(where, err, errlen)) return -1;
  char *t = ident(table);
  if (!t) return fail(err, errlen, "out of memory");
  char *sql = sqlite3_mprintf("SELECT count(*) FROM (SELECT 1 FROM %s WHERE (\n%s\n))", t, where);
  free(t);
  if (!sql) return fail(err, errlen, "out of memory");
  sqlite3_stmt *st = NULL;
  const char *tail = NULL;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, &tail);
  if (rc != SQLITE_OK) {
    fail(err, errlen, "%s", sqlite3_errmsg(db));
    sqlite3_free(sql);
    return -1;
  }
  int rest = tail && *tail;
  sqlite3_finalize(st);
  sqlite3_free(sql);
  if (rest) return fail(err, errlen, "must be one SQL expression");
  return 0;
}

/* The first column of the first row of sql as text in buf (and the second as *count): 1 found,
 * 0 no row, -1 error. */
static int first(sqlite3 *db, const char *sql, char *buf, size_t n, long long *count) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
  int rc = sqlite3_step(st), found = 0;
  if (rc == SQLITE_ROW) {
    const char *v = (const char *)sqlite3_column_text(st, 0);
    snprintf(buf, n, "%s", v ? v : "NULL");
    if (count && sqlite3_column_count(st) > 1) *count = sqlite3_column_int64(st, 1);
    found = 1;
  } else if (rc != SQLITE_DONE) found = -1;
  sqlite3_finalize(st);
  return found;
}

/* Checks that column k (quoted kq) of table tq holds unique integers without NULL. */
static int key_values(sqlite3 *db, const char *table, const char *tq, const char *k, const char *kq, char *err,
                      size_t errlen) {
  char val[120], *sql;
  long long n = 0;
  int rc;
  sql = sqlite3_mprintf("SELECT count(*) FROM %s WHERE %s IS NULL", tq, kq);
  rc = first(db, sql, val, sizeof val, NULL);
  sqlite3_free(sql);
  if (rc < 0) return fail(err, errlen, "--key %s: table %s: %s", k, table, sqlite3_errmsg(db));
  if (rc && strcmp(val, "0") != 0)
    return fail(err, errlen, "--key %s: %s record%s of table %s hold%s NULL in %s; a key names every record", k, val,
                strcmp(val, "1") == 0 ? "" : "s", table, strcmp(val, "1") == 0 ? "s" : "", k);
  sql = sqlite3_mprintf("SELECT quote(%s) FROM %s WHERE typeof(%s) <> 'integer' LIMIT 1", kq, tq, kq);
  rc = first(db, sql, val, sizeof val, NULL);
  sqlite3_free(sql);
  if (rc < 0) return fail(err, errlen, "--key %s: table %s: %s", k, table, sqlite3_errmsg(db));
  if (rc) return fail(err, errlen, "--key %s: value %s of table %s is not an integer; a key is a whole number", k, val, table);
  sql = sqlite3_mprintf("SELECT %s, count(*) FROM %s GROUP BY %s HAVING count(*) > 1 ORDER BY %s LIMIT 1", kq, tq, kq,
                        kq);
  rc = first(db, sql, val, sizeof val, &n);
  sqlite3_free(sql);
  if (rc < 0) return fail(err, errlen, "--key %s: table %s: %s", k, table, sqlite3_errmsg(db));
  if (rc)
    return fail(err, errlen, "--key %s: value %s is held by %lld records of table %s; a key names one record", k, val,
                n, table);
  return 0;
}

int gz_sql_key(sqlite3 *db, const char *table, const char *key, char *out, size_t outlen, char *err,
               size_t errlen) {
  char *tq = ident(table), *sql;
  if (!tq) return fail(err, errlen, "out of memory");
  sql = sqlite3_mprintf("SELECT name, type, pk FROM pragma_table_info(%Q)", table);
  sqlite3_stmt *st;
  int rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
  sqlite3_free(sql);
  if (rc != SQLITE_OK) {
    free(tq);
    return fail(err, errlen, "table %s: %s", table, sqlite3_errmsg(db));
  }
  int has_id = 0, id_ipk = 0, has_key = 0, pks = 0, ncols = 0;
  char names[600] = "";
  size_t nl = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(st, 0), *type = (const char *)sqlite3_column_text(st, 1);
    int pk = sqlite3_column_int(st, 2);
    if (!name) continue;
    ncols++;
    if (pk) pks++;
    if (strcmp(name, "id") == 0) {
      has_id = 1;
      id_ipk = pk == 1 && type && strcasecmp(type, "INTEGER") == 0;
    }
    if (key && strcmp(name, key) == 0) has_key = 1;
    if (nl + strlen(name) + 3 < sizeof names) nl += (size_t)snprintf(names + nl, sizeof names - nl, "%s%s", nl ? ", " : "", name);
  }
  sqlite3_finalize(st);
  if (ncols == 0) {
    free(tq);
    return fail(err, errlen, "no table '%s'", table);
  }
  id_ipk = id_ipk && pks == 1;
  /* Whether the table has a rowid (not a WITHOUT ROWID table). */
  sql = sqlite3_mprintf("SELECT rowid FROM %s LIMIT 0", tq);
  int has_rowid = sql && sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
  sqlite3_free(sql);
  int r = 0;
  if (key && strcasecmp(key, "rowid") == 0 && !has_key) {
    if (!has_rowid) r = fail(err, errlen, "--key rowid: table %s has no rowid (WITHOUT ROWID): name a column", table);
    else snprintf(out, outlen, "rowid");
  } else if (key) {
    if (!has_key) r = fail(err, errlen, "--key %s: table %s has no column %s (columns: %s)", key, table, key, names);
    else if (!(strcmp(key, "id") == 0 && id_ipk)) {
      char *kq = ident(key);
      r = kq ? key_values(db, table, tq, key, kq, err, errlen) : fail(err, errlen, "out of memory");
      free(kq);
    }
    if (!r) snprintf(out, outlen, "%s", key);
  } else if (has_id && !id_ipk) {
    r = fail(err, errlen,
             "table %s: column id is not its INTEGER PRIMARY KEY (a table made by CREATE TABLE ... AS SELECT?), so "
             "its rowids need not follow id and child rows (parent_id) could reach the wrong record; name the "
             "key with --key id",
             table);
  } else if (has_id) {
    snprintf(out, outlen, "id");
  } else if (!has_rowid) {
    r = fail(err, errlen, "table %s has no rowid and no INTEGER PRIMARY KEY id: name its key with --key COLUMN", table);
  } else {
    snprintf(out, outlen, "rowid");
  }
  free(tq);
  return r;
}
