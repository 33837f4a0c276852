/* fuzz_date: gz_date_parse on any bytes. An accepted input must be a valid date whose ISO
 * form parses back to the same day; a refused one must leave a message that quotes it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int32_t day, again;
  char err[200], iso[11];
  if (gz_date_parse((const char *)data, size, &day, err, sizeof err) != 0) {
    if (strncmp(err, "invalid date '", 14) != 0) abort();
    return 0;
  }
  if (day < GZ_DATE_MIN || day > GZ_DATE_MAX) abort();
  int y, m, d;
  gz_date_to_ymd(day, &y, &m, &d);
  if (!gz_date_valid(y, m, d) || gz_date_from_ymd(y, m, d) != day) abort();
  gz_date_format(day, iso);
  if (strlen(iso) != 10) abort();
  if (gz_date_parse(iso, 10, &again, err, sizeof err) != 0 || again != day) abort();
  /* Month arithmetic on the accepted date stays in range or says so. */
  int32_t out;
  int r = gz_date_add_months(day, (long long)(size % 25) - 12, GZ_DATE_UP, &out);
  if (r == 0 && (out < GZ_DATE_MIN || out > GZ_DATE_MAX)) abort();
  return 0;
}
