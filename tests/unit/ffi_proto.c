/* Unit tests for ffiproto.c: the C prototype parser of the ffi module. */
#include <string.h>

#include "core/ffiproto.h"
#include "tap.h"

static gz_ffi_proto p;
static char err[400];

static int parse(const char *s) { return gz_ffi_parse_proto(s, strlen(s), &p, err, sizeof err); }

/* The class and base a one-parameter prototype gives its parameter. */
static void param_is(const char *type, int cls, int base, const char *spelling) {
  char src[200];
  snprintf(src, sizeof src, "void f(%s x)", type);
  int rc = parse(src);
  ok(rc == 0 && p.nargs == 1 && p.args[0].cls == cls && p.args[0].base == base, "%s: class %d base %d", type, cls,
     base);
  if (rc != 0) {
    printf("#   %s\n", err);
    return;
  }
  is_str(p.args[0].spelling, spelling, "%s is spelled '%s'", type, spelling);
}

static void refused(const char *src, const char *want) {
  int rc = parse(src);
  ok(rc == -1 && strstr(err, want) != NULL, "refused: %s", src);
  if (rc != -1 || !strstr(err, want)) printf("#   message: %s\n#   expected to contain: %s\n", rc ? err : "(parsed)", want);
}

int main(void) {
  is_int(parse("double pow(double, double)"), 0, "pow parses");
  is_str(p.name, "pow", "its name");
  is_int(p.nargs, 2, "two parameters");
  is_int(p.ret.base, GZ_FFI_DOUBLE, "returns double");
  is_int(p.variadic, 0, "not variadic");
  is_int(parse("  extern int snprintf ( char * restrict buf , size_t n , const char *fmt , ... ) ; "), 0,
         "snprintf with extern, restrict, names, spaces and ';'");
  is_int(p.nargs, 3, "three declared parameters");
  is_int(p.variadic, 1, "variadic");
  is_int(p.args[0].cls, GZ_FFI_BUFFER, "char * is a buffer");
  is_int(p.args[1].base, GZ_FFI_U64, "size_t is 64-bit unsigned");
  is_int(p.args[2].cls, GZ_FFI_STRING, "const char * is a string");
  is_int(parse("int f(void)"), 0, "f(void)");
  is_int(p.nargs, 0, "has no parameters");
  is_int(parse("int f()"), 0, "f()");
  is_int(p.nargs, 0, "has no parameters");
  is_int(parse("const char *f(int)"), 0, "a string result");
  is_int(p.ret.cls, GZ_FFI_STRING, "const char * result is a string");
  is_int(parse("int *f(int)"), 0, "an int * result");
  is_int(p.ret.cls, GZ_FFI_POINTER, "int * result is an opaque pointer (not an out-parameter)");

  /* Each C type: its class, scalar and spelling. */
  param_is("char", GZ_FFI_VALUE, GZ_FFI_I8, "char"); /* signed on x86-64 */
  param_is("signed char", GZ_FFI_VALUE, GZ_FFI_I8, "signed char");
  param_is("unsigned char", GZ_FFI_VALUE, GZ_FFI_U8, "unsigned char");
  param_is("short int", GZ_FFI_VALUE, GZ_FFI_I16, "short int");
  param_is("unsigned short", GZ_FFI_VALUE, GZ_FFI_U16, "unsigned short");
  param_is("int", GZ_FFI_VALUE, GZ_FFI_I32, "int");
  param_is("signed", GZ_FFI_VALUE, GZ_FFI_I32, "signed");
  param_is("unsigned", GZ_FFI_VALUE, GZ_FFI_U32, "unsigned");
  param_is("long", GZ_FFI_VALUE, GZ_FFI_I64, "long"); /* LP64 */
  param_is("unsigned long int", GZ_FFI_VALUE, GZ_FFI_U64, "unsigned long int");
  param_is("long long", GZ_FFI_VALUE, GZ_FFI_I64, "long long");
  param_is("long unsigned long", GZ_FFI_VALUE, GZ_FFI_U64, "long unsigned long");
  param_is("int8_t", GZ_FFI_VALUE, GZ_FFI_I8, "int8_t");
  param_is("uint16_t", GZ_FFI_VALUE, GZ_FFI_U16, "uint16_t");
  param_is("int32_t", GZ_FFI_VALUE, GZ_FFI_I32, "int32_t");
  param_is("uint64_t", GZ_FFI_VALUE, GZ_FFI_U64, "uint64_t");
  param_is("ssize_t", GZ_FFI_VALUE, GZ_FFI_I64, "ssize_t");
  param_is("float", GZ_FFI_VALUE, GZ_FFI_FLOAT, "float");
  param_is("double", GZ_FFI_VALUE, GZ_FFI_DOUBLE, "double");
  param_is("_Bool", GZ_FFI_VALUE, GZ_FFI_BOOL, "_Bool");
  param_is("bool", GZ_FFI_VALUE, GZ_FFI_BOOL, "bool");
  param_is("enum color", GZ_FFI_VALUE, GZ_FFI_I32, "enum color");
  param_is("const char *", GZ_FFI_STRING, GZ_FFI_PTR, "const char *");
  param_is("char const*", GZ_FFI_STRING, GZ_FFI_PTR, "char const *");
  param_is("char *", GZ_FFI_BUFFER, GZ_FFI_PTR, "char *");
  param_is("unsigned char *", GZ_FFI_BUFFER, GZ_FFI_PTR, "unsigned char *");
  param_is("void *", GZ_FFI_POINTER, GZ_FFI_PTR, "void *");
  param_is("const void *", GZ_FFI_POINTER, GZ_FFI_PTR, "const void *");
  param_is("struct tax_ctx *", GZ_FFI_POINTER, GZ_FFI_PTR, "struct tax_ctx *");
  param_is("int *", GZ_FFI_OUT, GZ_FFI_I32, "int *");
  param_is("double * restrict", GZ_FFI_OUT, GZ_FFI_DOUBLE, "double * restrict");
  param_is("bool *", GZ_FFI_OUT, GZ_FFI_BOOL, "bool *");
  param_is("const double *", GZ_FFI_ARRAY, GZ_FFI_DOUBLE, "const double *");
  param_is("void **", GZ_FFI_OUT, GZ_FFI_PTR, "void **");
  param_is("char **", GZ_FFI_OUT, GZ_FFI_PTR, "char **");
  param_is("int ***", GZ_FFI_POINTER, GZ_FFI_PTR, "int ***");

  /* Refusals: each message names the problem and the place. */
  refused("double pow(double,, double)",
          "cannot parse C prototype \"double pow(double,, double)\": expected a parameter type at column 19 (',')");
  refused("double pow(double, double", "expected ',' or ')' after a parameter at the end");
  refused("tax_t f(int)", "unknown type 'tax_t' (declare opaque handles as void * or struct tax_t *) at column 1");
  refused("struct s f(int)", "a struct or union passed by value is not supported");
  refused("long double f(void)", "long double is not supported");
  refused("int (*f)(int)", "function pointers are not supported");
  refused("int f(int a[])", "array parameters are not supported");
  refused("int f(...)", "'...' needs at least one declared parameter before it");
  refused("int f(int, ..., int)", "'...' must be the last parameter");
  refused("int f(void, int)", "void is not a parameter type");
  refused("int f(int) extra", "expected the end of the prototype at column 12 ('extra')");
  refused("unsigned signed f(void)", "signed and unsigned are both given");
  refused("short long f(void)", "short and long cannot be combined");
  refused("long long long f(void)", "repeated");
  refused("int8_t int f(void)", "cannot be combined");
  refused("int int(void)", "a type word is repeated or signed and unsigned are both given at column 1 ('int')");
  refused("int static(void)", "expected a name, not the keyword 'static'");
  refused("struct s f(int)", "at column 1 ('struct')");
  refused("int f(int) @", "expected the end of the prototype at column 12 ('@')");
  refused("", "expected a type at the end");
  refused("int", "expected the function's name at the end");
  refused("int f(int, int, int, int, int, int, int, int, int, int, int, int, int, int, int, int, int, int, int, int, "
          "int, int, int, int, int, int, int, int, int, int, int, int, int)",
          "more than 32 parameters");
  char big[GZ_FFI_MAXPROTO + 10];
  memset(big, ' ', sizeof big);
  big[sizeof big - 1] = 0;
  refused(big, "longer than 1024 bytes");
  /* A NUL inside the text is a bad character, not the end. */
  is_int(gz_ffi_parse_proto("int f(int)\0x", 12, &p, err, sizeof err), -1, "a NUL byte inside is refused");
  ok(strstr(err, "column 11 ('?')") != NULL, "and shown as '?' at its column: %s", err);

  gz_ffi_type t;
  is_int(gz_ffi_parse_type("unsigned long long", 18, &t, err, sizeof err), 0, "a type alone");
  is_int(t.base, GZ_FFI_U64, "unsigned long long is U64");
  is_int(gz_ffi_parse_type("int x", 5, &t, err, sizeof err), -1, "a type alone takes no name");
  is_str(err, "cannot parse C type \"int x\": expected the end of the type at column 5 ('x')", "and says where");
  is_int(gz_ffi_base_size(GZ_FFI_U16), 2, "uint16 is 2 bytes");
  return done_testing();
}
