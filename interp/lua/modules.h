/* modules.h: the C modules a Gazette Lua state can require (modules.c lists them). */
#ifndef GZ_MODULES_H
#define GZ_MODULES_H
#include "lua.h"

/* The registry table the sandbox's require looks in before searching for Lua files. */
#define GZ_PRELOAD "gazette.preload"

int luaopen_cal(lua_State *L);       /* lcal.c: the working-day calendar */
int luaopen_casestore(lua_State *L); /* lcasestore.c: approval cases in SQLite */
int luaopen_columns(lua_State *L);   /* lcolumns.c: a population in memory for what-if sessions */
int luaopen_dates(lua_State *L);     /* ldate.c: dates and date ranges */
int luaopen_fastops(lua_State *L);  /* lfastops.c: integer operations of compiled measures */
int luaopen_ffi(lua_State *L);       /* lffi.c: C functions of allowed libraries */
int luaopen_host(lua_State *L);      /* lhost.c: files, folders and the host's facts */
int luaopen_json(lua_State *L);      /* ljson.c */
int luaopen_money(lua_State *L);     /* lmoney.c: money and ratios */
int luaopen_records(lua_State *L);   /* lrecords.c: SQLite tables as records */

/* Registers every module above in GZ_PRELOAD (opened on the first require). */
void gz_modules_preload(lua_State *L);

#endif
