/* Unit tests for money.c: parsing every form, formats (display, plain, 万元, 大写), every
 * rounding mode at its exact half, negatives, the range and the first overflow, ratios. */
#include <stdlib.h>

#include "core/money.h"
#include "tap.h"

static int64_t fen_of(const char *s) {
  int64_t fen = -999;
  const char *err;
  if (gz_money_parse(s, strlen(s), &fen, &err) != 0) {
    printf("#   refused '%s': %s\n", s, err);
    return -999;
  }
  return fen;
}

static const char *refusal(const char *s) {
  int64_t fen;
  const char *err;
  if (gz_money_parse(s, strlen(s), &fen, &err) == 0) return "(accepted)";
  return err;
}

static const char *fmt(int64_t fen) {
  static char buf[GZ_MONEY_BUF];
  gz_money_format(fen, buf, sizeof buf);
  return buf;
}
static const char *plain(int64_t fen) {
  static char buf[GZ_MONEY_BUF];
  gz_money_plain(fen, buf, sizeof buf);
  return buf;
}
static const char *wan(int64_t fen) {
  static char buf[GZ_MONEY_BUF];
  gz_money_wan(fen, buf, sizeof buf);
  return buf;
}
static const char *daxie(int64_t fen) {
  static char buf[GZ_MONEY_DAXIE];
  gz_money_daxie(fen, buf, sizeof buf);
  return buf;
}

/* fen rounded to unit by the named mode */
static int64_t rnd(int64_t fen, int64_t unit, const char *mode) {
  int64_t out = -999;
  if (gz_money_round(fen, 1, unit, gz_round_mode(mode), &out) != 0) return -998;
  return out;
}

static const char *ratio_str(const char *s) {
  static char buf[96];
  int64_t n, d;
  const char *err;
  if (gz_ratio_parse(s, strlen(s), &n, &d, &err) != 0) return err;
  gz_ratio_format(n, d, buf, sizeof buf);
  return buf;
}

int main(void) {
  /* Parsing: the forms of docs/money.md ("2500万元", "1.5亿", "3,600,000.00元", "¥12.5"). */
  is_int(fen_of("2500万元"), 2500000000LL, "2500万元 = 2500 * 10,000 * 100 分");
  is_int(fen_of("2500万"), 2500000000LL, "2500万");
  is_int(fen_of("1.5亿"), 15000000000LL, "1.5亿 = 150,000,000 元");
  is_int(fen_of("1.5亿元"), 15000000000LL, "1.5亿元");
  is_int(fen_of("3,600,000.00元"), 360000000LL, "3,600,000.00元");
  is_int(fen_of("¥12.5"), 1250, "¥12.5 (U+00A5)");
  is_int(fen_of("￥12.5"), 1250, "￥12.5 (full-width U+FFE5)");
  is_int(fen_of("12.50"), 1250, "12.50");
  is_int(fen_of("12"), 1200, "12");
  is_int(fen_of("0.01"), 1, "0.01 is one 分");
  is_int(fen_of("１２３４．５６元"), 123456, "full-width digits and point");
  is_int(fen_of("３，６００，０００元"), 360000000, "full-width thousands separators");
  is_int(fen_of("-12.50"), -1250, "negative");
  is_int(fen_of("－12.50元"), -1250, "full-width minus");
  is_int(fen_of("-¥12.50"), -1250, "-¥12.50");
  is_int(fen_of("¥-12.50"), -1250, "¥-12.50");
  is_int(fen_of("+7"), 700, "+7");
  is_int(fen_of("  2500 万元 "), 2500000000LL, "spaces around and before the unit");
  is_int(fen_of("\xE3\x80\x80" "5元"), 500, "ideographic space");
  is_int(fen_of("12.500"), 1250, "trailing zeros beyond 分 are exact: 12.500");
  is_int(fen_of("1.234567万"), 1234567, "1.234567万 = 12,345.67 元 (six decimals of 万元)");
  is_int(fen_of("3千元"), 300000, "3千元");
  is_int(fen_of("2.5百万元"), 250000000, "2.5百万元 = 2,500,000 元");
  is_int(fen_of("1千万元"), 1000000000, "1千万元 = 10,000,000 元");
  is_int(fen_of("1万亿"), 100000000000000LL, "1万亿 = 10^12 元 = 10^14 分");
  is_int(fen_of("0"), 0, "0");
  is_int(fen_of("-0"), 0, "-0 is 0");
  is_int(fen_of("000123"), 12300, "leading zeros");

  /* Refusals. */
  is_str(refusal("12.345"), "a fraction of a 分 (more than two decimals of 元)", "12.345: a fraction of a 分");
  is_str(refusal("1.2345678万"), "a fraction of a 分 (more than two decimals of 元)", "1.2345678万: a fraction of a 分");
  is_str(refusal(""), "empty", "empty");
  is_str(refusal("   "), "empty", "only spaces");
  is_str(refusal("元"), "expected a number", "a unit alone");
  is_str(refusal("-"), "expected a number", "a sign alone");
  is_str(refusal("¥"), "expected a number", "¥ alone");
  is_str(refusal(".5"), "expected a number", ".5 needs a digit before the point");
  is_str(refusal("5."), "expected digits after the decimal point", "5. needs digits after the point");
  is_str(refusal("1,2345"), "misplaced thousands separator", "1,2345");
  is_str(refusal("1234,567"), "misplaced thousands separator", "1234,567");
  is_str(refusal(",123"), "misplaced thousands separator", ",123");
  is_str(refusal("1,23"), "misplaced thousands separator", "1,23");
  is_str(refusal("1.5,0"), "misplaced thousands separator", "separator in the decimals");
  is_str(refusal("12.5美元"), "expected a unit 元, 万元, 亿元, 万 or 亿 after the number", "an unknown unit");
  is_str(refusal("12abc"), "expected a unit 元, 万元, 亿元, 万 or 亿 after the number", "trailing garbage");
  is_str(refusal("--5"), "expected a number", "two signs");
  is_str(refusal("1e5"), "expected a unit 元, 万元, 亿元, 万 or 亿 after the number", "no exponents");
  is_str(refusal("一百元"), "expected a number", "Chinese numerals are not read");
  {
    char big[400];
    memset(big, '1', 300);
    big[300] = 0;
    is_str(refusal(big), "too long", "300 digits: too long");
    memset(big, '9', 40);
    big[40] = 0;
    is_str(refusal(big), "overflow", "40 nines: overflow while reading");
    big[0] = '0';
    big[1] = '.';
    memset(big + 2, '0', 70);
    big[72] = 0;
    is_str(refusal(big), "too many decimals", "70 decimals");
  }
  int64_t f;
  const char *err;
  ok(gz_money_parse(NULL, 0, &f, &err) == -1, "NULL input is refused");
  ok(gz_money_parse("12\0" "34", 5, &f, &err) == -1, "an embedded NUL is refused");

  /* The range: ±INT64_MAX 分; the first overflow is one 分 beyond. */
  is_int(fen_of("92233720368547758.07"), INT64_MAX, "the largest amount: 92,233,720,368,547,758.07 元 = INT64_MAX 分");
  is_int(fen_of("-92233720368547758.07"), -INT64_MAX, "the smallest amount: -INT64_MAX 分");
  is_str(refusal("92233720368547758.08"), "overflow (the range is ±92,233,720,368,547,758.07元)", "one 分 more: overflow");
  is_str(refusal("-92233720368547758.08"), "overflow (the range is ±92,233,720,368,547,758.07元)",
         "-92,233,720,368,547,758.08: INT64_MIN is not money");
  is_str(refusal("9223372036854.7759万"), "overflow (the range is ±92,233,720,368,547,758.07元)", "overflow in 万");
  is_int(fen_of("900000000000000"), 90000000000000000LL, "900 trillion 元 (the contract's minimum range)");

  /* Formats. */
  is_str(fmt(360000000), "3,600,000.00元", "display 3,600,000.00元");
  is_str(fmt(-1250), "-12.50元", "display negative");
  is_str(fmt(5), "0.05元", "display 5 分");
  is_str(fmt(0), "0.00元", "display 0");
  is_str(fmt(100000), "1,000.00元", "display 1,000.00元");
  is_str(fmt(10000), "100.00元", "display 100.00元 (no separator)");
  is_str(fmt(INT64_MAX), "92,233,720,368,547,758.07元", "display INT64_MAX");
  is_str(fmt(-INT64_MAX), "-92,233,720,368,547,758.07元", "display -INT64_MAX");
  is_str(plain(360000000), "3600000.00", "plain 3600000.00");
  is_str(plain(-1250), "-12.50", "plain -12.50");
  is_str(plain(7), "0.07", "plain 0.07");
  is_str(plain(-INT64_MAX), "-92233720368547758.07", "plain -INT64_MAX");
  is_str(wan(360000000), "360.00万元", "万元 form 360.00万元");
  is_str(wan(2500000000LL), "2500.00万元", "万元 form 2500.00万元");
  is_str(wan(361234567), "361.234567万元", "万元 form is exact: 3,612,345.67 元 = 361.234567万元");
  is_str(wan(100), "0.0001万元", "1 元 = 0.0001万元");
  is_str(wan(-150000000), "-150.00万元", "negative 万元");
  is_int(strlen(plain(INT64_MAX)) < 32, 1, "plain fits the 32 bytes money.h promises");

  /* 大写 (支付结算办法 附一《正确填写票据和结算凭证的基本规定》). */
  is_str(daxie(360000000), "叁佰陆拾万元整", "3,600,000.00 = 叁佰陆拾万元整");
  is_str(daxie(168032), "壹仟陆佰捌拾元叁角贰分", "1,680.32 = 壹仟陆佰捌拾元叁角贰分");
  is_str(daxie(1640902), "壹万陆仟肆佰零玖元零贰分", "16,409.02: 零 between 元 and 分 when 角 is 0");
  is_str(daxie(32504), "叁佰贰拾伍元零肆分", "325.04 = 叁佰贰拾伍元零肆分");
  is_str(daxie(10700053), "壹拾万柒仟元伍角叁分", "107,000.53 = 壹拾万柒仟元伍角叁分");
  is_str(daxie(100100000), "壹佰万壹仟元整", "1,001,000: 万位 0, 千位 not: 零 may be left out, and is");
  is_str(daxie(100000100), "壹佰万零壹元整", "1,000,001: zeros in a row read once");
  is_str(daxie(1000), "壹拾元整", "10 = 壹拾元整 (壹 before 拾)");
  is_str(daxie(101000), "壹仟零壹拾元整", "1,010 = 壹仟零壹拾元整");
  is_str(daxie(10000000000LL), "壹亿元整", "10^8 = 壹亿元整");
  is_str(daxie(10000000100LL), "壹亿零壹元整", "100,000,001");
  is_str(daxie(10001000000LL), "壹亿零壹万元整", "100,010,000");
  is_str(daxie(11000000000LL), "壹亿壹仟万元整", "110,000,000");
  is_str(daxie(100000000000000LL), "壹万亿元整", "10^12 = 壹万亿元整");
  is_str(daxie(100000000000100LL), "壹万亿零壹元整", "10^12 + 1");
  is_str(daxie(50), "伍角整", "0.50 = 伍角整");
  is_str(daxie(5), "伍分", "0.05 = 伍分");
  is_str(daxie(55), "伍角伍分", "0.55");
  is_str(daxie(0), "零元整", "0 = 零元整");
  is_str(daxie(-1250), "负壹拾贰元伍角整", "-12.50 = 负壹拾贰元伍角整");
  is_str(daxie(INT64_MAX), "玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分",
         "INT64_MAX: 922,337,203亿 6854万7758元 (亿 groups by recursion)");
  is_int(strlen(daxie(-INT64_MAX)) < GZ_MONEY_DAXIE, 1, "the longest 大写 fits GZ_MONEY_DAXIE");
  {
    char small[8];
    size_t need = gz_money_daxie(360000000, small, sizeof small);
    is_int(need, strlen("叁佰陆拾万元整"), "a short buffer: the length needed is returned");
    ok(strlen(small) < sizeof small, "  and the buffer stays terminated");
  }

  /* Rounding: every mode at its exact half (25 分 to 角: 2.5 角), positive and negative. */
  is_int(rnd(25, 10, "half_up"), 30, "half_up 0.25 -> 0.30 (四舍五入)");
  is_int(rnd(-25, 10, "half_up"), -30, "half_up -0.25 -> -0.30 (away from zero)");
  is_int(rnd(25, 10, "half_even"), 20, "half_even 0.25 -> 0.20 (2 is even)");
  is_int(rnd(35, 10, "half_even"), 40, "half_even 0.35 -> 0.40 (4 is even)");
  is_int(rnd(-25, 10, "half_even"), -20, "half_even -0.25 -> -0.20");
  is_int(rnd(-35, 10, "half_even"), -40, "half_even -0.35 -> -0.40");
  is_int(rnd(25, 10, "down"), 20, "down 0.25 -> 0.20");
  is_int(rnd(-25, 10, "down"), -20, "down -0.25 -> -0.20 (toward zero)");
  is_int(rnd(25, 10, "up"), 30, "up 0.25 -> 0.30");
  is_int(rnd(-25, 10, "up"), -30, "up -0.25 -> -0.30 (away from zero)");
  is_int(rnd(25, 10, "floor"), 20, "floor 0.25 -> 0.20");
  is_int(rnd(-25, 10, "floor"), -30, "floor -0.25 -> -0.30");
  is_int(rnd(25, 10, "ceiling"), 30, "ceiling 0.25 -> 0.30");
  is_int(rnd(-25, 10, "ceiling"), -20, "ceiling -0.25 -> -0.20");
  /* just below and above the half */
  is_int(rnd(24, 10, "half_up"), 20, "half_up 0.24 -> 0.20");
  is_int(rnd(26, 10, "half_even"), 30, "half_even 0.26 -> 0.30");
  is_int(rnd(21, 10, "up"), 30, "up 0.21 -> 0.30");
  is_int(rnd(29, 10, "down"), 20, "down 0.29 -> 0.20");
  is_int(rnd(30, 10, "up"), 30, "an exact multiple is unchanged by up");
  /* units */
  is_int(rnd(623460000, 10000, "half_up"), 623460000, "6,234,600.00 is already whole 百元 (wan2)");
  is_int(rnd(623456789, 10000, "half_up"), 623460000, "6,234,567.89 to 百元 (万元, 2 decimals) -> 6,234,600.00");
  is_int(rnd(623450000, 1000000, "half_up"), 623000000, "6,234,500.00 to 万元: 623.45万 -> 623万");
  is_int(rnd(623500000, 1000000, "half_up"), 624000000, "6,235,000.00 to 万元: 623.5万 -> 624万 (half up)");
  is_int(rnd(623500000, 1000000, "half_even"), 624000000, "6,235,000.00 to 万元 half_even: 623.5万 -> 624万 (even)");
  is_int(rnd(150, 100, "half_up"), 200, "1.50 元 to 元 half_up -> 2");
  is_int(rnd(250, 100, "half_even"), 200, "2.50 元 to 元 half_even -> 2");
  is_int(rnd(INT64_MAX, 100, "half_up"), INT64_MAX - 7, "INT64_MAX to 元 half_up: ...758.07 -> ...758.00");
  is_int(rnd(INT64_MAX, 100, "up"), -998, "INT64_MAX to 元 up: ...759.00 is past the range: overflow");
  is_int(rnd(INT64_MAX, 100, "down"), INT64_MAX - 7, "INT64_MAX to 元 down: ...758.00");
  is_int(gz_round_mode("half_up"), GZ_ROUND_HALF_UP, "mode names");
  is_int(gz_round_mode("bankers"), -1, "an unknown mode is -1");
  /* products: 1 元 * 0.005 = 0.5 分 */
  int64_t out;
  gz_money_round((__int128)100 * 5, 1000, 1, GZ_ROUND_HALF_UP, &out);
  is_int(out, 1, "1 元 * 0.005 half_up = 1 分");
  gz_money_round((__int128)100 * 5, 1000, 1, GZ_ROUND_HALF_EVEN, &out);
  is_int(out, 0, "1 元 * 0.005 half_even = 0 分");
  gz_money_round((__int128)2042500 * 235, 100, 1, GZ_ROUND_HALF_UP, &out);
  is_int(out, 4799875, "20,425 元 * 2.35 = 47,998.75 元 (4,799,875 分)");
  ok(gz_money_round((__int128)INT64_MAX * 2, 1, 1, GZ_ROUND_HALF_UP, &out) == -1, "INT64_MAX * 2 overflows");

  /* Ratios. */
  is_str(ratio_str("0.25"), "0.25", "0.25");
  is_str(ratio_str("2.35"), "2.35", "2.35");
  is_str(ratio_str("45%"), "0.45", "45%%");
  is_str(ratio_str("４５％"), "0.45", "full-width 45%%");
  is_str(ratio_str("5‰"), "0.005", "5‰");
  is_str(ratio_str("25bp"), "0.0025", "25bp");
  is_str(ratio_str("3/4"), "0.75", "3/4");
  is_str(ratio_str("1/3"), "1/3", "1/3 does not terminate");
  is_str(ratio_str("-2/4"), "-0.5", "-2/4 reduces");
  is_str(ratio_str("10/5"), "2", "10/5 = 2");
  is_str(ratio_str("0.000001"), "0.000001", "small decimals keep leading zeros");
  is_str(ratio_str("1/0"), "division by zero", "1/0");
  is_str(ratio_str("1/"), "expected a whole number after '/'", "1/");
  is_str(ratio_str("1/x"), "expected a whole number after '/'", "1/x");
  is_str(ratio_str("¥1"), "a currency sign in a ratio", "¥ in a ratio");
  is_str(ratio_str("1.0000000000000000001"), "too many decimals (at most 18)", "19 decimals");
  is_str(ratio_str("12万"), "expected %, ‰, bp or /N after the number", "a unit in a ratio");
  is_str(ratio_str("99999999999999999999"), "overflow", "beyond int64");
  int64_t n, d;
  ok(gz_ratio_reduce(6, -4, &n, &d) == 0 && n == -3 && d == 2, "6/-4 reduces to -3/2");
  ok(gz_ratio_reduce(1, 0, &n, &d) == -1, "a zero denominator is refused");
  ok(gz_ratio_reduce((__int128)INT64_MAX * 3, 3, &n, &d) == 0 && n == INT64_MAX, "reduction brings a large numerator back");
  ok(gz_ratio_reduce((__int128)INT64_MAX + 1, 1, &n, &d) == -1, "2^63 does not fit");
  char buf[96];
  gz_ratio_format(1, (int64_t)1 << 62, buf, sizeof buf);
  is_str(buf, "1/4611686018427387904", "1/2^62: too many decimals, shown as a fraction");
  gz_ratio_format(-1, 8, buf, sizeof buf);
  is_str(buf, "-0.125", "-1/8 = -0.125");
  gz_ratio_format(INT64_MAX, 1, buf, sizeof buf);
  is_str(buf, "9223372036854775807", "INT64_MAX/1");
  return done_testing();
}
