#!/usr/bin/env bash
# gazette run evaluates CSV and SQLite rows in the lean mode (M:prepare{lean = true}) and JSON
# Lines and --explain in the full one: the status, amount and output columns, the summary and
# the errors are the same either way, record by record, on a population with malformed rows
# (text in an integer column, NULLs, an undeclared value) and on a measure with child lists.
. "$(dirname "$0")/../tap.sh"
D="$(cd "$(dirname "$0")/data/batch" && pwd)"
RUN=("$GAZETTE" run --path "$D")
M="$D/simple.lua"
DB="$TMP/pop.db"

# district 海淀区 when id % 3 = 1, else 朝阳区; hires = id % 11; employees = id % 700 (666 makes
# the measure raise in compute); malformed rows 17, 18, 21, 30; revenue NULL on 40.
sqlite3 "$DB" "CREATE TABLE enterprises (id INTEGER PRIMARY KEY, name TEXT, reg_district TEXT,
  employees INTEGER, chaoyang_hukou_hires INTEGER, revenue TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO enterprises SELECT i, 'E' || i, CASE i % 3 WHEN 1 THEN '海淀区' ELSE '朝阳区' END,
  i % 700, i % 11, (i * 37) % 100000 || '.50' FROM n;
UPDATE enterprises SET employees = 'abc' WHERE id = 17;
UPDATE enterprises SET reg_district = NULL WHERE id = 18;
UPDATE enterprises SET chaoyang_hukou_hires = 'many' WHERE id = 21;
UPDATE enterprises SET chaoyang_hukou_hires = NULL WHERE id = 30;
UPDATE enterprises SET revenue = '12万' WHERE id = 35;
UPDATE enterprises SET revenue = NULL WHERE id = 40;"

run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --jobs 1 --out "$TMP/lean.csv"
is "$RC" 1 "lean CSV run: exit 1 (records with errors)"
like "$OUT" "^gazette run: 2,000 records, 1 measure" "  its summary counts the records"
SUM_LEAN=$(printf '%s\n' "$OUT" | grep -v '^gazette run:\|^peak memory')
run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --jobs 1 --explain --out "$TMP/full.csv"
is "$RC" 1 "--explain CSV run: exit 1"
SUM_FULL=$(printf '%s\n' "$OUT" | grep -v '^gazette run:\|^peak memory')
is "$SUM_LEAN" "$SUM_FULL" "the summary (statuses, total, top reasons, errors) is the same with and without --explain"
# columns: record_id,measure,status,amount,subsidy,hires,[reasons,]error
is "$(cut -d, -f1-6 "$TMP/lean.csv" | md5sum)" "$(cut -d, -f1-6 "$TMP/full.csv" | md5sum)" \
  "record_id, measure, status, amount and outputs are the same with and without --explain"
is "$(awk -F, 'NR > 1 {print $NF}' "$TMP/lean.csv" | md5sum)" "$(awk -F, 'NR > 1 {print $NF}' "$TMP/full.csv" | md5sum)" \
  "the error column is the same with and without --explain"
is "$(wc -l < "$TMP/lean.csv")" 2001 "2000 records, one row each"
is "$(sed -n 9p "$TMP/lean.csv")" "8,test.simple,eligible,80000.00,80000.00,8," \
  "record 8: 30,000 + (8 − 3) × 10,000 = 80,000.00"
is "$(sed -n 19p "$TMP/lean.csv")" "18,test.simple,undetermined,,,," "record 18 (district NULL): undetermined, no amount"
is "$(sed -n 19p "$TMP/full.csv")" "18,test.simple,undetermined,,,,missing: reg_district," \
  "record 18 with --explain: missing: reg_district"
like "$(sed -n 18p "$TMP/lean.csv")" "^17,test.simple,error,,,,.*employees" "record 17 (employees 'abc'): an error naming the field"
is "$(sed -n 31p "$TMP/lean.csv")" "30,test.simple,undetermined,,,," "record 30 (hires NULL): undetermined"

# The same statuses and amounts in every format: JSON Lines (full evaluation) and SQLite (lean).
run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --jobs 1 --out "$TMP/full.jsonl"
is "$RC" 1 "JSON Lines run: exit 1"
cat > "$TMP/cols.lua" <<'LUA'
local json = require "json"
local host = require "host"
local src = assert(host.readfile(arg[1]))
for line in src:gmatch("[^\n]+") do
  local o = json.decode(line)
  local a = o.amount
  print(("%s,%s,%s"):format(o.record_id, o.status, a == json.null and "" or tostring(a)))
end
LUA
JSON_COLS=$("$GAZETTE" --path "$TMP" "$TMP/cols.lua" "$TMP/full.jsonl" 2>&1)
is "$(printf '%s\n' "$JSON_COLS" | md5sum)" "$(tail -n +2 "$TMP/lean.csv" | cut -d, -f1,3,4 | md5sum)" \
  "JSON Lines (full evaluation) and CSV (lean) give the same record_id, status and amount"
run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --jobs 2 --out "$TMP/lean.db"
is "$RC" 1 "SQLite run with --jobs 2: exit 1"
is "$(sqlite3 -csv "$TMP/lean.db" "SELECT record_id, measure, status, amount, subsidy, hires FROM results ORDER BY record_id" | md5sum)" \
  "$(tail -n +2 "$TMP/full.csv" | cut -d, -f1-6 | md5sum)" "SQLite (lean, 2 jobs) and CSV with --explain: the same rows"

# A measure with child lists.
K="$TMP/kg.db"
sqlite3 "$K" "CREATE TABLE kindergartens (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO kindergartens VALUES (1, 'A'), (2, 'B'), (3, 'C'), (4, NULL);
CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER, left_on TEXT);
INSERT INTO children (parent_id, left_on) VALUES (1, NULL), (1, NULL), (2, '2024-02-01'), (2, NULL),
  (3, '2024-13-01'), (4, NULL);"
run "${RUN[@]}" "$D/kids.lua" --db "$K" --as-of 2024-06-01 --out "$TMP/k1.csv"
run "${RUN[@]}" "$D/kids.lua" --db "$K" --as-of 2024-06-01 --explain --out "$TMP/k2.csv"
is "$(cut -d, -f1-6 "$TMP/k1.csv" | tr '\n' ' ')" "$(cut -d, -f1-6 "$TMP/k2.csv" | tr '\n' ' ')" \
  "child lists: the same rows with and without --explain"
is "$(sed -n 2p "$TMP/k1.csv")" "1,test.kids,eligible,2000.00,2000.00,2," "kindergarten 1: 2 enrolled × 1,000 = 2,000.00"
like "$(sed -n 4p "$TMP/k1.csv")" "^3,test.kids,error,.*children\[1\]\.left_on" "kindergarten 3: a bad child date names the child field"

# The measure language itself, lean against full on every case of every measure (policies/ and
# tests/measures), each case's record with every field changed, and hostile rules
# (tests/cli/data/lean_compare.lua, TAP).
run "$GAZETTE" --path tests/lua/lib --path tests/measures "$(dirname "$0")/data/lean_compare.lua"
is "$RC" 0 "lean_compare.lua: exit 0"
is "$(printf '%s\n' "$OUT" | grep -c '^not ok')" 0 "lean and full agree on every record" "$(printf '%s\n' "$OUT" | grep -A3 '^not ok' | head -20)"
like "$(printf '%s\n' "$OUT" | tail -1)" '^1\.\.[0-9]{4,}$' "lean_compare.lua: over a thousand comparisons ran"

done_testing
