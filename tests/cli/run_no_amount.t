#!/usr/bin/env bash
# gazette run's summary for a measure that computes no amount (M15's deadlines, M22's staffing
# finding, M23's energy grade): "total amount   none", never a total of 0.00元 that reads as
# if nothing were paid; the same after a merge of shards and in the Excel summary sheet.
# A measure with an amount says its total, 0.00元 included.
. "$(dirname "$0")/../tap.sh"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
M15=chaoyang.working-rules-lead-times
M22=beijing.safety-manager-staffing
M23=beijing.public-building-energy-grade
M1=chaoyang.startup-jobs-subsidy
NONE="  total amount   none (the measure computes no amount)"
sqlite3 "$TMP/b.db" < "$ROOT/tests/fixtures/wave2_beijing_b.sql"
sqlite3 "$TMP/c.db" < "$ROOT/tests/fixtures/wave2_chaoyang2023.sql"
sqlite3 "$TMP/w.db" < "$ROOT/tests/fixtures/wave1.sql"
# the summary block of measure ID in $OUT (its name line to the next measure or the end)
block() { printf '%s\n' "$OUT" | awk -v id="$1" '$0 == id { on = 1; print; next } on && /^[a-z]/ { exit } on'; }

run $GAZETTE run $M22 --db "$TMP/b.db" --table safety_units --as-of 2024-01-01 --out "$TMP/s.csv"
is "$RC" 0 "M22 over safety_units: exit 0"
is "$(block $M22)" "$M22
  eligible                  9
  ineligible                0
  undetermined              1
$NONE" "M22: counts by status, then no total amount but 'none'"
unlike "$OUT" "0\.00元" "  and no 0.00元 anywhere in the summary"

run $GAZETTE run $M15 --db "$TMP/c.db" --table lead_time_submissions --as-of 2024-10-01 --out "$TMP/l.db"
is "$RC" 0 "M15 over lead_time_submissions: exit 0"
is "$(block $M15 | tail -1)" "$NONE" "M15 (dates): 'none'"

run $GAZETTE run $M23 --db "$TMP/b.db" --table public_buildings --as-of 2025-06-01 --out "$TMP/g.xlsx"
is "$RC" 0 "M23 over public_buildings into a workbook: exit 0"
is "$(block $M23 | sed -n 5p)" "$NONE" "M23 (a grade): 'none', after its counts"
cells=$(python3 "$ROOT/tests/cli/data/xlsx_read.py" "$TMP/g.xlsx" cells summary)
like "$cells" "s:total amount	s:none \(the measure computes no amount\)" "  and the workbook's summary sheet says so"
unlike "$cells" "s:total amount	m:" "  with no money cell for the total"

# shards: the flag is carried in each shard's totals and survives the merge
for k in 1 2; do
  $GAZETTE run $M22 --db "$TMP/b.db" --table safety_units --as-of 2024-01-01 --shard $k/2 --out "$TMP/s$k.db" > /dev/null
done
run $GAZETTE merge "$TMP/s1.db" "$TMP/s2.db" --out "$TMP/m.db"
is "$RC" 0 "M22 in two shards, merged: exit 0"
is "$(block $M22 | tail -1)" "$NONE" "  the merged summary: 'none'"

# a measure with an amount: its total, even when nothing is paid
run $GAZETTE run $M1 $M22 --db "$TMP/b.db" --table safety_units --as-of 2024-01-01 --out "$TMP/two.csv"
is "$(block $M1 | grep 'total amount')" "  total amount   0.00元" "M1 beside M22 (no record pays): total amount 0.00元"
is "$(block $M22 | tail -1)" "$NONE" "  and M22 beside it: 'none'"
done_testing
