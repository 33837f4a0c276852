/* buf.c: the growable byte buffer (buf.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"

void gz_buf_add(gz_buf *b, const void *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      fprintf(stderr, "gazette: out of memory\n");
      _exit(1); /* GZ_EXIT_FAIL */
    }
    b->p = p;
    b->cap = cap;
  }
  if (n) memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

void gz_buf_free(gz_buf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}
