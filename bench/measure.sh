#!/usr/bin/env bash
# bench/measure.sh: evaluations per second of a prepared measure (the demo M1-like measure,
# in-memory raw records as JSON gives them: strings for money and dates), with and without
# explanations and in the lean evaluation of batch runs (prepare{lean = true}), against a plain Lua function computing the same thing from the same raw
# records, measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
GAZETTE=${GAZETTE:-./gazette}
"$GAZETTE" --max-instructions 0 --path tests/measures -e '
local N = 20000
local M = measure.load("demo.startup-jobs")
local recs = {}
for i = 1, 100 do
  recs[i] = { reg_district = "朝阳区", tax_district = i % 10 == 0 and "海淀区" or "朝阳区",
    established_on = "2019-03-15", operating_normally = true, employees = 10 + i,
    revenue = tostring(100 + i) .. "万", chaoyang_hukou_hires = i % 30 }
end
-- The same rules written as one plain function over the raw record.
local base, per, cap = yuan(30000), yuan(10000), yuan(200000)
local function plain(r, as_of)
  local est = date(r.established_on)
  local ok = r.reg_district == "朝阳区" and r.tax_district == "朝阳区" and r.operating_normally
    and as_of >= est:add_years(1) and as_of <= est:add_years(5)
    and r.employees < 300 and money(r.revenue) < yi(1) and r.chaoyang_hukou_hires >= 3
  if not ok then return yuan(0) end
  return min(base + per * (r.chaoyang_hukou_hires - 3), cap)
end
local as_of = date("2022-06-01")
local function rate(f)
  local best = 0
  for _ = 1, 3 do
    local t0 = os.clock()
    for i = 1, N do f(recs[(i % 100) + 1]) end
    best = math.max(best, N / (os.clock() - t0))
  end
  return best
end
local fast = M:prepare { as_of = "2022-06-01" }
local explained = M:prepare { as_of = "2022-06-01", explain = true }
local lean = M:prepare { as_of = "2022-06-01", lean = true }
for i = 1, 100 do
  assert(fast(recs[i]).amount == plain(recs[i], as_of), "the measure and the plain function disagree on record " .. i)
  assert(lean(recs[i]).amount == plain(recs[i], as_of), "the lean measure and the plain function disagree on record " .. i)
end
local p = rate(function(r) return plain(r, as_of) end)
local a = rate(fast)
local b = rate(explained)
local c = rate(lean)
print(("measure.plain_function: %.0f evals/s"):format(p))
print(("measure.prepared: %.0f evals/s"):format(a))
print(("measure.prepared_explain: %.0f evals/s"):format(b))
print(("measure.prepared_lean: %.0f evals/s"):format(c))
print(("measure.prepared_vs_plain: %.2f x the time"):format(p / a))
print(("measure.prepared_explain_vs_plain: %.2f x the time"):format(p / b))
print(("measure.prepared_lean_vs_plain: %.2f x the time"):format(p / c))
'
