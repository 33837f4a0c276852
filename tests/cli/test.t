#!/usr/bin/env bash
# gazette test: the cases of measures and Lua test files; the last line `N passed, N failed`.
. "$(dirname "$0")/../tap.sh"

run $GAZETTE test tests/measures
is "$RC" 0 "the demo measures' cases pass (exit 0)"
like "$OUT" "^ok 1 - demo.startup-jobs: 7 hires" "one TAP-like line per case"
is "$(printf '%s\n' "$OUT" | tail -1)" "18 passed, 0 failed" "the last line counts them"

run $GAZETTE test
is "$RC" 0 "no PATH: policies/ and stdlib/"
like "$(printf '%s\n' "$OUT" | tail -1)" "^[0-9]+ passed, 0 failed$" "ending with the count"

mkdir -p "$TMP/m"
cat > "$TMP/m/wrong.lua" <<'L'
local M = measure { id = "t.wrong", title = "t", document = { number = "1号" }, valid = { from = "2020-01-01" },
  inputs = { n = { type = "integer" } }, outputs = { pay = { type = "money" } }, amount = "pay" }
M:rule("enough", { clause = "第二条", text = "3人以上", check = function(r) return threshold(r.n, "以上", 3) end })
M:compute(function(r, ctx, out) out.pay = yuan(100) * r.n end)
M:case { name = "right", as_of = "2022-01-01", input = { n = 3 }, expect = { status = "eligible", amount = "300.00" } }
M:case { name = "wrong amount", as_of = "2022-01-01", input = { n = 3 }, expect = { status = "eligible", amount = "301.00" } }
M:case { name = "wrong status", as_of = "2022-01-01", input = { n = 2 }, expect = { status = "eligible" } }
return M
L
cat > "$TMP/m/passing_test.lua" <<'L'
print("ok 1 - fine")
L
cat > "$TMP/m/failing_test.lua" <<'L'
print("not ok 1 - broken")
L
run $GAZETTE test "$TMP/m"
is "$RC" 1 "failed cases exit 1"
is "$(printf '%s\n' "$OUT" | tail -1)" "2 passed, 3 failed" "counting cases (1 + 2) and test files (1 + 1)"
like "$OUT" "not ok 2 - t.wrong: wrong amount \(.*wrong.lua:6\)" "a failed case names its line"
like "$OUT" "#   amount: got 300.00, expected 301.00" "and what differs"
like "$OUT" "#   status: got ineligible, expected eligible" "a wrong status"
unlike "$OUT" "Failed conditions" "without -v no explanation"
like "$OUT" "not ok [0-9] - .*failing_test.lua" "a test file printing 'not ok' fails"
like "$OUT" "#   not ok 1 - broken" "and its output is shown"
run $GAZETTE test -v "$TMP/m/wrong.lua"
like "$OUT" "#   Failed conditions \(不符合\):" "-v shows the explanation of a failure"
like "$OUT" "#     ✗ enough \(第二条\): 3人以上  \[2 is not ≥ 3 \(以上\)\]" "with the rule, clause and comparison"
is "$(printf '%s\n' "$OUT" | tail -1)" "1 passed, 2 failed" "one file"

cat > "$TMP/m/broken.lua" <<'L'
local M = measure { id = "t.broken", title = "t", document = { number = "1号" } }
M:rule("uncited", { text = "x", check = function() return true end })
return M
L
run $GAZETTE test "$TMP/m/broken.lua"
is "$RC" 1 "a measure that does not load fails"
like "$OUT" "not ok 1 - load .*broken.lua" "named as a failed load"
like "$OUT" "broken.lua:2: M:rule 'uncited': 'clause' is required" "with the reason"

# --path DIR: the measures in DIR are tested with policies/ and stdlib/ (an analyst's folder)
mkdir -p "$TMP/analyst"
cp "$TMP/m/wrong.lua" "$TMP/analyst/"
run $GAZETTE test --path "$TMP/analyst"
is "$RC" 1 "test --path DIR: the folder's failing case fails the run"
like "$OUT" "not ok [0-9]+ - t.wrong: wrong amount" "the measures in DIR are tested"
like "$OUT" "ok [0-9]+ - chaoyang.startup-jobs-subsidy: " "as well as policies/"
total=$(printf '%s\n' "$OUT" | tail -1)
run $GAZETTE test
base=$(printf '%s\n' "$OUT" | tail -1 | sed 's/ passed.*//')
is "$total" "$((base + 1)) passed, 2 failed" "the count adds DIR's 3 cases (1 passes, 2 fail) to the default set"
run $GAZETTE test --path "$TMP/analyst" --path "$TMP/analyst"
is "$(printf '%s\n' "$OUT" | tail -1)" "$total" "a folder given twice is tested once"

run $GAZETTE test "$TMP/nowhere"
is "$RC" 2 "a PATH that does not exist exits 2"
like "$ERR" "no such file or folder" "saying so"
run $GAZETTE test --bogus
is "$RC" 2 "an unknown option exits 2"
like "$ERR" "^gazette test: unknown option '--bogus'" "  naming it"
done_testing
