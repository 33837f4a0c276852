/* Unit tests for the batch runner's C pieces: key range planning (shards and chunks), CSV
 * quoting, JSON strings, binary part rows and files, counts and their text form, amounts, the
 * chunk sums of --resume. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch/batch.h"
#include "core/csv.h"
#include "core/json.h"
#include "tap.h"

static const char *csv(const char *s, size_t n) {
  static gz_buf b;
  b.len = 0;
  gz_csv_write_field(&b, s, n);
  return b.p;
}

static const char *js(const char *s, size_t n) {
  static gz_buf b;
  b.len = 0;
  gz_json_string(&b, s, n);
  return b.p;
}

/* The chunk sum as batch_sum.c first wrote it, a byte at a time: part files and the sums of an
 * interrupted run stay valid across the faster code (--resume compares them). */
static uint64_t old_step(uint64_t h, uint64_t w) {
  h = (h ^ w) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}

static uint64_t old_sum(const char *const *texts, int n) {
  uint64_t x = old_step(gz_sum_start(), 0x100u);
  x = old_step(old_step(x, SQLITE_INTEGER), 7); /* the key */
  for (int c = 0; c < n; c++) {
    size_t len = strlen(texts[c]), i = 0;
    x = old_step(x, SQLITE_TEXT | (uint64_t)len << 8);
    for (; len - i >= 8; i += 8) {
      uint64_t w = 0;
      for (int k = 0; k < 8; k++) w |= (uint64_t)(unsigned char)texts[c][i + k] << (8 * k);
      x = old_step(x, w);
    }
    if (i < len) {
      uint64_t w = 0;
      for (size_t k = 0; i + k < len; k++) w |= (uint64_t)(unsigned char)texts[c][i + k] << (8 * k);
      x = old_step(x, w);
    }
  }
  x = old_step(old_step(x, SQLITE_FLOAT), 0x3FF8000000000000ull); /* 1.5 */
  return old_step(x, SQLITE_NULL);
}

/* gz_sum_read and gz_sum_row over one row: the key 7, texts of every tail length, 1.5, NULL. */
static void sums(void) {
  static const char *const texts[] = {"", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh",
                                      "abcdefghi", "朝阳区", "2019-03-01", "abcdefghijklmnopq"};
  enum { NT = sizeof texts / sizeof *texts };
  sqlite3 *db;
  sqlite3_stmt *st;
  gz_buf q = {0};
  gz_buf_add(&q, "SELECT 7", 8);
  for (int c = 0; c < NT; c++) {
    char part[64];
    snprintf(part, sizeof part, ", '%s'", texts[c]);
    gz_buf_add(&q, part, strlen(part));
  }
  gz_buf_add(&q, ", 1.5, NULL", 12);
  ok(sqlite3_open(":memory:", &db) == SQLITE_OK && sqlite3_prepare_v2(db, q.p, -1, &st, NULL) == SQLITE_OK &&
         sqlite3_step(st) == SQLITE_ROW,
     "a row of every kind of value");
  sqlite3_value *vals[NT + 3];
  gz_raw raws[NT + 3];
  for (int c = 0; c < NT + 3; c++) vals[c] = sqlite3_column_value(st, c);
  uint64_t a = gz_sum_start(), b = gz_sum_start();
  gz_sum_read(&a, vals, raws, NT + 3, 0);
  gz_sum_row(&b, st, 0);
  ok(a == b, "the sum of the values read once (gz_sum_read) is the statement's (gz_sum_row)");
  ok(a == old_sum(texts, NT), "and the sum a byte at a time, as part files and --resume recorded it");
  ok(raws[0].type == GZ_RAW_INT && raws[0].i == 7, "the key read as an integer");
  ok(raws[11].type == GZ_RAW_TEXT && raws[11].n == 9 && memcmp(raws[11].s, "朝阳区", 9) == 0, "a text as its bytes");
  ok(raws[1].type == GZ_RAW_TEXT && raws[1].n == 0 && raws[1].s, "an empty text");
  ok(raws[NT + 1].type == GZ_RAW_FLOAT && raws[NT + 1].f == 1.5, "a REAL");
  ok(raws[NT + 2].type == GZ_RAW_NULL, "NULL");
  sqlite3_finalize(st);
  sqlite3_close(db);
  gz_buf_free(&q);
}

int main(void) {
  sums();
  /* Shards: equal counts, remainder spread, every ordinal exactly once. */
  int64_t f, e;
  gz_plan_shard(10, 1, 3, &f, &e);
  is_int(f, 0, "10 keys, shard 1/3 starts at ordinal 0");
  is_int(e, 3, "and ends before 3 (10/3 = 3.33: sizes 3, 3, 4)");
  gz_plan_shard(10, 3, 3, &f, &e);
  is_int(f, 6, "shard 3/3 starts at 6");
  is_int(e, 10, "and ends at 10");
  int all = 1;
  for (int64_t count = 0; count < 60; count++)
    for (int n = 1; n <= 9; n++) {
      int64_t prev = 0;
      for (int k = 1; k <= n; k++) {
        gz_plan_shard(count, k, n, &f, &e);
        if (f != prev || e < f || e - f > count / n + 1) all = 0;
        prev = e;
      }
      if (prev != count) all = 0;
    }
  ok(all, "shards 1..N tile 0..count without gap or overlap, sizes differ by at most 1 (count < 60, N ≤ 9)");
  int64_t big = INT64_MAX / 2;
  gz_plan_shard(big, 7, 7, &f, &e);
  is_int(e, big, "no overflow for 2^62 keys: the last shard ends at count");
  is_int(gz_plan_nchunks(0, 10, 4), 3, "10 keys in chunks of 4: 3 chunks (4, 4, 2)");
  is_int(gz_plan_nchunks(5, 5, 4), 0, "an empty range has no chunk");
  is_int(gz_plan_nchunks(0, 8, 4), 2, "8 keys in chunks of 4: 2 chunks");

  char id[64];
  is_str(gz_sql_ident(id, sizeof id, "enterprises"), "\"enterprises\"", "identifiers are quoted");
  is_str(gz_sql_ident(id, sizeof id, "a\"b"), "\"a\"\"b\"", "a quote inside is doubled");

  /* CSV (RFC 4180). */
  is_str(csv("plain", 5), "plain", "a plain field is written as is");
  is_str(csv("a,b", 3), "\"a,b\"", "a comma: quoted");
  is_str(csv("say \"hi\"", 8), "\"say \"\"hi\"\"\"", "quotes are doubled inside quotes");
  is_str(csv("two\nlines", 9), "\"two\nlines\"", "a newline: quoted");
  is_str(csv("cr\r", 3), "\"cr\r\"", "a carriage return: quoted");
  is_str(csv(" padded", 7), "\" padded\"", "a leading space: quoted (spreadsheets would drop it)");
  is_str(csv("", 0), "", "an empty field stays empty");
  is_str(csv("朝阳区", strlen("朝阳区")), "朝阳区", "UTF-8 passes through");
  is_str(csv("\"", 1), "\"\"\"\"", "a lone quote");

  /* JSON strings. */
  is_str(js("a\"b\\c\n\t\x01", 8), "\"a\\\"b\\\\c\\n\\t\\u0001\"", "JSON escapes");
  is_str(js("中文", strlen("中文")), "\"中文\"", "valid UTF-8 is kept");
  is_str(js("x\xff" "y", 3), "\"x\\ufffdy\"", "an invalid byte becomes U+FFFD");
  is_str(js("\xe6\x9c", 2), "\"\\ufffd\\ufffd\"", "a truncated sequence too");
  is_str(js("\xed\xa0\x80", 3), "\"\\ufffd\\ufffd\\ufffd\"", "an encoded surrogate too");
  is_str(js("\xc0\xaf", 2), "\"\\ufffd\\ufffd\"", "an overlong form too");

  /* Binary part rows. */
  gz_buf b = {0};
  gz_part_field(&b, "42", 2);
  gz_part_field(&b, NULL, 0);
  gz_part_field(&b, "", 0);
  size_t pos = 0, n;
  const char *s;
  is_int(gz_part_next(b.p, b.len, &pos, &s, &n), 1, "part row: a field");
  ok(s && n == 2 && memcmp(s, "42", 2) == 0, "its bytes");
  is_int(gz_part_next(b.p, b.len, &pos, &s, &n), 1, "a NULL field");
  ok(s == NULL, "is NULL");
  is_int(gz_part_next(b.p, b.len, &pos, &s, &n), 1, "an empty field");
  ok(s != NULL && n == 0, "is empty, not NULL");
  is_int(gz_part_next(b.p, b.len, &pos, &s, &n), 0, "then the end");
  pos = 0;
  is_int(gz_part_next(b.p, 5, &pos, &s, &n), -1, "a truncated field is malformed, not read past the end");
  char huge[4] = {'\xfe', '\xff', '\xff', '\x7f'};
  pos = 0;
  is_int(gz_part_next(huge, 4, &pos, &s, &n), -1, "a length beyond the data is malformed");

  /* Part files. */
  char dir[] = "/tmp/gz-unit-batch-XXXXXX", path[100];
  ok(mkdtemp(dir) != NULL, "a temp folder");
  snprintf(path, sizeof path, "%s/chunk-0000001.part", dir);
  ok(gz_part_write(path, &b, "1\tN\n", 4, 0x0123456789abcdefull) == 0, "a part file is written");
  ok(gz_part_valid(path), "and is valid");
  char *whole;
  size_t dl, sl;
  const char *st;
  uint64_t sum = 0;
  ok(gz_part_read(path, &whole, &dl, &st, &sl, &sum) == 0 && dl == b.len && sl == 4 && memcmp(st, "1\tN\n", 4) == 0,
     "reads back: data, then counts");
  ok(sum == 0x0123456789abcdefull, "and the sum of what the chunk read");
  free(whole);
  truncate(path, 10);
  ok(!gz_part_valid(path), "a truncated part is not valid (evaluated again)");
  unlink(path);
  rmdir(dir);
  gz_buf_free(&b);

  /* Counts. */
  gz_stats *a = gz_stats_new(), *c = gz_stats_new();
  int64_t fen = 3000000;
  gz_stats_result(a, "m", "eligible", &fen, NULL);
  gz_stats_result(a, "m", "ineligible", NULL, "district\t五（二）\t注册地\nhires\t五（二）\t3人以上");
  gz_stats_error(a, 17, "m", "field x:\nbad");
  size_t len;
  char *dump = gz_stats_dump(a, &len);
  ok(gz_stats_load(c, dump, len) == 0, "counts round-trip through their text form");
  ok(gz_stats_load(c, dump, len) == 0, "twice");
  free(dump);
  is_int(gz_stats_get(c, "S\tm\teligible"), 2, "results per status add up");
  is_int(gz_stats_get(c, "A\tm"), 6000000, "amounts add up in fen: 2 × 30,000.00");
  is_int(gz_stats_get(c, "R\tm\thires\t五（二）\t3人以上"), 2, "each failed rule is counted");
  ok(gz_stats_load(c, "x\ty\n", 4) != 0, "a malformed count is refused");
  gz_stats *o = gz_stats_new();
  gz_stats_add(o, "A\tm", INT64_MAX - 1);
  gz_stats_add(o, "A\tm", 5);
  is_int(gz_stats_get(o, "O\tA\tm"), 1, "an amount overflow is flagged, never wrapped");
  is_int(gz_stats_get(o, "A\tm"), INT64_MAX, "and saturates");
  gz_stats_free(o);
  gz_stats_free(a);
  gz_stats_free(c);
  char m[48];
  is_str(gz_fen_format(123456789, m, sizeof m, 1), "1,234,567.89", "fen formatted with separators");
  is_str(gz_fen_format(-5, m, sizeof m, 1), "-0.05", "negative fen");
  is_str(gz_fen_format(INT64_MIN, m, sizeof m, 0), "-92233720368547758.08", "the most negative amount");
  is_str(gz_fen_format(0, m, sizeof m, 1), "0.00", "zero");
  return done_testing();
}
