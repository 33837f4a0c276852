/* buf.h: a growable byte buffer, always NUL-terminated after its len bytes (buf.c).
 * Zero-initialise it ({0}); gz_buf_free releases it. */
#ifndef GZ_BUF_H
#define GZ_BUF_H
#include <stddef.h>

typedef struct gz_buf {
  char *p;
  size_t len, cap;
} gz_buf;
void gz_buf_add(gz_buf *b, const void *s, size_t n);
void gz_buf_free(gz_buf *b);

#endif
