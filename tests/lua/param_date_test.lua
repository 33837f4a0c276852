-- A parameter read at a date other than as_of (ctx:param(name, date), docs/measures.md
-- "Parameters at another date"): the value in force on that date and its entry, the error when
-- no value covers the date (naming parameter, measure, date and the periods covered), overrides
-- (--set) on every date, and the same in the lean evaluation.
local t = require "tap"

local M = measure {
  id = "test.dated", title = "测试", document = { number = "测〔2025〕2号", issuer = "测试局" },
  valid = { from = "2021-01-01" },
  inputs = { start = { type = "date" }, months = { type = "integer" }, on = { type = "date", optional = true } },
  outputs = { pay = { type = "money" } },
  amount = "pay",
}
M:param("wage", {
  { from = "2019-07-01", value = yuan(2200), clause = "甲", document = "某通知（2019）" },
  { from = "2021-09-01", value = yuan(2320), clause = "乙" },
  { from = "2023-09-01", to = "2024-12-31", value = yuan(2420), clause = "丙" },
})
-- one wage per month from `start`, each read on the month's first day
M:compute(function(r, ctx, out)
  local total = yuan(0)
  for k = 0, r.months - 1 do
    local d = r.start:add_months(k)
    local w, e = ctx:param("wage", d)
    ctx:note("%s: %s (%s)", d, w, e.override and ("--set " .. e.override) or e.clause)
    total = total + w
  end
  if r.on then total = total + ctx:param("wage", r.on) * 0 end
  out.pay = total
end)

local function ev(rec, opts)
  opts = opts or {}
  opts.as_of = opts.as_of or "2025-06-01"
  return M:eval(rec, opts)
end

-- the value in force on each date, not on as_of
local res = ev { start = "2021-07-15", months = 3 }
-- 07-15, 08-15: 2,200; 09-15: 2,320 → 6,720
t.is(res.amount:plain(), "6720.00", "2 × 2,200 + 2,320 = 6720.00: each month's own value")
t.is(tostring(res.notes[3]), "2021-09-15: 2,320.00元 (乙)", "the entry of the value read: its clause")
res = ev { start = "2021-08-31", months = 2 }
-- 08-31: 2,200; 09-30 (month end rounds down): 2,320
t.is(res.amount:plain(), "4520.00", "the last day of a value and the next month's first: 2,200 + 2,320")
res = ev { start = "2021-09-01", months = 1 }
t.is(res.amount:plain(), "2320.00", "the first day of the new value")
res = ev { start = "2024-12-01", months = 1 }
t.is(res.amount:plain(), "2420.00", "a value's explicit 'to' day still covered")

-- no value covers the date: an error for the record, naming parameter, measure, date and periods
local want = "parameter 'wage' of test.dated has no value on 2025-01-01 (its values cover 2019-07-01..2021-08-31, " ..
  "2021-09-01..2023-08-31, 2023-09-01..2024-12-31)"
t.raises(function() ev { start = "2024-12-01", months = 2 } end, want,
  "a date after the last value's 'to': an error naming parameter, measure, date and what the values cover")
t.raises(function() ev { start = "2024-12-01", months = 2 } end, "test.dated: compute:",
  "... raised as the measure's compute error (no status, no amount)")
t.raises(function() ev { start = "2021-01-01", months = 1, on = "2019-06-30" } end,
  "parameter 'wage' of test.dated has no value on 2019-06-30", "a date before the first value")
local lean = M:prepare { as_of = "2025-06-01", lean = true }
t.raises(function() lean { start = "2024-12-01", months = 2 } end, want, "the lean evaluation raises the same error")
local ok, err = pcall(ev, { start = "2024-12-01", months = 2 })
t.ok(not ok and tostring(err):find("param_date_test.lua:%d+: parameter 'wage'") ~= nil,
  "the error names the script line that read the parameter", err)

-- --set replaces the parameter on every date, also one that no value covers
res = ev({ start = "2021-07-15", months = 3 }, { set = { wage = "2000" } })
t.is(res.amount:plain(), "6000.00", "--set wage=2000: 3 × 2,000 on every month's date")
t.is(tostring(res.notes[1]), "2021-07-15: 2,000.00元 (--set 2000)", "the entry of an overridden value names the override")
res = ev({ start = "2024-12-01", months = 2 }, { set = { wage = "2000" } })
t.is(res.amount:plain(), "4000.00", "--set covers a date that no declared value covers: 2 × 2,000")
t.is(res.overrides.wage, "2000", "the override is reported")
res = lean({ start = "2021-07-15", months = 3 })
t.is(res.amount:plain(), "6720.00", "lean: the same dated values")
res = M:prepare { as_of = "2025-06-01", lean = true, set = { wage = "2000" } } { start = "2021-07-15", months = 3 }
t.is(res.amount:plain(), "6000.00", "lean with --set: the same override on every date")

-- ctx:param without a date: as_of; bad dates and names
do
  local N = measure {
    id = "test.dated2", title = "测试", document = { number = "测〔2025〕3号" }, valid = { from = "2021-01-01" },
    inputs = { mode = { type = "text" } }, outputs = { pay = { type = "money" } }, amount = "pay",
  }
  N:param("wage", { { from = "2019-07-01", value = yuan(2200), clause = "甲" }, { from = "2021-09-01", value = yuan(2320), clause = "乙" } })
  N:compute(function(r, ctx, out)
    if r.mode == "asof" then out.pay = ctx:param("wage")
    elseif r.mode == "nil" then out.pay = ctx:param("wage", nil)
    elseif r.mode == "bad" then out.pay = ctx:param("wage", "2021-02-30")
    elseif r.mode == "number" then out.pay = ctx:param("wage", 20210101)
    elseif r.mode == "unknown" then out.pay = ctx:param("salary", "2021-01-01")
    else out.pay = ctx:param("wage", r.mode) end
  end)
  local function nev(mode) return N:eval({ mode = mode }, { as_of = "2021-06-01" }) end
  t.is(nev("asof").amount:plain(), "2200.00", "ctx:param(name): the value on as_of")
  t.is(nev("2022年1月1日").amount:plain(), "2320.00", "ctx:param(name, Chinese date text)")
  t.raises(function() nev("nil") end, "ctx:param('wage', date): the date is nil",
    "a nil date is an error, not the value on as_of")
  t.raises(function() nev("bad") end, "ctx:param('wage', date):", "a bad date names the parameter")
  t.raises(function() nev("number") end, "ctx:param('wage', date): expected a date", "a number is not a date")
  t.raises(function() nev("unknown") end, "unknown parameter 'salary'; test.dated2 declares: wage",
    "an unknown parameter with a date names the declared ones")
end

t.done()
