#!/usr/bin/env bash
# gazette run and gazette merge: outputs (CSV, JSON Lines, SQLite), --where/--limit, errors per
# record, --jobs 1 and 2 byte-identical, kill -9 then --resume identical, --shard then merge
# identical, child lists, bad input.  The measures are test fixtures in tests/cli/data/batch/.
. "$(dirname "$0")/../tap.sh"
D="$(cd "$(dirname "$0")/data/batch" && pwd)"
RUN=("$GAZETTE" run --path "$D")
M="$D/simple.lua"
DB="$TMP/pop.db"

# A population: district alternates 海淀区 (id % 3 = 1) and 朝阳区; hires = id % 11;
# employees = id % 700 (666 makes the measure raise); a few malformed rows.
sqlite3 "$DB" "CREATE TABLE enterprises (id INTEGER PRIMARY KEY, name TEXT, reg_district TEXT,
  employees INTEGER, chaoyang_hukou_hires INTEGER, revenue TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO enterprises SELECT i, 'E' || i, CASE i % 3 WHEN 1 THEN '海淀区' ELSE '朝阳区' END,
  i % 700, i % 11, (i * 37) % 100000 || '.50' FROM n;
UPDATE enterprises SET employees = 'abc' WHERE id = 17;
UPDATE enterprises SET reg_district = NULL WHERE id = 18;
UPDATE enterprises SET name = 'a,\"b' || char(10) || 'c' WHERE id = 5;
UPDATE enterprises SET reg_district = CAST(X'E69C9DFF' AS TEXT) WHERE id = 20;
UPDATE enterprises SET chaoyang_hukou_hires = 'many' WHERE id = 21;"

# ---- CSV ----
run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --limit 8 --explain
is "$RC" 0 "a clean run exits 0"
is "$(printf '%s\n' "$OUT" | head -1)" "record_id,measure,status,amount,subsidy,hires,reasons,error" \
  "CSV header: record_id,measure,status,amount, the outputs, reasons (--explain), error"
is "$(printf '%s\n' "$OUT" | sed -n 2p)" \
  "1,test.simple,ineligible,0.00,0.00,,district [五（二）] 注册地在朝阳区; hires [五（二）] 吸纳本区户籍劳动力3人以上 (1 is not ≥ 3 (以上))," \
  "record 1 (海淀区, 1 hire): ineligible, amount 0.00, both failed rules with their clause"
is "$(printf '%s\n' "$OUT" | sed -n 9p)" "8,test.simple,eligible,80000.00,80000.00,8,," \
  "record 8: 30,000 + (8 − 3) × 10,000 = 80,000.00"
is "$(printf '%s\n' "$OUT" | wc -l)" 9 "--limit 8: eight rows"
like "$ERR" "eligible +4" "summary: 4 eligible (records 3, 5, 6, 8)"
like "$ERR" "total amount   220,000.00元" "summary: 30,000 + 50,000 + 60,000 + 80,000 = 220,000.00"
like "$ERR" "3  district \[五（二）\] 注册地在朝阳区" "summary: top reason with its clause (records 1, 4, 7)"

run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --where "reg_district = '海淀区'" --limit 3
is "$(printf '%s\n' "$OUT" | cut -d, -f1 | tail -n +2 | tr '\n' ' ')" "1 4 7 " "--where with --limit: the first 3 matching keys"
run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --limit 0
is "$OUT" "record_id,measure,status,amount,subsidy,hires,error" "--limit 0: the header only"

# ---- errors per record, malformed rows ----
run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --limit 30 --out "$TMP/e.csv"
is "$RC" 1 "records with errors: exit 1"
is "$(grep -c '' "$TMP/e.csv")" 31 "every record has its row"
is "$(grep '^17,' "$TMP/e.csv")" "17,test.simple,error,,,,input 'employees': cannot read 'abc' as an integer" \
  "text in an integer column: status error naming the field"
is "$(grep '^18,' "$TMP/e.csv")" "18,test.simple,undetermined,,,," "NULL district: undetermined"
is "$(grep '^20,' "$TMP/e.csv")" "20,test.simple,ineligible,0.00,0.00,," "invalid UTF-8 district: evaluated (not 朝阳区)"
like "$(grep '^21,' "$TMP/e.csv")" "^21,test.simple,error,.*chaoyang_hukou_hires" "text in a count column names the field"
is "$(grep '^26,' "$TMP/e.csv")" "26,test.simple,eligible,40000.00,40000.00,4," "the rows around them are fine: record 26 (朝阳区, 4 hires) 30,000 + 1 × 10,000 = 40,000"
like "$OUT" "errors: 2" "summary counts the errors"
like "$OUT" "record 17, test.simple: input .employees.: cannot read .abc." "and names the record and field"
run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --where "id BETWEEN 660 AND 670"
like "$(printf '%s\n' "$OUT" | grep '^666,')" "^666,test.simple,error,.*simulated script error" "a script error: status error with its message"
is "$(printf '%s\n' "$OUT" | grep -c ',error,')" 1 "only that record"
like "$ERR$OUT" "record 666, test.simple: [^t]" "the summary names the record and the measure once (not 'test.simple: test.simple:')"

# ---- JSON Lines ----
run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --limit 20 --out "$TMP/a.jsonl"
is "$(sed -n 3p "$TMP/a.jsonl")" '{"record_id":3,"measure":"test.simple","as_of":"2024-01-01","status":"eligible","amount":"30000.00","outputs":{"subsidy":"30000.00","hires":3},"reasons":[{"rule":"district","clause":"五（二）","result":true,"text":"注册地在朝阳区"},{"rule":"hires","clause":"五（二）","result":true,"text":"吸纳本区户籍劳动力3人以上","detail":"3 ≥ 3 (以上)"}],"missing":[],"interpretations":{}}' \
  "JSON Lines: the contract-7 object with record_id first"
is "$(sed -n 17p "$TMP/a.jsonl")" "{\"record_id\":17,\"measure\":\"test.simple\",\"status\":\"error\",\"amount\":null,\"error\":\"input 'employees': cannot read 'abc' as an integer\"}" \
  "an error line"
is "$(grep -c '' "$TMP/a.jsonl")" 20 "one line per record"
like "$OUT" "^gazette run: 20 records" "the summary goes to stdout when --out is a file"

# ---- SQLite ----
run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --limit 20 --out "$TMP/a.db" --explain
is "$(sqlite3 "$TMP/a.db" "SELECT record_id, status, amount, subsidy, hires FROM results WHERE record_id = 8")" \
  "8|eligible|80000.00|80000.00|8" "SQLite: table results"
is "$(sqlite3 "$TMP/a.db" "SELECT count(*), typeof(record_id), typeof(hires) FROM results WHERE record_id = 8")" \
  "1|integer|integer" "record_id and integer outputs are INTEGER; money stays exact text"
is "$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM results")" 20 "one row per record"
like "$(sqlite3 "$TMP/a.db" "SELECT value FROM run WHERE key = 'signature'")" "measure test.simple" "table run describes the run"
is "$(sqlite3 "$TMP/a.db" "SELECT error FROM results WHERE record_id = 17")" "input 'employees': cannot read 'abc' as an integer" \
  "the error message in column error"
ok "$([ ! -e "$TMP/a.db.gzrun" ]; echo $?)" "the work folder is removed after a complete run"

# ---- --jobs 1 and --jobs 2: the same bytes ----
for ext in csv jsonl db; do
  "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --jobs 1 --chunk-rows 100 --out "$TMP/j1.$ext" >/dev/null 2>&1
  "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --jobs 2 --chunk-rows 100 --out "$TMP/j2.$ext" >/dev/null 2>&1
  cmp -s "$TMP/j1.$ext" "$TMP/j2.$ext"; ok $? "--jobs 1 and --jobs 2 give byte-identical .$ext"
done
"${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --jobs 2 --chunk-rows 7 --out "$TMP/j3.csv" >/dev/null 2>&1
cmp -s "$TMP/j1.csv" "$TMP/j3.csv"; ok $? "another chunk size: the same bytes"
run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --jobs 2 --chunk-rows 100
is "$OUT" "$(cat "$TMP/j1.csv")" "CSV on stdout is the same as --out"

# ---- kill -9 at random moments, then --resume: the same output ----
BIG="$TMP/big.db"
sqlite3 "$BIG" "ATTACH '$DB' AS p; CREATE TABLE enterprises AS SELECT * FROM p.enterprises WHERE 0;
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
  INSERT INTO enterprises SELECT i, 'E' || i, CASE i % 3 WHEN 1 THEN '海淀区' ELSE '朝阳区' END, i % 700, i % 11, '1.00' FROM n;"
sqlite3 "$BIG" "CREATE TABLE e2 AS SELECT * FROM enterprises; DROP TABLE enterprises;
  CREATE TABLE enterprises (id INTEGER PRIMARY KEY, name TEXT, reg_district TEXT, employees INTEGER, chaoyang_hukou_hires INTEGER, revenue TEXT);
  INSERT INTO enterprises SELECT * FROM e2; DROP TABLE e2;"
for ext in csv jsonl db; do
  "${RUN[@]}" "$M" --db "$BIG" --as-of 2024-01-01 --jobs 2 --chunk-rows 500 --out "$TMP/clean.$ext" >/dev/null 2>&1
  for attempt in 1 2 3; do
    rm -rf "$TMP/k.$ext" "$TMP/k.$ext.gzrun"
    "${RUN[@]}" "$M" --db "$BIG" --as-of 2024-01-01 --jobs 2 --chunk-rows 500 --out "$TMP/k.$ext" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$((RANDOM % 6 + 1))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    # killed more than once: resume, kill again, resume
    "${RUN[@]}" "$M" --db "$BIG" --as-of 2024-01-01 --jobs 2 --chunk-rows 500 --out "$TMP/k.$ext" --resume >/dev/null 2>&1 &
    pid=$!
    sleep "0.$((RANDOM % 3 + 1))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    "${RUN[@]}" "$M" --db "$BIG" --as-of 2024-01-01 --jobs 1 --chunk-rows 500 --out "$TMP/k.$ext" --resume >/dev/null 2>&1
    if [ "$ext" = db ]; then
      a=$(sqlite3 "$TMP/k.db" "SELECT * FROM results" | md5sum); b=$(sqlite3 "$TMP/clean.db" "SELECT * FROM results" | md5sum)
      is "$a" "$b" "kill -9 twice, --resume (.db, attempt $attempt): the same rows"
    else
      cmp -s "$TMP/k.$ext" "$TMP/clean.$ext"; ok $? "kill -9 twice, --resume (.$ext, attempt $attempt): the same bytes"
    fi
  done
done
run "${RUN[@]}" "$M" --db "$BIG" --as-of 2024-01-01 --jobs 2 --chunk-rows 500 --out "$TMP/k.csv" --resume
like "$ERR" "nothing to resume" "--resume of a complete run says so and runs again"
mkdir -p "$TMP/r.csv.gzrun"; echo "gazette-run 1" > "$TMP/r.csv.gzrun/plan"
run "${RUN[@]}" "$M" --db "$BIG" --as-of 2024-01-01 --out "$TMP/r.csv" --resume
is "$RC" 2 "--resume of a run with other options: exit 2"
like "$ERR" "cannot resume .*changed" "and says why"

# ---- --shard K/N, then gazette merge ----
for ext in csv jsonl db; do
  for k in 3 1 2; do
    "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --jobs 1 --chunk-rows 100 --shard $k/3 --out "$TMP/s$k.$ext" >/dev/null 2>&1
  done
  run "$GAZETTE" merge "$TMP/s2.$ext" "$TMP/s3.$ext" "$TMP/s1.$ext" --out "$TMP/m.$ext"
  if [ "$ext" = db ]; then
    is "$(sqlite3 "$TMP/m.db" "SELECT * FROM results" | md5sum)" "$(sqlite3 "$TMP/j1.db" "SELECT * FROM results" | md5sum)" \
      "3 shards merged (.db): the same rows as one run"
  else
    cmp -s "$TMP/m.$ext" "$TMP/j1.$ext"; ok $? "3 shards merged (.$ext): the same bytes as one run"
  fi
done
like "$OUT" "gazette run: 3,000 records" "merge prints the summary of the whole population"
run "$GAZETTE" merge "$TMP/s1.csv" "$TMP/s3.csv" --out "$TMP/x.csv"
is "$RC" 2 "a missing shard: exit 2"
like "$ERR" "shard 2/3 is missing" "names it"
run "$GAZETTE" merge "$TMP/s1.csv" "$TMP/s2.csv" "$TMP/s2.csv" "$TMP/s3.csv" --out "$TMP/x.csv"
like "$ERR" "shard 2/3 given twice" "an overlapping shard is refused"
"${RUN[@]}" "$M" --db "$DB" --as-of 2024-02-01 --shard 2/3 --out "$TMP/o2.csv" >/dev/null 2>&1
run "$GAZETTE" merge "$TMP/s1.csv" "$TMP/o2.csv" "$TMP/s3.csv" --out "$TMP/x.csv"
like "$ERR" "different runs" "a shard of another run (another --as-of) is refused"
run "$GAZETTE" merge "$TMP/j1.csv" --out "$TMP/x.csv"
like "$ERR" "not a shard output" "a file that is not a shard output is refused"

# ---- child lists ----
K="$TMP/k.db"
sqlite3 "$K" "CREATE TABLE kindergartens (id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER, kg INTEGER, left_on TEXT);
  INSERT INTO kindergartens VALUES (1, '甲'), (2, '乙'), (3, '丙');
  INSERT INTO children (parent_id, kg, left_on) VALUES (1, 2, NULL), (1, 2, NULL), (1, 3, '2024-01-01'), (2, 1, NULL);"
run "${RUN[@]}" "$D/kids.lua" --db "$K" --as-of 2024-06-01
is "$(printf '%s\n' "$OUT" | tail -n +2 | tr '\n' ' ')" \
  "1,test.kids,eligible,2000.00,2000.00,2, 2,test.kids,eligible,1000.00,1000.00,1, 3,test.kids,eligible,0.00,0.00,0, " \
  "child lists from table children by parent_id (table kindergartens from the entity): 2 enrolled × 1,000"
run "${RUN[@]}" "$D/kids.lua" --db "$K" --as-of 2024-06-01 --child children=children.kg
is "$(printf '%s\n' "$OUT" | sed -n 2p)" "1,test.kids,eligible,1000.00,1000.00,1," "--child LIST=TABLE.COLUMN"
run "${RUN[@]}" "$D/kids.lua" --db "$K" --child children=children.nope
is "$RC" 2 "--child naming a missing column: exit 2"
like "$ERR" "no table children with a column nope" "and says so"

# ---- bad input: exit 2 before running ----
run "${RUN[@]}" "$M" --db "$TMP/none.db"
is "$RC" 2 "a missing --db: exit 2"
like "$ERR" "^gazette run: cannot read --db .*none.db" "names the file"
echo "not a database" > "$TMP/junk.db"
run "${RUN[@]}" "$M" --db "$TMP/junk.db"
is "$RC" 2 "a file that is not SQLite: exit 2"
like "$ERR" "junk.db: file is not a database" "says so"
run "${RUN[@]}" "$M" --db "$DB" --table firms
is "$RC" 2 "an unknown --table: exit 2"
like "$ERR" "no table 'firms' in the database; it has: enterprises" "lists the tables"
run "${RUN[@]}" "$M" --db "$DB" --where "reg_district = "
is "$RC" 2 "a malformed --where: exit 2"
like "$ERR" "^gazette run: --where: " "names --where with SQLite's message"
run "${RUN[@]}" "$M" --db "$DB" --where "1); DROP TABLE enterprises; --"
is "$RC" 2 "--where with a second statement: exit 2"
is "$(sqlite3 "$DB" "SELECT count(*) FROM enterprises")" 3000 "and nothing happened to the table"
run "${RUN[@]}" "$M" --db "$DB" --where "nocolumn > 1"
like "$ERR" "no such column: nocolumn" "an unknown column in --where"
run "${RUN[@]}" no.such.measure --db "$DB"
is "$RC" 2 "an unknown measure: exit 2"
like "$ERR" "^gazette run: unknown measure 'no.such.measure'" "names it"
run "${RUN[@]}" "$M" --db "$DB" --out "$TMP/x.ods"
is "$RC" 2 "--out with an unknown extension: exit 2"
like "$ERR" "^gazette run: --out $TMP/x.ods: the extension chooses the format: .csv, .jsonl, .db or .xlsx" "  listing the formats"
run "${RUN[@]}" "$M" --db "$DB" --resume
is "$RC" 2 "--resume without --out: exit 2"
like "$ERR" "^gazette run: --resume needs --out FILE \(a run to stdout cannot be resumed\)" "  saying why"
run "${RUN[@]}" "$M" --db "$DB" --jobs 0
is "$RC" 2 "--jobs 0: exit 2"
like "$ERR" "^gazette run: --jobs expects a number of workers from 1 to 256, got '0'" "  giving the range"
run "${RUN[@]}" "$M" --db "$DB" --shard 4/3
is "$RC" 2 "--shard 4/3: exit 2"
like "$ERR" "^gazette run: --shard expects K/N with 1 <= K <= N \(e.g. 3/16\), got '4/3'" "  saying what it expects"
run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-02-30
is "$RC" 2 "an impossible --as-of: exit 2"
like "$ERR" "^gazette run: --as-of: invalid date '2024-02-30': day 30 does not exist: February 2024 has 29 days" "  quoting the date"
run "${RUN[@]}" "$M" --db "$DB" --set nope=1
is "$RC" 2 "--set of an unknown parameter: exit 2"
like "$ERR" "nope" "names it"
run "${RUN[@]}" "$M"
like "$ERR" "--db FILE.db is required" "--db is required"
run "${RUN[@]}" "$M" --db "$DB" --bogus
like "$ERR" "unknown option '--bogus'" "an unknown option"
run "${RUN[@]}" "$M" --db "$DB" --as-of 2024-01-01 --set cap=50000 --limit 10
is "$(printf '%s\n' "$OUT" | grep '^8,')" "8,test.simple,eligible,50000.00,50000.00,8," "--set cap=50000 caps record 8's 80,000 at 50,000"
run "${RUN[@]}" "$M" --db "$DB" --as-of "2024年1月1日" --limit 3 --out "$TMP/cn.jsonl"
like "$(head -1 "$TMP/cn.jsonl")" '"as_of":"2024-01-01"' "a Chinese --as-of"
done_testing
