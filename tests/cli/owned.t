#!/usr/bin/env bash
# Resources owned across Lua errors (interp/lua/owned.h): a prepared statement, an open case
# store transaction, a decoded JSON tree and the Lua state being built are released when an
# error unwinds past them, as liolib releases a FILE*. Each case makes a C function raise in
# the middle (the memory or instruction budget, a bad option) while it holds one; under
# ./gazette-asan LeakSanitizer reports what was not released (these checks failed there before
# the resources were boxed), and with either binary the error is the one message expected.
. "$(dirname "$0")/../tap.sh"

no_leak() { unlike "$ERR" "LeakSanitizer|ERROR: AddressSanitizer" "  and nothing leaks (LeakSanitizer, under ASan)"; }

# casestore: store:cases() builds a table of 2000 rows while its statement is open; the
# memory budget stops it in the middle.
cat > "$TMP/cases.lua" <<'LUA'
local casestore = require "casestore"
local db = casestore.open(":memory:")
for i = 1, 2000 do
  assert(db:create(("C-%04d"):format(i), { workflow = "w", event = "open", on = "2025-01-01", to = "open" }))
end
local keep = {}
for i = 1, 1e6 do keep[i] = db:cases() end
LUA
run $GAZETTE --max-memory 64M "$TMP/cases.lua"
is "$RC" 1 "store:cases() stopped by the memory budget while its statement is open: exit 1"
like "$ERR" "^gazette: memory budget exceeded: a block of [0-9]+ (bytes|KiB) was refused \(budget 64 MiB; raise it with --max-memory\)" \
  "  with the budget's message (the block in KiB or bytes, not '0 MiB')"
no_leak

# casestore: every event of a case, the same way (store:events).
cat > "$TMP/events.lua" <<'LUA'
local casestore = require "casestore"
local db = casestore.open(":memory:")
assert(db:create("C-1", { workflow = "w", event = "open", on = "2025-01-01", to = "open" }))
local rows = {}
for i = 1, 400 do rows[i] = { workflow = "w", event = "note", on = "2025-01-02", to = "open", note = ("n%d"):format(i) } end
for n = 0, 4 do assert(db:append("C-1", n * 400, rows)) end
local keep = {}
for i = 1, 1e6 do keep[i] = db:events("C-1") end
LUA
run $GAZETTE --max-memory 64M "$TMP/events.lua"
is "$RC" 1 "store:events() stopped by the memory budget while its statement is open: exit 1"
like "$ERR" "^gazette: memory budget exceeded" "  with the budget's message"
no_leak

# casestore: 20,000 cases verified in the store's read transaction (about 6 MiB of Lua tables
# while it walks the log), then again with the state filled to 70% of an 8 MiB budget: the
# budget stops the walk with its statement and transaction open.
cat > "$TMP/verify.lua" <<'LUA'
local casestore = require "casestore"
local db = casestore.open(":memory:")
for i = 1, 20000 do
  assert(db:create(("C-%05d"):format(i), { workflow = "w", event = "open", on = "2025-01-01", to = "open" }))
end
local ok, r = db:verify()
print(ok, r.entries, r.cases)
for i = 1, 20 do assert(db:verify()) end
collectgarbage()
local pad, n = {}, math.floor((8 * 1024 * 0.7 - collectgarbage("count")) / 1.1)
for i = 1, n do pad[i] = string.rep("x", 1000) .. i end
print(db:verify())
LUA
run $GAZETTE --max-memory 8M "$TMP/verify.lua"
is "$OUT" "true	20000	20000" "store:verify() of 20,000 cases: every entry and case, 21 times"
is "$RC" 1 "store:verify() stopped by the memory budget in its read transaction: exit 1"
like "$ERR" "^gazette: memory budget exceeded" "  with the budget's message"
no_leak

# records: an option checked after the statement is prepared ({types = 5}) raises; the
# cursor owns the statement from the moment it exists.
sqlite3 "$TMP/t.db" "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); INSERT INTO t VALUES (1, 'x');"
run $GAZETTE --path "$TMP" -e "local db = require('records').open('$TMP/t.db') for r in db:rows('t', {types = 5}) do end"
is "$RC" 1 "db:rows with {types = 5}: exit 1"
like "$ERR" "^gazette: .*records: option 'types' must be a table \{column = type\}, got number$" \
  "  naming the option and what it got (not 'bad argument #-2')"
no_leak

# records: db:tables() and db:columns() build their lists while their statement is open.
sqlite3 "$TMP/wide.db" "$(for i in $(seq 1 400); do printf 'CREATE TABLE table_with_a_long_name_%d (a, b, c, d, e, f, g, h);' "$i"; done)"
run $GAZETTE --max-memory 32M -e "local db = require('records').open('$TMP/wide.db') local keep = {}
  for i = 1, 1e6 do keep[i] = db:tables(); keep[-i] = db:columns('table_with_a_long_name_1') end"
is "$RC" 1 "db:tables() and db:columns() stopped by the memory budget: exit 1"
like "$ERR" "^gazette: .*memory budget exceeded" "  with the budget's message"
no_leak

# json: a million values decoded; the instruction budget stops the tree's conversion to Lua
# values half-way (the text and the parse fit in the budget, the values do not).
run $GAZETTE --max-instructions 2000000 -e 'local json = require "json"
local text = "[" .. string.rep("1,", 999999) .. "1]"
return #json.decode(text)'
is "$RC" 1 "json.decode of a million values stopped by the instruction budget: exit 1"
like "$ERR" "^gazette: \(command line\):3: instruction budget exceeded \(2000000 instructions; raise it with --max-instructions\)" \
  "  at the decode, with the budget's message"
no_leak
run $GAZETTE --max-instructions 20000000 -e 'return #require("json").decode("[" .. string.rep("1,", 999999) .. "1]")'
is "$OUT" "1000000" "  and with a budget that fits, the million values"

# The Lua state is built inside a protected call (state.c, as lua.c's pmain): a budget too
# small for the standard library is a message and exit 1, not an unprotected error's abort.
run $GAZETTE --max-memory 10K -e 'return 1'
is "$RC" 1 "--max-memory 10K: the state cannot be built: exit 1 (not 134, an abort)"
like "$ERR" "^gazette: memory budget exceeded: a block of [0-9]+ bytes was refused \(budget 10 KiB; raise it with --max-memory\)$" \
  "  saying which budget, in KiB"
no_leak
run $GAZETTE --max-memory 100K -e 'return 1'
is "$RC" 1 "--max-memory 100K: exit 1"
like "$ERR" "^gazette: (stdlib/[a-z_/]+\.lua:[0-9]+: )?memory budget exceeded" "  with the budget's message"
no_leak

done_testing
