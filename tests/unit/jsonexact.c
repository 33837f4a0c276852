/* Unit tests for gz_json_exact_numbers (interp/jsonexact.c): a JSON number is accepted when
 * the shortest decimal of the double it becomes is the number as written (trailing zeros,
 * exponents and signs aside), refused otherwise with its key, line and column. */
#include <string.h>

#include "core/json.h"
#include "tap.h"

static char err[400];

static int check(const char *s) {
  err[0] = 0;
  return gz_json_exact_numbers(s, strlen(s), err, sizeof err);
}

int main(void) {
  /* exact: at most 15 significant digits, whatever the notation */
  ok(check("{\"eaves_m\": 7.2}"), "7.2 is exact");
  ok(check("{\"eaves_m\": 7.20}"), "7.20 is 7.2: trailing zeros do not matter");
  ok(check("{\"eaves_m\": 7.200000000000000000000}"), "so are many trailing zeros");
  ok(check("{\"a\": 75.075, \"b\": 100.1}"), "75.075 and 100.1");
  ok(check("{\"a\": 1.5e3, \"b\": 15E-1, \"c\": -0.000123}"), "exponents and signs");
  ok(check("{\"a\": 0.0, \"b\": -0.0, \"c\": 0e999999999999}"), "zeros, a huge exponent on zero included");
  ok(check("{\"a\": 123456789012345.6}"), "16 significant digits that the double keeps (1.234567890123456e14)");
  ok(check("{\"a\": 0.1, \"b\": 0.30000000000000004}"), "0.30000000000000004 is a double's own shortest form");
  ok(check("[1, 2, 18446744073709551615]"), "integers are not checked (the decoder refuses those out of range)");
  ok(check("{\"7.2000000000000001\": \"7.2000000000000001\"}"), "numbers inside strings are text");
  ok(check("{\"k\\\"ey\": 1.25}"), "an escaped quote in a key");

  /* inexact: the double would carry another number */
  ok(!check("{\"eaves_m\": 7.2000000000000001}"), "7.2000000000000001 is refused");
  ok(strstr(err, "\"eaves_m\"") && strstr(err, "7.2000000000000001") && strstr(err, "it would be 7.2") &&
         strstr(err, "line 1, column 13"),
     "naming the key, the number, what it would become and where: %s", err);
  ok(!check("{\"a\": 1234567890123456.7}"), "1234567890123456.7 is refused (it would be ...6.8)");
  ok(strstr(err, "1234567890123456.8"), "  saying what it would be: %s", err);
  ok(!check("{\"a\": 1e-400}"), "an underflow to 0 is refused");
  ok(!check("[0.1000000000000000055511151231257827]"), "the exact binary value of 0.1 written out is refused");
  ok(strncmp(err, "the number 0.1000000000000000055511151231257827", 46) == 0,
     "  without a key in an array: %s", err);
  ok(!check("{\"面积\":\n  {\"x\": 2.00000000000000001}}"), "a nested number on line 2");
  ok(strstr(err, "\"x\"") && strstr(err, "line 2, column 9"), "  with its key, line and column: %s", err);
  ok(!check("{\"房屋\": 9007199254740993.0}"), "2^53 + 1 written with a fraction is refused");
  return done_testing();
}
