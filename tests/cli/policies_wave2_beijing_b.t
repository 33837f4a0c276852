#!/usr/bin/env bash
# The wave-2 Beijing calculators and compliance checks M20–M23 (docs/policies.md): the worked
# cases through `gazette eval ID --input FILE --as-of DATE --json` (status, amount and every
# output the case gives, text, dates and counts included), then `gazette run` over each
# measure's sample table (tests/fixtures/wave2_beijing_b.sql): no error rows, specific amounts
# and the text, date and count columns.
. "$(dirname "$0")/../tap.sh"

# has JSON KEY VALUE DESC: the JSON text holds "KEY": VALUE (VALUE a JSON literal).
has() {
  local v; v=$(printf '%s' "$3" | sed 's/[.[\*^$]/\\&/g')
  like "$1" "\"$2\" *: *$v" "$4"
}
# ev ID AS_OF JSON [OPTIONS...]: evaluates the record JSON (written to a file) as of AS_OF.
ev() {
  local id=$1 as_of=$2 json=$3; shift 3
  printf '%s\n' "$json" > "$TMP/input.json"
  run "$GAZETTE" eval "$id" --input "$TMP/input.json" --as-of "$as_of" --json "$@"
}

# ---- M20 beijing.construction-permit-requirement ----
M20='{"work_type": "房屋建筑", "purpose": "一般", "investment": 5000000, "floor_area_m2": 2000,
      "start_report_approved": false, "started_without_permit": true, "contract_price": 4800000}'
ev beijing.construction-permit-requirement 2024-05-01 "$M20"
is "$RC" 0 "M20 eval exits 0"
has "$OUT" status '"eligible"' "M20: the 办法 applies: eligible"
# 500万 > 30万 and 2,000 m² > 300 m² → 应当领取; 4,800,000 × 1% = 48,000, × 2% = 96,000
has "$OUT" permit '"应当领取"' "M20: permit 应当领取"
has "$OUT" fine_min '"48000.00"' "M20: fine_min 4,800,000 × 1% = 48000.00"
has "$OUT" fine_max '"96000.00"' "M20: fine_max 4,800,000 × 2% = 96000.00"
has "$OUT" amount '"96000.00"' "M20: the main amount is fine_max"
ev beijing.construction-permit-requirement 2024-05-01 "$M20" --interpret exemption-or=both
has "$OUT" exemption-or '"both"' "M20: --interpret exemption-or=both recorded"
ev beijing.construction-permit-requirement 2024-05-01 \
  '{"work_type": "装饰装修", "purpose": "一般", "investment": "25万", "floor_area_m2": 500,
    "start_report_approved": false}'
# 25万 ≤ 30万: one figure suffices; contract_price not needed
has "$OUT" permit '"可以不申请"' "M20: 25万 and 500 m² may skip the permit (either)"
has "$OUT" amount '"0.00"' "M20: no fine on an exempt project"
ev beijing.construction-permit-requirement 2024-05-01 \
  '{"work_type": "装饰装修", "purpose": "一般", "investment": "25万", "floor_area_m2": 500,
    "start_report_approved": false, "contract_price": 100000}' --interpret exemption-or=both
has "$OUT" permit '"应当领取"' "M20: under exemption-or=both 500 m² > 300 m² needs a permit"
ev beijing.construction-permit-requirement 2024-05-01 \
  '{"work_type": "房屋建筑", "purpose": "农民自建住宅", "floors": 2, "investment": 400000,
    "floor_area_m2": 320, "start_report_approved": false}'
has "$OUT" status '"ineligible"' "M20: a farmer's two-storey house is outside the 办法"
has "$OUT" permit 'null' "M20: ineligible nulls the permit text"
has "$OUT" fine_max '"0.00"' "M20: ineligible gives 0.00 fines"
ev beijing.construction-permit-requirement 2021-09-30 "$M20"
has "$OUT" status '"not_in_force"' "M20: not in force before 2021-10-01"

# ---- M21 beijing.illegal-construction-penalty ----
M21='{"completed": true, "has_permit": true, "conformable": true, "settled": true,
      "settlement_price": 3500000, "discovered_on": "2024-09-20"}'
ev beijing.illegal-construction-penalty 2024-10-08 "$M21"
is "$RC" 0 "M21 eval exits 0"
has "$OUT" status '"eligible"' "M21: a completed work: eligible"
has "$OUT" handler '"规划和自然资源主管部门"' "M21: a permit holder's case goes to the planning authority"
has "$OUT" order '"限期改正"' "M21: removable storeys: 限期改正"
has "$OUT" cost '"3500000.00"' "M21: cost = the settlement price"
has "$OUT" fine_min '"175000.00"' "M21: fine_min 3,500,000 × 5%"
has "$OUT" fine_max '"350000.00"' "M21: fine_max 3,500,000 × 10%"
has "$OUT" amount '"350000.00"' "M21: the main amount is fine_max"
# 2024-09-20 + 20 days = Thursday 2024-10-10
has "$OUT" order_by '"2024-10-10"' "M21: order_by = period_end(2024-09-20, 20 days)"
ev beijing.illegal-construction-penalty 2024-10-08 "$M21" --interpret days=workdays
has "$OUT" order_by '"2024-10-23"' "M21: under days=workdays the 20th working day, 2024-10-23"
ev beijing.illegal-construction-penalty 2024-10-08 \
  '{"completed": true, "has_permit": false, "has_planning_document": false, "demolishable": true,
    "settled": false, "contract_price": 800000, "contract_below_market": false}'
has "$OUT" handler '"街道办事处、乡镇人民政府"' "M21: no permit or document: the 街道/乡镇"
has "$OUT" order '"限期拆除"' "M21: not correctable, demolishable: 限期拆除"
has "$OUT" order_by 'null' "M21: no order_by for a demolition"
has "$OUT" amount '"0.00"' "M21: no fine with a demolition order (demolition-fine=none)"
ev beijing.illegal-construction-penalty 2024-10-08 '{"completed": false}'
has "$OUT" status '"ineligible"' "M21: works under construction are ineligible (第十条)"
ev beijing.illegal-construction-penalty 2020-11-14 "$M21"
has "$OUT" status '"not_in_force"' "M21: not in force before 2020-11-15"

# ---- M22 beijing.safety-manager-staffing ----
ev beijing.safety-manager-staffing 2024-06-01 \
  '{"sector": "建筑施工", "own_employees": 240, "dispatched_workers": 15, "has_safety_department": true,
    "fulltime_managers": 3, "parttime_managers": 0}'
is "$RC" 0 "M22 eval exits 0"
has "$OUT" status '"eligible"' "M22: a compliance check is eligible"
has "$OUT" amount 'null' "M22: no amount"
has "$OUT" workforce '255' "M22: workforce 240 + 15 = 255"
has "$OUT" department '"应当设置"' "M22: 255 > 100: department"
# 255 × 1% = 2.55 → 3
has "$OUT" required_fulltime '3' "M22: ⌈2.55⌉ = 3 full-time managers"
has "$OUT" required_engineers '0' "M22: no engineers for 建筑施工"
has "$OUT" compliance '"合规"' "M22: compliant"
ev beijing.safety-manager-staffing 2024-06-01 \
  '{"sector": "矿山", "own_employees": 650, "dispatched_workers": 0, "has_safety_department": true,
    "fulltime_managers": 7, "parttime_managers": 0, "registered_engineers": 1}'
# 650 × 1% = 6.5 → 7; 15% × 7 = 1.05 → 2
has "$OUT" required_fulltime '7' "M22: mine of 650: 7 full-time"
has "$OUT" required_engineers '2' "M22: 15% × 7 = 1.05 → 2 engineers"
has "$OUT" compliance '"不合规"' "M22: one engineer is short"
like "$OUT" '第三十七条' "M22: the explanation cites 第三十七条"

# ---- M23 beijing.public-building-energy-grade ----
ev beijing.public-building-energy-grade 2025-03-01 \
  '{"building_area_m2": 25000, "public_area_m2": 24000, "state_secret": false, "energy_intensity": 130,
    "guide_value": 80, "constraint_value": 100, "data_year": 2024}'
is "$RC" 0 "M23 eval exits 0"
has "$OUT" status '"eligible"' "M23: in scope: eligible"
has "$OUT" amount 'null' "M23: no amount"
# 100 < 130 ≤ 150
has "$OUT" grade '3' "M23: C < 130 ≤ 1.5C: grade 3"
has "$OUT" obligation '"green-operation"' "M23: grade 3: green-operation"
has "$OUT" grading_due '"2025-06-30"' "M23: 25,000 m² > 20,000: due 2025-06-30"
ev beijing.public-building-energy-grade 2025-03-01 \
  '{"building_area_m2": 20000, "public_area_m2": 20000, "state_secret": false, "energy_intensity": "159.84",
    "guide_value": "66.6", "constraint_value": "88.8", "data_year": 2024}'
# 1.8 × 88.8 = 159.84 exactly; 20,000 is not over 20,000
has "$OUT" grade '4' "M23: I = 1.8C exactly (159.84): grade 4"
has "$OUT" grading_due 'null' "M23: exactly 20,000 m² is not large"
ev beijing.public-building-energy-grade 2025-01-31 \
  '{"building_area_m2": 25000, "public_area_m2": 24000, "state_secret": false, "energy_intensity": 130,
    "guide_value": 80, "constraint_value": 100, "data_year": 2024}'
has "$OUT" status '"not_in_force"' "M23: not in force before 2025-02-01"

# ---- gazette run over the sample tables ----
if ! command -v sqlite3 >/dev/null; then # builds the sample tables
  TAP_N=$((TAP_N + 1)); echo "ok $TAP_N # SKIP sqlite3 not installed: the batch checks"; done_testing
fi
DB="$TMP/wave2_beijing_b.db"
sqlite3 "$DB" < "$(dirname "$0")/../fixtures/wave2_beijing_b.sql"

# batch ID TABLE AS_OF ROWS [ROW-REGEX...]: runs, checks the row count, no error rows, and that
# each ROW-REGEX (a whole CSV line after record_id,measure,) matches a line.
batch() {
  local id=$1 table=$2 as_of=$3 rows=$4; shift 4
  run "$GAZETTE" run "$id" --db "$DB" --table "$table" --as-of "$as_of" --out "$TMP/$table.csv"
  is "$RC" 0 "$id over $table: exits 0"
  local body; body=$(tail -n +2 "$TMP/$table.csv" 2>/dev/null)
  is "$(printf '%s\n' "$body" | grep -c .)" "$rows" "$id: $rows result rows"
  unlike "$body" '^[^,]*,[^,]*,error,' "$id: no error rows"
  local row
  for row in "$@"; do
    like "$body" "^${row%%,*},$id,${row#*,}\$" "$id: row ${row%%,*} is ${row#*,}"
  done
}
batch beijing.construction-permit-requirement construction_projects 2024-05-01 12 \
  '1,eligible,96000.00,应当领取,48000.00,96000.00,0.00,0.00,' \
  '2,eligible,0.00,可以不申请,0.00,0.00,0.00,0.00,' \
  '4,eligible,0.00,不再领取,0.00,0.00,0.00,0.00,' \
  '6,ineligible,0.00,,0.00,0.00,0.00,0.00,' \
  '9,eligible,96000.01,应当领取,48000.01,96000.01,0.00,0.00,' \
  '10,eligible,70000.00,应当领取,35000.00,70000.00,5000.00,30000.00,' \
  '12,undetermined,,,,,,,'
batch beijing.illegal-construction-penalty illegal_constructions 2024-10-08 9 \
  '1,eligible,350000.00,规划和自然资源主管部门,限期改正,3500000.00,175000.00,350000.00,2024-10-10,15,' \
  '2,eligible,200000.00,规划和自然资源主管部门,限期改正,2000000.00,100000.00,200000.00,2024-10-08,15,' \
  '3,eligible,200000.00,规划和自然资源主管部门,没收实物或者违法收入,2000000.00,0.00,200000.00,,,' \
  '4,eligible,0.00,街道办事处、乡镇人民政府,限期拆除,800000.00,0.00,0.00,,15,' \
  '5,eligible,150000.00,规划和自然资源主管部门,限期改正,1500000.00,75000.00,150000.00,2024-08-21,15,' \
  '8,ineligible,0.00,,,0.00,0.00,0.00,,,'
batch beijing.safety-manager-staffing safety_units 2024-06-01 10 \
  '1,eligible,,255,应当设置,3,0,合规,' \
  '2,eligible,,650,应当设置,7,2,不合规,' \
  '5,eligible,,300,无需设置,2,0,合规,' \
  '6,eligible,,601,应当设置,4,0,不合规,' \
  '10,undetermined,,,,,,,'
batch beijing.public-building-energy-grade public_buildings 2025-03-01 9 \
  '1,eligible,,3,green-operation,2025-06-30,false,true,' \
  '3,eligible,,4,green-operation,,false,true,' \
  '4,eligible,,5,retrofit,2025-06-30,false,false,' \
  '6,ineligible,,,,,,,'
done_testing
