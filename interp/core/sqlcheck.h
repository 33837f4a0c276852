/* sqlcheck.h: what a population's table and a user's SQL must be before records are read
 * (sqlcheck.c), shared by `gazette run` (batch/batch_plan.c) and the records module (whatif and
 * the REPL through lua/lrecords.c), so that all three read the same records. */
#ifndef GZ_SQLCHECK_H
#define GZ_SQLCHECK_H
#include <stddef.h>

#include <sqlite3.h>

/* --where: exactly one SQL expression over the columns of table: no comment, no ';', no
 * parenthesis closing more than it opened, nothing SQLite cannot read as an expression inside
 * `WHERE (...)` of a subquery.  Returns 0, or -1 with the reason in err (without "--where: "). */
int gz_sql_where_check(sqlite3 *db, const char *table, const char *where, char *err, size_t errlen);
/* The first half of it, without a database: quotes, comments, ';' and parentheses only. */
int gz_sql_where_scan(const char *where, char *err, size_t errlen);

/* The column that keys the records of table (their record_id, their order, and the value child
 * rows reference): `key` when given, checked to exist and to hold unique integers without NULL
 * ("rowid" names the rowid); else `id` when it is the INTEGER PRIMARY KEY; else the rowid when
 * the table has no column `id`.  A column `id` that is not the INTEGER PRIMARY KEY (a table made
 * by CREATE TABLE ... AS SELECT) is refused: its rowids need not follow id.  Returns 0 with the
 * column name in out ("rowid" for the rowid), or -1 with the reason in err. */
int gz_sql_key(sqlite3 *db, const char *table, const char *key, char *out, size_t outlen, char *err,
               size_t errlen);

#endif
