/* batch_plan.c: what `gazette run` reads and in which pieces.  The table (given, or named
 * after the measures' entity), its key (an INTEGER PRIMARY KEY `id`, else the rowid), the
 * inputs found as columns, child tables for list inputs, --where checked by SQLite, --limit
 * turned into a last key, and the key ranges: the selected keys are cut into N shards of
 * equal counts (--shard K/N), each cut into chunks of --chunk-rows keys.  The plan only
 * depends on the table and the options, never on --jobs, so any split gives the same rows. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "batch/batch.h"
#include "core/sqlcheck.h"

void gz_plan_shard(int64_t count, int k, int n, int64_t *first, int64_t *end) {
  /* count * k / n without overflow: (q*n + rem) * k / n = q*k + rem*k/n, rem < n. */
  int64_t q = count / n, rem = count % n;
  *first = q * (k - 1) + rem * (k - 1) / n;
  *end = q * k + rem * k / n;
}

int64_t gz_plan_nchunks(int64_t first, int64_t end, int64_t size) {
  if (end <= first || size <= 0) return 0;
  return (end - first + size - 1) / size;
}

char *gz_sql_ident(char *buf, size_t n, const char *name) {
  size_t j = 0;
  if (n < 3) {
    if (n) buf[0] = 0;
    return buf;
  }
  buf[j++] = '"';
  for (const char *s = name; *s && j + 3 < n; s++) {
    if (*s == '"') buf[j++] = '"';
    buf[j++] = *s;
  }
  buf[j++] = '"';
  buf[j] = 0;
  return buf;
}

static int plan_error(sqlite3 *db, const char *fmt, const char *a, const char *b) {
  fprintf(stderr, "gazette run: ");
  fprintf(stderr, fmt, a, b);
  fputc('\n', stderr);
  if (db) sqlite3_close(db);
  return GZ_EXIT_USAGE;
}

static int table_exists(sqlite3 *db, const char *name) {
  sqlite3_stmt *st;
  int found = 0;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE type IN ('table','view') AND name = ?1", -1, &st,
                         NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) found = 1;
  else if (rc != SQLITE_DONE) found = -1;
  sqlite3_finalize(st);
  return found;
}

/* "a, b, c" of the tables, for messages. */
static void list_tables(sqlite3 *db, char *buf, size_t n) {
  sqlite3_stmt *st;
  size_t j = 0;
  buf[0] = 0;
  if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                         -1, &st, NULL) != SQLITE_OK)
    return;
  while (sqlite3_step(st) == SQLITE_ROW && j + 4 < n)
    j += snprintf(buf + j, n - j, "%s%s", j ? ", " : "", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  if (!buf[0]) snprintf(buf, n, "(none)");
}

static void free_strv(char **v) {
  if (!v) return;
  for (char **p = v; *p; p++) free(*p);
  free(v);
}

/* Column names of a table (NULL-terminated, malloc'd); *intpk: `id` is its INTEGER PRIMARY KEY.
 * NULL on an error, with errno ENOMEM when out of memory (else SQLite's message says why). */
static char **table_columns(sqlite3 *db, const char *table, int *intpk, int *ncols) {
  char q[600], id[520];
  snprintf(q, sizeof q, "PRAGMA table_info(%s)", gz_sql_ident(id, sizeof id, table));
  sqlite3_stmt *st;
  errno = 0;
  if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK) return NULL;
  char **cols = calloc(1, sizeof *cols);
  int n = 0, pks = 0, idpk = 0, rc = SQLITE_ROW;
  while (cols && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    char **nc = realloc(cols, (size_t)(n + 2) * sizeof *cols);
    if (!nc) break;
    cols = nc;
    const char *name = (const char *)sqlite3_column_text(st, 1);
    const char *type = (const char *)sqlite3_column_text(st, 2);
    int pk = sqlite3_column_int(st, 5);
    if (!(cols[n] = strdup(name ? name : ""))) break;
    cols[++n] = NULL;
    if (pk) pks++;
    if (pk == 1 && name && strcmp(name, "id") == 0 && type && strcasecmp(type, "INTEGER") == 0) idpk = 1;
  }
  sqlite3_finalize(st);
  if (!cols || rc != SQLITE_DONE) { /* never a list with columns left out */
    free_strv(cols);
    errno = rc == SQLITE_ROW || !cols ? ENOMEM : 0;
    return NULL;
  }
  if (intpk) *intpk = idpk && pks == 1;
  if (ncols) *ncols = n;
  return cols;
}

static int has_col(char **cols, const char *name) {
  for (char **p = cols; p && *p; p++)
    if (strcmp(*p, name) == 0) return 1;
  return 0;
}

/* Child tables: --child X=TABLE.COLUMN, else table X with column parent_id. */
static int plan_children(gz_run *r, sqlite3 *db) {
  for (int i = 0; i < r->nlists; i++) {
    const char *input = r->lists[i], *spec = NULL;
    for (int j = 0; j < r->nchild_opts; j++) {
      size_t l = strlen(input);
      if (strncmp(r->child_opts[j], input, l) == 0 && r->child_opts[j][l] == '=') spec = r->child_opts[j] + l + 1;
    }
    char table[256], column[256];
    if (spec) {
      const char *dot = strrchr(spec, '.');
      if (!dot || dot == spec || !dot[1] || (size_t)(dot - spec) >= sizeof table || strlen(dot + 1) >= sizeof column)
        return plan_error(db, "--child %s: expected LIST=TABLE.COLUMN, e.g. children=children.kindergarten_id%s",
                          input, "");
      memcpy(table, spec, dot - spec);
      table[dot - spec] = 0;
      snprintf(column, sizeof column, "%s", dot + 1);
    } else {
      snprintf(table, sizeof table, "%s", input);
      snprintf(column, sizeof column, "parent_id");
    }
    int intpk, n;
    char **cols = table_exists(db, table) == 1 ? table_columns(db, table, &intpk, &n) : NULL;
    if (!cols && errno == ENOMEM) return plan_error(db, "--child %s: %s", input, strerror(ENOMEM));
    if (!cols || !has_col(cols, column)) {
      free_strv(cols);
      if (spec)
        return plan_error(db, "--child: no table %s with a column %s", table, column);
      fprintf(stderr,
              "gazette run: note: list input '%s' has no child table (looked for %s.parent_id; name one with "
              "--child %s=TABLE.COLUMN); it will be missing\n",
              input, input, input);
      continue;
    }
    free_strv(cols);
    gz_child *c = &r->children[r->nchildren++];
    c->input = strdup(input);
    c->table = strdup(table);
    c->column = strdup(column);
    if (!c->input || !c->table || !c->column) return plan_error(db, "--child %s: %s", input, strerror(ENOMEM));
  }
  for (int j = 0; j < r->nchild_opts; j++) {
    int known = 0;
    for (int i = 0; i < r->nlists; i++) {
      size_t l = strlen(r->lists[i]);
      if (strncmp(r->child_opts[j], r->lists[i], l) == 0 && r->child_opts[j][l] == '=') known = 1;
    }
    if (!known) return plan_error(db, "--child %s: the measures have no list input of that name%s", r->child_opts[j], "");
  }
  return 0;
}

/* The CREATE statements of the table and the child tables, one line each (newlines as spaces).
 * 0, -1 (SQLite's error), -2 out of memory. */
static int plan_schema(gz_run *r, sqlite3 *db) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE type IN ('table', 'view') AND name = ?1", -1, &st,
                         NULL) != SQLITE_OK)
    return -1;
  gz_buf b = {0};
  for (int i = -1; i < r->nchildren; i++) {
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, i < 0 ? r->table_name : r->children[i].table, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) continue;
    const char *sql = (const char *)sqlite3_column_text(st, 0);
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    gz_buf_add(&b, "schema ", 7);
    for (size_t j = 0; sql && j < n; j++) gz_buf_add(&b, sql[j] == '\n' || sql[j] == '\r' ? " " : sql + j, 1);
    gz_buf_add(&b, "\n", 1);
  }
  sqlite3_finalize(st);
  gz_buf_add(&b, "", 0);
  if (gz_buf_failed(&b)) { /* never a cut schema in the run's description */
    gz_buf_free(&b);
    return -2;
  }
  free(r->schema);
  r->schema = b.p;
  return 0;
}

static char *where_sql(const gz_run *r) {
  /* " AND (where)" or "" */
  if (!r->where) return strdup("");
  size_t n = strlen(r->where) + 16;
  char *s = malloc(n);
  if (s) snprintf(s, n, " AND (%s)", r->where);
  return s;
}

char *gz_plan_select(const gz_run *r) {
  gz_buf b = {0};
  char id[520];
  gz_buf_add(&b, "SELECT ", 7);
  gz_buf_add(&b, r->key, strlen(r->key));
  for (int i = 0; i < r->ninputs; i++) {
    gz_buf_add(&b, ", ", 2);
    gz_sql_ident(id, sizeof id, r->inputs[i]);
    gz_buf_add(&b, id, strlen(id));
  }
  gz_buf_add(&b, " FROM ", 6);
  gz_sql_ident(id, sizeof id, r->table_name);
  gz_buf_add(&b, id, strlen(id));
  gz_buf_add(&b, " WHERE ", 7);
  gz_buf_add(&b, r->key, strlen(r->key));
  gz_buf_add(&b, " BETWEEN ?1 AND ?2", 18);
  char *w = where_sql(r);
  if (!w) { /* never a query without its --where */
    gz_buf_free(&b);
    return NULL;
  }
  gz_buf_add(&b, w, strlen(w));
  free(w);
  gz_buf_add(&b, " ORDER BY ", 10);
  gz_buf_add(&b, r->key, strlen(r->key));
  gz_buf_add(&b, "", 1);
  if (gz_buf_failed(&b)) gz_buf_free(&b); /* NULL: never a cut query */
  return b.p;
}

/* The table: --table, else the measures' entity in the plural or as it is. */
static int plan_table(gz_run *r, sqlite3 *db) {
  char tables[600];
  if (r->table) {
    if (table_exists(db, r->table) != 1) {
      list_tables(db, tables, sizeof tables);
      return plan_error(db, "no table '%s' in the database; it has: %s", r->table, tables);
    }
    if (!(r->table_name = strdup(r->table))) return plan_error(db, "%s%s", strerror(ENOMEM), "");
    return 0;
  }
  if (r->entity) {
    char cand[2][300];
    snprintf(cand[0], sizeof cand[0], "%ss", r->entity);
    snprintf(cand[1], sizeof cand[1], "%s", r->entity);
    for (int i = 0; i < 2; i++)
      if (table_exists(db, cand[i]) == 1) {
        if (!(r->table_name = strdup(cand[i]))) return plan_error(db, "%s%s", strerror(ENOMEM), "");
        return 0;
      }
  }
  list_tables(db, tables, sizeof tables);
  if (r->entity) {
    fprintf(stderr, "gazette run: no table '%ss' or '%s' for the measures' entity; name it with --table (the database has: %s)\n",
            r->entity, r->entity, tables);
    sqlite3_close(db);
    return GZ_EXIT_USAGE;
  }
  return plan_error(db, "the measures do not share an entity: name the table with --table (the database has: %s)%s",
                    tables, "");
}

/* The key (core/sqlcheck.c: an INTEGER PRIMARY KEY id, --key COLUMN, or the rowid of a table
 * without id) and the inputs found as columns. */
static int plan_key_inputs(gz_run *r, sqlite3 *db) {
  char q[600], keyname[520], kerr[1500];
  int intpk, ncols;
  char **cols = table_columns(db, r->table_name, &intpk, &ncols);
  if (!cols)
    return plan_error(db, "cannot read the columns of %s: %s", r->table_name,
                      errno == ENOMEM ? strerror(ENOMEM) : sqlite3_errmsg(db));
  if (gz_sql_key(db, r->table_name, r->key_opt, keyname, sizeof keyname, kerr, sizeof kerr) != 0) {
    free_strv(cols);
    return plan_error(db, "%s%s", kerr, "");
  }
  r->key_name = strdup(keyname);
  if (strcmp(keyname, "rowid") == 0 && !has_col(cols, "rowid")) r->key = strdup("rowid");
  else r->key = strdup(gz_sql_ident(q, sizeof q, keyname));
  if (!r->key_name || !r->key) {
    free_strv(cols);
    return plan_error(db, "%s%s", strerror(ENOMEM), "");
  }
  /* A derived input (stdlib/fields.lua) without a column is computed from the canonical fields
   * it derives from when the table has one of them: fetched too, and no note. */
  int any_source = 0;
  for (int i = 0; i < r->nsources; i++) any_source |= has_col(cols, r->sources[i]);
  int kept = 0;
  gz_buf absent = {0}; /* a matching run names its missing columns in one note */
  int nabsent = 0;
  for (int i = 0; i < r->ninputs; i++) {
    /* the key is column 0 of every row, given to the measure as `id` */
    if (has_col(cols, r->inputs[i]) && !(strcmp(r->inputs[i], "id") == 0 && strcmp(keyname, "id") == 0)) {
      r->inputs[kept++] = r->inputs[i];
    } else if (!has_col(cols, r->inputs[i])) {
      int derived = 0;
      for (int j = 0; j < r->nderived; j++) derived |= strcmp(r->derived[j], r->inputs[i]) == 0;
      if (derived && any_source) {
        /* computed from the fields it derives from */
      } else if (r->matching) {
        if (nabsent++) gz_buf_add(&absent, ", ", 2);
        gz_buf_add(&absent, r->inputs[i], strlen(r->inputs[i]));
      } else
        fprintf(stderr, "gazette run: note: table %s has no column '%s' (an input of the measures); it will be missing\n",
                r->table_name, r->inputs[i]);
      free(r->inputs[i]);
    } else {
      free(r->inputs[i]);
    }
  }
  r->ninputs = kept;
  if (nabsent) {
    gz_buf_add(&absent, "", 1);
    fprintf(stderr, "gazette run: note: table %s has no column for %d input%s of the measures (%s); %s missing\n",
            r->table_name, nabsent, nabsent == 1 ? "" : "s", gz_buf_failed(&absent) ? "names: out of memory" : absent.p,
            nabsent == 1 ? "it will be" : "they will be");
  }
  gz_buf_free(&absent);
  if (r->nsources) { /* fetched when the table has them, the inputs already fetched aside */
    char **in = realloc(r->inputs, (size_t)(kept + r->nsources + 1) * sizeof *r->inputs);
    if (!in) goto oom;
    r->inputs = in;
    for (int i = 0; i < r->nsources; i++) {
      int dup = strcmp(r->sources[i], keyname) == 0;
      for (int j = 0; j < r->ninputs; j++) dup |= strcmp(r->inputs[j], r->sources[i]) == 0;
      if (!dup && has_col(cols, r->sources[i])) {
        if (!(r->inputs[r->ninputs] = strdup(r->sources[i]))) goto oom; /* never a source left unread */
        r->ninputs++;
      }
    }
    r->inputs[r->ninputs] = NULL;
  }
  free_strv(cols);
  return 0;
oom:
  free_strv(cols);
  return plan_error(db, "%s%s", strerror(ENOMEM), "");
}

/* --limit: the key of the last record selected (r->cutoff; INT64_MAX without --limit). */
static int plan_limit(gz_run *r, sqlite3 *db, const char *tid) {
  r->cutoff = INT64_MAX;
  if (r->limit < 0) return 0;
  if (r->limit == 0) {
    r->cutoff = INT64_MIN;
    return 0;
  }
  char *w = where_sql(r);
  char *lq = w ? sqlite3_mprintf("SELECT %s FROM %s WHERE 1%s ORDER BY %s LIMIT 1 OFFSET ?1", r->key, tid, w, r->key) : NULL;
  free(w);
  sqlite3_stmt *st;
  int prc = lq ? sqlite3_prepare_v2(db, lq, -1, &st, NULL) : SQLITE_NOMEM;
  sqlite3_free(lq);
  if (prc != SQLITE_OK) return plan_error(db, "--limit: %s%s", prc == SQLITE_NOMEM ? strerror(ENOMEM) : sqlite3_errmsg(db), "");
  sqlite3_bind_int64(st, 1, r->limit - 1);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) r->cutoff = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return plan_error(db, "--limit: %s%s", sqlite3_errmsg(db), "");
  return 0;
}

/* Keys up to the cutoff (r->total_keys) and their range, which with the schema identifies the
 * input on --resume. Without --limit every key counts: count(*) and min/max then need no pass
 * over the rows (?1, unused then, stays bound as in the other form). */
static int plan_keys(gz_run *r, sqlite3 *db, const char *tid) {
  char q[2048];
  sqlite3_stmt *st;
  if (r->cutoff == INT64_MAX) snprintf(q, sizeof q, "SELECT count(*), ?1 FROM %s", tid);
  else snprintf(q, sizeof q, "SELECT count(*) FROM %s WHERE %s <= ?1", tid, r->key);
  if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK) return plan_error(db, "%s: %s", r->db, sqlite3_errmsg(db));
  sqlite3_bind_int64(st, 1, r->cutoff);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return plan_error(db, "%s: %s", r->db, sqlite3_errmsg(db));
  }
  r->total_keys = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (r->cutoff == INT64_MAX)
    snprintf(q, sizeof q, "SELECT (SELECT min(%s) FROM %s), (SELECT max(%s) FROM %s), ?1", r->key, tid, r->key, tid);
  else snprintf(q, sizeof q, "SELECT min(%s), max(%s) FROM %s WHERE %s <= ?1", r->key, r->key, tid, r->key);
  if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK) return plan_error(db, "%s: %s", r->db, sqlite3_errmsg(db));
  sqlite3_bind_int64(st, 1, r->cutoff);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    r->key_min = sqlite3_column_int64(st, 0);
    r->key_max = sqlite3_column_int64(st, 1);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) return plan_error(db, "%s: %s", r->db, sqlite3_errmsg(db));
  int ps = plan_schema(r, db);
  if (ps) return plan_error(db, "%s: %s", r->db, ps == -2 ? strerror(ENOMEM) : sqlite3_errmsg(db));
  return 0;
}

/* The shard's keys cut into chunks of --chunk-rows: each chunk's first and last key and count. */
static int plan_chunks(gz_run *r, sqlite3 *db, const char *tid) {
  int64_t first, end;
  gz_plan_shard(r->total_keys, r->shard_k, r->shard_n, &first, &end);
  r->count = end - first;
  int64_t nch = gz_plan_nchunks(first, end, r->chunk_rows);
  if (nch > 10000000) return plan_error(db, "too many chunks: raise --chunk-rows%s%s", "", "");
  r->nchunks = (int)nch;
  r->chunk_lo = calloc((size_t)nch + 1, sizeof(int64_t));
  r->chunk_hi = calloc((size_t)nch + 1, sizeof(int64_t));
  r->chunk_rows_n = calloc((size_t)nch + 1, sizeof(int64_t));
  if (!r->chunk_lo || !r->chunk_hi || !r->chunk_rows_n) {
    char n[32];
    snprintf(n, sizeof n, "%lld", (long long)nch);
    return plan_error(db, "planning %s chunks: %s", n, strerror(ENOMEM));
  }
  r->shard_first = r->shard_last = 0;
  if (nch == 0) return 0;
  int64_t span;
  if (!__builtin_sub_overflow(r->key_max, r->key_min, &span) && span == r->total_keys - 1) {
    /* Keys are unique integers: when there are max - min + 1 of them they are every integer of
     * [min, max], so key number i is min + i and the chunks need no pass over the keys. */
    for (int64_t c = 0; c < nch; c++) {
      int64_t lo = first + c * r->chunk_rows, hi = lo + r->chunk_rows < end ? lo + r->chunk_rows : end;
      r->chunk_lo[c] = r->key_min + lo;
      r->chunk_hi[c] = r->key_min + hi - 1;
      r->chunk_rows_n[c] = hi - lo;
    }
    r->shard_first = r->chunk_lo[0];
    r->shard_last = r->chunk_hi[nch - 1];
    return 0;
  }
  char q[2048];
  sqlite3_stmt *st;
  snprintf(q, sizeof q, "SELECT %s FROM %s WHERE %s <= ?1 ORDER BY %s LIMIT ?2 OFFSET ?3", r->key, tid, r->key, r->key);
  if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK) return plan_error(db, "%s: %s", r->db, sqlite3_errmsg(db));
  sqlite3_bind_int64(st, 1, r->cutoff);
  sqlite3_bind_int64(st, 2, end - first);
  sqlite3_bind_int64(st, 3, first);
  int64_t i = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) { /* at most end - first rows (LIMIT ?2) */
    int64_t key = sqlite3_column_int64(st, 0), c = i / r->chunk_rows;
    if (i % r->chunk_rows == 0) r->chunk_lo[c] = key;
    r->chunk_hi[c] = key;
    r->chunk_rows_n[c]++;
    i++;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE || i != end - first)
    return plan_error(db, "%s: the table changed while planning (%s)", r->db, sqlite3_errmsg(db));
  r->shard_first = r->chunk_lo[0];
  r->shard_last = r->chunk_hi[nch - 1];
  return 0;
}

int gz_plan(gz_run *r) {
  sqlite3 *db = NULL;
  char tid[520], kerr[1500];
  if (access(r->db, R_OK) != 0) return plan_error(NULL, "cannot read --db %s: %s", r->db, "no such file or not readable");
  if (sqlite3_open_v2(r->db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    return plan_error(db, "cannot open --db %s: %s", r->db, db ? sqlite3_errmsg(db) : strerror(ENOMEM));
  sqlite3_busy_timeout(db, 5000);
  if (sqlite3_exec(db, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL, NULL, NULL) != SQLITE_OK)
    return plan_error(db, "--db %s: %s", r->db, sqlite3_errmsg(db));
  int rc = plan_table(r, db);
  if (rc) return rc; /* each step closes db when it fails */
  gz_sql_ident(tid, sizeof tid, r->table_name);
  if ((rc = plan_key_inputs(r, db)) != 0) return rc;
  /* --where: exactly one SQL expression (core/sqlcheck.c). */
  if (r->where && strlen(r->where) > 1500) return plan_error(db, "--where is too long (at most 1500 bytes)%s%s", "", "");
  if (gz_sql_where_check(db, r->table_name, r->where, kerr, sizeof kerr) != 0)
    return plan_error(db, "--where: %s%s", kerr, "");
  if (plan_children(r, db)) return GZ_EXIT_USAGE;
  if ((rc = plan_limit(r, db, tid)) != 0 || (rc = plan_keys(r, db, tid)) != 0 || (rc = plan_chunks(r, db, tid)) != 0)
    return rc;
  sqlite3_close(db);
  return 0;
}

void gz_run_free(gz_run *r) {
  if (r->prefork) gz_closestate(r->prefork);
  char **v[] = {r->columns, r->types, r->ids, r->lists, r->sources, r->derived};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) free_strv(v[i]);
  for (int i = 0; i < r->ninputs; i++) free(r->inputs[i]);
  free(r->inputs);
  for (int i = 0; i < r->nchildren; i++) {
    free(r->children[i].input);
    free(r->children[i].table);
    free(r->children[i].column);
  }
  free(r->entity);
  free(r->no_amount);
  free(r->key);
  free(r->key_name);
  free(r->schema);
  free(r->table_name);
  free(r->chunk_lo);
  free(r->chunk_hi);
  free(r->chunk_rows_n);
  memset(r, 0, sizeof *r);
}
