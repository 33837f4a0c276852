#!/usr/bin/env bash
# ffi: off by default, allow-listed, and calls of every supported type (tests/ffi/calls.lua
# against build/rel/libgzffitest.so, built from tests/ffi/testlib.c by the Makefile).
. "$(dirname "$0")/../tap.sh"
LIB=${GZ_FFI_TESTLIB:-$PWD/build/rel/libgzffitest.so}
DISABLED='ffi is disabled: run gazette with --allow-ffi (or --allow-ffi=libm.so.6) to let scripts call C libraries'

# The acceptance line of issue 10: 2^10 = 1024, printed as a Lua float.
run $GAZETTE --allow-ffi -e 'local m = ffi.load("libm.so.6"); return m:fn("double pow(double, double)")(2, 10)'
is "$OUT" "1024.0" "pow(2, 10) from libm prints 1024.0"
is "$RC" 0 "and exits 0"
run $GAZETTE --allow-ffi=libm.so.6 -e 'return ffi.load("libm.so.6"):fn("double sqrt(double)")(2.25)'
is "$OUT" "1.5" "an allow-listed library loads: sqrt(2.25) = 1.5"

# Off by default: every use is refused with the message that says how to turn it on.
for chunk in 'return ffi.load("libm.so.6")' 'return ffi.buffer(4)' 'return ffi.out' 'return ffi.typed("int", 1)' \
             'return ffi.string' 'ffi.load = print' 'for k in pairs(ffi) do end' 'return require("ffi").load'; do
  run $GAZETTE -e "$chunk"
  is "$ERR" "gazette: (command line):1: $DISABLED" "without --allow-ffi: $chunk is refused"
  is "$RC" 1 "  and exits 1"
done
run $GAZETTE -e 'return type(ffi)'
is "$OUT" "table" "the ffi global exists while disabled (so the error can say why)"
run $GAZETTE --path tests/lua/lib tests/ffi/calls.lua "$LIB"
is "$ERR" "gazette: tests/ffi/calls.lua:5: $DISABLED" "the test script itself is refused without --allow-ffi"

# The allow-list.
run $GAZETTE --allow-ffi=libm.so.6 -e 'return ffi.load("libc.so.6")'
like "$ERR" "ffi.load: library 'libc.so.6' is not allowed: --allow-ffi=libm.so.6 lists the libraries scripts may load" \
  "--allow-ffi=libm.so.6 refuses libc"
run $GAZETTE --allow-ffi=libm.so.6 -e "return ffi.load('$LIB')"
like "$ERR" "library '.*libgzffitest.so' is not allowed" "--allow-ffi=libm.so.6 refuses the test library by path"
run $GAZETTE --allow-ffi=libm.so.6,libgzffitest.so -e "return ffi.load('$LIB'):fn('int t_int(int)')(1)"
is "$OUT" "2" "a comma-separated list; a bare name allows that file name"
run $GAZETTE "--allow-ffi=$LIB" -e "return ffi.load('$LIB'):fn('int t_int(int)')(1)"
is "$OUT" "2" "an entry with a '/' pins one file"
mkdir -p "$TMP/other" && cp "$LIB" "$TMP/other/libgzffitest.so"
run $GAZETTE "--allow-ffi=$LIB" -e "return ffi.load('$TMP/other/libgzffitest.so')"
like "$ERR" "is not allowed" "a pinned path refuses another file of the same name"
run $GAZETTE --allow-ffi=libm.so.6 -e 'return ffi.load("libm.so.6"):fn("int system(const char *)")'
like "$ERR" "symbol 'system' is not defined by libm.so.6 \(it comes from .*libc.so.6" \
  "libm's dependency libc cannot be reached through libm"
run $GAZETTE --allow-ffi= -e 'return ffi.load("libm.so.6")'
like "$ERR" "library 'libm.so.6' is not allowed" "--allow-ffi= (empty) allows no library"

# Errors name the library, the symbol, the prototype and the argument.
run $GAZETTE --allow-ffi -e 'return ffi.load("libnope.so.9")'
like "$ERR" "ffi.load: cannot load library 'libnope.so.9': libnope.so.9: cannot open shared object file" \
  "an unknown library is named with dlerror's reason"
is "$RC" 1 "  and exits 1"
run $GAZETTE --allow-ffi -e 'return ffi.load("libm.so.6"):fn("double powr(double, double)")'
like "$ERR" "ffi: symbol 'powr' not found in libm.so.6" "an unknown symbol is named"
run $GAZETTE --allow-ffi -e 'return ffi.load("libm.so.6"):fn("double pow(double,, double)")'
like "$ERR" "ffi: cannot parse C prototype \"double pow\(double,, double\)\": expected a parameter type at column 19 \(','\)" \
  "a prototype that does not parse is quoted, with the column of the bad token"
run $GAZETTE --allow-ffi -e 'return ffi.load("libm.so.6"):fn("double pow(double, double)")(2, "ten")'
is "$ERR" "gazette: (command line):1: pow: argument #2 (double) expected a number, got string" \
  "a wrong argument type names the function, the argument and its C type"
run $GAZETTE --allow-ffi -e 'return ffi.load("libm.so.6"):fn("double pow(double, double)")(2)'
is "$ERR" "gazette: (command line):1: pow: expected 2 arguments, got 1" "a wrong argument count"
run $GAZETTE --allow-ffi -e 'return ffi.load("libm.so.6"):fn("int ilogb(double)")(ffi.typed("double", 8))'
is "$OUT" "3" "ilogb(8) = 3 (a typed double passes as a double)"

# Every supported type through the test library.
if [ ! -f "$LIB" ]; then
  _tap_result 1 "the test library exists" "build it with: make build/rel/libgzffitest.so"
else
  "$GAZETTE" --allow-ffi --path tests/lua/lib tests/ffi/calls.lua "$LIB" >"$TMP/calls.out" 2>"$TMP/calls.err"
  rc=$?
  while IFS= read -r line; do
    case "$line" in
      "ok "*) _tap_result 0 "calls.lua: ${line#ok * - }" ;;
      "not ok "*) _tap_result 1 "calls.lua: ${line#not ok * - }" ;;
      "#"*) echo "$line" ;;
    esac
  done <"$TMP/calls.out"
  ok $rc "tests/ffi/calls.lua ran to the end (exit 0)" 
  [ $rc = 0 ] || sed 's/^/#   /' "$TMP/calls.err"
fi
done_testing
