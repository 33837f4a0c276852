#!/usr/bin/env bash
# require "host": listdir and readfile inside the allowed folders, refusals outside them, and
# no leak when the memory budget stops them half-way (the DIR* and the file's buffer live in
# userdata that __gc releases; under ./gazette-asan LeakSanitizer would report them).
. "$(dirname "$0")/../tap.sh"

mkdir -p "$TMP/root/many" "$TMP/root/sub"
for i in $(seq 1 5000); do : > "$TMP/root/many/file_with_a_rather_long_name_to_use_memory_$i.txt"; done
printf 'hello\n' > "$TMP/root/sub/a.txt"
head -c 700000 /dev/zero | tr '\0' x > "$TMP/root/big.txt"
G="$GAZETTE --path $TMP/root"

run $G -e "local l = require('host').listdir('$TMP/root') table.sort(l, function(a, b) return a.name < b.name end)
  local t = {} for _, e in ipairs(l) do t[#t + 1] = e.name .. (e.dir and '/' or '') end return table.concat(t, ' ')"
is "$OUT" "big.txt many/ sub/" "listdir: names, folders marked"
run $G -e "return #require('host').listdir('$TMP/root/many')"
is "$OUT" "5000" "listdir of 5000 files"
run $G -e "return require('host').readfile('$TMP/root/sub/a.txt')"
is "$OUT" "hello" "readfile: the file's bytes"
run $G -e "return require('host').readfile('/etc/hostname')"
is "$OUT" "nil
/etc/hostname: not inside stdlib/, policies/ or a --path folder" "readfile outside the roots: nil and why"
run $G -e "return require('host').listdir('$TMP/root/none')"
is "$OUT" "nil
$TMP/root/none: not inside stdlib/, policies/ or a --path folder" "listdir of a missing folder: nil and why"

# Fill the state to 80% of a 1 MiB budget (under the soft limit the hook checks; string.rep
# holds its result twice for a moment, under the hard limit of 1.25 MiB), then make a C
# function allocate past the hard limit: the listing of 5000 names (~780 KiB of tables and
# strings), or a 700,000-byte file as one string.
fill="local pad = string.rep('x', math.floor(1024 * 1024 * 0.8 - collectgarbage('count') * 1024))"
run $G --max-memory 1M -e "local h = require('host') $fill return #h.listdir('$TMP/root/many')"
is "$RC" 1 "listdir stopped by the memory budget: exit 1"
like "$ERR" "^gazette: memory budget exceeded" "  the error is the budget"
unlike "$ERR" "LeakSanitizer" "  and the open folder is closed (no leak)"
run $G --max-memory 1M -e "local h = require('host') $fill return #h.readfile('$TMP/root/big.txt')"
is "$RC" 1 "readfile stopped by the memory budget: exit 1"
like "$ERR" "^gazette: memory budget exceeded" "  the error is the budget"
unlike "$ERR" "LeakSanitizer" "  and the file's buffer is freed (no leak)"
done_testing
