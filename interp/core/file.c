/* file.c: reading a whole file (file.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"

char *gz_readfile(const char *path, size_t *len, size_t max) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 8192, n = 0;
  char *buf = malloc(cap + 1);
  for (;;) {
    if (!buf) break;
    size_t r = fread(buf + n, 1, cap - n, f);
    n += r;
    if (n > max) {
      free(buf);
      buf = NULL;
      errno = EFBIG;
      break;
    }
    if (r == 0) break;
    if (n == cap) {
      char *nb = realloc(buf, cap * 2 + 1);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
  }
  if (f != stdin) fclose(f);
  if (buf) {
    buf[n] = 0;
    *len = n;
  }
  return buf;
}
