#!/usr/bin/env bash
# What-if in memory (stdlib/population.lua, interp/lua/lcolumns.c): `gazette whatif` and the
# REPL's .run/.compare with a compiled measure load the population's inputs once as typed
# columns and evaluate them on every core; the report is the one the record-by-record
# evaluation gives (--no-compile), byte for byte, on a population with NULLs, malformed values,
# errors and a --where, grouped by a field, in text and JSON.
. "$(dirname "$0")/../tap.sh"
DB="$TMP/pop.db"
"$GAZETTE" gen --enterprises 4000 --seed 3 --out "$DB" >/dev/null 2>&1
sqlite3 "$DB" "
UPDATE enterprises SET reg_district = '朝阳区', tax_district = '朝阳区', operating_normally = 1,
  chaoyang_hukou_hires = id % 30, established_on = '2019-05-01' WHERE id % 4 = 0;
UPDATE enterprises SET employees = 'abc' WHERE id = 8;
UPDATE enterprises SET revenue = '12万' WHERE id % 97 = 0;
UPDATE enterprises SET employees = -5 WHERE id % 101 = 0;
UPDATE enterprises SET established_on = '2019年3月1日' WHERE id % 89 = 0;
UPDATE enterprises SET established_on = '2020-02-29' WHERE id % 9 = 0;
UPDATE enterprises SET reg_district = NULL WHERE id % 13 = 0;
UPDATE enterprises SET total_assets = NULL WHERE id % 7 = 0;"
M=chaoyang.startup-jobs-subsidy
for args in "--set cap=10万 --by reg_district" "--set cap=5万 --json" "--set min_hires=5 --where reg_district='朝阳区'" \
            "--set cap=30万 --interpret operating-age=whole_years --by tax_district" "--set cap=10万 --by size_class"; do
  eval "run \"\$GAZETTE\" whatif $M --db \"\$DB\" --as-of 2022-06-01 $args"
  FAST_OUT=$OUT FAST_RC=$RC
  eval "run \"\$GAZETTE\" whatif $M --db \"\$DB\" --as-of 2022-06-01 $args --no-compile"
  is "$FAST_OUT" "$OUT" "whatif $args: the same report in memory and record by record"
  is "$FAST_RC" "$RC" "... and the same exit status ($RC: records with errors)"
done
like "$FAST_OUT" "error" "the population has records with errors, reported the same way"

# 30,000 + (hires − 3) × 10,000, capped: id 28 (朝阳区, 28 hires, small software firm) gets
# min(280,000, 200,000) = 200,000 as published and 100,000 under cap = 10万
run "$GAZETTE" whatif $M --db "$DB" --as-of 2022-06-01 --set cap=10万 --where "id = 28"
like "$OUT" "eligible +1 +1" "record 28 is eligible before and after"
like "$OUT" "total amount +200,000.00元 +100,000.00元 +-100,000.00元" "200,000 as published, 100,000 with cap = 10万"

# The REPL: .run then .compare twice (the columns are reused) give the record-by-record report.
printf '%s\n' ".asof 2022-06-01" ".run" ".set cap 10万" ".compare by reg_district" ".compare" |
  "$GAZETTE" repl --db "$DB" $M > "$TMP/repl.txt" 2>&1
run "$GAZETTE" whatif $M --db "$DB" --as-of 2022-06-01 --set cap=10万 --by reg_district --no-compile
like "$(cat "$TMP/repl.txt")" "total cost change: -" "the REPL compares"
printf '%s\n' "$OUT" > "$TMP/whatif.txt"
n=$(wc -l < "$TMP/whatif.txt")
# the REPL's second report (after .run's) is .compare by reg_district
start=$(grep -n "^$M: 4,000 records" "$TMP/repl.txt" | sed -n 2p | cut -d: -f1)
is "$(sed -n "${start:-1},$(( ${start:-1} + n - 1 ))p" "$TMP/repl.txt")" "$(cat "$TMP/whatif.txt")" \
  "REPL .compare by reg_district: the report whatif --no-compile gives"
done_testing
