#!/usr/bin/env bash
# Hostile scripts (issue 17, docs/sandbox.md): every way a hostile or careless script tried to
# change what another measure computes is refused with a message naming the table and key;
# every way it tried to escape the budgets ends with the budget's message and exit 1; the host
# survives, the next record is evaluated correctly, and a hostile measure run beside M1 leaves
# M1's output byte-identical.  Budgets here are small so each case ends in well under a
# second; `timeout 20` only guards against a hang (exit 124), the messages are what is asserted.
. "$(dirname "$0")/../tap.sh"
H="$(cd "$(dirname "$0")/data/hostile" && pwd)"
G=(timeout 20 "$GAZETTE")
SMALL=(--max-instructions 10000000)
M1=chaoyang.startup-jobs-subsidy

# refused DESC REGEX CHUNK: the chunk fails with exit 1 and a message matching REGEX.
refused() {
  local desc=$1 re=$2
  run "${G[@]}" "${SMALL[@]}" -e "$3"
  is "$RC" 1 "$desc: exit 1"
  like "$ERR" "$re" "$desc: the message says so"
}

# ---- the standard library and Gazette's modules are read-only ----
refused "rawset(_G, 'min', f)" "cannot rawset global 'min': the globals are read-only" \
  'rawset(_G, "min", function(a, b) return b end)'
refused "_G.min = f" "cannot assign global 'min': the globals are read-only" '_G.min = function(a, b) return b end'
refused "_G.x = 1 (a new global through _G)" "assignment to undeclared global 'x'" '_G.x = 1'
refused "string.format = f" "^gazette: \(command line\):1: cannot assign string.format: the standard library is read-only" \
  'string.format = function() return "" end'
refused "rawset(string, 'format', f)" "cannot rawset string.format: the standard library is read-only" \
  'rawset(string, "format", function() return "" end)'
refused "setmetatable(string, mt)" "cannot change the metatable of string: the standard library is read-only" \
  'setmetatable(string, { __index = function() return print end })'
refused "table.insert(string, x)" "cannot assign string\[1\]: the standard library is read-only" 'table.insert(string, "x")'
refused "sme.classify = f" "cannot assign sme.classify: the standard library is read-only" \
  'sme.classify = function() return "micro" end'
refused "require('sme').classify = f" "cannot assign sme.classify: the standard library is read-only" \
  'require("sme").classify = function() return "micro" end'
refused "require('money').yuan = f" "cannot assign money.yuan: the standard library is read-only" \
  'require("money").yuan = function() end'
refused "money.parse = f" "cannot assign money.parse: the standard library is read-only" 'money.parse = nil'
refused "a table sme.industry returns" "cannot assign sme.industries\[[0-9]+\].ceiling.X: the standard library is read-only" \
  'local _, spec = sme.industry("I6513"); spec.ceiling.X = 0'
refused "rawset on a table sme.industry returns" "cannot rawset sme.industries\[[0-9]+\].small.X" \
  'local _, spec = sme.industry("I6513"); rawset(spec.small, "X", 0)'
refused "the class of measures" "cannot assign measure.Measure.prepare: the standard library is read-only" \
  'measure.Measure.prepare = function() end'
refused "the class of measures through getmetatable" "cannot assign .*__index: the standard library is read-only" \
  'getmetatable(measure.load("'$M1'")).__index = {}'
refused "a loaded measure's rule" "cannot assign $M1\.rule.*\.check: a loaded measure is read-only" \
  'measure.load("'$M1'").rules[1].check = function() return true end'
refused "a loaded measure's parameter" "cannot assign $M1.params.cap.values\[1\].value: a loaded measure is read-only" \
  'measure.load("'$M1'").params.cap.values[1].value = yuan(1)'
refused "rawset on a loaded measure" "cannot rawset $M1.computer: a loaded measure is read-only" \
  'rawset(measure.load("'$M1'"), "computer", function() end)'
refused "setmetatable on a loaded measure" "cannot change the metatable of $M1: a loaded measure is read-only" \
  'setmetatable(measure.load("'$M1'"), nil)'
refused "the metatable of JSON arrays" "cannot assign .*__jsonarray: the standard library is read-only" \
  'getmetatable(require("json").decode("[]")).__jsonarray = nil'
refused "load without an environment" "cannot assign global 'min': the globals are read-only" 'load("min = nil")()'
refused "load with an environment holding _G" "cannot assign global 'min': the globals are read-only" \
  'load("_G.min = nil", "x", "t", { _G = _G })()'
refused "load with an environment over _G" "cannot rawset global 'min': the globals are read-only" \
  'load("rawset(_G, \"min\", nil)", "x", "t", setmetatable({}, { __index = _G }))()'
refused "load with sme in the environment" "cannot assign sme.classify: the standard library is read-only" \
  'load("sme.classify = nil", "x", "t", { sme = sme })()'
refused "setmetatable(_G, nil)" "cannot change the metatable of _G: the globals are read-only" 'setmetatable(_G, nil)'
refused "the string metatable" "attempt to index a boolean value" 'getmetatable("").__index.format = nil'

# Reading is unchanged.
run "${G[@]}" -e 'local n = 0 for k, v in pairs(string) do n = n + 1 end
  return string.format("%d", 7), n >= 15, #sme.industries, rawequal(sme, require("sme")), _G == _G._G,
    getmetatable(_G), getmetatable(measure.load("'$M1'")) == getmetatable(measure.load("'$M1'"))'
is "$OUT" "7
true
16
true
true
false
true" "scripts still read and iterate the libraries (16 industries of 300号), one view per table"
run "${G[@]}" -e 'local json, M1 = require("json"), measure.load("'$M1'")
  return json.encode(sme.industries[1].ceiling), json.encode(M1.output_names), json.encode(M1.valid.from)'
is "$OUT" '{"Y":20000}
["subsidy","size_class"]
"2021-01-01"' "JSON encodes a library's data and a loaded measure's declaration as they read (300号 农林牧渔业: 2亿元 = 20000 万元)"
run "${G[@]}" -e 'x = 1' -e 'local t = setmetatable({}, { __index = function(_, k) return k end }) return x + 1, t.y, getmetatable(t) ~= nil'
is "$OUT" "2
y
true" "a session keeps its own globals, and a script's own tables and metatables are its own"

# ---- code that never returned to the budget check ----
refused "a __gc finalizer" "setmetatable: __gc is not allowed in the sandbox" \
  'setmetatable({}, { __gc = function() while true do end end }) collectgarbage()'
refused "a __close metamethod" "setmetatable: __close is not allowed in the sandbox" \
  'local x <close> = setmetatable({}, { __close = function() while true do end end })'
run "${G[@]}" "${SMALL[@]}" -e 'local co = coroutine.create(function()
     local x <close> = setmetatable({}, { __close = function() while true do end end })
     coroutine.yield()
   end)
   return coroutine.resume(co), coroutine.close(co)'
like "$OUT" "__close is not allowed in the sandbox" "a __close in a coroutine closed by coroutine.close: refused when it is set"
is "$RC" 0 "and nothing hangs"
refused "an xpcall handler that loops after the budget is blown" "instruction budget exceeded" \
  'xpcall(function() while true do end end, function() while true do end end)'
refused "an xpcall handler that loops after an ordinary error" "instruction budget exceeded" \
  'xpcall(error, function() while true do end end, "x")'
refused "an xpcall handler that replaces the budget message" "instruction budget exceeded" \
  'return xpcall(function() while true do end end, function() return "all fine" end)'
unlike "$OUT" "all fine" "the handler's message is not returned"
refused "pcall in a loop" "instruction budget exceeded" 'while true do pcall(function() while true do end end) end'
refused "nested coroutines, each under pcall" "instruction budget exceeded" \
  'coroutine.wrap(function()
     pcall(coroutine.wrap(function() pcall(coroutine.wrap(function() while true do end end)) end))
   end)()'
refused "coroutine.resume in a coroutine" "instruction budget exceeded" \
  'local ok, e = coroutine.resume(coroutine.create(function()
     return coroutine.resume(coroutine.create(function() while true do end end))
   end))
   return ok, e'
refused "coroutine.close of a coroutine killed by the budget" "instruction budget exceeded" \
  'local co = coroutine.create(function() while true do end end)
   pcall(coroutine.resume, co)
   return coroutine.close(co)'
refused "an error object whose __tostring loops" "instruction budget exceeded" \
  'error(setmetatable({}, { __tostring = function() while true do end end }))'
refused "an error object whose __index and __tostring loop, caught and shown" "instruction budget exceeded" \
  'local ok, e = pcall(error, setmetatable({}, { __index = function() while true do end end,
     __tostring = function() while true do end end }))
   return e.message'

# ---- work inside C functions counts ----
refused "a catastrophic pattern (string.find)" "^gazette: \(command line\):1: instruction budget exceeded" \
  'return string.find(("a"):rep(5000), ".-.-.-b")'
refused "a catastrophic pattern (string.match)" "instruction budget exceeded" 'return ("a"):rep(5000):match(".-.-.-b")'
refused "a catastrophic pattern (gmatch)" "instruction budget exceeded" 'for _ in ("a"):rep(5000):gmatch(".-.-.-b") do end'
refused "a catastrophic pattern (gsub)" "instruction budget exceeded" 'return ("a"):rep(5000):gsub(".-.-.-b", "")'
refused "a plain find of a near miss" "instruction budget exceeded" \
  'return string.find(("a"):rep(1e6), ("a"):rep(1e4) .. "b", 1, true)'
refused "string.gsub with a function that loops" "instruction budget exceeded" \
  'return ("abc"):gsub(".", function() while true do end end)'
refused 'string.rep("", 1e15)' "instruction budget exceeded" 'return string.rep("", 1e15)'
refused "table.move over 10^15 slots" "instruction budget exceeded" 'return table.move({}, 1, 1e15, 1)'
refused "table.concat over 10^12 slots read through a C __index" "instruction budget exceeded" \
  'return table.concat(setmetatable({}, { __index = tostring }), "", 1, 1e12)'
refused "table.insert at the front, again and again" "instruction budget exceeded" \
  'local t = {} for i = 1, 1e5 do t[i] = i end for i = 1, 1e9 do table.insert(t, 1, i) end'
refused "table.unpack, again and again" "instruction budget exceeded" 'for i = 1, 1e9 do table.unpack({}, 1, 1e5) end'
refused "table.sort, again and again" "instruction budget exceeded" \
  'local t = {} for i = 1, 2e5 do t[i] = -i end for i = 1, 1e9 do table.sort(t) end'
refused "quadratic string building" "instruction budget exceeded" 'local s = "" for i = 1, 1e9 do s = s .. "x" end'
refused "parsing a long money text, again and again" "instruction budget exceeded" \
  'local s = (" "):rep(1e6) .. "1" for i = 1, 1e9 do money.parse(s) end'
refused "decoding a long JSON text, again and again" "instruction budget exceeded" \
  'local json, s = require("json"), (" "):rep(1e6) .. "1" for i = 1, 1e9 do json.decode(s) end'
run "${G[@]}" --max-memory 32M -e 'local s = "[" .. ("1,"):rep(5e6) .. "1]" return #require("json").decode(s)'
is "$RC" 1 "JSON of five million tiny values: exit 1"
like "$ERR" "memory budget exceeded: decoding 10000003 bytes of JSON needs more than the [0-9]+ MiB left" \
  "the decoder's own memory counts against the budget"
refused "a full collection, again and again" "instruction budget exceeded" \
  'local t = {} for i = 1, 2e5 do t[i] = {} end for i = 1, 1e9 do collectgarbage() end'

# ---- default budgets fail fast ----
run "${G[@]}" -e 'local t = {} for i = 1, 1e9 do t[i] = {i} end'
is "$RC" 1 "the table-growth bomb at the default budgets: exit 1"
like "$ERR" "memory budget exceeded \(256 MiB" "the table-growth bomb hits the default memory budget (256 MiB)"
# (64M: the same path in a quarter of the time, so that a loaded machine under ASan does not
# reach the 20 s guard; docs/sandbox.md gives the times at the default.)
run "${G[@]}" --max-memory 64M -e 'local t = {} for i = 1, 1e9 do t[#t + 1] = ("x"):rep(100) .. i end'
like "$ERR" "memory budget exceeded \(64 MiB" "the string-building bomb: garbage collected, then the budget stops it"
run "${G[@]}" --max-memory 64M -e 'local t, i = {}, 0 while true do i = i + 1 t["k" .. i] = {} end'
like "$ERR" "memory budget exceeded" "the hash-growth bomb hits the memory budget"
run "${G[@]}" -e 'local s = "x" for i = 1, 100 do s = s .. s end'
like "$ERR" "memory budget exceeded" "the string-doubling bomb hits the default memory budget"

# ---- wall clock and Ctrl-C ----
run "${G[@]}" --max-instructions 0 --max-seconds 1 -e 'while true do end'
is "$RC" 1 "--max-seconds 1 stops an endless loop (no instruction budget): exit 1"
like "$ERR" "\(command line\):1: time budget exceeded \(1 s; raise it with --max-seconds\)" "with the time budget's message"
run "${G[@]}" --max-instructions 0 --max-seconds 1 -e 'return string.find(("a"):rep(5000), ".-.-.-b")'
like "$ERR" "time budget exceeded" "--max-seconds stops a catastrophic pattern inside the matcher"

# interrupt CMD...: runs CMD in the background, sends it SIGINT after a second, waits; sets RC,
# OUT, ERR and WAITED (seconds between the signal and the end). GNU timeout passes the SIGINT
# on to CMD, and kills it if it is still there after 20 s.
interrupt() {
  timeout -s KILL 20 "$@" >"$TMP/int.out" 2>"$TMP/int.err" &
  local pid=$!
  sleep 1
  local t0=$SECONDS
  kill -INT "$pid"
  wait "$pid"; RC=$?
  WAITED=$((SECONDS - t0))
  OUT=$(cat "$TMP/int.out"); ERR=$(cat "$TMP/int.err")
}
interrupt "$GAZETTE" --max-instructions 0 -e 'while true do end'
is "$RC" 1 "SIGINT stops an endless loop: exit 1"
like "$ERR" "interrupted" "and says it was interrupted"
ok $((WAITED > 10)) "and ends soon after the signal, not at the 20 s guard"
interrupt "$GAZETTE" --max-instructions 0 -e 'return string.find(("a"):rep(5000), ".-.-.-b")'
is "$RC" 1 "SIGINT stops a catastrophic pattern inside the matcher: exit 1"
like "$ERR" "interrupted" "and says it was interrupted"
interrupt "$GAZETTE" gen --enterprises 5000000 --seed 1 --out "$TMP/big.db" --quiet
is "$RC" 1 "SIGINT ends a command that runs no Lua (gen): exit 1"
like "$ERR" "interrupted" "and says so"
ok $((WAITED > 10)) "at once"
rm -f "$TMP"/big.db*
sqlite3 "$TMP/q.db" "CREATE TABLE t (x);"
interrupt "$GAZETTE" --max-instructions 0 --path "$TMP" -e 'local db = require("records").open("'"$TMP"'/q.db")
  return db:count("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n")'
is "$RC" 1 "SIGINT stops an endless SQL query: exit 1"
like "$ERR" "interrupted" "and says it was interrupted"
run "${G[@]}" "${SMALL[@]}" --path "$TMP" -e 'local db = require("records").open("'"$TMP"'/q.db")
  return db:count("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n")'
like "$ERR" "instruction budget exceeded" "an endless SQL query counts against the instruction budget"

# ---- file creation is confined to the folders the user named ----
mkdir -p "$TMP/elsewhere" "$TMP/allowed"
refused "records.open creating a file outside the named folders" \
  "records.open: cannot create or write $TMP/elsewhere/new.db: scripts may write only in " \
  'return require("records").open("'"$TMP"'/elsewhere/new.db", { create = true })'
[ ! -e "$TMP/elsewhere/new.db" ]; ok $? "and no file was created"
refused "cases.store creating a file outside the named folders" \
  "cannot create or write $TMP/elsewhere/cases.db: scripts may write only in " \
  'return cases.store("'"$TMP"'/elsewhere/cases.db")'
[ ! -e "$TMP/elsewhere/cases.db" ]; ok $? "and no case store was created"
refused "records.open writing an existing file outside the named folders" \
  "records.open: cannot create or write $TMP/q.db" 'return require("records").open("'"$TMP"'/q.db", { readonly = false })'
ln -s "$TMP/elsewhere" "$TMP/allowed/link"
run "${G[@]}" --allow-write "$TMP/allowed" -e 'return require("records").open("'"$TMP"'/allowed/link/new.db", { create = true })'
like "$ERR" "cannot create or write" "a symlink out of an allowed folder is refused"
run "${G[@]}" --allow-write "$TMP/allowed" -e 'return require("records").open("'"$TMP"'/allowed/../elsewhere/new.db", { create = true })'
like "$ERR" "cannot create or write" "a path that climbs out of an allowed folder is refused"
run "${G[@]}" --allow-write "$TMP/allowed" -e 'local db = require("records").open("'"$TMP"'/allowed/new.db", { create = true })
  db:exec("CREATE TABLE t (x)") return tostring(db)'
is "$RC" 0 "--allow-write DIR lets a script create a database in DIR"
[ -s "$TMP/allowed/new.db" ]; ok $? "and the file exists"
run "${G[@]}" --path "$TMP/allowed" -e 'return tostring(cases.store("'"$TMP"'/allowed/cases.db"))'
is "$RC" 0 "a --path folder is writable too"

# ---- batch: the host survives each attack and evaluates the next record correctly ----
DB="$TMP/attacks.db"
sqlite3 "$DB" "CREATE TABLE enterprises (id INTEGER PRIMARY KEY, attack TEXT, employees INTEGER);
INSERT INTO enterprises (attack, employees) VALUES
  (NULL, 1), ('loop', 2), (NULL, 3), ('pattern', 4), (NULL, 5), ('plain_find', 6), (NULL, 7),
  ('gsub_function', 8), (NULL, 9), ('xpcall_handler', 10), (NULL, 11), ('xpcall_swallow', 12), (NULL, 13),
  ('pcall_loop', 14), (NULL, 15), ('coroutines', 16), (NULL, 17), ('error_tostring', 18), (NULL, 19),
  ('error_index', 20), (NULL, 21), ('rep_empty', 22), (NULL, 23), ('table_move', 24), (NULL, 25),
  ('table_concat', 26), (NULL, 27), ('concat_quadratic', 28), (NULL, 29), ('gc', 30), (NULL, 31);"
run "${G[@]}" run --path "$H" test.attacks --db "$DB" --as-of 2024-01-01 --jobs 1 --max-record-instructions 1000000
is "$RC" 1 "a batch with hostile records exits 1 (records with errors)"
like "$ERR" "error +15" "summary: the 15 attacks are errors"
like "$ERR" "eligible +16" "summary: the 16 other records are eligible"
for id in 2 4 6 8 10 12 14 16 18 20 22 24 26 28; do
  row=$(printf '%s\n' "$OUT" | grep "^$id,")
  like "$row" "^$id,test.attacks,error,,,.*instruction budget exceeded \(1000000 instructions per record; raise it with --max-record-instructions\)" \
    "record $id ($(sqlite3 "$DB" "SELECT attack FROM enterprises WHERE id = $id")): the per-record budget's message"
  next=$((id + 1))
  is "$(printf '%s\n' "$OUT" | grep "^$next,")" "$next,test.attacks,eligible,,$((2 * next))," \
    "record $next after it: eligible, value 2 × $next = $((2 * next))"
done
like "$(printf '%s\n' "$OUT" | grep '^30,')" "^30,test.attacks,error,.*__gc is not allowed" "record 30: the __gc metatable is refused"
is "$(printf '%s\n' "$OUT" | grep '^31,')" "31,test.attacks,eligible,,62," "record 31 after it: value 62"
unlike "$OUT" "all fine" "no handler's message replaced the budget's"

run "${G[@]}" run --path "$H" test.attacks --db "$DB" --as-of 2024-01-01 --jobs 1 --where "id <= 3"
like "$(printf '%s\n' "$OUT" | grep '^2,')" "instruction budget exceeded \(100000000 instructions per record" \
  "the default per-record budget is 10^8 instructions, separate from --max-instructions"
is "$(printf '%s\n' "$OUT" | grep '^3,')" "3,test.attacks,eligible,,6," "and the next record is evaluated"

run "${G[@]}" run --path "$H" test.attacks --db "$DB" --as-of 2024-01-01 --jobs 1 --where "id <= 5" \
  --max-record-instructions 0 --max-seconds 1
like "$(printf '%s\n' "$OUT" | grep '^2,')" "^2,test.attacks,error,.*time budget exceeded \(1 s per record; raise it with --max-seconds\)" \
  "--max-seconds 1: the endless loop ends with status error and the time budget's message"
like "$(printf '%s\n' "$OUT" | grep '^4,')" "^4,test.attacks,error,.*time budget exceeded" \
  "--max-seconds 1: the catastrophic pattern too"
is "$(printf '%s\n' "$OUT" | grep '^5,')" "5,test.attacks,eligible,,10," "and the run goes on"

run "${G[@]}" lint --path "$H" "$H/mischief.lua"
is "$RC" 1 "lint finds the hostile measure's writes to the libraries"
like "$OUT" "mischief.lua:[0-9]+: assigns sme.classify: the standard library and the globals are read-only" "  sme.classify = f"
like "$OUT" "mischief.lua:[0-9]+: rawset\(_G, ...\): the standard library and the globals are read-only" "  rawset(_G, ...)"
like "$OUT" "mischief.lua:[0-9]+: setmetatable\(sme, ...\)" "  setmetatable(sme, ...)"

# ---- batch: one measure's mischief changes nothing in another's output ----
POP="$TMP/pop.db"
"$GAZETTE" gen --enterprises 2000 --seed 3 --out "$POP" --quiet
run "${G[@]}" run "$M1" --db "$POP" --as-of 2023-06-01 --jobs 2 --out "$TMP/alone.jsonl"
is "$RC" 0 "M1 alone over 2,000 enterprises"
run "${G[@]}" run --path "$H" test.mischief "$M1" --db "$POP" --as-of 2023-06-01 --jobs 2 --out "$TMP/both.jsonl"
is "$RC" 0 "the hostile measure beside M1: exit 0 (every attempt refused, nothing broken)"
grep '"measure":"chaoyang.startup-jobs-subsidy"' "$TMP/both.jsonl" > "$TMP/both-m1.jsonl"
cmp -s "$TMP/alone.jsonl" "$TMP/both-m1.jsonl"
ok $? "M1's 2,000 lines beside the hostile measure are byte-identical to M1 alone"
is "$(grep -c '"status":"eligible"' "$TMP/alone.jsonl")" "$(grep -c '"status":"eligible"' "$TMP/both-m1.jsonl")" \
  "the same number of eligible enterprises"
is "$(grep '"measure":"test.mischief"' "$TMP/both.jsonl" | grep -vc '"escapes":0,')" 0 \
  "the hostile measure's own rows: no attempt escaped, for any record"
like "$(grep -m1 '"measure":"test.mischief"' "$TMP/both.jsonl")" '"refused":[0-9]+' "and it counted its refused attempts"
run "${G[@]}" run --path "$H" "$M1" test.mischief --db "$POP" --as-of 2023-06-01 --jobs 1 --out "$TMP/both2.csv"
run "${G[@]}" run "$M1" --db "$POP" --as-of 2023-06-01 --jobs 1 --out "$TMP/alone2.csv"
is "$(grep ',chaoyang.startup-jobs-subsidy,' "$TMP/both2.csv" | cut -d, -f1-6 | md5sum)" \
  "$(tail -n +2 "$TMP/alone2.csv" | cut -d, -f1-6 | md5sum)" "CSV, M1 listed first: M1's columns identical too"

# ---- batch: Ctrl-C ends the run with exit 1, and --resume finishes it ----
SLOW="$TMP/slow.db"
sqlite3 "$SLOW" "CREATE TABLE enterprises (id INTEGER PRIMARY KEY, employees INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
INSERT INTO enterprises SELECT i, 2000 + i % 100 FROM n;"
# SIGINT once the first chunk is in (the whole run takes about a second on a quiet machine: a
# fixed second's wait could miss it)
timeout -s KILL 20 "$GAZETTE" run --path "$H" test.slow --db "$SLOW" --as-of 2024-01-01 --jobs 2 --chunk-rows 100 \
  --out "$TMP/slow.csv" >"$TMP/int.out" 2>"$TMP/int.err" &
pid=$!
for i in $(seq 1000); do [ -e "$TMP/slow.csv.gzrun/progress" ] && break; sleep 0.01; done
t0=$SECONDS
kill -INT "$pid"
wait "$pid"; RC=$?
WAITED=$((SECONDS - t0))
ERR=$(cat "$TMP/int.err")
is "$RC" 1 "SIGINT stops a batch run: exit 1"
like "$ERR" "interrupted.*continue it with --resume" "and says how to continue it"
ok $((WAITED > 10)) "soon after the signal"
run "${G[@]}" run --path "$H" test.slow --db "$SLOW" --as-of 2024-01-01 --jobs 2 --chunk-rows 100 --out "$TMP/slow.csv" --resume
is "$RC" 0 "--resume finishes the interrupted run"
sqlite3 "$SLOW" "SELECT 'record_id,measure,status,amount,value,error';
SELECT id || ',test.slow,eligible,,' || (employees * (employees + 1) / 2) || ',' FROM enterprises ORDER BY id;" > "$TMP/slow-expected.csv"
cmp -s "$TMP/slow.csv" "$TMP/slow-expected.csv"
ok $? "the resumed output has every record once, with value = n(n + 1)/2"

done_testing
