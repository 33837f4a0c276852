/* buf.c: the growable byte buffer (buf.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

int gz_buf_add(gz_buf *b, const void *s, size_t n) {
  if (b->failed) return -1;
  if (n > SIZE_MAX / 2 - b->len) { /* no capacity can hold it */
    b->failed = 1;
    return -1;
  }
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      b->failed = 1; /* b->p is untouched: what it held stays, NUL-terminated */
      return -1;
    }
    b->p = p;
    b->cap = cap;
  }
  if (n) memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
  return 0;
}

int gz_buf_failed(const gz_buf *b) { return b->failed; }

void gz_buf_free(gz_buf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
  b->failed = 0;
}
