/* fuzz_ffi_proto: the C prototype parser of the ffi module (interp/core/ffiproto.c) on
 * arbitrary bytes. It must never read past the input, and its result must be coherent:
 * on success a bounded parameter list of known classes, on failure a message naming the
 * text it could not parse. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ffiproto.h"

static void check_type(const gz_ffi_type *t) {
  if (t->cls > GZ_FFI_ARRAY || t->base > GZ_FFI_PTR) abort();
  if (memchr(t->spelling, 0, sizeof t->spelling) == NULL) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* A copy of exactly size bytes, so ASan catches any read past the end. */
  char *s = malloc(size ? size : 1);
  if (!s) return 0;
  memcpy(s, data, size);
  gz_ffi_proto p;
  char err[400];
  if (gz_ffi_parse_proto(s, size, &p, err, sizeof err) == 0) {
    if (p.nargs < 0 || p.nargs > GZ_FFI_MAXARGS || !p.name[0]) abort();
    if (p.variadic && p.nargs == 0) abort();
    check_type(&p.ret);
    if (p.ret.cls == GZ_FFI_OUT || p.ret.cls == GZ_FFI_ARRAY) abort();
    for (int i = 0; i < p.nargs; i++) {
      check_type(&p.args[i]);
      if (p.args[i].cls == GZ_FFI_VALUE && p.args[i].base == GZ_FFI_VOID) abort();
    }
  } else if (strncmp(err, "cannot parse C prototype \"", 26) != 0) {
    abort();
  }
  gz_ffi_type t;
  if (gz_ffi_parse_type(s, size, &t, err, sizeof err) == 0) check_type(&t);
  else if (strncmp(err, "cannot parse C type \"", 21) != 0) abort();
  free(s);
  return 0;
}
