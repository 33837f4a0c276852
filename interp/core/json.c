/* json.c: JSON text in plain C (json.h). The Lua module `json` is lua/ljson.c. */
#include <stdint.h>

#include "core/json.h"

/* Length of the valid UTF-8 sequence at s (1..4), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  size_t len;
  uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
  else return 0;
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (s[i] & 0x3F);
  }
  if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return len;
}

void gz_json_string(gz_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *u = (const unsigned char *)s;
  gz_buf_add(b, "\"", 1);
  for (size_t i = 0; i < n;) {
    unsigned char c = u[i];
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      gz_buf_add(b, e, 2);
      i++;
    } else if (c < 0x20) {
      const char *e = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
      if (e) gz_buf_add(b, e, 2);
      else {
        char x[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        gz_buf_add(b, x, 6);
      }
      i++;
    } else if (c < 0x80) {
      gz_buf_add(b, s + i, 1);
      i++;
    } else {
      size_t l = utf8_len(u + i, n - i);
      if (l) gz_buf_add(b, s + i, l), i += l;
      else gz_buf_add(b, "\\ufffd", 6), i++;
    }
  }
  gz_buf_add(b, "\"", 1);
}
