#!/usr/bin/env bash
# Errors inside a measure name the measure's own file and line (issue 19): a helper reached by a
# tail call (`return threshold(...)`) and a C function (money compared with a number) used to
# point into stdlib/measure.lua or nowhere. An unknown measure says where ids are looked for.
. "$(dirname "$0")/../tap.sh"
mkdir -p "$TMP/m"
cat > "$TMP/m/located.lua" <<'LUA'
local M = measure {
  id = "test.located", title = "错误定位", document = { number = "测试", source = "gazettes/chaoyang-2020-04.txt:344-438" },
  valid = { from = "2020-01-01" }, entity = "enterprise",
  inputs = { n = { type = "integer" }, m = { type = "money" }, k = { type = "integer" } },
  outputs = { amount = { type = "money" } }, amount = "amount",
}
M:rule("tail-call", { clause = "一", text = "t",
  check = function(r, ctx)
    if r.k == 1 then return threshold(r.m, "以上", 5) end
    if r.k == 2 then return r.m > 5 end
    if r.k == 3 then return 5 end
    return true
  end })
M:compute(function(r, ctx, out)
  out.amount = r.k == 4 and 5 or r.m
end)
return M
LUA
for k in 1 2 3 4; do
  printf '{"n": 1, "m": "5", "k": %d}' $k > "$TMP/r$k.json"
done
run $GAZETTE eval --path "$TMP/m" test.located --input "$TMP/r1.json" --as-of 2022-01-01
is "$RC" 1 "an error in a rule exits 1"
like "$ERR" "^gazette eval: test.located: rule 'tail-call' \(一\): .*m/located.lua:7: threshold: cannot compare 5.00元" \
  "return threshold(...) with money against a number names the rule's line in the measure, not stdlib/measure.lua"
unlike "$ERR" "stdlib/" "  and nothing in stdlib/"
run $GAZETTE eval --path "$TMP/m" test.located --input "$TMP/r2.json" --as-of 2022-01-01
like "$ERR" "rule 'tail-call' \(一\): .*m/located.lua:10: integer < money" "a comparison raised in C names its own line"
run $GAZETTE eval --path "$TMP/m" test.located --input "$TMP/r3.json" --as-of 2022-01-01
like "$ERR" "rule 'tail-call' \(一\): .*m/located.lua:7: check returned 5" "a check returning a number names the rule's line"
run $GAZETTE eval --path "$TMP/m" test.located --input "$TMP/r4.json" --as-of 2022-01-01
like "$ERR" "compute: .*m/located.lua:14: output 'amount' is declared money but was set to 5" "a wrong output names the compute's line"
run $GAZETTE eval test.located --input "$TMP/r4.json"
is "$RC" 2 "an unknown measure exits 2"
like "$ERR" "unknown measure 'test.located'.*--path DIR" "  and says that --path adds folders to look in"
done_testing
