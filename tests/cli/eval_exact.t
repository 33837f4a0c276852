#!/usr/bin/env bash
# gazette eval --input reads JSON numbers exactly (issue 21): a float is read through its
# shortest decimal form (15, 16 or 17 digits, whichever reads back as the same double), so 0.1
# is exactly 1/10 and 4999.999999999999 stays itself; a number a double cannot carry is refused
# (exit 2) naming its field, line and column, as case --data refuses it (core/jsonexact.c).
# M2, 京技管〔2022〕48号 第五条: 地上建筑面积5000平方米以上 (the floor includes 5,000 m²), 180元/m².
. "$(dirname "$0")/../tap.sh"
D="$(dirname "$0")/data/policies"
M2=yizhuang.prefab-building-reward
with_area() { sed "s/\"aboveground_area_m2\": 20000/\"aboveground_area_m2\": $1/" "$D/prefab_building_reward.json" > "$TMP/in.json"; }
status_amount() { printf '%s' "$OUT" | python3 -c 'import json,sys; r = json.load(sys.stdin); print(r["status"], r["amount"])'; }

with_area 5000
run $GAZETTE eval $M2 --input "$TMP/in.json" --as-of 2023-05-10 --json
is "$(status_amount)" "eligible 900000.00" "5000 m² (the floor itself): eligible, 180 × 5,000 = 900,000.00"
with_area 4999.999999999999
run $GAZETTE eval $M2 --input "$TMP/in.json" --as-of 2023-05-10 --json
is "$RC" 0 "4999.999999999999 m² (16 significant digits, exact in a double's shortest form): exit 0"
is "$(status_amount)" "ineligible 0.00" "  below the floor: ineligible (read as 5000 before, 15 digits: eligible for 900,000.00)"
with_area '"4999.999999999999"'
run $GAZETTE eval $M2 --input "$TMP/in.json" --as-of 2023-05-10 --json
is "$(status_amount)" "ineligible 0.00" "  the same as a string"
with_area 5000.000000000001
run $GAZETTE eval $M2 --input "$TMP/in.json" --as-of 2023-05-10 --json
is "$(status_amount)" "eligible 900000.00" "5000.000000000001 m²: eligible, 180 × 5,000.000000000001 = 900,000.00 (half-up to 分)"

with_area 4999.9999999999999
run $GAZETTE eval $M2 --input "$TMP/in.json" --as-of 2023-05-10 --json
is "$RC" 2 "4999.9999999999999 (17 nines: a double cannot hold it): exit 2"
is "$ERR" "gazette eval: $TMP/in.json: \"aboveground_area_m2\": the number 4999.9999999999999 (line 2, column 25) cannot be read exactly from JSON (it would be 5000); write it as a string: \"4999.9999999999999\"" \
  "  naming the file, field, line and column, and what to write instead"
is "$OUT" "" "  and nothing is evaluated"
with_area '"4999.9999999999999"'
run $GAZETTE eval $M2 --input "$TMP/in.json" --as-of 2023-05-10 --json
is "$(status_amount)" "ineligible 0.00" "  written as a string it is read exactly: ineligible"

# A ratio: 0.1 is exactly 1/10 (10% of the fiscal share, below 第五条's 50%).
run $GAZETTE eval $M2 --input - --as-of 2023-05-10 --json --explain <<< "$(sed 's/"fiscal_share": "10%"/"fiscal_share": 0.1/' "$D/prefab_building_reward.json")"
is "$(status_amount)" "eligible 3600000.00" "fiscal_share 0.1 read as 1/10: eligible, 180 × 20,000 = 3,600,000.00"
run $GAZETTE eval $M2 --input - --as-of 2023-05-10 --json <<< "$(sed 's/"fiscal_share": "10%"/"fiscal_share": 0.10000000000000001/' "$D/prefab_building_reward.json")"
is "$RC" 2 "fiscal_share 0.10000000000000001 (the double nearest 0.1 written out to 17 digits): exit 2"
like "$ERR" "^gazette eval: standard input: \"fiscal_share\": the number 0.10000000000000001 \(line 1, column [0-9]+\) cannot be read exactly from JSON \(it would be 0.1\)" \
  "  naming standard input and the field"

# json.exact_numbers from Lua: the same check, for any JSON text
run $GAZETTE -e 'return require("json").exact_numbers("{\"a\": [1, 2.5, {\"b\": 1e-3}]}")'
is "$OUT" "true" "json.exact_numbers: 1, 2.5 and 1e-3 are exact"
run $GAZETTE -e 'local ok, why = require("json").exact_numbers("{\"a\": 1.00000000000000000001}") return tostring(ok) .. " " .. why'
is "$OUT" "false \"a\": the number 1.00000000000000000001 (line 1, column 7) cannot be read exactly from JSON (it would be 1); write it as a string: \"1.00000000000000000001\"" \
  "  and 1.00000000000000000001 is not, named by its key"
# A batch reads a REAL column the same way, compiled or not: 4999.999999999999 stays below the
# floor (the compiled path read a REAL with 15 digits: 5000, eligible for 900,000.00)
sqlite3 "$TMP/pop.db" "CREATE TABLE projects (id INTEGER PRIMARY KEY, in_yizhuang INTEGER, building_use TEXT,
  fiscal_share TEXT, aboveground_area_m2 REAL, planning_permit_on TEXT, assembly_rate TEXT, precast_rate TEXT,
  height_m INTEGER, meets_db11_t1831 INTEGER);
  INSERT INTO projects VALUES (1, 1, '工业建筑', '10%', 4999.999999999999, '2020-11-10', '55%', '42%', 45, 0);
  INSERT INTO projects VALUES (2, 1, '工业建筑', '10%', 5000.0, '2020-11-10', '55%', '42%', 45, 0);
  INSERT INTO projects VALUES (3, 1, '工业建筑', '10%', 5000.5, '2020-11-10', '55%', '42%', 45, 0);"
for mode in "" --no-compile; do
  run $GAZETTE run $M2 --db "$TMP/pop.db" --as-of 2023-05-10 --out "$TMP/r$mode.csv" $mode
  is "$(cut -d, -f1,3,4 "$TMP/r$mode.csv" | tail -n +2 | tr '\n' ' ')" "1,ineligible,0.00 2,eligible,900000.00 3,eligible,900090.00 " \
    "run ${mode:-compiled}: REAL 4999.999999999999 ineligible; 5000 → 900,000.00; 5000.5 → 180 × 5,000.5 = 900,090.00"
done
done_testing
