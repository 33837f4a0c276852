/* jsonexact.c: JSON numbers that read back exactly (gz_json_exact_numbers, core/json.h).
 *
 * The JSON decoder (jansson, ljson.c) reads a number with a fraction or an exponent into a
 * double, and Gazette turns that double back into a decimal through its shortest form
 * (ratio(x), interp/lua/lmoney.c: the first of 15, 16 or 17 significant digits that reads back
 * as the same double). That gives the number as written whenever it has at most 15
 * significant digits, so 7.2, 7.20 and 7.200 are all 7.2. A longer number
 * (7.2000000000000001) would silently become another (7.2): this check finds every such
 * number in a JSON text, so that a command can refuse it and ask for a string instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"

/* A decimal as its significant digits (no leading or trailing zeros) and the power of ten
 * of the last one; zero is the empty string. */
typedef struct dec {
  char *digits;
  size_t n;
  long exp10;
  int neg;
} dec;

#define EXP_CLAMP 100000L /* beyond this a double is 0 or infinite anyway */

/* Reads a JSON number token (already validated by the decoder) into d; -1 when out of memory. */
static int dec_parse(const char *t, size_t len, dec *d) {
  size_t i = 0;
  d->neg = 0;
  d->n = 0;
  d->exp10 = 0;
  d->digits = malloc(len + 1);
  if (!d->digits) return -1;
  if (i < len && (t[i] == '-' || t[i] == '+')) d->neg = t[i++] == '-';
  long frac = 0;
  int infrac = 0;
  for (; i < len && t[i] != 'e' && t[i] != 'E'; i++) {
    if (t[i] == '.') {
      infrac = 1;
      continue;
    }
    if (t[i] < '0' || t[i] > '9') continue;
    if (d->n == 0 && t[i] == '0') { /* a leading zero: only its place counts */
      frac += infrac;
      continue;
    }
    d->digits[d->n++] = t[i];
    frac += infrac;
  }
  long e = 0;
  if (i < len) { /* the exponent */
    int eneg = 0;
    i++;
    if (i < len && (t[i] == '-' || t[i] == '+')) eneg = t[i++] == '-';
    for (; i < len && t[i] >= '0' && t[i] <= '9'; i++)
      if (e < EXP_CLAMP) e = e * 10 + (t[i] - '0');
    if (eneg) e = -e;
  }
  while (d->n > 0 && d->digits[d->n - 1] == '0') d->n--, frac--;
  d->exp10 = e - frac;
  if (d->n == 0) d->exp10 = 0, d->neg = 0;
  d->digits[d->n] = 0;
  return 0;
}

/* The shortest form of x as lmoney.c's float_decimal finds it, into d (digits in buf). */
static void dec_of_double(double x, char *buf, size_t size, dec *d) {
  char s[40];
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(s, sizeof s, "%.*e", prec - 1, x);
    if (strtod(s, NULL) == x) break;
  }
  const char *p = s;
  d->neg = *p == '-';
  if (d->neg) p++;
  d->n = 0;
  long frac = 0;
  int infrac = 0;
  for (; *p && *p != 'e'; p++) {
    if (*p == '.') {
      infrac = 1;
      continue;
    }
    if (d->n == 0 && *p == '0') {
      frac += infrac;
      continue;
    }
    if (d->n + 1 < size) buf[d->n++] = *p;
    frac += infrac;
  }
  long e = *p == 'e' ? strtol(p + 1, NULL, 10) : 0;
  while (d->n > 0 && buf[d->n - 1] == '0') d->n--, frac--;
  buf[d->n] = 0;
  d->digits = buf;
  d->exp10 = e - frac;
  if (d->n == 0) d->exp10 = 0, d->neg = 0;
}

/* Appends the decimal d to out as plain text (no exponent when reasonably short). */
static void dec_text(const dec *d, char *out, size_t size) {
  if (d->n == 0) {
    snprintf(out, size, "0");
    return;
  }
  long point = (long)d->n + d->exp10; /* digits before the decimal point */
  if (d->n > 40 || point > 40 || point < -20) {
    snprintf(out, size, "%s%.*se%ld", d->neg ? "-" : "", (int)(d->n > 30 ? 30 : d->n), d->digits, d->exp10);
    return;
  }
  size_t k = 0;
  char tmp[128];
  if (d->neg) tmp[k++] = '-';
  if (point <= 0) {
    tmp[k++] = '0';
    tmp[k++] = '.';
    for (long z = 0; z < -point; z++) tmp[k++] = '0';
    memcpy(tmp + k, d->digits, d->n);
    k += d->n;
  } else if ((size_t)point >= d->n) {
    memcpy(tmp + k, d->digits, d->n);
    k += d->n;
    for (long z = 0; z < point - (long)d->n; z++) tmp[k++] = '0';
  } else {
    memcpy(tmp + k, d->digits, (size_t)point);
    k += (size_t)point;
    tmp[k++] = '.';
    memcpy(tmp + k, d->digits + point, d->n - (size_t)point);
    k += d->n - (size_t)point;
  }
  tmp[k] = 0;
  snprintf(out, size, "%s", tmp);
}

int gz_json_exact_numbers(const char *s, size_t len, char *err, size_t errlen) {
  int line = 1, col = 1;
  const char *key = NULL; /* the key of the value being read, for the message */
  size_t keylen = 0;
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"') { /* a string: skip it, and remember it when it is a key */
      size_t start = ++i;
      col++;
      while (i < len && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < len) i++, col++;
        if (((unsigned char)s[i] & 0xC0) != 0x80) col++;
        i++;
      }
      size_t end = i;
      if (i < len) i++, col++;
      size_t j = i;
      while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n')) j++;
      if (j < len && s[j] == ':') key = s + start, keylen = end - start;
      continue;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      size_t start = i;
      int real = 0;
      while (i < len && s[i] && strchr("+-0123456789.eE", s[i])) {
        if (s[i] == '.' || s[i] == 'e' || s[i] == 'E') real = 1;
        i++;
      }
      size_t tl = i - start;
      if (real) {
        dec written, read;
        char buf[40];
        char *tok = malloc(tl + 1);
        if (!tok || dec_parse(s + start, tl, &written)) {
          free(tok);
          snprintf(err, errlen, "out of memory");
          return 0;
        }
        memcpy(tok, s + start, tl);
        tok[tl] = 0;
        double x = strtod(tok, NULL);
        dec_of_double(x, buf, sizeof buf, &read);
        int same = written.n == read.n && written.neg == read.neg && written.exp10 == read.exp10 &&
                   memcmp(written.digits, read.digits, written.n) == 0;
        if (!same) {
          char as_read[128], shown[64]; /* as_read holds all dec_text can write (its tmp[128]) */
          dec_text(&read, as_read, sizeof as_read);
          snprintf(shown, sizeof shown, "%.*s%s", tl > 40 ? 40 : (int)tl, tok, tl > 40 ? "..." : "");
          if (key)
            snprintf(err, errlen,
                     "\"%.*s\": the number %s (line %d, column %d) cannot be read exactly from JSON (it would be "
                     "%s); write it as a string: \"%s\"",
                     keylen > 80 ? 80 : (int)keylen, key, shown, line, col, as_read, shown);
          else
            snprintf(err, errlen,
                     "the number %s (line %d, column %d) cannot be read exactly from JSON (it would be %s); write "
                     "it as a string: \"%s\"",
                     shown, line, col, as_read, shown);
          free(tok);
          free(written.digits);
          return 0;
        }
        free(tok);
        free(written.digits);
      }
      col += (int)tl;
      continue;
    }
    if (c == '\n') line++, col = 1;
    else if ((c & 0xC0) != 0x80) col++;
    i++;
  }
  return 1;
}
