#!/usr/bin/env bash
# bench/money.sh: ns per money operation (add; multiply by a ratio and cap, the shape of
# most subsidy amounts), against the same work on plain Lua integers measured in the same
# run. The ratio says what exactness costs per operation.
set -euo pipefail
cd "$(dirname "$0")/.."
GAZETTE=${GAZETTE:-./gazette}
"$GAZETTE" --max-instructions 0 -e '
local N = 1000000
local function ns(f)
  local best = math.huge
  for _ = 1, 3 do
    local t0 = os.clock()
    f()
    best = math.min(best, (os.clock() - t0) * 1e9 / N)
  end
  return best
end
local a, b, r, ceiling = yuan("20425.00"), yuan("123.45"), ratio("2.35"), wan(4)
local ia, ib, ic = 2042500, 12345, 4000000
-- the same arithmetic: 2042500 * 235 / 100 with half-up rounding, then min with the cap
assert((a * r):fen() == (ia * 235 + 50) // 100)
assert(cap(a * r, ceiling) == ceiling)
local base_add = ns(function() local s = 0 for _ = 1, N do s = ia + ib end end)
local add = ns(function() local s for _ = 1, N do s = a + b end end)
local base_mc = ns(function() local s for _ = 1, N do s = math.min((ia * 235 + 50) // 100, ic) end end)
local mc = ns(function() local s for _ = 1, N do s = cap(a * r, ceiling) end end)
local fmt = ns(function() local s for _ = 1, N do s = tostring(a) end end)
local parse = ns(function() local s for _ = 1, N do s = money("3,600,000.00元") end end)
print(("money.int_add_baseline: %.1f ns"):format(base_add))
print(("money.add: %.1f ns"):format(add))
print(("money.add_vs_int: %.1f x"):format(add / base_add))
print(("money.int_mul_cap_baseline: %.1f ns"):format(base_mc))
print(("money.mul_ratio_cap: %.1f ns"):format(mc))
print(("money.mul_ratio_cap_vs_int: %.1f x"):format(mc / base_mc))
print(("money.tostring: %.1f ns"):format(fmt))
print(("money.parse: %.1f ns"):format(parse))
'
