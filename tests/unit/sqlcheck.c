/* Unit tests for core/sqlcheck.c: --where is one SQL expression (it cannot leave the
 * parentheses it is put in), and the key of a table (INTEGER PRIMARY KEY id, --key, rowid). */
#include <stdlib.h>

#include "core/sqlcheck.h"
#include "tap.h"

static sqlite3 *db;
static char err[600];

static int where(const char *w) { return gz_sql_where_check(db, "t", w, err, sizeof err); }

static const char *key(const char *table, const char *k) {
  static char out[100];
  if (gz_sql_key(db, table, k, out, sizeof out, err, sizeof err) != 0) return NULL;
  return out;
}

int main(void) {
  ok(sqlite3_open(":memory:", &db) == SQLITE_OK, "an in-memory database");
  sqlite3_exec(db,
               "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER);"
               "INSERT INTO t VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 2);"
               "CREATE TABLE c AS SELECT id, name, n FROM t ORDER BY id DESC;"
               "CREATE TABLE r (name TEXT);"
               "CREATE TABLE w (code INTEGER PRIMARY KEY, x TEXT) WITHOUT ROWID;"
               "CREATE TABLE k (id INT PRIMARY KEY, code INTEGER, txt TEXT, nul INTEGER);"
               "INSERT INTO k VALUES (1, 10, 'x', 1), (2, 20, '7', NULL);",
               NULL, NULL, NULL);

  /* --where */
  is_int(where("n > 1 AND name <> 'x'"), 0, "an expression");
  is_int(where("id IN (SELECT id FROM t WHERE name IN ('a)', 'b')) OR name = ')'"), 0,
         "parentheses and quotes inside one expression");
  is_int(where("name = 'it''s (ok'"), 0, "a doubled quote inside a string");
  is_int(where("\"name\" = 'a' AND [n] = 1 AND `id` = 1"), 0, "quoted identifiers");
  is_int(where("1) ORDER BY id DESC --"), -1, "'1) ORDER BY id DESC --' is refused");
  ok(strstr(err, "must be one SQL expression") != NULL, "  saying why: %s", err);
  is_int(where("1) ORDER BY id DESC /*"), -1, "an open block comment is refused");
  is_int(where("1) ORDER BY (id"), -1, "a ')' closing more than it opened is refused");
  ok(strstr(err, "')'") != NULL, "  naming the ')': %s", err);
  is_int(where("1); DROP TABLE t"), -1, "a second statement is refused");
  is_int(where("(1"), -1, "an open '(' is refused");
  is_int(where("name = 'a"), -1, "an open quote is refused");
  is_int(where("id > 1 UNION SELECT 1"), -1, "a compound SELECT is not an expression");
  is_int(where("nosuch = 1"), -1, "an unknown column is refused");
  ok(strstr(err, "no such column: nosuch") != NULL, "  with SQLite's message: %s", err);
  is_int(where("id = 1 -- note"), -1, "a trailing comment is refused");
  is_int(where(NULL), 0, "no --where");

  /* keys */
  is_str(key("t", NULL), "id", "t: the INTEGER PRIMARY KEY id");
  ok(key("c", NULL) == NULL && strstr(err, "table c: column id is not its INTEGER PRIMARY KEY") &&
         strstr(err, "--key id"),
     "a CTAS table: refused without --key: %s", err);
  is_str(key("c", "id"), "id", "  and keyed by id with --key id (unique integers)");
  is_str(key("c", "rowid"), "rowid", "  or by rowid when asked");
  is_str(key("r", NULL), "rowid", "no column id: the rowid");
  ok(key("w", NULL) == NULL && strstr(err, "no rowid"), "WITHOUT ROWID and no id: refused: %s", err);
  is_str(key("w", "code"), "code", "  --key code");
  ok(key("k", NULL) == NULL, "id INT PRIMARY KEY is not the rowid: refused");
  is_str(key("k", "code"), "code", "--key code: unique integers");
  ok(key("t", "n") == NULL && strstr(err, "value 2 is held by 2 records"), "--key n: a repeated value named: %s",
     err);
  ok(key("k", "txt") == NULL && strstr(err, "value 'x'") && strstr(err, "not an integer"),
     "--key txt: a value that is not an integer named: %s", err);
  ok(key("k", "nul") == NULL && strstr(err, "NULL"), "--key nul: NULLs refused: %s", err);
  ok(key("t", "nope") == NULL && strstr(err, "has no column nope (columns: id, name, n)"),
     "--key of no column: %s", err);
  ok(key("none", NULL) == NULL && strstr(err, "no table 'none'"), "no such table: %s", err);
  sqlite3_close(db);
  return done_testing();
}
