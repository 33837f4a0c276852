#!/usr/bin/env bash
# The sandbox: every escape attempt is refused with a clear error, and the host survives.
. "$(dirname "$0")/../tap.sh"

run $GAZETTE -e 'return 1 + 1'
is "$OUT" "2" "-e prints the value of the last chunk"
run $GAZETTE -e 'x = 40' -e 'return x + 2, "two"'
is "$OUT" "42
two" "-e chunks share a session; each returned value on its own line"

# Each escape: refused (nil or an error), never a shell, a file or a crash.
run $GAZETTE -e 'return os.execute'
is "$OUT" "nil" "os.execute is absent"
run $GAZETTE -e 'return os.execute("touch '"$TMP"'/pwned")'
is "$RC" 1 "calling os.execute fails (exit 1)"
like "$ERR" "\(command line\):1: attempt to call a nil value \(field 'execute'\)" "  as a call of nil"
[ ! -e "$TMP/pwned" ]; ok $? "no command ran"
run $GAZETTE -e 'return io.open("/etc/passwd")'
like "$ERR" "undefined global 'io'" "io is absent, the error names it"
run $GAZETTE -e 'return debug.getregistry()'
like "$ERR" "undefined global 'debug'" "debug is absent"
run $GAZETTE -e 'return package.loadlib("libc.so.6", "system")'
like "$ERR" "undefined global 'package'" "package.loadlib is absent"
run $GAZETTE -e 'return string.dump'
is "$OUT" "nil" "string.dump is removed"
run $GAZETTE -e 'return load("\27Lua\84\0", "x", "b")'
like "$ERR" "binary chunks are not allowed" "load refuses binary mode"
run $GAZETTE -e 'return load("\27Lua\84\0")'
like "$OUT" "attempt to load a binary chunk" "load of binary bytes in text mode fails"
run $GAZETTE -e 'return dofile'
like "$ERR" "undefined global 'dofile'" "dofile is removed"
run $GAZETTE -e 'return loadfile'
like "$ERR" "undefined global 'loadfile'" "loadfile is removed"
run $GAZETTE -e 'return require("io")'
like "$ERR" "module 'io' not found" "require cannot reach a C library"
run $GAZETTE -e 'return require("../../etc/passwd")'
like "$ERR" "module name '../../etc/passwd' is not allowed" "require refuses path traversal"
run $GAZETTE -e 'return getmetatable("")'
is "$OUT" "false" "the string metatable is hidden"
run $GAZETTE -e 'getmetatable("").__index = function() return "hijacked" end return ("x").y'
is "$RC" 1 "the string metatable cannot be hijacked"
like "$ERR" "\(command line\):1: attempt to index a boolean value" "  (getmetatable gives false, not the table)"
run $GAZETTE -e 'return collectgarbage("stop")'
like "$ERR" "not allowed" "collectgarbage is limited"

# Budgets: each stops with a message naming file and line, exit 1 (no wall-clock assertion:
# the budget message itself shows the loop was stopped by the count hook).
run $GAZETTE -e 'while true do end'
is "$RC" 1 "an infinite loop exits 1"
like "$ERR" '^gazette: \(command line\):1: instruction budget exceeded' "an infinite loop hits the instruction budget, with file and line"
run $GAZETTE --max-instructions 1000000 -e 'while true do end'
like "$ERR" "instruction budget exceeded \(1000000 instructions" "--max-instructions sets the budget"
run $GAZETTE -e 'return string.rep("x", 2^40)'
is "$RC" 1 "a huge string.rep exits 1"
like "$ERR" '\(command line\):1: memory budget exceeded' "a huge string.rep hits the memory budget, with file and line"
run $GAZETTE --max-memory 64M -e 'local t = {} for i = 1, 1e9 do t[i] = {i} end'
is "$RC" 1 "a table-growth bomb exits 1"
like "$ERR" '\(command line\):1: memory budget exceeded \(64 MiB' "a table-growth bomb hits the memory budget"
run $GAZETTE --max-memory 64M -e 'local s = "x" for i = 1, 100 do s = s .. s end'
like "$ERR" 'memory budget exceeded' "a string-doubling bomb hits the memory budget"
run $GAZETTE -e 'local function f() return f() + 1 end return f()'
like "$ERR" '\(command line\):1: stack overflow' "deep recursion is a stack overflow error"
run $GAZETTE --max-memory 64M -e 'local ok, e = pcall(string.rep, "x", 2^40)' -e 'local t = {} for i = 1, 1000 do t[i] = i end return #t'
is "$OUT" "1000" "after a budget error the host runs the next chunk"
run $GAZETTE --max-instructions 100000 -e 'while true do pcall(function() while true do end end) end'
is "$RC" 1 "pcall cannot swallow the instruction budget"
like "$ERR" "instruction budget exceeded \(100000 instructions; raise it with --max-instructions\)" "  the error is the budget"
run $GAZETTE --max-instructions 100000 -e 'while true do xpcall(function() while true do end end, print) end'
is "$RC" 1 "xpcall cannot swallow the instruction budget"
like "$ERR" "instruction budget exceeded \(100000 instructions" "  the error is the budget"
is "$OUT" "" "  the handler does not run once the budget is blown (docs/sandbox.md)"
run $GAZETTE --max-instructions 100000 -e 'while true do coroutine.resume(coroutine.create(function() while true do end end)) end'
is "$RC" 1 "coroutine.resume cannot swallow the instruction budget"
like "$ERR" "instruction budget exceeded \(100000 instructions" "  the error is the budget"
run $GAZETTE -e 'return pcall(error, "x"), select(2, pcall(error, "y", 0)), xpcall(error, function(m) return "h:" .. m end, "z")'
is "$OUT" "false
y
false
h:z" "pcall and xpcall still catch ordinary errors"

# Strict globals.
run $GAZETTE -e 'return undefined_thing'
like "$ERR" "undefined global 'undefined_thing'" "reading an undefined global names it"
mkdir -p "$TMP/pol"
printf 'total = 1\nreturn {}\n' > "$TMP/pol/leaky.lua"
run $GAZETTE --path "$TMP/pol" -e 'return require("leaky")'
like "$ERR" "leaky.lua:1: assignment to undeclared global 'total'" "a policy assigning a global is an error naming it and the line"
printf '#!/usr/bin/env gazette\nlocal a = ...\nprint("args", a, arg[2])\nerror("boom")\n' > "$TMP/s.lua"
run $GAZETTE "$TMP/s.lua" one two
is "$OUT" "args	one	two" "a script gets its arguments"
like "$ERR" "s.lua:4: boom" "a script error names file and line"
is "$RC" 1 "a script error exits 1"
run $GAZETTE --trace "$TMP/s.lua"
like "$ERR" "stack traceback" "--trace adds the traceback"
run $GAZETTE "$TMP/missing.lua"
is "$RC" 2 "a missing script exits 2"
like "$ERR" "cannot open .*missing.lua" "and names the file"
printf '\033Lua\124\000' > "$TMP/bin.lua"
run $GAZETTE "$TMP/bin.lua"
like "$ERR" "binary chunk" "a binary script file is refused"
run $GAZETTE -e 'return (' 
is "$RC" 2 "a syntax error in -e is a usage error"
like "$ERR" "\(command line\):1:" "and names the chunk and line"
run $GAZETTE --bogus
is "$RC" 2 "an unknown option exits 2"
is "$ERR" "gazette: unknown option '--bogus'; 'gazette --help' lists the options" "  naming it"
run $GAZETTE --version
like "$OUT" "^gazette [0-9]" "--version"
run $GAZETTE --help
like "$OUT" "usage: gazette" "--help"
done_testing
