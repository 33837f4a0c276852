#!/usr/bin/env bash
# 京技管发〔2024〕33号 第十一条 (bda.pe-manager-landing-reward) and 第十二条 (bda.qflp-landing-reward):
# `gazette eval` on the research examples, then `gazette run` of both over their fixture
# (tests/fixtures/bda_fund_landing.sql), where 就高不重复 (exclusivity group bda.fund-landing)
# pays only the higher of the two on each record.
. "$(dirname "$0")/../tap.sh"
A11=bda.pe-manager-landing-reward
A12=bda.qflp-landing-reward

field() {
  "$GAZETTE" -e "local json = require 'json' local o = json.decode([==[$1]==]) return json.encode(o.$2)"
}
ev() { printf '%s' "$2" > "$TMP/in.json"; run "$GAZETTE" eval "$1" --input "$TMP/in.json" --as-of 2025-06-01 --json; }

MANAGER='{"in_yizhuang": true, "major_penalty_or_crime_3y": false, "serious_dishonest_list": false,
  "paid_in_capital": "8000万", "excluded_capital": 0, "managed_funds_paid_in": "5亿", "driving_effect": true,
  "new_qflp_qualification": false,
  "qflp_funds": [{"paid_in_usd": 50000000, "excluded_usd": 0, "amac_filed": true, "operating_in_bda": true}]}'
# 第十一条: 80,000,000 in [5000万, 1亿): 3% = 2,400,000 ≤ 3,000,000
ev $A11 "$MANAGER"
is "$RC" 0 "第十一条: eval exits 0"
is "$(field "$OUT" status)" '"eligible"' "第十一条: the manager is eligible"
is "$(field "$OUT" amount)" '"2400000.00"' "第十一条: 8000万 × 3% = 2400000.00 (worked case: manager 8000万, funds 5亿)"
# 第十二条: a USD 50 million fund in [5000万, 1亿) USD: 800,000
ev $A12 "$MANAGER"
is "$(field "$OUT" amount)" '"800000.00"' "第十二条: the USD 50 million fund earns 800000.00 alone"
like "$OUT" '"items":\{"rewarded":\{"list":"qflp_funds".*"counted":1' "第十二条: the fund counted"
# in_yizhuang derived from reg_district when the record does not give it
ev $A11 "$(printf '%s' "$MANAGER" | sed 's/"in_yizhuang": true/"reg_district": "亦庄"/')"
is "$(field "$OUT" amount)" '"2400000.00"' "第十一条: registered in 亦庄 (经开区): in_yizhuang derived"
ev $A11 "$(printf '%s' "$MANAGER" | sed 's/"in_yizhuang": true/"in_yizhuang": true, "reg_district": "海淀区"/')"
is "$RC" 2 "a record whose in_yizhuang contradicts its reg_district is refused (exit 2)"
like "$ERR" "input 'in_yizhuang': the record gives true, but reg_district = '海淀区' derives false" "naming both fields"

# ---- both over the fixture: 就高不重复 record by record ----
DB="$TMP/fund_landing.db"
sqlite3 "$DB" < "$(dirname "$0")/../fixtures/bda_fund_landing.sql"
run "$GAZETTE" run $A11 $A12 --db "$DB" --table fund_managers --as-of 2025-06-01 --out "$TMP/r.csv"
is "$RC" 0 "gazette run of both measures: exit 0"
row() { awk -F, -v id="$1" -v m="$2" '$1 == id && $2 == m { print $3 "," $4 }' "$TMP/r.csv"; }
is "$(row 1 $A11)" "eligible,2400000.00" "record 1 (worked case: 第十一条 against a USD 50 million fund): 第十一条 pays 2400000.00"
is "$(row 1 $A12)" "ineligible,0.00" "record 1: 第十二条's 800,000 is not stacked"
is "$(row 2 $A12)" "eligible,2000000.00" "record 2: 第十二条 pays 1,000,000 + 1,000,000 (qualification and a USD 100 million fund)"
is "$(row 2 $A11)" "ineligible,0.00" "record 2: 第十一条's 400,000 is not stacked"
is "$(row 3 $A11)" "eligible,800000.00" "record 3: equal amounts (800,000 each): the id that sorts first pays"
is "$(row 3 $A12)" "ineligible,0.00" "record 3: 第十二条 excluded on the tie"
is "$(row 4 $A11),$(row 4 $A12)" "eligible,4000000.00,ineligible,0.00" "record 4: only 第十一条 (1亿 × 4%)"
is "$(row 5 $A11),$(row 5 $A12)" "ineligible,0.00,eligible,1000000.00" "record 5: only 第十二条 (the qualification)"
is "$(row 6 $A11),$(row 6 $A12)" "undetermined,,undetermined," \
  "record 6: 第十一条 undetermined may pay more, so 第十二条 is undetermined too"
is "$(row 7 $A11),$(row 7 $A12)" "ineligible,0.00,eligible,500000.00" \
  "record 7: in_yizhuang derived from reg_district 经开区 (the column is fetched): 第十二条's 500,000 over 第十一条's 400,000"
is "$(row 8 $A11),$(row 8 $A12)" "ineligible,0.00,ineligible,0.00" "record 8: registered in 朝阳区, both ineligible (附则2)"
total() { awk -F, 'NR > 1 && $3 == "eligible" { split($4, a, "."); s += a[1] * 100 + a[2] } END { printf "%d.%02d", s / 100, s % 100 }' "$TMP/r.csv"; }
# 2,400,000 + 2,000,000 + 800,000 + 4,000,000 + 1,000,000 + 500,000 (records 1-5, 7)
is "$(total)" "10700000.00" "what the two pay together: 10700000.00"
unlike "$(cat "$TMP/r.csv")" ",error," "no error rows"
done_testing
