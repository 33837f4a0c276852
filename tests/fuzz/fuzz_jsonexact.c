/* fuzz_jsonexact: gz_json_exact_numbers (core/jsonexact.c), which gazette eval --input and
 * gazette case --data run over the JSON text a user gives, on any bytes.  It must never read
 * outside the text, must answer 0 or 1, and a 0 must come with its message (naming the
 * number, never longer than the buffer).  And on numbers made from the input's first 8 bytes
 * (read as a double x, finite): x's shortest decimal form s, the one the measure language reads
 * a JSON float as, is accepted, alone and as the value of a key; s with a digit added past a
 * double's precision (a decimal whose nearest double is still x) is refused, naming the key. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"

static int check(const char *s, size_t n, char *err, size_t errlen) {
  memset(err, 'x', errlen);
  int r = gz_json_exact_numbers(s, n, err, errlen);
  if (r != 0 && r != 1) abort();
  if (r == 0 && memchr(err, 0, errlen) == NULL) abort(); /* the message ends inside the buffer */
  if (r == 0 && errlen > 200 && !strstr(err, "cannot be read exactly")) abort();
  return r;
}

/* The shortest of %.15g, %.16g, %.17g that reads back as x. */
static void shortest(double x, char *out, size_t n) {
  for (int digits = 15; digits <= 17; digits++) {
    snprintf(out, n, "%.*g", digits, x);
    if (strtod(out, NULL) == x) return;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[600], small[8];
  int r = check((const char *)data, size, err, sizeof err);
  if (check((const char *)data, size, small, sizeof small) != r) abort(); /* a short buffer: cut, same answer */
  if (size < 8) return 0;
  double x;
  memcpy(&x, data, sizeof x);
  if (!isfinite(x) || x == 0) return 0; /* 0 with a digit added is another number */
  char s[40], t[80], text[200];
  shortest(x, s, sizeof s);
  /* t: s with 0...01 appended to its digits (before any exponent), far below x's precision */
  const char *e = strpbrk(s, "eE");
  size_t m = e ? (size_t)(e - s) : strlen(s);
  snprintf(t, sizeof t, "%.*s%s0000000000000000000001%s", (int)m, s, strchr(s, '.') && (!e || strchr(s, '.') < e) ? "" : ".",
           e ? e : "");
  snprintf(text, sizeof text, "[%s]", s);
  if (check(text, strlen(text), err, sizeof err) != 1) abort();
  snprintf(text, sizeof text, "{\"k\": %s}", s);
  if (check(text, strlen(text), err, sizeof err) != 1) abort();
  if (strtod(t, NULL) != x) return 0; /* the added digit moved it to another double: nothing to say */
  snprintf(text, sizeof text, "{\"k\": %s}", t);
  if (check(text, strlen(text), err, sizeof err) != 0 || strncmp(err, "\"k\": the number ", 16) != 0) abort();
  return 0;
}
