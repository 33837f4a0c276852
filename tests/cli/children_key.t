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

# ---- child tables planned the same way by run, whatif and the REPL ----
# gazette gen writes parent_id in its child tables: a generated population runs without options.
# A population whose hires key by enterprise_id instead: run, whatif and the REPL each say that
# hires has no child table (the same note) and leave the list missing, or read it through
# --child hires=hires.enterprise_id. (A whatif that read hires by a column the table lacks once
# reported every enterprise eligible at 0.00.) M6 (京人社毕发〔2024〕16号) pays 1,000 per hire
# that counts: the totals of run, whatif and the REPL must be the same.
M6=beijing.graduate-job-expansion-subsidy
P="$TMP/gen.db"
"$GAZETTE" gen --enterprises 400 --seed 3 --as-of 2025-11-01 --out "$P" >/dev/null 2>&1
is "$(sqlite3 "$P" "SELECT count(*) FROM pragma_table_info('hires') WHERE name = 'parent_id'")" 1 "gen: hires has parent_id"
is "$(sqlite3 "$P" "SELECT count(*) FROM pragma_table_info('children') WHERE name = 'parent_id'")" 1 "gen: children has parent_id"
run "$GAZETTE" run $M6 --db "$P" --as-of 2025-11-15 --out "$TMP/g.csv"
is "$RC" 0 "run on a generated population without --child: exit 0"
unlike "$ERR" "note:" "  and no note: the hires are read by parent_id"
TOTAL=$(printf '%s\n' "$OUT" | sed -n 's/^  total amount *\([0-9,.]*\)元$/\1/p')
PAID=$(grep -c ',eligible,[1-9]' "$TMP/g.csv")
like "$TOTAL" "^[1-9][0-9,]*\.00$" "  a total of $TOTAL over $PAID enterprises with hires that count"
run "$GAZETTE" whatif $M6 --db "$P" --as-of 2025-11-15 --set per_hire=2000
like "$OUT" "total amount +$TOTAL元 " "whatif on the generated population: the same baseline total as run"
like "$OUT" "gain: $PAID records" "  $PAID records gain"
unlike "$ERR" "note:" "  and no note"

E="$TMP/ent.db"
cp "$P" "$E"
sqlite3 "$E" "ALTER TABLE hires RENAME COLUMN parent_id TO enterprise_id"
NOTE="note: list input 'hires' has no child table (looked for hires.parent_id; name one with --child hires=TABLE.COLUMN); it will be missing"
NOTE_RE=$(printf '%s' "$NOTE" | sed 's/[()]/\\&/g')
run "$GAZETTE" run $M6 --db "$E" --as-of 2025-11-15 --out "$TMP/e.csv"
like "$ERR" "gazette run: $NOTE_RE" "run: hires keyed by enterprise_id: the note"
like "$OUT" "undetermined +400" "  every record undetermined"
run "$GAZETTE" whatif $M6 --db "$E" --as-of 2025-11-15 --set per_hire=2000
like "$ERR" "gazette whatif: $NOTE_RE" "whatif: the same note"
like "$OUT" "undetermined +400 +400 " "  and every record undetermined, as in run (not eligible at 0.00)"
unlike "$OUT" "eligible +[1-9]" "  none eligible"
run "$GAZETTE" run $M6 --db "$E" --as-of 2025-11-15 --child hires=hires.enterprise_id --out "$TMP/e2.csv"
like "$OUT" "total amount +$TOTAL元" "run --child hires=hires.enterprise_id: the same total"
run "$GAZETTE" whatif $M6 --db "$E" --as-of 2025-11-15 --set per_hire=2000 --child hires=hires.enterprise_id
is "$RC" 0 "whatif --child hires=hires.enterprise_id: exit 0"
like "$OUT" "total amount +$TOTAL元 " "  the same baseline total"
unlike "$ERR" "note:" "  and no note"
run "$GAZETTE" whatif $M6 --db "$E" --as-of 2025-11-15 --set per_hire=2000 --child hires=hires.nope
is "$RC" 2 "whatif --child naming a column the table lacks: exit 2"
like "$ERR" "gazette whatif: --child: no table hires with a column nope" "  the message run gives"
run "$GAZETTE" whatif $M6 --db "$E" --as-of 2025-11-15 --set per_hire=2000 --child kids=children.parent_id
is "$RC" 2 "whatif --child of a list the measure does not have: exit 2"
like "$ERR" "--child kids=children.parent_id: the measures have no list input of that name" "  saying so"
run "$GAZETTE" whatif $M6 --db "$E" --as-of 2025-11-15 --set per_hire=2000 --child hires
is "$RC" 2 "whatif --child without TABLE.COLUMN: exit 2"
like "$ERR" "--child hires: expected LIST=TABLE.COLUMN" "  saying what it expects"

OUT=$(printf '%s\n' '.asof 2025-11-15' '.run' | "$GAZETTE" repl --db "$E" $M6 2>&1)
like "$OUT" "$NOTE_RE" "REPL .run: the same note"
like "$OUT" "undetermined +400" "  every record undetermined"
OUT=$(printf '%s\n' '.asof 2025-11-15' '.run' | "$GAZETTE" repl --db "$E" --child hires=hires.enterprise_id $M6 2>&1)
like "$OUT" "total amount: $TOTAL元" "REPL --child hires=hires.enterprise_id: .run totals the same"
unlike "$OUT" "note:" "  and no note"
OUT=$(printf '%s\n' ".db $E --child hires=hires.enterprise_id" '.asof 2025-11-15' '.compare' | "$GAZETTE" repl $M6 2>&1)
like "$OUT" "total amount +$TOTAL元 " "REPL .db FILE --child LIST=TABLE.COLUMN, .compare: the same"
OUT=$(printf '%s\n' ".db $E --child hires=hires.nope" | "$GAZETTE" repl $M6 2>&1)
like "$OUT" "--child: no table hires with a column nope" "REPL .db --child of a missing column: refused"
OUT=$(printf '%s\n' '.asof 2025-11-15' '.eval 3' | "$GAZETTE" repl --db "$E" $M6 2>&1)
like "$OUT" "$NOTE_RE" "REPL .eval ID: the note too"
like "$OUT" "missing: hires" "  and hires missing"

done_testing
