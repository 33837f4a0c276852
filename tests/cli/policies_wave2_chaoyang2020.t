#!/usr/bin/env bash
# The wave-2 measures of 朝政发〔2020〕9号 (M9–M13 of docs/policies.md): `gazette eval --json` on
# each worked case gives the status, amount and every output exactly; `gazette run` over each
# measure's table of tests/fixtures/wave2_chaoyang2020.sql has no error rows and the expected
# amounts; the per-child reasons of M9 in eval --json / --explain and run --explain; and a
# parameter read at a date no value covers is an error row, not an amount.
. "$(dirname "$0")/../tap.sh"
D="$(cd "$(dirname "$0")/data/wave2_chaoyang2020" && pwd)"
command -v sqlite3 >/dev/null || { echo "1..0 # SKIP sqlite3 not installed"; exit 0; }

# ev ID FILE AS_OF [OPTIONS...]: eval --json, the result in $TMP/out.json; FIELDS holds its
# key=value lines (tests/cli/data/wave2_chaoyang2020/fields.lua).
ev() {
  local id=$1 file=$2 as_of=$3; shift 3
  "$GAZETTE" eval "$id" --input "$D/$file" --as-of "$as_of" --json "$@" >"$TMP/out.json" 2>"$TMP/err"
  RC=$?
  FIELDS=$("$GAZETTE" --path "$TMP" "$D/fields.lua" "$TMP/out.json" 2>&1)
}
nl() { printf '%s\n' "$@"; }

# ---- M9: 2 × 5,000; C (海淀区, only hukou and graduation given) and D (2020 graduate) do not count
ev chaoyang.key-group-hiring-subsidy key_group_hiring_subsidy.json 2023-03-01
is "$RC" 0 "M9 eval exits 0"
is "$FIELDS" "$(nl status=eligible amount=10000.00 outputs.counted_hires=2 outputs.subsidy=10000.00 missing= \
  'items.counted=2 of 4: hires[1]:counted hires[2]:counted hires[3]:chaoyang-hukou hires[4]:key-group')" \
  "M9 worked case: eligible, 10000.00, counted_hires 2, and which hire counted"
like "$(cat "$TMP/out.json")" '"item":"hires\[3\]","result":false,"failed":\["chaoyang-hukou"\]' \
  "M9 --json: items name the failed rule of hires[3]"
like "$(cat "$TMP/out.json")" '^\{"measure":"chaoyang.key-group-hiring-subsidy","as_of":"2023-03-01","status":"eligible","amount":"10000.00","outputs":\{"subsidy":"10000.00","counted_hires":2\},"reasons":\[\],"missing":\[\],"interpretations":\{' \
  "M9 --json: the contract's keys first, unchanged"
ev chaoyang.key-group-hiring-subsidy key_group_hiring_subsidy_unknown.json 2023-03-01
is "$FIELDS" "$(nl status=undetermined amount=null outputs.counted_hires=null outputs.subsidy=null \
  'missing=hires[2].hired_on' 'items.counted=1 of 2: hires[1]:counted hires[2]:undetermined')" \
  "M9: a hire's unknown date decides the amount: undetermined, naming hires[2].hired_on"
run "$GAZETTE" eval chaoyang.key-group-hiring-subsidy --input "$D/key_group_hiring_subsidy.json" --as-of 2023-03-01 --explain
like "$OUT" '✗ hires\[3\]  not counted: chaoyang-hukou' "M9 --explain: the hire that did not count, with the rule"
like "$OUT" '✗ chaoyang-hukou \(三（二）\): 本区（朝阳区）户籍  \[户籍：海淀区\]' "M9 --explain: its clause, text and detail"
ev chaoyang.key-group-hiring-subsidy key_group_hiring_subsidy.json 2023-03-01 --set per_hire=6000
# 2 × 6,000
like "$FIELDS" "amount=12000.00" "M9 --set per_hire=6000: 12000.00"

# ---- M10: 2 × 2,320 + 6 × 2,420 = 19,160; under wage-date=start 8 × 2,320 = 18,560
ev chaoyang.intern-living-subsidy intern_living_subsidy.json 2024-04-01
is "$RC" 0 "M10 eval exits 0"
is "$FIELDS" "$(nl status=eligible amount=19160.00 outputs.subsidised_months=8 outputs.subsidy=19160.00 missing=)" \
  "M10 worked case: 8 months, 19160.00"
ev chaoyang.intern-living-subsidy intern_living_subsidy.json 2024-04-01 --interpret wage-date=start
is "$FIELDS" "$(nl status=eligible amount=18560.00 outputs.subsidised_months=8 outputs.subsidy=18560.00 missing=)" \
  "M10 worked case under wage-date=start: 18560.00"
ev chaoyang.intern-living-subsidy intern_living_subsidy.json 2024-04-01 --set minimum_wage=2500
# --set replaces the wage on every month's date: 8 × 2,500
like "$FIELDS" "amount=20000.00" "M10 --set minimum_wage=2500: 8 × 2,500 = 20000.00"
run "$GAZETTE" eval chaoyang.intern-living-subsidy --input "$D/intern_living_subsidy.json" --as-of 2024-04-01 --explain
like "$OUT" "第 3 个月 2023-09-10：2,420.00元" "M10 --explain: each month's rate and date"

# ---- M11: 80 → 3万; 150 → 5万
ev chaoyang.skills-competition-subsidy skills_competition_subsidy_80.json 2022-05-20
is "$FIELDS" "$(nl status=eligible amount=30000.00 outputs.subsidy=30000.00 missing=)" "M11 worked case: 80 → 30000.00"
ev chaoyang.skills-competition-subsidy skills_competition_subsidy_150.json 2022-05-20
is "$FIELDS" "$(nl status=eligible amount=50000.00 outputs.subsidy=50000.00 missing=)" "M11 worked case: 150 → 50000.00"

# ---- M12: 10万 + 5万 + 5万 = 20万; stacking=highest 10万
ev chaoyang.training-institution-subsidy training_institution_subsidy.json 2022-12-15
is "$FIELDS" "$(nl status=eligible amount=200000.00 outputs.designated_award=50000.00 outputs.grade_award=100000.00 \
  outputs.total=200000.00 outputs.volume_award=50000.00 missing=)" "M12 worked case: 200000.00 and its three awards"
ev chaoyang.training-institution-subsidy training_institution_subsidy.json 2022-12-15 --interpret stacking=highest
like "$FIELDS" "amount=100000.00" "M12 worked case under stacking=highest: 100000.00"
like "$FIELDS" "outputs.total=100000.00" "M12 stacking=highest: total 100000.00"

# ---- M13: min(80,000, 5万), 2 left; 36,500.50, 1 left
ev chaoyang.startup-rent-subsidy startup_rent_subsidy_1.json 2024-05-10
is "$FIELDS" "$(nl status=eligible amount=50000.00 outputs.subsidy=50000.00 outputs.years_left=2 missing=)" \
  "M13 worked case 1: 50000.00, years_left 2"
ev chaoyang.startup-rent-subsidy startup_rent_subsidy_2.json 2024-05-10
is "$FIELDS" "$(nl status=eligible amount=36500.50 outputs.subsidy=36500.50 outputs.years_left=1 missing=)" \
  "M13 worked case 2: 36500.50, years_left 1"

# ---- gazette run over each measure's fixture table ----
DB="$TMP/wave2_chaoyang2020.db"
sqlite3 "$DB" < "$(dirname "$0")/../fixtures/wave2_chaoyang2020.sql"
# check ID TABLE AS_OF ROWS record=amount...: no error rows; listed records have these amounts
check() {
  local id=$1 table=$2 as_of=$3 rows=$4; shift 4
  run "$GAZETTE" run "$id" --db "$DB" --table "$table" --as-of "$as_of" --out "$TMP/$table.csv"
  is "$RC" 0 "$id over $table: exits 0"
  local body; body=$(tail -n +2 "$TMP/$table.csv" 2>/dev/null)
  is "$(printf '%s\n' "$body" | grep -c .)" "$rows" "$id: $rows result rows"
  unlike "$body" '^[^,]*,[^,]*,error,' "$id: no error rows"
  local pair rid want
  for pair in "$@"; do
    rid=${pair%%=*}; want=${pair#*=}
    like "$body" "^$rid,$id,$want(,|\$)" "$id: record $rid: $want"
  done
}
check chaoyang.key-group-hiring-subsidy key_group_employers 2023-03-01 9 \
  1=eligible,10000.00 2=eligible,15000.00 3=eligible,5000.00 4=eligible,10000.00 5=eligible,0.00 \
  6=eligible,0.00 7=undetermined, 8=not_in_force, 9=undetermined,
check chaoyang.intern-living-subsidy interns 2024-04-01 12 \
  1=eligible,19160.00 2=eligible,27480.00 3=ineligible,0.00 4=eligible,28840.00 5=eligible,7160.00 \
  7=ineligible,0.00 8=eligible,13560.00 9=ineligible,0.00 10=undetermined, 11=not_in_force, 12=eligible,29760.00
check chaoyang.skills-competition-subsidy competitions 2022-05-20 9 \
  1=eligible,30000.00 2=eligible,50000.00 3=eligible,100000.00 4=ineligible,0.00 5=eligible,30000.00 \
  6=eligible,50000.00 7=eligible,100000.00 8=ineligible,0.00 9=undetermined,
check chaoyang.training-institution-subsidy training_institutions 2022-12-15 9 \
  1=eligible,200000.00 2=eligible,50000.00 3=ineligible,0.00 4=eligible,100000.00 5=eligible,50000.00 \
  6=ineligible,0.00 7=ineligible,0.00 8=undetermined, 9=eligible,30000.00
check chaoyang.startup-rent-subsidy rent_claims 2024-05-10 10 \
  1=eligible,50000.00 2=eligible,36500.50 3=ineligible,0.00 4=ineligible,0.00 5=ineligible,0.00 \
  6=eligible,50000.00 7=ineligible,0.00 8=undetermined, 9=ineligible,0.00 10=eligible,49999.99

# run --explain: the per-child reasons of M9 in the reasons column
run "$GAZETTE" run chaoyang.key-group-hiring-subsidy --db "$DB" --table key_group_employers --as-of 2023-03-01 \
  --explain --out "$TMP/m9.csv"
like "$(sed -n 2p "$TMP/m9.csv")" 'counted: 2 of 4 hires; hires\[3\] not counted: chaoyang-hukou \[三（二）\] \(户籍：海淀区\); hires\[4\] not counted: key-group' \
  "M9 run --explain: which hire did not count and why"
like "$(sed -n 8p "$TMP/m9.csv")" 'hires\[2\] undetermined: missing hires\[2\]\.hired_on' \
  "M9 run --explain: the undetermined hire and its missing field"
is "$(cut -d, -f1-6 "$TMP/m9.csv" | tail -n +2)" "$(cut -d, -f1-6 "$TMP/key_group_employers.csv" | tail -n +2)" \
  "M9: the same statuses and amounts with and without --explain"
run "$GAZETTE" run chaoyang.key-group-hiring-subsidy --db "$DB" --table key_group_employers --as-of 2023-03-01 \
  --out "$TMP/m9.jsonl"
like "$(head -1 "$TMP/m9.jsonl")" '"items":\{"counted":\{"list":"hires",.*"counted":2,"undetermined":0,"total":4' \
  "M9 run --out .jsonl: items per record"

# ---- a parameter read at a date no value covers: an error row, not an amount ----
mkdir -p "$TMP/m"
cat > "$TMP/m/dated.lua" <<'L'
local M = measure { id = "t.dated", title = "t", document = { number = "1号" }, valid = { from = "2021-01-01" },
  inputs = { start = { type = "date" } }, outputs = { pay = { type = "money" } }, amount = "pay" }
M:param("wage", { { from = "2021-01-01", to = "2021-12-31", value = yuan(2200), clause = "一" } })
M:compute(function(r, ctx, out) out.pay = ctx:param("wage", r.start:add_months(1)) end)
return M
L
sqlite3 "$TMP/d.db" "CREATE TABLE t (id INTEGER PRIMARY KEY, start TEXT);
INSERT INTO t VALUES (1, '2021-06-01'), (2, '2021-12-15'), (3, '2021-03-01');"
run "$GAZETTE" --path "$TMP/m" run "$TMP/m/dated.lua" --db "$TMP/d.db" --table t --as-of 2021-06-01 --out "$TMP/d.csv"
is "$RC" 1 "a record whose parameter date no value covers: run exits 1"
is "$(sed -n 2p "$TMP/d.csv")" "1,t.dated,eligible,2200.00,2200.00," "record 1: 2021-07-01 is covered: 2200.00"
like "$(sed -n 3p "$TMP/d.csv")" "^2,t.dated,error,,,.*parameter 'wage' of t.dated has no value on 2022-01-15 \(its values cover 2021-01-01\.\.2021-12-31\)" \
  "record 2: an error row naming parameter, measure, date and coverage"
is "$(sed -n 4p "$TMP/d.csv")" "3,t.dated,eligible,2200.00,2200.00," "record 3 after the error: the run goes on"
echo '{"start": "2021-12-15"}' > "$TMP/d.json"
run "$GAZETTE" --path "$TMP/m" eval "$TMP/m/dated.lua" --input "$TMP/d.json" --as-of 2021-06-01 --json
is "$RC" 1 "eval: exit 1"
like "$ERR" "parameter 'wage' of t.dated has no value on 2022-01-15" "eval: the error on stderr"
is "$OUT" "" "eval: no result printed"
run "$GAZETTE" --path "$TMP/m" eval "$TMP/m/dated.lua" --input "$TMP/d.json" --as-of 2021-06-01 --json --set wage=2300
like "$OUT" '"amount":"2300.00"' "eval --set wage=2300: the override covers every date"

done_testing
