/* fuzz_notice: gz_notice_parse on any bytes (after the title line, so that the sections are
 * reached). An accepted notice must hold sorted, distinct days of its year (or the December
 * before it), each with a festival; a refused one must leave a message naming the file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/notice.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char title[] = "国务院办公厅关于2017年部分节假日安排的通知\n";
  char *text = malloc(sizeof title + size);
  memcpy(text, title, sizeof title - 1);
  memcpy(text + sizeof title - 1, data, size);
  gz_lunar_year ly = {2017, gz_date_from_ymd(2017, 1, 28), gz_date_from_ymd(2017, 5, 30), gz_date_from_ymd(2017, 10, 4)};
  gz_notice n;
  char err[600];
  if (gz_notice_parse(text, sizeof title - 1 + size, "fuzz.txt", &ly, 1, &n, err, sizeof err) != 0) {
    if (strncmp(err, "fuzz.txt", 8) != 0 || n.rows || n.nrows) abort();
    free(text);
    return 0;
  }
  if (n.year < 1000 || n.nrows < 1) abort();
  int32_t lo = gz_date_from_ymd(n.year - 1, 12, 1), hi = gz_date_from_ymd(n.year, 12, 31);
  for (int i = 0; i < n.nrows; i++) {
    if (n.rows[i].day < lo || n.rows[i].day > hi || !n.rows[i].festival[0]) abort();
    if (i && n.rows[i].day <= n.rows[i - 1].day) abort();
  }
  gz_notice_free(&n);
  free(text);
  return 0;
}
