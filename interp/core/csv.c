/* csv.c: the CSV reader and the encoding step of `gazette import`, and the quoting of a
 * field for the CSV writers (csv.h). */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

void gz_csv_init(gz_csv *c, const char *data, size_t len, char delim) {
  memset(c, 0, sizeof *c);
  c->p = data;
  c->end = data + len;
  c->line = 1;
  c->delim = delim;
  c->max_field = 1 << 20;
  c->max_fields = 2000;
  /* a UTF-8 byte order mark is not part of the first field */
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) c->p += 3;
}

void gz_csv_free(gz_csv *c) {
  free(c->buf);
  free(c->offs);
  c->buf = NULL;
  c->offs = NULL;
}

static int csv_put(gz_csv *c, char ch) {
  if (c->len + 1 >= c->cap) {
    size_t n = c->cap ? c->cap * 2 : 256;
    char *b = realloc(c->buf, n);
    if (!b) return -1;
    c->buf = b;
    c->cap = n;
  }
  c->buf[c->len++] = ch;
  return 0;
}

static int csv_startfield(gz_csv *c) {
  if (c->nf + 1 >= c->capf) {
    int n = c->capf ? c->capf * 2 : 16;
    size_t *o = realloc(c->offs, (size_t)n * sizeof *o);
    if (!o) return -1;
    c->offs = o;
    c->capf = n;
  }
  c->offs[c->nf++] = c->len;
  return 0;
}

static void csv_fail(gz_csv *c, const char *why) {
  if (!c->err) {
    c->err = why;
    c->err_field = c->nf;
  }
}

/* Appends a byte of the current field, within the limits. */
static int csv_add(gz_csv *c, char ch, size_t *flen) {
  if (c->nf > c->max_fields) return 0;
  if (++*flen > c->max_field) {
    csv_fail(c, "field too long");
    return 0;
  }
  return csv_put(c, ch);
}

int gz_csv_next(gz_csv *c) {
  if (c->p >= c->end) return 0;
  c->len = 0;
  c->nf = 0;
  c->err = NULL;
  c->err_field = 0;
  c->rec_line = c->line;
  /* where reading resumes if a quote never closes: after the record's first line */
  const char *first_eol = memchr(c->p, '\n', (size_t)(c->end - c->p));
  for (;;) { /* one field per turn */
    size_t flen = 0;
    if (c->nf == c->max_fields) csv_fail(c, "too many fields");
    if (c->nf <= c->max_fields && csv_startfield(c)) return -1;
    if (c->p < c->end && *c->p == '"') { /* quoted */
      c->p++;
      for (;;) {
        if (c->p >= c->end) { /* never closed: give up on this record's first line only */
          csv_fail(c, "a quoted field is not closed (a \" is missing)");
          c->p = first_eol ? first_eol + 1 : c->end;
          c->line = c->rec_line + 1;
          if (c->nf <= c->max_fields && csv_put(c, 0)) return -1;
          goto done;
        }
        char ch = *c->p++;
        if (ch == '"') {
          if (c->p < c->end && *c->p == '"') {
            c->p++;
            if (csv_add(c, '"', &flen)) return -1;
            continue;
          }
          break;
        }
        if (ch == '\n') c->line++;
        if (csv_add(c, ch, &flen)) return -1;
      }
      /* after the closing quote: a delimiter, the end of the line or of the data */
      if (c->p < c->end && *c->p != c->delim && *c->p != '\n' && *c->p != '\r') {
        csv_fail(c, "text after a closing quote (a \" inside a quoted field must be doubled: \"\")");
        while (c->p < c->end && *c->p != c->delim && *c->p != '\n') c->p++;
      }
    } else { /* unquoted: up to the delimiter or the end of the line */
      while (c->p < c->end && *c->p != c->delim && *c->p != '\n') {
        char ch = *c->p++;
        if (ch == '\r' && (c->p == c->end || *c->p == '\n')) continue; /* CRLF */
        if (csv_add(c, ch, &flen)) return -1;
      }
    }
    if (c->nf <= c->max_fields && csv_put(c, 0)) return -1;
    if (c->p < c->end && *c->p == c->delim) {
      c->p++;
      continue;
    }
    if (c->p < c->end && *c->p == '\r') c->p++;
    if (c->p < c->end && *c->p == '\n') {
      c->p++;
      c->line++;
    }
    break;
  }
  /* A broken record that spans lines most likely holds a stray quote: only its first line is
   * rejected, and reading goes on at the next line. */
  if (c->err && c->line > c->rec_line + 1 && first_eol) {
    c->err = "a quote is not closed on this line (it pairs with a quote on a later line)";
    c->p = first_eol + 1;
    c->line = c->rec_line + 1;
  }
done:
  if (c->nf > c->max_fields) c->nf = c->max_fields;
  c->offs[c->nf] = c->len; /* one past the last field */
  return 1;
}

const char *gz_csv_field(const gz_csv *c, int i, size_t *len) {
  if (i < 0 || i >= c->nf) {
    if (len) *len = 0;
    return "";
  }
  size_t a = c->offs[i], b = c->offs[i + 1];
  if (len) *len = b > a ? b - a - 1 : 0;
  return c->buf + a;
}

int gz_utf8_valid(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str, *e = s + len;
  while (s < e) {
    unsigned char b = *s;
    if (b < 0x80) {
      s++;
      continue;
    }
    int n;
    unsigned cp;
    if (b >= 0xC2 && b <= 0xDF) n = 1, cp = b & 0x1F;
    else if (b >= 0xE0 && b <= 0xEF) n = 2, cp = b & 0x0F;
    else if (b >= 0xF0 && b <= 0xF4) n = 3, cp = b & 0x07;
    else return 0;
    if (e - s <= n) return 0;
    for (int k = 1; k <= n; k++) {
      if ((s[k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[k] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    s += n + 1;
  }
  return 1;
}

static int add_bad(long **bad, size_t *nbad, long line) {
  if (*nbad && (*bad)[*nbad - 1] == line) return 0;
  long *b = realloc(*bad, (*nbad + 1) * sizeof *b);
  if (!b) return -1;
  *bad = b;
  b[(*nbad)++] = line;
  return 0;
}

char *gz_to_utf8(const char *data, size_t len, const char *encoding, size_t *outlen, long **bad, size_t *nbad) {
  *bad = NULL;
  *nbad = 0;
  iconv_t cd = iconv_open("UTF-8", encoding);
  if (cd == (iconv_t)-1) return NULL;
  size_t cap = len * 2 + 16; /* GB18030 to UTF-8 grows at most 3/2 (4-byte sequences stay 4) */
  char *out = malloc(cap), *op = out;
  if (!out) {
    iconv_close(cd);
    errno = ENOMEM;
    return NULL;
  }
  char *ip = (char *)data;
  size_t il = len, ol = cap;
  long line = 1;
  const char *counted = data; /* newlines counted up to here */
  while (il > 0) {
    if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) break;
    for (; counted < ip; counted++)
      if (*counted == '\n') line++;
    if (errno == E2BIG) { /* cannot happen with the bound above; be safe */
      size_t used = (size_t)(op - out);
      cap *= 2;
      char *n = realloc(out, cap);
      if (!n) goto oom;
      out = n;
      op = out + used;
      ol = cap - used;
      continue;
    }
    /* EILSEQ or EINVAL: one byte that does not convert becomes U+FFFD */
    if (add_bad(bad, nbad, line)) goto oom;
    if (ol < 3) { /* make room */
      size_t used = (size_t)(op - out);
      cap = cap * 2 + 3;
      char *n = realloc(out, cap);
      if (!n) goto oom;
      out = n;
      op = out + used;
      ol = cap - used;
    }
    memcpy(op, "\xEF\xBF\xBD", 3);
    op += 3;
    ol -= 3;
    if (*ip == '\n') line++; /* cannot be: '\n' always converts; kept for clarity */
    ip++;
    il--;
    counted = ip;
    iconv(cd, NULL, NULL, NULL, NULL); /* reset the shift state */
  }
  iconv_close(cd);
  *outlen = (size_t)(op - out);
  return out;
oom:
  iconv_close(cd);
  free(out);
  free(*bad);
  *bad = NULL;
  *nbad = 0;
  errno = ENOMEM;
  return NULL;
}

void gz_csv_write_field(gz_buf *b, const char *s, size_t n) {
  int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
  for (size_t i = 0; i < n && !quote; i++)
    if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') quote = 1;
  if (!quote) {
    gz_buf_add(b, s, n);
    return;
  }
  gz_buf_add(b, "\"", 1);
  size_t from = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '"') {
      gz_buf_add(b, s + from, i + 1 - from); /* up to and including the quote */
      gz_buf_add(b, "\"", 1);                /* doubled */
      from = i + 1;
    }
  gz_buf_add(b, s + from, n - from);
  gz_buf_add(b, "\"", 1);
}
