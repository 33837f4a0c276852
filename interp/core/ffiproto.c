/* ffiproto.c: the C prototype parser of the ffi module.
 *
 * Grammar (a subset of C declarations, enough for the functions an agency library exports):
 *   proto  := ["extern"] type NAME "(" params ")" [";"]
 *   params := "" | "void" | param {"," param} ["," "..."]
 *   param  := type [NAME]
 *   type   := {qualifier} specifiers {qualifier} {"*" {qualifier}}
 * Specifiers are C's integer and floating keywords (unsigned long long, _Bool ...), the
 * <stdint.h>/<stddef.h> names (int32_t, size_t, ...), bool, and "struct|union|enum TAG".
 * Structs by value, function pointers, arrays and long double are refused by name. */
#include "core/ffiproto.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

enum { TK_EOF, TK_IDENT, TK_STAR, TK_LPAREN, TK_RPAREN, TK_COMMA, TK_SEMI, TK_ELLIPSIS, TK_BAD };

typedef struct lexer {
  const char *s;
  size_t len, pos;
  int tk;            /* current token */
  size_t tpos, tlen; /* its place in s */
  const char *what;  /* "prototype" or "type", for messages */
  char *err;
  size_t errsz;
} lexer;

static int is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_alnum(int c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

static void lex_next(lexer *lx) {
  while (lx->pos < lx->len && is_space((unsigned char)lx->s[lx->pos])) lx->pos++;
  lx->tpos = lx->pos;
  lx->tlen = 1;
  if (lx->pos >= lx->len) {
    lx->tk = TK_EOF;
    lx->tlen = 0;
    return;
  }
  int c = (unsigned char)lx->s[lx->pos];
  if (is_alpha(c)) {
    size_t e = lx->pos;
    while (e < lx->len && is_alnum((unsigned char)lx->s[e])) e++;
    lx->tk = TK_IDENT;
    lx->tlen = e - lx->pos;
    lx->pos = e;
    return;
  }
  lx->pos++;
  switch (c) {
    case '*': lx->tk = TK_STAR; return;
    case '(': lx->tk = TK_LPAREN; return;
    case ')': lx->tk = TK_RPAREN; return;
    case ',': lx->tk = TK_COMMA; return;
    case ';': lx->tk = TK_SEMI; return;
    case '.':
      if (lx->len - lx->tpos >= 3 && lx->s[lx->tpos + 1] == '.' && lx->s[lx->tpos + 2] == '.') {
        lx->pos = lx->tpos + 3;
        lx->tlen = 3;
        lx->tk = TK_ELLIPSIS;
        return;
      }
      /* fall through */
    default: lx->tk = TK_BAD; return;
  }
}

static int tok_is(const lexer *lx, const char *word) {
  size_t n = strlen(word);
  return lx->tk == TK_IDENT && lx->tlen == n && memcmp(lx->s + lx->tpos, word, n) == 0;
}

/* Copies up to n bytes of s into out as printable ASCII (anything else becomes '?'). */
static void printable(char *out, size_t outsz, const char *s, size_t n) {
  size_t j = 0;
  for (size_t i = 0; i < n && j + 1 < outsz; i++) {
    unsigned char c = (unsigned char)s[i];
    out[j++] = (c >= 32 && c < 127 && c != '"') ? (char)c : (c == '"' ? '\'' : '?');
  }
  out[j] = 0;
}

/* Sets the message: quotes the text (shortened past 100 bytes) and points at the token. */
__attribute__((format(printf, 2, 3))) static int lex_error(lexer *lx, const char *fmt, ...) {
  char msg[160], quoted[110], tok[40];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  size_t qn = lx->len > 100 ? 100 : lx->len;
  printable(quoted, sizeof quoted, lx->s, qn);
  if (lx->len > 100) strcat(quoted, "...");
  if (lx->tk == TK_EOF) {
    snprintf(lx->err, lx->errsz, "cannot parse C %s \"%s\": %s at the end", lx->what, quoted, msg);
  } else {
    printable(tok, sizeof tok, lx->s + lx->tpos, lx->tlen > 32 ? 32 : lx->tlen);
    snprintf(lx->err, lx->errsz, "cannot parse C %s \"%s\": %s at column %zu ('%s')", lx->what, quoted, msg,
             lx->tpos + 1, tok);
  }
  return -1;
}

/* Appends the current token to the spelling, C style: "const char *", "int **". */
static void spell(gz_ffi_type *t, const lexer *lx) {
  size_t n = strlen(t->spelling);
  int star = lx->tk == TK_STAR;
  int after_star = n > 0 && t->spelling[n - 1] == '*';
  if (n > 0 && !(star && after_star) && n + 1 < sizeof t->spelling) t->spelling[n++] = ' ';
  for (size_t i = 0; i < lx->tlen && n + 1 < sizeof t->spelling; i++) t->spelling[n++] = lx->s[lx->tpos + i];
  t->spelling[n] = 0;
}

static int is_qualifier(const lexer *lx) {
  return tok_is(lx, "const") || tok_is(lx, "volatile") || tok_is(lx, "restrict") || tok_is(lx, "__restrict") ||
         tok_is(lx, "__restrict__");
}

/* Words that can never be a parameter's or function's name. */
static int is_keyword(const lexer *lx) {
  static const char *const kw[] = {"void",   "char",   "short",  "int",   "long",  "float", "double",
                                   "signed", "unsigned", "_Bool", "bool", "struct", "union", "enum",
                                   "const",  "volatile", "restrict", "extern", "static", NULL};
  for (const char *const *k = kw; *k; k++)
    if (tok_is(lx, *k)) return 1;
  return is_qualifier(lx);
}

/* The <stdint.h>/<stddef.h>/<sys/types.h> names, resolved for this platform. */
static int typedef_base(const lexer *lx) {
#define SIGNED_OF(T) (sizeof(T) == 8 ? GZ_FFI_I64 : GZ_FFI_I32)
#define UNSIGNED_OF(T) (sizeof(T) == 8 ? GZ_FFI_U64 : GZ_FFI_U32)
  static const struct {
    const char *name;
    int base;
  } names[] = {{"int8_t", GZ_FFI_I8},     {"uint8_t", GZ_FFI_U8},   {"int16_t", GZ_FFI_I16},
               {"uint16_t", GZ_FFI_U16},  {"int32_t", GZ_FFI_I32},  {"uint32_t", GZ_FFI_U32},
               {"int64_t", GZ_FFI_I64},   {"uint64_t", GZ_FFI_U64}, {"size_t", UNSIGNED_OF(size_t)},
               {"ssize_t", SIGNED_OF(ssize_t)}, {"intptr_t", SIGNED_OF(intptr_t)},
               {"uintptr_t", UNSIGNED_OF(uintptr_t)}, {"ptrdiff_t", SIGNED_OF(ptrdiff_t)},
               {NULL, 0}};
#undef SIGNED_OF
#undef UNSIGNED_OF
  for (int i = 0; names[i].name; i++)
    if (tok_is(lx, names[i].name)) return names[i].base;
  return -1;
}

/* Parses a type at the current token. The token after it is left current. */
static int parse_type(lexer *lx, gz_ffi_type *t) {
  int nsigned = 0, nunsigned = 0, nshort = 0, nlong = 0, nchar = 0, nint = 0, nfloat = 0, ndouble = 0,
      nvoid = 0, nbool = 0, ntypedef = 0, tag = 0, tdbase = 0, cnst = 0, nspec = 0;
  memset(t, 0, sizeof *t);
  size_t start = lx->tpos, startlen = lx->tlen;
  while (lx->tk == TK_IDENT) {
    if (is_qualifier(lx)) {
      if (tok_is(lx, "const")) cnst = 1;
    } else if (tok_is(lx, "signed")) nsigned++, nspec++;
    else if (tok_is(lx, "unsigned")) nunsigned++, nspec++;
    else if (tok_is(lx, "short")) nshort++, nspec++;
    else if (tok_is(lx, "long")) nlong++, nspec++;
    else if (tok_is(lx, "char")) nchar++, nspec++;
    else if (tok_is(lx, "int")) nint++, nspec++;
    else if (tok_is(lx, "float")) nfloat++, nspec++;
    else if (tok_is(lx, "double")) ndouble++, nspec++;
    else if (tok_is(lx, "void")) nvoid++, nspec++;
    else if (tok_is(lx, "_Bool") || tok_is(lx, "bool")) nbool++, nspec++;
    else if (tok_is(lx, "struct") || tok_is(lx, "union") || tok_is(lx, "enum")) {
      if (nspec) return lex_error(lx, "'%.*s' cannot follow another type word", (int)lx->tlen, lx->s + lx->tpos);
      tag = tok_is(lx, "enum") ? 2 : 1;
      spell(t, lx);
      lex_next(lx);
      if (lx->tk != TK_IDENT || is_keyword(lx)) return lex_error(lx, "expected a tag name");
      nspec++;
    } else if (nspec == 0 && typedef_base(lx) >= 0) {
      tdbase = typedef_base(lx);
      ntypedef++, nspec++;
    } else if (nspec == 0) {
      return lex_error(lx, "unknown type '%.*s' (declare opaque handles as void * or struct %.*s *)",
                       (int)(lx->tlen > 40 ? 40 : lx->tlen), lx->s + lx->tpos, (int)(lx->tlen > 40 ? 40 : lx->tlen),
                       lx->s + lx->tpos);
    } else {
      break; /* a name */
    }
    if (nspec > 1 && (tag || ntypedef)) return lex_error(lx, "'%.*s' cannot be combined with the type before it",
                                                         (int)(lx->tlen > 40 ? 40 : lx->tlen), lx->s + lx->tpos);
    spell(t, lx);
    lex_next(lx);
  }
  if (nspec == 0) return lex_error(lx, "expected a type");

  /* Which scalar the specifiers name, refusing combinations C refuses. */
  int base = -1, charlike = 0;
  const char *bad = NULL;
  if (nsigned + nunsigned > 1 || nshort > 1 || nlong > 2 || nchar > 1 || nint > 1 || nfloat > 1 || ndouble > 1 ||
      nvoid > 1 || nbool > 1)
    bad = "a type word is repeated or signed and unsigned are both given";
  else if (tag) base = tag == 2 ? GZ_FFI_I32 : GZ_FFI_PTR;
  else if (ntypedef) base = tdbase;
  else if (nvoid || nbool || nfloat) {
    if (nspec > 1) bad = "void, bool and float take no other type word";
    base = nvoid ? GZ_FFI_VOID : nbool ? GZ_FFI_BOOL : GZ_FFI_FLOAT;
  } else if (ndouble) {
    if (nlong == 1 && nspec == 2) bad = "long double is not supported (libffi passes it, Lua numbers cannot hold it)";
    else if (nspec > 1) bad = "double takes no other type word";
    base = GZ_FFI_DOUBLE;
  } else if (nchar) {
    if (nshort || nlong || nint) bad = "char cannot be short, long or int";
    charlike = 1;
    base = nunsigned ? GZ_FFI_U8 : nsigned ? GZ_FFI_I8 : (CHAR_MIN < 0 ? GZ_FFI_I8 : GZ_FFI_U8);
  } else if (nshort) {
    if (nlong) bad = "short and long cannot be combined";
    base = nunsigned ? GZ_FFI_U16 : GZ_FFI_I16;
  } else if (nlong == 2 || (nlong == 1 && sizeof(long) == 8)) {
    base = nunsigned ? GZ_FFI_U64 : GZ_FFI_I64;
  } else {
    base = nunsigned ? GZ_FFI_U32 : GZ_FFI_I32;
  }
  if (bad) {
    lx->tpos = start;
    lx->tlen = startlen;
    lx->tk = TK_IDENT;
    return lex_error(lx, "%s", bad);
  }

  /* Pointers: qualifiers after a '*' qualify the pointer, not what it points to. */
  int depth = 0;
  while (lx->tk == TK_STAR) {
    depth++;
    spell(t, lx);
    lex_next(lx);
    while (lx->tk == TK_IDENT && is_qualifier(lx)) {
      spell(t, lx);
      lex_next(lx);
    }
  }
  t->cnst = (unsigned char)cnst;
  t->base = (unsigned char)base;
  if (depth == 0) {
    if (tag == 1) {
      lx->tpos = start;
      lx->tk = TK_IDENT;
      lx->tlen = startlen;
      return lex_error(lx, "a struct or union passed by value is not supported (pass a pointer to it)");
    }
    t->cls = GZ_FFI_VALUE;
  } else if (depth == 1) {
    if (charlike) t->cls = cnst ? GZ_FFI_STRING : GZ_FFI_BUFFER;
    else if (base == GZ_FFI_VOID || base == GZ_FFI_PTR) t->cls = GZ_FFI_POINTER;
    else t->cls = cnst ? GZ_FFI_ARRAY : GZ_FFI_OUT;
  } else if (depth == 2) {
    t->cls = GZ_FFI_OUT;
    t->base = GZ_FFI_PTR;
  } else {
    t->cls = GZ_FFI_POINTER;
  }
  if (t->cls == GZ_FFI_POINTER || t->cls == GZ_FFI_STRING || t->cls == GZ_FFI_BUFFER) t->base = GZ_FFI_PTR;
  return 0;
}

static void lex_init(lexer *lx, const char *s, size_t len, const char *what, char *err, size_t errsz) {
  memset(lx, 0, sizeof *lx);
  lx->s = s;
  lx->len = len;
  lx->what = what;
  lx->err = err;
  lx->errsz = errsz;
  if (errsz) err[0] = 0;
}

int gz_ffi_parse_type(const char *s, size_t len, gz_ffi_type *t, char *err, size_t errsz) {
  lexer lx;
  lex_init(&lx, s, len, "type", err, errsz);
  if (len > GZ_FFI_MAXPROTO) return lex_error(&lx, "longer than %d bytes", GZ_FFI_MAXPROTO);
  lex_next(&lx);
  if (parse_type(&lx, t) != 0) return -1;
  if (lx.tk != TK_EOF) return lex_error(&lx, "expected the end of the type");
  return 0;
}

/* An optional name after a type (a parameter's) or the required one (the function's). */
static int parse_name(lexer *lx, char *out, size_t outsz, int required) {
  if (lx->tk == TK_LPAREN && required) return lex_error(lx, "function pointers are not supported");
  if (lx->tk != TK_IDENT) return required ? lex_error(lx, "expected the function's name") : 0;
  if (is_keyword(lx)) return lex_error(lx, "expected a name, not the keyword '%.*s'", (int)lx->tlen, lx->s + lx->tpos);
  if (lx->tlen + 1 > GZ_FFI_MAXNAME) return lex_error(lx, "a name longer than %d characters", GZ_FFI_MAXNAME - 1);
  if (out) {
    memcpy(out, lx->s + lx->tpos, lx->tlen);
    out[lx->tlen] = 0;
    (void)outsz;
  }
  lex_next(lx);
  return 0;
}

int gz_ffi_parse_proto(const char *s, size_t len, gz_ffi_proto *p, char *err, size_t errsz) {
  lexer lx;
  lex_init(&lx, s, len, "prototype", err, errsz);
  memset(p, 0, sizeof *p);
  if (len > GZ_FFI_MAXPROTO) return lex_error(&lx, "longer than %d bytes", GZ_FFI_MAXPROTO);
  lex_next(&lx);
  if (tok_is(&lx, "extern")) lex_next(&lx);
  if (parse_type(&lx, &p->ret) != 0) return -1;
  /* A function returns a value, a string or an opaque pointer: T * for a scalar T is an
   * address the caller cannot use as an out-parameter, so it comes back as a pointer. */
  if (p->ret.cls == GZ_FFI_OUT || p->ret.cls == GZ_FFI_ARRAY) {
    p->ret.cls = GZ_FFI_POINTER;
    p->ret.base = GZ_FFI_PTR;
  }
  if (parse_name(&lx, p->name, sizeof p->name, 1) != 0) return -1;
  if (lx.tk != TK_LPAREN) return lex_error(&lx, "expected '(' after the function's name");
  lex_next(&lx);
  if (lx.tk == TK_RPAREN) {
    lex_next(&lx);
  } else {
    for (;;) {
      if (lx.tk == TK_ELLIPSIS) {
        if (p->nargs == 0) return lex_error(&lx, "'...' needs at least one declared parameter before it");
        p->variadic = 1;
        lex_next(&lx);
        if (lx.tk != TK_RPAREN) return lex_error(&lx, "'...' must be the last parameter");
        lex_next(&lx);
        break;
      }
      if (p->nargs == GZ_FFI_MAXARGS) return lex_error(&lx, "more than %d parameters", GZ_FFI_MAXARGS);
      size_t at = lx.tpos;
      gz_ffi_type *t = &p->args[p->nargs];
      if (lx.tk != TK_IDENT) return lex_error(&lx, "expected a parameter type");
      if (parse_type(&lx, t) != 0) return -1;
      if (t->cls == GZ_FFI_VALUE && t->base == GZ_FFI_VOID) {
        if (p->nargs == 0 && lx.tk == TK_RPAREN) { /* f(void) */
          lex_next(&lx);
          break;
        }
        lx.tpos = at;
        lx.tlen = 4;
        lx.tk = TK_IDENT;
        return lex_error(&lx, "void is not a parameter type (write f(void) for no parameters)");
      }
      p->nargs++;
      if (parse_name(&lx, NULL, 0, 0) != 0) return -1;
      if (lx.tk == TK_RPAREN) {
        lex_next(&lx);
        break;
      }
      if (lx.tk != TK_COMMA) {
        if (lx.tk == TK_BAD && lx.s[lx.tpos] == '[')
          return lex_error(&lx, "array parameters are not supported (write a pointer: T *)");
        return lex_error(&lx, "expected ',' or ')' after a parameter");
      }
      lex_next(&lx);
    }
  }
  if (lx.tk == TK_SEMI) lex_next(&lx);
  if (lx.tk != TK_EOF) return lex_error(&lx, "expected the end of the prototype");
  return 0;
}

size_t gz_ffi_base_size(int base) {
  switch (base) {
    case GZ_FFI_BOOL: return sizeof(_Bool);
    case GZ_FFI_I8: case GZ_FFI_U8: return 1;
    case GZ_FFI_I16: case GZ_FFI_U16: return 2;
    case GZ_FFI_I32: case GZ_FFI_U32: case GZ_FFI_FLOAT: return 4;
    case GZ_FFI_I64: case GZ_FFI_U64: case GZ_FFI_DOUBLE: return 8;
    case GZ_FFI_PTR: return sizeof(void *);
    default: return 0;
  }
}
