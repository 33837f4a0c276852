/* owned.c: to-be-closed boxes for what C modules hold across Lua calls (owned.h): a generic
 * box, and a prepared SQLite statement (lcasestore.c, lrecords.c). */
#include <string.h>

#include "lauxlib.h"
#include "lua/owned.h"

#define STMT_MT "gazette.owned.stmt"

void *gz_box(lua_State *L, size_t size, const char *tname, lua_CFunction release) {
  void *box = lua_newuserdatauv(L, size, 0);
  memset(box, 0, size);
  if (luaL_newmetatable(L, tname)) {
    lua_pushcfunction(L, release);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, release);
    lua_setfield(L, -2, "__close");
  }
  lua_setmetatable(L, -2);
  lua_toclose(L, -1);
  return box;
}

/* Room for the __close calls (their frames and arguments) so that they never grow the stack. */
#define CLOSE_ROOM (3 * LUA_MINSTACK)

void gz_box_close(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  luaL_checkstack(L, CLOSE_ROOM, "closing a resource");
  lua_closeslot(L, idx);
}

void gz_box_settop(lua_State *L, int idx) {
  luaL_checkstack(L, CLOSE_ROOM, "closing a resource");
  lua_settop(L, idx);
}

typedef struct stmt_box {
  sqlite3_stmt *st;
} stmt_box;

static int stmt_release(lua_State *L) {
  stmt_box *b = luaL_checkudata(L, 1, STMT_MT);
  if (b->st) sqlite3_finalize(b->st);
  b->st = NULL;
  return 0;
}

sqlite3_stmt *gz_stmt_prepare(lua_State *L, sqlite3 *db, const char *sql, int *rc) {
  stmt_box *b = gz_box(L, sizeof *b, STMT_MT, stmt_release);
  int r = sqlite3_prepare_v2(db, sql, -1, &b->st, NULL);
  if (rc) *rc = r;
  if (r != SQLITE_OK) { /* a failed prepare may still return a statement to finalize */
    sqlite3_finalize(b->st);
    b->st = NULL;
  }
  return b->st;
}
