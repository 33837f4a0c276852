/* fuzz_money: gz_money_parse and gz_ratio_parse on any bytes.  An accepted amount must be
 * in range, and its plain and display forms must parse back to the same 分; its 万元 form
 * and 大写 must fit their buffers; rounding it must stay in range or say so.  An accepted
 * ratio must be reduced with a positive denominator and read back from its own text.  A
 * refusal must leave a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"

static void roundtrip(const char *text, int64_t want) {
  int64_t again;
  const char *err = NULL;
  if (gz_money_parse(text, strlen(text), &again, &err) != 0 || again != want) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data, *err = NULL;
  int64_t fen;
  if (gz_money_parse(s, size, &fen, &err) != 0) {
    if (!err || !*err) abort();
  } else {
    if (fen == INT64_MIN) abort();
    char buf[GZ_MONEY_BUF], dx[GZ_MONEY_DAXIE];
    if (gz_money_plain(fen, buf, sizeof buf) >= 32) abort();
    roundtrip(buf, fen);
    if (gz_money_format(fen, buf, sizeof buf) >= sizeof buf) abort();
    roundtrip(buf, fen);
    if (gz_money_wan(fen, buf, sizeof buf) >= sizeof buf) abort();
    roundtrip(buf, fen);
    if (gz_money_daxie(fen, dx, sizeof dx) >= sizeof dx) abort();
    static const int64_t units[] = {1, 10, 100, 10000, 1000000};
    int64_t out;
    int64_t unit = units[size % 5];
    for (int mode = GZ_ROUND_HALF_UP; mode <= GZ_ROUND_CEILING; mode++)
      if (gz_money_round(fen, 1, unit, mode, &out) == 0 && (out % unit != 0 || out == INT64_MIN)) abort();
  }
  int64_t n, d;
  err = NULL;
  if (gz_ratio_parse(s, size, &n, &d, &err) != 0) {
    if (!err || !*err) abort();
  } else {
    if (d <= 0 || n == INT64_MIN) abort();
    int64_t n2, d2;
    if (gz_ratio_reduce(n, d, &n2, &d2) != 0 || n2 != n || d2 != d) abort(); /* already reduced */
    char buf[96];
    gz_ratio_format(n, d, buf, sizeof buf);
    if (gz_ratio_parse(buf, strlen(buf), &n2, &d2, &err) != 0 || n2 != n || d2 != d) abort();
  }
  return 0;
}
