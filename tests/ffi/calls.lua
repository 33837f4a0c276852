-- tests/ffi/calls.lua: every supported type through tests/ffi/testlib.c.
-- Run by tests/cli/ffi.t as: gazette --allow-ffi --path tests/lua/lib tests/ffi/calls.lua LIB
local t = require "tap"
local path = assert(arg[1], "usage: calls.lua PATH/libgzffitest.so")
local lib = ffi.load(path)
local function fn(proto) return lib:fn(proto) end

-- Integers of every width: each C function returns x + 1 (tests/ffi/testlib.c).
local widths = {
  {"int8_t t_i8(int8_t)", -128, 127},
  {"uint8_t t_u8(uint8_t)", 0, 255},
  {"int16_t t_i16(int16_t)", -32768, 32767},
  {"uint16_t t_u16(uint16_t)", 0, 65535},
  {"int32_t t_i32(int32_t)", -2147483648, 2147483647},
  {"uint32_t t_u32(uint32_t)", 0, 4294967295},
  {"int64_t t_i64(int64_t)", math.mininteger, math.maxinteger},
  {"uint64_t t_u64(uint64_t)", 0, math.maxinteger},
  {"signed char t_schar(signed char)", -128, 127},
  {"unsigned char t_uchar(unsigned char)", 0, 255},
  {"char t_char(char)", -128, 127}, -- char is signed on x86-64
  {"short t_short(short)", -32768, 32767},
  {"unsigned short t_ushort(unsigned short)", 0, 65535},
  {"int t_int(int)", -2147483648, 2147483647},
  {"unsigned t_uint(unsigned int)", 0, 4294967295},
  {"long t_long(long)", math.mininteger, math.maxinteger}, -- LP64: long is 64 bits
  {"unsigned long t_ulong(unsigned long int)", 0, math.maxinteger},
  {"long long t_llong(long long)", math.mininteger, math.maxinteger},
  {"unsigned long long t_ullong(unsigned long long)", 0, math.maxinteger},
  {"size_t t_size(size_t)", 0, math.maxinteger},
  {"ssize_t t_ssize(ssize_t)", math.mininteger, math.maxinteger},
}
for _, w in ipairs(widths) do
  local proto, lo, hi = w[1], w[2], w[3]
  local f = fn(proto)
  local name = proto:match("(t_%w+)")
  t.is(f(41), 42, name .. "(41) = 42")
  t.is(f(lo), lo + 1, ("%s(%d) = %d (the lowest value goes in whole)"):format(name, lo, lo + 1))
  if hi < math.maxinteger then
    -- hi + 1 wraps in C: the result is the type's lowest value, which proves the width.
    t.is(f(hi), lo, ("%s(%d) wraps to %d in C"):format(name, hi, lo))
    t.raises(function() f(hi + 1) end, ("%s: argument #1 (%s) %d is out of range (%d..%d)"):format(
      name, proto:match("%((.-)%)$"), hi + 1, lo, hi), name .. ": one past the top is refused")
  end
  if lo < 0 and lo > math.mininteger then
    t.raises(function() f(lo - 1) end, "is out of range", name .. ": one below the bottom is refused")
  elseif lo == 0 then
    t.raises(function() f(-1) end, ("-1 is out of range (0..%d)"):format(hi), name .. ": -1 is refused")
  end
end
t.is(fn("int64_t t_i64(int64_t)")(3.0), 4, "a float with an integer value is accepted for an integer")
t.raises(function() fn("int t_int(int)")(2.5) end, "t_int: argument #1 (int) expected an integer, got 2.5",
  "a fractional number is refused for an integer")
t.raises(function() fn("int t_int(int)")("3") end, "t_int: argument #1 (int) expected an integer, got string",
  "a numeric string is refused (no silent coercion)")
-- 2^64 - 1 has no Lua integer: an error, never a wrap to -1.
t.raises(function() fn("uint64_t t_u64_max(void)")() end,
  "t_u64_max: result 18446744073709551615 (uint64_t) does not fit a Lua integer", "a uint64 above maxinteger is an error")
t.raises(function() fn("uint64_t t_u64(uint64_t)")(math.maxinteger) end, "does not fit a Lua integer",
  "maxinteger + 1 as uint64 is refused on the way back")
t.is(fn("int8_t t_i8_minus_one()")(), -1, "an int8_t result of -1 is sign-extended")
t.is(fn("uint8_t t_u8_max()")(), 255, "a uint8_t result of 255 is not sign-extended")

-- Floating point and bool.
t.is(fn("float t_half(float)")(3), 1.5, "float: 3 / 2 = 1.5")
t.is(math.type(fn("float t_half(float)")(4)), "float", "a float result is a Lua float")
t.raises(function() fn("float t_half(float)")(1e39) end, "out of range for float", "1e39 does not fit a float")
t.is(fn("double t_scale(double x, int k)")(2.5, 4), 10.0, "double: 2.5 * 4 = 10.0")
t.raises(function() fn("double t_scale(double x, int k)")({}, 4) end,
  "t_scale: argument #1 (double) expected a number, got table", "a table for a double is named")
t.is(fn("bool t_not(bool)")(false), true, "bool in and out: !false")
t.is(fn("_Bool t_is_even(int)")(10), true, "_Bool result: 10 is even")
t.is(fn("_Bool t_is_even(int)")(7), false, "_Bool result: 7 is odd")
t.raises(function() fn("bool t_not(bool)")(0) end, "t_not: argument #1 (bool) expected a boolean, got number",
  "0 is not a boolean")

-- Strings.
local strlen = fn("size_t t_strlen(const char *s)")
t.is(strlen("gazette"), 7, "const char * in: strlen(\"gazette\") = 7")
t.is(strlen("你好"), 6, "UTF-8 bytes pass unchanged: 你好 is 6 bytes")
-- t_strlen(NULL) returns (size_t)-1 = 2^64 - 1, which no Lua integer holds.
t.raises(function() strlen(nil) end, "t_strlen: result 18446744073709551615 (size_t) does not fit a Lua integer",
  "nil passes NULL (C answers SIZE_MAX, refused on the way back)")
t.raises(function() strlen(5) end, "t_strlen: argument #1 (const char *) expected a string or nil, got number",
  "a number for const char * is refused")
local greet = fn("const char *t_greet(int)")
t.is(greet(0), "你好", "const char * out is copied into a Lua string")
t.is(greet(1), "hello", "const char * out")
t.is(greet(2), nil, "a NULL string result is nil")

-- Buffers for char *.
local buf = ffi.buffer(16)
t.is(#buf, 16, "#buffer is its size")
local fill = fn("int t_fill(char *buf, size_t n, int v)")
t.is(fill(buf, #buf, 42), 8, "the function writes into the buffer (8 = #\"value=42\")")
t.is(buf:tostring(), "value=42", "buf:tostring() reads up to the first NUL")
t.is(buf:tostring(3), "val", "buf:tostring(n) reads n bytes")
t.raises(function() buf:tostring(17) end, "longer than the buffer", "reading past the buffer is refused")
t.is(fill(nil, 0, 12345), 11, "nil passes NULL (snprintf(NULL, 0) counts)")
t.raises(function() fill("text", 5, 1) end, "expected an ffi.buffer or nil, got string",
  "a Lua string is never handed to C to write into")
local small = ffi.buffer(4)
t.is(fill(small, #small, 42), 8, "a short buffer: snprintf truncates")
t.is(small:tostring(), "val", "and the buffer holds 3 bytes and the NUL")
local upper = fn("char *t_upper(char *)")
local b2 = ffi.buffer("policy")
t.is(upper(b2), "POLICY", "char * result is copied into a Lua string")
t.is(b2:tostring(), "POLICY", "ffi.buffer(s) is a writable copy of s")
t.is(tostring(ffi.buffer(3)), "ffi.buffer(3)", "tostring of a buffer")

-- Opaque pointers.
local new = fn("struct counter *t_counter_new(int start)")
local nextv = fn("int t_counter_next(struct counter *)")
local free = fn("void t_counter_free(struct counter *)")
local c = new(10)
t.ok(tostring(c):match("^ffi%.pointer: 0x%x+$"), "a returned pointer is an ffi pointer")
t.is(nextv(c), 10, "the handle keeps its state: 10")
t.is(nextv(c), 11, "then 11")
t.is(select("#", free(c)), 0, "a void function returns nothing")
t.raises(function() nextv(5) end, "t_counter_next: argument #1 (struct counter *) expected an ffi pointer, an ffi.buffer or nil, got number",
  "a number is never an address")
local is_null = fn("bool t_is_null(const void *)")
t.is(is_null(nil), true, "nil is NULL for void *")
t.is(is_null("x"), false, "const void * accepts a string")
t.raises(function() fn("bool t_is_null(void *)")("x") end, "got string", "void * (writable) refuses a string")
local open = fn("int t_counter_open(int, struct counter **out)")
local rc, h = open(7, ffi.out)
t.is(rc, 0, "T ** out-parameter: the return value first")
t.is(nextv(h), 7, "then the pointer it set")
free(h)

-- Out-parameters (T * for a scalar T): the function returns their values after its result.
local divmod = fn("int t_divmod(int a, int b, int *q, int *r)")
local r, q, m = divmod(17, 5, ffi.out, ffi.out)
t.is(r, 0, "divmod returns 0")
t.is(q, 3, "17 / 5 = 3 through int *q")
t.is(m, 2, "17 % 5 = 2 through int *r")
local r2, q2, m2 = divmod(17, 5, ffi.out, nil)
t.ok(r2 == 0 and q2 == 3 and m2 == nil, "nil passes NULL and gives nil back in its place")
t.raises(function() divmod(17, 5, ffi.out) end, "t_divmod: expected 4 arguments, got 3", "out-parameters count as arguments")
t.raises(function() divmod(17, 5, "q", ffi.out) end, "t_divmod: argument #3 (int *) expected ffi.out",
  "a string for an out-parameter is refused")
local hi, lo = fn("void t_split(int64_t v, int32_t *hi, uint32_t *lo)")(0x123456789, ffi.out, ffi.out)
t.is(hi, 1, "int32_t *: 0x123456789 >> 32 = 1")
t.is(lo, 0x23456789, "uint32_t *: the low 32 bits")
t.is(fn("void t_bump(double *, double)")(1.5, 2), 3.5, "a number for T * is the starting value (in/out): 1.5 + 2")
t.raises(function() fn("void t_split(int64_t v, int32_t *hi, uint32_t *lo)")(1, 2^40 // 1, ffi.out) end,
  "argument #2 (int32_t *) starting value 1099511627776 is out of range", "a starting value out of range")
t.is(fn("void t_set_u64(uint64_t *, uint64_t)")(ffi.out, math.maxinteger), math.maxinteger, "uint64_t * out at maxinteger")
t.raises(function() fn("void t_u64_max_out(uint64_t *)")(ffi.out) end,
  "t_u64_max_out: out-parameter #1 (uint64_t *) is 18446744073709551615, which does not fit a Lua integer",
  "an out value above maxinteger is an error")
t.is(fn("void t_flag(bool *)")(false), true, "bool *: in/out false -> true")
local cell = ffi.buffer(4)
t.is(select("#", divmod(9, 2, cell, ffi.out)), 3, "a buffer for int * is raw memory")
t.is(cell:tostring(1), "\4", "C wrote 9 / 2 = 4 into the buffer's first byte (little-endian int)")

-- Arrays read by C (const T *).
t.is(fn("double t_sum(const double *xs, size_t n)")({1.5, 2.5, 3}, 3), 7.0, "const double *: 1.5 + 2.5 + 3 = 7")
t.is(fn("int64_t t_sum_i16(const int16_t *, int)")({30000, 30000, -1}, 3), 59999, "const int16_t *: 30000 + 30000 - 1")
t.raises(function() fn("int64_t t_sum_i16(const int16_t *, int)")({1, 40000}, 2) end,
  "t_sum_i16: argument #1 (const int16_t *) element [2] 40000 is out of range (-32768..32767)", "an element out of range names its index")
t.raises(function() fn("double t_sum(const double *xs, size_t n)")({1, "x"}, 2) end,
  "element [2] expected a number, got string", "a bad element names its index")

-- void in and out.
fn("void t_set_level(int)")(5)
t.is(fn("int t_get_level(void)")(), 5, "void function: state set by one call is seen by the next")
t.is(fn("int t_get_level()")(), 5, "() means no parameters")
t.raises(function() fn("int t_get_level(void)")(1) end, "t_get_level: expected 0 arguments, got 1", "extra arguments are refused")

-- Variadic functions.
local sum_ints = fn("int t_sum_ints(int n, ...)")
t.is(sum_ints(3, 10, 20, 30), 60, "variadic ints: 10 + 20 + 30")
t.is(sum_ints(0), 0, "no variadic arguments")
t.raises(function() sum_ints() end, "t_sum_ints: expected at least 1 argument, got 0", "the declared arguments are required")
t.raises(function() sum_ints(1, 1 << 40) end, "t_sum_ints: argument #2 (...) 1099511627776 does not fit an int",
  "an integer wider than int needs ffi.typed")
local fmt = fn("int t_format(char *, size_t, const char *, ...)")
local out = ffi.buffer(128)
fmt(out, #out, "%d|%s|%.2f|%lld|%c|%s|%u", -7, "税", 2.5, ffi.typed("long long", 1 << 40), ffi.typed("char", 65), "end",
  ffi.typed("unsigned", 4000000000))
t.is(out:tostring(), "-7|税|2.50|1099511627776|A|end|4000000000", "variadic: int, string, double, typed long long, char, unsigned")
fmt(out, #out, "%.1f %zu", ffi.typed("float", 0.5), ffi.typed("size_t", 12))
t.is(out:tostring(), "0.5 12", "a typed float is promoted to double, size_t passes at its width")
t.raises(function() fmt(out, #out, "%d", {}) end, "argument #4 (...) a table cannot be passed through '...'",
  "a table in ... is refused")
t.raises(function() ffi.typed("int", 1 << 40) end, "ffi.typed: int value 1099511627776 is out of range",
  "ffi.typed checks the range")
t.raises(function() ffi.typed("const char *", "x") end, "is not a number or bool type", "ffi.typed takes scalars only")
t.is(tostring(ffi.typed("long", 5)), "ffi.typed(int64_t, 5)", "tostring of a typed value")
t.is(fn("int t_int(int)")(ffi.typed("short", 4)), 5, "a typed value also passes as a declared argument")

-- Many arguments, past the registers: 1+..+8 = 36, 0.5 * 9 = 4.5.
t.is(fn("double t_many(int, int, int, int, int, int, int, int, double, double, double, double, double, double, double, double, double)")(
  1, 2, 3, 4, 5, 6, 7, 8, .5, .5, .5, .5, .5, .5, .5, .5, .5), 40.5, "17 arguments: 36 + 4.5 = 40.5")

-- Errors in lib:fn.
t.raises(function() fn("int t_nope(int)") end, "ffi: symbol 't_nope' not found in " .. path, "an unknown symbol names the library")
t.raises(function() fn("int t_not_a_function(void)") end, "ffi: symbol 't_not_a_function' in " .. path .. " is not a function",
  "a variable is refused as a function")
t.raises(function() fn("int strlen(const char *)") end, "is not defined by " .. path .. " (it comes from",
  "a libc function reached through the library's dependencies is refused")
t.raises(function() fn("int t_int(foo_t)") end, "unknown type 'foo_t'", "an unknown type is named")
t.raises(function() fn("struct counter t_counter_new(int)") end, "a struct or union passed by value is not supported",
  "struct by value is refused")
t.raises(function() fn("long double t_x(void)") end, "long double is not supported", "long double is refused")
t.raises(function() fn("int (*t_f)(int)") end, "function pointers are not supported", "function pointers are refused")
t.raises(function() fn("int t_int(int") end, "cannot parse C prototype \"int t_int(int\": expected ',' or ')' after a parameter at the end",
  "a missing ')' is reported at the end")
t.is(lib, ffi.load(path), "a library is opened once per session")
t.ok(tostring(lib):find("ffi.library: " .. path, 1, true), "tostring of a library names it")
t.is(ffi.string(ffi.buffer("ab\0cd"), 5), "ab\0cd", "ffi.string(buf, n) reads bytes past a NUL")
t.is(ffi.string(ffi.buffer("xyz")), "xyz", "ffi.string(buf) reads to the NUL")
local p = fn("const void *t_greet(int)")(1)
t.is(ffi.string(p), "hello", "ffi.string(pointer) reads C's string")
t.is(ffi.string(p, 4), "hell", "ffi.string(pointer, n) reads n bytes")
t.is(fn("const void *t_greet(int)")(1), p, "two pointers to the same address are equal")
t.done()
