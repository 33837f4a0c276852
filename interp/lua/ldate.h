/* ldate.h: the Lua date type (ldate.c, module `dates`) for the other C modules; the plain
 * arithmetic and parsing are in core/date.h. */
#ifndef GZ_LDATE_H
#define GZ_LDATE_H
#include <stdint.h>

#include "core/date.h"
#include "lua.h"

/* The metatable is created on first use, so these work before require "dates". */
void gz_date_push(lua_State *L, int32_t day);
int32_t *gz_date_test(lua_State *L, int idx); /* NULL when not a date */
/* A date argument: a date or a string in a form gz_date_parse reads; raises an argument error
 * naming the value otherwise. */
int32_t gz_date_check(lua_State *L, int arg);

#endif
