/* Unit tests of the CSV reader and the encoding step of `gazette import` (interp/core/csv.c). */
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "tap.h"

/* Reads all records of s into "line:f1|f2;line:..." (with "!reason" for malformed ones). */
static const char *records(const char *s, char delim) {
  static char out[4096];
  gz_csv c;
  gz_csv_init(&c, s, strlen(s), delim);
  out[0] = 0;
  while (gz_csv_next(&c) == 1) {
    size_t n = strlen(out);
    snprintf(out + n, sizeof out - n, "%s%ld:", n ? ";" : "", c.rec_line);
    for (int i = 0; i < c.nf; i++) {
      n = strlen(out);
      snprintf(out + n, sizeof out - n, "%s%s", i ? "|" : "", gz_csv_field(&c, i, NULL));
    }
    if (c.err) {
      n = strlen(out);
      snprintf(out + n, sizeof out - n, "!%s", c.err);
    }
  }
  gz_csv_free(&c);
  return out;
}

int main(void) {
  is_str(records("a,b\n1,2\n", ','), "1:a|b;2:1|2", "two records");
  is_str(records("a,b\r\n1,2\r\n", ','), "1:a|b;2:1|2", "CRLF");
  is_str(records("a,b\n1,2", ','), "1:a|b;2:1|2", "no newline at the end");
  is_str(records("\xEF\xBB\xBF" "a\n", ','), "1:a", "a UTF-8 BOM is dropped");
  is_str(records("\"a,b\",\"x\"\"y\"\n", ','), "1:a,b|x\"y", "quoted delimiter and doubled quote");
  is_str(records("\"multi\nline\",2\n3,4\n", ','), "1:multi\nline|2;3:3|4", "a newline inside quotes: the next record starts on line 3");
  is_str(records("a,,\n", ','), "1:a||", "empty fields");
  is_str(records("\n\n", ','), "1:;2:", "blank lines are records of one empty field");
  is_str(records("a;b\tc\n", ';'), "1:a|b\tc", "another delimiter");
  is_str(records("1,\"x\"y\n2,z\n", ','), "1:1|x!text after a closing quote (a \" inside a quoted field must be doubled: \"\");2:2|z",
         "text after a closing quote; the next line reads");
  is_str(records("1,\"open\n2,z\n", ','), "1:1|open\n2,z\n!a quoted field is not closed (a \" is missing);2:2|z",
         "an unclosed quote rejects its line only");
  is_str(records("1,\"a\n2,\"b\"c\n3,d\n", ','),
         "1:1|a\n2,!a quote is not closed on this line (it pairs with a quote on a later line);2:2|b!text after a closing quote (a \" inside a quoted field must be doubled: \"\");3:3|d",
         "a stray quote pairing across lines rejects the first line, then reading resumes");
  is_str(records("a,b\"c\n", ','), "1:a|b\"c", "a quote inside an unquoted field is kept");

  gz_csv c;
  const char *wide = "1,2,3,4,5\n";
  gz_csv_init(&c, wide, strlen(wide), ',');
  c.max_fields = 3;
  ok(gz_csv_next(&c) == 1 && c.err && strcmp(c.err, "too many fields") == 0 && c.nf == 3, "too many fields");
  gz_csv_free(&c);
  const char *longf = "abcdefgh,1\n2,3\n";
  gz_csv_init(&c, longf, strlen(longf), ',');
  c.max_field = 4;
  ok(gz_csv_next(&c) == 1 && c.err && strcmp(c.err, "field too long") == 0 && c.err_field == 1, "a field too long names field 1");
  ok(gz_csv_next(&c) == 1 && !c.err && c.rec_line == 2, "and the next record reads");
  gz_csv_free(&c);

  ok(gz_utf8_valid("中文abc", strlen("中文abc")), "UTF-8 valid");
  ok(!gz_utf8_valid("\xe4\xb8", 2), "a cut sequence");
  ok(!gz_utf8_valid("\xc0\xaf", 2), "an overlong form");
  ok(!gz_utf8_valid("\xed\xa0\x80", 3), "a surrogate");
  ok(!gz_utf8_valid("\xf4\x90\x80\x80", 4), "past U+10FFFF");

  size_t n, nbad;
  long *bad;
  const char gbk[] = "\xd6\xd0\xce\xc4\n\xff\n\xba\xc3\n"; /* 中文 / a byte that is not GBK / 好 */
  char *u = gz_to_utf8(gbk, sizeof gbk - 1, "GB18030", &n, &bad, &nbad);
  ok(u != NULL, "GB18030 decodes");
  is_str(u ? (u[n] = 0, u) : "", "中文\n\xEF\xBF\xBD\n好\n", "to UTF-8, the bad byte as U+FFFD");
  is_int(nbad, 1, "one bad line");
  is_int(nbad ? bad[0] : 0, 2, "  line 2");
  free(u);
  free(bad);
  ok(gz_to_utf8("x", 1, "NO-SUCH-ENCODING", &n, &bad, &nbad) == NULL, "an unknown encoding is NULL");
  return done_testing();
}
