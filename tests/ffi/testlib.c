/* tests/ffi/testlib.c: a small "agency library" for the ffi tests, built by the Makefile
 * into build/rel/libgzffitest.so. One function per supported type, each doing something
 * whose result a test can predict exactly. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* Integers of every width: each returns its argument plus one, so a test sees both that
 * the value went in whole and that the result came back at the right width. */
int8_t t_i8(int8_t x) { return (int8_t)(x + 1); }
uint8_t t_u8(uint8_t x) { return (uint8_t)(x + 1); }
int16_t t_i16(int16_t x) { return (int16_t)(x + 1); }
uint16_t t_u16(uint16_t x) { return (uint16_t)(x + 1); }
int32_t t_i32(int32_t x) { return (int32_t)((uint32_t)x + 1); } /* wraps without UB */
uint32_t t_u32(uint32_t x) { return x + 1; }
int64_t t_i64(int64_t x) { return x + 1; }
uint64_t t_u64(uint64_t x) { return x + 1; }
signed char t_schar(signed char x) { return (signed char)(x + 1); }
unsigned char t_uchar(unsigned char x) { return (unsigned char)(x + 1); }
char t_char(char x) { return (char)(x + 1); }
short t_short(short x) { return (short)(x + 1); }
unsigned short t_ushort(unsigned short x) { return (unsigned short)(x + 1); }
int t_int(int x) { return (int)((unsigned)x + 1); }
unsigned t_uint(unsigned x) { return x + 1; }
long t_long(long x) { return x + 1; }
unsigned long t_ulong(unsigned long x) { return x + 1; }
long long t_llong(long long x) { return x + 1; }
unsigned long long t_ullong(unsigned long long x) { return x + 1; }
size_t t_size(size_t x) { return x + 1; }
ssize_t t_ssize(ssize_t x) { return x + 1; }
/* UINT64_MAX: a value no Lua integer holds. */
uint64_t t_u64_max(void) { return UINT64_MAX; }

/* Narrow results with the high bits of the register set: -1 as int8_t must come back -1,
 * 255 as uint8_t must come back 255. */
int8_t t_i8_minus_one(void) { return -1; }
uint8_t t_u8_max(void) { return 255; }

float t_half(float x) { return x / 2; }
double t_scale(double x, int k) { return x * k; }
bool t_not(bool b) { return !b; }
_Bool t_is_even(int x) { return x % 2 == 0; }

/* Strings in and out. */
size_t t_strlen(const char *s) { return s ? strlen(s) : (size_t)-1; }
const char *t_greet(int which) {
  static const char *const names[] = {"你好", "hello", NULL};
  return which >= 0 && which < 3 ? names[which] : NULL;
}
/* A char * the function writes: the classic "fill a caller's buffer" API. */
int t_fill(char *buf, size_t n, int v) { return snprintf(buf, n, "value=%d", v); }
/* Upper-cases in place; returns its argument. */
char *t_upper(char *s) {
  for (char *p = s; *p; p++)
    if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
  return s;
}

/* Opaque handles: a counter the caller holds as a pointer. */
struct counter {
  int next;
};
struct counter *t_counter_new(int start) {
  struct counter *c = malloc(sizeof *c);
  if (c) c->next = start;
  return c;
}
int t_counter_next(struct counter *c) { return c->next++; }
void t_counter_free(struct counter *c) { free(c); }
/* A handle through an out-parameter (T **), 0 on success. */
int t_counter_open(int start, struct counter **out) {
  *out = t_counter_new(start);
  return *out ? 0 : -1;
}
bool t_is_null(const void *p) { return p == NULL; }

/* Out-parameters: quotient and remainder; -1 when b is 0. */
int t_divmod(int a, int b, int *q, int *r) {
  if (b == 0) return -1;
  if (q) *q = a / b;
  if (r) *r = a % b;
  return 0;
}
/* 64-bit halves of v. */
void t_split(int64_t v, int32_t *hi, uint32_t *lo) {
  *hi = (int32_t)(v >> 32);
  *lo = (uint32_t)(v & 0xffffffffu);
}
/* In/out: adds step to *p. */
void t_bump(double *p, double step) { *p += step; }
void t_set_u64(uint64_t *p, uint64_t v) { *p = v; }
void t_u64_max_out(uint64_t *p) { *p = UINT64_MAX; }
void t_flag(bool *p) { *p = !*p; }

/* An array read by C. */
double t_sum(const double *xs, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; i++) s += xs[i];
  return s;
}
int64_t t_sum_i16(const int16_t *xs, int n) {
  int64_t s = 0;
  for (int i = 0; i < n; i++) s += xs[i];
  return s;
}

/* void in and out, and state kept across calls. */
static int level;
void t_set_level(int v) { level = v; }
int t_get_level(void) { return level; }

/* Variadic: the sum of n ints, and a formatter over vsnprintf. */
int t_sum_ints(int n, ...) {
  va_list ap;
  va_start(ap, n);
  int s = 0;
  for (int i = 0; i < n; i++) s += va_arg(ap, int);
  va_end(ap);
  return s;
}
int t_format(char *buf, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(buf, n, fmt, ap);
  va_end(ap);
  return r;
}

/* A variable, not a function: lib:fn must refuse it. */
int t_not_a_function = 7;

/* Many parameters: 8 ints and 8 doubles, past the registers. */
double t_many(int a, int b, int c, int d, int e, int f, int g, int h, double i, double j, double k, double l,
              double m, double n, double o, double p, double q) {
  return a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q;
}
