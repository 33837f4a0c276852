/* money.h: exact money for the host's C files (records, batch, cases).  The Lua type
 * lives in lmoney.c (module "money"); amounts are int64 counts of 分 (fen). */
#ifndef GZ_MONEY_H
#define GZ_MONEY_H

#include <stddef.h>
#include <stdint.h>
#include "lua.h"

/* Parses "2500万元", "1.5亿", "3,600,000.00元", "¥12.5", "12.50", full-width digits,
 * negatives, into fen.  Returns 0 on success; otherwise -1 with *err set to a static
 * message ("more than two decimals of 元", "overflow", ...). */
int gz_money_parse(const char *s, size_t len, int64_t *fen, const char **err);
/* Plain form for CSV/JSON: "3600000.00" ("-12.50").  buf needs 32 bytes; returns length. */
size_t gz_money_plain(int64_t fen, char *buf, size_t n);
/* Pushes a Lua money value. */
void gz_money_push(lua_State *L, int64_t fen);
/* The money at idx, or NULL if it is not money. */
const int64_t *gz_money_test(lua_State *L, int idx);

#endif
