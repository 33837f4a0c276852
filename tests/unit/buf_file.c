/* Unit tests for core/buf.c and core/file.c: out of memory and read errors are reported to
 * the caller (a failed buffer stays failed and keeps what it had; a read error is NULL with
 * errno, never a short buffer). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/file.h"
#include "core/json.h"
#include "tap.h"

/* Under ASan an impossible allocation returns NULL, as malloc does, instead of aborting. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }

int main(void) {
  gz_buf b = {0};
  is_int(gz_buf_add(&b, "abc", 3), 0, "gz_buf_add: 0 when it fits");
  is_str(b.p, "abc", "  the bytes, NUL-terminated");
  /* 2 TiB: realloc fails before a byte is read from the source */
  is_int(gz_buf_add(&b, "x", (size_t)1 << 41), -1, "an add that cannot be allocated: -1");
  ok(gz_buf_failed(&b), "  the buffer is marked failed");
  is_str(b.p, "abc", "  and keeps what it had");
  is_int(b.len, 3, "  its length too");
  is_int(gz_buf_add(&b, "d", 1), -1, "a later add, which would fit, is refused: the buffer stays incomplete");
  gz_json_string(&b, "e", 1);
  ok(gz_buf_failed(&b) && b.len == 3, "writers into a failed buffer add nothing (json string)");
  is_int(gz_buf_add(&b, "x", SIZE_MAX - 1), -1, "a length that overflows: -1, no wrap-around");
  gz_buf_free(&b);
  ok(!gz_buf_failed(&b) && b.p == NULL && b.len == 0, "gz_buf_free clears the buffer and the mark");
  is_int(gz_buf_add(&b, "ok", 2), 0, "  which can be used again");
  is_str(b.p, "ok", "  from empty");
  gz_buf_free(&b);

  char dir[] = "/tmp/gz-unit-XXXXXX";
  ok(mkdtemp(dir) != NULL, "a temporary folder");
  char path[64];
  snprintf(path, sizeof path, "%s/f.txt", dir);
  FILE *f = fopen(path, "wb");
  fputs("0123456789", f);
  fclose(f);
  size_t len = 99;
  char *p = gz_readfile(path, &len, 100);
  is_str(p, "0123456789", "gz_readfile: the file's bytes");
  is_int(len, 10, "  and its length");
  free(p);
  errno = 0;
  p = gz_readfile(path, &len, 9);
  ok(p == NULL && errno == EFBIG, "a file over max bytes: NULL, EFBIG");
  errno = 0;
  p = gz_readfile(dir, &len, 100);
  ok(p == NULL && errno == EISDIR, "a folder: NULL, EISDIR (the read error, not an empty file)");
  snprintf(path, sizeof path, "%s/none", dir);
  errno = 0;
  p = gz_readfile(path, &len, 100);
  ok(p == NULL && errno == ENOENT, "a missing file: NULL, ENOENT");
  snprintf(path, sizeof path, "%s/f.txt", dir);
  unlink(path);
  rmdir(dir);
  return done_testing();
}
