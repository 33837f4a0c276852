#!/usr/bin/env bash
# bench/cal.sh: ns per cal.add_workdays for n = 5 and n = 250, against plain date + 5 days
# measured in the same run (both are one call from Lua into C making one date).
set -euo pipefail
cd "$(dirname "$0")/.."
GAZETTE=${GAZETTE:-./gazette}
"$GAZETTE" --max-instructions 0 -e '
local N = 1000000
-- 2025-09-26: n = 5 crosses the National Day break; n = 250 crosses into 2026.
local d = date("2025-09-26")
local add = cal.add_workdays
local function ns(f)
  local best = math.huge
  for _ = 1, 3 do
    local t0 = os.clock()
    f()
    best = math.min(best, (os.clock() - t0) * 1e9 / N)
  end
  return best
end
assert(tostring(add(d, 5)) == "2025-10-10" and tostring(add(d, 250)) == "2026-09-30")
local base = ns(function() for _ = 1, N do local _ = d + 5 end end)
local w5 = ns(function() for _ = 1, N do local _ = add(d, 5) end end)
local w250 = ns(function() for _ = 1, N do local _ = add(d, 250) end end)
print(("cal.date_plus_5: %.0f ns"):format(base))
print(("cal.add_workdays_5: %.0f ns"):format(w5))
print(("cal.add_workdays_250: %.0f ns"):format(w250))
print(("cal.add_workdays_5_vs_date_plus_5: %.2f x"):format(w5 / base))
print(("cal.add_workdays_250_vs_date_plus_5: %.2f x"):format(w250 / base))
'
