#!/usr/bin/env bash
# Wave-2 measures M16–M19 (group wave2_beijing_a): `gazette eval ID --input FILE --as-of DATE
# --json` on each worked case, compared exactly (status, amount and every
# output), and `gazette run` over the group's fixture tables (tests/fixtures/wave2_beijing_a.sql):
# no error rows, and the amounts and outputs of chosen records.
. "$(dirname "$0")/../tap.sh"
D="$(dirname "$0")/data/policies"


ev() { local id=$1 file=$2 as_of=$3; shift 3; run "$GAZETTE" eval "$id" --input "$D/$file" --as-of "$as_of" --json "$@"; }
# has TEXT FRAGMENT DESC: TEXT holds FRAGMENT exactly (fixed string).
has() {
  if printf '%s' "$1" | grep -qF -- "$2"; then _tap_result 0 "$3"; else _tap_result 1 "$3" "got:      '$1'
expected: '$2'"; fi
}
# line TEXT LINE DESC: one line of TEXT is exactly LINE.
line() {
  if printf '%s\n' "$1" | grep -qxF -- "$2"; then _tap_result 0 "$3"; else _tap_result 1 "$3" "got:      '$1'
expected the line: '$2'"; fi
}
# result STATUS AMOUNT OUTPUTS: the JSON of gazette eval --json from status to the end of outputs.
result() { printf '"status":"%s","amount":%s,"outputs":{%s}' "$1" "$2" "$3"; }

# ---- M16 beijing.vc-lp-risk-subsidy (京科发〔2021〕79号 (四))
M=beijing.vc-lp-risk-subsidy
ev $M vc_lp_risk_subsidy_s_fund.json 2022-06-01
is "$RC" 0 "M16 eval exits 0"
has "$OUT" '"measure":"beijing.vc-lp-risk-subsidy","as_of":"2022-06-01"' "M16: measure and as_of"
# 3亿 ≤ 4亿 ≤ 5亿 → 500万; an S基金 gets no 朝阳区 match
has "$OUT" "$(result eligible '"5000000.00"' '"municipal_cap":"5000000.00","chaoyang_match_cap":"0.00","total_cap":"5000000.00"')" \
  "M16: 保险资金 in an S基金, 4亿 → 5000000.00 + 0.00 = 5000000.00"
ev $M vc_lp_risk_subsidy_chaoyang.json 2022-06-01
# 10亿 ∈ 5—10(含) → 800万, matched 1:1 by 朝阳区
has "$OUT" "$(result eligible '"16000000.00"' '"municipal_cap":"8000000.00","chaoyang_match_cap":"8000000.00","total_cap":"16000000.00"')" \
  "M16: 社保基金 in a 创投基金 in 朝阳区, 10亿 → 8000000.00 + 8000000.00 = 16000000.00"
has "$OUT" '"tier-edge":"explicit-han"' "M16: the tier-edge reading is recorded"
ev $M vc_lp_risk_subsidy_chaoyang.json 2022-06-01 --interpret tier-edge=civil-code
# 10亿 ≥ 10亿 (以上) → 1000万 + 1000万
has "$OUT" '"amount":"20000000.00"' "M16: civil-code puts 10亿 in the top tier: 20000000.00"
ev $M vc_lp_risk_subsidy_s_fund.json 2021-12-29
has "$OUT" "$(result not_in_force null '"municipal_cap":null,"chaoyang_match_cap":null,"total_cap":null')" \
  "M16: not in force before 2021-12-30"

# ---- M17 beijing.sme-service-platform-eligibility (京经信发〔2022〕37号 第六条、第七条、第十五条)
M=beijing.sme-service-platform-eligibility
ev $M sme_service_platform_eligibility.json 2023-07-31
is "$RC" 0 "M17 eval exits 0"
has "$OUT" "$(result eligible null '"served_threshold":100')" "M17: general platform serving 120 → eligible, served_threshold 100, amount null"
ev $M sme_service_platform_eligibility_production.json 2023-07-31
has "$OUT" "$(result eligible null '"served_threshold":50')" "M17: production platform serving 55 → eligible, served_threshold 50"
ev $M sme_service_platform_eligibility.json 2023-07-31 --interpret in-principle=binding --interpret lookback=closed \
  --interpret relaxation=not-modelled
is "$RC" 0 "M17: the readings named by their default choices are accepted"
has "$OUT" "$(result eligible null '"served_threshold":100')" "  and give the same result"
ev $M sme_service_platform_eligibility.json 2022-05-18
has "$OUT" '"status":"not_in_force"' "M17: not in force before 2022-05-19"

# ---- M18 beijing.sme-first-loan-subsidy-2022 (（六）; valid on the loan date)
M=beijing.sme-first-loan-subsidy-2022
ev $M sme_first_loan_subsidy_2022_interest.json 2022-09-01
is "$RC" 0 "M18 eval exits 0"
# H62 餐饮业: 12,345.67 × 40% = 4,938.268 → 4,938.27
has "$OUT" "$(result eligible '"4938.27"' '"subsidy":"4938.27"')" "M18: restaurant 贴息 12,345.67 × 40% → 4938.27"
ev $M sme_first_loan_subsidy_2022_fee.json 2022-09-01
# 2,000,000 × 1% × 180 ÷ 365 = 9,863.0137 → 9,863.01 < 12,000
has "$OUT" "$(result eligible '"9863.01"' '"subsidy":"9863.01"')" "M18: 担保费补助 2,000,000 × 1% × 180/365 → 9863.01"
ev $M sme_first_loan_subsidy_2022_fee.json 2022-09-01 --interpret day-count=360
has "$OUT" '"amount":"10000.00"' "M18: day-count=360 gives 10000.00"
ev $M sme_first_loan_subsidy_2022_interest.json 2024-01-01
has "$OUT" '"status":"eligible"' "M18: validity is tested on the loan date, not as_of"

# ---- M19 beijing.state-property-rent-relief-2022 (（三）)
M=beijing.state-property-rent-relief-2022
ev $M state_property_rent_relief_2022_risk.json 2022-06-01
is "$RC" 0 "M19 eval exits 0"
has "$OUT" "$(result eligible '"108000.00"' '"months":6,"relief":"108000.00"')" "M19: risk district → 6 × 18,000 = 108000.00"
ev $M state_property_rent_relief_2022.json 2022-06-01
has "$OUT" "$(result eligible '"54000.00"' '"months":3,"relief":"54000.00"')" "M19: elsewhere → 3 × 18,000 = 54000.00"
ev $M state_property_rent_relief_2022.json 2023-01-01
has "$OUT" '"status":"not_in_force"' "M19: not in force in 2023"

# ---- gazette run over the fixtures
if ! command -v sqlite3 >/dev/null; then # builds the fixture tables
  for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "ok $((TAP_N + 1)) # SKIP sqlite3 not installed"; TAP_N=$((TAP_N + 1)); done
  done_testing
fi
DB="$TMP/wave2_beijing_a.db"
sqlite3 "$DB" < "$(dirname "$0")/../fixtures/wave2_beijing_a.sql"
# check MEASURE TABLE AS_OF ROWS 'EXACT CSV ROW'...: the run exits 0, writes ROWS rows, none an
# error, and each given row exactly as a whole line (record_id,measure,status,amount,outputs...,error).
check() {
  local id=$1 table=$2 as_of=$3 rows=$4; shift 4
  run "$GAZETTE" run "$id" --db "$DB" --table "$table" --as-of "$as_of" --out "$TMP/$table.csv"
  is "$RC" 0 "$id over $table: exits 0"
  local body; body=$(tail -n +2 "$TMP/$table.csv" 2>/dev/null)
  is "$(printf '%s\n' "$body" | grep -c .)" "$rows" "$id: $rows result rows"
  unlike "$body" '^[^,]*,[^,]*,error,' "$id: no error rows"
  local row
  for row in "$@"; do line "$body" "$row" "$id: row $row"; done
}
# 4亿 → 500万; 10亿 → 800万 + 800万; 5亿 in 朝阳区 创投 → 500万 + 500万; 12亿 → 1000万
check beijing.vc-lp-risk-subsidy vc_lp_investments 2022-06-01 13 \
  "1,beijing.vc-lp-risk-subsidy,eligible,5000000.00,5000000.00,0.00,5000000.00," \
  "2,beijing.vc-lp-risk-subsidy,eligible,16000000.00,8000000.00,8000000.00,16000000.00," \
  "4,beijing.vc-lp-risk-subsidy,ineligible,0.00,0.00,0.00,0.00," \
  "5,beijing.vc-lp-risk-subsidy,eligible,10000000.00,5000000.00,5000000.00,10000000.00," \
  "7,beijing.vc-lp-risk-subsidy,eligible,10000000.00,10000000.00,0.00,10000000.00," \
  "12,beijing.vc-lp-risk-subsidy,undetermined,,,,,"
# the worked cases; exactly two years and the minimum of everything; a ban ending the day before
check beijing.sme-service-platform-eligibility sme_platforms 2023-07-31 13 \
  "1,beijing.sme-service-platform-eligibility,eligible,,100," \
  "2,beijing.sme-service-platform-eligibility,eligible,,50," \
  "3,beijing.sme-service-platform-eligibility,eligible,,100," \
  "4,beijing.sme-service-platform-eligibility,ineligible,,," \
  "5,beijing.sme-service-platform-eligibility,ineligible,,," \
  "11,beijing.sme-service-platform-eligibility,eligible,,100," \
  "12,beijing.sme-service-platform-eligibility,undetermined,,,"
# 12,345.67 × 40%; 2,000,000 × 1% × 180/365; 1,000.50 × 1% = 10.005 → 10.01; 2,500 × 40%
check beijing.sme-first-loan-subsidy-2022 first_loans 2022-09-01 13 \
  "1,beijing.sme-first-loan-subsidy-2022,eligible,4938.27,4938.27," \
  "2,beijing.sme-first-loan-subsidy-2022,eligible,9863.01,9863.01," \
  "4,beijing.sme-first-loan-subsidy-2022,eligible,5000.00,5000.00," \
  "5,beijing.sme-first-loan-subsidy-2022,eligible,10.01,10.01," \
  "9,beijing.sme-first-loan-subsidy-2022,not_in_force,,," \
  "13,beijing.sme-first-loan-subsidy-2022,eligible,1000.00,1000.00,"
# 6 × 18,000; 3 × 18,000; 3 × 12,345.67; 6 × 8,000 (个体工商户); 3 × 10,000 (C4320 修理业)
check beijing.state-property-rent-relief-2022 rent_relief_tenants 2022-06-01 13 \
  "1,beijing.state-property-rent-relief-2022,eligible,108000.00,6,108000.00," \
  "2,beijing.state-property-rent-relief-2022,eligible,54000.00,3,54000.00," \
  "3,beijing.state-property-rent-relief-2022,eligible,37037.01,3,37037.01," \
  "4,beijing.state-property-rent-relief-2022,eligible,48000.00,6,48000.00," \
  "5,beijing.state-property-rent-relief-2022,eligible,30000.00,3,30000.00," \
  "6,beijing.state-property-rent-relief-2022,ineligible,0.00,,0.00," \
  "11,beijing.state-property-rent-relief-2022,undetermined,,,,"
done_testing
