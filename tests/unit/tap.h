/* tests/unit/tap.h: TAP output for C unit tests (one header, no library). */
#ifndef TAP_H
#define TAP_H
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n = 0, tap_failed = 0;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...)                                                                  \
  do {                                                                                          \
    long long g_ = (long long)(got), w_ = (long long)(want);                                    \
    if (!tap_ok(g_ == w_, __FILE__, __LINE__, __VA_ARGS__))                                     \
      printf("#   got:      %lld\n#   expected: %lld\n", g_, w_);                               \
  } while (0)
#define is_str(got, want, ...)                                                                  \
  do {                                                                                          \
    const char *g_ = (got), *w_ = (want);                                                       \
    if (!tap_ok(g_ && w_ && strcmp(g_, w_) == 0, __FILE__, __LINE__, __VA_ARGS__))              \
      printf("#   got:      '%s'\n#   expected: '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
  } while (0)

__attribute__((format(printf, 4, 5))) static int tap_ok(int pass, const char *file, int line,
                                                        const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("%sok %d - ", pass ? "" : "not ", ++tap_n);
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
  if (!pass) {
    tap_failed++;
    printf("#   at %s:%d\n", file, line);
  }
  return pass;
}

static int done_testing(void) {
  printf("1..%d\n", tap_n);
  return tap_failed ? 1 : 0;
}
#endif
