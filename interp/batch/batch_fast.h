/* batch_fast.h: the compiled path of a `gazette run` worker (batch_fast.c). A measure that
 * stdlib/batch.lua could compile (stdlib/measure/compile.lua) is evaluated by one Lua call per
 * record on plain values read from the statement's columns, and its CSV or SQLite row is
 * written here from the integers it returns; its counts go to the summary at the end of the
 * chunk. A record the compiled function hands back (status 0, an error, an input only the
 * reference converts) is left to the reference path, which writes it as before. */
#ifndef GZ_BATCH_FAST_H
#define GZ_BATCH_FAST_H

#include <sqlite3.h>

#include "batch/batch.h"
#include "lua.h"

typedef struct gz_fast gz_fast;

/* Reads plan.compiled (one entry per measure: the compiled evaluation or false) from the plan
 * table at index plan; keeps the functions in the registry. NULL when no measure is compiled
 * (or for JSON Lines and --explain, which need the reference's explanations). */
gz_fast *gz_fast_open(lua_State *L, const gz_run *r, int plan);
/* 1 when measure m is compiled. */
int gz_fast_has(const gz_fast *f, int m);
/* Evaluates measure m on the statement's current row, read once into raws (gz_sum_read: column
 * 0, the key, then r->inputs), its lists from the record table at rec: writes the
 * row to out and counts it. Returns 1 when
 * done, with the status (1 eligible, 2 ineligible, 3 undetermined, 4 not in force) and the amount
 * in 分 in *status and *fen (either may be NULL); 0 when the reference path must evaluate this
 * record for m (nothing was written). */
int gz_fast_eval(gz_fast *f, int m, const gz_raw *raws, int rec, const char *id, size_t idlen, gz_buf *out,
                 gz_stats *stats, int *status, int64_t *fen);
/* The exclusivity group (就高不重复) measure m is combined in, 1..; 0 for none (or not compiled). */
int gz_fast_group_of(const gz_fast *f, int m);
/* Evaluates the n compiled members ms[] of a group on the row, combines them as measure.combine
 * does and writes their rows: 1, with each member's status (1..4) and amount in 分 (eligible) in
 * status[] and fen[]; 0 when one must go to the reference path (then the whole group does). */
int gz_fast_eval_group(gz_fast *f, const int *ms, int n, const gz_raw *raws, int rec, const char *id,
                       size_t idlen, gz_buf *out, gz_stats *stats, int *status, int64_t *fen);
/* 1 when measure m is compiled and takes lists of child records: they come from the record table
 * at stack index rec (its raw child rows, filled before gz_fast_eval). */
int gz_fast_needs_record(const gz_fast *f, int m);
/* Puts the instruction budget's hook back (the compiled calls run without it): before anything
 * else runs in the Lua state. */
void gz_fast_restore(gz_fast *f);
/* Adds the counts kept since the last flush to stats (before a chunk's stats are written). */
void gz_fast_flush(gz_fast *f, gz_stats *stats);
void gz_fast_free(gz_fast *f);

#endif
