/* money.h: exact money in plain C (money.c): amounts are int64 counts of 分 (fen), ratios
 * reduced int64 fractions.  The Lua types live in lua/lmoney.c (module "money"). */
#ifndef GZ_MONEY_H
#define GZ_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Parses "2500万元", "1.5亿", "3,600,000.00元", "¥12.5", "12.50", full-width digits,
 * negatives, into fen.  Returns 0 on success; otherwise -1 with *err set to a static
 * message ("more than two decimals of 元", "overflow", ...). */
int gz_money_parse(const char *s, size_t len, int64_t *fen, const char **err);
/* Plain form for CSV/JSON: "3600000.00" ("-12.50").  buf needs 32 bytes; returns length. */
size_t gz_money_plain(int64_t fen, char *buf, size_t n);

/* ---- more of the same core (money.c) ---- */

/* The range: ±GZ_MONEY_MAX fen (±92,233,720,368,547,758.07 元); INT64_MIN is never money. */
#define GZ_MONEY_MAX INT64_MAX
#define GZ_MONEY_BUF 48     /* enough for gz_money_plain, gz_money_format, gz_money_wan */
#define GZ_MONEY_DAXIE 256  /* enough for gz_money_daxie of any amount */

/* Parses like gz_money_parse, but the number is in units of 10^scale 元 (0 元, 4 万元,
 * 8 亿元) and only the units in `units` (a NUL-separated list ending in an empty string,
 * or NULL for every unit) may follow it. */
int gz_money_parse_in(const char *s, size_t len, int scale, const char *units, int64_t *fen, const char **err);
/* Display form "3,600,000.00元" ("-12.50元"); returns the length. */
size_t gz_money_format(int64_t fen, char *buf, size_t n);
/* The exact 万元 form: "360.00万元", "0.0001万元" (two decimals at least, never rounded). */
size_t gz_money_wan(int64_t fen, char *buf, size_t n);
/* Chinese capital numerals (大写) as payment documents write them: 叁佰陆拾万元整,
 * 壹仟陆佰捌拾元叁角贰分, 壹万陆仟肆佰零玖元零贰分; negatives begin with 负. */
size_t gz_money_daxie(int64_t fen, char *buf, size_t n);

/* Rounding modes.  down/up are toward/away from zero; floor/ceiling toward -inf/+inf;
 * half_up (四舍五入) takes an exact half away from zero, half_even to the even neighbour. */
enum { GZ_ROUND_HALF_UP, GZ_ROUND_HALF_EVEN, GZ_ROUND_DOWN, GZ_ROUND_UP, GZ_ROUND_FLOOR, GZ_ROUND_CEILING };
/* Mode from its name ("half_up", ...); -1 if unknown. */
int gz_round_mode(const char *name);
/* num/den rounded to an integer by mode (den > 0). */
__int128 gz_round_div(__int128 num, __int128 den, int mode);
/* num/den fen rounded to a multiple of unit fen (den > 0, unit > 0).  0 on success, -1 on
 * overflow of the money range. */
int gz_money_round(__int128 num, __int128 den, int64_t unit, int mode, int64_t *fen);

/* Exact ratios: num/den reduced, den > 0, both within ±INT64_MAX.  Parses "0.25", "2.35",
 * "45%", "5‰", "25bp", "3/4" (a slash), full-width digits, negatives; -1 with *err on failure. */
int gz_ratio_parse(const char *s, size_t len, int64_t *num, int64_t *den, const char **err);
/* Reduces num/den (den != 0) into *rn and *rd; -1 if the reduced ratio does not fit. */
int gz_ratio_reduce(__int128 num, __int128 den, int64_t *rn, int64_t *rd);
/* "0.25", "-2", or "1/3" when the decimal does not terminate; returns the length
 * (buf needs 48 bytes). */
size_t gz_ratio_format(int64_t num, int64_t den, char *buf, size_t n);

/* The shortest decimal text of a finite double: the first of 15, 16 or 17 significant digits
 * that reads back as x, as the measure language reads a float (coerce.lua's decimal_text), so
 * a REAL 4999.999999999999 stays itself (%.15g made it 5000). Returns the length, or 0 when x
 * is not finite or buf (32 bytes are enough) is too small. */
size_t gz_double_text(double x, char *buf, size_t size);

#endif
