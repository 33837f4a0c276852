/* buf.h: a growable byte buffer, always NUL-terminated after its len bytes (buf.c).
 * Zero-initialise it ({0}); gz_buf_free releases it.
 *
 * Out of memory is reported, never fatal: gz_buf_add returns -1 and marks the buffer failed;
 * a failed buffer keeps what it held (still NUL-terminated) and refuses every later add, so
 * a writer may add many pieces and check once, with gz_buf_failed, before the bytes leave
 * (a file, SQLite, a caller): an incomplete buffer must never be used as if it were whole. */
#ifndef GZ_BUF_H
#define GZ_BUF_H
#include <stddef.h>

typedef struct gz_buf {
  char *p;
  size_t len, cap;
  int failed; /* an add ran out of memory */
} gz_buf;
/* Appends n bytes of s: 0, or -1 when memory runs out (or the buffer had failed before). */
int gz_buf_add(gz_buf *b, const void *s, size_t n);
/* 1 when an add has failed: the buffer is incomplete. */
int gz_buf_failed(const gz_buf *b);
void gz_buf_free(gz_buf *b);

#endif
