/* arg.h: the arguments of a compiled measure (stdlib/measure/compile.lua) from raw values, in
 * plain C (arg.c). A compiled measure takes each input as a plain value: text as a string, an
 * integer, a boolean, money as an integer of 分, a date as a day number (core/date.h). The
 * conversions are the ones the measure language makes (stdlib/measure/coerce.lua's fast
 * path: gz_money_parse, gz_date_parse, integers of yuan); any other raw value is left to the
 * reference evaluation, which converts it or names the error. */
#ifndef GZ_ARG_H
#define GZ_ARG_H
#include <stddef.h>
#include <stdint.h>

/* A raw value: from SQLite (BLOB counts as text) or from Lua. */
enum { GZ_RAW_NULL, GZ_RAW_INT, GZ_RAW_FLOAT, GZ_RAW_TEXT, GZ_RAW_BOOL, GZ_RAW_OTHER };
typedef struct gz_raw {
  int type;
  int64_t i;     /* INT; BOOL: 0 or 1 */
  double f;      /* FLOAT */
  const char *s; /* TEXT */
  size_t n;
} gz_raw;

/* The kinds of arguments, one letter each (compile.lua writes them). Enumerations are text:
 * the compiled function checks the value is one of them. Ratios and decimals are exact
 * numbers given as an integer scaled by GZ_ARG_SCALE (0.45 is 450000000): a value with more
 * decimals, or out of that range, is left to the reference evaluation. */
enum {
  GZ_ARG_TEXT = 't',
  GZ_ARG_INT = 'i',
  GZ_ARG_BOOL = 'b',
  GZ_ARG_MONEY = 'm',
  GZ_ARG_DATE = 'd',
  GZ_ARG_RATIO = 'r',
  GZ_ARG_DECIMAL = 'x'
};
#define GZ_ARG_SCALE 1000000000LL
#define GZ_ARG_SCALE_DIGITS 9

/* What a raw value becomes. */
enum { GZ_ARG_FALLBACK = -1, GZ_ARG_NIL = 0, GZ_ARG_INTEGER = 1, GZ_ARG_STRING = 2, GZ_ARG_BOOLEAN = 3 };

/* Converts raw to the argument of kind: GZ_ARG_NIL (NULL: a missing input), GZ_ARG_INTEGER
 * (*out: the integer, 分 or day number), GZ_ARG_STRING (raw's text as is), GZ_ARG_BOOLEAN
 * (*out 0 or 1), or GZ_ARG_FALLBACK when only the reference evaluation may read it. */
int gz_arg_convert(int kind, const gz_raw *raw, int64_t *out);

/* 1 when kind is one of the letters above. */
int gz_arg_kind_valid(int kind);

#endif
