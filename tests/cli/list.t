#!/usr/bin/env bash
# gazette list: every measure with its document number, issuer and validity period.
. "$(dirname "$0")/../tap.sh"

run $GAZETTE --path tests/measures list --json
is "$RC" 0 "list --json exits 0"
like "$OUT" '\{"id":"demo.child-months","title":"普惠性民办幼儿园生均补助（测试用）","number":"京技管发〔2024〕30号","issuer":"北京经济技术开发区管理委员会","valid":\{"from":"2025-01-01","to":null\}' \
  "one object per measure, sorted by id: id, title, number, issuer, valid"
like "$OUT" '"id":"demo.startup-jobs",.*"number":"朝政发〔2020〕9号".*"valid":\{"from":"2021-01-01","to":"2025-12-31"\},"entity":"enterprise","path":"tests/measures/demo/startup_jobs.lua"' \
  "with entity and path"

run $GAZETTE --path tests/measures list
is "$RC" 0 "list exits 0"
like "$(printf '%s\n' "$OUT" | head -1)" "^id +title +number +issuer +valid$" "a header line"
like "$OUT" "demo.startup-jobs +初创企业吸纳本区户籍劳动力就业补贴（测试用） +朝政发〔2020〕9号 +北京市朝阳区人民政府 +2021-01-01..2025-12-31" "a row per measure"
# the 3 demo measures and every measure installed under policies/
n=$(( 3 + $(find policies -name '*.lua' ! -name '*.workflow.lua' | wc -l) ))
is "$(printf '%s\n' "$OUT" | tail -1)" "$n measures" "and the count"

mkdir -p "$TMP/m"
cat > "$TMP/m/bad.lua" <<'L'
local M = measure { id = "Not An Id", title = "t", document = { number = "1号" } }
return M
L
run $GAZETTE --path "$TMP/m" list
is "$RC" 1 "a measure that does not load: exit 1"
like "$ERR" "cannot load .*bad.lua: .*bad.lua:1: measure: id: 'Not An Id' is malformed" "naming the file, line and field"
run $GAZETTE list --bogus
is "$RC" 2 "an unknown option exits 2"
like "$ERR" "^gazette list: unknown option '--bogus'" "  naming it"
done_testing
