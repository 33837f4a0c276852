/* json.h: JSON text in plain C (json.c), for writers that do not go through Lua; the Lua
 * module `json` (encode, decode) is lua/ljson.c. */
#ifndef GZ_JSON_H
#define GZ_JSON_H
#include <stddef.h>

#include "core/buf.h"

/* A JSON string with its quotes; invalid UTF-8 becomes U+FFFD. Out of memory marks b
 * failed (buf.h): check gz_buf_failed before using b. */
void gz_json_string(gz_buf *b, const char *s, size_t n);

#endif
