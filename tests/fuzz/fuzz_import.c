/* fuzz_import: the CSV reader and the encoding step of `gazette import` on any bytes.
 * Every record must lie inside the data, start on a line that does not go backwards, and
 * keep its fields NUL-terminated with the lengths the reader reports; decoding from GB18030
 * must give valid UTF-8 and name only lines that exist. The first byte picks the delimiter. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

static void check_records(const char *data, size_t size, char delim) {
  gz_csv c;
  gz_csv_init(&c, data, size, delim);
  c.max_field = 64; /* small limits reach the "too long" paths */
  c.max_fields = 8;
  long lines = 1, prev = 0;
  for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
  int r, n = 0;
  while ((r = gz_csv_next(&c)) == 1) {
    if (c.rec_line < prev || c.rec_line > lines) abort();
    prev = c.rec_line;
    if (c.nf < 1 || c.nf > c.max_fields) abort();
    for (int i = 0; i < c.nf; i++) {
      size_t len;
      const char *f = gz_csv_field(&c, i, &len);
      if (len > c.max_field || f[len] != 0) abort();
    }
    if (++n > (int)size + 1) abort(); /* every record consumes input */
  }
  if (r != 0) abort();
  gz_csv_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  static const char delims[] = {',', ';', '\t', '|'};
  char delim = delims[data[0] % 4];
  const char *d = (const char *)data + 1;
  size_t n = size - 1;
  check_records(d, n, delim);
  size_t outlen;
  long *bad;
  size_t nbad;
  char *u = gz_to_utf8(d, n, "GB18030", &outlen, &bad, &nbad);
  if (!u) abort();
  if (!gz_utf8_valid(u, outlen)) abort();
  long lines = 1;
  for (size_t i = 0; i < n; i++) lines += d[i] == '\n';
  for (size_t i = 0; i < nbad; i++)
    if (bad[i] < 1 || bad[i] > lines || (i && bad[i] <= bad[i - 1])) abort();
  check_records(u, outlen, delim);
  free(u);
  free(bad);
  return 0;
}
