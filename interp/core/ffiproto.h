/* ffiproto.h: C prototypes and types as the ffi module understands them.
 *
 * The parser is plain C with no Lua, so that the fuzzer can drive it directly. It reads
 * one prototype ("double pow(double x, double y)") or one type ("unsigned long") and says
 * how each value crosses between Lua and C. */
#ifndef GZ_FFIPROTO_H
#define GZ_FFIPROTO_H

#include <stddef.h>

#define GZ_FFI_MAXARGS 32   /* declared parameters of one prototype */
#define GZ_FFI_MAXNAME 128  /* a function's name, NUL included */
#define GZ_FFI_MAXSPELL 64  /* a type as written, for error messages */
#define GZ_FFI_MAXPROTO 1024 /* bytes of prototype text */

/* The C scalar a value is stored as (what libffi sees). */
enum gz_ffi_base {
  GZ_FFI_VOID,
  GZ_FFI_BOOL, /* _Bool / bool: one byte */
  GZ_FFI_I8,
  GZ_FFI_U8,
  GZ_FFI_I16,
  GZ_FFI_U16,
  GZ_FFI_I32,
  GZ_FFI_U32,
  GZ_FFI_I64,
  GZ_FFI_U64,
  GZ_FFI_FLOAT,
  GZ_FFI_DOUBLE,
  GZ_FFI_PTR /* a pointer-sized address */
};

/* How a value crosses between Lua and C. */
enum gz_ffi_class {
  GZ_FFI_VALUE,   /* a scalar (or void) by value */
  GZ_FFI_STRING,  /* const char *: a Lua string in; a copied Lua string out */
  GZ_FFI_BUFFER,  /* char *: writable memory (ffi.buffer) in; a copied Lua string out */
  GZ_FFI_POINTER, /* void *, struct tag *, T ***: opaque, an ffi pointer in Lua */
  GZ_FFI_OUT,     /* T * for a scalar T (or T ** for any T): an out-parameter of type base */
  GZ_FFI_ARRAY    /* const T * for a scalar T: an array the function reads */
};

typedef struct gz_ffi_type {
  unsigned char cls;  /* enum gz_ffi_class */
  unsigned char base; /* enum gz_ffi_base: the value, or the pointee for OUT and ARRAY */
  unsigned char cnst; /* the pointee is const (const void * may be given a Lua string) */
  char spelling[GZ_FFI_MAXSPELL]; /* as written, normalised spaces: "const char *" */
} gz_ffi_type;

typedef struct gz_ffi_proto {
  char name[GZ_FFI_MAXNAME];
  gz_ffi_type ret; /* STRING, BUFFER, POINTER or VALUE (VOID included) */
  int nargs;       /* declared parameters */
  int variadic;    /* ends with ", ..." */
  gz_ffi_type args[GZ_FFI_MAXARGS];
} gz_ffi_proto;

/* Parses a prototype of len bytes (need not be NUL-terminated). Returns 0, or -1 with a
 * one-line message in err that quotes the prototype and points at the token:
 *   cannot parse C prototype "double pow(double,, double)": expected a parameter type
 *   at column 19 (',') */
int gz_ffi_parse_proto(const char *s, size_t len, gz_ffi_proto *p, char *err, size_t errsz);

/* Parses a type alone ("long long", "const char *"). Returns 0 or -1 with err. */
int gz_ffi_parse_type(const char *s, size_t len, gz_ffi_type *t, char *err, size_t errsz);

/* sizeof the scalar (0 for VOID). */
size_t gz_ffi_base_size(int base);

#endif
