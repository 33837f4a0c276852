/* csv.h: a CSV reader (RFC 4180 with the lenient parts government exports need) for
 * `gazette import`, and the encoding step before it. Records carry the line they start on;
 * a malformed record is returned with a reason, and reading goes on at the next line.
 * Writers (`gazette run`) quote their fields with gz_csv_write_field. */
#ifndef GZ_CSV_H
#define GZ_CSV_H
#include <stddef.h>

#include "core/buf.h"

typedef struct gz_csv {
  const char *p, *end;
  long line;            /* physical line (1-based) of the byte at p */
  char delim;
  char *buf;            /* the current record's fields, unescaped, each NUL-terminated */
  size_t len, cap;
  size_t *offs;         /* start of field i in buf */
  int nf, capf;
  long rec_line;        /* line where the current record starts */
  const char *err;      /* why the current record is malformed, or NULL */
  int err_field;        /* 1-based field the reason is about (0: the record) */
  size_t max_field;     /* bytes per field (longer: the record is malformed) */
  int max_fields;       /* fields per record */
} gz_csv;

void gz_csv_init(gz_csv *c, const char *data, size_t len, char delim);
/* Reads the next record: 1 (check c->err), 0 at the end, -1 out of memory. Blank lines are
 * returned as records of one empty field. */
int gz_csv_next(gz_csv *c);
const char *gz_csv_field(const gz_csv *c, int i, size_t *len); /* 0-based */
void gz_csv_free(gz_csv *c);

/* 1 when s[0..len) is valid UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
int gz_utf8_valid(const char *s, size_t len);

/* Converts data from GB18030 (a superset of GBK and GB2312) or another iconv encoding to
 * UTF-8 in a malloc'd buffer. A byte sequence that does not convert becomes U+FFFD and its
 * physical line is added to *bad (malloc'd, ascending; *nbad entries). Returns NULL with
 * errno set when the encoding is unknown or memory runs out. */
char *gz_to_utf8(const char *data, size_t len, const char *encoding, size_t *outlen, long **bad, size_t *nbad);

/* A CSV field: quoted (RFC 4180) when it holds , " CR or LF, or starts/ends with a space.
 * Out of memory marks b failed (buf.h): check gz_buf_failed before using b. */
void gz_csv_write_field(gz_buf *b, const char *s, size_t n);

#endif
