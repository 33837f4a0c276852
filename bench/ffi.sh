#!/usr/bin/env bash
# bench/ffi.sh: the cost of one call through ffi (libm's pow, prepared cif), against the
# same work in Lua (x ^ y) and against a variadic call (snprintf, cif prepared per call).
cd "$(dirname "$0")/.."
./gazette --allow-ffi -e '
local N = 1000000
local m = ffi.load("libm.so.6")
local pow = m:fn("double pow(double, double)")
local c = ffi.load("libc.so.6")
local snprintf = c:fn("int snprintf(char *, size_t, const char *, ...)")
local buf = ffi.buffer(32)
local t0 = os.clock(); local s = 0
for i = 1, N do s = s + (i * 0.5) ^ 1.5 end
local lua = (os.clock() - t0) / N * 1e9
t0 = os.clock(); s = 0
for i = 1, N do s = s + pow(i * 0.5, 1.5) end
local f = (os.clock() - t0) / N * 1e9
t0 = os.clock()
for i = 1, N // 4 do snprintf(buf, 32, "%d", i) end
local v = (os.clock() - t0) / (N // 4) * 1e9
print(("ffi_lua_pow_baseline: %.1f ns/call"):format(lua))
print(("ffi_pow_call: %.1f ns/call"):format(f))
print(("ffi_pow_vs_lua: %.1f x"):format(f / lua))
print(("ffi_snprintf_variadic_call: %.1f ns/call"):format(v))
'
