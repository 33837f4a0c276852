/* fuzz_batch_parts: what `gazette run --resume` and `gazette merge` read back from files that
 * may have been damaged or tampered with: binary part rows (gz_part_next) and the text form of
 * counts (gz_stats_load, as in progress records and .gzmeta files).  Nothing may read out of
 * bounds; counts that load must dump and load again to the same totals; CSV and JSON text of
 * any bytes must be well formed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "core/csv.h"
#include "core/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *p = (const char *)data;
  size_t pos = 0, n;
  const char *s;
  int rc;
  while ((rc = gz_part_next(p, size, &pos, &s, &n)) == 1)
    if (s && (s < p || s + n > p + size)) abort();
  if (pos > size) abort();

  gz_stats *a = gz_stats_new();
  if (gz_stats_load(a, p, size) == 0) {
    size_t len;
    char *d = gz_stats_dump(a, &len);
    gz_stats *b = gz_stats_new();
    if (gz_stats_load(b, d, len) != 0) abort();
    if (gz_stats_get(a, "N") != gz_stats_get(b, "N")) abort();
    gz_stats_free(b);
    free(d);
  }
  gz_stats_free(a);

  gz_buf b = {0};
  gz_json_string(&b, p, size);
  if (b.len < 2 || b.p[0] != '"' || b.p[b.len - 1] != '"') abort();
  for (size_t i = 1; i + 1 < b.len; i++)
    if ((unsigned char)b.p[i] < 0x20) abort();
  b.len = 0;
  gz_csv_write_field(&b, p, size);
  if (b.len < size) abort();
  gz_buf_free(&b);
  return 0;
}
