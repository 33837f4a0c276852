/* lffi.c: calling C libraries from measures through libffi (`ffi`, off by default).
 *
 *   local m = ffi.load("libm.so.6")
 *   local pow = m:fn("double pow(double, double)")
 *   pow(2, 10)  --> 1024.0
 *
 * Only when the user ran gazette with --allow-ffi (any library) or --allow-ffi=LIB,...
 * (those libraries only) does the module hold functions; otherwise every use of it is an
 * error saying how to turn it on. Once on, a script can do anything the C library can:
 * docs/ffi.md says what the sandbox no longer protects.
 *
 * Values (ffiproto.h decides each parameter's class):
 *   integers of every width    Lua integers, range-checked both ways (never a wrap)
 *   float, double              Lua numbers;  bool: Lua booleans
 *   const char *               a Lua string (alive during the call) or nil; results are copied
 *   char *                     an ffi.buffer the function writes into, or nil
 *   void *, struct tag *       ffi pointers (userdata) that C handed out; NULL is nil
 *   T * (scalar T), T **       out-parameters: pass ffi.out (or a starting value, or nil for
 *                              NULL); the function returns their values after its result
 *   const T * (scalar T)       an array read by C: a Lua table of numbers
 *   ...                        Lua integers in int range pass as int, floats as double,
 *                              strings as const char *; ffi.typed("long", x) for anything else
 * The prepared ffi_cif of a fixed-arity function is cached in its userdata. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <ffi.h>
#include <float.h>
#include <limits.h>
#include <link.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ffiproto.h"
#include "host/gazette.h"
#include "lauxlib.h"

#define LIB_MT "ffi.library"
#define BUF_MT "ffi.buffer"
#define PTR_MT "ffi.pointer"
#define OUT_MT "ffi.out"
#define TYPED_MT "ffi.typed"
#define LIBS_KEY "gazette.ffi.libs" /* registry: name -> library, so each is opened once */
#define FFI_MAXCALL 64              /* arguments in one call, variadic ones included */

static const char ffi_disabled_msg[] =
    "ffi is disabled: run gazette with --allow-ffi (or --allow-ffi=libm.so.6) to let scripts call C libraries";

typedef struct ffi_lib {
  void *handle;          /* NULL once closed */
  struct link_map *map;  /* the library's own entry: symbols must come from it */
} ffi_lib;

typedef struct ffi_buf {
  size_t size;
  unsigned char data[]; /* size bytes, then one NUL that C string functions may rely on */
} ffi_buf;

typedef struct ffi_ptr {
  void *p;
} ffi_ptr;

/* One scalar at its exact C width: what libffi reads through avalue. */
typedef union ffi_val {
  _Bool b;
  int8_t i8;
  uint8_t u8;
  int16_t i16;
  uint16_t u16;
  int32_t i32;
  uint32_t u32;
  int64_t i64;
  uint64_t u64;
  float f;
  double d;
  void *p;
} ffi_val;

typedef struct ffi_typed {
  int base;
  ffi_val v;
} ffi_typed;

typedef struct ffi_fn {
  gz_ffi_proto proto;
  void *sym;
  ffi_cif cif; /* prepared once unless the function is variadic */
  ffi_type *atypes[GZ_FFI_MAXARGS];
} ffi_fn;

/* ---- types ---- */

static ffi_type *ffi_scalar_type(int base) {
  switch (base) {
    case GZ_FFI_VOID: return &ffi_type_void;
    case GZ_FFI_BOOL: return sizeof(_Bool) == 1 ? &ffi_type_uint8 : &ffi_type_uint32;
    case GZ_FFI_I8: return &ffi_type_sint8;
    case GZ_FFI_U8: return &ffi_type_uint8;
    case GZ_FFI_I16: return &ffi_type_sint16;
    case GZ_FFI_U16: return &ffi_type_uint16;
    case GZ_FFI_I32: return &ffi_type_sint32;
    case GZ_FFI_U32: return &ffi_type_uint32;
    case GZ_FFI_I64: return &ffi_type_sint64;
    case GZ_FFI_U64: return &ffi_type_uint64;
    case GZ_FFI_FLOAT: return &ffi_type_float;
    case GZ_FFI_DOUBLE: return &ffi_type_double;
    default: return &ffi_type_pointer;
  }
}

static ffi_type *ffi_param_type(const gz_ffi_type *t) {
  return t->cls == GZ_FFI_VALUE ? ffi_scalar_type(t->base) : &ffi_type_pointer;
}

static const char *ffi_base_name(int base) {
  static const char *const names[] = {"void",     "bool",     "int8_t",  "uint8_t", "int16_t", "uint16_t", "int32_t",
                                      "uint32_t", "int64_t",  "uint64_t", "float",  "double",  "void *"};
  return base >= 0 && base <= GZ_FFI_PTR ? names[base] : "?";
}

/* The integer range of a base; 0 when it is not an integer. */
static int ffi_int_range(int base, lua_Integer *lo, lua_Integer *hi) {
  switch (base) {
    case GZ_FFI_I8: *lo = INT8_MIN, *hi = INT8_MAX; return 1;
    case GZ_FFI_U8: *lo = 0, *hi = UINT8_MAX; return 1;
    case GZ_FFI_I16: *lo = INT16_MIN, *hi = INT16_MAX; return 1;
    case GZ_FFI_U16: *lo = 0, *hi = UINT16_MAX; return 1;
    case GZ_FFI_I32: *lo = INT32_MIN, *hi = INT32_MAX; return 1;
    case GZ_FFI_U32: *lo = 0, *hi = UINT32_MAX; return 1;
    case GZ_FFI_I64: *lo = LUA_MININTEGER, *hi = LUA_MAXINTEGER; return 1;
    case GZ_FFI_U64: *lo = 0, *hi = LUA_MAXINTEGER; return 1; /* above it Lua has no integer */
    default: return 0;
  }
}

/* ---- userdata helpers ---- */

/* "string", "nil", "ffi.buffer", ... for messages. */
static const char *ffi_typename(lua_State *L, int idx) {
  if (luaL_getmetafield(L, idx, "__name") == LUA_TSTRING) {
    const char *n = lua_tostring(L, -1);
    lua_pop(L, 1); /* the name stays alive: the metatable holds it */
    return n;
  }
  return luaL_typename(L, idx);
}

static void ffi_pushptr(lua_State *L, void *p) {
  if (!p) {
    lua_pushnil(L);
    return;
  }
  ffi_ptr *u = lua_newuserdatauv(L, sizeof *u, 0);
  u->p = p;
  luaL_setmetatable(L, PTR_MT);
}

/* Memory an ffi.buffer or ffi pointer stands for, or NULL with *ok = 0 when idx is neither. */
static void *ffi_toaddress(lua_State *L, int idx, int *ok) {
  ffi_buf *b = luaL_testudata(L, idx, BUF_MT);
  *ok = 1;
  if (b) return b->data;
  ffi_ptr *p = luaL_testudata(L, idx, PTR_MT);
  if (p) return p->p;
  *ok = 0;
  return NULL;
}

/* ---- scalar conversion ---- */

/* Writes the Lua value at idx into *dst as base. On failure returns -1 with why set to
 * the end of a message ("expected a number, got string"). */
static int ffi_toscalar(lua_State *L, int idx, int base, ffi_val *dst, char *why, size_t whysz) {
  memset(dst, 0, sizeof *dst);
  ffi_typed *ty = luaL_testudata(L, idx, TYPED_MT);
  if (ty) { /* an ffi.typed value stands for its number */
    if (ty->base == GZ_FFI_FLOAT || ty->base == GZ_FFI_DOUBLE)
      lua_pushnumber(L, ty->base == GZ_FFI_FLOAT ? ty->v.f : ty->v.d);
    else if (ty->base == GZ_FFI_BOOL)
      lua_pushboolean(L, ty->v.b);
    else if (ty->base == GZ_FFI_U64)
      lua_pushinteger(L, (lua_Integer)ty->v.u64);
    else {
      lua_Integer x = 0;
      switch (ty->base) {
        case GZ_FFI_I8: x = ty->v.i8; break;
        case GZ_FFI_U8: x = ty->v.u8; break;
        case GZ_FFI_I16: x = ty->v.i16; break;
        case GZ_FFI_U16: x = ty->v.u16; break;
        case GZ_FFI_I32: x = ty->v.i32; break;
        case GZ_FFI_U32: x = ty->v.u32; break;
        default: x = ty->v.i64; break;
      }
      lua_pushinteger(L, x);
    }
    int r = ffi_toscalar(L, lua_gettop(L), base, dst, why, whysz);
    lua_pop(L, 1);
    return r;
  }
  if (base == GZ_FFI_BOOL) {
    if (!lua_isboolean(L, idx)) {
      snprintf(why, whysz, "expected a boolean, got %s", ffi_typename(L, idx));
      return -1;
    }
    dst->b = lua_toboolean(L, idx);
    return 0;
  }
  if (lua_type(L, idx) != LUA_TNUMBER) {
    snprintf(why, whysz, "expected %s, got %s", base == GZ_FFI_FLOAT || base == GZ_FFI_DOUBLE ? "a number" : "an integer",
             ffi_typename(L, idx));
    return -1;
  }
  if (base == GZ_FFI_FLOAT || base == GZ_FFI_DOUBLE) {
    double d = (double)lua_tonumber(L, idx);
    if (base == GZ_FFI_DOUBLE) {
      dst->d = d;
      return 0;
    }
    if (isfinite(d) && fabs(d) > FLT_MAX) {
      snprintf(why, whysz, "%.17g is out of range for float", d);
      return -1;
    }
    dst->f = (float)d;
    return 0;
  }
  int isint;
  lua_Integer x = lua_tointegerx(L, idx, &isint);
  if (!isint) {
    snprintf(why, whysz, "expected an integer, got %.17g", (double)lua_tonumber(L, idx));
    return -1;
  }
  lua_Integer lo, hi;
  if (!ffi_int_range(base, &lo, &hi)) {
    snprintf(why, whysz, "cannot take a number");
    return -1;
  }
  if (x < lo || x > hi) {
    snprintf(why, whysz, "%lld is out of range (%lld..%lld)", (long long)x, (long long)lo, (long long)hi);
    return -1;
  }
  switch (base) {
    case GZ_FFI_I8: dst->i8 = (int8_t)x; break;
    case GZ_FFI_U8: dst->u8 = (uint8_t)x; break;
    case GZ_FFI_I16: dst->i16 = (int16_t)x; break;
    case GZ_FFI_U16: dst->u16 = (uint16_t)x; break;
    case GZ_FFI_I32: dst->i32 = (int32_t)x; break;
    case GZ_FFI_U32: dst->u32 = (uint32_t)x; break;
    case GZ_FFI_I64: dst->i64 = (int64_t)x; break;
    default: dst->u64 = (uint64_t)x; break;
  }
  return 0;
}

/* Pushes the scalar; returns -1 (nothing pushed) for a uint64 Lua cannot hold. */
static int ffi_pushscalar(lua_State *L, int base, const ffi_val *v) {
  switch (base) {
    case GZ_FFI_VOID: return 0;
    case GZ_FFI_BOOL: lua_pushboolean(L, v->b); return 0;
    case GZ_FFI_I8: lua_pushinteger(L, v->i8); return 0;
    case GZ_FFI_U8: lua_pushinteger(L, v->u8); return 0;
    case GZ_FFI_I16: lua_pushinteger(L, v->i16); return 0;
    case GZ_FFI_U16: lua_pushinteger(L, v->u16); return 0;
    case GZ_FFI_I32: lua_pushinteger(L, v->i32); return 0;
    case GZ_FFI_U32: lua_pushinteger(L, (lua_Integer)v->u32); return 0;
    case GZ_FFI_I64: lua_pushinteger(L, (lua_Integer)v->i64); return 0;
    case GZ_FFI_U64:
      if (v->u64 > (uint64_t)LUA_MAXINTEGER) return -1;
      lua_pushinteger(L, (lua_Integer)v->u64);
      return 0;
    case GZ_FFI_FLOAT: lua_pushnumber(L, v->f); return 0;
    case GZ_FFI_DOUBLE: lua_pushnumber(L, v->d); return 0;
    default: ffi_pushptr(L, v->p); return 0;
  }
}

/* ---- the disabled module ---- */

/* The error names the script's line even when a C function (pairs) made the call. */
static int ffi_refuse(lua_State *L) {
  lua_Debug ar;
  for (int level = 1; lua_getstack(L, level, &ar); level++) {
    lua_getinfo(L, "Sl", &ar);
    if (ar.currentline > 0) {
      lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline, ffi_disabled_msg);
      return lua_error(L);
    }
  }
  lua_pushstring(L, ffi_disabled_msg);
  return lua_error(L);
}

static int ffi_disabled_tostring(lua_State *L) {
  lua_pushliteral(L, "ffi (disabled; run gazette with --allow-ffi)");
  return 1;
}

/* ---- ffi.load ---- */

/* Whether the allow-list lets name be loaded. An entry with a '/' names one file (compared
 * by real path); a bare entry ("libm.so.6") matches a request with that file name. */
static int ffi_allowed(const char *list, const char *name) {
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  char want[PATH_MAX], real_name[PATH_MAX];
  int have_real = strchr(name, '/') && realpath(name, real_name);
  const char *p = list;
  while (*p) {
    const char *e = strchr(p, ',');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    while (n && (*p == ' ')) p++, n--;
    while (n && p[n - 1] == ' ') n--;
    if (n > 0 && n < sizeof want) {
      memcpy(want, p, n);
      want[n] = 0;
      if (strchr(want, '/')) {
        char real_want[PATH_MAX];
        if (have_real && realpath(want, real_want) && strcmp(real_want, real_name) == 0) return 1;
      } else if (strcmp(want, base) == 0) {
        return 1;
      }
    }
    if (!e) break;
    p = e + 1;
  }
  return 0;
}

static int ffi_load(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  const char *list = gz_getopts(L)->ffi_allow;
  if (list && !ffi_allowed(list, name))
    return luaL_error(L, "ffi.load: library '%s' is not allowed: --allow-ffi=%s lists the libraries scripts may load",
                      name, list);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LIBS_KEY);
  if (lua_getfield(L, -1, name) != LUA_TNIL) return 1;
  lua_pop(L, 1);
  ffi_lib *lib = lua_newuserdatauv(L, sizeof *lib, 1);
  lib->handle = NULL;
  lib->map = NULL;
  luaL_setmetatable(L, LIB_MT);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1); /* the name, for messages */
  dlerror();
  lib->handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (!lib->handle) {
    const char *e = dlerror();
    return luaL_error(L, "ffi.load: cannot load library '%s': %s", name, e ? e : "unknown error");
  }
  if (dlinfo(lib->handle, RTLD_DI_LINKMAP, &lib->map) != 0) lib->map = NULL;
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, name);
  return 1;
}

static int lib_gc(lua_State *L) {
  ffi_lib *lib = luaL_checkudata(L, 1, LIB_MT);
  if (lib->handle) dlclose(lib->handle);
  lib->handle = NULL;
  return 0;
}

static int lib_tostring(lua_State *L) {
  luaL_checkudata(L, 1, LIB_MT);
  lua_getiuservalue(L, 1, 1);
  lua_pushfstring(L, "ffi.library: %s", lua_tostring(L, -1));
  return 1;
}

/* ---- lib:fn ---- */

static int fn_call(lua_State *L);

static int lib_fn(lua_State *L) {
  ffi_lib *lib = luaL_checkudata(L, 1, LIB_MT);
  size_t len;
  const char *src = luaL_checklstring(L, 2, &len);
  lua_getiuservalue(L, 1, 1);
  const char *libname = lua_tostring(L, -1);
  ffi_fn *f = lua_newuserdatauv(L, sizeof *f, 1);
  memset(f, 0, sizeof *f);
  char err[400];
  if (gz_ffi_parse_proto(src, len, &f->proto, err, sizeof err) != 0) return luaL_error(L, "ffi: %s", err);
  const gz_ffi_proto *p = &f->proto;
  if (!lib->handle) return luaL_error(L, "ffi: library %s is closed", libname);
  dlerror();
  f->sym = dlsym(lib->handle, p->name);
  if (!f->sym) return luaL_error(L, "ffi: symbol '%s' not found in %s", p->name, libname);
  /* dlsym also searches the library's dependencies (libm's include libc): a symbol must
   * come from the library itself, or an allow-list of libm would let a script reach
   * system(). And it must be a function, not a variable. */
  Dl_info info;
  struct link_map *owner = NULL;
  const ElfW(Sym) *sym = NULL;
  if (!dladdr1(f->sym, &info, (void **)&owner, RTLD_DL_LINKMAP)) /* not in any object: thread-local data */
    return luaL_error(L, "ffi: symbol '%s' in %s is not a function", p->name, libname);
  if (lib->map && owner != lib->map)
    return luaL_error(L, "ffi: symbol '%s' is not defined by %s (it comes from %s; load that library to call it)",
                      p->name, libname, info.dli_fname ? info.dli_fname : "another library");
  if (dladdr1(f->sym, &info, (void **)&sym, RTLD_DL_SYMENT) && sym && info.dli_sname &&
      strcmp(info.dli_sname, p->name) == 0) {
    int type = ELF64_ST_TYPE(sym->st_info);
    if (type != STT_FUNC && type != STT_GNU_IFUNC)
      return luaL_error(L, "ffi: symbol '%s' in %s is not a function", p->name, libname);
  }
  for (int i = 0; i < p->nargs; i++) f->atypes[i] = ffi_param_type(&p->args[i]);
  if (!p->variadic &&
      ffi_prep_cif(&f->cif, FFI_DEFAULT_ABI, (unsigned)p->nargs, ffi_param_type(&p->ret), f->atypes) != FFI_OK)
    return luaL_error(L, "ffi: libffi cannot prepare a call to %s", p->name);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1); /* the function keeps its library open */
  lua_pushcclosure(L, fn_call, 1);
  return 1;
}

/* ---- calls ---- */

__attribute__((format(printf, 4, 5))) static int fn_argerror(lua_State *L, const ffi_fn *f, int argno,
                                                             const char *fmt, ...) {
  char msg[300];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const char *spelling = argno <= f->proto.nargs ? f->proto.args[argno - 1].spelling : "...";
  return luaL_error(L, "%s: argument #%d (%s) %s", f->proto.name, argno, spelling, msg);
}

/* Per-call storage, all on the C stack: nothing to free when a conversion raises. */
typedef struct call_state {
  ffi_val vals[FFI_MAXCALL];  /* the argument values, or the addresses passed */
  ffi_val cells[GZ_FFI_MAXARGS]; /* out-parameter cells */
  char outs[GZ_FFI_MAXARGS];  /* 1 when cells[i] holds a value to return */
  void *avalue[FFI_MAXCALL];
  ffi_type *vtypes[FFI_MAXCALL];
} call_state;

/* Converts declared argument i (0-based) at stack index i + 1. */
static void fn_arg(lua_State *L, const ffi_fn *f, call_state *cs, int i) {
  const gz_ffi_type *t = &f->proto.args[i];
  int idx = i + 1, ok;
  char why[200];
  ffi_val *v = &cs->vals[i];
  cs->avalue[i] = v;
  v->p = NULL;
  if (t->cls == GZ_FFI_VALUE) {
    if (ffi_toscalar(L, idx, t->base, v, why, sizeof why) != 0) fn_argerror(L, f, idx, "%s", why);
    return;
  }
  int type = lua_type(L, idx);
  if (type == LUA_TNIL) return; /* NULL */
  void *addr = ffi_toaddress(L, idx, &ok);
  switch (t->cls) {
    case GZ_FFI_STRING:
      if (type == LUA_TSTRING) v->p = (void *)lua_tostring(L, idx);
      else if (ok) v->p = addr;
      else fn_argerror(L, f, idx, "expected a string or nil, got %s", ffi_typename(L, idx));
      return;
    case GZ_FFI_BUFFER:
      if (ok) v->p = addr;
      else if (type == LUA_TSTRING)
        fn_argerror(L, f, idx,
                    "expected an ffi.buffer or nil, got string (C may write into a char *: pass ffi.buffer(n) or "
                    "ffi.buffer(s), or declare the parameter const char * if the function only reads it)");
      else fn_argerror(L, f, idx, "expected an ffi.buffer or nil, got %s", ffi_typename(L, idx));
      return;
    case GZ_FFI_POINTER:
      if (ok) v->p = addr;
      else if (type == LUA_TSTRING && t->cnst) v->p = (void *)lua_tostring(L, idx);
      else fn_argerror(L, f, idx, "expected an ffi pointer, an ffi.buffer or nil, got %s", ffi_typename(L, idx));
      return;
    case GZ_FFI_OUT:
      v->p = &cs->cells[i];
      memset(&cs->cells[i], 0, sizeof cs->cells[i]);
      if (luaL_testudata(L, idx, OUT_MT)) {
        cs->outs[i] = 1;
      } else if (t->base == GZ_FFI_PTR && luaL_testudata(L, idx, PTR_MT)) {
        cs->cells[i].p = addr; /* T **: a pointer is the starting value */
        cs->outs[i] = 1;
      } else if (ok) {
        v->p = addr; /* raw memory the caller owns */
      } else if (t->base != GZ_FFI_PTR && ffi_toscalar(L, idx, t->base, &cs->cells[i], why, sizeof why) == 0) {
        cs->outs[i] = 1; /* in/out: the number is the starting value */
      } else if (t->base != GZ_FFI_PTR && (type == LUA_TNUMBER || type == LUA_TBOOLEAN)) {
        fn_argerror(L, f, idx, "starting value %s", why);
      } else {
        fn_argerror(L, f, idx, "expected ffi.out, a starting %s, an ffi.buffer or nil, got %s",
                    t->base == GZ_FFI_PTR ? "pointer" : t->base == GZ_FFI_BOOL ? "boolean" : "number",
                    ffi_typename(L, idx));
      }
      return;
    case GZ_FFI_ARRAY: {
      if (ok) {
        v->p = addr;
        return;
      }
      size_t esz = gz_ffi_base_size(t->base);
      if (type == LUA_TSTRING && esz == 1) {
        v->p = (void *)lua_tostring(L, idx);
        return;
      }
      if (type != LUA_TTABLE)
        fn_argerror(L, f, idx, "expected a table of %ss, an ffi.buffer or nil, got %s",
                    t->base == GZ_FFI_BOOL ? "boolean" : "number", ffi_typename(L, idx));
      lua_Unsigned n = lua_rawlen(L, idx);
      if (n > ((size_t)1 << 40) / esz) fn_argerror(L, f, idx, "table too long");
      /* A scratch userdata on the stack holds the C array until the call returns. */
      unsigned char *arr = lua_newuserdatauv(L, n ? (size_t)n * esz : 1, 0);
      for (lua_Unsigned k = 0; k < n; k++) {
        ffi_val e;
        lua_rawgeti(L, idx, (lua_Integer)k + 1);
        if (ffi_toscalar(L, -1, t->base, &e, why, sizeof why) != 0)
          fn_argerror(L, f, idx, "element [%llu] %s", (unsigned long long)k + 1, why);
        lua_pop(L, 1);
        memcpy(arr + k * esz, &e, esz);
      }
      v->p = arr;
      return;
    }
  }
}

/* C's default argument promotions for a value passed through "...". */
static int ffi_promote(int base, ffi_val *v) {
  switch (base) {
    case GZ_FFI_BOOL: v->i32 = v->b; return GZ_FFI_I32;
    case GZ_FFI_I8: v->i32 = v->i8; return GZ_FFI_I32;
    case GZ_FFI_U8: v->i32 = v->u8; return GZ_FFI_I32;
    case GZ_FFI_I16: v->i32 = v->i16; return GZ_FFI_I32;
    case GZ_FFI_U16: v->i32 = v->u16; return GZ_FFI_I32;
    case GZ_FFI_FLOAT: v->d = v->f; return GZ_FFI_DOUBLE;
    default: return base;
  }
}

/* A variadic argument: its C type is read off the Lua value. */
static void fn_vararg(lua_State *L, const ffi_fn *f, call_state *cs, int i) {
  int idx = i + 1, ok, base;
  ffi_val *v = &cs->vals[i];
  cs->avalue[i] = v;
  memset(v, 0, sizeof *v);
  ffi_typed *ty = luaL_testudata(L, idx, TYPED_MT);
  void *addr = ffi_toaddress(L, idx, &ok);
  if (ty) {
    *v = ty->v;
    base = ffi_promote(ty->base, v);
  } else if (ok) {
    v->p = addr;
    base = GZ_FFI_PTR;
  } else {
    switch (lua_type(L, idx)) {
      case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
          lua_Integer x = lua_tointeger(L, idx);
          if (x < INT_MIN || x > INT_MAX)
            fn_argerror(L, f, idx,
                        "%lld does not fit an int; pass ffi.typed(\"long long\", x) (or the type the function "
                        "expects) for a wider integer",
                        (long long)x);
          v->i32 = (int32_t)x;
          base = GZ_FFI_I32;
        } else {
          v->d = lua_tonumber(L, idx);
          base = GZ_FFI_DOUBLE;
        }
        break;
      case LUA_TSTRING: v->p = (void *)lua_tostring(L, idx); base = GZ_FFI_PTR; break;
      case LUA_TBOOLEAN: v->i32 = lua_toboolean(L, idx); base = GZ_FFI_I32; break;
      case LUA_TNIL: v->p = NULL; base = GZ_FFI_PTR; break;
      default:
        fn_argerror(L, f, idx, "a %s cannot be passed through '...' (use ffi.typed(ctype, value))",
                    ffi_typename(L, idx));
        return;
    }
  }
  cs->vtypes[i] = ffi_scalar_type(base);
}

/* libffi widens integer results narrower than a register to ffi_arg. */
static void ffi_narrow_result(int base, const void *rv, ffi_val *out) {
  ffi_arg a;
  memcpy(&a, rv, sizeof a);
  switch (base) {
    case GZ_FFI_BOOL: out->b = (uint8_t)a != 0; break;
    case GZ_FFI_I8: out->i8 = (int8_t)a; break;
    case GZ_FFI_U8: out->u8 = (uint8_t)a; break;
    case GZ_FFI_I16: out->i16 = (int16_t)a; break;
    case GZ_FFI_U16: out->u16 = (uint16_t)a; break;
    case GZ_FFI_I32: out->i32 = (int32_t)a; break;
    case GZ_FFI_U32: out->u32 = (uint32_t)a; break;
    default: memcpy(out, rv, sizeof *out); break;
  }
}

static int fn_call(lua_State *L) {
  const ffi_fn *f = lua_touserdata(L, lua_upvalueindex(1));
  const gz_ffi_proto *p = &f->proto;
  int n = lua_gettop(L);
  if (!p->variadic && n != p->nargs)
    return luaL_error(L, "%s: expected %d argument%s, got %d", p->name, p->nargs, p->nargs == 1 ? "" : "s", n);
  if (p->variadic && n < p->nargs)
    return luaL_error(L, "%s: expected at least %d argument%s, got %d", p->name, p->nargs, p->nargs == 1 ? "" : "s", n);
  if (n > FFI_MAXCALL) return luaL_error(L, "%s: too many arguments (%d; at most %d)", p->name, n, FFI_MAXCALL);
  luaL_checkstack(L, n + GZ_FFI_MAXARGS + 4, "too many results");
  call_state cs;
  memset(cs.outs, 0, sizeof cs.outs);
  for (int i = 0; i < p->nargs; i++) fn_arg(L, f, &cs, i);
  const ffi_cif *cif = &f->cif;
  ffi_cif vcif;
  if (p->variadic) {
    for (int i = 0; i < p->nargs; i++) cs.vtypes[i] = f->atypes[i];
    for (int i = p->nargs; i < n; i++) fn_vararg(L, f, &cs, i);
    if (ffi_prep_cif_var(&vcif, FFI_DEFAULT_ABI, (unsigned)p->nargs, (unsigned)n, ffi_param_type(&p->ret),
                         cs.vtypes) != FFI_OK)
      return luaL_error(L, "%s: libffi cannot prepare this variadic call", p->name);
    cif = &vcif;
  }
  union {
    ffi_arg a;
    ffi_val v;
  } rv;
  memset(&rv, 0, sizeof rv);
  ffi_call((ffi_cif *)cif, FFI_FN(f->sym), &rv, n ? cs.avalue : NULL);

  int nres = 0;
  const gz_ffi_type *rt = &p->ret;
  if (rt->cls == GZ_FFI_STRING || rt->cls == GZ_FFI_BUFFER) {
    if (rv.v.p) lua_pushstring(L, rv.v.p);
    else lua_pushnil(L);
    nres++;
  } else if (rt->cls == GZ_FFI_POINTER) {
    ffi_pushptr(L, rv.v.p);
    nres++;
  } else if (rt->base != GZ_FFI_VOID) {
    ffi_val r;
    ffi_narrow_result(rt->base, &rv, &r);
    if (ffi_pushscalar(L, rt->base, &r) != 0) {
      char big[24];
      snprintf(big, sizeof big, "%llu", (unsigned long long)r.u64);
      return luaL_error(L, "%s: result %s (%s) does not fit a Lua integer (at most %I)", p->name, big, rt->spelling,
                        (lua_Integer)LUA_MAXINTEGER);
    }
    nres++;
  }
  for (int i = 0; i < p->nargs; i++) {
    if (p->args[i].cls != GZ_FFI_OUT) continue;
    if (!cs.outs[i]) lua_pushnil(L);
    else if (ffi_pushscalar(L, p->args[i].base, &cs.cells[i]) != 0) {
      char big[24];
      snprintf(big, sizeof big, "%llu", (unsigned long long)cs.cells[i].u64);
      return luaL_error(L, "%s: out-parameter #%d (%s) is %s, which does not fit a Lua integer", p->name, i + 1,
                        p->args[i].spelling, big);
    }
    nres++;
  }
  return nres;
}

/* ---- buffers, pointers, typed values ---- */

/* ffi.buffer(n) -> n zeroed bytes; ffi.buffer(s) -> a writable copy of s. */
static int ffi_buffer(lua_State *L) {
  size_t n;
  const char *s = NULL;
  if (lua_type(L, 1) == LUA_TSTRING) {
    s = lua_tolstring(L, 1, &n);
  } else {
    lua_Integer k = luaL_checkinteger(L, 1);
    luaL_argcheck(L, k >= 0 && k <= (lua_Integer)1 << 40, 1, "size out of range (0 to 2^40 bytes)");
    n = (size_t)k;
  }
  ffi_buf *b = lua_newuserdatauv(L, sizeof *b + n + 1, 0);
  b->size = n;
  memset(b->data, 0, n + 1);
  if (s) memcpy(b->data, s, n);
  luaL_setmetatable(L, BUF_MT);
  return 1;
}

/* Bytes at an address: up to len, or to the first NUL (within the buffer's size). */
static int ffi_readstring(lua_State *L, int idx, int lenarg) {
  ffi_buf *b = luaL_testudata(L, idx, BUF_MT);
  ffi_ptr *p = b ? NULL : luaL_testudata(L, idx, PTR_MT);
  if (!b && !p) return luaL_typeerror(L, idx, "ffi.buffer or ffi pointer");
  const char *mem = b ? (const char *)b->data : p->p;
  if (lua_isnoneornil(L, lenarg)) {
    if (b) lua_pushlstring(L, mem, strnlen(mem, b->size));
    else lua_pushstring(L, mem);
    return 1;
  }
  lua_Integer len = luaL_checkinteger(L, lenarg);
  luaL_argcheck(L, len >= 0, lenarg, "length must not be negative");
  if (b) luaL_argcheck(L, (size_t)len <= b->size, lenarg, "longer than the buffer");
  lua_pushlstring(L, mem, (size_t)len);
  return 1;
}

static int ffi_string(lua_State *L) { return ffi_readstring(L, 1, 2); }
static int buf_tostring_method(lua_State *L) { return ffi_readstring(L, 1, 2); }

static int buf_len(lua_State *L) {
  ffi_buf *b = luaL_checkudata(L, 1, BUF_MT);
  lua_pushinteger(L, (lua_Integer)b->size);
  return 1;
}

static int buf_tostring(lua_State *L) {
  ffi_buf *b = luaL_checkudata(L, 1, BUF_MT);
  lua_pushfstring(L, "ffi.buffer(%I)", (lua_Integer)b->size);
  return 1;
}

static int ptr_tostring(lua_State *L) {
  ffi_ptr *p = luaL_checkudata(L, 1, PTR_MT);
  lua_pushfstring(L, "ffi.pointer: %p", p->p);
  return 1;
}

static int ptr_eq(lua_State *L) {
  ffi_ptr *a = luaL_testudata(L, 1, PTR_MT), *b = luaL_testudata(L, 2, PTR_MT);
  lua_pushboolean(L, a && b && a->p == b->p);
  return 1;
}

static int out_tostring(lua_State *L) {
  lua_pushliteral(L, "ffi.out");
  return 1;
}

/* ffi.typed(ctype, value): a value with an explicit C type, for "..." arguments. */
static int ffi_typed_new(lua_State *L) {
  size_t len;
  const char *src = luaL_checklstring(L, 1, &len);
  luaL_checkany(L, 2);
  gz_ffi_type t;
  char err[400], why[200];
  if (gz_ffi_parse_type(src, len, &t, err, sizeof err) != 0) return luaL_error(L, "ffi.typed: %s", err);
  if (t.cls != GZ_FFI_VALUE || t.base == GZ_FFI_VOID)
    return luaL_error(L, "ffi.typed: '%s' is not a number or bool type (strings and pointers pass as they are)",
                      t.spelling);
  ffi_typed *ty = lua_newuserdatauv(L, sizeof *ty, 0);
  ty->base = t.base;
  if (ffi_toscalar(L, 2, t.base, &ty->v, why, sizeof why) != 0)
    return luaL_error(L, "ffi.typed: %s value %s", t.spelling, why);
  luaL_setmetatable(L, TYPED_MT);
  return 1;
}

static int typed_tostring(lua_State *L) {
  ffi_typed *ty = luaL_checkudata(L, 1, TYPED_MT);
  if (ffi_pushscalar(L, ty->base, &ty->v) != 0) lua_pushliteral(L, "?");
  lua_pushfstring(L, "ffi.typed(%s, %s)", ffi_base_name(ty->base), luaL_tolstring(L, -1, NULL));
  return 1;
}

/* ---- the module ---- */

static void ffi_newmeta(lua_State *L, const char *name, const luaL_Reg *mm, const luaL_Reg *methods) {
  luaL_newmetatable(L, name);
  luaL_setfuncs(L, mm, 0);
  if (methods) {
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "__index");
  }
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

static const luaL_Reg lib_meta[] = {{"__gc", lib_gc}, {"__tostring", lib_tostring}, {NULL, NULL}};
static const luaL_Reg lib_methods[] = {{"fn", lib_fn}, {NULL, NULL}};
static const luaL_Reg buf_meta[] = {{"__len", buf_len}, {"__tostring", buf_tostring}, {NULL, NULL}};
static const luaL_Reg buf_methods[] = {{"tostring", buf_tostring_method}, {NULL, NULL}};
static const luaL_Reg ptr_meta[] = {{"__tostring", ptr_tostring}, {"__eq", ptr_eq}, {NULL, NULL}};
static const luaL_Reg out_meta[] = {{"__tostring", out_tostring}, {NULL, NULL}};
static const luaL_Reg typed_meta[] = {{"__tostring", typed_tostring}, {NULL, NULL}};
static const luaL_Reg disabled_meta[] = {{"__index", ffi_refuse},
                                         {"__newindex", ffi_refuse},
                                         {"__pairs", ffi_refuse},
                                         {"__call", ffi_refuse},
                                         {"__tostring", ffi_disabled_tostring},
                                         {NULL, NULL}};

static const luaL_Reg ffi_funcs[] = {{"load", ffi_load},
                                     {"buffer", ffi_buffer},
                                     {"string", ffi_string},
                                     {"typed", ffi_typed_new},
                                     {NULL, NULL}};

int luaopen_ffi(lua_State *L) {
  if (!gz_getopts(L)->allow_ffi) {
    lua_newtable(L);
    lua_newtable(L);
    luaL_setfuncs(L, disabled_meta, 0);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    return 1;
  }
  ffi_newmeta(L, LIB_MT, lib_meta, lib_methods);
  ffi_newmeta(L, BUF_MT, buf_meta, buf_methods);
  ffi_newmeta(L, PTR_MT, ptr_meta, NULL);
  ffi_newmeta(L, OUT_MT, out_meta, NULL);
  ffi_newmeta(L, TYPED_MT, typed_meta, NULL);
  luaL_newlib(L, ffi_funcs);
  lua_newuserdatauv(L, 1, 0); /* ffi.out: the one marker for "give me this value back" */
  luaL_setmetatable(L, OUT_MT);
  lua_setfield(L, -2, "out");
  return 1;
}
