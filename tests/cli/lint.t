#!/usr/bin/env bash
# gazette lint: static checks of measures; exit 1 when there are findings.
. "$(dirname "$0")/../tap.sh"

run $GAZETTE lint tests/measures
is "$RC" 0 "the demo measures are clean"
is "$OUT" "0 findings in 3 measures" "saying so"

mkdir -p "$TMP/m"
cat > "$TMP/m/sloppy.lua" <<'L'
local M = measure { id = "t.sloppy", title = "t", document = { number = "1号" },
  inputs = { n = { type = "integer", specific = true }, unused = { type = "text", specific = true } },
  outputs = { pay = { type = "money" }, never = { type = "integer" } }, amount = "pay" }
M:param("rate", { { from = "2021-01-01", value = pct(10) } })
M:param("spare", { { from = "2021-01-01", value = 1, clause = "第二条" } })
M:interpretation("reading", { text = "x", default = "a", choices = { a = "A" } })
M:rule("enough", { clause = "第一条", check = function(r) return r.n > 1 and r.nn == nil end })
M:compute(function(r, ctx, out) out.pay = yuan(100) * ctx.p.rate end)
return M
L
run $GAZETTE lint "$TMP/m/sloppy.lua"
is "$RC" 1 "findings exit 1"
like "$OUT" "sloppy.lua:7: reads r.nn, which is not a declared input of t.sloppy" "a read of an undeclared input, with its line"
like "$OUT" "sloppy.lua:1: input 'unused' is declared but never read" "an input never read"
like "$OUT" "sloppy.lua:8: output 'never' is never set" "an output never set"
like "$OUT" "sloppy.lua:4: parameter 'rate' value 1 \(from 2021-01-01\) cites no clause" "a parameter without a clause"
like "$OUT" "sloppy.lua:5: parameter 'spare' is never used" "a parameter never used"
like "$OUT" "sloppy.lua:6: interpretation 'reading' is never consulted" "an interpretation never consulted"
like "$OUT" "sloppy.lua:7: rule 'enough' has no text" "a rule without text"
like "$OUT" "sloppy.lua:1: measure t.sloppy has no test cases" "a measure without cases"
like "$OUT" "sloppy.lua:1: measure t.sloppy has no valid.from" "a measure without a start"
like "$(printf '%s\n' "$OUT" | tail -1)" "^9 findings in 1 measure$" "the count last"

cat > "$TMP/m/tiers.lua" <<'L'
local M = measure { id = "t.tiers", title = "t", document = { number = "1号" } }
local t = tiers { { from = 0, to = 10, value = 1, clause = "（一）" }, { from = 12, to = 20, value = 2, clause = "（二）" } }
return M
L
run $GAZETTE lint "$TMP/m/tiers.lua"
is "$RC" 1 "gapped tiers: exit 1"
like "$OUT" "tiers.lua:2: tiers: gap between tier 1 \[0, 10\) and tier 2 \[12, 20\)" "naming the two tiers and the line"
cat > "$TMP/m/uncited.lua" <<'L'
local M = measure { id = "t.uncited", title = "t", document = { number = "1号" } }
M:rule("x", { text = "something", check = function() return true end })
return M
L
run $GAZETTE lint "$TMP/m/uncited.lua"
like "$OUT" "uncited.lua:2: M:rule 'x': 'clause' is required" "an uncited rule"
cp "$TMP/m/uncited.lua" "$TMP/m/dup1.lua"
sed -i 's/M:rule.*/M:rule("x", { clause = "1", text = "t", check = function() return true end })/' "$TMP/m/dup1.lua"
cp "$TMP/m/dup1.lua" "$TMP/m/dup2.lua"
run $GAZETTE lint "$TMP/m/dup1.lua" "$TMP/m/dup2.lua"
like "$OUT" "dup2.lua:1: id 't.uncited' is also declared by .*dup1.lua" "a duplicate id"
# document.source and lines: the cited lines must exist in the gazette text and fall in the document
cat > "$TMP/m/lines.lua" <<'L'
local M = measure { id = "t.lines", title = "t", valid = { from = "2021-01-01" },
  document = { number = "朝政发〔2020〕9号", source = "gazettes/chaoyang-2020-04.txt:344-438" },
  inputs = { n = { type = "integer", specific = true } } }
M:param("floor", { { from = "2021-01-01", value = 3, clause = "五（二）", lines = 402 } })
M:rule("inside", { clause = "五（二）", lines = 402, text = "t", check = function(r, ctx) return r.n >= ctx.p.floor end })
M:rule("outside", { clause = "五（二）", lines = "500-501", text = "t", check = function(r) return r.n > 0 end })
M:case { name = "c", as_of = "2022-01-01", input = { n = 3 }, expect = { status = "eligible" } }
return M
L
run $GAZETTE lint "$TMP/m/lines.lua"
is "$RC" 1 "a rule citing lines outside its document: exit 1"
like "$OUT" "lines.lua:6: rule 'outside' cites lines 500-501, outside the document's lines 344-438 of gazettes/chaoyang-2020-04.txt" "naming the rule, its lines and the document's"
like "$(printf '%s\n' "$OUT" | tail -1)" "^1 finding in 1 measure$" "the rule and parameter inside the document are not findings"
# with document.source, every rule and parameter value names its lines (a value from another
# document may, anywhere in the file)
cat > "$TMP/m/unlined.lua" <<'L'
local M = measure { id = "t.unlined", title = "t", valid = { from = "2021-01-01" },
  document = { number = "朝政发〔2020〕9号", source = "gazettes/chaoyang-2020-04.txt:344-438" },
  inputs = { n = { type = "integer", specific = true } } }
M:param("floor", { { from = "2021-01-01", value = 3, clause = "五（二）" } })
M:param("wage", { { from = "2021-01-01", value = 2, clause = "x", document = "another notice" } })
M:param("masthead", { { from = "2021-01-01", value = 1, clause = "y", document = "the issue", lines = 99999 } })
M:rule("bare", { clause = "五（二）", text = "t", check = function(r, ctx) return r.n >= ctx.p.floor + ctx.p.wage + ctx.p.masthead end })
M:case { name = "c", as_of = "2022-01-01", input = { n = 6 }, expect = { status = "eligible" } }
return M
L
run $GAZETTE lint "$TMP/m/unlined.lua"
is "$OUT" "$TMP/m/unlined.lua:7: rule 'bare' gives no lines of gazettes/chaoyang-2020-04.txt (the text it encodes)
$TMP/m/unlined.lua:4: parameter 'floor' value 1 gives no lines of gazettes/chaoyang-2020-04.txt (the text it encodes)
$TMP/m/unlined.lua:6: parameter 'masthead' value 1 cites lines 99999, past the end of gazettes/chaoyang-2020-04.txt (558 lines)
3 findings in 1 measure" "a rule and a value without lines are findings; a value of another document needs none, and its lines must exist"
sed -i 's/chaoyang-2020-04.txt:344-438/chaoyang-2020-04.txt:344-99999/' "$TMP/m/lines.lua"
run $GAZETTE lint "$TMP/m/lines.lua"
like "$OUT" "document.source: line 99999 is past the end of gazettes/chaoyang-2020-04.txt" "a range past the end of the text"
sed -i 's/chaoyang-2020-04.txt:344-99999/nowhere.txt:1-2/' "$TMP/m/lines.lua"
run $GAZETTE lint "$TMP/m/lines.lua"
like "$OUT" "document.source names gazettes/nowhere.txt, which is not under policies/" "a gazette text that does not exist"
sed -i 's|gazettes/nowhere.txt:1-2|chaoyang.txt line 3|' "$TMP/m/lines.lua"
run $GAZETTE lint "$TMP/m/lines.lua"
like "$OUT" "document.source: expected \"gazettes/FILE.txt:FIRST-LAST\"" "a malformed source is a load error"

run $GAZETTE lint "$TMP/nowhere"
is "$RC" 2 "a PATH that does not exist exits 2"
like "$ERR" "^gazette lint: no such file or folder: $TMP/nowhere" "  naming it"
# --path DIR: the measures in DIR are linted with policies/
mkdir -p "$TMP/analyst"
cp "$TMP/m/sloppy.lua" "$TMP/analyst/"
run $GAZETTE lint --path "$TMP/analyst"
is "$RC" 1 "lint --path DIR: the folder's findings fail the run"
like "$OUT" "sloppy.lua:7: reads r.nn, which is not a declared input of t.sloppy" "the measures in DIR are linted"
n=$(ls -R policies | grep -c '\.lua$')
w=$(ls -R policies | grep -c '\.workflow\.lua$')
like "$(printf '%s\n' "$OUT" | tail -1)" " in $((n - w + 1)) measures and $w workflows$" "as well as every measure and workflow of policies/"

# Workflows: gazette lint loads each *.workflow.lua and checks its source and cited lines
# (workflow.check_sources): the ones of policies/ are clean.
run $GAZETTE lint
is "$RC" 0 "gazette lint over policies/: exit 0"
is "$OUT" "0 findings in $((n - w)) measures and $w workflows" "  no finding in $((n - w)) measures and $w workflows"
mkdir -p "$TMP/wf"
wf() { # FILE ID SOURCE EVENT_LINES: a small workflow (its text: 朝政发〔2020〕9号, gazettes/chaoyang-2020-04.txt)
  cat > "$TMP/wf/$1" <<L
return workflow { id = "$2", title = "t", document = "朝政发〔2020〕9号", source = "$3",
  states = { "a", { "b", "第二", lines = 440 } }, initial = "a",
  events = { go = { from = "a", to = "b", clause = "第一条", lines = $4 } } }
L
}
wf ok.workflow.lua t.ok "gazettes/chaoyang-2020-04.txt:436-558" 437
run $GAZETTE lint "$TMP/wf/ok.workflow.lua"
is "$RC" 0 "a workflow whose lines lie in its source: exit 0"
is "$OUT" "0 findings in 0 measures and 1 workflow" "  counted as a workflow"
wf outside.workflow.lua t.outside "gazettes/chaoyang-2020-04.txt:436-558" '"600-601"'
run $GAZETTE lint "$TMP/wf/outside.workflow.lua"
is "$RC" 1 "an event citing lines outside the source: exit 1"
is "$OUT" "$TMP/wf/outside.workflow.lua: workflow t.outside: event go cites lines 600-601, outside the source
1 finding in 0 measures and 1 workflow" "  naming the file, workflow, event and lines"
wf past.workflow.lua t.past "gazettes/chaoyang-2020-04.txt:436-99999" 437
run $GAZETTE lint "$TMP/wf/past.workflow.lua"
like "$OUT" "past.workflow.lua: workflow t.past: source gazettes/chaoyang-2020-04.txt: lines 436-99999 are not inside its [0-9]+ lines" \
  "a source past the end of the gazette text"
wf loose.workflow.lua t.loose "chaoyang gazette, lines 1-2" 437
run $GAZETTE lint "$TMP/wf/loose.workflow.lua"
like "$OUT" "loose.workflow.lua: workflow t.loose: source chaoyang gazette, lines 1-2 is not of the form gazettes/FILE.txt:A-B" \
  "a source that is not lines of a gazette text"
cp "$TMP/wf/ok.workflow.lua" "$TMP/wf/again.workflow.lua"
run $GAZETTE lint "$TMP/wf/ok.workflow.lua" "$TMP/wf/again.workflow.lua"
like "$OUT" "ok.workflow.lua: workflow id 't.ok' is also declared by .*again.workflow.lua" "an id declared by two workflows"
printf 'return workflow { id = "t.broken", states = {\n' > "$TMP/wf/broken.workflow.lua"
run $GAZETTE lint "$TMP/wf/broken.workflow.lua"
is "$RC" 1 "a workflow that does not load: exit 1"
like "$OUT" "broken.workflow.lua:2: unexpected symbol near <eof>" "  a finding with its line"
printf 'return workflow { id = "t.x" }\n' > "$TMP/wf/untitled.workflow.lua"
run $GAZETTE lint "$TMP/wf/untitled.workflow.lua"
like "$OUT" "^$TMP/wf/untitled.workflow.lua: workflow t.x: title is required \(a string\)$" "a definition the engine refuses, named by its file"
printf 'return 5\n' > "$TMP/wf/five.workflow.lua"
run $GAZETTE lint "$TMP/wf/five.workflow.lua"
like "$OUT" "^$TMP/wf/five.workflow.lua: must return workflow \{ ... \}$" "a file that returns no workflow"
done_testing
