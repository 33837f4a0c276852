#!/usr/bin/env bash
# gazette eval: the JSON object of --json, the human text, exit codes and every error path.
. "$(dirname "$0")/../tap.sh"
M=tests/measures/demo/startup_jobs.lua
cat > "$TMP/ok.json" <<'J'
{"reg_district": "朝阳区", "tax_district": "朝阳区", "established_on": "2019-03-15",
 "operating_normally": true, "employees": 45, "revenue": "800万", "chaoyang_hukou_hires": 7}
J

run $GAZETTE eval $M --input "$TMP/ok.json" --as-of 2022-06-01 --json
is "$RC" 0 "eval --json exits 0"
# 30,000 + (7 − 3) × 10,000 = 70,000 (五（二）)
like "$OUT" '^\{"measure":"demo.startup-jobs","as_of":"2022-06-01","status":"eligible","amount":"70000.00","outputs":\{"subsidy":"70000.00","extra_hires":4\},"reasons":\[\{"rule":"district","clause":"五（二）","result":true,"text":"注册地和纳税地均在朝阳区"\}' \
  "the JSON object of --json, keys in order"
like "$OUT" '"missing":\[\],"interpretations":\{"hires-floor":"inclusive"\}' "missing and interpretations"
is "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 1 "one JSON object on one line"

run $GAZETTE --path tests/measures eval demo.startup-jobs --input "$TMP/ok.json" --as-of 2022年6月1日 --json
like "$OUT" '"status":"eligible","amount":"70000.00"' "a measure by id (with --path) and a Chinese --as-of"

run $GAZETTE eval $M --input - --as-of 2022-06-01 --json < "$TMP/ok.json"
like "$OUT" '"amount":"70000.00"' "--input - reads standard input"

sed 's/"chaoyang_hukou_hires": 7/"chaoyang_hukou_hires": 2/' "$TMP/ok.json" > "$TMP/two.json"
run $GAZETTE eval $M --input "$TMP/two.json" --as-of 2022-06-01
is "$RC" 0 "ineligible is still exit 0"
like "$OUT" "as of 2022-06-01: ineligible, amount 0.00元" "human text: the status and amount"
is "$(printf '%s\n' "$OUT" | sed -n 5p)" "Failed conditions (不符合):" "failed conditions come first"
like "$(printf '%s\n' "$OUT" | sed -n 6p)" "✗ hires \(五（二）\): 吸纳本区户籍劳动力3人以上  \[2 is not ≥ 3 \(以上\)\]" "each with its clause and the comparison"

run $GAZETTE eval $M --input "$TMP/ok.json" --as-of 2022-06-01 --explain
like "$OUT" "values used: chaoyang_hukou_hires = 7" "--explain shows the values each rule used"
like "$OUT" "30,000.00元 \+ 10,000.00元 × 4 = 70,000.00元, 上限 200,000.00元" "--explain shows the arithmetic"

sed 's/"tax_district": "朝阳区", //' "$TMP/ok.json" > "$TMP/missing.json"
run $GAZETTE eval $M --input "$TMP/missing.json" --as-of 2022-06-01 --json
like "$OUT" '"status":"undetermined","amount":null' "a missing input: undetermined, amount null"
like "$OUT" '"missing":\["tax_district"\]' "with the field in missing"

run $GAZETTE eval $M --input "$TMP/ok.json" --as-of 2020-12-31 --json
like "$OUT" '"status":"not_in_force","amount":null' "before valid.from: not_in_force"
run $GAZETTE eval $M --input "$TMP/ok.json" --as-of 2026-01-01 --json
like "$OUT" '"status":"not_in_force"' "after valid.to: not_in_force"

# what-if
run $GAZETTE eval $M --input "$TMP/ok.json" --as-of 2022-06-01 --set cap=5万 --json
like "$OUT" '"amount":"50000.00"' "--set cap=5万 changes the amount (70,000 capped at 50,000)"
like "$OUT" '"overrides":\{"cap":"5万"\}' "and is reported"
sed 's/"chaoyang_hukou_hires": 7/"chaoyang_hukou_hires": 3/' "$TMP/ok.json" > "$TMP/three.json"
run $GAZETTE eval $M --input "$TMP/three.json" --as-of 2022-06-01 --interpret hires-floor=exclusive --json
like "$OUT" '"status":"ineligible"' "--interpret hires-floor=exclusive: 3 hires no longer qualify"
like "$OUT" '"interpretations":\{"hires-floor":"exclusive"\}' "and the reading is reported"

# errors
run $GAZETTE eval $M --input "$TMP/ok.json" --as-of 2022-06-01 --set capp=1
is "$RC" 2 "an unknown parameter exits 2"
like "$ERR" "^gazette eval: --set capp: demo.startup-jobs has no parameter 'capp'; its parameters: base, per_hire, cap, min_hires" "naming the known ones"
run $GAZETTE eval $M --input "$TMP/ok.json" --as-of 2022-06-01 --set cap=lots
is "$RC" 2 "a bad --set value exits 2"
like "$ERR" "^gazette eval: --set cap=lots: cannot read 'lots' as money" "naming the parameter and value"
run $GAZETTE eval $M --input "$TMP/ok.json" --set nothing
is "$RC" 2 "--set without = exits 2"
like "$ERR" "--set expects NAME=VALUE, got 'nothing'" "saying what it expects"
run $GAZETTE eval $M --input "$TMP/ok.json" --interpret hires-floor=sometimes
is "$RC" 2 "an unknown interpretation choice exits 2"
like "$ERR" "allowed: exclusive, inclusive" "naming the allowed choices"

run $GAZETTE --path tests/measures eval demo.startup-job --input "$TMP/ok.json"
is "$RC" 2 "an unknown measure exits 2"
like "$ERR" "^gazette eval: unknown measure 'demo.startup-job'; did you mean: demo.startup-jobs" "naming near ids"
is "$OUT" "" "printing nothing on stdout"

printf '{"employees": 45,\n "revenue": }\n' > "$TMP/bad.json"
run $GAZETTE eval $M --input "$TMP/bad.json"
is "$RC" 2 "malformed input JSON exits 2"
like "$ERR" "^gazette eval: .*bad.json: malformed JSON: line 2, column 13" "with line and column"
run $GAZETTE eval $M --input "$TMP/nonexistent.json"
is "$RC" 2 "an unreadable input exits 2"
like "$ERR" "cannot read .*nonexistent.json: No such file" "naming the file"
printf '[1, 2]' > "$TMP/array.json"
run $GAZETTE eval $M --input "$TMP/array.json"
is "$RC" 2 "a JSON array instead of an object exits 2"
like "$ERR" "^gazette eval: .*/array.json: expected a JSON object of the measure's inputs" "  naming the file and what it must hold"
sed 's/"employees": 45/"employees": 4.5/' "$TMP/ok.json" > "$TMP/float.json"
run $GAZETTE eval $M --input "$TMP/float.json" --as-of 2022-06-01
is "$RC" 2 "an input of the wrong type exits 2"
like "$ERR" "input 'employees': cannot read 4.5 as an integer \(not a whole number\)" "naming the field and value"
sed 's/"revenue": "800万"/"revenu": "800万"/' "$TMP/ok.json" > "$TMP/typo.json"
run $GAZETTE eval $M --input "$TMP/typo.json" --as-of 2022-06-01 --json
like "$ERR" "warning: .*'revenu' is not an input of demo.startup-jobs; ignored \(did you mean 'revenue'\?\)" "an undeclared input field is a warning naming the near one"
like "$OUT" '"missing":\["revenue"\]' "and the declared one is missing"
run $GAZETTE eval $M --input "$TMP/ok.json" --as-of 2022-02-30
is "$RC" 2 "a bad --as-of exits 2"
like "$ERR" "^gazette eval: --as-of: invalid date '2022-02-30': day 30 does not exist: February 2022 has 28 days" "  quoting the date"
run $GAZETTE eval --input "$TMP/ok.json"
is "$RC" 2 "no measure exits 2"
like "$ERR" "which measure" "asking which"
run $GAZETTE eval $M
is "$RC" 2 "no --input exits 2"
like "$ERR" "^gazette eval: --input FILE.json \(or - for standard input\) is required" "  saying so"
run $GAZETTE eval $M --input "$TMP/ok.json" --bogus
is "$RC" 2 "an unknown option exits 2"
like "$ERR" "unknown option '--bogus'" "naming it"

# a rule that raises: exit 1 naming measure, rule and clause
mkdir -p "$TMP/m"
cat > "$TMP/m/boom.lua" <<'L'
local M = measure { id = "t.boom", title = "t", document = { number = "1号" }, valid = { from = "2020-01-01" },
  inputs = { n = { type = "integer" } } }
M:rule("divide", { clause = "第三条", text = "x", check = function(r) return r.n // 0 > 1 end })
return M
L
echo '{"n": 1}' > "$TMP/n.json"
run $GAZETTE eval "$TMP/m/boom.lua" --input "$TMP/n.json" --as-of 2022-01-01
is "$RC" 1 "a rule error exits 1"
like "$ERR" "^gazette eval: t.boom: rule 'divide' \(第三条\): .*boom.lua:3: attempt to divide by zero" "naming measure, rule, clause and line"
cat > "$TMP/m/loop.lua" <<'L'
local M = measure { id = "t.loop", title = "t", document = { number = "1号" }, inputs = { n = { type = "integer" } } }
M:rule("forever", { clause = "1", check = function(r) while true do end end })
return M
L
run $GAZETTE --max-instructions 100000 eval "$TMP/m/loop.lua" --input "$TMP/n.json" --as-of 2022-01-01
is "$RC" 1 "an endless rule stops at the instruction budget (exit 1)"
like "$ERR" "instruction budget exceeded" "saying so"
cat > "$TMP/m/global.lua" <<'L'
local M = measure { id = "t.global", title = "t", document = { number = "1号" } }
leaked = 1
return M
L
run $GAZETTE eval "$TMP/m/global.lua" --input "$TMP/n.json" --as-of 2022-01-01
is "$RC" 1 "a script that sets a global does not load (exit 1)"
like "$ERR" "global.lua:2: a measure script may not set the global 'leaked'" "naming the line and the global"
done_testing
