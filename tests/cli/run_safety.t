#!/usr/bin/env bash
# gazette run never loses or duplicates data: --out may only create a file or replace a
# previous output of gazette run (a .db with its run table, a CSV/JSON Lines file with its
# .gzmeta); a run holds a lock on its output, so a second run on it is refused naming the
# process; --where is one SQL expression; --resume refuses a table that changed under a chunk
# already written.  The measure is the fixture tests/cli/data/batch/simple.lua.
. "$(dirname "$0")/../tap.sh"
D="$(cd "$(dirname "$0")/data/batch" && pwd)"
RUN=("$GAZETTE" run --path "$D")
M=test.simple
cd "$TMP" || exit 1
# id % 3 = 1 is 海淀区, else 朝阳区; hires = id % 11; employees under 666 (the fixture's error)
pop() {
  sqlite3 "$1" "CREATE TABLE enterprises (id INTEGER PRIMARY KEY, name TEXT, reg_district TEXT,
    employees INTEGER, chaoyang_hukou_hires INTEGER, revenue TEXT);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
  INSERT INTO enterprises SELECT i, 'E' || i, CASE i % 3 WHEN 1 THEN '海淀区' ELSE '朝阳区' END,
    i % 500, i % 11, '1.00' FROM n;"
}
pop s.db 3000
count() { sqlite3 "$1" "SELECT count(*) FROM $2"; }

# ---- --out may not replace the population, a case store or any file it did not write ----
for out in s.db ./s.db "$TMP/s.db"; do
  run "${RUN[@]}" $M --db s.db --as-of 2024-01-01 --out "$out"
  is "$RC" 2 "--db s.db --out $out: exit 2"
  like "$ERR" "^gazette run: --out $out is the population --db s.db" "  naming the file"
done
ln -s s.db link.db
run "${RUN[@]}" $M --db s.db --as-of 2024-01-01 --out link.db
is "$RC" 2 "--out a symbolic link to the population: exit 2"
is "$(count s.db enterprises)" 3000 "the population is intact"
ok "$([ ! -e s.db.gzrun ] && [ ! -e link.db.gzrun ]; echo $?)" "  and no work folder was left beside it"

"$GAZETTE" case open beijing.construction-permit --id P-1 --on 2025-09-26 --store cases.db >/dev/null 2>&1
ok "$([ -s cases.db ]; echo $?)" "fixture: a case store"
run "${RUN[@]}" $M --db s.db --as-of 2024-01-01 --out cases.db
is "$RC" 2 "--out a case store: exit 2"
like "$ERR" "^gazette run: --out cases.db exists and is not an output of gazette run" "  naming the file"
is "$(sqlite3 cases.db "SELECT count(*) FROM cases")" 1 "  the case is still there"

cp s.db other.db
run "${RUN[@]}" $M --db s.db --as-of 2024-01-01 --out other.db
is "$RC" 2 "--out another database: exit 2"
like "$ERR" "other.db exists and is not an output of gazette run \(it holds tables: enterprises\)" "  saying what it holds"
echo "id,name" > mine.csv
run "${RUN[@]}" $M --db s.db --as-of 2024-01-01 --out mine.csv
is "$RC" 2 "--out a CSV that gazette run did not write: exit 2"
like "$ERR" "mine.csv exists and is not an output of gazette run \(no mine.csv.gzmeta\)" "  saying why"
is "$(cat mine.csv)" "id,name" "  the file is untouched"

# a previous output of the same kind is replaced
for ext in csv jsonl db; do
  "${RUN[@]}" $M --db s.db --as-of 2024-01-01 --limit 10 --out "r.$ext" >/dev/null 2>&1
  run "${RUN[@]}" $M --db s.db --as-of 2024-01-01 --limit 20 --out "r.$ext"
  is "$RC" 0 "a previous .$ext output is replaced (exit 0)"
done
is "$(grep -c '' r.csv)" 21 "  with the new rows"
is "$(count r.db results)" 20 "  (.db too)"
ok "$([ -s r.csv.gzmeta ] && [ -s r.jsonl.gzmeta ]; echo $?)" "CSV and JSON Lines outputs carry their .gzmeta"

# ---- --where is one SQL expression ----
run "${RUN[@]}" $M --db s.db --as-of 2024-01-01 --where "1) ORDER BY id DESC --" --limit 3
is "$RC" 2 "--where '1) ORDER BY id DESC --': exit 2"
like "$ERR" "^gazette run: --where" "  naming --where"
is "$OUT" "" "  nothing written"
run "${RUN[@]}" $M --db s.db --as-of 2024-01-01 --where "1) ORDER BY id DESC /*" --limit 3
is "$RC" 2 "--where ending in an open comment: exit 2"
like "$ERR" "^gazette run: --where: must be one SQL expression: a '\)' closes a parenthesis it did not open" "  saying why"
run "${RUN[@]}" $M --db s.db --as-of 2024-01-01 --where "id < 3 -- a note"
is "$RC" 2 "--where with a comment: exit 2"
like "$ERR" "^gazette run: --where: must be one SQL expression, without comments \('--'\)" "  saying why"
run "${RUN[@]}" $M --db s.db --as-of 2024-01-01 --where "id IN (SELECT id FROM enterprises WHERE name IN ('E2', 'x)y') OR id = 7) AND reg_district <> '(';"
is "$RC" 2 "--where with a trailing ';': exit 2"
like "$ERR" "^gazette run: --where: must be one SQL expression, not several statements \(';'\)" "  saying why"
run "${RUN[@]}" $M --db s.db --as-of 2024-01-01 --where "id IN (SELECT id FROM enterprises WHERE name IN ('E2', 'x)y') OR id = 7) AND reg_district <> '('"
is "$RC" 0 "parentheses and quotes inside one expression are fine"
is "$(printf '%s\n' "$OUT" | cut -d, -f1 | tail -n +2 | tr '\n' ' ')" "2 7 " "  records 2 and 7"
run "${RUN[@]}" $M --db s.db --as-of 2024-01-01 --where "id > 10" --limit 2
is "$(printf '%s\n' "$OUT" | cut -d, -f1 | tail -n +2 | tr '\n' ' ')" "11 12 " "--where with --limit: the first two matching keys"

# whatif and the REPL read --where the same way
run "$GAZETTE" --path "$D" whatif $M --db s.db --as-of 2024-01-01 --set cap=5万 --where "1) ORDER BY id DESC --"
is "$RC" 2 "whatif --where '1) ORDER BY id DESC --': exit 2"
like "$ERR" "^gazette whatif: --where: must be one SQL expression" "  naming --where"
OUT=$(printf '%s\n' ".load $M" ".asof 2024-01-01" ".run --where 1) ORDER BY id DESC --" | "$GAZETTE" --path "$D" repl --db s.db 2>&1)
like "$OUT" "\.run: --where: must be one SQL expression" "REPL .run --where: refused the same way"
run "$GAZETTE" --path "$D" whatif $M --db s.db --as-of 2024-01-01 --set cap=5万 --where "id <= 8"
like "$OUT" "test.simple: 8 records" "whatif --where 'id <= 8': the first eight records"
like "$OUT" "total cost change: -40,000.00元" "  records 6 and 8 capped at 50,000: −10,000 − 30,000 = −40,000.00"

# ---- one run at a time on an output ----
pop big.db 60000
# The first run is held stopped while the others try (compiled, 60,000 records take well under a
# second: without the stop the first could end before they start, and the test would race).
"${RUN[@]}" $M --db big.db --as-of 2024-01-01 --jobs 1 --chunk-rows 2000 --no-compile --out k.db >first.out 2>first.err &
first=$!
for i in $(seq 200); do [ -e k.db.gzrun/progress ] || [ -s k.db.gzrun/out.db ] && break; sleep 0.05; done
kill -STOP $first
run "${RUN[@]}" $M --db big.db --as-of 2024-01-01 --jobs 1 --chunk-rows 2000 --out k.db --resume
is "$RC" 2 "a --resume while the run is going: exit 2"
like "$ERR" "k.db is being written by another gazette run \(process $first\)" "  naming the process that holds it"
run "${RUN[@]}" $M --db big.db --as-of 2024-01-01 --jobs 1 --chunk-rows 2000 --out k.db
is "$RC" 2 "a new run on the same output while it is going: exit 2"
like "$ERR" "process $first" "  naming the process"
kill -CONT $first
wait $first
is "$?" 0 "the first run completes (exit 0)"
is "$(count k.db results)" 60000 "  with one row per record: 60,000"
is "$(sqlite3 k.db "SELECT count(DISTINCT record_id) FROM results")" 60000 "  none repeated"

# ---- --resume after the table changed under a written chunk ----
cp big.db chg.db
# --no-compile throughout: compiled, the 60,000 records can be done before the kill (a race seen
# in CI); the reference evaluation takes seconds, and a resume keeps the run's options
"${RUN[@]}" $M --db chg.db --as-of 2024-01-01 --jobs 1 --chunk-rows 2000 --no-compile --out c.csv >/dev/null 2>&1 &
pid=$!
for i in $(seq 200); do
  c=$(sed -n 's/^chunk //p' c.csv.gzrun/progress 2>/dev/null)
  [ -n "$c" ] && [ "$c" -ge 2 ] && break
  sleep 0.05
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
ok "$([ -e c.csv.gzrun/progress ] && [ ! -e c.csv ]; echo $?)" "fixture: a run killed after chunk 3 was written"
# record 5 (in chunk 1, written): 朝阳区, 5 hires → eligible 50,000; now 海淀区 → ineligible
sqlite3 -cmd ".timeout 10000" chg.db "UPDATE enterprises SET reg_district = '海淀区' WHERE id = 5"
is "$(sqlite3 chg.db "SELECT reg_district FROM enterprises WHERE id = 5")" "海淀区" "fixture: record 5 moved to 海淀区"
run "${RUN[@]}" $M --db chg.db --as-of 2024-01-01 --jobs 1 --chunk-rows 2000 --no-compile --out c.csv --resume
is "$RC" 2 "--resume after a written record changed: exit 2"
like "$ERR" "cannot resume c.csv: table enterprises changed in chunk 1 \(records 1 to 2000 by id\)" "  naming the chunk and its records"
ok "$([ ! -e c.csv ]; echo $?)" "  and no output with the stale row"
run "${RUN[@]}" $M --db chg.db --as-of 2024-01-01 --jobs 1 --chunk-rows 2000 --no-compile --out c.csv
is "$RC" 0 "run again without --resume: exit 0"
is "$(grep '^5,' c.csv)" "5,test.simple,ineligible,0.00,0.00,," "  record 5 as the table holds it now"

done_testing
