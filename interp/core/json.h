/* json.h: JSON text in plain C (json.c, jsonexact.c), for code that does not go through Lua; the Lua
 * module `json` (encode, decode) is lua/ljson.c. */
#ifndef GZ_JSON_H
#define GZ_JSON_H
#include <stddef.h>

#include "core/buf.h"

/* A JSON string with its quotes; invalid UTF-8 becomes U+FFFD. Out of memory marks b
 * failed (buf.h): check gz_buf_failed before using b. */
void gz_json_string(gz_buf *b, const char *s, size_t n);

/* 1 when every number of the (valid) JSON text reads back exactly as written through its
 * shortest decimal, as Lua's ratio(x) reads a float (jsonexact.c); else 0 and the first that
 * does not, with its key, line and column, in err. */
int gz_json_exact_numbers(const char *s, size_t len, char *err, size_t errlen);

#endif
