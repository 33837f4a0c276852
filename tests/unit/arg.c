/* Unit tests for the arguments of compiled measures (interp/core/arg.c): each conversion gives
 * what the measure language's converter gives (gz_date_parse, gz_money_parse, yuan of an
 * integer), or hands the value to the reference evaluation. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/arg.h"
#include "core/date.h"
#include "core/money.h"
#include "tap.h"

static gz_raw text(const char *s) { return (gz_raw){.type = GZ_RAW_TEXT, .s = s, .n = strlen(s)}; }
static gz_raw integer(int64_t i) { return (gz_raw){.type = GZ_RAW_INT, .i = i}; }

int main(void) {
  int64_t v = 0;
  gz_raw r;

  /* dates: every day from 0001-01-01 to 9999-12-31 in ISO form, as gz_date_parse reads it */
  int mismatches = 0;
  char buf[11];
  for (int32_t d = GZ_DATE_MIN; d <= GZ_DATE_MAX; d++) {
    gz_date_format(d, buf);
    r = text(buf);
    if (gz_arg_convert(GZ_ARG_DATE, &r, &v) != GZ_ARG_INTEGER || v != d) mismatches++;
  }
  is_int(mismatches, 0, "every ISO date 0001-01-01..9999-12-31 gives its day number");
  const char *forms[] = {"2022/7/8", "2022年7月8日", " 2022-07-08 ", "20220708", "２０２２－０７－０８"};
  for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
    int32_t want;
    char err[200];
    gz_date_parse(forms[i], strlen(forms[i]), &want, err, sizeof err);
    r = text(forms[i]);
    ok(gz_arg_convert(GZ_ARG_DATE, &r, &v) == GZ_ARG_INTEGER && v == want, "date '%s' as gz_date_parse reads it", forms[i]);
  }
  const char *bad[] = {"2023-02-29", "2023-13-01", "0000-01-01", "2023-1-32", "not a date", ""};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    r = text(bad[i]);
    is_int(gz_arg_convert(GZ_ARG_DATE, &r, &v), GZ_ARG_FALLBACK, "date '%s' goes to the reference (its error)", bad[i]);
  }
  r = integer(20220708);
  is_int(gz_arg_convert(GZ_ARG_DATE, &r, &v), GZ_ARG_FALLBACK, "a date as an integer goes to the reference");
  r = text("2024-02-29");
  ok(gz_arg_convert(GZ_ARG_DATE, &r, &v) == GZ_ARG_INTEGER && v == gz_date_from_ymd(2024, 2, 29), "2024-02-29 (a leap day)");

  /* money: integers of yuan, decimal and Chinese text, in 分 */
  r = integer(1049680);
  ok(gz_arg_convert(GZ_ARG_MONEY, &r, &v) == GZ_ARG_INTEGER && v == 104968000, "1049680 yuan = 104968000 分");
  r = integer(-5);
  ok(gz_arg_convert(GZ_ARG_MONEY, &r, &v) == GZ_ARG_INTEGER && v == -500, "-5 yuan = -500 分");
  r = integer(GZ_MONEY_MAX / 100);
  ok(gz_arg_convert(GZ_ARG_MONEY, &r, &v) == GZ_ARG_INTEGER && v == GZ_MONEY_MAX / 100 * 100, "the largest yuan that fits");
  r = integer(GZ_MONEY_MAX / 100 + 1);
  is_int(gz_arg_convert(GZ_ARG_MONEY, &r, &v), GZ_ARG_FALLBACK, "one more yuan: the reference names the overflow");
  const char *amounts[] = {"699192.00", "800万", "1.5亿", "3,600,000.00元", "0.01", "-12.50"};
  const int64_t fen[] = {69919200, 800000000, 15000000000LL, 360000000, 1, -1250};
  for (size_t i = 0; i < sizeof amounts / sizeof *amounts; i++) {
    r = text(amounts[i]);
    ok(gz_arg_convert(GZ_ARG_MONEY, &r, &v) == GZ_ARG_INTEGER && v == fen[i], "money '%s' = %lld 分", amounts[i],
       (long long)fen[i]);
  }
  r = text("12.345");
  is_int(gz_arg_convert(GZ_ARG_MONEY, &r, &v), GZ_ARG_FALLBACK, "a fraction of a 分 goes to the reference");
  r = (gz_raw){.type = GZ_RAW_FLOAT, .f = 1234.5};
  is_int(gz_arg_convert(GZ_ARG_MONEY, &r, &v), GZ_ARG_FALLBACK, "a float of yuan goes to the reference");

  /* integers, booleans, text */
  r = integer(45);
  ok(gz_arg_convert(GZ_ARG_INT, &r, &v) == GZ_ARG_INTEGER && v == 45, "an integer");
  r = text("45");
  is_int(gz_arg_convert(GZ_ARG_INT, &r, &v), GZ_ARG_FALLBACK, "an integer as text goes to the reference");
  r = integer(1);
  ok(gz_arg_convert(GZ_ARG_BOOL, &r, &v) == GZ_ARG_BOOLEAN && v == 1, "1 is true");
  r = integer(0);
  ok(gz_arg_convert(GZ_ARG_BOOL, &r, &v) == GZ_ARG_BOOLEAN && v == 0, "0 is false");
  r = integer(2);
  is_int(gz_arg_convert(GZ_ARG_BOOL, &r, &v), GZ_ARG_FALLBACK, "2 goes to the reference (an error there)");
  r = text("是");
  is_int(gz_arg_convert(GZ_ARG_BOOL, &r, &v), GZ_ARG_FALLBACK, "是 goes to the reference (true there)");
  r = text("朝阳区");
  is_int(gz_arg_convert(GZ_ARG_TEXT, &r, &v), GZ_ARG_STRING, "text stays text");
  r = integer(7);
  is_int(gz_arg_convert(GZ_ARG_TEXT, &r, &v), GZ_ARG_FALLBACK, "an integer in a text input goes to the reference");
  r = (gz_raw){.type = GZ_RAW_NULL};
  for (const char *k = "tibmd"; *k; k++) is_int(gz_arg_convert(*k, &r, &v), GZ_ARG_NIL, "NULL is a missing input (%c)", *k);
  ok(!gz_arg_kind_valid('z') && gz_arg_kind_valid('m') && gz_arg_kind_valid('r') && gz_arg_kind_valid('x'),
     "kinds are the seven letters (t i b m d r x)");

  /* a REAL read as a decimal or ratio: its shortest decimal form, as coerce.lua reads a float
   * (15, 16 or 17 digits), so 4999.999999999999 is not 5000 (it has 12 decimals, more than
   * GZ_ARG_SCALE holds: the reference evaluation reads it) */
  r = (gz_raw){.type = GZ_RAW_FLOAT, .f = 4999.999999999999};
  is_int(gz_arg_convert(GZ_ARG_DECIMAL, &r, &v), GZ_ARG_FALLBACK, "a REAL of 16 digits is not rounded to 15 (4999.999999999999)");
  r = (gz_raw){.type = GZ_RAW_FLOAT, .f = 0.1};
  ok(gz_arg_convert(GZ_ARG_RATIO, &r, &v) == GZ_ARG_INTEGER && v == 100000000, "a REAL 0.1 is exactly 1/10");
  r = (gz_raw){.type = GZ_RAW_FLOAT, .f = 1234.5};
  ok(gz_arg_convert(GZ_ARG_DECIMAL, &r, &v) == GZ_ARG_INTEGER && v == 1234500000000LL, "a REAL 1234.5");
  return done_testing();
}
