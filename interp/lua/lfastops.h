/* lfastops.h: what lfastops.c (module `fastops`) gives the other C layers: the child records of
 * a list input as a compiled measure takes them. */
#ifndef GZ_LFASTOPS_H
#define GZ_LFASTOPS_H
#include "lua.h"

/* Pushes the list at idx (an array of plain child tables of raw values) as an array of new
 * tables of the fields named by the array at names_idx, each converted by its kind letter in
 * kinds (core/arg.h); nil for nil. 0, nothing pushed: the record must go to the reference. */
int gz_fastops_push_list(lua_State *L, int idx, int names_idx, const char *kinds);

#endif
