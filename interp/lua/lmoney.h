/* lmoney.h: the Lua money and ratio types (lmoney.c, module "money") for the other C
 * modules; the plain arithmetic and parsing are in core/money.h. */
#ifndef GZ_LMONEY_H
#define GZ_LMONEY_H
#include <stdint.h>

#include "core/money.h"
#include "lua.h"

/* Pushes a Lua money value. */
void gz_money_push(lua_State *L, int64_t fen);
/* The money at idx, or NULL if it is not money. */
const int64_t *gz_money_test(lua_State *L, int idx);
/* Pushes a Lua ratio. */
void gz_ratio_push(lua_State *L, int64_t num, int64_t den);
/* 1 and the parts if the value at idx is a ratio, else 0. */
int gz_ratio_test(lua_State *L, int idx, int64_t *num, int64_t *den);

#endif
