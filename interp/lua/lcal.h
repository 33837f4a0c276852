/* lcal.h: the working-day calendar of a Lua state (lcal.c), for the other C modules. */
#ifndef GZ_LCAL_H
#define GZ_LCAL_H
#include "core/cal.h"
#include "lua.h"

/* The calendar of L, loaded on first use (raises a Lua error when it cannot be read). */
gz_cal *gz_lcal(lua_State *L);

#endif
