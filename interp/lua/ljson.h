/* ljson.h: the Lua module `json` (ljson.c) for the host's C files: Lua values to and from
 * JSON text. */
#ifndef GZ_LJSON_H
#define GZ_LJSON_H
#include <stddef.h>
#include "lua.h"

/* Pushes the JSON text of the value at idx; on error pushes nothing, returns 0 and writes
 * the reason (with the path, e.g. "$.outputs.reward") to err. */
int gz_json_encode(lua_State *L, int idx, int indent, char *err, size_t errlen);
/* Pushes the decoded value; on error pushes nothing, returns 0 and writes
 * "line L, column C: reason" to err. */
int gz_json_decode(lua_State *L, const char *s, size_t len, char *err, size_t errlen);
/* Pushes json.null (a light userdata) / tests for it. */
void gz_json_pushnull(lua_State *L);
int gz_json_isnull(lua_State *L, int idx);

#endif
