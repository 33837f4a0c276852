#!/usr/bin/env bash
# The wave-2 measures of 京技管发〔2024〕33号 (M24, M25 of docs/policies.md): (1) `gazette eval ID
# --input FILE --as-of DATE --json` on each worked case gives the status, the amount and every
# output exactly, and says which alternative was paid (就高不重复); (2) `gazette run` over their
# fixture tables (tests/fixtures/wave2_bda.sql) has no error rows and the expected amounts.
. "$(dirname "$0")/../tap.sh"
D="$(dirname "$0")/data/policies_wave2_bda"
M24=bda.sme-loan-interest-subsidy
M25=bda.financial-institution-revenue-reward

# field JSON KEY: the top-level KEY of a JSON object, read with the JSON module and written back
# as JSON ("eligible" with its quotes, null). outputs JSON: the "outputs" object as eval printed
# it (in the measure's output order; it holds no nested object).
field() {
  "$GAZETTE" -e "local json = require 'json' local o = json.decode([==[$1]==]) return json.encode(o.$2)"
}
outputs() { printf '%s' "$1" | grep -o '"outputs":{[^}]*}' | sed 's/^"outputs"://'; }
ev() { run "$GAZETTE" eval "$1" --input "$D/$2" --as-of "$3" --json "${@:4}"; }

# ---- M24: 第四条 interest subsidy against the 首贷 match ----
# small, 北京市专精特新, 1,000,000 of interest: 50% = 500,000 → cap 400,000; no 首贷贴息
ev $M24 m24_small_srdi.json 2025-06-01
is "$RC" 0 "M24 example 1: eval exits 0"
is "$(field "$OUT" status)" '"eligible"' "M24 example 1: eligible"
is "$(field "$OUT" amount)" '"400000.00"' "M24 example 1: 500,000 capped at 400000.00"
is "$(outputs "$OUT")" '{"interest_subsidy":"400000.00","first_loan_match":"0.00","subsidy":"400000.00"}' \
  "M24 example 1: every output"
like "$OUT" '"alternatives":\[\{"name":"subsidy","clause":"第四条".*"paid":"interest_subsidy","amount":"400000.00"' \
  "M24 example 1: the interest subsidy is the alternative paid"
# micro, 30,000 of interest (15,000) and 18,000 of 首贷贴息 (18,000): 就高 18,000
ev $M24 m24_micro_first_loan.json 2025-06-01
is "$(field "$OUT" status)" '"eligible"' "M24 example 2: eligible"
is "$(field "$OUT" amount)" '"18000.00"' "M24 example 2: 18000.00"
is "$(outputs "$OUT")" '{"interest_subsidy":"15000.00","first_loan_match":"18000.00","subsidy":"18000.00"}' \
  "M24 example 2: interest_subsidy 15000.00, first_loan_match 18000.00, subsidy 18000.00"
like "$OUT" '"paid":"first_loan_match"' "M24 example 2: the 首贷 match is paid"
like "$OUT" '"name":"interest_subsidy","clause":"第四条","text":"[^"]*","amount":"15000.00","paid":false,"why":"lower than first_loan_match \(18,000.00元\)"' \
  "M24 example 2: the interest subsidy is lower than the match, with its amount"
run "$GAZETTE" eval $M24 --input "$D/m24_micro_first_loan.json" --as-of 2025-06-01 --explain
like "$OUT" "✗ interest_subsidy \(第四条\) 15,000.00元: lower than first_loan_match" "M24 --explain: the alternative not paid and why"
# a medium enterprise with 15万 of 首贷贴息: interest_paid is not needed
ev $M24 m24_medium_first_loan.json 2025-06-01
is "$(field "$OUT" amount)" '"150000.00"' "M24: a medium enterprise gets the 1:1 match (first-loan-scope=any-enterprise)"
ev $M24 m24_medium_first_loan.json 2025-06-01 --interpret first-loan-scope=small-micro
is "$(field "$OUT" status)" '"ineligible"' "M24: first-loan-scope=small-micro: ineligible"
ev $M24 m24_small_srdi.json 2023-12-31
is "$(field "$OUT" status)" '"not_in_force"' "M24: not in force before 2024 (附则3)"

# ---- M25: 第三条 / 第十三条 / 第十四条, the highest ----
# bank J6621: scale 0.5% × 8亿 = 4,000,000; growth 2亿/6亿 = 33% → 2% × 2亿 = 4,000,000 → cap 2,000,000
ev $M25 m25_bank.json 2026-03-01
is "$RC" 0 "M25 example 1: eval exits 0"
is "$(field "$OUT" status)" '"eligible"' "M25 example 1: eligible"
is "$(field "$OUT" amount)" '"4000000.00"' "M25 example 1: reward 4000000.00"
is "$(outputs "$OUT")" '{"supply_chain_reward":"0.00","scale_reward":"4000000.00","growth_reward":"2000000.00","reward":"4000000.00","article":"第十三条"}' \
  "M25 example 1: every output (scale 4000000.00, growth 2000000.00, 第十三条)"
like "$OUT" '"name":"growth_reward","clause":"第十四条","text":"[^"]*","amount":"2000000.00","paid":false,"why":"lower than scale_reward' \
  "M25 example 1: 第十四条 not paid: lower than 第十三条"
# securities J6712: scale 1% × 10亿 = 10,000,000 → cap 5,000,000; growth 25% → cap 2,000,000
ev $M25 m25_securities.json 2026-03-01
is "$(field "$OUT" amount)" '"5000000.00"' "M25 example 2: reward 5000000.00"
is "$(outputs "$OUT")" '{"supply_chain_reward":"0.00","scale_reward":"5000000.00","growth_reward":"2000000.00","reward":"5000000.00","article":"第十三条"}' \
  "M25 example 2: every output (scale 5000000.00 capped, growth 2000000.00, 第十三条)"
# 第三条 0.1% × 3亿 = 300,000 = 第十四条 2% × 1500万: the lower article
ev $M25 m25_leasing_tie.json 2026-03-01
is "$(outputs "$OUT")" '{"supply_chain_reward":"300000.00","scale_reward":"0.00","growth_reward":"300000.00","reward":"300000.00","article":"第三条"}' \
  "M25: a tie between 第三条 and 第十四条 pays the lower article"
like "$OUT" '"why":"equal to supply_chain_reward \(300,000.00元\), which is paid: on equal amounts the alternative listed first is paid"' \
  "M25: the tie rule is stated for 第十四条"
ev $M25 m25_bank.json 2026-03-01 --interpret non-stacking=pairwise
is "$(field "$OUT" amount)" '"4000000.00"' "M25 pairwise: max(0 + 4,000,000, 2,000,000) = 4000000.00"
like "$OUT" '"alternatives":\[\{"name":"reward-pairwise"' "M25 pairwise: weighs the pairwise alternatives"

# ---- gazette run over the fixture tables ----
command -v sqlite3 >/dev/null || { echo "ok $((TAP_N + 1)) # SKIP sqlite3 not installed"; TAP_N=$((TAP_N + 1)); done_testing; }
DB="$TMP/wave2_bda.db"
sqlite3 "$DB" < "$(dirname "$0")/../fixtures/wave2_bda.sql"
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
    like "$body" "^$rid,$id,$want(,|\$)" "$id: record $rid $want"
  done
}
# 1: 400,000; 2: 18,000; 3: 600,000 → 500,000; 4: 15,050 → 15,100; 5: medium, match 150,000;
# 6: match 250,000 → 200,000; 7: nothing applies; 8: outside 亦庄新城; 10: size unknown
check $M24 bda_sme_loans 2025-06-01 10 1=eligible,400000.00 2=eligible,18000.00,15000.00,18000.00 \
  3=eligible,500000.00 4=eligible,15100.00 5=eligible,150000.00,0.00,150000.00 6=eligible,200000.00 \
  7=ineligible,0.00 8=ineligible,0.00 9=ineligible,0.00 10=undetermined,
# 1: 4,000,000 第十三条; 2: 5,000,000; 3: insurer 2,000,000; 4: factoring 200,000 第三条; 5: growth
# 200,000; 6: 5000万 in the 15% tier, 140,000; 7: 2,050 → 2,100; 8: tie → 第三条; 9: subordinate;
# 10: 2023 not in force; 11: prior revenue unknown
check $M25 bda_financial_institutions 2026-03-01 12 \
  1=eligible,4000000.00,0.00,4000000.00,2000000.00,4000000.00,第十三条 2=eligible,5000000.00 \
  3=eligible,2000000.00 4=eligible,200000.00,200000.00,0.00,0.00,200000.00,第三条 \
  5=eligible,200000.00,0.00,0.00,200000.00,200000.00,第十四条 6=eligible,140000.00 7=eligible,2100.00 \
  8=eligible,300000.00,300000.00,0.00,300000.00,300000.00,第三条 9=ineligible,0.00 10=not_in_force, \
  11=undetermined, 12=ineligible,0.00
done_testing
