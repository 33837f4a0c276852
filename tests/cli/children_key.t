#!/usr/bin/env bash
# Records and their child lists are read the same way by `gazette run`, `gazette whatif` and the
# REPL (.eval ID, .run): keyed by the table's INTEGER PRIMARY KEY `id` (or --key COLUMN), child
# rows joined on parent_id = that key.  M4 (京技管发〔2024〕30号) kindergarten 1 of
# tests/fixtures/wave1.sql is the worked case: A 12 + B 3 + C 7 + D 4 + E 10 = 36 child-months,
# 36 × 1,800 = 64,800.00.
. "$(dirname "$0")/../tap.sh"
export GAZETTE_HISTORY=
W="$TMP/wave1.db"
sqlite3 "$W" < "$(dirname "$0")/../fixtures/wave1.sql" || exit 1
M4=bda.kindergarten-per-child-subsidy

run "$GAZETTE" run $M4 --db "$W" --as-of 2025-12-31 --where "id = 1"
is "$(printf '%s\n' "$OUT" | sed -n 2p)" "1,$M4,eligible,64800.00,64800.00,36," "run: kindergarten 1, 36 × 1,800 = 64,800.00"

OUT=$(printf '%s\n' '.asof 2025-12-31' '.eval 1' | "$GAZETTE" repl --db "$W" $M4 2>&1)
like "$OUT" "$M4: eligible  64,800.00元  \(as of 2025-12-31\)" "REPL .eval 1: the same 64,800.00 (its children attached)"
unlike "$OUT" "missing: children" "  and no 'missing: children'"

# A table made with CREATE TABLE ... AS SELECT has an `id` column that is not its INTEGER
# PRIMARY KEY: its rowids follow the SELECT (here id 5, 4, 3, 2, 1), not the ids.  Keyed by rowid,
# kindergarten 1 would be read as record 5 and would get the children of kindergarten 5.
C="$TMP/ctas.db"
sqlite3 "$C" < "$(dirname "$0")/../fixtures/wave1.sql" || exit 1
sqlite3 "$C" "CREATE TABLE k2 AS SELECT id, name, year, recognised_inclusive, clean_record_3y, inspection_passed
  FROM kindergartens ORDER BY id DESC; DROP TABLE kindergartens; ALTER TABLE k2 RENAME TO kindergartens;"
is "$(sqlite3 "$C" "SELECT rowid || ':' || id FROM kindergartens WHERE rowid = 1")" "1:5" "fixture: rowid 1 holds kindergarten 5"

run "$GAZETTE" run $M4 --db "$C" --as-of 2025-12-31
is "$RC" 2 "run: an id that is not the INTEGER PRIMARY KEY is refused (exit 2)"
like "$ERR" "^gazette run: table kindergartens: column id is not its INTEGER PRIMARY KEY.*--key id" \
  "  naming the table, the column and --key"
is "$OUT" "" "  before any row is written"
run "$GAZETTE" run $M4 --db "$C" --as-of 2025-12-31 --key id
is "$RC" 0 "run --key id: exit 0"
is "$(printf '%s\n' "$OUT" | grep '^1,')" "1,$M4,eligible,64800.00,64800.00,36," \
  "run --key id: record 1 is kindergarten 1 with its five children, 64,800.00"
is "$(printf '%s\n' "$OUT" | cut -d, -f1 | tail -n +2 | tr '\n' ' ')" "1 2 3 4 5 " "  records in the order of the key"
is "$(printf '%s\n' "$OUT" | grep '^5,')" "5,$M4,undetermined,,,," "  kindergarten 5 (year unknown): undetermined, not 1's result"

run "$GAZETTE" whatif $M4 --db "$C" --as-of 2025-12-31 --set per_child_month=2000
is "$RC" 2 "whatif: refused the same way (exit 2)"
like "$ERR" "table kindergartens: column id is not its INTEGER PRIMARY KEY.*--key id" "  naming the table, the column and --key"
run "$GAZETTE" whatif $M4 --db "$C" --as-of 2025-12-31 --set per_child_month=2000 --key id
like "$OUT" " 1  eligible 64,800.00元  eligible 72,000.00元" "whatif --key id: kindergarten 1, 36 × 1,800 → 36 × 2,000"

OUT=$(printf '%s\n' '.asof 2025-12-31' '.eval 1' | "$GAZETTE" repl --db "$C" $M4 2>&1)
like "$OUT" "table kindergartens: column id is not its INTEGER PRIMARY KEY.*--key id" "REPL: refused the same way"
unlike "$OUT" "eligible" "  and nothing evaluated"
OUT=$(printf '%s\n' '.asof 2025-12-31' '.eval 1' '.run' | "$GAZETTE" repl --db "$C" --key id $M4 2>&1)
like "$OUT" "$M4: eligible  64,800.00元" "REPL --key id: .eval 1 is kindergarten 1, 64,800.00"
like "$OUT" "total amount: 82,800.00元" "  and .run totals them by key: 64,800 + 18,000 (kindergarten 2) + 0 (3) = 82,800.00"

# --key must name a unique, non-NULL integer column
sqlite3 "$C" "CREATE TABLE dup AS SELECT * FROM kindergartens; UPDATE dup SET id = 2 WHERE id = 3;
  CREATE TABLE nul AS SELECT * FROM kindergartens; UPDATE nul SET id = NULL WHERE id = 4;"
run "$GAZETTE" run $M4 --db "$C" --table dup --key id
is "$RC" 2 "--key of a column with a repeated value: exit 2"
like "$ERR" "--key id: .*value 2 .*(twice|2 records)" "  naming the first repeated value"
run "$GAZETTE" run $M4 --db "$C" --table nul --key id
is "$RC" 2 "--key of a column with NULLs: exit 2"
like "$ERR" "--key id: .*NULL" "  naming the NULL"
run "$GAZETTE" run $M4 --db "$C" --key nosuch
is "$RC" 2 "--key of a column that does not exist: exit 2"
like "$ERR" "--key nosuch: table kindergartens has no column nosuch" "  saying so"

done_testing
