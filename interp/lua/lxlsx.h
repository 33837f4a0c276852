/* lxlsx.h: an Excel workbook for the stdlib (lxlsx.c). Not in modules.c: scripts cannot make
 * one; the host creates it for an --out FILE.xlsx it has checked and passes it to Lua. */
#ifndef GZ_LXLSX_H
#define GZ_LXLSX_H
#include <stddef.h>

#include "lua.h"

/* Pushes a new workbook that will be written to path by wb:close(); -1 with err set. */
int gz_xlsx_push(lua_State *L, const char *path, char *err, size_t errlen);

#endif
