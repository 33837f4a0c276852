/* owned.h: resources a C module holds while it calls into Lua, owned as liolib owns a FILE*.
 *
 * Almost any Lua API call can raise (the memory budget, a bad argument, a metamethod), and a
 * raw pointer held across it would leak when the error unwinds.  So a statement, a buffer or a
 * handle lives in a userdata whose __gc and __close release it, marked to-be-closed on the
 * stack: it is released when the slot is closed (lua_closeslot, lua_settop below it), when the
 * C function returns, or when an error unwinds past it, whichever comes first (owned.c). */
#ifndef GZ_OWNED_H
#define GZ_OWNED_H
#include <stddef.h>
#include <sqlite3.h>

#include "lua.h"

/* Pushes a zeroed userdata of size bytes whose metatable tname (created on first use) has
 * release as __gc and __close, and marks it to-be-closed; returns its memory.  release must
 * accept a box it already released (it is called again by __gc after __close). */
void *gz_box(lua_State *L, size_t size, const char *tname, lua_CFunction release);

/* Closes the box at idx now (its slot becomes nil; the caller may then lua_remove it), or every
 * box above idx with the stack cut to idx.  Use these, not lua_closeslot or lua_settop below a
 * live box: Lua 5.4.4 (Debian 12) keeps a pointer into the stack across the __close call in
 * both, which breaks when that call grows the stack (fixed in 5.4.5); with room made first the
 * stack never moves. */
void gz_box_close(lua_State *L, int idx);
void gz_box_settop(lua_State *L, int idx);

/* Prepares sql on db into a new to-be-closed box on the stack (finalized when the box is
 * closed); returns the statement, or NULL with SQLite's result code in *rc (the box is pushed
 * either way, empty on failure). */
sqlite3_stmt *gz_stmt_prepare(lua_State *L, sqlite3 *db, const char *sql, int *rc);

#endif
