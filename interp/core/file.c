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
  int err = buf ? 0 : ENOMEM;
  while (!err) {
    errno = 0;
    size_t r = fread(buf + n, 1, cap - n, f);
    n += r;
    if (n > max) err = EFBIG;
    else if (r == 0) {
      /* the end, or a read error (EIO, EISDIR for a folder): never a short file */
      if (ferror(f)) err = errno ? errno : EIO;
      break;
    } else if (n == cap) {
      char *nb = realloc(buf, cap * 2 + 1);
      if (!nb) err = ENOMEM;
      else {
        buf = nb;
        cap *= 2;
      }
    }
  }
  if (f != stdin) fclose(f);
  if (err) {
    free(buf);
    errno = err;
    return NULL;
  }
  buf[n] = 0;
  *len = n;
  return buf;
}
